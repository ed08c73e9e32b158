/* dev_misc.c: small devices (watchdog, memballoon, rng, panic, tpm) and the rules across the families of devs_misc.h */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/devs_misc.h"
#include "conf/sections.h"

/* a device's <driver> child carrying only virtio options */
static int
virtio_driver_parse(struct vc_x *x, xmlNodePtr n, struct vc_virtio_opts *o)
{
	xmlNodePtr c;

	if (!(c = vc_x_child(x, n, "driver")))
		return 0;
	return vc_virtio_opts_parse(x, c, o);
}

static void
virtio_driver_format(struct vc_buf *b, int lvl, const struct vc_virtio_opts *o)
{
	if (!vc_virtio_opts_set(o))
		return;
	vc_f_open(b, lvl, "driver");
	vc_virtio_opts_format(b, o);
	vc_f_close_empty(b);
}

/* open "<elem attrs" was written; close it empty or with info children */
static void
close_with_info(struct vc_buf *b, int lvl, const char *elem,
                const struct vc_devinfo *i)
{
	if (!i->alias && i->addr.type == VC_ADDR_NONE) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_devinfo_format(b, lvl + 1, i);
	vc_f_end(b, lvl, elem);
}

/* ---- watchdog ---- */

const char *const vc_watchdog_model_names[] = {
	"", "i6300esb", "ib700", "diag288", "itco", NULL,
};
const char *const vc_watchdog_action_names[] = {
	"", "reset", "shutdown", "poweroff", "pause", "dump", "none",
	"inject-nmi", NULL,
};

void *
vc_dev_watchdog_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_watchdog *w = vc_calloc(1, sizeof(*w));
	int r;

	if ((r = vc_x_enum(x, n, "model", vc_watchdog_model_names, &w->model)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, n, "missing attribute 'model'");
		goto bad;
	}
	if (vc_x_enum(x, n, "action", vc_watchdog_action_names, &w->action) < 0)
		goto bad;
	if (!w->action)
		w->action = 1;          /* reset */
	if (vc_devinfo_parse(x, n, &w->info) < 0)
		goto bad;
	return w;
bad:
	vc_dev_watchdog_free(w);
	return NULL;
}

void
vc_dev_watchdog_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_watchdog *w = dev;

	vc_f_open(b, lvl, "watchdog");
	vc_f_attr_enum(b, "model", vc_watchdog_model_names, w->model);
	vc_f_attr_enum(b, "action", vc_watchdog_action_names, w->action);
	close_with_info(b, lvl, "watchdog", &w->info);
}

void
vc_dev_watchdog_free(void *dev)
{
	struct vc_dev_watchdog *w = dev;

	if (!w)
		return;
	vc_devinfo_clear(&w->info);
	free(w);
}

/* ---- memballoon ---- */

const char *const vc_memballoon_model_names[] = {
	"", "virtio", "xen", "none", "virtio-transitional",
	"virtio-non-transitional", NULL,
};

void *
vc_dev_memballoon_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_memballoon *m = vc_calloc(1, sizeof(*m));
	xmlNodePtr c;
	int r;

	if ((r = vc_x_enum(x, n, "model", vc_memballoon_model_names, &m->model)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, n, "missing attribute 'model'");
		goto bad;
	}
	if (vc_x_onoff(x, n, "autodeflate", &m->autodeflate) < 0 ||
	    vc_x_onoff(x, n, "freePageReporting", &m->free_page_reporting) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "stats"))) {
		if ((r = vc_x_uint(x, c, "period", 0, 0x7fffffff, &m->period)) < 0)
			goto bad;
		m->has_period = r;
	}
	if (virtio_driver_parse(x, n, &m->virtio) < 0 ||
	    vc_devinfo_parse(x, n, &m->info) < 0)
		goto bad;
	return m;
bad:
	vc_dev_memballoon_free(m);
	return NULL;
}

void
vc_dev_memballoon_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_memballoon *m = dev;

	vc_f_open(b, lvl, "memballoon");
	vc_f_attr_enum(b, "model", vc_memballoon_model_names, m->model);
	vc_f_attr_onoff(b, "autodeflate", m->autodeflate);
	vc_f_attr_onoff(b, "freePageReporting", m->free_page_reporting);
	if (!m->has_period && !m->info.alias && m->info.addr.type == VC_ADDR_NONE &&
	    !vc_virtio_opts_set(&m->virtio)) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	if (m->has_period) {
		vc_f_open(b, lvl + 1, "stats");
		vc_f_attr_u(b, "period", m->period);
		vc_f_close_empty(b);
	}
	vc_devinfo_format(b, lvl + 1, &m->info);
	virtio_driver_format(b, lvl + 1, &m->virtio);
	vc_f_end(b, lvl, "memballoon");
}

