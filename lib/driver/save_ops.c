/* save_ops.c: save, restore, managed save and rename (virsh save,
 * restore, managedsave, managedsave-remove, domrename): the image
 * format and the rules every driver shares; the driver writes and reads
 * the stream (driver->guest->save, ->restore) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../driver.h"

/* An image: a header of "key value" lines ending with an empty line,
 * the live config (xml bytes), zeros up to data, then the stream (length
 * bytes).  length is written last, in place, once the stream is whole:
 * an image with length 0 or shorter than data + length is refused. */
#define MAGIC     "VIRTCORE-SAVE 1\n"
#define HDR_MAX   1024
#define ALIGN     4096
#define LEN_W     20      /* digits of the length field, zero padded */

struct img {
	char driver[32];
	int paused;           /* the state a restore brings back */
	unsigned long long xmllen, data, length;
	char *xml;
};

static const char *const nostate = "running";

static const struct vc_guest_ops *
ops(struct vc_conn *c)
{
	static const struct vc_guest_ops none;

	return c->drv->guest ? c->drv->guest : &none;
}

static int
unsupported(struct vc_conn *c, const char *guest, const char *what)
{
	return vc_err("%s: %s is unsupported by the %s driver", guest, what, c->drv->name);
}

/* the pending error as "NAME: WHAT: the driver's words": "NAME: start: "
 * "qemu: load of migration failed" names the guest once */
static void
err_as(const char *name, const char *what)
{
	const char *e = vc_errmsg();
	size_t k = strlen(name);
	char *msg;

	if (strncmp(e, name, k) == 0 && strncmp(e + k, ": ", 2) == 0)
		e += k + 2;
	if (strncmp(e, "start: ", 7) == 0)
		e += 7;
	msg = vc_strdup(e);
	vc_err_kind(vc_errkind_get() == VC_ERR_NONE ? VC_ERR_FAIL : vc_errkind_get(),
	    "%s: %s: %s", name, what, msg);
	free(msg);
}

