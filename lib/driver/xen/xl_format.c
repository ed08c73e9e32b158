/* xl_format.c: domain -> xl.cfg, keys in the order libvirt writes them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xl.h"
#include "conf/sections.h"
#include "conf/devs_storage.h"
#include "conf/devs_misc.h"
#include "conf/dev_net.h"

const char *vc_xl_cpuid_name(const char *name, int to_xl);   /* xl_parse.c */

struct fx {
	struct vc_buf b;
	const struct vc_domain *d;
	int strict, hvm;
	const char *file;
	int failed;          /* --strict and something was dropped */
};

static void
quote(struct vc_buf *b, const char *s)
{
	vc_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			vc_buf_putc(b, '\\');
		vc_buf_putc(b, *s);
	}
	vc_buf_putc(b, '"');
}

static void
set_str(struct fx *x, const char *k, const char *v)
{
	if (!v)
		return;
	vc_buf_printf(&x->b, "%s = ", k);
	quote(&x->b, v);
	vc_buf_putc(&x->b, '\n');
}

static void
set_num(struct fx *x, const char *k, long long v)
{
	vc_buf_printf(&x->b, "%s = %lld\n", k, v);
}

static void
set_list(struct fx *x, const char *k, char **v, size_t n)
{
	size_t i;

	if (!n)
		return;
	vc_buf_printf(&x->b, "%s = [ ", k);
	for (i = 0; i < n; i++) {
		if (i)
			vc_buf_puts(&x->b, ", ");
		quote(&x->b, v[i]);
	}
	vc_buf_puts(&x->b, " ]\n");
}

static void
list_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
drop(struct fx *x, const char *fmt, ...) VC_PRINTF(2, 3);
static int
drop(struct fx *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (x->failed)
		return -1;
	if (vc_native_drop(x->strict, x->file, 0, "%s", msg) < 0)
		x->failed = 1;
	return 0;
}

/* ---- device specs, shared with the driver's attach ---- */
char *
vc_xl_disk_spec(const void *dev)
{
	const struct vc_disk *k = dev;
	struct vc_buf b = {0};
	const char *fmt = k->src.format ? vc_disk_format_names[k->src.format] : NULL;

	if (fmt)
		vc_buf_printf(&b, "format=%s,", fmt);
	vc_buf_printf(&b, "vdev=%s,access=%s", k->target_dev ? k->target_dev : "",
	    k->readonly ? "ro" : "rw");
	if (k->driver_name) {
		const char *bt = !strcmp(k->driver_name, "phy") ? "phy" :
		    !strcmp(k->driver_name, "tap") || !strcmp(k->driver_name, "tap2") ? "tap" : "qdisk";
		vc_buf_printf(&b, ",backendtype=%s", bt);
	}
	if (k->device == VC_DISK_DEV_CDROM)
		vc_buf_puts(&b, ",devtype=cdrom");
	if (k->src.type == VC_DISK_TYPE_NETWORK && k->src.protocol == VC_NETPROTO_RBD) {
		size_t i;

		vc_buf_printf(&b, ",target=rbd:%s", k->src.name ? k->src.name : "");
		if (k->src.auth && k->src.auth->username)
			vc_buf_printf(&b, ":id=%s", k->src.auth->username);
		else
			vc_buf_puts(&b, ":auth_supported=none");
		if (k->src.nhosts) {
			vc_buf_puts(&b, ":mon_host=");
			for (i = 0; i < k->src.nhosts; i++) {
				if (i)
					vc_buf_puts(&b, "\\;");
				vc_buf_puts(&b, k->src.hosts[i].name ? k->src.hosts[i].name : "");
				if (k->src.hosts[i].port)
					vc_buf_printf(&b, "\\:%u", k->src.hosts[i].port);
			}
		}
	} else if (k->src.path)
		vc_buf_printf(&b, ",target=%s", k->src.path);
	return vc_buf_take(&b);
}