void
vc_dev_memballoon_free(void *dev)
{
	struct vc_dev_memballoon *m = dev;

	if (!m)
		return;
	vc_devinfo_clear(&m->info);
	free(m);
}

/* ---- rng ---- */

const char *const vc_rng_model_names[] = {
	"", "virtio", "virtio-transitional", "virtio-non-transitional", NULL,
};
const char *const vc_rng_backend_names[] = {
	"", "random", "egd", "builtin", NULL,
};

void *
vc_dev_rng_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_rng *g = vc_calloc(1, sizeof(*g));
	xmlNodePtr c;
	int r;

	if ((r = vc_x_enum(x, n, "model", vc_rng_model_names, &g->model)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, n, "missing attribute 'model'");
		goto bad;
	}
	if ((c = vc_x_child(x, n, "rate"))) {
		if ((r = vc_x_uint(x, c, "bytes", 1, 0xffffffffu, &g->rate_bytes)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, c, "missing attribute 'bytes'");
			goto bad;
		}
		g->has_rate = 1;
		if ((r = vc_x_uint(x, c, "period", 1, 0xffffffffu, &g->rate_period)) < 0)
			goto bad;
		g->has_rate_period = r;
	}
	if (!(c = vc_x_child(x, n, "backend"))) {
		vc_x_err(x, n, "missing <backend>");
		goto bad;
	}
	if ((r = vc_x_enum(x, c, "model", vc_rng_backend_names, &g->backend)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, c, "missing attribute 'model'");
		goto bad;
	}
	switch (g->backend) {
	case VC_RNG_BACKEND_RANDOM:
		g->random_path = vc_x_text(c);
		if (!*g->random_path) {
			free(g->random_path);
			g->random_path = vc_strdup("/dev/urandom");
		}
		break;
	case VC_RNG_BACKEND_EGD:
		if ((r = vc_x_enum(x, c, "type", vc_chr_type_names, &g->egd.type)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, c, "missing attribute 'type'");
			goto bad;
		}
		if (vc_chr_source_parse(x, c, &g->egd, 0) < 0)
			goto bad;
		break;
	}
	if (virtio_driver_parse(x, n, &g->virtio) < 0 ||
	    vc_devinfo_parse(x, n, &g->info) < 0)
		goto bad;
	return g;
bad:
	vc_dev_rng_free(g);
	return NULL;
}

void
vc_dev_rng_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_rng *g = dev;

	vc_f_open(b, lvl, "rng");
	vc_f_attr_enum(b, "model", vc_rng_model_names, g->model);
	vc_f_close_open(b);
	if (g->has_rate) {
		vc_f_open(b, lvl + 1, "rate");
		vc_f_attr_u(b, "bytes", g->rate_bytes);
		if (g->has_rate_period)
			vc_f_attr_u(b, "period", g->rate_period);
		vc_f_close_empty(b);
	}
	vc_f_open(b, lvl + 1, "backend");
	vc_f_attr_enum(b, "model", vc_rng_backend_names, g->backend);
	switch (g->backend) {
	case VC_RNG_BACKEND_RANDOM:
		vc_buf_putc(b, '>');
		vc_buf_esc(b, g->random_path, 0);
		vc_buf_puts(b, "</backend>\n");
		break;
	case VC_RNG_BACKEND_EGD:
		vc_f_attr_enum(b, "type", vc_chr_type_names, g->egd.type);
		vc_f_close_open(b);
		vc_chr_source_format(b, lvl + 2, &g->egd);
		vc_f_end(b, lvl + 1, "backend");
		break;
	default:
		vc_f_close_empty(b);
	}
	virtio_driver_format(b, lvl + 1, &g->virtio);
	vc_devinfo_format(b, lvl + 1, &g->info);
	vc_f_end(b, lvl, "rng");
}

void
vc_dev_rng_free(void *dev)
{
	struct vc_dev_rng *g = dev;

	if (!g)
		return;
	free(g->random_path);
	vc_chr_source_clear(&g->egd);
	vc_devinfo_clear(&g->info);
	free(g);
}

