/* snapshot_ops.c: guest snapshots (virsh snapshot-create, -list, -dumpxml,
 * -revert, -delete): the metadata beside the guest, the rules every
 * driver shares; the driver does the disks and memory (driver->guest) */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "../driver.h"
#include "../conf/devs_storage.h"

const char *const vc_snap_how_names[] = { "", "no", "internal", "external", NULL };

static int
how_from(const char *s)
{
	int i;

	for (i = 1; vc_snap_how_names[i]; i++)
		if (strcmp(s, vc_snap_how_names[i]) == 0)
			return i;
	return VC_SNAP_DEFAULT;
}

static char *
snapdir(struct vc_conn *c, const char *guest)
{
	return vc_asprintf("%s/snapshot/%s", c->confdir, guest);
}

static char *
snappath(struct vc_conn *c, const char *guest, const char *snap)
{
	return vc_asprintf("%s/snapshot/%s/%s.xml", c->confdir, guest, snap);
}

void
vc_snapshot_clear(struct vc_snapshot *s)
{
	size_t i;

	free(s->name);
	free(s->description);
	free(s->parent);
	free(s->state);
	free(s->memfile);
	free(s->domain);
	for (i = 0; i < s->ndisk; i++) {
		free(s->disk[i].name);
		free(s->disk[i].file);
		free(s->disk[i].path);
	}
	free(s->disk);
	memset(s, 0, sizeof(*s));
}

void
vc_snapshot_free(struct vc_snapshot *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		vc_snapshot_clear(&v[i]);
	free(v);
}

static char *
prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? vc_strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static char *
text(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = vc_strdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

static int
is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* domainsnapshot XML (validated against the built-in schema) into s */
static int
parse(const char *xml, size_t len, const char *file, struct vc_snapshot *s)
{
	xmlDocPtr doc;
	xmlNodePtr n, d, e;
	char *v;

	memset(s, 0, sizeof(*s));
	if (!(doc = vc_x_read(xml, len, file)))
		return -1;
	if (vc_schema_validate("domainsnapshot", doc, file) < 0) {
		xmlFreeDoc(doc);
		return -1;
	}
	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
		if (is(n, "name")) {
			s->name = text(n);
		} else if (is(n, "description")) {
			s->description = text(n);
		} else if (is(n, "state")) {
			s->state = text(n);
		} else if (is(n, "creationTime")) {
			v = text(n);
			vc_parse_ull(v, 0, ~0ULL, &s->ctime);
			free(v);
		} else if (is(n, "parent")) {
			for (e = n->children; e; e = e->next)
				if (is(e, "name"))
					s->parent = text(e);
		} else if (is(n, "memory")) {
			v = prop(n, "snapshot");
			s->memory = how_from(v);
			free(v);
			s->memfile = prop(n, "file");
		} else if (is(n, "disks")) {
			for (d = n->children; d; d = d->next) {
				struct vc_snapdisk *k;
				if (!is(d, "disk"))
					continue;
				s->disk = vc_realloc(s->disk, (s->ndisk + 1) * sizeof(*s->disk));
				k = &s->disk[s->ndisk++];
				memset(k, 0, sizeof(*k));
				k->name = prop(d, "name");
				if ((v = prop(d, "snapshot")))
					k->how = how_from(v);
				free(v);
				for (e = d->children; e; e = e->next)
					if (is(e, "source"))
						k->file = prop(e, "file");
			}
		} else if (is(n, "domain")) {
			xmlBufferPtr b = xmlBufferCreate();
			xmlNodeDump(b, doc, n, 0, 0);
			s->domain = vc_strdup((const char *)xmlBufferContent(b));
			xmlBufferFree(b);
		}
	}
	xmlFreeDoc(doc);
	return 0;
}

static void
esc(struct vc_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': vc_buf_puts(b, "&lt;"); break;
		case '>': vc_buf_puts(b, "&gt;"); break;
		case '&': vc_buf_puts(b, "&amp;"); break;
		case '\'': vc_buf_puts(b, "&apos;"); break;
		case '"': vc_buf_puts(b, "&quot;"); break;
		default: vc_buf_putc(b, *s);
		}
	}
}

