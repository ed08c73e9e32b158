/* uri.c: which driver and which state directories a URI names */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../driver.h"
#include "remote/remote.h"

static const struct vc_driver *drivers[] = {
	&vc_test_driver,
	&vc_qemu_driver,
	&vc_xen_driver,
	&vc_bhyve_driver,
	&vc_vbox_driver,
	&vc_vmwarews_driver,
	&vc_vmwareplayer_driver,
	&vc_vmwarefusion_driver,
	&vc_esx_driver,
	&vc_gsx_driver,
	&vc_vpx_driver,
	&vc_vz_driver,
	&vc_phyp_driver,
	&vc_hyperv_driver,
	&vc_lxc_driver,
	NULL,
};

static char *
home_dir(const char *xdg, const char *fallback)
{
	const char *v = getenv(xdg), *home = getenv("HOME");

	if (v && *v == '/')
		return vc_strdup(v);
	return vc_asprintf("%s/%s", home && *home ? home : "/tmp", fallback);
}

/* the URI a tool uses when -c is not given */
const char *
vc_uri_default(void)
{
	static char line[512];
	const char *v = getenv("VIRTCORE_URI");
	char *cfg, *s;

	if (v && *v)
		return v;
	if (geteuid() == 0)
		cfg = vc_strdup("/etc/virtcore/uri");
	else {
		char *d = home_dir("XDG_CONFIG_HOME", ".config");
		cfg = vc_asprintf("%s/virtcore/uri", d);
		free(d);
	}
	s = vc_file_line(cfg);
	free(cfg);
	if (s && *s) {
		snprintf(line, sizeof(line), "%s", s);
		free(s);
		return line;
	}
	free(s);
	return "test:///default";
}

static int
set_dirs(struct vc_conn *c, const char *drv, const char *path)
{
	int root = geteuid() == 0;

	if (strcmp(drv, "test") == 0) {
		char *base;
		if (strcmp(path, "/default") == 0) {
			if (root)
				base = vc_strdup("/var/lib/virtcore/test");
			else {
				char *d = home_dir("XDG_STATE_HOME", ".local/state");
				base = vc_asprintf("%s/virtcore/test", d);
				free(d);
			}
		} else if (path[0] == '/' && path[1]) {
			base = vc_strdup(path);
		} else {
			return vc_err_kind(VC_ERR_USAGE, "%s: test URIs are test:///default or test:///ABSOLUTE-PATH", c->uri);
		}
		c->confdir = vc_asprintf("%s/conf", base);
		c->rundir = vc_asprintf("%s/run", base);
		c->statedir = base;
		return 0;
	}
	if (strcmp(path, "/system") == 0) {
		if (!root)
			return vc_err("%s: needs root; use %s:///session", c->uri, drv);
		c->confdir = vc_asprintf("/etc/virtcore/%s", drv);
		c->rundir = vc_asprintf("/run/virtcore/%s", drv);
		c->statedir = vc_asprintf("/var/lib/virtcore/%s", drv);
		return 0;
	}
	if (strcmp(path, "/session") == 0) {
		char *cf = home_dir("XDG_CONFIG_HOME", ".config");
		const char *rt = getenv("XDG_RUNTIME_DIR");
		char *st = home_dir("XDG_STATE_HOME", ".local/state");
		c->confdir = vc_asprintf("%s/virtcore/%s", cf, drv);
		c->rundir = rt && *rt == '/' ? vc_asprintf("%s/virtcore/%s", rt, drv)
		    : vc_asprintf("/tmp/virtcore-%ld/%s", (long)geteuid(), drv);
		c->statedir = vc_asprintf("%s/virtcore/%s", st, drv);
		free(cf);
		free(st);
		return 0;
	}
	return vc_err_kind(VC_ERR_USAGE, "%s: path must be /system or /session", c->uri);
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9') return ch - '0';
	if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
	return -1;
}

/* %XX decoding; NULL on a bad escape */
static char *
pct_decode(const char *s, size_t n)
{
	char *o = vc_malloc(n + 1), *q = o;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
				free(o);
				return NULL;
			}
			*q++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else
			*q++ = s[i];
	}
	*q = 0;
	return o;
}