char *
vc_xl_vif_spec(const void *dev, int hvm)
{
	const struct vc_iface *n = dev;
	struct vc_buf b = {0};
	char mac[18];
	size_t i;

	if (n->has_mac) {
		vc_mac_format(n->mac, mac);
		vc_buf_printf(&b, "mac=%s", mac);
	}
	if (n->type == VC_IFACE_BRIDGE && n->source_bridge) {
		vc_buf_printf(&b, "%sbridge=%s", b.len ? "," : "", n->source_bridge);
		for (i = 0; i < n->nvlan_tags; i++)
			vc_buf_printf(&b, "%c%u", n->vlan_trunk || n->nvlan_tags > 1 ? ':' : '.', n->vlan_tags[i]);
	} else if (n->type == VC_IFACE_NETWORK && n->source_network) {
		vc_buf_printf(&b, "%sbridge=%s", b.len ? "," : "", n->source_network);
	}
	if (n->guest_ip.nips) {
		vc_buf_printf(&b, "%sip=", b.len ? "," : "");
		for (i = 0; i < n->guest_ip.nips; i++)
			vc_buf_printf(&b, "%s%s", i ? " " : "", n->guest_ip.ips[i].address);
	}
	if (n->script)
		vc_buf_printf(&b, "%sscript=%s", b.len ? "," : "", n->script);
	if (n->model) {
		if (!strcmp(n->model, "netfront"))
			vc_buf_printf(&b, "%stype=vif", b.len ? "," : "");
		else
			vc_buf_printf(&b, "%smodel=%s", b.len ? "," : "", n->model);
	} else if (hvm && 0)
		vc_buf_puts(&b, ",type=ioemu");
	if (n->target_dev)
		vc_buf_printf(&b, "%svifname=%s", b.len ? "," : "", n->target_dev);
	if (n->backenddomain)
		vc_buf_printf(&b, "%sbackend=%s", b.len ? "," : "", n->backenddomain);
	if (n->bw_out.set && n->bw_out.average)
		vc_buf_printf(&b, "%srate=%lluKB/s", b.len ? "," : "", n->bw_out.average);
	if (!b.len)
		vc_buf_puts(&b, "");
	return b.s ? vc_buf_take(&b) : vc_strdup("");
}

char *
vc_xl_pci_spec(const void *dev)
{
	const struct vc_hostdev *h = dev;
	struct vc_buf b = {0};

	vc_buf_printf(&b, "%04x:%02x:%02x.%x", h->pci_domain, h->pci_bus, h->pci_slot, h->pci_function);
	if (h->pci_writefiltering == VC_TRI_NO)
		vc_buf_puts(&b, ",permissive=1");
	if (h->managed)
		vc_buf_puts(&b, ",seize=1");
	return vc_buf_take(&b);
}

/* pty, null, vc, stdio, file:P, pipe:P, /dev/X, tcp:H:P[,server,nowait], unix:P[,server,nowait] */
static char *
chr_spec(const struct vc_chr_source *s)
{
	switch (s->type) {
	case VC_CHR_PTY: return vc_strdup("pty");
	case VC_CHR_NULL: return vc_strdup("null");
	case VC_CHR_VC: return vc_strdup("vc");
	case VC_CHR_STDIO: return vc_strdup("stdio");
	case VC_CHR_FILE: return vc_asprintf("file:%s", s->path ? s->path : "");
	case VC_CHR_PIPE: return vc_asprintf("pipe:%s", s->path ? s->path : "");
	case VC_CHR_DEV: return vc_strdup(s->path ? s->path : "");
	case VC_CHR_TCP:
		return vc_asprintf("%s:%s:%s%s", s->protocol == VC_CHR_PROTO_TELNET ? "telnet" : "tcp",
		    s->host ? s->host : "", s->service ? s->service : "",
		    s->mode == VC_CHR_MODE_BIND ? ",server,nowait" : "");
	case VC_CHR_UNIX:
		return vc_asprintf("unix:%s%s", s->path ? s->path : "",
		    s->mode == VC_CHR_MODE_BIND ? ",server,nowait" : "");
	default:
		return NULL;
	}
}