static void
dir_sync(const char *path)
{
	char *d = vc_strdup(path), *s = strrchr(d, '/');
	int fd;

	if (s)
		*(s == d ? s + 1 : s) = '\0';
	if ((fd = open(s ? d : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(d);
}

static int
write_all(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
img_clear(struct img *m)
{
	free(m->xml);
	memset(m, 0, sizeof(*m));
}

/* read and check an image's header and config; the fd is left open */
static int
img_open(const char *file, struct img *m)
{
	char hdr[HDR_MAX + 1], *line, *save = NULL, *end;
	struct stat st;
	ssize_t n;
	int fd;

	memset(m, 0, sizeof(*m));
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
		return vc_err("%s: open:", file);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		vc_err("%s: not a save image (not a regular file)", file);
		goto fail;
	}
	n = pread(fd, hdr, HDR_MAX, 0);
	if (n < 0) {
		vc_err("%s: read:", file);
		goto fail;
	}
	hdr[n] = '\0';
	if ((size_t)n < strlen(MAGIC) || memcmp(hdr, MAGIC, strlen(MAGIC)) != 0 ||
	    !(end = strstr(hdr, "\n\n"))) {
		vc_err("%s: not a virtcore save image", file);
		goto fail;
	}
	end[1] = '\0';
	m->paused = -1;
	for (line = strtok_r(hdr + strlen(MAGIC), "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *v = strchr(line, ' ');
		int r = 0;
		if (!v)
			continue;
		*v++ = '\0';
		if (strcmp(line, "driver") == 0)
			snprintf(m->driver, sizeof(m->driver), "%s", v);
		else if (strcmp(line, "state") == 0)
			m->paused = strcmp(v, "paused") == 0 ? 1 : strcmp(v, "running") == 0 ? 0 : -1;
		else if (strcmp(line, "xml") == 0)
			r = vc_parse_ull(v, 1, VC_XML_MAX, &m->xmllen);
		else if (strcmp(line, "data") == 0)
			r = vc_parse_ull(v, 1, 1ULL << 40, &m->data);
		else if (strcmp(line, "length") == 0)
			r = vc_parse_ull(v, 0, ~0ULL >> 2, &m->length);
		if (r < 0) {
			vc_err("%s: damaged save image header (%s)", file, line);
			goto fail;
		}
	}
	vc_err_clear();
	if (!m->driver[0] || m->paused < 0 || !m->xmllen || !m->data ||
	    m->data < (unsigned long long)(end + 2 - hdr) + m->xmllen) {
		vc_err("%s: damaged save image header", file);
		goto fail;
	}
	if (!m->length) {
		vc_err("%s: incomplete save image (the save did not finish)", file);
		goto fail;
	}
	if ((unsigned long long)st.st_size < m->data + m->length) {
		vc_err("%s: truncated save image: %llu bytes, its header says %llu", file,
		    (unsigned long long)st.st_size, m->data + m->length);
		goto fail;
	}
	m->xml = vc_malloc(m->xmllen + 1);
	n = pread(fd, m->xml, m->xmllen, (off_t)(end + 2 - hdr));
	if (n < 0 || (unsigned long long)n != m->xmllen) {
		vc_err("%s: truncated save image (its config)", file);
		goto fail;
	}
	m->xml[m->xmllen] = '\0';
	return fd;
fail:
	img_clear(m);
	close(fd);
	return -1;
}

char *
vc_save_managed_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/save/%s.save", c->statedir ? c->statedir : c->confdir, name);
}

int
vc_dom_has_managedsave(struct vc_conn *c, const char *name)
{
	char *p;
	int r;

	if (c->drv->inv)
		return 0;
	p = vc_save_managed_path(c, name);
	r = vc_exists(p);
	free(p);
	return r;
}

/* Save the active guest name (lock held) to file: the image is written
 * to a temporary beside it and renamed into place only when whole; the
 * guest stops only after that.  A failure leaves the guest as it was and
 * no image. */
static int
save_locked(struct vc_conn *c, const char *name, const char *file, int flags)
{
	struct vc_domain *live = NULL;
	struct vc_live l = {0};
	struct vc_buf h = {0};
	char *tmp = NULL, *xml = NULL, len[LEN_W + 2];
	unsigned long long data, lenpos;
	int active, fd = -1, was_running, paused, r = -1;
	struct stat st;

	if ((active = vc_dom_refresh(c, name, &l, 1)) < 0)
		goto out;
	if (!active) {
		vc_err("%s: domain is not running: nothing to save", name);
		goto out;
	}
	if (!ops(c)->save) {
		unsupported(c, name, "save");
		goto out;
	}
	if (!(live = vc_store_load_live(c, name))) {
		if (vc_errkind_get() == VC_ERR_NONE)
			vc_err("%s: the live config is missing", name);
		goto out;
	}
	was_running = l.state != VC_STATE_PAUSED;
	paused = flags & VC_SAVE_PAUSED ? 1 : flags & VC_SAVE_RUNNING ? 0 : !was_running;
	if (flags & VC_SAVE_CHECK) {
		r = 1;
		goto out;
	}
	xml = vc_domain_format(live, 1);
	vc_buf_puts(&h, MAGIC);
	vc_buf_printf(&h, "driver %s\nstate %s\nxml %zu\n", c->drv->name,
	    paused ? "paused" : nostate, strlen(xml));
	/* data: the header's own size is known once data's digits are */
	data = ((h.len + 64 + LEN_W + strlen(xml)) / ALIGN + 1) * ALIGN;
	vc_buf_printf(&h, "data %llu\nlength ", data);
	lenpos = h.len;
	vc_buf_printf(&h, "%0*d\n\n", LEN_W, 0);
	vc_buf_puts(&h, xml);
	while (h.len < data)
		vc_buf_putc(&h, '\0');
	vc_file_clean_stale(file);
	tmp = vc_asprintf("%s.tmp.%ld", file, (long)getpid());
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		vc_err("%s: create %s:", name, tmp);
		goto out;
	}
	if (write_all(fd, h.s, h.len) < 0) {
		vc_err("%s: write %s:", name, tmp);
		goto fail;
	}
	if (ops(c)->save(c, live, &l, fd) < 0) {
		err_as(name, "save");
		goto fail;
	}
	/* the guest is stopped now, its state on disk: from here a failure
	 * gives it back its run */
	vc_killpoint("save-streamed");
	if (fstat(fd, &st) < 0 || (unsigned long long)st.st_size <= data) {
		vc_err("%s: save: the driver wrote no state to %s", name, tmp);
		goto undo;
	}
	snprintf(len, sizeof(len), "%0*llu", LEN_W, (unsigned long long)st.st_size - data);
	if (pwrite(fd, len, LEN_W, (off_t)lenpos) != LEN_W || fsync(fd) < 0) {
		vc_err("%s: write %s:", name, tmp);
		goto undo;
	}
	if (close(fd) < 0) {
		fd = -1;
		vc_err("%s: write %s:", name, tmp);
		goto undo;
	}
	fd = -1;
	if (rename(tmp, file) < 0) {
		vc_err("%s: rename %s to %s:", name, tmp, file);
		goto undo;
	}
	dir_sync(file);
	vc_killpoint("save-renamed");
	/* the image is whole: the guest it holds goes */
	if (!c->drv->destroy || c->drv->destroy(c, live, &l) < 0) {
		vc_err_prefix("%s: saved to %s, but stopping it failed", name, file);
		goto out;
	}
	r = 1;
	goto out;
undo:
	{
		char *msg = vc_strdup(vc_errmsg());
		if (was_running && c->drv->resume)
			c->drv->resume(c, live, &l);
		vc_err("%s", msg);
		free(msg);
	}
fail:
	if (fd >= 0)
		close(fd);
	fd = -1;
	unlink(tmp);
out:
	if (fd >= 0)
		close(fd);
	vc_buf_free(&h);
	free(tmp);
	free(xml);
	vc_domain_free(live);
	vc_live_clear(&l);
	return r;
}

int
vc_dom_save(struct vc_conn *c, const char *key, const char *file, int flags)
{
	char *name;
	int fd, r;

	if (c->drv->inv)
		return unsupported(c, key, "save");
	if (!(name = vc_store_resolve(c, key)))
		return -1;
	if ((fd = vc_lock(c->confdir, name)) < 0) {
		free(name);
		return -1;
	}
	r = save_locked(c, name, file, flags);
	vc_unlock(fd);
	free(name);
	return r;
}

int
vc_dom_managedsave(struct vc_conn *c, const char *key, int flags)
{
	char *name, *p = NULL, *dir = NULL, *conf = NULL;
	int fd, r = -1;

	if (c->drv->inv)
		return unsupported(c, key, "managedsave");
	if (!(name = vc_store_resolve(c, key)))
		return -1;
	if ((fd = vc_lock(c->confdir, name)) < 0) {
		free(name);
		return -1;
	}
	conf = vc_store_conf_path(c, name);
	p = vc_save_managed_path(c, name);
	dir = vc_asprintf("%s/save", c->statedir ? c->statedir : c->confdir);
	if (!vc_exists(conf))
		vc_err("%s: cannot do a managed save of a transient domain (vdom-save saves it to a file)", name);
	else if ((flags & VC_SAVE_CHECK) || vc_mkdir_p(dir, 0700) == 0)
		r = save_locked(c, name, p, flags);
	vc_unlock(fd);
	free(dir);
	free(conf);
	free(p);
	free(name);
	return r;
}

int
vc_dom_managedsave_remove(struct vc_conn *c, const char *key, int check)
{
	char *name, *p;
	int fd, r;

	if (c->drv->inv)
		return unsupported(c, key, "managedsave-remove");
	if (!(name = vc_store_resolve(c, key)))
		return -1;
	if ((fd = vc_lock(c->confdir, name)) < 0) {
		free(name);
		return -1;
	}
	p = vc_save_managed_path(c, name);
	if (!vc_exists(p))
		r = 0;
	else if (check)
		r = 1;
	else if (unlink(p) < 0)
		r = vc_err("%s: remove %s:", name, p);
	else
		r = 1;
	vc_unlock(fd);
	free(p);
	free(name);
	return r;
}

/* start d (lock held, inactive) from image fd */
static int
restore_locked(struct vc_conn *c, const char *file, int fd, const struct img *m,
               struct vc_domain *d, struct vc_live *l, int flags)
{
	struct vc_domain *conf;
	char u[37], *other;
	int paused;

	if (!ops(c)->restore)
		return unsupported(c, d->name, "restore");
	if (strcmp(m->driver, c->drv->name) != 0)
		return vc_err("%s: a save image of the %s driver, not %s", file, m->driver,
		    c->drv->name);
	if ((conf = vc_store_load_conf(c, d->name))) {
		int same = memcmp(conf->uuid, d->uuid, 16) == 0;
		vc_uuid_format(conf->uuid, u);
		vc_domain_free(conf);
		if (!same)
			return vc_err("%s: defined with another uuid (%s) than the guest %s holds",
			    d->name, u, file);
	} else if (vc_errkind_get() != VC_ERR_NONE) {
		return -1;
	}
	if ((other = vc_store_uuid_owner(c, d->uuid, d->name))) {
		vc_uuid_format(d->uuid, u);
		vc_err("%s: uuid %s of %s is already used by domain %s", d->name, u, file, other);
		free(other);
		return -1;
	}
	if (c->drv->check && c->drv->check(c, d) < 0)
		return -1;
	if (flags & VC_SAVE_CHECK)
		return 1;
	paused = flags & VC_SAVE_PAUSED ? 1 : flags & VC_SAVE_RUNNING ? 0 : m->paused;
	if (lseek(fd, (off_t)m->data, SEEK_SET) < 0)
		return vc_err("%s: seek:", file);
	if (ops(c)->restore(c, d, l, fd, m->length, paused) < 0) {
		char *what = vc_asprintf("restore from %s", file);
		err_as(d->name, what);
		free(what);
		return -1;
	}
	return 1;
}

int
vc_dom_restore(struct vc_conn *c, const char *file, int flags, char **name_out)
{
	struct vc_domain *d = NULL;
	struct vc_live l = {0};
	struct img m;
	int fd, lfd = -1, active, r = -1;

	if (c->drv->inv)
		return unsupported(c, file, "restore");
	if ((fd = img_open(file, &m)) < 0)
		return -1;
	if (!(d = vc_domain_parse(m.xml, m.xmllen, file)))
		goto out;
	if (vc_name_check("domain", d->name) < 0) {
		vc_err_prefix("%s", file);
		goto out;
	}
	if ((lfd = vc_lock(c->confdir, d->name)) < 0)
		goto out;
	if ((active = vc_dom_refresh(c, d->name, &l, 1)) < 0)
		goto out;
	if (active) {
		vc_err("%s: domain is already active: %s not restored", d->name, file);
		goto out;
	}
	vc_live_clear(&l);
	r = restore_locked(c, file, fd, &m, d, &l, flags);
	if (r >= 0 && name_out)
		*name_out = vc_strdup(d->name);
out:
	vc_unlock(lfd);
	close(fd);
	img_clear(&m);
	vc_domain_free(d);
	vc_live_clear(&l);
	return r;
}

int
vc_save_managed_start(struct vc_conn *c, const char *name, struct vc_live *l, int check)
{
	struct vc_domain *d = NULL;
	struct img m;
	char *p = vc_save_managed_path(c, name);
	int fd, r = -1;

	if (!vc_exists(p)) {
		free(p);
		return 0;
	}
	if ((fd = img_open(p, &m)) < 0)
		goto fail;
	if (!(d = vc_domain_parse(m.xml, m.xmllen, p)))
		goto fail;
	if (strcmp(d->name, name) != 0) {
		vc_err("%s: the image holds guest %s", p, d->name);
		goto fail;
	}
	if ((r = restore_locked(c, p, fd, &m, d, l, check ? VC_SAVE_CHECK : 0)) < 0)
		goto fail;
	if (!check && unlink(p) < 0) {
		/* it runs; the next start must not go back to the image */
		vc_err("%s: restored, but its managed save image %s stays:", name, p);
		r = -1;
	}
	goto out;
fail:
	vc_err_prefix("%s: start from its managed save image (vdom-managedsave-remove "
	    "discards it)", name);
	r = -1;
out:
	if (fd >= 0)
		close(fd);
	img_clear(&m);
	vc_domain_free(d);
	free(p);
	return r;
}

/* ---- rename ---- */

static int
has_snapshots(struct vc_conn *c, const char *name)
{
	char *d = vc_asprintf("%s/snapshot/%s", c->confdir, name);
	struct dirent *e;
	DIR *dir;
	int n = 0;

	if ((dir = opendir(d))) {
		while ((e = readdir(dir)))
			if (e->d_name[0] != '.' && strstr(e->d_name, ".xml"))
				n++;
		closedir(dir);
	}
	free(d);
	return n;
}

static int
name_taken(struct vc_conn *c, const char *name)
{
	char *cp = vc_store_conf_path(c, name);
	char *sp = vc_asprintf("%s/%s.state", c->rundir, name);
	int r = vc_exists(cp) || vc_exists(sp);

	free(cp);
	free(sp);
	return r;
}

/* what refuses a rename of name (config op) to newname; read only */
static int
rename_look(struct vc_conn *c, const char *name, const char *newname, const char *op)
{
	struct vc_live l = {0};
	int active = vc_dom_refresh(c, name, &l, 0), st = l.state;

	vc_live_clear(&l);
	if (active < 0)
		return -1;
	vc_err_clear();
	if (active)
		return vc_err("%s: domain has to be shut off before renaming (it is %s)", name,
		    vc_state_names[st]);
	if (!vc_exists(op))
		return vc_err("%s: domain is not persistent", name);
	if (name_taken(c, newname))
		return vc_err("%s: cannot rename to %s: a domain of that name exists already",
		    name, newname);
	if (has_snapshots(c, name))
		return vc_err("%s: cannot rename a domain with snapshots", name);
	if (vc_dom_has_managedsave(c, name))
		return vc_err("%s: cannot rename a domain with a managed save image "
		    "(vdom-managedsave-remove discards it)", name);
	return 0;
}

int
vc_dom_rename(struct vc_conn *c, const char *key, const char *newname, int check)
{
	struct vc_domain *d = NULL;
	char *name, *op = NULL, *np = NULL, *xml = NULL;
	int fd, sfd = -1, nfd = -1, autostart, r = -1;

	if (c->drv->inv)
		return unsupported(c, key, "rename");
	if (!(name = vc_store_resolve(c, key)))
		return -1;
	if (vc_name_check("domain", newname) < 0) {
		vc_err_prefix("%s: rename", name);
		free(name);
		return -1;
	}
	if (strcmp(name, newname) == 0) {
		free(name);
		return 0;
	}
	op = vc_store_conf_path(c, name);
	np = vc_store_conf_path(c, newname);
	/* first a look without locks: a refusal, and --check, leave the
	 * filesystem as it was (no lock file for the new name made) */
	if ((r = rename_look(c, name, newname, op)) < 0 || check) {
		r = r < 0 ? -1 : 1;
		free(op);
		free(np);
		free(name);
		return r;
	}
	r = -1;
	if ((fd = vc_lock(c->confdir, name)) < 0) {
		free(op);
		free(np);
		free(name);
		return -1;
	}
	/* then again under the locks: the guest's, the store's as define
	 * takes it, then the new name's without waiting (a define of it
	 * holds that one first) */
	if ((sfd = vc_lock_dir(c->confdir, name)) < 0 || (nfd = vc_lock_try(c->confdir, newname)) < 0 ||
	    rename_look(c, name, newname, op) < 0)
		goto out;
	if (!(d = vc_store_load_conf(c, name)))
		goto out;
	free(d->name);
	d->name = vc_strdup(newname);
	xml = vc_domain_format(d, 0);
	autostart = vc_store_autostart_get(c, name);
	/* the new config under the old file name (a crash here: the old
	 * name, as a config is read under its file's name), the rename of the
	 * file is the commit, then what hangs on the name follows */
	if (vc_file_write_atomic(op, xml, strlen(xml), 0600) < 0)
		goto out;
	vc_killpoint("domrename-rewritten");
	if (autostart && vc_store_autostart_set(c, newname, 1) < 0)
		goto undo;
	if (rename(op, np) < 0) {
		vc_err("%s: rename %s to %s:", name, op, np);
		goto undo;
	}
	dir_sync(np);
	vc_killpoint("domrename-committed");
	if (autostart)
		vc_store_autostart_set(c, name, 0);
	vc_err_clear();
	r = 1;
	goto out;
undo:
	{
		char *msg = vc_strdup(vc_errmsg()), *oldxml;
		free(d->name);
		d->name = vc_strdup(name);
		oldxml = vc_domain_format(d, 0);
		vc_file_write_atomic(op, oldxml, strlen(oldxml), 0600);
		vc_store_autostart_set(c, newname, 0);
		vc_err("%s", msg);
		free(oldxml);
		free(msg);
	}
out:
	vc_unlock(nfd);
	vc_unlock(sfd);
	vc_unlock(fd);
	vc_domain_free(d);
	free(xml);
	free(op);
	free(np);
	free(name);
	return r;
}