/* ---- panic ---- */

const char *const vc_panic_model_names[] = {
	"", "isa", "pseries", "hyperv", "s390", "pvpanic", NULL,
};

void *
vc_dev_panic_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_panic *p = vc_calloc(1, sizeof(*p));

	if (vc_x_enum(x, n, "model", vc_panic_model_names, &p->model) < 0 ||
	    vc_devinfo_parse(x, n, &p->info) < 0) {
		vc_dev_panic_free(p);
		return NULL;
	}
	return p;
}

void
vc_dev_panic_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_panic *p = dev;

	vc_f_open(b, lvl, "panic");
	vc_f_attr_enum(b, "model", vc_panic_model_names, p->model);
	close_with_info(b, lvl, "panic", &p->info);
}

void
vc_dev_panic_free(void *dev)
{
	struct vc_dev_panic *p = dev;

	if (!p)
		return;
	vc_devinfo_clear(&p->info);
	free(p);
}

/* ---- tpm ---- */

const char *const vc_tpm_model_names[] = {
	"", "tpm-tis", "tpm-crb", "tpm-spapr", "spapr-tpm-proxy", NULL,
};
const char *const vc_tpm_backend_names[] = {
	"", "passthrough", "emulator", "external", NULL,
};
const char *const vc_tpm_version_names[] = { "", "1.2", "2.0", NULL };
const char *const vc_tpm_pcr_names[] = {
	"", "sha1", "sha256", "sha384", "sha512", NULL,
};
static const char *const tpm_source_names[] = { "", "file", "dir", NULL };

static int
tpm_emulator_parse(struct vc_x *x, xmlNodePtr be, struct vc_dev_tpm *t)
{
	xmlNodePtr c, p;
	int r, i;

	if (vc_x_enum(x, be, "version", vc_tpm_version_names, &t->version) < 0 ||
	    vc_x_yesno(x, be, "persistent_state", &t->persistent_state) < 0)
		return -1;
	if ((r = vc_x_uint(x, be, "debug", 0, 0xffffffffu, &t->debug)) < 0)
		return -1;
	t->has_debug = r;
	if ((c = vc_x_child(x, be, "encryption")) &&
	    !(t->secret = vc_x_attr_req(x, c, "secret")))
		return -1;
	if ((c = vc_x_child(x, be, "source"))) {
		if (vc_x_enum(x, c, "type", tpm_source_names, &t->source_type) < 0)
			return -1;
		if (!(t->source_path = vc_x_attr_req(x, c, "path")))
			return -1;
		if (!t->source_type)
			t->source_type = 1;
	}
	if ((c = vc_x_child(x, be, "active_pcr_banks"))) {
		t->has_pcr_banks = 1;
		for (i = 1; vc_tpm_pcr_names[i]; i++) {
			if ((p = vc_x_child(x, c, vc_tpm_pcr_names[i])))
				t->pcr_banks |= 1u << (i - 1);
		}
	}
	if ((c = vc_x_child(x, be, "profile"))) {
		t->profile_source = vc_x_attr(x, c, "source");
		t->profile_name = vc_x_attr(x, c, "name");
		if (vc_x_yesno(x, c, "removeDisabled", &t->profile_remove_disabled) < 0)
			return -1;
	}
	return 0;
}

void *
vc_dev_tpm_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_tpm *t = vc_calloc(1, sizeof(*t));
	xmlNodePtr be, c;
	int r;

	if (vc_x_enum(x, n, "model", vc_tpm_model_names, &t->model) < 0)
		goto bad;
	if (!(be = vc_x_child(x, n, "backend"))) {
		vc_x_err(x, n, "missing <backend>");
		goto bad;
	}
	if ((r = vc_x_enum(x, be, "type", vc_tpm_backend_names, &t->backend)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, be, "missing attribute 'type'");
		goto bad;
	}
	switch (t->backend) {
	case VC_TPM_BACKEND_PASSTHROUGH:
		if ((c = vc_x_child(x, be, "device")))
			t->device_path = vc_x_attr(x, c, "path");
		else if ((c = vc_x_child(x, be, "source")))
			t->device_path = vc_x_attr(x, c, "path");
		if (!t->device_path)
			t->device_path = vc_strdup("/dev/tpm0");
		break;
	case VC_TPM_BACKEND_EMULATOR:
		if (tpm_emulator_parse(x, be, t) < 0)
			goto bad;
		break;
	case VC_TPM_BACKEND_EXTERNAL:
		if (!(c = vc_x_child(x, be, "source"))) {
			vc_x_err(x, be, "missing <source>");
			goto bad;
		}
		if ((r = vc_x_enum(x, c, "type", vc_chr_type_names, &t->ext.type)) < 0)
			goto bad;
		if (t->ext.type != VC_CHR_UNIX) {
			vc_x_err(x, c, "external TPM backend needs source type 'unix'");
			goto bad;
		}
		if (vc_chr_source_parse(x, be, &t->ext, 0) < 0)
			goto bad;
		break;
	}
	if (vc_devinfo_parse(x, n, &t->info) < 0)
		goto bad;
	return t;
