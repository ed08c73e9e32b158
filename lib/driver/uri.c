/* uri.c: which driver and which state directories a URI names */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../driver.h"

static const struct vc_driver *drivers[] = { &vc_test_driver, &vc_qemu_driver, NULL };

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

struct vc_conn *
vc_conn_open(const char *uri)
{
	struct vc_conn *c = vc_calloc(1, sizeof(*c));
	const char *sep, *path;
	char *drv;
	size_t i;

	if (!uri)
		uri = vc_uri_default();
	c->uri = vc_strdup(uri);
	if (!(sep = strstr(uri, "://"))) {
		vc_err_kind(VC_ERR_USAGE, "%s: not a URI (driver:///path)", uri);
		goto fail;
	}
	drv = vc_strndup(uri, (size_t)(sep - uri));
	path = sep + 3;
	if (strchr(drv, '+')) {
		vc_err("%s: remote transports are not supported yet", uri);
		free(drv);
		goto fail;
	}
	if (*path != '/') {
		vc_err_kind(VC_ERR_USAGE, "%s: a host is only allowed with a +ssh transport", uri);
		free(drv);
		goto fail;
	}
	for (i = 0; drivers[i]; i++)
		if (strcmp(drivers[i]->name, drv) == 0)
			break;
	if (!drivers[i]) {
		vc_err_kind(VC_ERR_USAGE, "%s: unknown driver '%s'", uri, drv);
		free(drv);
		goto fail;
	}
	c->drv = drivers[i];
	if (set_dirs(c, drv, path) < 0) {
		free(drv);
		goto fail;
	}
	free(drv);
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
	free(c->confdir);
	free(c->rundir);
	free(c->statedir);
	free(c);
}
