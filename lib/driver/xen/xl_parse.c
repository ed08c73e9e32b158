/* xl_parse.c: xl.cfg -> domain XML, as libvirt's xen driver reads it
 * (its implicit devices included), then through the domain parser */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xl.h"

struct px {
	struct xl_cfg *c;
	const char *file;
	int strict;
	int hvm, pvh;
	struct vc_buf b;
};

static int
perr(struct px *x, const struct xl_ent *e, const char *fmt, ...) VC_PRINTF(3, 4);
static int
perr(struct px *x, const struct xl_ent *e, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vc_err("%s:%d: %s: %s", x->file, e->line, e->key, msg);
}

/* 0 absent, 1 set, -1 wrong type */
static int
get_str(struct px *x, const char *key, const char **s)
{
	struct xl_ent *e = vc_xl_get(x->c, key);

	*s = NULL;
	if (!e)
		return 0;
	if (e->v.type != XL_STR)
		return perr(x, e, "expected a \"string\"");
	*s = e->v.s;
	return 1;
}

static int
get_num(struct px *x, const char *key, long long min, long long max, long long *v)
{
	struct xl_ent *e = vc_xl_get(x->c, key);

	if (!e)
		return 0;
	if (e->v.type == XL_LIST || vc_parse_ll(e->v.s, min, max, v) < 0) {
		vc_err_clear();
		return perr(x, e, "expected a number from %lld to %lld", min, max);
	}
	return 1;
}

static int
get_bool(struct px *x, const char *key, int *v)
{
	long long n;
	int r = get_num(x, key, 0, 1, &n);

	if (r == 1)
		*v = (int)n;
	return r;
}

/* a list of strings, or one string as a list of one */
static int
get_strlist(struct px *x, const char *key, const char ***items, size_t *n)
{
	struct xl_ent *e = vc_xl_get(x->c, key);
	size_t i;

	*items = NULL;
	*n = 0;
	if (!e)
		return 0;
	if (e->v.type == XL_STR) {
		*items = vc_malloc(sizeof(char *));
		(*items)[0] = e->v.s;
		*n = 1;
		return 1;
	}
	if (e->v.type != XL_LIST)
		return perr(x, e, "expected a [list] of strings");
	*items = vc_calloc(e->v.n + 1, sizeof(char *));
	for (i = 0; i < e->v.n; i++) {
		if (e->v.items[i].type != XL_STR) {
			free(*items);
			*items = NULL;
			return perr(x, e, "item %zu: expected a \"string\"", i + 1);
		}
		(*items)[i] = e->v.items[i].s;
	}
	*n = e->v.n;
	return 1;
}

static int
line_of(struct px *x, const char *key)
{
	size_t i;

	for (i = 0; i < x->c->n; i++)
		if (strcmp(x->c->e[i].key, key) == 0)
			return x->c->e[i].line;
	return 0;
}

static void
attr(struct vc_buf *b, const char *name, const char *v)
{
	if (!v)
		return;
	vc_buf_printf(b, " %s='", name);
	vc_buf_esc(b, v, 1);
	vc_buf_putc(b, '\'');
}

static void
text_elem(struct vc_buf *b, const char *elem, const char *v)
{
	if (!v)
		return;
	vc_buf_printf(b, "<%s>", elem);
	vc_buf_esc(b, v, 0);
	vc_buf_printf(b, "</%s>\n", elem);
}

/* split "a,b,c" into malloc'd items (commas only; no quoting in xl specs) */
static char **
split(const char *s, int sep, size_t *n)
{
	char **v = NULL;
	const char *p = s, *q;

	*n = 0;
	for (;;) {
		q = strchr(p, sep);
		VC_APPEND(v, *n, vc_strndup(p, q ? (size_t)(q - p) : strlen(p)));
		if (!q)
			break;
		p = q + 1;
	}
	return v;
}