static void
features(struct fx *x)
{
	const struct vc_features *f = x->d->sect[VC_SECT_FEATURES];
	const struct vc_clock *c = x->d->sect[VC_SECT_CLOCK];
	size_t i;

	if (x->hvm) {
		set_num(x, "pae", f && f->state[VC_FEAT_PAE] == VC_TRI_YES);
		set_num(x, "acpi", f && f->state[VC_FEAT_ACPI] == VC_TRI_YES);
		set_num(x, "apic", f && f->state[VC_FEAT_APIC] == VC_TRI_YES);
		if (f && f->state[VC_FEAT_HAP] == VC_TRI_NO)
			set_num(x, "hap", 0);
		else if (f && f->state[VC_FEAT_HAP] == VC_TRI_YES)
			set_num(x, "hap", 1);
		set_num(x, "viridian", f && f->state[VC_FEAT_VIRIDIAN] == VC_TRI_YES);
	}
	if (f && f->xen[VC_XEN_E820_HOST] == VC_TRI_YES)
		set_num(x, "e820_host", 1);
	if (f && f->xen[VC_XEN_PASSTHROUGH]) {
		static const char *const modes[] = {"", "sync_pt", "share_pt"};

		if (f->xen[VC_XEN_PASSTHROUGH] == VC_TRI_NO)
			set_str(x, "passthrough", "disabled");
		else if (f->xen_passthrough_mode > 0 && f->xen_passthrough_mode < 3)
			set_str(x, "passthrough", modes[f->xen_passthrough_mode]);
		else
			set_str(x, "passthrough", "enabled");
	}
	for (i = 0; c && i < c->ntimers; i++) {
		const struct vc_timer *t = &c->timers[i];

		if (t->name == VC_TIMER_TSC) {
			const char *m = t->mode == 3 ? "always_emulate" : t->mode == 4 ? "native_paravirt" :
			    t->mode == 2 ? "native" : "default";
			set_str(x, "tsc_mode", m);
		} else if (t->name == VC_TIMER_HPET && x->hvm)
			set_num(x, "hpet", t->present != VC_TRI_NO);
		else
			drop(x, "clock/timer %s", vc_timer_names[t->name]);
	}
}

static void
clock(struct fx *x)
{
	const struct vc_clock *c = x->d->sect[VC_SECT_CLOCK];
	int local = 0;
	long long adj = 0;

	if (c) {
		if (c->offset == VC_CLOCK_LOCALTIME)
			local = 1;
		else if (c->offset == VC_CLOCK_VARIABLE) {
			local = c->basis == 2;
			adj = c->adjustment;
		} else if (c->offset != VC_CLOCK_UTC)
			drop(x, "clock offset '%s'", vc_clock_offset_names[c->offset]);
	}
	if (x->hvm)
		set_num(x, "rtc_timeoffset", adj);
	else if (adj)
		drop(x, "clock adjustment %lld (PV guests keep the host's time)", adj);
	set_num(x, "localtime", local);
}

static void
vfb(struct fx *x)
{
	const struct vc_domain *d = x->d;
	const struct vc_dev_graphics *g = d->ndev[VC_DEV_GRAPHICS] ? d->dev[VC_DEV_GRAPHICS][0] : NULL;
	const char *listen = NULL;

	if (g && g->nlistens && g->listens[0].type == VC_LISTEN_ADDRESS)
		listen = g->listens[0].address;
	if (x->hvm) {
		if (g && g->type == VC_GFX_SPICE)
			return;
		set_num(x, "sdl", g && g->type == VC_GFX_SDL);
		set_num(x, "vnc", g && g->type == VC_GFX_VNC);
		if (g && g->type == VC_GFX_VNC) {
			set_num(x, "vncunused", g->autoport ? 1 : 0);
			if (!g->autoport && g->port >= 5900)
				set_num(x, "vncdisplay", g->port - 5900);
			set_str(x, "vnclisten", listen);
			set_str(x, "vncpasswd", g->passwd);
			set_str(x, "keymap", g->keymap);
		} else if (g && g->type == VC_GFX_SDL) {
			set_str(x, "display", g->display);
			set_str(x, "xauthority", g->xauth);
		}
		return;
	}
	if (g && (g->type == VC_GFX_VNC || g->type == VC_GFX_SDL)) {
		struct vc_buf s = {0};
		char *one;

		if (g->type == VC_GFX_VNC) {
			vc_buf_printf(&s, "type=vnc,vncunused=%d", g->autoport ? 1 : 0);
			if (!g->autoport && g->port >= 5900)
				vc_buf_printf(&s, ",vncdisplay=%d", g->port - 5900);
			if (listen)
				vc_buf_printf(&s, ",vnclisten=%s", listen);
			if (g->passwd)
				vc_buf_printf(&s, ",vncpasswd=%s", g->passwd);
			if (g->keymap)
				vc_buf_printf(&s, ",keymap=%s", g->keymap);
		} else {
			vc_buf_puts(&s, "type=sdl");
			if (g->display)
				vc_buf_printf(&s, ",display=%s", g->display);
			if (g->xauth)
				vc_buf_printf(&s, ",xauthority=%s", g->xauth);
		}
		one = vc_buf_take(&s);
		set_list(x, "vfb", &one, 1);
		free(one);
	}
}