static char *
format(const struct vc_snapshot *s)
{
	struct vc_buf b = {0};
	const char *p, *nl;
	size_t i;

	vc_buf_puts(&b, "<domainsnapshot>\n  <name>");
	esc(&b, s->name);
	vc_buf_puts(&b, "</name>\n");
	if (s->description) {
		vc_buf_puts(&b, "  <description>");
		esc(&b, s->description);
		vc_buf_puts(&b, "</description>\n");
	}
	vc_buf_printf(&b, "  <state>%s</state>\n", s->state);
	if (s->parent) {
		vc_buf_puts(&b, "  <parent>\n    <name>");
		esc(&b, s->parent);
		vc_buf_puts(&b, "</name>\n  </parent>\n");
	}
	vc_buf_printf(&b, "  <creationTime>%llu</creationTime>\n", s->ctime);
	vc_buf_printf(&b, "  <memory snapshot='%s'", vc_snap_how_names[s->memory]);
	if (s->memfile) {
		vc_buf_puts(&b, " file='");
		esc(&b, s->memfile);
		vc_buf_putc(&b, '\'');
	}
	vc_buf_puts(&b, "/>\n");
	if (s->ndisk) {
		vc_buf_puts(&b, "  <disks>\n");
		for (i = 0; i < s->ndisk; i++) {
			const struct vc_snapdisk *k = &s->disk[i];
			vc_buf_puts(&b, "    <disk name='");
			esc(&b, k->name);
			vc_buf_printf(&b, "' snapshot='%s'", vc_snap_how_names[k->how]);
			if (k->how == VC_SNAP_EXTERNAL && k->file) {
				vc_buf_puts(&b, " type='file'>\n      <driver type='qcow2'/>\n"
				    "      <source file='");
				esc(&b, k->file);
				vc_buf_puts(&b, "'/>\n    </disk>\n");
			} else {
				vc_buf_puts(&b, "/>\n");
			}
		}
		vc_buf_puts(&b, "  </disks>\n");
	}
	/* the guest's config, indented under <domainsnapshot> */
	for (p = s->domain; p && *p; p = nl) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		vc_buf_puts(&b, "  ");
		vc_buf_add(&b, p, (size_t)(nl - p));
		if (nl[-1] != '\n')
			vc_buf_putc(&b, '\n');
	}
	vc_buf_puts(&b, "</domainsnapshot>\n");
	return b.s;
}

static int
save(struct vc_conn *c, const char *guest, const struct vc_snapshot *s)
{
	char *dir = snapdir(c, guest), *p = snappath(c, guest, s->name), *x = format(s);
	int r = vc_mkdir_p(dir, 0755);

	if (r == 0)
		r = vc_file_write_atomic(p, x, strlen(x), 0600);
	free(x);
	free(p);
	free(dir);
	return r;
}

static int
set_current(struct vc_conn *c, const char *guest, const char *snap)
{
	char *p = vc_asprintf("%s/snapshot/%s/current", c->confdir, guest);
	int r;

	if (snap) {
		char *line = vc_asprintf("%s\n", snap);
		r = vc_file_write_atomic(p, line, strlen(line), 0600);
		free(line);
	} else {
		r = unlink(p) < 0 && errno != ENOENT ? vc_err("%s: unlink:", p) : 0;
	}
	free(p);
	return r;
}

static char *
get_current(struct vc_conn *c, const char *guest)
{
	char *p = vc_asprintf("%s/snapshot/%s/current", c->confdir, guest);
	char *s = vc_file_read(p, NULL);

	free(p);
	vc_err_clear();
	if (s)
		s[strcspn(s, "\n")] = '\0';
	return s;
}

