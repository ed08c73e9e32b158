/* dev_redirdev.c: <redirdev> (USB redirection over a character device),
 * <redirfilter> (which devices may be redirected) and <hub> */
#include <stdlib.h>
#include <string.h>
#include "devs_storage.h"
#include "devs_misc.h"

const char *const vc_redirdev_bus_names[] = { "", "usb", NULL };

void
vc_dev_redirdev_free(void *dev)
{
	struct vc_redirdev *r = dev;

	if (!r)
		return;
	if (r->src) {
		vc_chr_source_clear(r->src);
		free(r->src);
	}
	vc_sinfo_clear(&r->info);
	free(r);
}

static int
redirdev_parse(struct vc_x *x, xmlNodePtr n, struct vc_redirdev *r)
{
	xmlNodePtr c;
	int rc, proto;

	if (vc_x_enum(x, n, "bus", vc_redirdev_bus_names, &r->bus) < 0)
		return -1;
	if (!r->bus)
		r->bus = VC_REDIR_BUS_USB;
	if ((rc = vc_x_enum(x, n, "type", vc_chr_type_names, &r->type)) <= 0)
		return rc < 0 ? -1 : vc_x_err(x, n, "missing attribute 'type'");
	if (r->type != VC_CHR_TCP && r->type != VC_CHR_SPICEVMC &&
	    r->type != VC_CHR_UNIX && r->type != VC_CHR_DBUS)
		return vc_x_err(x, n, "redirdev type '%s' is not supported",
		                vc_chr_type_names[r->type]);
	r->src = vc_calloc(1, sizeof(*r->src));
	r->src->type = r->type;
	if (vc_chr_source_parse(x, n, r->src, 0) < 0)
		return -1;
	/* libvirt reads <protocol> for any type but keeps it for tcp only */
	if (r->type != VC_CHR_TCP && (c = vc_x_child(x, n, "protocol")) &&
	    vc_x_enum(x, c, "type", vc_chr_proto_names, &proto) < 0)
		return -1;
	if (r->type == VC_CHR_DBUS && !r->src->channel)
		r->src->channel = vc_strdup("org.qemu.usbredir");
	if (vc_sinfo_parse(x, n, &r->info, VC_SINFO_BOOT) < 0)
		return -1;
	return x->err ? -1 : 0;
}

void *
vc_dev_redirdev_parse(struct vc_x *x, xmlNodePtr n, int kind)
{
	struct vc_redirdev *r = vc_calloc(1, sizeof(*r));

	(void)kind;
	if (redirdev_parse(x, n, r) < 0) {
		if (!x->err)
			vc_x_err(x, n, "invalid redirdev");
		vc_dev_redirdev_free(r);
		return NULL;
	}
	return r;
}

void
vc_dev_redirdev_format(struct vc_buf *b, int lvl, const void *dev, int kind)
{
	const struct vc_redirdev *r = dev;

	(void)kind;
	vc_f_open(b, lvl, "redirdev");
	vc_f_attr_enum(b, "bus", vc_redirdev_bus_names, r->bus);
	vc_f_attr_enum(b, "type", vc_chr_type_names, r->type);
	vc_f_close_open(b);
	vc_chr_source_format(b, lvl + 1, r->src);
	vc_sinfo_format(b, lvl + 1, &r->info);
	vc_f_end(b, lvl, "redirdev");
}

void
vc_dev_hub_free(void *dev)
{
	struct vc_hub *h = dev;

	if (!h)
		return;
	vc_sinfo_clear(&h->info);
	free(h);
}

void *
vc_dev_hub_parse(struct vc_x *x, xmlNodePtr n, int kind)
{
	struct vc_hub *h = vc_calloc(1, sizeof(*h));
	int rc;

	(void)kind;
	if ((rc = vc_x_enum(x, n, "type", vc_redirdev_bus_names, &h->type)) <= 0) {
		if (!rc)
			vc_x_err(x, n, "missing attribute 'type'");
		goto fail;
	}
	if (vc_sinfo_parse(x, n, &h->info, 0) < 0)
		goto fail;
	return h;
fail:
	vc_dev_hub_free(h);
	return NULL;
}