bad:
	vc_dev_tpm_free(t);
	return NULL;
}

void
vc_dev_tpm_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_tpm *t = dev;
	int i, kids;

	vc_f_open(b, lvl, "tpm");
	vc_f_attr_enum(b, "model", vc_tpm_model_names, t->model);
	vc_f_close_open(b);
	vc_f_open(b, lvl + 1, "backend");
	vc_f_attr_enum(b, "type", vc_tpm_backend_names, t->backend);
	switch (t->backend) {
	case VC_TPM_BACKEND_PASSTHROUGH:
		vc_f_close_open(b);
		vc_f_open(b, lvl + 2, "device");
		vc_f_attr(b, "path", t->device_path);
		vc_f_close_empty(b);
		vc_f_end(b, lvl + 1, "backend");
		break;
	case VC_TPM_BACKEND_EMULATOR:
		vc_f_attr_enum(b, "version", vc_tpm_version_names, t->version);
		if (t->persistent_state == VC_TRI_YES)
			vc_f_attr(b, "persistent_state", "yes");
		if (t->has_debug && t->debug)
			vc_f_attr_u(b, "debug", t->debug);
		kids = t->secret || t->source_type || t->has_pcr_banks ||
		       t->profile_source || t->profile_name;
		if (!kids) {
			vc_f_close_empty(b);
			break;
		}
		vc_f_close_open(b);
		if (t->secret) {
			vc_f_open(b, lvl + 2, "encryption");
			vc_f_attr(b, "secret", t->secret);
			vc_f_close_empty(b);
		}
		if (t->source_type) {
			vc_f_open(b, lvl + 2, "source");
			vc_f_attr_enum(b, "type", tpm_source_names, t->source_type);
			vc_f_attr(b, "path", t->source_path);
			vc_f_close_empty(b);
		}
		if (t->has_pcr_banks) {
			if (!t->pcr_banks) {
				vc_f_open(b, lvl + 2, "active_pcr_banks");
				vc_f_close_empty(b);
			} else {
				vc_f_open(b, lvl + 2, "active_pcr_banks");
				vc_f_close_open(b);
				for (i = 1; vc_tpm_pcr_names[i]; i++) {
					if (!(t->pcr_banks & (1u << (i - 1))))
						continue;
					vc_f_open(b, lvl + 3, vc_tpm_pcr_names[i]);
					vc_f_close_empty(b);
				}
				vc_f_end(b, lvl + 2, "active_pcr_banks");
			}
		}
		if (t->profile_source || t->profile_name) {
			vc_f_open(b, lvl + 2, "profile");
			vc_f_attr(b, "source", t->profile_source);
			vc_f_attr_yesno(b, "removeDisabled", t->profile_remove_disabled);
			vc_f_attr(b, "name", t->profile_name);
			vc_f_close_empty(b);
		}
		vc_f_end(b, lvl + 1, "backend");
		break;
	case VC_TPM_BACKEND_EXTERNAL:
		vc_f_close_open(b);
		vc_f_open(b, lvl + 2, "source");
		vc_f_attr(b, "type", "unix");
		vc_f_attr(b, "mode", "connect");
		vc_f_attr(b, "path", t->ext.path);
		vc_f_close_empty(b);
		vc_f_end(b, lvl + 1, "backend");
		break;
	default:
		vc_f_close_empty(b);
	}
	vc_devinfo_format(b, lvl + 1, &t->info);
	vc_f_end(b, lvl, "tpm");
}

