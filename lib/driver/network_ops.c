/* network_ops.c: define, undefine, start, destroy, list, dumpxml, autostart
 * of networks: the same rules as guests, in their own directories */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "driver/network_ops.h"

static char *
conf_dir(struct vc_conn *c)
{
	return vc_asprintf("%s/networks", c->confdir);
}

static char *
run_dir(struct vc_conn *c)
{
	return vc_asprintf("%s/networks", c->rundir);
}

char *
vc_net_conf_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/networks/%s.xml", c->confdir, name);
}

char *
vc_net_live_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/networks/%s.xml", c->rundir, name);
}

static char *
autostart_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/networks/autostart/%s", c->confdir, name);
}

/* every change to one network holds its lock, taken in the config directory */
static int
lock(struct vc_conn *c, const char *name)
{
	char *d = conf_dir(c);
	int fd = vc_lock(d, name);

	free(d);
	return fd;
}

static int
unlink_ok(const char *p)
{
	if (unlink(p) < 0 && errno != ENOENT)
		return vc_err("remove %s:", p);
	return 0;
}

static int
exists_conf(struct vc_conn *c, const char *name)
{
	char *p = vc_net_conf_path(c, name);
	int r = vc_exists(p);

	free(p);
	return r;
}

static int
exists_live(struct vc_conn *c, const char *name)
{
	char *p = vc_net_live_path(c, name);
	int r = vc_exists(p);

	free(p);
	return r;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
scan(const char *dir, char ***v, size_t *n)
{
	struct dirent *e;
	size_t len;
	DIR *d;

	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= 4 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		VC_APPEND(*v, *n, vc_strndup(e->d_name, len - 4));
	}
	closedir(d);
}

/* persistent and active names, sorted, each once */
static void
names(struct vc_conn *c, char ***out, size_t *n)
{
	char *cd = conf_dir(c), *rd = run_dir(c), **v = NULL;
	size_t k = 0, i, j;

	scan(cd, &v, &k);
	scan(rd, &v, &k);
	free(cd);
	free(rd);
	if (k)
		qsort(v, k, sizeof(*v), cmp);
	for (i = j = 0; i < k; i++) {
		if (j && strcmp(v[j - 1], v[i]) == 0) {
			free(v[i]);
			continue;
		}
		v[j++] = v[i];
	}
	*out = v;
	*n = j;
}

static struct vc_network *
load_path(const char *path)
{
	struct vc_network *n;
	size_t len;
	char *s;

	if (!(s = vc_file_read(path, &len)))
		return NULL;
	n = vc_network_parse(s, len, path);
	free(s);
	return n;
}

/* the uuid of a stored network: our files are canonical, <uuid> is near the top */
static int
quick_uuid(const char *path, unsigned char u[16])
{
	char *s = vc_file_read(path, NULL), *p, *e;
	int r = -1;

	if (!s)
		return -1;
	if ((p = strstr(s, "<uuid>")) && (e = strstr(p, "</uuid>"))) {
		*e = '\0';
		r = vc_uuid_parse(p + 6, u);
	}
	free(s);
	return r;
}

char *
vc_net_resolve(struct vc_conn *c, const char *key)
{
	unsigned char want[16], got[16];
	char **v, *p, *found = NULL;
	size_t n, i;
	int isuuid;

	isuuid = strlen(key) >= 32 && vc_uuid_parse(key, want) == 0;
	vc_err_clear();
	if (vc_name_check("network", key) == 0) {
		if (exists_conf(c, key) || exists_live(c, key))
			return vc_strdup(key);
	} else if (!isuuid) {
		return NULL;
	}
	if (isuuid) {
		names(c, &v, &n);
		for (i = 0; i < n && !found; i++) {
			p = vc_net_live_path(c, v[i]);
			if (quick_uuid(p, got) < 0) {
				free(p);
				p = vc_net_conf_path(c, v[i]);
				if (quick_uuid(p, got) < 0)
					memset(got, 0, 16);
			}
			free(p);
			if (memcmp(got, want, 16) == 0)
				found = vc_strdup(v[i]);
		}
		for (i = 0; i < n; i++)
			free(v[i]);
		free(v);
		vc_err_clear();
		if (found)
			return found;
	}
	vc_err("%s: no such network", key);
	return NULL;
}