static int
by_time(const void *a, const void *b)
{
	const struct vc_snapshot *x = a, *y = b;

	if (x->ctime != y->ctime)
		return x->ctime < y->ctime ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* every snapshot of guest, oldest first */
static int
load_all(struct vc_conn *c, const char *guest, struct vc_snapshot **out, size_t *n)
{
	char *dir = snapdir(c, guest), *cur;
	struct vc_snapshot *v = NULL;
	struct dirent *e;
	size_t nv = 0, i;
	DIR *d;

	*out = NULL;
	*n = 0;
	if (!(d = opendir(dir))) {
		int missing = errno == ENOENT;
		free(dir);
		return missing ? 0 : vc_err("%s: opendir:", guest);
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name), len;
		char *p, *x;
		if (l < 5 || strcmp(e->d_name + l - 4, ".xml") != 0 || e->d_name[0] == '.')
			continue;
		p = vc_asprintf("%s/%s", dir, e->d_name);
		x = vc_file_read(p, &len);
		v = vc_realloc(v, (nv + 1) * sizeof(*v));
		if (!x || parse(x, len, p, &v[nv]) < 0) {
			free(x);
			free(p);
			closedir(d);
			free(dir);
			vc_snapshot_free(v, nv);
			return -1;
		}
		nv++;
		free(x);
		free(p);
	}
	closedir(d);
	free(dir);
	if (nv > 1)
		qsort(v, nv, sizeof(*v), by_time);
	if ((cur = get_current(c, guest)))
		for (i = 0; i < nv; i++)
			v[i].current = strcmp(v[i].name, cur) == 0;
	free(cur);
	*out = v;
	*n = nv;
	return 0;
}

static struct vc_snapshot *
find(struct vc_snapshot *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

static int
nosnap(const char *guest, const char *snap)
{
	return vc_err("%s: no snapshot named '%s'", guest, snap);
}

static int
unsupported(struct vc_conn *c, const char *guest, const char *what)
{
	return vc_err("%s: %s is unsupported by the %s driver", guest, what, c->drv->name);
}

/* the guest, locked, and its current config: live if it runs */
struct guest {
	char *name;
	int fd, active;
	struct vc_live l;
	struct vc_domain *def;
};

static int
guest_open(struct vc_conn *c, const char *key, struct guest *g, const char *what,
           void *op)
{
	memset(g, 0, sizeof(*g));
	g->fd = -1;
	if (!(g->name = vc_store_resolve(c, key)))
		return -1;
	if (!op)
		return unsupported(c, g->name, what);
	if ((g->fd = vc_lock(c->confdir, g->name)) < 0)
		return -1;
	if ((g->active = vc_dom_refresh(c, g->name, &g->l, 1)) < 0)
		return -1;
	g->def = g->active ? vc_store_load_live(c, g->name) : vc_store_load_conf(c, g->name);
	if (!g->def) {
		if (vc_errkind_get() == VC_ERR_NONE)
			vc_err("%s: no such domain", g->name);
		return -1;
	}
	return 0;
}

static void
guest_close(struct guest *g)
{
	vc_domain_free(g->def);
	vc_live_clear(&g->l);
	if (g->fd >= 0)
		vc_unlock(g->fd);
	free(g->name);
}

static const struct vc_guest_ops *
ops(struct vc_conn *c)
{
	static const struct vc_guest_ops none;

	return c->drv->guest ? c->drv->guest : &none;
}

static char *
overlay_name(const char *path, const char *snap)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	size_t base = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);

	return vc_asprintf("%.*s.%s", (int)base, path, snap);
}