void
vc_dev_hub_format(struct vc_buf *b, int lvl, const void *dev, int kind)
{
	const struct vc_hub *h = dev;
	struct vc_buf kids = { 0 };

	(void)kind;
	vc_sinfo_format(&kids, lvl + 1, &h->info);
	vc_f_open(b, lvl, "hub");
	vc_f_attr_enum(b, "type", vc_redirdev_bus_names, h->type);
	if (!kids.len) {
		vc_buf_free(&kids);
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_buf_add(b, kids.s, kids.len);
	vc_buf_free(&kids);
	vc_f_end(b, lvl, "hub");
}

void
vc_dev_redirfilter_free(void *dev)
{
	struct vc_redirfilter *f = dev;

	if (!f)
		return;
	free(f->rules);
	free(f);
}

/* class/vendor/product: "-1" or 0x and 2 or 4 hex digits */
static int
rule_hex(struct vc_x *x, xmlNodePtr n, const char *attr, unsigned max, int *v)
{
	char *s = vc_x_attr(x, n, attr), *e;
	unsigned long u;

	*v = -1;
	if (!s || strcmp(s, "-1") == 0) {
		free(s);
		return 0;
	}
	u = strtoul(s, &e, 16);
	if (strncmp(s, "0x", 2) != 0 || !s[2] || *e || u > max) {
		vc_x_err(x, n, "%s '%s' is not -1 or a hex number 0x0-0x%x", attr, s, max);
		free(s);
		return -1;
	}
	free(s);
	*v = (int)u;
	return 0;
}

/* version "M.m": BCD as USB descriptors hold it, "9.4" is 9.40 */
static int
rule_version(struct vc_x *x, xmlNodePtr n, int *v)
{
	char *s = vc_x_attr(x, n, "version");
	const char *dot;
	size_t lmaj, lmin;
	int ok;

	*v = -1;
	if (!s || strcmp(s, "-1") == 0) {
		free(s);
		return 0;
	}
	dot = strchr(s, '.');
	lmaj = dot ? (size_t)(dot - s) : 0;
	lmin = dot ? strlen(dot + 1) : 0;
	ok = dot && lmaj >= 1 && lmaj <= 2 && lmin >= 1 && lmin <= 2 &&
	    strspn(s, "0123456789") == lmaj && strspn(dot + 1, "0123456789") == lmin;
	if (!ok) {
		vc_x_err(x, n, "version '%s' is not -1 or a USB version like 1.10", s);
		free(s);
		return -1;
	}
	*v = (int)strtoul(s, NULL, 16) << 8;
	*v |= (dot[1] - '0') << 4 | (lmin == 2 ? dot[2] - '0' : 0);
	free(s);
	return 0;
}

void *
vc_dev_redirfilter_parse(struct vc_x *x, xmlNodePtr n, int kind)
{
	struct vc_redirfilter *f = vc_calloc(1, sizeof(*f));
	xmlNodePtr u;

	(void)kind;
	vc_x_use(n);
	for (u = vc_x_child(x, n, "usbdev"); u; u = vc_x_next(u, "usbdev")) {
		struct vc_usbdev_rule r;
		int rc;

		if (rule_hex(x, u, "class", 0xff, &r.klass) < 0 ||
		    rule_hex(x, u, "vendor", 0xffff, &r.vendor) < 0 ||
		    rule_hex(x, u, "product", 0xffff, &r.product) < 0 || rule_version(x, u, &r.version) < 0)
			goto fail;
		if ((rc = vc_x_yesno(x, u, "allow", &r.allow)) <= 0) {
			if (!rc)
				vc_x_err(x, u, "missing attribute 'allow'");
			goto fail;
		}
		VC_APPEND(f->rules, f->n, r);
	}
	return f;
fail:
	vc_dev_redirfilter_free(f);
	return NULL;
}

void
vc_dev_redirfilter_format(struct vc_buf *b, int lvl, const void *dev, int kind)
{
	const struct vc_redirfilter *f = dev;
	size_t i;

	(void)kind;
	vc_f_open(b, lvl, "redirfilter");
	if (!f->n) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	for (i = 0; i < f->n; i++) {
		const struct vc_usbdev_rule *r = &f->rules[i];

		vc_f_open(b, lvl + 1, "usbdev");
		if (r->klass >= 0)
			vc_buf_printf(b, " class='0x%02X'", (unsigned)r->klass);
		if (r->vendor >= 0)
			vc_buf_printf(b, " vendor='0x%04X'", (unsigned)r->vendor);
		if (r->product >= 0)
			vc_buf_printf(b, " product='0x%04X'", (unsigned)r->product);
		if (r->version >= 0)
			vc_buf_printf(b, " version='%x.%02x'", (unsigned)r->version >> 8,
			              (unsigned)r->version & 0xff);
		vc_f_attr_yesno(b, "allow", r->allow);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "redirfilter");
}