static void
vifs(struct fx *x)
{
	const struct vc_domain *d = x->d;
	char **v = NULL;
	size_t n = 0, i;

	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];

		if (f->type != VC_IFACE_BRIDGE && f->type != VC_IFACE_ETHERNET && f->type != VC_IFACE_NETWORK) {
			drop(x, "interface type '%s'", vc_iface_type_names[f->type]);
			continue;
		}
		VC_APPEND(v, n, vc_xl_vif_spec(f, x->hvm));
	}
	set_list(x, "vif", v, n);
	list_free(v, n);
}

static void
pcis(struct fx *x)
{
	const struct vc_domain *d = x->d;
	char **v = NULL;
	size_t n = 0, i;

	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

		if (h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_PCI)
			VC_APPEND(v, n, vc_xl_pci_spec(h));
	}
	set_list(x, "pci", v, n);
	list_free(v, n);
}

static void
chardevs(struct fx *x)
{
	const struct vc_domain *d = x->d;
	size_t i;

	if (!x->hvm)
		return;
	if (d->ndev[VC_DEV_PARALLEL]) {
		const struct vc_dev_chr *c = d->dev[VC_DEV_PARALLEL][0];
		char *s = chr_spec(&c->src);

		if (s)
			set_str(x, "parallel", s);
		else
			drop(x, "parallel type '%s'", vc_chr_type_names[c->src.type]);
		free(s);
	} else
		set_str(x, "parallel", "none");
	if (d->ndev[VC_DEV_SERIAL] > 1) {
		char **v = NULL;
		size_t n = 0;

		for (i = 0; i < d->ndev[VC_DEV_SERIAL]; i++) {
			const struct vc_dev_chr *c = d->dev[VC_DEV_SERIAL][i];
			char *s = chr_spec(&c->src);

			VC_APPEND(v, n, s ? s : vc_strdup("none"));
		}
		set_list(x, "serial", v, n);
		list_free(v, n);
	} else if (d->ndev[VC_DEV_SERIAL]) {
		const struct vc_dev_chr *c = d->dev[VC_DEV_SERIAL][0];
		char *s = chr_spec(&c->src);

		set_str(x, "serial", s ? s : "none");
		free(s);
	} else
		set_str(x, "serial", "none");
}

static void
sound(struct fx *x)
{
	const struct vc_domain *d = x->d;
	struct vc_buf b = {0};
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_SOUND]; i++) {
		const struct vc_dev_sound *s = d->dev[VC_DEV_SOUND][i];
		const char *m = vc_sound_model_names[s->model];

		if (!strcmp(m, "ich6"))
			m = "hda";
		vc_buf_printf(&b, "%s%s", b.len ? "," : "", m);
	}
	if (b.len)
		set_str(x, "soundhw", b.s);
	vc_buf_free(&b);
}