void
vc_dev_tpm_free(void *dev)
{
	struct vc_dev_tpm *t = dev;

	if (!t)
		return;
	free(t->device_path);
	free(t->secret);
	free(t->source_path);
	free(t->profile_source);
	free(t->profile_name);
	vc_chr_source_clear(&t->ext);
	vc_devinfo_clear(&t->info);
	free(t);
}

/* ---- rules across the devices of these families ---- */

static int
chr_ports(void **devs, size_t n, const char *kind)
{
	struct vc_dev_chr *c;
	size_t i;
	int max = -1;

	/* each unnumbered port takes one more than the highest port so far,
	 * those numbered in the XML and those given here: one pass for the
	 * maximum, one to hand out (a search per port was quadratic) */
	for (i = 0; i < n; i++) {
		c = devs[i];
		if (c->port > max)
			max = c->port;
	}
	for (i = 0; i < n; i++) {
		c = devs[i];
		/* the parser takes ports 0-65535: so must what we hand out,
		 * or the config we write would not read back */
		if (c->port < 0 && max >= 0xffff)
			return vc_err("%s %zu: no port number left (65535 is the highest)", kind, i + 1);
		if (c->port < 0)
			c->port = ++max;
	}
	return 0;
}

/* libvirt's generic post-parse for these families: numbered ports,
 * console targets, one primary video. -1 with an error set. */
int
vc_devs_misc_postparse(struct vc_domain *d)
{
	struct vc_dev_chr *c;
	size_t i;
	int hv = d->type == VC_VIRT_QEMU || d->type == VC_VIRT_KVM;
	const struct vc_os *os = d->sect[VC_SECT_OS];
	int hvm = os && os->type == VC_OS_HVM;

	if (chr_ports(d->dev[VC_DEV_SERIAL], d->ndev[VC_DEV_SERIAL], "serial") < 0 ||
	    chr_ports(d->dev[VC_DEV_PARALLEL], d->ndev[VC_DEV_PARALLEL], "parallel") < 0)
		return -1;
	for (i = 0; i < d->ndev[VC_DEV_CONSOLE]; i++) {
		c = d->dev[VC_DEV_CONSOLE][i];
		if (c->port < 0 && i > 0xffff)
			return vc_err("console %zu: no port number left (65535 is the highest)", i + 1);
		if (c->port < 0)
			c->port = (int)i;
		if (i == 0 && !c->target_type && (hv || hvm))
			c->target_type = VC_CONSOLE_TGT_SERIAL;
	}
	/* on a full virtual machine the first console on a serial target is
	 * serial port 0 seen as a console: without a serial the console
	 * becomes one, with a serial the console shows the serial's source */
	if (hvm && d->ndev[VC_DEV_CONSOLE] &&
	    (c = d->dev[VC_DEV_CONSOLE][0])->target_type == VC_CONSOLE_TGT_SERIAL) {
		struct vc_dev_chr *s;

		if (!d->ndev[VC_DEV_SERIAL]) {
			s = vc_calloc(1, sizeof(*s));
			s->kind = VC_DEV_SERIAL;
			vc_chr_source_copy(&s->src, &c->src);
			s->port = 0;
			VC_APPEND(d->dev[VC_DEV_SERIAL], d->ndev[VC_DEV_SERIAL], s);
		}
		s = d->dev[VC_DEV_SERIAL][0];
		if (!vc_chr_source_equal(&s->src, &c->src)) {
			vc_chr_source_clear(&c->src);
			vc_chr_source_copy(&c->src, &s->src);
		}
		c->port = s->port;
	}
	return vc_dev_video_order(d->dev[VC_DEV_VIDEO], d->ndev[VC_DEV_VIDEO]);
}

static const int serial_model_of[] = {
	[VC_SERIAL_TGT_ISA] = 1, [VC_SERIAL_TGT_USB] = 2, [VC_SERIAL_TGT_PCI] = 3,
	[VC_SERIAL_TGT_SPAPR_VIO] = 4, [VC_SERIAL_TGT_SCLP] = 6,
	[VC_SERIAL_TGT_ISA_DEBUG] = 9,
};

/* what QEMU's driver adds on an x86 machine for these families: serial
 * target models, ps2 input, video sizes, a default audio backend, a
 * virtio balloon, and q35's built-in iTCO watchdog */