static void
freev(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- disks: xl-disk-configuration(5) ---- */
struct xdisk {
	char *target, *format, *vdev, *backendtype, *devtype, *backend, *script;
	int ro, cdrom;
};

static void
xdisk_clear(struct xdisk *d)
{
	free(d->target);
	free(d->format);
	free(d->vdev);
	free(d->backendtype);
	free(d->devtype);
	free(d->backend);
	free(d->script);
	memset(d, 0, sizeof(*d));
}

static int
set_access(const char *a, struct xdisk *d)
{
	if (!strcmp(a, "rw") || !strcmp(a, "w") || !*a)
		d->ro = 0;
	else if (!strcmp(a, "ro") || !strcmp(a, "r"))
		d->ro = 1;
	else
		return -1;
	return 0;
}

static const char *disk_bus(const char *vdev);
#define disk_bus_of disk_bus

/* one disk spec; -1 + message (no place) */
static int
xdisk_parse(const char *spec, struct xdisk *d)
{
	const char *p = spec;
	int pos = 0;

	memset(d, 0, sizeof(*d));
	while (*p) {
		const char *q = strchr(p, ',');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		char *it = vc_strndup(p, len), *eq;

		while (len && it[len - 1] == ' ')
			it[--len] = '\0';
		memmove(it, it + strspn(it, " "), strlen(it + strspn(it, " ")) + 1);
		if (strncmp(it, "target=", 7) == 0) {
			/* target= takes the rest of the spec, commas and all */
			const char *t = p + strspn(p, " ") + 7;
			free(d->target);
			d->target = vc_strdup(t);
			free(it);
			break;
		}
		eq = strchr(it, '=');
		if (eq) {
			char **slot = NULL;

			*eq++ = '\0';
			if (!strcmp(it, "format"))
				slot = &d->format;
			else if (!strcmp(it, "vdev"))
				slot = &d->vdev;
			else if (!strcmp(it, "backendtype"))
				slot = &d->backendtype;
			else if (!strcmp(it, "devtype"))
				slot = &d->devtype;
			else if (!strcmp(it, "backend"))
				slot = &d->backend;
			else if (!strcmp(it, "script"))
				slot = &d->script;
			else if (!strcmp(it, "access")) {
				if (set_access(eq, d) < 0) {
					vc_err("access '%s': expected ro or rw", eq);
					free(it);
					return -1;
				}
			} else if (strcmp(it, "discard") && strcmp(it, "specification") &&
			    strcmp(it, "direct-io-safe") && strcmp(it, "trusted") &&
			    strcmp(it, "colo-host") && strcmp(it, "colo-port") &&
			    strcmp(it, "colo-export") && strcmp(it, "active-disk") &&
			    strcmp(it, "hidden-disk")) {
				vc_err("unknown disk parameter '%s'", it);
				free(it);
				return -1;
			}
			if (slot) {
				free(*slot);
				*slot = vc_strdup(eq);
			}
		} else if (!strcmp(it, "cdrom")) {
			d->cdrom = 1;
		} else if (!strcmp(it, "discard") || !strcmp(it, "no-discard") ||
		    !strcmp(it, "direct-io-safe") || !strcmp(it, "trusted") ||
		    !strcmp(it, "untrusted")) {
			/* flags libvirt has no place for */
		} else {
			/* positional: target, format, vdev, access */
			switch (pos++) {
			case 0:
				if (*it) {
					free(d->target);
					d->target = vc_strdup(it);
				}
				break;
			case 1:
				/* xm's older target,vdev,access: no format in between */
				if (*it && disk_bus_of(it) && strcmp(it, "raw") && strcmp(it, "qcow") &&
				    strcmp(it, "qcow2") && strcmp(it, "vhd") && strcmp(it, "qed")) {
					free(d->vdev);
					d->vdev = vc_strdup(it);
					pos = 3;
				} else if (*it) {
					/* format=... may have come first */
					free(d->format);
					d->format = vc_strdup(it);
				}
				break;
			case 2:
				if (*it) {
					free(d->vdev);
					d->vdev = vc_strdup(it);
				}
				break;
			case 3:
				if (set_access(it, d) < 0) {
					vc_err("access '%s': expected ro or rw", it);
					free(it);
					return -1;
				}
				break;
			default:
				vc_err("'%s': too many positional parameters", it);
				free(it);
				return -1;
			}
		}
		free(it);
		if (!q)
			break;
		p = q + 1;
	}
	if (d->devtype && !strcmp(d->devtype, "cdrom"))
		d->cdrom = 1;
	else if (d->devtype && strcmp(d->devtype, "disk")) {
		vc_err("devtype '%s': expected disk or cdrom", d->devtype);
		return -1;
	}
	if (!d->vdev) {
		vc_err("no vdev (the guest's device name)");
		return -1;
	}
	/* legacy prefixes on the target: phy:, file:, tap:aio:, tap:qcow2:, qcow2: ... */
	if (d->target) {
		static const char *const fmts[] = {"raw", "qcow", "qcow2", "vhd", "qed", NULL};
		char *t = d->target;
		size_t i;

		if (!strncmp(t, "phy:", 4)) {
			if (!d->backendtype)
				d->backendtype = vc_strdup("phy");
			memmove(t, t + 4, strlen(t + 4) + 1);
		} else if (!strncmp(t, "file:", 5)) {
			memmove(t, t + 5, strlen(t + 5) + 1);
		} else if (!strncmp(t, "tap:", 4) || !strncmp(t, "tap2:", 5)) {
			memmove(t, strchr(t, ':') + 1, strlen(strchr(t, ':') + 1) + 1);
			if (!d->backendtype)
				d->backendtype = vc_strdup("tap");
			if (!strncmp(t, "aio:", 4))
				memmove(t, t + 4, strlen(t + 4) + 1);
		}
		for (i = 0; fmts[i]; i++) {
			size_t l = strlen(fmts[i]);
			if (!strncmp(t, fmts[i], l) && t[l] == ':') {
				free(d->format);
				d->format = vc_strdup(fmts[i]);
				memmove(t, t + l + 1, strlen(t + l + 1) + 1);
				break;
			}
		}
	}
	if (d->format && strcmp(d->format, "raw") && strcmp(d->format, "qcow") &&
	    strcmp(d->format, "qcow2") && strcmp(d->format, "vhd") &&
	    strcmp(d->format, "qed") && strcmp(d->format, "empty")) {
		vc_err("format '%s': expected raw, qcow, qcow2, vhd, qed or empty", d->format);
		return -1;
	}
	if (d->backendtype && strcmp(d->backendtype, "phy") && strcmp(d->backendtype, "qdisk") &&
	    strcmp(d->backendtype, "tap") && strcmp(d->backendtype, "standalone")) {
		vc_err("backendtype '%s': expected phy, qdisk, tap or standalone", d->backendtype);
		return -1;
	}
	return 0;
}

static const char *
disk_bus(const char *vdev)
{
	if (!strncmp(vdev, "hd", 2))
		return "ide";
	if (!strncmp(vdev, "sd", 2))
		return "scsi";
	if (!strncmp(vdev, "xvd", 3))
		return "xen";
	if (!strncmp(vdev, "fd", 2))
		return "fdc";
	return NULL;
}

/* rbd:pool/image:key=value:mon_host=h1\:port\;h2\:port */
static void
rbd_source(struct vc_buf *b, const char *t)
{
	char *s = vc_strdup(t + 4), *p, *name, *hosts = NULL;
	struct vc_buf hb = {0};

	/* split on ':' not preceded by '\' */
	name = s;
	for (p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == ':') {
			*p = '\0';
			if (!strncmp(p + 1, "mon_host=", 9))
				hosts = p + 10;
		}
	}
	vc_buf_puts(b, "<source protocol='rbd'");
	attr(b, "name", name);
	vc_buf_puts(b, ">\n");
	if (hosts) {
		/* h\:port\;h\:port */
		char *h = hosts;

		while (*h) {
			char *end = strstr(h, "\\;"), *colon;

			if (end)
				*end = '\0';
			colon = strstr(h, "\\:");
			if (colon)
				*colon = '\0';
			vc_buf_puts(&hb, "<host");
			attr(&hb, "name", h);
			attr(&hb, "port", colon ? colon + 2 : NULL);
			vc_buf_puts(&hb, "/>\n");
			if (!end)
				break;
			h = end + 2;
		}
		if (hb.len)
			vc_buf_puts(b, hb.s);
	}
	vc_buf_puts(b, "</source>\n");
	vc_buf_free(&hb);
	free(s);
}