int
vc_net_define(struct vc_conn *c, const char *xml, size_t len,
              const struct vc_define_opts *o, char **name_out)
{
	struct vc_network *n, *old = NULL;
	char *path = NULL, *oldxml = NULL, *newxml = NULL, *other, u[37];
	int fd = -1, r = -1;

	/* our parser checks what it reads; the schema runs when asked, as
	 * virsh net-define --validate */
	n = o->validate ? vc_network_parse_validate(xml, len, o->file)
	    : vc_network_parse(xml, len, o->file);
	if (!n)
		return -1;
	if ((fd = lock(c, n->name)) < 0)
		goto out;
	path = vc_net_conf_path(c, n->name);
	if ((oldxml = vc_file_read(path, NULL))) {
		if (!(old = vc_network_parse(oldxml, strlen(oldxml), path)))
			goto out;
		if (n->has_uuid && memcmp(n->uuid, old->uuid, 16) != 0) {
			vc_uuid_format(old->uuid, u);
			vc_err("%s: already defined with uuid %s", n->name, u);
			goto out;
		}
	} else if (errno != ENOENT) {
		goto out;
	} else if (n->has_uuid) {
		vc_uuid_format(n->uuid, u);
		if ((other = vc_net_resolve(c, u))) {
			if (strcmp(other, n->name) != 0) {
				vc_err("%s: uuid %s is already used by network %s", n->name, u, other);
				free(other);
				goto out;
			}
			free(other);
		}
	}
	vc_err_clear();
	vc_network_fill_defaults(n, old);
	newxml = vc_network_format(n, 0);
	if (o->diff)
		*o->diff = vc_diff(oldxml ? oldxml : "", newxml,
		    oldxml ? path : "/dev/null", n->name);
	if (name_out)
		*name_out = vc_strdup(n->name);
	if (oldxml && strcmp(oldxml, newxml) == 0) {
		r = 0;
		goto out;
	}
	if (!o->check && vc_file_write_atomic(path, newxml, strlen(newxml), 0600) < 0)
		goto out;
	r = 1;
out:
	vc_unlock(fd);
	free(path);
	free(oldxml);
	free(newxml);
	vc_network_free(old);
	vc_network_free(n);
	return r;
}

static int
if_missing(int if_exists)
{
	if (if_exists && strstr(vc_errmsg(), "no such network")) {
		vc_err_clear();
		return 0;
	}
	return -1;
}

int
vc_net_undefine(struct vc_conn *c, const char *key, int if_exists, int check)
{
	char *name, *path, *ap;
	int fd, r;

	if (!(name = vc_net_resolve(c, key)))
		return if_missing(if_exists);
	if ((fd = lock(c, name)) < 0) {
		free(name);
		return -1;
	}
	path = vc_net_conf_path(c, name);
	ap = autostart_path(c, name);
	if (!vc_exists(path))
		r = if_exists ? 0 : vc_err("%s: network is not persistent", name);
	else if (check)
		r = 1;
	else
		r = unlink_ok(path) < 0 || unlink_ok(ap) < 0 ? -1 : 1;
	vc_unlock(fd);
	free(ap);
	free(path);
	free(name);
	return r;
}

/* What running a network means per driver. The test driver simulates
 * every mode by recording it active. Elsewhere, modes whose guests use
 * an existing bridge or host devices need nothing at start but the
 * record; modes that need a bridge, DHCP and NAT made are not done yet. */
static int
can_start(struct vc_conn *c, const struct vc_network *n)
{
	/* libvirt accepts these at define time and refuses them at start */
	if (n->fwd == VC_NET_FWD_BRIDGE && !n->bridge && !n->nfwd_ifs && !n->fwd_pf)
		return vc_err("%s: mode='bridge' needs a <bridge name> or a forward "
		    "<interface> or <pf>", n->name);
	if (strcmp(c->drv->name, "test") == 0)
		return 0;
	if (n->fwd >= VC_NET_FWD_BRIDGE)
		return 0;
	return vc_err("%s: starting a %s network is unsupported by the %s driver", n->name,
	    n->fwd ? vc_net_fwd_names[n->fwd] : "isolated", c->drv->name);
}

int
vc_net_start(struct vc_conn *c, const char *key, int check)
{
	struct vc_network *n = NULL;
	char *name, *cp = NULL, *lp = NULL, *rd = NULL, *xml = NULL;
	int fd, r = -1;

	if (!(name = vc_net_resolve(c, key)))
		return -1;
	if ((fd = lock(c, name)) < 0) {
		free(name);
		return -1;
	}
	if (exists_live(c, name)) {
		r = 0;
		goto out;
	}
	cp = vc_net_conf_path(c, name);
	if (!(n = load_path(cp)))
		goto out;
	if (can_start(c, n) < 0)
		goto out;
	if (check) {
		r = 1;
		goto out;
	}
	rd = run_dir(c);
	if (vc_mkdir_p(rd, 0755) < 0)
		goto out;
	lp = vc_net_live_path(c, name);
	xml = vc_network_format(n, 1);
	if (vc_file_write_atomic(lp, xml, strlen(xml), 0600) < 0)
		goto out;
	r = 1;
out:
	vc_unlock(fd);
	vc_network_free(n);
	free(xml);
	free(rd);
	free(lp);
	free(cp);
	free(name);
	return r;
}

