/* store.c: the files that are a driver's state: persistent configs,
 * live configs and live records, autostart marks */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "../driver.h"

const char *const vc_state_names[] = {
	"no state", "running", "idle", "paused", "in shutdown", "shut off",
	"crashed", "pmsuspended", NULL,
};

char *
vc_store_conf_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/%s.xml", c->confdir, name);
}

char *
vc_store_live_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/%s.xml", c->rundir, name);
}

static struct vc_domain *
load(const char *path, int missing_ok)
{
	struct vc_domain *d;
	size_t len;
	char *s;

	if (!(s = vc_file_read(path, &len))) {
		if (missing_ok && errno == ENOENT)
			vc_err_clear();
		return NULL;
	}
	d = vc_domain_parse(s, len, path);
	free(s);
	return d;
}

struct vc_domain *
vc_store_load_conf(struct vc_conn *c, const char *name)
{
	char *p = vc_store_conf_path(c, name);
	struct vc_domain *d = load(p, 1);

	/* a config is its file's name: a rename killed before its commit
	 * (the file's rename, vc_dom_rename) left the new <name> inside */
	if (d && strcmp(d->name, name) != 0) {
		free(d->name);
		d->name = vc_strdup(name);
	}
	free(p);
	return d;
}

struct vc_domain *
vc_store_load_live(struct vc_conn *c, const char *name)
{
	char *p = vc_store_live_path(c, name);
	struct vc_domain *d = load(p, 1);

	free(p);
	return d;
}

int
vc_store_save_conf(struct vc_conn *c, const struct vc_domain *d, const char *xml)
{
	char *p = vc_store_conf_path(c, d->name), *own = NULL;
	int r;

	if (!xml)
		xml = own = vc_domain_format(d, 0);
	r = vc_mkdir_p(c->confdir, 0755);
	if (r == 0)
		r = vc_file_write_atomic(p, xml, strlen(xml), 0600);
	free(own);
	free(p);
	return r;
}

int
vc_store_save_live(struct vc_conn *c, const struct vc_domain *d, const struct vc_live *l)
{
	char *xp = vc_store_live_path(c, d->name);
	char *sp = vc_asprintf("%s/%s.state", c->rundir, d->name);
	char *xml = vc_domain_format(d, 1);
	char *st = vc_asprintf("state=%s\nid=%d\npid=%ld\nstart_ms=%llu\ncpu_ms=%llu\nmonitor=%s\n",
	    vc_state_names[l->state], l->id, l->pid, l->start_ms, l->cpu_ms,
	    l->monitor ? l->monitor : "");
	int r;

	/* the live XML first: a record without it is repaired as "gone" */
	r = vc_mkdir_p(c->rundir, 0755);
	if (r == 0)
		r = vc_file_write_atomic(xp, xml, strlen(xml), 0600);
	if (r == 0)
		r = vc_file_write_atomic(sp, st, strlen(st), 0600);
	free(xp);
	free(sp);
	free(xml);
	free(st);
	return r;
}

static int
unlink_ok(const char *p)
{
	if (unlink(p) < 0 && errno != ENOENT)
		return vc_err("remove %s:", p);
	return 0;
}

int
vc_store_remove_conf(struct vc_conn *c, const char *name)
{
	char *p = vc_store_conf_path(c, name);
	int r = unlink_ok(p);

	vc_file_clean_stale(p);
	free(p);
	if (r == 0)
		vc_store_autostart_set(c, name, 0);
	return r;
}

int
vc_store_remove_live(struct vc_conn *c, const char *name)
{
	char *sp = vc_asprintf("%s/%s.state", c->rundir, name);
	char *xp = vc_store_live_path(c, name);
	/* the record goes first: without it the guest is inactive */
	int r = unlink_ok(sp);

	if (r == 0)
		r = unlink_ok(xp);
	free(sp);
	free(xp);
	return r;
}

void
vc_live_clear(struct vc_live *l)
{
	free(l->monitor);
	memset(l, 0, sizeof(*l));
}

int
vc_store_live_read(struct vc_conn *c, const char *name, struct vc_live *l)
{
	char *sp = vc_asprintf("%s/%s.state", c->rundir, name);
	char *s = vc_file_read(sp, NULL), *line, *save = NULL;
	unsigned long long u;
	long long v;
	int i;

	memset(l, 0, sizeof(*l));
	l->id = -1;
	if (!s) {
		free(sp);
		if (errno == ENOENT) {
			vc_err_clear();
			l->state = VC_STATE_SHUTOFF;
			return 0;
		}
		return -1;
	}
	free(sp);
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq++ = '\0';
		if (strcmp(line, "state") == 0) {
			for (i = 0; vc_state_names[i]; i++)
				if (strcmp(vc_state_names[i], eq) == 0)
					l->state = i;
		} else if (strcmp(line, "id") == 0 && vc_parse_ll(eq, -1, 0x7fffffff, &v) == 0) {
			l->id = (int)v;
		} else if (strcmp(line, "pid") == 0 && vc_parse_ll(eq, 0, 0x7fffffff, &v) == 0) {
			l->pid = (long)v;
		} else if (strcmp(line, "start_ms") == 0 && vc_parse_ull(eq, 0, ~0ULL, &u) == 0) {
			l->start_ms = u;
		} else if (strcmp(line, "cpu_ms") == 0 && vc_parse_ull(eq, 0, ~0ULL, &u) == 0) {
			l->cpu_ms = u;
		} else if (strcmp(line, "monitor") == 0 && *eq) {
			l->monitor = vc_strdup(eq);
		}
	}
	free(s);
	vc_err_clear();
	return 1;
}