/* what to take of each disk: the XML's word, then the defaults */
static int
plan_disks(const char *guest, const struct vc_domain *def, struct vc_snapshot *s, int disk_only)
{
	struct vc_snapdisk *asked = s->disk, *k;
	size_t nasked = s->ndisk, i, j;
	int r = 0;

	s->disk = NULL;
	s->ndisk = 0;
	for (j = 0; j < nasked && r == 0; j++) {
		for (i = 0; i < def->ndev[VC_DEV_DISK]; i++) {
			const struct vc_disk *d = def->dev[VC_DEV_DISK][i];
			if (d->target_dev && strcmp(d->target_dev, asked[j].name) == 0)
				break;
		}
		if (i == def->ndev[VC_DEV_DISK])
			r = vc_err("%s: snapshot names disk '%s', which the guest does not have",
			    guest, asked[j].name);
	}
	for (i = 0; i < def->ndev[VC_DEV_DISK] && r == 0; i++) {
		const struct vc_disk *d = def->dev[VC_DEV_DISK][i];
		struct vc_snapdisk *a = NULL;
		for (j = 0; j < nasked; j++)
			if (d->target_dev && strcmp(d->target_dev, asked[j].name) == 0)
				a = &asked[j];
		if (!d->target_dev || !d->src.path || d->device == VC_DISK_DEV_CDROM ||
		    d->readonly) {
			if (a && a->how != VC_SNAP_NO && a->how != VC_SNAP_DEFAULT)
				r = vc_err("%s: disk %s: a read-only or empty drive has no snapshot",
				    guest, d->target_dev);
			continue;
		}
		s->disk = vc_realloc(s->disk, (s->ndisk + 1) * sizeof(*s->disk));
		k = &s->disk[s->ndisk++];
		memset(k, 0, sizeof(*k));
		k->name = vc_strdup(d->target_dev);
		k->path = vc_strdup(d->src.path);
		k->raw = d->src.format != VC_FMT_QCOW2;
		k->how = a && a->how ? a->how : d->snapshot == VC_SNAP_NO ? VC_SNAP_NO
		    : disk_only ? VC_SNAP_EXTERNAL : VC_SNAP_INTERNAL;
		if (disk_only && k->how == VC_SNAP_INTERNAL)
			r = vc_err("%s: disk %s: --disk-only takes external disk snapshots only",
			    guest, k->name);
		if (k->how == VC_SNAP_EXTERNAL) {
			k->file = a && a->file ? vc_strdup(a->file) : overlay_name(d->src.path, s->name);
			if (vc_exists(k->file))
				r = vc_err("%s: disk %s: %s exists already", guest, k->name, k->file);
		}
	}
	for (j = 0; j < nasked; j++) {
		free(asked[j].name);
		free(asked[j].file);
		free(asked[j].path);
	}
	free(asked);
	return r;
}

/* point the guest's disks at their new overlays */
static void
switch_disks(struct vc_domain *d, const struct vc_snapshot *s)
{
	size_t i, j;

	if (!d)
		return;
	for (j = 0; j < s->ndisk; j++) {
		if (s->disk[j].how != VC_SNAP_EXTERNAL)
			continue;
		for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
			struct vc_disk *k = d->dev[VC_DEV_DISK][i];
			if (k->target_dev && strcmp(k->target_dev, s->disk[j].name) == 0) {
				free(k->src.path);
				k->src.path = vc_strdup(s->disk[j].file);
				k->src.format = VC_FMT_QCOW2;
			}
		}
	}
}