static void
os(struct fx *x)
{
	const struct vc_os *o = x->d->sect[VC_SECT_OS];
	const struct vc_text_sect *bl = x->d->sect[VC_SECT_BOOTLOADER];
	const struct vc_text_sect *ba = x->d->sect[VC_SECT_BOOTLOADER_ARGS];
	size_t i;

	if (x->hvm) {
		char boot[VC_BOOT_MAX + 1];
		size_t nb = 0;

		set_str(x, "builder", "hvm");
		if (o && o->loader_type == VC_LOADER_PFLASH) {
			set_str(x, "bios", "ovmf");
			set_str(x, "bios_path_override", o->loader);
		} else if (o && o->firmware == VC_FW_EFI)
			set_str(x, "bios", "ovmf");
		for (i = 0; o && i < o->nacpi; i++)
			set_str(x, "acpi_firmware", o->acpi[i].path);
		if (o) {
			set_str(x, "kernel", o->kernel);
			set_str(x, "ramdisk", o->initrd);
			set_str(x, "cmdline", o->cmdline);
		}
		for (i = 0; o && i < o->nboot; i++) {
			switch (o->boot[i]) {
			case VC_BOOT_FD: boot[nb++] = 'a'; break;
			case VC_BOOT_CDROM: boot[nb++] = 'd'; break;
			case VC_BOOT_NETWORK: boot[nb++] = 'n'; break;
			default: boot[nb++] = 'c'; break;
			}
		}
		if (!nb)
			boot[nb++] = 'c';
		boot[nb] = '\0';
		set_str(x, "boot", boot);
		return;
	}
	if (o && o->type == VC_OS_XENPVH)
		set_str(x, "type", "pvh");
	if (bl)
		set_str(x, "bootloader", bl->text);
	if (ba)
		set_str(x, "bootloader_args", ba->text);
	if (o) {
		set_str(x, "kernel", o->kernel);
		set_str(x, "ramdisk", o->initrd);
		set_str(x, "cmdline", o->cmdline);
	}
}

static void
cpuid(struct fx *x)
{
	const struct vc_cpu *c = x->d->sect[VC_SECT_CPU];
	struct vc_buf b = {0};
	int nested = 1;
	size_t i;

	if (!c || c->mode != VC_CPU_MODE_HOST_PASSTHROUGH)
		return;
	vc_buf_puts(&b, "host");
	for (i = 0; i < c->nfeatures; i++) {
		const struct vc_cpu_feature *f = &c->features[i];
		char v;

		if (!strcmp(f->name, "vmx") || !strcmp(f->name, "svm")) {
			if (f->policy == VC_CPU_POLICY_DISABLE || f->policy == VC_CPU_POLICY_FORBID)
				nested = 0;
			continue;
		}
		v = f->policy == VC_CPU_POLICY_DISABLE || f->policy == VC_CPU_POLICY_FORBID ? '0' :
		    f->policy == VC_CPU_POLICY_OPTIONAL ? 'x' : f->policy == VC_CPU_POLICY_REQUIRE ? 'k' : '1';
		vc_buf_printf(&b, ",%s=%c", vc_xl_cpuid_name(f->name, 1), v);
	}
	if (x->hvm)
		set_num(x, "nestedhvm", nested);
	if (strcmp(b.s, "host"))
		set_str(x, "cpuid", b.s);
	vc_buf_free(&b);
}

static void
vnuma(struct fx *x)
{
	const struct vc_cpu *c = x->d->sect[VC_SECT_CPU];
	unsigned *dist;
	size_t n, i, j;

	if (!c || !c->ncells)
		return;
	n = c->ncells;
	dist = vc_calloc(n * n, sizeof(*dist));
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			dist[i * n + j] = i == j ? 10 : 20;
	/* what a cell gives counts both ways, as libvirt completes the matrix */
	for (i = 0; i < n; i++)
		for (j = 0; j < c->cells[i].ndist; j++) {
			unsigned s = c->cells[i].dist[j].id;

			if (s < n) {
				dist[i * n + s] = c->cells[i].dist[j].value;
				dist[s * n + i] = c->cells[i].dist[j].value;
			}
		}
	vc_buf_puts(&x->b, "vnuma = [ ");
	for (i = 0; i < n; i++) {
		vc_buf_printf(&x->b, "%s[ \"pnode=%zu\", \"size=%llu\", \"vcpus=%s\", \"vdistances=",
		    i ? ", " : "", i, c->cells[i].memory / 1024, c->cells[i].cpus ? c->cells[i].cpus : "");
		for (j = 0; j < n; j++)
			vc_buf_printf(&x->b, "%s%u", j ? "," : "", dist[i * n + j]);
		vc_buf_puts(&x->b, "\" ]");
	}
	vc_buf_puts(&x->b, " ]\n");
	free(dist);
}

