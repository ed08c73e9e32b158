/* xl_conf.c: the syntax of xl.cfg: KEY = VALUE lines, numbers, quoted
 * strings, [ lists ] over several lines, # comments, ; separators, += */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "xl.h"

struct lex {
	const char *p, *end, *file;
	int line;
	const char *key;          /* for messages */
};

/* xl.cfg(5)'s keys, libvirt's or not: a key outside this list is a typo */
static const char *const known[] = {
	"name", "uuid", "type", "builder", "pool", "vcpus", "maxvcpus", "cpus",
	"cpus_soft", "cpu_weight", "cap", "memory", "maxmem", "vnuma",
	"on_poweroff", "on_reboot", "on_watchdog", "on_crash", "on_soft_reset",
	"direct_io_safe", "seclabel", "init_seclabel", "max_grant_frames",
	"max_maptrack_frames", "max_grant_version", "nomigrate", "driver_domain",
	"device_tree", "passthrough", "xend_suspend_evtchn_compat",
	"vmtrace_buf_kb", "vpmu", "kernel", "ramdisk", "cmdline", "root", "extra",
	"bootloader", "bootloader_args", "bootloader_restrict", "bootloader_user",
	"e820_host", "disk", "vif", "vtpm", "p9", "pvcalls", "vfb", "channel",
	"rdm", "usbctrl", "usbdev", "pci", "pci_permissive", "pci_msitranslate",
	"pci_seize", "pci_power_mgmt", "gfx_passthru", "ioports", "iomem", "irqs",
	"max_event_channels", "vdispl", "dtdev", "vsnd", "vkb", "virtio", "tee",
	"boot", "hdtype", "hap", "oos", "shadow_memory", "bios",
	"bios_path_override", "pae", "acpi", "acpi_s3", "acpi_s4",
	"acpi_laptop_slate", "apic", "nx", "hpet", "altp2m", "altp2mhvm",
	"nestedhvm", "cpuid", "acpi_firmware", "smbios_firmware", "ms_vm_genid",
	"tsc_mode", "localtime", "rtc_timeoffset", "vpt_align", "timer_mode",
	"mmio_hole", "vga", "videoram", "stdvga", "vnc", "vnclisten",
	"vncdisplay", "vncunused", "vncpasswd", "keymap", "sdl", "opengl",
	"display", "xauthority", "spice", "spicehost", "spiceport",
	"spicetls_port", "spicedisable_ticketing", "spicepasswd",
	"spiceagent_mouse", "spicevdagent", "spice_clipboard_sharing",
	"spiceusbredirection", "spice_image_compression",
	"spice_streaming_video", "serial", "soundhw", "usb", "usbversion",
	"usbdevice", "vendor_device", "viridian", "device_model_version",
	"device_model_override", "device_model_stubdomain_override",
	"device_model_stubdomain_seclabel", "stubdomain_kernel",
	"stubdomain_ramdisk", "stubdomain_memory", "device_model_args",
	"device_model_args_pv", "device_model_args_hvm", "device_model_user",
	"xen_platform_pci", "dm_restrict", "claim_mode", "autoballoon",
	"parallel", "monitor", "gic_version", "vuart", "mca_caps", "nr_spis",
	"msr_relaxed", "arm_sve_vl", "llc_colors", "vcpu_hard_affinity",
	"vcpu_soft_affinity", "trap_unmapped_accesses", "vga_passthru",
	NULL,
};

int
vc_xl_key_known(const char *key)
{
	size_t i;

	for (i = 0; known[i]; i++)
		if (strcmp(known[i], key) == 0)
			return 1;
	return 0;
}

static void
val_clear(struct xl_val *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		val_clear(&v->items[i]);
	free(v->items);
	free(v->s);
	memset(v, 0, sizeof(*v));
}

void
vc_xl_cfg_clear(struct xl_cfg *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->e[i].key);
		val_clear(&c->e[i].v);
	}
	free(c->e);
	c->e = NULL;
	c->n = 0;
}

/* skip blanks and comments; newlines too when nl */
static void
skip(struct lex *l, int nl)
{
	while (l->p < l->end) {
		if (*l->p == '#') {
			while (l->p < l->end && *l->p != '\n')
				l->p++;
		} else if (*l->p == '\n') {
			if (!nl)
				return;
			l->line++;
			l->p++;
		} else if (*l->p == ' ' || *l->p == '\t' || *l->p == '\r')
			l->p++;
		else
			return;
	}
}

static int
lerr(struct lex *l, const char *what)
{
	if (!*l->key)           /* before the first key of an entry */
		return vc_err("%s:%d: %s", l->file, l->line, what);
	return vc_err("%s:%d: %s: %s", l->file, l->line, l->key, what);
}

/* decimal (maybe signed, maybe with a fraction) or 0x hexadecimal */
static int
number_ok(const char *s)
{
	const char *p = s;
	int digits = 0, dot = 0;

	if (strncmp(s, "0x", 2) == 0 && s[2]) {
		for (p = s + 2; *p; p++)
			if (!isxdigit((unsigned char)*p))
				return 0;
		return 1;
	}
	if (*p == '-')
		p++;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (*p == '.' && !dot)
			dot = 1;
		else
			return 0;
	}
	return digits > 0;
}