void
vc_devs_misc_qemu_defaults(struct vc_domain *d, int q35)
{
	struct vc_dev_watchdog *w;
	struct vc_dev_memballoon *mb;
	struct vc_dev_chr *c;
	struct vc_dev_input *in;
	size_t i;
	int mouse = 0, kbd = 0, spice = 0, sdl = 0, dbus = 0;

	for (i = 0; i < d->ndev[VC_DEV_SERIAL]; i++) {
		c = d->dev[VC_DEV_SERIAL][i];
		if (!c->target_type)
			c->target_type = VC_SERIAL_TGT_ISA;
		if (!c->model && c->target_type < (int)VC_NELEM(serial_model_of))
			c->model = serial_model_of[c->target_type];
	}
	/* a display without a video card gets the machine's default one */
	if (d->ndev[VC_DEV_GRAPHICS] && !d->ndev[VC_DEV_VIDEO]) {
		struct vc_dev_video *v = vc_calloc(1, sizeof(*v));

		v->type = VC_VIDEO_CIRRUS;
		v->primary = 1;
		VC_APPEND(d->dev[VC_DEV_VIDEO], d->ndev[VC_DEV_VIDEO], v);
	}
	for (i = 0; i < d->ndev[VC_DEV_VIDEO]; i++)
		vc_dev_video_qemu_defaults(d->dev[VC_DEV_VIDEO][i]);
	for (i = 0; i < d->ndev[VC_DEV_INPUT]; i++) {
		in = d->dev[VC_DEV_INPUT][i];
		if (!in->bus && (in->type == VC_INPUT_MOUSE || in->type == VC_INPUT_KEYBOARD))
			in->bus = VC_INPUT_BUS_PS2;
		else if (!in->bus && in->type == VC_INPUT_TABLET)
			in->bus = VC_INPUT_BUS_USB;
		else if (!in->bus && in->type == VC_INPUT_PASSTHROUGH)
			in->bus = VC_INPUT_BUS_VIRTIO;
		if (in->bus == VC_INPUT_BUS_PS2 && in->type == VC_INPUT_MOUSE)
			mouse = 1;
		if (in->bus == VC_INPUT_BUS_PS2 && in->type == VC_INPUT_KEYBOARD)
			kbd = 1;
	}
	if (!mouse) {
		in = vc_calloc(1, sizeof(*in));
		in->type = VC_INPUT_MOUSE;
		in->bus = VC_INPUT_BUS_PS2;
		VC_APPEND(d->dev[VC_DEV_INPUT], d->ndev[VC_DEV_INPUT], in);
	}
	if (!kbd) {
		in = vc_calloc(1, sizeof(*in));
		in->type = VC_INPUT_KEYBOARD;
		in->bus = VC_INPUT_BUS_PS2;
		VC_APPEND(d->dev[VC_DEV_INPUT], d->ndev[VC_DEV_INPUT], in);
	}
	for (i = 0; i < d->ndev[VC_DEV_GRAPHICS]; i++) {
		const struct vc_dev_graphics *g = d->dev[VC_DEV_GRAPHICS][i];

		spice |= g->type == VC_GFX_SPICE;
		sdl |= g->type == VC_GFX_SDL;
		dbus |= g->type == VC_GFX_DBUS;
	}
	/* D-Bus displays carry their own audio: none is added */
	if (!d->ndev[VC_DEV_AUDIO] && !dbus)
		VC_APPEND(d->dev[VC_DEV_AUDIO], d->ndev[VC_DEV_AUDIO],
		          vc_dev_audio_new(1, spice ? "spice" : sdl ? "sdl" : "none"));
	if (!d->ndev[VC_DEV_MEMBALLOON]) {
		mb = vc_calloc(1, sizeof(*mb));
		mb->model = 1;          /* virtio */
		VC_APPEND(d->dev[VC_DEV_MEMBALLOON], d->ndev[VC_DEV_MEMBALLOON], mb);
	}
	for (i = 0; q35 && i < d->ndev[VC_DEV_WATCHDOG]; i++) {
		w = d->dev[VC_DEV_WATCHDOG][i];
		if (w->model == 4)      /* itco */
			q35 = 0;
	}
	if (q35) {
		w = vc_calloc(1, sizeof(*w));
		w->model = 4;
		/* the guest's one action: the first watchdog's, reset by default */
		w->action = d->ndev[VC_DEV_WATCHDOG]
			? ((struct vc_dev_watchdog *)d->dev[VC_DEV_WATCHDOG][0])->action : 1;
		VC_APPEND(d->dev[VC_DEV_WATCHDOG], d->ndev[VC_DEV_WATCHDOG], w);
	}
}