static int
disks(struct px *x)
{
	const char **v;
	size_t n, i;
	int ide = 0, r;

	if ((r = get_strlist(x, "disk", &v, &n)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct xdisk d;
		const char *bus, *drv;
		int block;

		if (xdisk_parse(v[i], &d) < 0) {
			vc_err_prefix("%s:%d: disk: '%s'", x->file, line_of(x, "disk"), v[i]);
			xdisk_clear(&d);
			free(v);
			return -1;
		}
		bus = disk_bus(d.vdev);
		if (!bus) {
			vc_err("%s:%d: disk: '%s': vdev '%s': expected hdX, sdX, xvdX or fdX",
			    x->file, line_of(x, "disk"), v[i], d.vdev);
			xdisk_clear(&d);
			free(v);
			return -1;
		}
		if (d.format && !strcmp(d.format, "empty")) {
			free(d.format);
			d.format = NULL;
			free(d.target);
			d.target = NULL;
		}
		block = d.backendtype && !strcmp(d.backendtype, "phy");
		drv = !d.backendtype || !strcmp(d.backendtype, "qdisk") ? "qemu" :
		    !strcmp(d.backendtype, "phy") ? "phy" : d.backendtype;
		if (d.target && !strncmp(d.target, "rbd:", 4))
			vc_buf_puts(&x->b, "<disk type='network'");
		else
			vc_buf_printf(&x->b, "<disk type='%s'", block ? "block" : "file");
		vc_buf_printf(&x->b, " device='%s'>\n", d.cdrom ? "cdrom" : "disk");
		vc_buf_puts(&x->b, "<driver");
		attr(&x->b, "name", drv);
		attr(&x->b, "type", d.format ? d.format : "raw");
		vc_buf_puts(&x->b, "/>\n");
		if (d.backend) {
			vc_buf_puts(&x->b, "<backenddomain");
			attr(&x->b, "name", d.backend);
			vc_buf_puts(&x->b, "/>\n");
		}
		if (d.target && !strncmp(d.target, "rbd:", 4))
			rbd_source(&x->b, d.target);
		else if (d.target) {
			vc_buf_puts(&x->b, "<source");
			attr(&x->b, block ? "dev" : "file", d.target);
			vc_buf_puts(&x->b, "/>\n");
		}
		vc_buf_puts(&x->b, "<target");
		attr(&x->b, "dev", d.vdev);
		attr(&x->b, "bus", bus);
		vc_buf_puts(&x->b, "/>\n");
		if (d.ro)
			vc_buf_puts(&x->b, "<readonly/>\n");
		if (!strcmp(bus, "ide") && strlen(d.vdev) == 3 && d.vdev[2] >= 'a' && d.vdev[2] <= 'd') {
			int idx = d.vdev[2] - 'a';

			vc_buf_printf(&x->b, "<address type='drive' controller='0' bus='%d' target='0' unit='%d'/>\n",
			    idx / 2, idx % 2);
			ide = 1;
		}
		vc_buf_puts(&x->b, "</disk>\n");
		if (d.script && vc_native_drop(x->strict, x->file, line_of(x, "disk"),
		    "disk %s: script=%s", d.vdev, d.script) < 0) {
			xdisk_clear(&d);
			free(v);
			return -1;
		}
		xdisk_clear(&d);
	}
	free(v);
	return ide;
}

/* ---- vifs ---- */
static int
rate_kbs(const char *r, unsigned long long *kb)
{
	char *end;
	unsigned long long v;
	double mul = 1;

	errno = 0;
	v = strtoull(r, &end, 10);
	if (end == r || errno)
		return -1;
	switch (*end) {
	case 'G': mul = 1024.0 * 1024 * 1024; end++; break;
	case 'M': mul = 1024.0 * 1024; end++; break;
	case 'K': mul = 1024; end++; break;
	default: break;
	}
	if (*end == 'B')
		;
	else if (*end == 'b')
		mul /= 8;
	else
		return -1;
	end++;
	if (strncmp(end, "/s", 2))
		return -1;
	end += 2;
	if (*end && *end != '@')
		return -1;
	*kb = (unsigned long long)(v * mul / 1024);
	return 0;
}

static int
vifs(struct px *x)
{
	const char **v;
	size_t n, i, j;

	if (get_strlist(x, "vif", &v, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char **kv, *mac = NULL, *bridge = NULL, *ip = NULL, *script = NULL;
		char *model = NULL, *type = NULL, *vifname = NULL, *rate = NULL, *backend = NULL;
		size_t nkv;
		unsigned long long kb = 0;
		int err = 0;

		kv = split(v[i], ',', &nkv);
		for (j = 0; j < nkv && !err; j++) {
			char *k = kv[j] + strspn(kv[j], " "), *eq = strchr(k, '=');

			if (!*k)
				continue;
			if (!eq) {
				vc_err("%s:%d: vif: '%s': '%s': expected KEY=VALUE", x->file,
				    line_of(x, "vif"), v[i], k);
				err = 1;
				break;
			}
			*eq++ = '\0';
			if (!strcmp(k, "mac"))
				mac = eq;
			else if (!strcmp(k, "bridge"))
				bridge = eq;
			else if (!strcmp(k, "ip"))
				ip = eq;
			else if (!strcmp(k, "script"))
				script = eq;
			else if (!strcmp(k, "model"))
				model = eq;
			else if (!strcmp(k, "type"))
				type = eq;
			else if (!strcmp(k, "vifname"))
				vifname = eq;
			else if (!strcmp(k, "rate"))
				rate = eq;
			else if (!strcmp(k, "backend"))
				backend = eq;
			else if (!strcmp(k, "gatewaydev") || !strcmp(k, "accel") ||
			    !strcmp(k, "devid") || !strcmp(k, "mtu")) {
				if (vc_native_drop(x->strict, x->file, line_of(x, "vif"), "vif: %s=%s", k, eq) < 0)
					err = 1;
			} else {
				vc_err("%s:%d: vif: '%s': unknown vif parameter '%s'", x->file,
				    line_of(x, "vif"), v[i], k);
				err = 1;
			}
		}
		if (!err && rate && rate_kbs(rate, &kb) < 0) {
			vc_err("%s:%d: vif: '%s': rate '%s': expected N[KMG]{B,b}/s", x->file,
			    line_of(x, "vif"), v[i], rate);
			err = 1;
		}
		if (!err && mac) {
			unsigned char m[6];
			if (vc_mac_parse(mac, m) < 0) {
				vc_err("%s:%d: vif: '%s': mac '%s': not a MAC address", x->file,
				    line_of(x, "vif"), v[i], mac);
				err = 1;
			}
		}
		if (err) {
			freev(kv, nkv);
			free(v);
			return -1;
		}
		if (type && strcmp(type, "vif") && strcmp(type, "ioemu")) {
			vc_err("%s:%d: vif: '%s': type '%s': expected vif or ioemu", x->file,
			    line_of(x, "vif"), v[i], type);
			freev(kv, nkv);
			free(v);
			return -1;
		}
		vc_buf_printf(&x->b, "<interface type='%s'>\n", bridge ? "bridge" : "ethernet");
		if (mac) {
			vc_buf_puts(&x->b, "<mac");
			attr(&x->b, "address", mac);
			vc_buf_puts(&x->b, "/>\n");
		}
		if (bridge) {
			/* ovsbr0:42:43 (trunk) or ovsbr0.42 (one tag): openvswitch */
			char *br = vc_strdup(bridge), *tags = strpbrk(br, ".:");
			int trunk = tags && *tags == ':';

			if (tags)
				*tags++ = '\0';
			vc_buf_puts(&x->b, "<source");
			attr(&x->b, "bridge", br);
			vc_buf_puts(&x->b, "/>\n");
			if (tags) {
				char **t;
				size_t nt, k;

				t = split(tags, ':', &nt);
				vc_buf_printf(&x->b, "<vlan%s>\n", trunk ? " trunk='yes'" : "");
				for (k = 0; k < nt; k++) {
					vc_buf_puts(&x->b, "<tag");
					attr(&x->b, "id", t[k]);
					vc_buf_puts(&x->b, "/>\n");
				}
				vc_buf_puts(&x->b, "</vlan>\n<virtualport type='openvswitch'/>\n");
				freev(t, nt);
			}
			free(br);
		}
		if (rate)
			vc_buf_printf(&x->b, "<bandwidth>\n<outbound average='%llu'/>\n</bandwidth>\n", kb);
		if (ip) {
			char **ips;
			size_t ni, k;

			ips = split(ip, ' ', &ni);
			for (k = 0; k < ni; k++) {
				if (!*ips[k])
					continue;
				vc_buf_puts(&x->b, "<ip");
				attr(&x->b, "address", ips[k]);
				attr(&x->b, "family", strchr(ips[k], ':') ? "ipv6" : "ipv4");
				vc_buf_puts(&x->b, "/>\n");
			}
			freev(ips, ni);
		}
		if (script) {
			vc_buf_puts(&x->b, "<script");
			attr(&x->b, "path", script);
			vc_buf_puts(&x->b, "/>\n");
		}
		if (backend) {
			vc_buf_puts(&x->b, "<backenddomain");
			attr(&x->b, "name", backend);
			vc_buf_puts(&x->b, "/>\n");
		}
		if (vifname) {
			vc_buf_puts(&x->b, "<target");
			attr(&x->b, "dev", vifname);
			vc_buf_puts(&x->b, "/>\n");
		}
		if (model || (type && !strcmp(type, "vif"))) {
			vc_buf_puts(&x->b, "<model");
			attr(&x->b, "type", model ? model : "netfront");
			vc_buf_puts(&x->b, "/>\n");
		}
		vc_buf_puts(&x->b, "</interface>\n");
		freev(kv, nkv);
	}
	free(v);
	return 0;
}

/* ---- character devices: pty, null, vc, stdio, file:P, pipe:P, /dev/X,
 * tcp:H:P[,server,nowait], udp:H:P[@H:P], unix:P[,server,nowait] ---- */
static int
chr_source(struct px *x, const char *key, const char *s, const char *elem,
    const char *target, struct vc_buf *out, int *none)
{
	const char *type;
	const char *path = NULL;
	char *host = NULL, *svc = NULL;
	int bind = 0;

	*none = 0;
	if (!strcmp(s, "none")) {
		*none = 1;
		return 0;
	}
	if (!strcmp(s, "pty") || !strcmp(s, "null") || !strcmp(s, "vc") || !strcmp(s, "stdio"))
		type = s;
	else if (!strncmp(s, "file:", 5))
		type = "file", path = s + 5;
	else if (!strncmp(s, "pipe:", 5))
		type = "pipe", path = s + 5;
	else if (!strncmp(s, "/dev/", 5))
		type = "dev", path = s;
	else if (!strncmp(s, "unix:", 5)) {
		const char *c = strchr(s + 5, ',');

		type = "unix";
		host = vc_strndup(s + 5, c ? (size_t)(c - s - 5) : strlen(s + 5));
		bind = c && strstr(c, "server") != NULL;
	} else if (!strncmp(s, "tcp:", 4) || !strncmp(s, "telnet:", 7)) {
		const char *h = strchr(s, ':') + 1, *c = strrchr(h, ':'), *opt;

		type = "tcp";
		if (!c) {
			vc_err("%s:%d: %s: '%s': expected tcp:HOST:PORT", x->file, line_of(x, key), key, s);
			return -1;
		}
		host = vc_strndup(h, c - h);
		opt = strchr(c, ',');
		svc = vc_strndup(c + 1, opt ? (size_t)(opt - c - 1) : strlen(c + 1));
		bind = opt && strstr(opt, "server") != NULL;
	} else {
		vc_err("%s:%d: %s: '%s': unknown character device", x->file, line_of(x, key), key, s);
		return -1;
	}
	vc_buf_printf(out, "<%s type='%s'>\n", elem, type);
	if (path) {
		vc_buf_puts(out, "<source");
		attr(out, "path", path);
		vc_buf_puts(out, "/>\n");
	} else if (!strcmp(type, "unix")) {
		vc_buf_printf(out, "<source mode='%s'", bind ? "bind" : "connect");
		attr(out, "path", host);
		vc_buf_puts(out, "/>\n");
	} else if (!strcmp(type, "tcp")) {
		vc_buf_printf(out, "<source mode='%s'", bind ? "bind" : "connect");
		attr(out, "host", *host ? host : NULL);
		attr(out, "service", svc);
		vc_buf_puts(out, "/>\n");
		vc_buf_printf(out, "<protocol type='%s'/>\n", strncmp(s, "telnet:", 7) ? "raw" : "telnet");
	}
	vc_buf_printf(out, "%s\n</%s>\n", target, elem);
	free(host);
	free(svc);
	return 1;
}

static int
serials(struct px *x, char **console)
{
	const char **v;
	size_t n, i;
	int none;

	*console = NULL;
	if (get_strlist(x, "serial", &v, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char *t = vc_asprintf("<target port='%zu'/>", i);
		int r = chr_source(x, "serial", v[i], "serial", t, &x->b, &none);

		free(t);
		if (r < 0) {
			free(*console);     /* the first port's, when a later one is bad */
			*console = NULL;
			free(v);
			return -1;
		}
		if (r && i == 0) {
			/* the console repeats the first serial port */
			struct vc_buf cb = {0};

			chr_source(x, "serial", v[i], "console", "<target type='serial' port='0'/>", &cb, &none);
			*console = vc_buf_take(&cb);
		}
	}
	free(v);
	return 0;
}

static int
channels(struct px *x)
{
	const char **v;
	size_t n, i, j;

	if (get_strlist(x, "channel", &v, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char **kv, *conn = NULL, *name = NULL, *path = NULL;
		size_t nkv;

		kv = split(v[i], ',', &nkv);
		for (j = 0; j < nkv; j++) {
			char *eq = strchr(kv[j], '=');

			if (!eq)
				continue;
			*eq++ = '\0';
			if (!strcmp(kv[j], "connection"))
				conn = eq;
			else if (!strcmp(kv[j], "name"))
				name = eq;
			else if (!strcmp(kv[j], "path"))
				path = eq;
			else if (strcmp(kv[j], "backend") && strcmp(kv[j], "devid")) {
				vc_err("%s:%d: channel: '%s': unknown channel parameter '%s'",
				    x->file, line_of(x, "channel"), v[i], kv[j]);
				freev(kv, nkv);
				free(v);
				return -1;
			}
		}
		if (!conn || (strcmp(conn, "pty") && strcmp(conn, "socket")) ||
		    (!strcmp(conn, "socket") && !path)) {
			vc_err("%s:%d: channel: '%s': expected connection=pty or connection=socket,path=P",
			    x->file, line_of(x, "channel"), v[i]);
			freev(kv, nkv);
			free(v);
			return -1;
		}
		if (!strcmp(conn, "pty"))
			vc_buf_puts(&x->b, "<channel type='pty'>\n");
		else {
			vc_buf_puts(&x->b, "<channel type='unix'>\n<source mode='bind'");
			attr(&x->b, "path", path);
			vc_buf_puts(&x->b, "/>\n");
		}
		vc_buf_puts(&x->b, "<target type='xen'");
		attr(&x->b, "name", name);
		vc_buf_puts(&x->b, "/>\n</channel>\n");
		freev(kv, nkv);
	}
	free(v);
	return 0;
}

static int
pcis(struct px *x)
{
	const char **v;
	size_t n, i, j;
	int permissive_all = 0, seize_all = 0, msi = 0;

	if (get_strlist(x, "pci", &v, &n) < 0 || get_bool(x, "pci_permissive", &permissive_all) < 0 ||
	    get_bool(x, "pci_seize", &seize_all) < 0 || get_bool(x, "pci_msitranslate", &msi) < 0) {
		free(v);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char **kv;
		size_t nkv;
		unsigned dom = 0, bus, slot, fn;
		int permissive = permissive_all, seize = seize_all;
		const char *bdf;
		char *vslot;

		kv = split(v[i], ',', &nkv);
		/* [DDDD:]BB:SS.F[@VSLOT] */
		bdf = kv[0];
		vslot = strchr(kv[0], '@');
		if (vslot)
			*vslot++ = '\0';
		if ((sscanf(bdf, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) != 4 &&
		     (dom = 0, sscanf(bdf, "%x:%x.%x", &bus, &slot, &fn) != 3)) ||
		    dom > 0xffff || bus > 0xff || slot > 0x1f || fn > 7) {
			vc_err("%s:%d: pci: '%s': expected [DDDD:]BB:SS.F", x->file, line_of(x, "pci"), v[i]);
			freev(kv, nkv);
			free(v);
			return -1;
		}
		for (j = 1; j < nkv; j++) {
			char *eq = strchr(kv[j], '=');
			long long b;

			if (eq)
				*eq++ = '\0';
			if (!eq || vc_parse_ll(eq, 0, 1, &b) < 0) {
				vc_err_clear();
				if (eq && (!strcmp(kv[j], "rdm_policy") || !strcmp(kv[j], "name")))
					continue;
				vc_err("%s:%d: pci: '%s': '%s': expected KEY=0|1", x->file,
				    line_of(x, "pci"), v[i], kv[j]);
				freev(kv, nkv);
				free(v);
				return -1;
			}
			if (!strcmp(kv[j], "permissive"))
				permissive = (int)b;
			else if (!strcmp(kv[j], "seize"))
				seize = (int)b;
			else if (!strcmp(kv[j], "msitranslate") || !strcmp(kv[j], "power_mgmt")) {
				if (b && vc_native_drop(x->strict, x->file, line_of(x, "pci"),
				    "pci %s: %s=1", bdf, kv[j]) < 0) {
					freev(kv, nkv);
					free(v);
					return -1;
				}
			} else {
				vc_err("%s:%d: pci: '%s': unknown pci parameter '%s'", x->file,
				    line_of(x, "pci"), v[i], kv[j]);
				freev(kv, nkv);
				free(v);
				return -1;
			}
		}
		vc_buf_printf(&x->b, "<hostdev mode='subsystem' type='pci' managed='%s'>\n<source%s>\n"
		    "<address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>\n</source>\n</hostdev>\n",
		    seize ? "yes" : "no", permissive ? " writeFiltering='no'" : "", dom, bus, slot, fn);
		freev(kv, nkv);
	}
	free(v);
	return 0;
}

static int
usbdevs(struct px *x)
{
	const char **v;
	size_t n, i;

	if (get_strlist(x, "usbdev", &v, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned bus, dev;
		char c;

		if (sscanf(v[i], "hostbus=%u,hostaddr=%u%c", &bus, &dev, &c) != 2) {
			vc_err("%s:%d: usbdev: '%s': expected hostbus=N,hostaddr=N", x->file,
			    line_of(x, "usbdev"), v[i]);
			free(v);
			return -1;
		}
		vc_buf_printf(&x->b, "<hostdev mode='subsystem' type='usb' managed='no'>\n<source>\n"
		    "<address bus='%u' device='%u'/>\n</source>\n</hostdev>\n", bus, dev);
	}
	free(v);
	return 0;
}

static int
usbctrls(struct px *x)
{
	const char **v;
	size_t n, i;

	if (get_strlist(x, "usbctrl", &v, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned ver = 2, ports = 8;
		char **kv;
		size_t nkv, j;
		const char *model;

		kv = split(v[i], ',', &nkv);
		for (j = 0; j < nkv; j++) {
			char *eq = strchr(kv[j], '=');
			unsigned long long u;

			if (eq)
				*eq++ = '\0';
			if (eq && !strcmp(kv[j], "version") && vc_parse_ull(eq, 1, 3, &u) == 0)
				ver = (unsigned)u;
			else if (eq && !strcmp(kv[j], "ports") && vc_parse_ull(eq, 1, 31, &u) == 0)
				ports = (unsigned)u;
			else if (eq && !strcmp(kv[j], "type"))
				;
			else {
				vc_err_clear();
				vc_err("%s:%d: usbctrl: '%s': '%s': expected type=, version=1-3 or ports=1-31",
				    x->file, line_of(x, "usbctrl"), v[i], kv[j]);
				freev(kv, nkv);
				free(v);
				return -1;
			}
		}
		model = ver == 1 ? "qusb1" : "qusb2";
		vc_buf_printf(&x->b, "<controller type='usb' index='%zu' model='%s' ports='%u'/>\n", i, model, ports);
		freev(kv, nkv);
	}
	free(v);
	return 0;
}

/* cpuid = "host,tm=0,sse3=1": xl's names where they differ from libvirt's */
static const char *const cpuid_names[][2] = {
	{"sse3", "pni"}, {"page1gb", "pdpe1gb"}, {"cmplegacy", "cmp_legacy"},
	{"altmovcr8", "cr8legacy"}, {"lahfsahf", "lahf_lm"}, {"sse4_1", "sse4.1"},
	{"sse4_2", "sse4.2"}, {"nx", "nx"}, {NULL, NULL},
};

const char *vc_xl_cpuid_name(const char *name, int to_xl);
const char *
vc_xl_cpuid_name(const char *name, int to_xl)
{
	size_t i;

	for (i = 0; cpuid_names[i][0]; i++)
		if (!strcmp(cpuid_names[i][to_xl ? 1 : 0], name))
			return cpuid_names[i][to_xl ? 0 : 1];
	return name;
}

static int
cpu(struct px *x)
{
	const char *cpuid;
	int nested = -1, r;
	char **kv = NULL;
	size_t nkv = 0, i;
	struct vc_buf f = {0};

	if (get_bool(x, "nestedhvm", &nested) < 0 || get_str(x, "cpuid", &cpuid) < 0)
		return -1;
	if (cpuid) {
		kv = split(cpuid, ',', &nkv);
		if (strcmp(kv[0], "host")) {
			vc_err("%s:%d: cpuid: '%s': only the \"host,...\" form is understood",
			    x->file, line_of(x, "cpuid"), cpuid);
			freev(kv, nkv);
			return -1;
		}
		for (i = 1; i < nkv; i++) {
			char *eq = strchr(kv[i], '=');
			const char *pol;

			if (!eq || !eq[1] || eq[2]) {
				vc_err("%s:%d: cpuid: '%s': expected NAME=0|1|x|k|s",
				    x->file, line_of(x, "cpuid"), kv[i]);
				freev(kv, nkv);
				vc_buf_free(&f);
				return -1;
			}
			*eq++ = '\0';
			pol = *eq == '0' ? "disable" : *eq == '1' ? "force" :
			    *eq == 'x' ? "optional" : *eq == 'k' || *eq == 's' ? "require" : NULL;
			if (!pol) {
				vc_err("%s:%d: cpuid: '%s=%s': expected 0, 1, x, k or s",
				    x->file, line_of(x, "cpuid"), kv[i], eq);
				freev(kv, nkv);
				vc_buf_free(&f);
				return -1;
			}
			vc_buf_printf(&f, "<feature policy='%s' name='%s'/>\n", pol, vc_xl_cpuid_name(kv[i], 0));
		}
	}
	if (nested == 0)
		vc_buf_puts(&f, "<feature policy='disable' name='vmx'/>\n");
	r = 0;
	if (nested >= 0 || cpuid) {
		if (f.len)
			vc_buf_printf(&x->b, "<cpu mode='host-passthrough'>\n%s</cpu>\n", f.s);
		else
			vc_buf_puts(&x->b, "<cpu mode='host-passthrough'/>\n");
	}
	freev(kv, nkv);
	vc_buf_free(&f);
	return r;
}

/* vnuma = [ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10,21" ], ... ] */
static int
vnuma(struct px *x, struct vc_buf *b)
{
	struct xl_ent *e = vc_xl_get(x->c, "vnuma");
	size_t i, j;

	if (!e)
		return 0;
	if (e->v.type != XL_LIST)
		return perr(x, e, "expected a [list] of [lists]");
	vc_buf_puts(b, "<numa>\n");
	for (i = 0; i < e->v.n; i++) {
		struct xl_val *c = &e->v.items[i];
		const char *size = NULL, *vcpus = NULL, *dist = NULL;
		unsigned long long mib;

		if (c->type != XL_LIST)
			return perr(x, e, "node %zu: expected a [list] of strings", i);
		for (j = 0; j < c->n; j++) {
			const char *s = c->items[j].s;

			if (c->items[j].type != XL_STR)
				return perr(x, e, "node %zu: expected strings", i);
			if (!strncmp(s, "size=", 5))
				size = s + 5;
			else if (!strncmp(s, "vcpus=", 6))
				vcpus = s + 6;
			else if (!strncmp(s, "vdistances=", 11))
				dist = s + 11;
			else if (strncmp(s, "pnode=", 6))
				return perr(x, e, "node %zu: '%s': expected pnode=, size=, vcpus= or vdistances=", i, s);
		}
		if (!size || !vcpus || vc_parse_ull(size, 1, 1ULL << 40, &mib) < 0) {
			vc_err_clear();
			return perr(x, e, "node %zu: needs size=MiB and vcpus=LIST", i);
		}
		vc_buf_printf(b, "<cell id='%zu'", i);
		attr(b, "cpus", vcpus);
		vc_buf_printf(b, " memory='%llu' unit='KiB'", mib * 1024);
		if (dist) {
			char **d;
			size_t nd, k;

			d = split(dist, ',', &nd);
			vc_buf_puts(b, ">\n<distances>\n");
			for (k = 0; k < nd; k++) {
				vc_buf_printf(b, "<sibling id='%zu'", k);
				attr(b, "value", d[k]);
				vc_buf_puts(b, "/>\n");
			}
			vc_buf_puts(b, "</distances>\n</cell>\n");
			freev(d, nd);
		} else
			vc_buf_puts(b, "/>\n");
	}
	vc_buf_puts(b, "</numa>\n");
	return 1;
}

static int
graphics(struct px *x, int *video)
{
	int vnc = 0, sdl = 0, spice = 0, unused = 1;
	long long disp = -1, port = 0, tls = 0, mouse = -1;
	const char *listen, *pw, *keymap, *display, *xauth, *spicehost, *spicepw;
	int vdagent = 0, clip = 0, noticket = 0;

	*video = 0;
	if (!x->hvm) {
		const char **v;
		size_t n, i, j;

		if (get_strlist(x, "vfb", &v, &n) < 0)
			return -1;
		for (i = 0; i < n; i++) {
			char **kv;
			size_t nkv;
			const char *type = NULL, *l = NULL, *p = NULL, *km = NULL, *d = NULL;
			long long dn = -1;
			int vu = 1;

			kv = split(v[i], ',', &nkv);
			for (j = 0; j < nkv; j++) {
				char *eq = strchr(kv[j], '=');

				if (!eq)
					continue;
				*eq++ = '\0';
				if (!strcmp(kv[j], "vnc") && !strcmp(eq, "1"))
					type = "vnc";
				else if (!strcmp(kv[j], "sdl") && !strcmp(eq, "1"))
					type = "sdl";
				else if (!strcmp(kv[j], "type"))
					type = eq;
				else if (!strcmp(kv[j], "vnclisten"))
					l = eq;
				else if (!strcmp(kv[j], "vncpasswd"))
					p = eq;
				else if (!strcmp(kv[j], "keymap"))
					km = eq;
				else if (!strcmp(kv[j], "display"))
					d = eq;
				else if (!strcmp(kv[j], "vncunused"))
					vu = strcmp(eq, "0") != 0;
				else if (!strcmp(kv[j], "vncdisplay"))
					dn = strtoll(eq, NULL, 10);
			}
			if (type && !strcmp(type, "vnc")) {
				vc_buf_puts(&x->b, "<graphics type='vnc'");
				if (vu || dn < 0)
					vc_buf_puts(&x->b, " port='-1' autoport='yes'");
				else
					vc_buf_printf(&x->b, " port='%lld' autoport='no'", 5900 + dn);
				attr(&x->b, "listen", l);
				attr(&x->b, "passwd", p);
				attr(&x->b, "keymap", km);
				vc_buf_puts(&x->b, ">\n");
				if (l) {
					vc_buf_puts(&x->b, "<listen type='address'");
					attr(&x->b, "address", l);
					vc_buf_puts(&x->b, "/>\n");
				}
				vc_buf_puts(&x->b, "</graphics>\n");
			} else if (type && !strcmp(type, "sdl")) {
				vc_buf_puts(&x->b, "<graphics type='sdl'");
				attr(&x->b, "display", d);
				vc_buf_puts(&x->b, "/>\n");
			}
			freev(kv, nkv);
		}
		free(v);
		return 0;
	}
	if (get_bool(x, "vnc", &vnc) < 0 || get_bool(x, "sdl", &sdl) < 0 ||
	    get_bool(x, "spice", &spice) < 0 || get_bool(x, "vncunused", &unused) < 0 ||
	    get_num(x, "vncdisplay", 0, 65535 - 5900, &disp) < 0 ||
	    get_str(x, "vnclisten", &listen) < 0 || get_str(x, "vncpasswd", &pw) < 0 ||
	    get_str(x, "keymap", &keymap) < 0 || get_str(x, "display", &display) < 0 ||
	    get_str(x, "xauthority", &xauth) < 0 || get_str(x, "spicehost", &spicehost) < 0 ||
	    get_num(x, "spiceport", 0, 65535, &port) < 0 || get_num(x, "spicetls_port", 0, 65535, &tls) < 0 ||
	    get_bool(x, "spicedisable_ticketing", &noticket) < 0 ||
	    get_str(x, "spicepasswd", &spicepw) < 0 || get_num(x, "spiceagent_mouse", 0, 1, &mouse) < 0 ||
	    get_bool(x, "spicevdagent", &vdagent) < 0 || get_bool(x, "spice_clipboard_sharing", &clip) < 0)
		return -1;
	if (vnc) {
		vc_buf_puts(&x->b, "<graphics type='vnc'");
		if (unused || disp < 0)
			vc_buf_puts(&x->b, " port='-1' autoport='yes'");
		else
			vc_buf_printf(&x->b, " port='%lld' autoport='no'", 5900 + disp);
		attr(&x->b, "listen", listen);
		attr(&x->b, "passwd", pw);
		attr(&x->b, "keymap", keymap);
		vc_buf_puts(&x->b, ">\n");
		if (listen) {
			vc_buf_puts(&x->b, "<listen type='address'");
			attr(&x->b, "address", listen);
			vc_buf_puts(&x->b, "/>\n");
		}
		vc_buf_puts(&x->b, "</graphics>\n");
		*video = 1;
	}
	if (sdl) {
		vc_buf_puts(&x->b, "<graphics type='sdl'");
		attr(&x->b, "display", display);
		attr(&x->b, "xauth", xauth);
		vc_buf_puts(&x->b, "/>\n");
		*video = 1;
	}
	if (spice) {
		vc_buf_puts(&x->b, "<graphics type='spice'");
		if (port)
			vc_buf_printf(&x->b, " port='%lld'", port);
		if (tls)
			vc_buf_printf(&x->b, " tlsPort='%lld'", tls);
		vc_buf_printf(&x->b, " autoport='%s'", port || tls ? "no" : "yes");
		attr(&x->b, "listen", spicehost);
		if (!noticket)
			attr(&x->b, "passwd", spicepw);
		attr(&x->b, "keymap", keymap);
		vc_buf_puts(&x->b, ">\n");
		if (spicehost) {
			vc_buf_puts(&x->b, "<listen type='address'");
			attr(&x->b, "address", spicehost);
			vc_buf_puts(&x->b, "/>\n");
		}
		if (mouse >= 0)
			vc_buf_printf(&x->b, "<mouse mode='%s'/>\n", mouse ? "client" : "server");
		vc_buf_printf(&x->b, "<clipboard copypaste='%s'/>\n", vdagent && clip ? "yes" : "no");
		vc_buf_puts(&x->b, "</graphics>\n");
		*video = 1;
	}
	return 0;
}

/* the keys this converter reads, so the rest can be reported */
static int
report_unused(struct px *x)
{
	size_t i;

	for (i = 0; i < x->c->n; i++) {
		struct xl_ent *e = &x->c->e[i];

		if (e->used)
			continue;
		if (vc_native_drop(x->strict, x->file, e->line, "%s: no domain XML for it", e->key) < 0)
			return -1;
	}
	return 0;
}

static const char *
life(struct px *x, const char *key, const char *dflt, int *err)
{
	const char *s;
	static const char *const ok[] = {"destroy", "restart", "rename-restart", "preserve",
		"coredump-destroy", "coredump-restart", NULL};
	size_t i;

	if (get_str(x, key, &s) < 0) {
		*err = 1;
		return NULL;
	}
	if (!s)
		return dflt;
	for (i = 0; ok[i]; i++)
		if (!strcmp(ok[i], s))
			return s;
	vc_err("%s:%d: %s: '%s': expected destroy, restart, rename-restart, preserve, "
	    "coredump-destroy or coredump-restart", x->file, line_of(x, key), key, s);
	*err = 1;
	return NULL;
}

static int
convert(struct px *x)
{
	struct vc_buf *b = &x->b;
	const char *name, *uuid, *type, *builder, *kernel, *ramdisk, *cmdline, *extra, *root;
	const char *bootloader, *bootargs, *bios, *biospath, *acpifw, *boot, *dm, *cpus;
	const char *tsc, *passthrough, *usbdevice, *soundhw, *vga;
	const char *poweroff, *reboot, *crash;
	long long mem = 128, maxmem = -1, vcpus = 1, maxvcpus = -1, rtc = 0, evch = -1, videoram = -1;
	int pae = -1, acpi = -1, apic = -1, hap = -1, viridian = -1, e820 = -1, hpet = -1;
	int localtime = 0, usb = 0, err = 0, video, ide, nested_dummy;
	char *console = NULL;
	struct vc_buf numa = {0};
	size_t i;

	(void)nested_dummy;
	for (i = 0; i < x->c->n; i++)
		if (!vc_xl_key_known(x->c->e[i].key))
			return vc_err("%s:%d: %s: unknown key", x->file, x->c->e[i].line, x->c->e[i].key);
	if (get_str(x, "name", &name) < 0 || get_str(x, "uuid", &uuid) < 0 ||
	    get_str(x, "type", &type) < 0 || get_str(x, "builder", &builder) < 0)
		return -1;
	if (!name)
		return vc_err("%s: name: missing (every xl.cfg names its guest)", x->file);
	if (type) {
		if (!strcmp(type, "hvm"))
			x->hvm = 1;
		else if (!strcmp(type, "pvh"))
			x->pvh = 1;
		else if (strcmp(type, "pv"))
			return vc_err("%s:%d: type: '%s': expected pv, pvh or hvm", x->file, line_of(x, "type"), type);
	} else if (builder) {
		if (!strcmp(builder, "hvm"))
			x->hvm = 1;
		else if (strcmp(builder, "generic") && strcmp(builder, "linux"))
			return vc_err("%s:%d: builder: '%s': expected hvm or generic", x->file,
			    line_of(x, "builder"), builder);
	}
	if (get_num(x, "memory", 1, 1LL << 32, &mem) < 0 || get_num(x, "maxmem", 1, 1LL << 32, &maxmem) < 0 ||
	    get_num(x, "vcpus", 1, 4096, &vcpus) < 0 || get_num(x, "maxvcpus", 1, 4096, &maxvcpus) < 0 ||
	    get_str(x, "cpus", &cpus) < 0)
		return -1;
	if (maxmem < mem)
		maxmem = mem;
	if (maxvcpus < vcpus)
		maxvcpus = vcpus;
	if (get_str(x, "kernel", &kernel) < 0 || get_str(x, "ramdisk", &ramdisk) < 0 ||
	    get_str(x, "cmdline", &cmdline) < 0 || get_str(x, "extra", &extra) < 0 ||
	    get_str(x, "root", &root) < 0 || get_str(x, "bootloader", &bootloader) < 0 ||
	    get_str(x, "bootloader_args", &bootargs) < 0 || get_str(x, "bios", &bios) < 0 ||
	    get_str(x, "bios_path_override", &biospath) < 0 || get_str(x, "acpi_firmware", &acpifw) < 0 ||
	    get_str(x, "boot", &boot) < 0 || get_str(x, "device_model_override", &dm) < 0 ||
	    get_str(x, "tsc_mode", &tsc) < 0 || get_str(x, "passthrough", &passthrough) < 0 ||
	    get_str(x, "usbdevice", &usbdevice) < 0 || get_str(x, "soundhw", &soundhw) < 0 ||
	    get_str(x, "vga", &vga) < 0 || get_num(x, "videoram", 1, 1 << 20, &videoram) < 0)
		return -1;
	if (get_bool(x, "pae", &pae) < 0 || get_bool(x, "acpi", &acpi) < 0 ||
	    get_bool(x, "apic", &apic) < 0 || get_bool(x, "hap", &hap) < 0 ||
	    get_bool(x, "viridian", &viridian) < 0 || get_bool(x, "e820_host", &e820) < 0 ||
	    get_bool(x, "hpet", &hpet) < 0 || get_bool(x, "localtime", &localtime) < 0 ||
	    get_num(x, "rtc_timeoffset", -(1LL << 40), 1LL << 40, &rtc) < 0 ||
	    get_bool(x, "usb", &usb) < 0 || get_num(x, "max_event_channels", 0, 1LL << 31, &evch) < 0)
		return -1;
	poweroff = life(x, "on_poweroff", "destroy", &err);
	reboot = life(x, "on_reboot", "restart", &err);
	crash = life(x, "on_crash", "restart", &err);
	if (err)
		return -1;
	if (tsc && strcmp(tsc, "default") && strcmp(tsc, "native") && strcmp(tsc, "always_emulate") &&
	    strcmp(tsc, "native_paravirt"))
		return vc_err("%s:%d: tsc_mode: '%s': expected default, always_emulate, native or native_paravirt",
		    x->file, line_of(x, "tsc_mode"), tsc);
	if (passthrough && strcmp(passthrough, "enabled") && strcmp(passthrough, "disabled") &&
	    strcmp(passthrough, "sync_pt") && strcmp(passthrough, "share_pt"))
		return vc_err("%s:%d: passthrough: '%s': expected enabled, disabled, sync_pt or share_pt",
		    x->file, line_of(x, "passthrough"), passthrough);

	vc_buf_puts(b, "<domain type='xen'>\n");
	text_elem(b, "name", name);
	text_elem(b, "uuid", uuid);
	vc_buf_printf(b, "<memory unit='KiB'>%lld</memory>\n", maxmem * 1024);
	vc_buf_printf(b, "<currentMemory unit='KiB'>%lld</currentMemory>\n", mem * 1024);
	vc_buf_puts(b, "<vcpu placement='static'");
	attr(b, "cpuset", cpus);
	if (maxvcpus != vcpus)
		vc_buf_printf(b, " current='%lld'", vcpus);
	vc_buf_printf(b, ">%lld</vcpu>\n", maxvcpus);
	if (!x->hvm) {
		text_elem(b, "bootloader", bootloader);
		text_elem(b, "bootloader_args", bootargs);
	}
	vc_buf_puts(b, "<os>\n");
	if (x->hvm)
		vc_buf_puts(b, "<type arch='x86_64' machine='xenfv'>hvm</type>\n");
	else if (x->pvh)
		vc_buf_puts(b, "<type arch='x86_64' machine='xenpvh'>xenpvh</type>\n");
	else
		vc_buf_puts(b, "<type arch='x86_64' machine='xenpv'>linux</type>\n");
	if (x->hvm) {
		if (bios && !strcmp(bios, "ovmf")) {
			vc_buf_puts(b, "<loader readonly='yes' type='pflash' format='raw'>");
			vc_buf_esc(b, biospath ? biospath : "/usr/lib/xen/boot/ovmf.bin", 0);
			vc_buf_puts(b, "</loader>\n");
		} else if (bios && strcmp(bios, "rombios") && strcmp(bios, "seabios"))
			return vc_err("%s:%d: bios: '%s': expected rombios, seabios or ovmf", x->file,
			    line_of(x, "bios"), bios);
		else
			vc_buf_puts(b, "<loader type='rom' format='raw'>/usr/lib/xen/boot/hvmloader</loader>\n");
	}
	text_elem(b, "kernel", kernel);
	text_elem(b, "initrd", ramdisk);
	if (cmdline)
		text_elem(b, "cmdline", cmdline);
	else if (extra || root) {
		char *c = vc_asprintf("%s%s%s%s", root ? "root=" : "", root ? root : "",
		    root && extra ? " " : "", extra ? extra : "");
		text_elem(b, "cmdline", c);
		free(c);
	}
	if (x->hvm && acpifw) {
		vc_buf_puts(b, "<acpi>\n<table type='rawset'>");
		vc_buf_esc(b, acpifw, 0);
		vc_buf_puts(b, "</table>\n</acpi>\n");
	}
	if (x->hvm) {
		const char *p;

		for (p = boot ? boot : "c"; *p; p++) {
			const char *dev = *p == 'a' ? "fd" : *p == 'c' ? "hd" : *p == 'd' ? "cdrom" :
			    *p == 'n' ? "network" : NULL;
			if (!dev)
				return vc_err("%s:%d: boot: '%s': expected letters a, c, d, n", x->file,
				    line_of(x, "boot"), boot);
			vc_buf_printf(b, "<boot dev='%s'/>\n", dev);
		}
	}
	vc_buf_puts(b, "</os>\n");
	{
		struct vc_buf f = {0};

		if (x->hvm) {
			if (acpi == 1)
				vc_buf_puts(&f, "<acpi/>\n");
			if (apic == 1)
				vc_buf_puts(&f, "<apic/>\n");
			if (pae == 1)
				vc_buf_puts(&f, "<pae/>\n");
			if (hap == 0)
				vc_buf_puts(&f, "<hap state='off'/>\n");
			else if (hap == 1)
				vc_buf_puts(&f, "<hap state='on'/>\n");
			if (viridian == 1)
				vc_buf_puts(&f, "<viridian/>\n");
		}
		if (e820 == 1 || passthrough) {
			vc_buf_puts(&f, "<xen>\n");
			if (e820 == 1)
				vc_buf_puts(&f, "<e820_host state='on'/>\n");
			if (passthrough) {
				if (!strcmp(passthrough, "enabled"))
					vc_buf_puts(&f, "<passthrough state='on'/>\n");
				else if (!strcmp(passthrough, "disabled"))
					vc_buf_puts(&f, "<passthrough state='off'/>\n");
				else
					vc_buf_printf(&f, "<passthrough state='on' mode='%s'/>\n", passthrough);
			}
			vc_buf_puts(&f, "</xen>\n");
		}
		if (f.len)
			vc_buf_printf(b, "<features>\n%s</features>\n", f.s);
		vc_buf_free(&f);
	}
	{
		size_t at = b->len;
		int r, n;

		if (cpu(x) < 0)
			return -1;
		if ((n = vnuma(x, &numa)) < 0) {
			vc_buf_free(&numa);
			return -1;
		}
		if (n) {
			if (b->len > at) {
				/* nested under the <cpu> cpu() wrote */
				char *tail = vc_strdup(b->s + at);
				char *close = strstr(tail, "/>\n");
				b->len = at;
				if (strstr(tail, "</cpu>")) {
					char *end = strstr(tail, "</cpu>");
					vc_buf_add(b, tail, end - tail);
				} else {
					vc_buf_add(b, tail, close - tail);
					vc_buf_puts(b, ">\n");
				}
				vc_buf_puts(b, numa.s);
				vc_buf_puts(b, "</cpu>\n");
				free(tail);
			} else
				vc_buf_printf(b, "<cpu>\n%s</cpu>\n", numa.s);
		}
		vc_buf_free(&numa);
		r = 0;
		(void)r;
	}
	if (x->hvm) {
		vc_buf_puts(b, "<clock offset='variable'");
		vc_buf_printf(b, " adjustment='%lld' basis='%s'", rtc, localtime ? "localtime" : "utc");
	} else
		vc_buf_printf(b, "<clock offset='%s' adjustment='reset'", localtime ? "localtime" : "utc");
	if (tsc || hpet >= 0) {
		vc_buf_puts(b, ">\n");
		if (tsc && strcmp(tsc, "default")) {
			const char *mode = !strcmp(tsc, "always_emulate") ? "emulate" :
			    !strcmp(tsc, "native_paravirt") ? "paravirt" : "native";
			vc_buf_printf(b, "<timer name='tsc' present='yes' mode='%s'/>\n", mode);
		}
		if (hpet >= 0 && x->hvm)
			vc_buf_printf(b, "<timer name='hpet' present='%s'/>\n", hpet ? "yes" : "no");
		vc_buf_puts(b, "</clock>\n");
	} else
		vc_buf_puts(b, "/>\n");
	vc_buf_printf(b, "<on_poweroff>%s</on_poweroff>\n<on_reboot>%s</on_reboot>\n<on_crash>%s</on_crash>\n",
	    poweroff, reboot, crash);
	vc_buf_puts(b, "<devices>\n");
	if (x->hvm)
		text_elem(b, "emulator", dm);
	if ((ide = disks(x)) < 0)
		return -1;
	if (evch >= 0)
		vc_buf_printf(b, "<controller type='xenbus' index='0' maxEventChannels='%lld'/>\n", evch);
	else
		vc_buf_puts(b, "<controller type='xenbus' index='0'/>\n");
	if (x->hvm && ide)
		vc_buf_puts(b, "<controller type='ide' index='0'/>\n");
	if (usbctrls(x) < 0 || vifs(x) < 0)
		return -1;
	if (x->hvm) {
		const char *par;
		int none;

		if (serials(x, &console) < 0)
			return -1;
		if (get_str(x, "parallel", &par) < 0) {
			free(console);
			return -1;
		}
		if (par && chr_source(x, "parallel", par, "parallel", "<target port='0'/>", &x->b, &none) < 0) {
			free(console);
			return -1;
		}
		if (console) {
			vc_buf_puts(b, console);
			free(console);
		}
	} else
		vc_buf_puts(b, "<console type='pty'>\n<target type='xen' port='0'/>\n</console>\n");
	if (channels(x) < 0)
		return -1;
	if (x->hvm) {
		if (usb && usbdevice) {
			if (!strcmp(usbdevice, "tablet") || !strcmp(usbdevice, "mouse"))
				vc_buf_printf(b, "<input type='%s' bus='usb'/>\n", usbdevice);
			else if (vc_native_drop(x->strict, x->file, line_of(x, "usbdevice"),
			    "usbdevice '%s'", usbdevice) < 0)
				return -1;
		}
		vc_buf_puts(b, "<input type='mouse' bus='ps2'/>\n<input type='keyboard' bus='ps2'/>\n");
	} else
		vc_buf_puts(b, "<input type='mouse' bus='xen'/>\n<input type='keyboard' bus='xen'/>\n");
	if (graphics(x, &video) < 0)
		return -1;
	if (soundhw) {
		char **s;
		size_t n, k;

		s = split(soundhw, ',', &n);
		for (k = 0; k < n; k++) {
			if (strcmp(s[k], "ac97") && strcmp(s[k], "es1370") && strcmp(s[k], "sb16") &&
			    strcmp(s[k], "hda") && strcmp(s[k], "pcspk")) {
				vc_err("%s:%d: soundhw: '%s': expected ac97, es1370, sb16, hda or pcspk",
				    x->file, line_of(x, "soundhw"), s[k]);
				freev(s, n);
				return -1;
			}
			vc_buf_printf(b, "<sound model='%s'/>\n", !strcmp(s[k], "hda") ? "ich6" : s[k]);
		}
		freev(s, n);
	}
	if (x->hvm && video) {
		const char *model = vga && !strcmp(vga, "stdvga") ? "vga" : "cirrus";
		long long vram = videoram > 0 ? videoram * 1024 : !strcmp(model, "vga") ? 16384 : 8192;

		if (vga && strcmp(vga, "stdvga") && strcmp(vga, "cirrus") && strcmp(vga, "none"))
			return vc_err("%s:%d: vga: '%s': expected stdvga, cirrus or none", x->file,
			    line_of(x, "vga"), vga);
		if (!vga || strcmp(vga, "none"))
			vc_buf_printf(b, "<video>\n<model type='%s' vram='%lld' heads='1' primary='yes'/>\n</video>\n",
			    model, vram);
	}
	if (pcis(x) < 0 || usbdevs(x) < 0)
		return -1;
	vc_buf_puts(b, "<memballoon model='xen'/>\n</devices>\n</domain>\n");
	/* read without a place in the XML: extra when cmdline wins, builder when type wins */
	if (cmdline && extra && vc_native_drop(x->strict, x->file, line_of(x, "extra"),
	    "extra: ignored, cmdline is set") < 0)
		return -1;
	if (cmdline && root && vc_native_drop(x->strict, x->file, line_of(x, "root"),
	    "root: ignored, cmdline is set") < 0)
		return -1;
	if (!x->hvm) {
		const char *k[] = {"device_model_override", "boot", "bios", "acpi_firmware", NULL};
		size_t j;

		for (j = 0; k[j]; j++)
			if (vc_xl_get(x->c, k[j]) && vc_native_drop(x->strict, x->file, line_of(x, k[j]),
			    "%s: only for HVM guests", k[j]) < 0)
				return -1;
	}
	return report_unused(x);
}

struct vc_domain *
vc_xl_from_native(const char *text, size_t len, const char *file, int strict)
{
	struct xl_cfg c;
	struct px x = {0};
	struct vc_domain *d = NULL;

	if (vc_xl_cfg_parse(&c, text, len, file) < 0)
		return NULL;
	x.c = &c;
	x.file = file;
	x.strict = strict;
	/* the HVM keys are read only for HVM guests; mark them read for PV so
	 * that only what truly has no place is reported */
	if (convert(&x) == 0) {
		d = vc_domain_parse(x.b.s, x.b.len, file);
		if (!d)
			vc_err_prefix("%s: converted XML", file);
	}
	vc_buf_free(&x.b);
	vc_xl_cfg_clear(&c);
	return d;
}