/* split DRIVER[+TRANSPORT]://[USER@]HOST[:PORT]/PATH[?QUERY] into c */
int
vc_uri_split(struct vc_conn *c, const char *uri)
{
	const char *sep = strstr(uri, "://"), *a, *auth_end, *at, *colon, *q, *plus;

	if (!sep || sep == uri)
		return vc_err_kind(VC_ERR_USAGE, "%s: not a URI (driver:///path)", uri);
	plus = memchr(uri, '+', (size_t)(sep - uri));
	c->scheme = vc_strndup(uri, (size_t)((plus ? plus : sep) - uri));
	if (plus)
		c->transport = vc_strndup(plus + 1, (size_t)(sep - plus - 1));
	a = sep + 3;
	auth_end = a + strcspn(a, "/?");
	if ((at = memchr(a, '@', (size_t)(auth_end - a)))) {
		if (!(c->user = pct_decode(a, (size_t)(at - a))) || !*c->user)
			return vc_err_kind(VC_ERR_USAGE, "%s: bad user name", uri);
		a = at + 1;
	}
	if (*a == '[') {                      /* [::1]:port */
		const char *rb = memchr(a, ']', (size_t)(auth_end - a));
		if (!rb)
			return vc_err_kind(VC_ERR_USAGE, "%s: unclosed [ in host", uri);
		c->host = vc_strndup(a + 1, (size_t)(rb - a - 1));
		colon = rb + 1 < auth_end && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(a, ':', (size_t)(auth_end - a));
		if (colon != a && (colon ? colon : auth_end) > a)
			c->host = vc_strndup(a, (size_t)((colon ? colon : auth_end) - a));
	}
	if (colon) {
		unsigned long long p;
		char *ps = vc_strndup(colon + 1, (size_t)(auth_end - colon - 1));
		int r = vc_parse_ull(ps, 1, 65535, &p);
		free(ps);
		if (r < 0)
			return vc_err_kind(VC_ERR_USAGE, "%s: bad port", uri);
		c->port = (int)p;
	}
	if (c->user && !c->host)
		return vc_err_kind(VC_ERR_USAGE, "%s: a user needs a host", uri);
	q = strchr(auth_end, '?');
	c->path = *auth_end == '/' ? vc_strndup(auth_end, (size_t)((q ? q : auth_end + strlen(auth_end)) - auth_end))
	    : vc_strdup("/");
	if (q && q[1])
		c->query = vc_strdup(q + 1);
	return 0;
}

char *
vc_uri_param(const struct vc_conn *c, const char *key)
{
	const char *p = c->query;
	size_t kl = strlen(key);

	while (p && *p) {
		size_t n = strcspn(p, "&");
		if (n >= kl && strncmp(p, key, kl) == 0 && (n == kl || p[kl] == '='))
			return n == kl ? vc_strdup("") : pct_decode(p + kl + 1, n - kl - 1);
		p += n;
		if (*p == '&')
			p++;
	}
	return NULL;
}

struct vc_conn *
vc_conn_open(const char *uri)
{
	struct vc_conn *c = vc_calloc(1, sizeof(*c));
	size_t i;

	/* -c, $VIRTCORE_URI, virtcore.conf, aliases */
	if (!(c->uri = vc_uri_resolve(uri)))
		goto fail;
	uri = c->uri;
	if (vc_uri_split(c, uri) < 0)
		goto fail;
	for (i = 0; drivers[i]; i++)
		if (strcmp(drivers[i]->name, c->scheme) == 0)
			break;
	if (!drivers[i]) {
		vc_err_kind(VC_ERR_USAGE, "%s: unknown driver '%s'", uri, c->scheme);
		goto fail;
	}
	c->drv = drivers[i];
	if (c->transport) {
		vc_err("%s: a +%s URI runs the tool on the remote host; a program opens the remote host's own URI there",
		    uri, c->transport);
		goto fail;
	}
	if (c->host && !(c->drv->flags & VC_DRV_HOST)) {
		vc_err_kind(VC_ERR_USAGE, "%s: the %s driver takes no host (%s:///...); a remote host needs a +ssh transport",
		    uri, c->scheme, c->scheme);
		goto fail;
	}
	if (c->drv->flags & VC_DRV_HOST) {
		/* a remote product: local dirs only for caches, per host */
		char *d = vc_asprintf("%s-%s", c->scheme, c->host ? c->host : "local");
		int r = set_dirs(c, d, "/session");
		free(d);
		if (r < 0)
			goto fail;
	} else if (set_dirs(c, c->scheme, c->path) < 0)
		goto fail;
	if (c->drv->open && c->drv->open(c) < 0)
		goto fail;
	return c;
fail:
	vc_conn_close(c);
	return NULL;
}

void
vc_conn_close(struct vc_conn *c)
{
	if (!c)
		return;
	if (c->drv && c->drv->close)
		c->drv->close(c);
	free(c->uri);
	free(c->scheme);
	free(c->transport);
	free(c->user);
	free(c->host);
	free(c->path);
	free(c->query);
	free(c->confdir);
	free(c->rundir);
	free(c->statedir);
	free(c);
}