int
vc_net_destroy(struct vc_conn *c, const char *key, int check)
{
	char *name, *lp;
	int fd, r;

	if (!(name = vc_net_resolve(c, key)))
		return -1;
	if ((fd = lock(c, name)) < 0) {
		free(name);
		return -1;
	}
	lp = vc_net_live_path(c, name);
	if (!vc_exists(lp))
		r = 0;
	else
		r = check ? 1 : (unlink_ok(lp) < 0 ? -1 : 1);
	vc_unlock(fd);
	free(lp);
	free(name);
	return r;
}

int
vc_net_autostart(struct vc_conn *c, const char *key, int on, int check)
{
	char *name, *ap, *dir;
	int fd, r;

	if (!(name = vc_net_resolve(c, key)))
		return -1;
	if ((fd = lock(c, name)) < 0) {
		free(name);
		return -1;
	}
	ap = autostart_path(c, name);
	if (!exists_conf(c, name)) {
		r = vc_err("%s: cannot autostart a transient network", name);
	} else if (vc_exists(ap) == on) {
		r = 0;
	} else if (check) {
		r = 1;
	} else if (!on) {
		r = unlink_ok(ap) < 0 ? -1 : 1;
	} else {
		dir = vc_asprintf("%s/networks/autostart", c->confdir);
		r = vc_mkdir_p(dir, 0755) < 0 || vc_file_write_atomic(ap, "", 0, 0600) < 0 ? -1 : 1;
		free(dir);
	}
	vc_unlock(fd);
	free(ap);
	free(name);
	return r;
}

char *
vc_net_xml(struct vc_conn *c, const char *key, int inactive)
{
	char *name, *path, *s;

	if (!(name = vc_net_resolve(c, key)))
		return NULL;
	/* stored files are canonical output already: no parse needed */
	if (!inactive && exists_live(c, name))
		path = vc_net_live_path(c, name);
	else
		path = vc_net_conf_path(c, name);
	s = vc_file_read(path, NULL);
	if (!s && errno == ENOENT)
		vc_err("%s: network is not persistent", name);
	free(path);
	free(name);
	return s;
}

struct vc_network *
vc_net_load(struct vc_conn *c, const char *key, int inactive)
{
	struct vc_network *n;
	char *name, *path;

	if (!(name = vc_net_resolve(c, key)))
		return NULL;
	if (!inactive && exists_live(c, name))
		path = vc_net_live_path(c, name);
	else
		path = vc_net_conf_path(c, name);
	n = load_path(path);
	if (!n && errno == ENOENT)
		vc_err("%s: network is not persistent", name);
	free(path);
	free(name);
	return n;
}

void
vc_netinfo_clear(struct vc_netinfo *i)
{
	free(i->name);
	free(i->bridge);
	memset(i, 0, sizeof(*i));
}

int
vc_net_info(struct vc_conn *c, const char *key, struct vc_netinfo *i)
{
	struct vc_network *n;
	char *ap;

	memset(i, 0, sizeof(*i));
	if (!(n = vc_net_load(c, key, 0)))
		return -1;
	i->name = vc_strdup(n->name);
	memcpy(i->uuid, n->uuid, 16);
	i->active = exists_live(c, n->name);
	i->persistent = exists_conf(c, n->name);
	ap = autostart_path(c, n->name);
	i->autostart = vc_exists(ap);
	free(ap);
	i->mode = n->fwd;
	i->bridge = n->bridge ? vc_strdup(n->bridge) : NULL;
	vc_network_free(n);
	return 0;
}

int
vc_net_list(struct vc_conn *c, int which, struct vc_netinfo **out, size_t *n)
{
	struct vc_netinfo *v = NULL, info;
	char **nv;
	size_t k, i;

	*out = NULL;
	*n = 0;
	names(c, &nv, &k);
	for (i = 0; i < k; i++) {
		/* a file that vanished or broke meanwhile is skipped, not fatal */
		if (vc_net_info(c, nv[i], &info) < 0)
			continue;
		if ((info.active && (which & VC_LIST_ACTIVE)) ||
		    (!info.active && (which & VC_LIST_INACTIVE))) {
			VC_GROW(v, *n);
			v[(*n)++] = info;
		} else {
			vc_netinfo_clear(&info);
		}
	}
	for (i = 0; i < k; i++)
		free(nv[i]);
	free(nv);
	vc_err_clear();
	*out = v;
	return 0;
}