static void
disks(struct fx *x)
{
	const struct vc_domain *d = x->d;
	char **v = NULL;
	size_t n = 0, i;

	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];

		if (k->device == VC_DISK_DEV_FLOPPY || k->device == VC_DISK_DEV_LUN) {
			drop(x, "disk %s: device '%s'", k->target_dev ? k->target_dev : "?",
			    vc_disk_device_names[k->device]);
			continue;
		}
		if (k->src.type == VC_DISK_TYPE_NETWORK && k->src.protocol != VC_NETPROTO_RBD) {
			drop(x, "disk %s: network protocol '%s'", k->target_dev ? k->target_dev : "?",
			    vc_net_protocol_names[k->src.protocol]);
			continue;
		}
		VC_APPEND(v, n, vc_xl_disk_spec(k));
	}
	set_list(x, "disk", v, n);
	list_free(v, n);
}

static void
spice(struct fx *x)
{
	const struct vc_domain *d = x->d;
	const struct vc_dev_graphics *g = d->ndev[VC_DEV_GRAPHICS] ? d->dev[VC_DEV_GRAPHICS][0] : NULL;

	if (!x->hvm || !g || g->type != VC_GFX_SPICE)
		return;
	set_num(x, "sdl", 0);
	set_num(x, "vnc", 0);
	set_num(x, "spice", 1);
	if (g->nlistens && g->listens[0].type == VC_LISTEN_ADDRESS)
		set_str(x, "spicehost", g->listens[0].address);
	if (g->port > 0)
		set_num(x, "spiceport", g->port);
	if (g->tls_port > 0)
		set_num(x, "spicetls_port", g->tls_port);
	if (g->passwd) {
		set_num(x, "spicedisable_ticketing", 0);
		set_str(x, "spicepasswd", g->passwd);
	} else
		set_num(x, "spicedisable_ticketing", 1);
	if (g->mouse)
		set_num(x, "spiceagent_mouse", g->mouse == 2);
	if (g->clipboard == VC_TRI_YES) {
		set_num(x, "spicevdagent", 1);
		set_num(x, "spice_clipboard_sharing", 1);
	}
}

static void
inputs(struct fx *x)
{
	const struct vc_domain *d = x->d;
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_INPUT]; i++) {
		const struct vc_dev_input *in = d->dev[VC_DEV_INPUT][i];

		if (in->bus != VC_INPUT_BUS_USB)
			continue;
		if (!x->hvm) {
			drop(x, "input on the usb bus of a PV guest");
			continue;
		}
		set_num(x, "usb", 1);
		set_str(x, "usbdevice", in->type == VC_INPUT_TABLET ? "tablet" : in->type == VC_INPUT_MOUSE ?
		    "mouse" : "keyboard");
		break;
	}
}

static void
usb(struct fx *x)
{
	const struct vc_domain *d = x->d;
	char **v = NULL;
	size_t n = 0, i;

	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

		if (h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_USB) {
			if (!h->has_usb_address) {
				drop(x, "usb hostdev by vendor/product (xl wants hostbus,hostaddr)");
				continue;
			}
			VC_APPEND(v, n, vc_asprintf("hostbus=%u,hostaddr=%u", h->usb_bus, h->usb_device));
		}
	}
	set_list(x, "usbdev", v, n);
	list_free(v, n);
	v = NULL;
	n = 0;
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];
		const char *m;

		if (c->type != VC_CTRL_USB)
			continue;
		m = vc_ctrl_model_usb_names[c->model];
		if (strcmp(m, "qusb1") && strcmp(m, "qusb2"))
			continue;
		VC_APPEND(v, n, vc_asprintf("type=qusb,version=%d,ports=%u", !strcmp(m, "qusb1") ? 1 : 2,
		    c->has_ports ? c->ports : 8));
	}
	set_list(x, "usbctrl", v, n);
	list_free(v, n);
}