int
vc_store_next_id(struct vc_conn *c, const char *name)
{
	char *p = vc_asprintf("%s/.nextid", c->rundir), *s, buf[32];
	long long v = 1;
	int fd;

	/* ids only need to be unique among running guests; the counter is
	 * bumped under its own lock */
	if ((fd = vc_lock_as(c->rundir, "nextid", name)) < 0) {
		free(p);
		return -1;
	}
	if ((s = vc_file_line(p))) {
		if (vc_parse_ll(s, 1, 0x7ffffffe, &v) < 0)
			v = 1;
		free(s);
	}
	snprintf(buf, sizeof(buf), "%lld\n", v + 1);
	vc_file_write_atomic(p, buf, strlen(buf), 0600);
	vc_unlock(fd);
	free(p);
	return (int)v;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
scan(const char *dir, const char *suffix, char ***v, size_t *n)
{
	size_t sl = strlen(suffix), len;
	struct dirent *e;
	DIR *d;

	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		len = strlen(e->d_name);
		if (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0)
			continue;
		VC_APPEND(*v, *n, vc_strndup(e->d_name, len - sl));
	}
	closedir(d);
}

/* names of active guests (those with a live record), sorted */
int
vc_store_active_names(struct vc_conn *c, char ***names, size_t *n)
{
	char **v = NULL;
	size_t k = 0;

	scan(c->rundir, ".state", &v, &k);
	if (k)
		qsort(v, k, sizeof(*v), cmp);
	*names = v;
	*n = k;
	return 0;
}

int
vc_store_names(struct vc_conn *c, char ***names, size_t *n)
{
	char **v = NULL;
	size_t k = 0, i, j;

	scan(c->confdir, ".xml", &v, &k);
	scan(c->rundir, ".state", &v, &k);
	if (k)
		qsort(v, k, sizeof(*v), cmp);
	/* a running persistent guest shows up in both */
	for (i = j = 0; i < k; i++) {
		if (j && strcmp(v[j - 1], v[i]) == 0) {
			free(v[i]);
			continue;
		}
		v[j++] = v[i];
	}
	*names = v;
	*n = j;
	return 0;
}

void
vc_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char *
autostart_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/autostart/%s", c->confdir, name);
}

int
vc_store_autostart_get(struct vc_conn *c, const char *name)
{
	char *p = autostart_path(c, name);
	int r = vc_exists(p);

	free(p);
	return r;
}

int
vc_store_autostart_set(struct vc_conn *c, const char *name, int on)
{
	char *p = autostart_path(c, name), *dir;
	int r = 0;

	if (!on) {
		r = unlink_ok(p);
	} else {
		dir = vc_asprintf("%s/autostart", c->confdir);
		r = vc_mkdir_p(dir, 0755);
		free(dir);
		if (r == 0)
			r = vc_file_write_atomic(p, "", 0, 0600);
	}
	free(p);
	return r;
}

/* the <uuid> of a stored config: a stream read that stops at it, so
 * nothing before it (an escaped name of any length) can hide it */
static int
stored_uuid(const char *path, unsigned char u[16])
{
	size_t len;
	char *s = vc_file_read(path, &len);
	int r;

	if (!s)
		return -1;
	r = vc_x_peek_uuid(s, len, u);
	free(s);
	return r;
}

char *
vc_store_uuid_owner(struct vc_conn *c, const unsigned char u[16], const char *self)
{
	unsigned char got[16];
	char **v, *p, *found = NULL;
	size_t n, i;

	vc_store_names(c, &v, &n);
	for (i = 0; i < n && !found; i++) {
		if (self && strcmp(v[i], self) == 0)
			continue;
		p = vc_store_conf_path(c, v[i]);
		if (stored_uuid(p, got) < 0) {
			free(p);
			p = vc_store_live_path(c, v[i]);
			if (stored_uuid(p, got) < 0)
				memset(got, 0, 16);
		}
		free(p);
		if (memcmp(got, u, 16) == 0)
			found = vc_strdup(v[i]);
	}
	vc_strv_free(v, n);
	vc_err_clear();
	return found;
}

char *
vc_store_resolve(struct vc_conn *c, const char *key)
{
	unsigned char want[16];
	char *found;
	int isuuid;

	if (c->drv->inv) {
		/* the product keeps its guests: no local store to look in */
		vc_err("%s: this operation is unsupported by the %s driver", key, c->drv->name);
		return NULL;
	}
	isuuid = strlen(key) >= 32 && vc_uuid_parse(key, want) == 0;
	vc_err_clear();
	if (vc_name_check("domain", key) == 0) {
		char *cp = vc_store_conf_path(c, key);
		char *sp = vc_asprintf("%s/%s.state", c->rundir, key);
		int ok = vc_exists(cp) || vc_exists(sp);
		free(cp);
		free(sp);
		if (ok)
			return vc_strdup(key);
	} else if (!isuuid) {
		return NULL;   /* the name check said why */
	}
	if (isuuid && (found = vc_store_uuid_owner(c, want, NULL)))
		return found;
	vc_err("%s: no such domain", key);
	return NULL;
}