int
vc_snapshot_create(struct vc_conn *c, const char *key, const char *xml, size_t len,
                   const char *name, const char *desc, int flags, char **name_out)
{
	struct vc_snapshot s = {0};
	struct guest g;
	struct vc_domain *conf = NULL;
	char *p = NULL;
	int r = -1, disk_only = flags & VC_SNAP_DISK_ONLY;
	struct timespec ts;

	if (guest_open(c, key, &g, "snapshot-create", (void *)ops(c)->snap_create) < 0)
		goto out;
	if (xml && parse(xml, len, "snapshot XML", &s) < 0)
		goto out;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (name) {
		free(s.name);
		s.name = vc_strdup(name);
	}
	if (desc) {
		free(s.description);
		s.description = vc_strdup(desc);
	}
	if (!s.name)
		s.name = vc_asprintf("%lld", (long long)ts.tv_sec);
	if (vc_name_check("snapshot", s.name) < 0)
		goto out;
	p = snappath(c, g.name, s.name);
	if (vc_exists(p)) {
		vc_err("%s: snapshot '%s' exists already", g.name, s.name);
		goto out;
	}
	if (s.state) {
		vc_err("%s: <state> is what the guest is in when the snapshot is taken; leave it out",
		    g.name);
		goto out;
	}
	if (disk_only && s.memory != VC_SNAP_DEFAULT && s.memory != VC_SNAP_NO) {
		vc_err("%s: --disk-only takes no memory snapshot", g.name);
		goto out;
	}
	if (!g.active && (s.memory == VC_SNAP_INTERNAL || s.memory == VC_SNAP_EXTERNAL)) {
		vc_err("%s: the guest is shut off: it has no memory to snapshot", g.name);
		goto out;
	}
	if (s.memory == VC_SNAP_EXTERNAL && !s.memfile) {
		vc_err("%s: <memory snapshot='external'> needs file=", g.name);
		goto out;
	}
	if (s.memory == VC_SNAP_DEFAULT)
		s.memory = g.active && !disk_only ? VC_SNAP_INTERNAL : VC_SNAP_NO;
	if (plan_disks(g.name, g.def, &s, disk_only) < 0)
		goto out;
	s.state = vc_strdup(!g.active ? "shutoff" : s.memory == VC_SNAP_NO ? "disk-snapshot"
	    : g.l.state == VC_STATE_PAUSED ? "paused" : "running");
	s.ctime = (unsigned long long)ts.tv_sec;
	s.parent = get_current(c, g.name);
	s.domain = vc_domain_format(g.def, g.active);
	if (flags & VC_SNAP_CHECK) {
		r = 1;
		goto out;
	}
	if (ops(c)->snap_create(c, g.def, g.active ? &g.l : NULL, &s) < 0)
		goto out;
	/* from here the snapshot exists on disk: record it first, then the
	 * configs that now name the overlays */
	if (save(c, g.name, &s) < 0 || set_current(c, g.name, s.name) < 0)
		goto out;
	switch_disks(g.def, &s);
	if (g.active) {
		conf = vc_store_load_conf(c, g.name);
		switch_disks(conf, &s);
		if (vc_store_save_live(c, g.def, &g.l) < 0 ||
		    (conf && vc_store_save_conf(c, conf, NULL) < 0))
			goto out;
	} else if (vc_store_save_conf(c, g.def, NULL) < 0) {
		goto out;
	}
	r = 1;
out:
	if (r >= 0 && name_out)
		*name_out = vc_strdup(s.name);
	vc_domain_free(conf);
	free(p);
	vc_snapshot_clear(&s);
	guest_close(&g);
	return r;
}

int
vc_snapshot_list(struct vc_conn *c, const char *key, struct vc_snapshot **out, size_t *n)
{
	char *name;
	int r;

	*out = NULL;
	*n = 0;
	if (!(name = vc_store_resolve(c, key)))
		return -1;
	r = load_all(c, name, out, n);
	free(name);
	return r;
}

char *
vc_snapshot_xml(struct vc_conn *c, const char *key, const char *snap)
{
	char *name, *p, *x = NULL;

	if (!(name = vc_store_resolve(c, key)))
		return NULL;
	if (vc_name_check("snapshot", snap) < 0) {
		free(name);
		return NULL;
	}
	p = snappath(c, name, snap);
	if (!(x = vc_file_read(p, NULL)) && errno == ENOENT)
		nosnap(name, snap);
	free(p);
	free(name);
	return x;
}

static int
load_one(struct vc_conn *c, const char *guest, const char *snap, struct vc_snapshot *s)
{
	char *p, *x;
	size_t len;
	int r;

	memset(s, 0, sizeof(*s));
	if (vc_name_check("snapshot", snap) < 0)
		return -1;
	p = snappath(c, guest, snap);
	if (!(x = vc_file_read(p, &len))) {
		if (errno == ENOENT)
			nosnap(guest, snap);
		free(p);
		return -1;
	}
	r = parse(x, len, p, s);
	free(x);
	free(p);
	return r;
}