static int
value(struct lex *l, struct xl_val *v, int depth)
{
	struct vc_buf b = {0};
	int opened;

	memset(v, 0, sizeof(*v));
	v->line = l->line;
	if (l->p >= l->end || *l->p == '\n')
		return lerr(l, "missing value");
	if (*l->p == '"' || *l->p == '\'') {
		char q = *l->p++;

		while (l->p < l->end && *l->p != q) {
			if (*l->p == '\n') {
				vc_buf_free(&b);
				return lerr(l, "unterminated string");
			}
			if (*l->p == '\\' && l->p + 1 < l->end && l->p[1] != '\n') {
				char e = l->p[1];

				l->p += 2;
				vc_buf_putc(&b, e == 'n' ? '\n' : e == 't' ? '\t' : e);
				continue;
			}
			vc_buf_putc(&b, *l->p++);
		}
		if (l->p >= l->end) {
			vc_buf_free(&b);
			return lerr(l, "unterminated string");
		}
		l->p++;
		v->type = XL_STR;
		v->s = b.s ? vc_buf_take(&b) : vc_strdup("");
		return 0;
	}
	if (*l->p == '[') {
		if (depth > 4)
			return lerr(l, "lists nested too deep");
		l->p++;
		v->type = XL_LIST;
		for (;;) {
			struct xl_val it;

			skip(l, 1);
			if (l->p < l->end && *l->p == ']') {
				l->p++;
				return 0;
			}
			if (l->p >= l->end) {
				char *m = vc_asprintf("list opened on line %d never closed", v->line);
				int r = lerr(l, m);

				free(m);
				val_clear(v);
				return r;
			}
			if (value(l, &it, depth + 1) < 0) {
				val_clear(v);
				return -1;
			}
			v->items = vc_realloc(v->items, (v->n + 1) * sizeof(*v->items));
			v->items[v->n++] = it;
			skip(l, 1);
			if (l->p < l->end && *l->p == ',') {
				l->p++;
				continue;
			}
			if (l->p < l->end && *l->p == ']')
				continue;
			opened = v->line;
			val_clear(v);
			if (l->p >= l->end) {
				char *m = vc_asprintf("list opened on line %d never closed", opened);
				int r = lerr(l, m);

				free(m);
				return r;
			}
			return lerr(l, "expected ',' or ']' in list");
		}
	}
	while (l->p < l->end && (isalnum((unsigned char)*l->p) || *l->p == '.' || *l->p == '-' || *l->p == '+'))
		vc_buf_putc(&b, *l->p++);
	if (!b.len) {
		vc_buf_free(&b);
		return lerr(l, "expected a number, a \"string\" or a [list]");
	}
	v->type = XL_NUM;
	v->s = vc_buf_take(&b);
	/* a bare word that is not a number: xl refuses it too */
	if (!number_ok(v->s)) {
		char *m = vc_asprintf("'%s': expected a number, a \"string\" or a [list]", v->s);
		int r = lerr(l, m);

		free(m);
		val_clear(v);
		return r;
	}
	return 0;
}

int
vc_xl_cfg_parse(struct xl_cfg *c, const char *text, size_t len, const char *file)
{
	struct lex l = {text, text + len, file, 1, ""};

	memset(c, 0, sizeof(*c));
	c->file = file;
	for (;;) {
		struct xl_ent e = {0};
		const char *k;
		int append = 0;
		size_t i;

		l.key = "";     /* the last entry's key may be freed (+= appends) */
		skip(&l, 1);
		while (l.p < l.end && *l.p == ';') {
			l.p++;
			skip(&l, 1);
		}
		if (l.p >= l.end)
			return 0;
		k = l.p;
		if (!isalpha((unsigned char)*l.p) && *l.p != '_') {
			lerr(&l, "expected KEY = VALUE");
			goto fail;
		}
		while (l.p < l.end && (isalnum((unsigned char)*l.p) || *l.p == '_'))
			l.p++;
		e.key = vc_strndup(k, l.p - k);
		e.line = l.line;
		skip(&l, 0);
		if (l.p + 1 < l.end && l.p[0] == '+' && l.p[1] == '=') {
			append = 1;
			l.p += 2;
		} else if (l.p < l.end && *l.p == '=')
			l.p++;
		else {
			vc_err("%s:%d: %s: expected '=' after the key", file, l.line, e.key);
			free(e.key);
			goto fail;
		}
		skip(&l, 0);
		l.key = e.key;
		if (value(&l, &e.v, 0) < 0) {
			free(e.key);
			goto fail;
		}
		skip(&l, 0);
		if (l.p < l.end && *l.p != '\n' && *l.p != ';') {
			vc_err("%s:%d: %s: unexpected text after the value", file, l.line, e.key);
			free(e.key);
			val_clear(&e.v);
			goto fail;
		}
		for (i = 0; i < c->n; i++)
			if (strcmp(c->e[i].key, e.key) == 0)
				break;
		if (i < c->n && append && c->e[i].v.type == XL_LIST && e.v.type == XL_LIST) {
			struct xl_val *d = &c->e[i].v;
			size_t j;

			d->items = vc_realloc(d->items, (d->n + e.v.n) * sizeof(*d->items));
			for (j = 0; j < e.v.n; j++)
				d->items[d->n++] = e.v.items[j];
			free(e.v.items);
			free(e.v.s);
			free(e.key);
			continue;
		}
		if (i < c->n) {            /* the last one counts, as in xl */
			free(c->e[i].key);
			val_clear(&c->e[i].v);
			c->e[i] = e;
			continue;
		}
		c->e = vc_realloc(c->e, (c->n + 1) * sizeof(*c->e));
		c->e[c->n++] = e;
	}
fail:
	vc_xl_cfg_clear(c);
	return -1;
}

struct xl_ent *
vc_xl_get(struct xl_cfg *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].key, key) == 0) {
			c->e[i].used = 1;
			return &c->e[i];
		}
	return NULL;
}