static void
channels(struct fx *x)
{
	const struct vc_domain *d = x->d;
	char **v = NULL;
	size_t n = 0, i;

	for (i = 0; i < d->ndev[VC_DEV_CHANNEL]; i++) {
		const struct vc_dev_chr *c = d->dev[VC_DEV_CHANNEL][i];
		struct vc_buf b = {0};

		if (c->target_type != VC_CHANNEL_TGT_XEN) {
			drop(x, "channel with a non-xen target");
			continue;
		}
		if (c->src.type == VC_CHR_PTY)
			vc_buf_puts(&b, "connection=pty");
		else if (c->src.type == VC_CHR_UNIX)
			vc_buf_printf(&b, "connection=socket,path=%s", c->src.path ? c->src.path : "");
		else {
			drop(x, "channel type '%s'", vc_chr_type_names[c->src.type]);
			continue;
		}
		if (c->target_name)
			vc_buf_printf(&b, ",name=%s", c->target_name);
		VC_APPEND(v, n, vc_buf_take(&b));
	}
	set_list(x, "channel", v, n);
	list_free(v, n);
}

/* what the format has no key for */
static void
report(struct fx *x)
{
	const struct vc_domain *d = x->d;
	static const int kinds[] = {VC_DEV_FILESYSTEM, VC_DEV_SMARTCARD, VC_DEV_TPM, VC_DEV_REDIRDEV,
		VC_DEV_HUB, VC_DEV_WATCHDOG, VC_DEV_RNG, VC_DEV_PANIC, VC_DEV_AUDIO};
	size_t i;

	for (i = 0; i < VC_NELEM(kinds); i++)
		if (d->ndev[kinds[i]])
			drop(x, "devices/%s: no xl.cfg key", vc_devtypes[kinds[i]].elem);
	if (d->ndev[VC_DEV_GRAPHICS] > 1)
		drop(x, "graphics beyond the first");
}

char *
vc_xl_format(struct vc_domain *d, int strict)
{
	struct fx x = {{0}, d, strict, 0, d->name ? d->name : "-", 0};
	const struct vc_os *o = d->sect[VC_SECT_OS];
	char uuid[37];
	unsigned long long cur = d->has_current_memory ? d->current_memory : d->memory;
	size_t i;

	if (d->type != VC_VIRT_XEN) {
		vc_err("%s: domain type '%s' has no xl.cfg (want type='xen')", x.file,
		    vc_virt_type_names[d->type]);
		return NULL;
	}
	x.hvm = o && o->type == VC_OS_HVM;
	set_str(&x, "name", d->name);
	if (d->has_uuid) {
		vc_uuid_format(d->uuid, uuid);
		set_str(&x, "uuid", uuid);
	}
	set_num(&x, "maxmem", (long long)(d->memory / 1024));
	set_num(&x, "memory", (long long)(cur / 1024));
	if (d->has_vcpus_current && d->vcpus_current != d->vcpus)
		set_num(&x, "maxvcpus", d->vcpus);
	set_num(&x, "vcpus", d->has_vcpus_current ? d->vcpus_current : d->vcpus);
	set_str(&x, "cpus", d->vcpu_cpuset);
	features(&x);
	clock(&x);
	set_str(&x, "on_poweroff", d->on_poweroff ? vc_lifecycle_names[d->on_poweroff] : "destroy");
	set_str(&x, "on_reboot", d->on_reboot ? vc_lifecycle_names[d->on_reboot] : "restart");
	set_str(&x, "on_crash", d->on_crash ? vc_lifecycle_names[d->on_crash] : "restart");
	if (x.hvm)
		set_str(&x, "device_model_override", d->emulator);
	vfb(&x);
	vifs(&x);
	pcis(&x);
	chardevs(&x);
	sound(&x);
	os(&x);
	cpuid(&x);
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];

		if (c->type == VC_CTRL_XENBUS && c->has_max_event_channels)
			set_num(&x, "max_event_channels", c->max_event_channels);
	}
	vnuma(&x);
	disks(&x);
	spice(&x);
	inputs(&x);
	usb(&x);
	channels(&x);
	report(&x);
	if (x.failed) {
		vc_buf_free(&x.b);
		return NULL;
	}
	return vc_buf_take(&x.b);
}

char *
vc_xl_to_native(struct vc_conn *c, struct vc_domain *d, int strict)
{
	(void)c;
	return vc_xl_format(d, strict);
}