int
vc_snapshot_revert(struct vc_conn *c, const char *key, const char *snap, int flags)
{
	const struct vc_guest_ops *o = ops(c);
	struct vc_snapshot s = {0};
	struct vc_domain *sd = NULL;
	struct guest g;
	size_t i;
	int r = -1, mem;

	if (guest_open(c, key, &g, "snapshot-revert", (void *)o->snap_revert) < 0 ||
	    load_one(c, g.name, snap, &s) < 0)
		goto out;
	if (!s.domain || !(sd = vc_domain_parse(s.domain, strlen(s.domain), snap)))
		goto out;
	for (i = 0; i < s.ndisk; i++)
		if (s.disk[i].how == VC_SNAP_EXTERNAL) {
			vc_err("%s: snapshot '%s' has external disk %s: reverting to it is unsupported",
			    g.name, snap, s.disk[i].name);
			goto out;
		}
	mem = s.memory != VC_SNAP_NO;
	if (flags & VC_SNAP_CHECK) {
		r = 1;
		goto out;
	}
	if (!mem && g.active) {
		/* a shut-off snapshot: the guest goes down first */
		if (!c->drv->destroy || c->drv->destroy(c, g.def, &g.l) < 0)
			goto out;
		g.active = 0;
	}
	if (mem && !g.active) {
		/* the memory goes into a running guest of the snapshot's config */
		if (!c->drv->start) {
			unsupported(c, g.name, "start");
			goto out;
		}
		if (c->drv->start(c, sd, &g.l) < 0)
			goto out;
		g.active = 1;
	}
	if (o->snap_revert(c, sd, g.active ? &g.l : NULL, &s) < 0)
		goto out;
	if (mem && strcmp(s.state, "paused") == 0 && g.l.state != VC_STATE_PAUSED) {
		if (c->drv->suspend && c->drv->suspend(c, sd, &g.l) < 0)
			goto out;
	} else if (mem && g.l.state == VC_STATE_PAUSED && c->drv->resume) {
		if (c->drv->resume(c, sd, &g.l) < 0)
			goto out;
	}
	sd->id = -1;
	if (vc_store_save_conf(c, sd, NULL) < 0)
		goto out;
	if (g.active) {
		sd->id = g.l.id;
		if (vc_store_save_live(c, sd, &g.l) < 0)
			goto out;
	}
	if (set_current(c, g.name, s.name) < 0)
		goto out;
	r = 1;
out:
	vc_domain_free(sd);
	vc_snapshot_clear(&s);
	guest_close(&g);
	return r;
}

/* drop snap (and with VC_SNAP_CHILDREN its descendants) from v */
static int
drop(struct vc_conn *c, struct guest *g, struct vc_snapshot *v, size_t n,
     struct vc_snapshot *s, int flags)
{
	const struct vc_guest_ops *o = ops(c);
	size_t i;
	char *p;
	int r;

	for (i = 0; i < n; i++) {
		if (!v[i].name || !v[i].parent || strcmp(v[i].parent, s->name) != 0)
			continue;
		if (flags & VC_SNAP_CHILDREN) {
			if (drop(c, g, v, n, &v[i], flags) < 0)
				return -1;
		} else {
			/* children move up to the deleted snapshot's parent */
			free(v[i].parent);
			v[i].parent = s->parent ? vc_strdup(s->parent) : NULL;
			if (save(c, g->name, &v[i]) < 0)
				return -1;
		}
	}
	if (!(flags & VC_SNAP_METADATA) &&
	    o->snap_delete(c, g->def, g->active ? &g->l : NULL, s) < 0)
		return -1;
	p = snappath(c, g->name, s->name);
	r = unlink(p) < 0 ? vc_err("%s: unlink:", p) : 0;
	free(p);
	if (r == 0 && s->current)
		r = set_current(c, g->name, s->parent);
	free(s->name);
	s->name = NULL;
	return r;
}

int
vc_snapshot_delete(struct vc_conn *c, const char *key, const char *snap, int flags)
{
	struct vc_snapshot *v = NULL, *s;
	struct guest g;
	size_t n = 0;
	int r = -1;

	if (guest_open(c, key, &g, "snapshot-delete", (void *)ops(c)->snap_delete) < 0 ||
	    vc_name_check("snapshot", snap) < 0 || load_all(c, g.name, &v, &n) < 0)
		goto out;
	if (!(s = find(v, n, snap))) {
		nosnap(g.name, snap);
		goto out;
	}
	r = flags & VC_SNAP_CHECK ? 1 : drop(c, &g, v, n, s, flags) < 0 ? -1 : 1;
out:
	vc_snapshot_free(v, n);
	guest_close(&g);
	return r;
}
