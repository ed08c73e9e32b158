/* argv.c: the domain model -> QEMU's command line, an argv array (never a shell string) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "conf.h"
#include "conf/sections.h"
#include "conf/devs_storage.h"
#include "conf/dev_net.h"
#include "conf/devs_misc.h"
#include "driver/qemu/argv.h"

struct ctx {
	const struct vc_domain *d;
	const char *rundir;
	char **v;
	size_t n;
	int q35, kvm, err;
	unsigned nhostdev;
	const int *fds;         /* macvtap fd per interface, or NULL */
};

char *
vc_qemu_path(const char *rundir, const char *name, const char *ext)
{
	return vc_asprintf("%s/%s.%s", rundir, name, ext);
}

static const struct vc_os *
os_of(const struct vc_domain *d)
{
	return d->sect[VC_SECT_OS];
}

static const char *
arch_of(const struct vc_domain *d)
{
	const struct vc_os *os = os_of(d);

	return os && os->arch ? os->arch : "x86_64";
}

char *
vc_qemu_emulator(const struct vc_domain *def, int must_exist)
{
	const char *path = getenv("PATH"), *e;
	char *name, *p;

	if (def->emulator) {
		if (must_exist && access(def->emulator, X_OK) < 0)
			return vc_err("%s: emulator %s:", def->name, def->emulator), NULL;
		return vc_strdup(def->emulator);
	}
	name = vc_asprintf("qemu-system-%s", arch_of(def));
	for (; path && *path; path = *e ? e + 1 : e) {
		e = strchrnul(path, ':');
		if (e == path)
			continue;
		p = vc_asprintf("%.*s/%s", (int)(e - path), path, name);
		if (access(p, X_OK) == 0) {
			free(name);
			return p;
		}
		free(p);
	}
	if (!must_exist)
		return name;
	vc_err("%s: emulator %s not found on PATH", def->name, name);
	free(name);
	return NULL;
}

/* ---- small builders ---- */

static void
push(struct ctx *c, char *s)
{
	VC_APPEND(c->v, c->n, s);
}

static void VC_PRINTF(2, 3)
arg(struct ctx *c, const char *fmt, ...)
{
	struct vc_buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	vc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	push(c, vc_buf_take(&b));
}

static void
arg2(struct ctx *c, const char *opt, struct vc_buf *b)
{
	push(c, vc_strdup(opt));
	push(c, vc_buf_take(b));
}

static void VC_PRINTF(2, 3)
bad(struct ctx *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (c->err)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	vc_err("%s: %s", c->d->name, buf);
	c->err = 1;
}

/* QEMU's option syntax: a comma inside a value is written twice */
static void
esc(struct vc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ',')
			vc_buf_putc(b, ',');
		vc_buf_putc(b, *s);
	}
}

static void
kv(struct vc_buf *b, const char *key, const char *val)
{
	vc_buf_printf(b, ",%s=", key);
	esc(b, val);
}

static const char *
rootbus(const struct ctx *c)
{
	return c->q35 ? "pcie.0" : "pci.0";
}

static void
pciaddr(struct vc_buf *b, const struct ctx *c, const struct vc_addr *a)
{
	if (a->type != VC_ADDR_PCI)
		return;
	if (a->bus == 0)
		vc_buf_printf(b, ",bus=%s", rootbus(c));
	else
		vc_buf_printf(b, ",bus=pci.%u", a->bus);
	vc_buf_printf(b, ",addr=0x%x", a->slot);
	if (a->function)
		vc_buf_printf(b, ".0x%x", a->function);
	if (a->multifunction == VC_TRI_YES)
		vc_buf_puts(b, ",multifunction=on");
}

static void
bootidx(struct vc_buf *b, unsigned order)
{
	if (order)
		vc_buf_printf(b, ",bootindex=%u", order);
}

static int
is_q35(const struct vc_domain *d)
{
	const struct vc_os *os = os_of(d);

	return os && os->machine && strstr(os->machine, "q35");
}

/* ---- PCI addresses ---- */

static int
virtio_model_name(const char *const *names, int m)
{
	return m > 0 && names[m] && strncmp(names[m], "virtio", 6) == 0;
}

/* the address of a device that sits on the PCI bus, else NULL */
static struct vc_addr *
pci_addr_of(const struct vc_domain *d, int kind, void *dev)
{
	switch (kind) {
	case VC_DEV_DISK: {
		struct vc_disk *k = dev;
		return k->bus == VC_DISK_BUS_VIRTIO ? &k->info.addr : NULL;
	}
	case VC_DEV_CONTROLLER: {
		struct vc_controller *k = dev;
		switch (k->type) {
		case VC_CTRL_SCSI:
		case VC_CTRL_VIRTIO_SERIAL:
			return &k->info.addr;
		case VC_CTRL_SATA:
			return is_q35(d) && k->index == 0 ? NULL : &k->info.addr;
		case VC_CTRL_USB:
			if (k->model > 0 && strcmp(vc_ctrl_model_usb_names[k->model], "none") == 0)
				return NULL;
			return &k->info.addr;
		case VC_CTRL_PCI:
			return k->model == VC_PCI_ROOT || k->model == VC_PCIE_ROOT ||
			    k->model == VC_PCI_MODEL_NONE ? NULL : &k->info.addr;
		default:
			return NULL;
		}
	}
	case VC_DEV_FILESYSTEM:
		return &((struct vc_filesystem *)dev)->info.addr;
	case VC_DEV_INTERFACE: {
		struct vc_iface *i = dev;
		if (i->type == VC_IFACE_HOSTDEV && i->hostdev_src.type == VC_ADDR_USB)
			return NULL;
		return &i->addr;
	}
	case VC_DEV_INPUT: {
		struct vc_dev_input *i = dev;
		return i->bus == VC_INPUT_BUS_VIRTIO ? &i->info.addr : NULL;
	}
	case VC_DEV_VIDEO: {
		struct vc_dev_video *v = dev;
		return v->type == VC_VIDEO_NONE || v->type == VC_VIDEO_RAMFB ? NULL : &v->info.addr;
	}
	case VC_DEV_HOSTDEV: {
		struct vc_hostdev *h = dev;
		return h->mode != VC_HOSTDEV_CAPS && h->type == VC_HOSTDEV_PCI ? &h->info.addr : NULL;
	}
	case VC_DEV_WATCHDOG: {
		struct vc_dev_watchdog *w = dev;
		return w->model > 0 && strcmp(vc_watchdog_model_names[w->model], "i6300esb") == 0
		    ? &w->info.addr : NULL;
	}
	case VC_DEV_MEMBALLOON: {
		struct vc_dev_memballoon *m = dev;
		return virtio_model_name(vc_memballoon_model_names, m->model) ? &m->info.addr : NULL;
	}
	case VC_DEV_RNG:
		return &((struct vc_dev_rng *)dev)->info.addr;
	default:
		return NULL;
	}
}

int
vc_qemu_assign_pci(struct vc_domain *def)
{
	unsigned char used[32] = { 0 };
	struct vc_addr *a;
	unsigned slot = 2;
	size_t k, i;
	int n = 0;

	used[0] = used[1] = 1;          /* host bridge, PIIX/ISA */
	if (is_q35(def))
		used[0x1f] = 1;         /* ICH9 LPC, SATA, SMBus */
	for (k = 0; k < VC_DEV_LAST; k++)
		for (i = 0; i < def->ndev[k]; i++)
			if ((a = pci_addr_of(def, (int)k, def->dev[k][i])) &&
			    a->type == VC_ADDR_PCI && a->domain == 0 && a->bus == 0 &&
			    a->slot < 32)
				used[a->slot] = 1;
	for (k = 0; k < VC_DEV_LAST; k++) {
		for (i = 0; i < def->ndev[k]; i++) {
			if (!(a = pci_addr_of(def, (int)k, def->dev[k][i])) ||
			    a->type != VC_ADDR_NONE)
				continue;
			while (slot < 32 && used[slot])
				slot++;
			if (slot >= 32)
				return vc_err("%s: no free slot left on PCI bus 0", def->name);
			used[slot] = 1;
			memset(a, 0, sizeof(*a));
			a->type = VC_ADDR_PCI;
			a->slot = slot;
			a->has_domain = a->has_bus = a->has_slot = a->has_function = 1;
			n++;
		}
	}
	return n;
}

char *
vc_qemu_tap_name(const struct vc_domain *def, size_t i)
{
	(void)def;
	return vc_asprintf("vnet%zu", i);
}

/* ---- machine, cpu, memory, firmware, boot ---- */

static int
feature(const struct vc_domain *d, int f)
{
	const struct vc_features *ft = d->sect[VC_SECT_FEATURES];

	return ft ? ft->state[f] : VC_TRI_ABSENT;
}

static void
machine(struct ctx *c)
{
	const struct vc_os *os = os_of(c->d);
	const struct vc_features *ft = c->d->sect[VC_SECT_FEATURES];
	struct vc_buf b = { 0 };
	size_t f;

	vc_buf_puts(&b, os && os->machine ? os->machine : "pc");
	if (feature(c->d, VC_FEAT_ACPI) != VC_TRI_YES)
		vc_buf_puts(&b, ",acpi=off");
	if (feature(c->d, VC_FEAT_VMPORT) != VC_TRI_ABSENT)
		vc_buf_printf(&b, ",vmport=%s", feature(c->d, VC_FEAT_VMPORT) == VC_TRI_YES ? "on" : "off");
	if (feature(c->d, VC_FEAT_SMM) != VC_TRI_ABSENT)
		vc_buf_printf(&b, ",smm=%s", feature(c->d, VC_FEAT_SMM) == VC_TRI_YES ? "on" : "off");
	if (c->d->dump_core != VC_TRI_ABSENT)
		vc_buf_printf(&b, ",dump-guest-core=%s", c->d->dump_core == VC_TRI_YES ? "on" : "off");
	arg2(c, "-machine", &b);
	arg(c, "-accel");
	arg(c, "%s", c->kvm ? "kvm" : "tcg");
	/* features with no meaning here (apic, pae, hap) pass; the ones that
	 * would change the guest and are not built yet are refused */
	for (f = 0; ft && f < VC_FEAT_LAST; f++) {
		if (ft->state[f] == VC_TRI_ABSENT || f == VC_FEAT_ACPI || f == VC_FEAT_APIC ||
		    f == VC_FEAT_PAE || f == VC_FEAT_HAP || f == VC_FEAT_VMPORT ||
		    f == VC_FEAT_SMM || f == VC_FEAT_PRIVNET || f == VC_FEAT_VIRIDIAN)
			continue;
		bad(c, "feature <%s>: not supported by the qemu driver yet", vc_feature_names[f]);
	}
}

static void
cpu(struct ctx *c)
{
	const struct vc_cpu *cpu = c->d->sect[VC_SECT_CPU];
	const struct vc_domain *d = c->d;
	struct vc_buf b = { 0 };
	unsigned cur = d->has_vcpus_current ? d->vcpus_current : d->vcpus;
	size_t i;

	if (cpu) {
		switch (cpu->mode) {
		case VC_CPU_MODE_HOST_PASSTHROUGH:
		case VC_CPU_MODE_HOST_MODEL:
			vc_buf_puts(&b, c->kvm ? "host" : "max");
			break;
		case VC_CPU_MODE_MAXIMUM:
			vc_buf_puts(&b, "max");
			break;
		default:
			if (cpu->model)
				esc(&b, cpu->model);
			break;
		}
		if (b.len) {
			for (i = 0; i < cpu->nfeatures; i++) {
				int p = cpu->features[i].policy;
				vc_buf_printf(&b, ",%s=%s", cpu->features[i].name,
				    p == VC_CPU_POLICY_DISABLE || p == VC_CPU_POLICY_FORBID ? "off" : "on");
			}
			arg2(c, "-cpu", &b);
		} else if (cpu->nfeatures) {
			bad(c, "cpu: features need a model");
		}
		if (cpu->ncells)
			bad(c, "cpu: NUMA cells are not supported by the qemu driver yet");
	}
	arg(c, "-m");
	arg(c, "%llu", (d->memory + 1023) / 1024);
	vc_buf_printf(&b, "%u", cur ? cur : 1);
	if (cur != d->vcpus)
		vc_buf_printf(&b, ",maxcpus=%u", d->vcpus);
	if (cpu && cpu->sockets) {
		vc_buf_printf(&b, ",sockets=%u", cpu->sockets);
		if (cpu->dies > 1)
			vc_buf_printf(&b, ",dies=%u", cpu->dies);
		vc_buf_printf(&b, ",cores=%u,threads=%u", cpu->cores, cpu->threads);
	}
	arg2(c, "-smp", &b);
}

static void
firmware(struct ctx *c)
{
	const struct vc_os *os = os_of(c->d);
	struct vc_buf b = { 0 };

	if (!os)
		return;
	if (os->firmware != VC_FW_NONE && !os->loader)
		bad(c, "os firmware='%s': firmware auto-selection is not supported; name a <loader>",
		    vc_firmware_names[os->firmware]);
	if (!os->loader)
		return;
	if (os->loader_type == VC_LOADER_PFLASH) {
		vc_buf_puts(&b, "if=pflash,format=raw,unit=0");
		kv(&b, "file", os->loader);
		if (os->loader_readonly == VC_TRI_YES)
			vc_buf_puts(&b, ",readonly=on");
		arg2(c, "-drive", &b);
		if (os->nvram) {
			vc_buf_puts(&b, "if=pflash,format=raw,unit=1");
			kv(&b, "file", os->nvram);
			arg2(c, "-drive", &b);
		}
	} else {
		arg(c, "-bios");
		arg(c, "%s", os->loader);
	}
}

static int
any_boot_order(const struct vc_domain *d)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++)
		if (((struct vc_disk *)d->dev[VC_DEV_DISK][i])->info.boot_order)
			return 1;
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++)
		if (((struct vc_iface *)d->dev[VC_DEV_INTERFACE][i])->boot_order)
			return 1;
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++)
		if (((struct vc_hostdev *)d->dev[VC_DEV_HOSTDEV][i])->info.boot_order)
			return 1;
	return 0;
}

static void
boot(struct ctx *c)
{
	static const char letter[] = { 0, 'a', 'd', 'c', 'n' };
	const struct vc_os *os = os_of(c->d);
	struct vc_buf b = { 0 };
	size_t i;

	if (!os)
		return;
	if (os->nboot && any_boot_order(c->d))
		bad(c, "os/boot cannot be used with per-device boot order");
	if (os->nboot) {
		vc_buf_puts(&b, "order=");
		for (i = 0; i < os->nboot; i++)
			vc_buf_putc(&b, letter[os->boot[i]]);
	}
	if (os->bootmenu != VC_TRI_ABSENT) {
		vc_buf_printf(&b, "%smenu=%s", b.len ? "," : "", os->bootmenu == VC_TRI_YES ? "on" : "off");
		if (os->has_bootmenu_timeout)
			vc_buf_printf(&b, ",splash-time=%u", os->bootmenu_timeout);
	}
	if (os->has_bios_reboot_timeout)
		vc_buf_printf(&b, "%sreboot-timeout=%d", b.len ? "," : "", os->bios_reboot_timeout);
	if (b.len)
		arg2(c, "-boot", &b);
	else
		vc_buf_free(&b);
	if (os->kernel) {
		arg(c, "-kernel");
		arg(c, "%s", os->kernel);
	}
	if (os->initrd) {
		arg(c, "-initrd");
		arg(c, "%s", os->initrd);
	}
	if (os->cmdline) {
		arg(c, "-append");
		arg(c, "%s", os->cmdline);
	}
	if (os->dtb) {
		arg(c, "-dtb");
		arg(c, "%s", os->dtb);
	}
}

static void
lifecycle(struct ctx *c)
{
	const struct vc_domain *d = c->d;
	const struct vc_clock *clk = d->sect[VC_SECT_CLOCK];

	/* no <clock> is libvirt's default, utc: the same argv as once defined */
	if (clk && clk->offset == VC_CLOCK_LOCALTIME)
		arg(c, "-rtc"), arg(c, "base=localtime");
	else if (!clk || clk->offset == VC_CLOCK_UTC || clk->offset == VC_CLOCK_NONE)
		arg(c, "-rtc"), arg(c, "base=utc");
	else
		bad(c, "clock offset='%s': not supported by the qemu driver yet",
		    vc_clock_offset_names[clk->offset]);
	/* no daemon restarts a guest: QEMU itself exits or stops */
	if (d->on_reboot == VC_LIFE_DESTROY)
		arg(c, "-no-reboot");
	else if (d->on_reboot != VC_LIFE_NONE && d->on_reboot != VC_LIFE_RESTART)
		bad(c, "on_reboot '%s': not supported by the qemu driver (destroy or restart)",
		    vc_lifecycle_names[d->on_reboot]);
	if (d->on_poweroff == VC_LIFE_PRESERVE)
		arg(c, "-no-shutdown");
	else if (d->on_poweroff != VC_LIFE_NONE && d->on_poweroff != VC_LIFE_DESTROY)
		bad(c, "on_poweroff '%s': not supported by the qemu driver (destroy or preserve)",
		    vc_lifecycle_names[d->on_poweroff]);
}

/* ---- disks ---- */

static int
disk_index(const char *dev)
{
	static const char *const pfx[] = { "xvd", "ubd", "hd", "sd", "vd", "fd", "nvme", NULL };
	const char *p = dev;
	size_t i;
	int v = 0;

	for (i = 0; pfx[i]; i++)
		if (strncmp(dev, pfx[i], strlen(pfx[i])) == 0) {
			p = dev + strlen(pfx[i]);
			break;
		}
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p < 'a' || *p > 'z')
			return -1;
		v = v * 26 + (*p - 'a' + 1);
		if (v > 100000)
			return -1;
	}
	return v - 1;
}

static const struct vc_controller *
find_ctrl(const struct vc_domain *d, int type, unsigned index)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *k = d->dev[VC_DEV_CONTROLLER][i];
		if (k->type == type && (k->index < 0 ? 0 : (unsigned)k->index) == index)
			return k;
	}
	return NULL;
}

static const char *
fmt_driver(struct ctx *c, const struct vc_disk *k)
{
	static const char *const ok[] = { "raw", "qcow2", "qcow", "qed", "vmdk", "vdi",
	    "vpc", "bochs", "cloop", "dmg", "luks", NULL };
	const char *f;
	size_t i;

	if (k->src.format == VC_FMT_NONE || k->src.format == VC_FMT_ISO)
		return "raw";
	f = vc_disk_format_names[k->src.format];
	for (i = 0; ok[i]; i++)
		if (strcmp(ok[i], f) == 0)
			return f;
	bad(c, "disk %s: format '%s' is not supported by the qemu driver",
	    k->target_dev ? k->target_dev : "?", f);
	return "raw";
}

static void
json_arg(struct ctx *c, const char *opt, struct json_object *o)
{
	arg(c, "%s", opt);
	arg(c, "%s", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* -blockdev in JSON, a protocol node and a format node: paths go through
 * unchanged, with no comma escaping to get wrong */
static void
blockdev(struct ctx *c, const struct vc_disk *k, const char *id)
{
	struct json_object *o;
	char *file = vc_asprintf("file-%s", id), *drive = vc_asprintf("drive-%s", id);
	const char *drv;
	int ro = k->readonly || k->device == VC_DISK_DEV_CDROM;

	drv = k->src.type == VC_DISK_TYPE_BLOCK
	    ? (k->device == VC_DISK_DEV_CDROM ? "host_cdrom" : "host_device") : "file";
	o = json_object_new_object();
	json_object_object_add(o, "driver", json_object_new_string(drv));
	json_object_object_add(o, "filename", json_object_new_string(k->src.path));
	json_object_object_add(o, "node-name", json_object_new_string(file));
	if (k->cache == VC_CACHE_DISABLE || k->cache == VC_CACHE_DIRECTSYNC ||
	    k->cache == VC_CACHE_UNSAFE) {
		struct json_object *cc = json_object_new_object();
		json_object_object_add(cc, "direct", json_object_new_boolean(k->cache != VC_CACHE_UNSAFE));
		json_object_object_add(cc, "no-flush", json_object_new_boolean(k->cache == VC_CACHE_UNSAFE));
		json_object_object_add(o, "cache", cc);
	}
	json_object_object_add(o, "read-only", json_object_new_boolean(ro));
	json_arg(c, "-blockdev", o);
	o = json_object_new_object();
	json_object_object_add(o, "node-name", json_object_new_string(drive));
	json_object_object_add(o, "read-only", json_object_new_boolean(ro));
	json_object_object_add(o, "driver", json_object_new_string(fmt_driver(c, k)));
	json_object_object_add(o, "file", json_object_new_string(file));
	json_arg(c, "-blockdev", o);
	free(file);
	free(drive);
}

static void
disk(struct ctx *c, const struct vc_disk *k)
{
	struct vc_buf b = { 0 };
	const struct vc_addr *a = &k->info.addr;
	const char *tgt = k->target_dev ? k->target_dev : "?";
	int idx = k->target_dev ? disk_index(k->target_dev) : -1;
	int cdrom = k->device == VC_DISK_DEV_CDROM;
	unsigned ctl = 0, bus = 0, unit = 0;
	char *id;

	if (k->device == VC_DISK_DEV_FLOPPY || k->device == VC_DISK_DEV_LUN)
		return bad(c, "disk %s: device '%s' is not supported by the qemu driver yet",
		    tgt, vc_disk_device_names[k->device]);
	if (k->src.path && k->src.type != VC_DISK_TYPE_FILE && k->src.type != VC_DISK_TYPE_BLOCK)
		return bad(c, "disk %s: source type '%s' is not supported by the qemu driver yet",
		    tgt, vc_disk_type_names[k->src.type]);
	if (k->src.type != VC_DISK_TYPE_FILE && k->src.type != VC_DISK_TYPE_BLOCK &&
	    k->src.type != VC_DISK_TYPE_NONE)
		return bad(c, "disk %s: type '%s' is not supported by the qemu driver yet",
		    tgt, vc_disk_type_names[k->src.type]);
	if (!k->src.path && !cdrom)
		return bad(c, "disk %s: no source", tgt);
	if (idx < 0 && a->type != VC_ADDR_DRIVE && k->bus != VC_DISK_BUS_VIRTIO)
		return bad(c, "disk %s: cannot tell its place from the target name", tgt);
	if (a->type == VC_ADDR_DRIVE) {
		ctl = a->controller;
		bus = a->bus;
		unit = a->unit;
	} else if (k->bus == VC_DISK_BUS_IDE) {
		bus = (unsigned)idx / 2;
		unit = (unsigned)idx % 2;
	} else if (idx >= 0) {
		unit = (unsigned)idx;
	}
	switch (k->bus) {
	case VC_DISK_BUS_VIRTIO:
		if (cdrom)
			return bad(c, "disk %s: a cdrom cannot sit on the virtio bus", tgt);
		id = idx >= 0 ? vc_asprintf("virtio-disk%d", idx) : vc_asprintf("virtio-%s", tgt);
		vc_buf_puts(&b, "virtio-blk-pci");
		pciaddr(&b, c, a);
		break;
	case VC_DISK_BUS_IDE:
		if (c->q35)
			return bad(c, "disk %s: machine q35 has no IDE bus; use sata", tgt);
		if (bus > 1 || unit > 1)
			return bad(c, "disk %s: IDE has two buses of two units", tgt);
		id = vc_asprintf("ide0-%u-%u", bus, unit);
		vc_buf_printf(&b, "%s,bus=ide.%u,unit=%u", cdrom ? "ide-cd" : "ide-hd", bus, unit);
		break;
	case VC_DISK_BUS_SATA:
		if (!(c->q35 && ctl == 0) && !find_ctrl(c->d, VC_CTRL_SATA, ctl))
			return bad(c, "disk %s: no <controller type='sata' index='%u'>", tgt, ctl);
		if (unit > 5)
			return bad(c, "disk %s: a SATA controller has 6 ports", tgt);
		id = vc_asprintf("sata%u-0-%u", ctl, unit);
		vc_buf_printf(&b, "%s,bus=%s%u.%u", cdrom ? "ide-cd" : "ide-hd",
		    c->q35 && ctl == 0 ? "ide" : "sata", ctl, unit);
		if (c->q35 && ctl == 0) {
			/* the q35 built-in AHCI is called ide */
			b.len = 0;
			vc_buf_printf(&b, "%s,bus=ide.%u", cdrom ? "ide-cd" : "ide-hd", unit);
		}
		break;
	case VC_DISK_BUS_SCSI:
		if (!find_ctrl(c->d, VC_CTRL_SCSI, ctl))
			return bad(c, "disk %s: no <controller type='scsi' index='%u'>", tgt, ctl);
		id = vc_asprintf("scsi%u-0-%u-%u", ctl, a->type == VC_ADDR_DRIVE ? a->target : 0, unit);
		vc_buf_printf(&b, "%s,bus=scsi%u.0,channel=0,scsi-id=%u,lun=%u",
		    cdrom ? "scsi-cd" : "scsi-hd", ctl, a->type == VC_ADDR_DRIVE ? a->target : 0,
		    a->type == VC_ADDR_DRIVE ? unit : 0);
		if (a->type != VC_ADDR_DRIVE) {
			b.len = 0;
			vc_buf_printf(&b, "%s,bus=scsi%u.0,channel=0,scsi-id=0,lun=%u",
			    cdrom ? "scsi-cd" : "scsi-hd", ctl, unit);
		}
		break;
	default:
		return bad(c, "disk %s: bus '%s' is not supported by the qemu driver yet",
		    tgt, vc_disk_bus_names[k->bus]);
	}
	if (k->src.path) {
		blockdev(c, k, id);
		vc_buf_printf(&b, ",drive=drive-%s", id);
	}
	vc_buf_printf(&b, ",id=%s", id);
	bootidx(&b, k->info.boot_order);
	if (k->serial)
		kv(&b, "serial", k->serial);
	if (k->wwn)
		kv(&b, "wwn", k->wwn);
	arg2(c, "-device", &b);
	free(id);
}

/* ---- controllers ---- */

static void
controller(struct ctx *c, const struct vc_controller *k)
{
	static const char *const usb[][2] = {
		{ "piix3-uhci", "piix3-usb-uhci" }, { "piix4-uhci", "piix4-usb-uhci" },
		{ "ehci", "usb-ehci" }, { "ich9-ehci1", "ich9-usb-ehci1" },
		{ "ich9-uhci1", "ich9-usb-uhci1" }, { "ich9-uhci2", "ich9-usb-uhci2" },
		{ "ich9-uhci3", "ich9-usb-uhci3" }, { "vt82c686b-uhci", "vt82c686b-usb-uhci" },
		{ "pci-ohci", "pci-ohci" }, { "nec-xhci", "nec-usb-xhci" },
		{ "qemu-xhci", "qemu-xhci" }, { NULL, NULL },
	};
	static const char *const scsi[][2] = {
		{ "auto", "virtio-scsi-pci" }, { "virtio-scsi", "virtio-scsi-pci" },
		{ "virtio-transitional", "virtio-scsi-pci-transitional" },
		{ "virtio-non-transitional", "virtio-scsi-pci-non-transitional" },
		{ "lsilogic", "lsi" }, { "lsisas1068", "mptsas1068" },
		{ "lsisas1078", "megasas" }, { "vmpvscsi", "pvscsi" }, { NULL, NULL },
	};
	struct vc_buf b = { 0 };
	unsigned idx = k->index < 0 ? 0 : (unsigned)k->index;
	const char *model = k->model > 0 ? vc_ctrl_model_names(k->type)[k->model] : NULL;
	size_t i;

	switch (k->type) {
	case VC_CTRL_USB:
		if (!model)
			model = c->q35 ? "qemu-xhci" : "piix3-uhci";
		if (strcmp(model, "none") == 0)
			return;
		for (i = 0; usb[i][0] && strcmp(usb[i][0], model); i++)
			;
		if (!usb[i][0])
			return bad(c, "controller usb model '%s': not supported by the qemu driver", model);
		vc_buf_puts(&b, usb[i][1]);
		if (idx == 0)
			vc_buf_puts(&b, ",id=usb");
		else
			vc_buf_printf(&b, ",id=usb%u", idx);
		break;
	case VC_CTRL_SCSI:
		if (!model)
			model = "virtio-scsi";
		for (i = 0; scsi[i][0] && strcmp(scsi[i][0], model); i++)
			;
		if (!scsi[i][0])
			return bad(c, "controller scsi model '%s': not supported by the qemu driver", model);
		vc_buf_printf(&b, "%s,id=scsi%u", scsi[i][1], idx);
		break;
	case VC_CTRL_SATA:
		if (c->q35 && idx == 0)
			return;
		vc_buf_printf(&b, "ahci,id=sata%u", idx);
		break;
	case VC_CTRL_VIRTIO_SERIAL:
		vc_buf_printf(&b, "virtio-serial-pci,id=virtio-serial%u", idx);
		if (k->has_ports)
			vc_buf_printf(&b, ",max_ports=%u", k->ports);
		break;
	case VC_CTRL_IDE:
	case VC_CTRL_FDC:
		if (idx == 0 && !c->q35)
			return;         /* built into the PIIX chipset */
		return bad(c, "controller %s index %u: not supported by the qemu driver",
		    vc_ctrl_type_names[k->type], idx);
	case VC_CTRL_PCI:
		switch (k->model) {
		case VC_PCI_MODEL_NONE:
		case VC_PCI_ROOT:
		case VC_PCIE_ROOT:
			if (idx != 0)
				bad(c, "controller pci index %u: a root must have index 0", idx);
			return;
		case VC_PCI_BRIDGE:
			vc_buf_printf(&b, "pci-bridge,chassis_nr=%u,id=pci.%u",
			    k->has_chassis_nr ? k->chassis_nr : idx, idx);
			break;
		case VC_PCIE_ROOT_PORT:
			vc_buf_printf(&b, "pcie-root-port,port=0x%x,chassis=%u,id=pci.%u",
			    k->has_port ? k->port : 0x10 + idx - 1, k->has_chassis ? k->chassis : idx, idx);
			break;
		case VC_PCI_DMI_TO_PCI_BRIDGE:
			vc_buf_printf(&b, "i82801b11-bridge,id=pci.%u", idx);
			break;
		case VC_PCIE_TO_PCI_BRIDGE:
			vc_buf_printf(&b, "pcie-pci-bridge,id=pci.%u", idx);
			break;
		default:
			return bad(c, "controller pci model '%s': not supported by the qemu driver yet",
			    vc_ctrl_model_pci_names[k->model]);
		}
		break;
	default:
		return bad(c, "controller %s: not supported by the qemu driver yet",
		    vc_ctrl_type_names[k->type]);
	}
	pciaddr(&b, c, &k->info.addr);
	arg2(c, "-device", &b);
}

/* is the bus controller k plugs into on the command line already? */
static int
parent_done(const struct vc_domain *def, const unsigned char *done,
            const struct vc_controller *k)
{
	size_t i;

	if (k->info.addr.type != VC_ADDR_PCI || k->info.addr.bus == 0)
		return 1;
	for (i = 0; i < def->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *p = def->dev[VC_DEV_CONTROLLER][i];

		if (p->type == VC_CTRL_PCI && p->index == (int)k->info.addr.bus)
			return done[i];
	}
	return 1;               /* no such bus: QEMU names it */
}

/* QEMU makes buses in command-line order: the PCI controllers first, each
 * after the one it plugs into (a pcie-pci-bridge may sit in a root port
 * of a higher index), then the other controllers in the guest's order */
static void
controllers(struct ctx *c, const struct vc_domain *def)
{
	size_t n = def->ndev[VC_DEV_CONTROLLER], i;
	unsigned char *done = vc_calloc(n + 1, 1);
	int more = 1;

	while (more) {
		more = 0;
		for (i = 0; i < n; i++) {
			const struct vc_controller *k = def->dev[VC_DEV_CONTROLLER][i];

			if (done[i] || k->type != VC_CTRL_PCI || !parent_done(def, done, k))
				continue;
			controller(c, k);
			done[i] = more = 1;
		}
	}
	for (i = 0; i < n; i++)
		if (!done[i])
			controller(c, def->dev[VC_DEV_CONTROLLER][i]);
	free(done);
}

/* ---- filesystems ---- */

static void
filesystem(struct ctx *c, const struct vc_filesystem *f, size_t i)
{
	struct vc_buf b = { 0 };

	if (f->type != VC_FS_MOUNT || !f->src_dir || !f->target_dir ||
	    (f->driver_type > 0 && strcmp(vc_fs_driver_names[f->driver_type], "path")))
		return bad(c, "filesystem %zu: only type='mount' with the 9p path driver is supported", i);
	vc_buf_printf(&b, "local,security_model=%s,id=fsdev-fs%zu",
	    f->accessmode == VC_FS_ACCESS_MAPPED ? "mapped" :
	    f->accessmode == VC_FS_ACCESS_SQUASH ? "mapped-file" : "passthrough", i);
	kv(&b, "path", f->src_dir);
	if (f->readonly)
		vc_buf_puts(&b, ",readonly=on");
	arg2(c, "-fsdev", &b);
	vc_buf_printf(&b, "virtio-9p-pci,id=fs%zu,fsdev=fsdev-fs%zu", i, i);
	kv(&b, "mount_tag", f->target_dir);
	pciaddr(&b, c, &f->info.addr);
	arg2(c, "-device", &b);
}

/* ---- interfaces ---- */

static const char *
nic_model(struct ctx *c, const struct vc_iface *i)
{
	static const char *const m[][2] = {
		{ "virtio", "virtio-net-pci" },
		{ "virtio-transitional", "virtio-net-pci-transitional" },
		{ "virtio-non-transitional", "virtio-net-pci-non-transitional" },
		{ "e1000", "e1000" }, { "e1000e", "e1000e" }, { "rtl8139", "rtl8139" },
		{ "ne2k_pci", "ne2k_pci" }, { "pcnet", "pcnet" }, { "vmxnet3", "vmxnet3" },
		{ "igb", "igb" }, { NULL, NULL },
	};
	size_t k;

	if (!i->model)
		return "rtl8139";
	for (k = 0; m[k][0]; k++)
		if (strcmp(m[k][0], i->model) == 0)
			return m[k][1];
	bad(c, "interface model '%s': not supported by the qemu driver", i->model);
	return "rtl8139";
}

static void
hostdev_pci(struct vc_buf *b, struct ctx *c, unsigned dom, unsigned bus, unsigned slot,
            unsigned fn, const struct vc_addr *a, unsigned bootorder, int rom_bar,
            const char *rom_file)
{
	vc_buf_printf(b, "vfio-pci,host=%04x:%02x:%02x.%x,id=hostdev%u", dom, bus, slot, fn,
	    c->nhostdev++);
	pciaddr(b, c, a);
	bootidx(b, bootorder);
	if (rom_bar == VC_TRI_NO)
		vc_buf_puts(b, ",rombar=0");
	if (rom_file)
		kv(b, "romfile", rom_file);
	arg2(c, "-device", b);
}

static void
interface(struct ctx *c, const struct vc_iface *i, size_t n)
{
	struct vc_buf b = { 0 };
	char mac[18], *tap;

	switch (i->type) {
	case VC_IFACE_HOSTDEV:
		if (i->hostdev_src.type != VC_ADDR_PCI)
			return bad(c, "interface %zu: only PCI hostdev interfaces are supported", n);
		return hostdev_pci(&b, c, i->hostdev_src.domain, i->hostdev_src.bus,
		    i->hostdev_src.slot, i->hostdev_src.function, &i->addr, i->boot_order,
		    i->rom_bar, i->rom_file);
	case VC_IFACE_USER:
		vc_buf_printf(&b, "user,id=hostnet%zu", n);
		break;
	case VC_IFACE_DIRECT:
		/* the macvtap is made at start and passed open */
		vc_buf_printf(&b, "tap,id=hostnet%zu,fd=%d", n, c->fds ? c->fds[n] : -1);
		if (i->drv_name == VC_IFACE_DRV_VHOST)
			vc_buf_puts(&b, ",vhost=on");
		break;
	case VC_IFACE_BRIDGE:
	case VC_IFACE_NETWORK:
	case VC_IFACE_ETHERNET:
		tap = i->target_dev ? vc_strdup(i->target_dev) : vc_qemu_tap_name(c->d, n);
		vc_buf_printf(&b, "tap,id=hostnet%zu", n);
		kv(&b, "ifname", tap);
		vc_buf_puts(&b, ",script=no,downscript=no");
		if (i->drv_name == VC_IFACE_DRV_VHOST)
			vc_buf_puts(&b, ",vhost=on");
		free(tap);
		break;
	case VC_IFACE_SERVER:
	case VC_IFACE_CLIENT:
	case VC_IFACE_MCAST:
		vc_buf_printf(&b, "socket,id=hostnet%zu,%s=%s:%u", n,
		    i->type == VC_IFACE_SERVER ? "listen" : i->type == VC_IFACE_CLIENT ? "connect" : "mcast",
		    i->source_address ? i->source_address : "", i->source_port);
		break;
	case VC_IFACE_UDP:
		vc_buf_printf(&b, "socket,id=hostnet%zu,udp=%s:%u,localaddr=%s:%u", n,
		    i->source_address ? i->source_address : "", i->source_port,
		    i->local_address ? i->local_address : "", i->local_port);
		break;
	default:
		return bad(c, "interface %zu: type '%s' is not supported by the qemu driver yet",
		    n, vc_iface_type_names[i->type]);
	}
	arg2(c, "-netdev", &b);
	vc_mac_format(i->mac, mac);
	vc_buf_printf(&b, "%s,netdev=hostnet%zu,id=net%zu,mac=%s", nic_model(c, i), n, n, mac);
	if (i->mtu && vc_iface_is_virtio(i))
		vc_buf_printf(&b, ",host_mtu=%u", i->mtu);
	pciaddr(&b, c, &i->addr);
	bootidx(&b, i->boot_order);
	if (i->rom_bar == VC_TRI_NO)
		vc_buf_puts(&b, ",rombar=0");
	if (i->rom_file)
		kv(&b, "romfile", i->rom_file);
	arg2(c, "-device", &b);
}

/* ---- character devices ---- */

static const char *const kind_word[] = {
	[VC_DEV_SERIAL] = "serial", [VC_DEV_PARALLEL] = "parallel",
	[VC_DEV_CONSOLE] = "console", [VC_DEV_CHANNEL] = "channel",
};

/* -chardev for src with id charKINDi; console: this one is serial0 */
static void
chardev(struct ctx *c, const struct vc_chr_source *s, int kind, size_t i, int console)
{
	struct vc_buf b = { 0 };
	char *p;

	switch (s->type) {
	case VC_CHR_PTY:
		/* no daemon holds a pty open: QEMU serves a socket that
		 * vdom-console attaches to, and logs what the guest writes */
		vc_buf_printf(&b, "socket,id=char%s%zu", kind_word[kind], i);
		if (console) {
			p = vc_qemu_path(c->rundir, c->d->name, VC_QEMU_CONSOCK);
			kv(&b, "path", p);
			free(p);
			vc_buf_puts(&b, ",server=on,wait=off");
			p = vc_qemu_path(c->rundir, c->d->name, VC_QEMU_CONSOLE);
		} else {
			p = vc_asprintf("%s/%s.%s%zu.sock", c->rundir, c->d->name, kind_word[kind], i);
			kv(&b, "path", p);
			free(p);
			vc_buf_puts(&b, ",server=on,wait=off");
			p = vc_asprintf("%s/%s.%s%zu", c->rundir, c->d->name, kind_word[kind], i);
		}
		kv(&b, "logfile", p);
		vc_buf_puts(&b, ",logappend=off");
		free(p);
		break;
	case VC_CHR_NULL:
		vc_buf_printf(&b, "null,id=char%s%zu", kind_word[kind], i);
		break;
	case VC_CHR_VC:
		vc_buf_printf(&b, "vc,id=char%s%zu", kind_word[kind], i);
		break;
	case VC_CHR_FILE:
	case VC_CHR_PIPE:
	case VC_CHR_DEV:
		vc_buf_printf(&b, "%s,id=char%s%zu", s->type == VC_CHR_FILE ? "file" :
		    s->type == VC_CHR_PIPE ? "pipe" : "serial", kind_word[kind], i);
		if (!s->path)
			return bad(c, "%s %zu: no source path", kind_word[kind], i);
		kv(&b, "path", s->path);
		if (s->type == VC_CHR_FILE && s->append != VC_TRI_ABSENT)
			vc_buf_printf(&b, ",append=%s", s->append == VC_TRI_YES ? "on" : "off");
		break;
	case VC_CHR_UNIX:
		vc_buf_printf(&b, "socket,id=char%s%zu", kind_word[kind], i);
		if (s->path) {
			kv(&b, "path", s->path);
		} else {
			p = vc_asprintf("%s/%s.%s%zu.sock", c->rundir, c->d->name, kind_word[kind], i);
			kv(&b, "path", p);
			free(p);
		}
		/* a generated path is ours to serve */
		if (!s->path || s->mode == VC_CHR_MODE_BIND)
			vc_buf_puts(&b, ",server=on,wait=off");
		if (s->reconnect == VC_TRI_YES && s->has_reconnect_timeout)
			vc_buf_printf(&b, ",reconnect=%u", s->reconnect_timeout);
		break;
	case VC_CHR_TCP:
		vc_buf_printf(&b, "socket,id=char%s%zu", kind_word[kind], i);
		kv(&b, "host", s->host ? s->host : "127.0.0.1");
		kv(&b, "port", s->service ? s->service : "0");
		if (s->protocol == VC_CHR_PROTO_TELNET)
			vc_buf_puts(&b, ",telnet=on");
		if (s->mode != VC_CHR_MODE_CONNECT)
			vc_buf_puts(&b, ",server=on,wait=off");
		break;
	case VC_CHR_UDP:
		vc_buf_printf(&b, "udp,id=char%s%zu", kind_word[kind], i);
		kv(&b, "host", s->host ? s->host : "127.0.0.1");
		kv(&b, "port", s->service ? s->service : "0");
		if (s->bind_host)
			kv(&b, "localaddr", s->bind_host);
		if (s->bind_service)
			kv(&b, "localport", s->bind_service);
		break;
	default:
		return bad(c, "%s %zu: type '%s' is not supported by the qemu driver",
		    kind_word[kind], i, vc_chr_type_names[s->type]);
	}
	if (s->log_file && s->type != VC_CHR_PTY) {
		kv(&b, "logfile", s->log_file);
		vc_buf_printf(&b, ",logappend=%s", s->log_append == VC_TRI_NO ? "off" : "on");
	}
	arg2(c, "-chardev", &b);
}

static const char *
vserial_bus(struct ctx *c, const struct vc_dev_chr *ch, size_t i)
{
	static char buf[48];
	unsigned ctl = ch->info.addr.type == VC_ADDR_VIRTIO_SERIAL ? ch->info.addr.controller : 0;

	if (!find_ctrl(c->d, VC_CTRL_VIRTIO_SERIAL, ctl)) {
		bad(c, "%s %zu: no <controller type='virtio-serial' index='%u'>",
		    kind_word[ch->kind], i, ctl);
		return "";
	}
	snprintf(buf, sizeof(buf), "virtio-serial%u.0", ctl);
	return buf;
}

static void
chr(struct ctx *c, const struct vc_dev_chr *ch, int kind, size_t i, int console)
{
	struct vc_buf b = { 0 };

	chardev(c, &ch->src, kind, i, console);
	switch (kind) {
	case VC_DEV_SERIAL:
	case VC_DEV_CONSOLE:
		if (kind == VC_DEV_CONSOLE && ch->target_type == VC_CONSOLE_TGT_VIRTIO) {
			vc_buf_printf(&b, "virtconsole,bus=%s,chardev=charconsole%zu,id=console%zu",
			    vserial_bus(c, ch, i), i, i);
			break;
		}
		if (kind == VC_DEV_CONSOLE && ch->target_type != VC_CONSOLE_TGT_SERIAL &&
		    ch->target_type != VC_CONSOLE_TGT_NONE)
			return bad(c, "console %zu: target '%s' is not supported by the qemu driver",
			    i, vc_console_target_names[ch->target_type]);
		if (kind == VC_DEV_SERIAL && ch->target_type != VC_SERIAL_TGT_NONE &&
		    ch->target_type != VC_SERIAL_TGT_ISA)
			return bad(c, "serial %zu: target '%s' is not supported by the qemu driver yet",
			    i, vc_serial_target_names[ch->target_type]);
		vc_buf_printf(&b, "isa-serial,chardev=char%s%zu,id=%s%zu,index=%d",
		    kind_word[kind], i, kind_word[kind], i, ch->port >= 0 ? ch->port : (int)i);
		break;
	case VC_DEV_PARALLEL:
		vc_buf_printf(&b, "isa-parallel,chardev=charparallel%zu,id=parallel%zu", i, i);
		break;
	case VC_DEV_CHANNEL:
		if (ch->target_type != VC_CHANNEL_TGT_VIRTIO)
			return bad(c, "channel %zu: only virtio channels are supported", i);
		vc_buf_printf(&b, "virtserialport,bus=%s,nr=%u,chardev=charchannel%zu,id=channel%zu",
		    vserial_bus(c, ch, i), ch->info.addr.type == VC_ADDR_VIRTIO_SERIAL &&
		    ch->info.addr.has_port ? ch->info.addr.port : (unsigned)i + 1, i, i);
		if (ch->target_name)
			kv(&b, "name", ch->target_name);
		break;
	}
	arg2(c, "-device", &b);
}

static void
chars(struct ctx *c)
{
	const struct vc_domain *d = c->d;
	size_t i, nser = d->ndev[VC_DEV_SERIAL];
	int console = 1;

	for (i = 0; i < nser; i++) {
		const struct vc_dev_chr *ch = d->dev[VC_DEV_SERIAL][i];
		int first = console && ch->src.type == VC_CHR_PTY;
		chr(c, ch, VC_DEV_SERIAL, i, first);
		if (first)
			console = 0;
	}
	for (i = 0; i < d->ndev[VC_DEV_PARALLEL]; i++)
		chr(c, d->dev[VC_DEV_PARALLEL][i], VC_DEV_PARALLEL, i, 0);
	for (i = 0; i < d->ndev[VC_DEV_CONSOLE]; i++) {
		const struct vc_dev_chr *ch = d->dev[VC_DEV_CONSOLE][i];
		/* <console target type='serial'> names serial0, not a device */
		if (i == 0 && nser && (ch->target_type == VC_CONSOLE_TGT_SERIAL ||
		    ch->target_type == VC_CONSOLE_TGT_NONE))
			continue;
		chr(c, ch, VC_DEV_CONSOLE, i, console && ch->src.type == VC_CHR_PTY);
		if (ch->src.type == VC_CHR_PTY)
			console = 0;
	}
	for (i = 0; i < d->ndev[VC_DEV_CHANNEL]; i++)
		chr(c, d->dev[VC_DEV_CHANNEL][i], VC_DEV_CHANNEL, i, 0);
}

/* ---- input, graphics, video ---- */

static int
has_usb(const struct vc_domain *d)
{
	const struct vc_controller *k = find_ctrl(d, VC_CTRL_USB, 0);

	return k && !(k->model > 0 && strcmp(vc_ctrl_model_usb_names[k->model], "none") == 0);
}

/* the port a USB device was given at define, so it is on the same port
 * on every boot */
static void
usb_port(struct vc_buf *b, const struct vc_addr *a)
{
	if (a->type == VC_ADDR_USB && a->usbport)
		vc_buf_printf(b, ",port=%s", a->usbport);
}

static void
input(struct ctx *c, const struct vc_dev_input *in, size_t i)
{
	static const char *const usb[] = { "", "usb-mouse", "usb-tablet", "usb-kbd" };
	static const char *const vio[] = { "", "virtio-mouse-pci", "virtio-tablet-pci",
	    "virtio-keyboard-pci" };
	struct vc_buf b = { 0 };

	switch (in->bus) {
	case VC_INPUT_BUS_NONE:
	case VC_INPUT_BUS_PS2:
		if (in->type == VC_INPUT_MOUSE || in->type == VC_INPUT_KEYBOARD)
			return;         /* the PS/2 ones are built into the chipset */
		return bad(c, "input %zu: a %s cannot be on the ps2 bus", i,
		    vc_input_type_names[in->type]);
	case VC_INPUT_BUS_USB:
		if (in->type > VC_INPUT_KEYBOARD)
			return bad(c, "input %zu: unsupported type", i);
		if (!has_usb(c->d))
			return bad(c, "input %zu: a USB device needs a USB controller", i);
		vc_buf_printf(&b, "%s,id=input%zu,bus=usb.0", usb[in->type], i);
		usb_port(&b, &in->info.addr);
		break;
	case VC_INPUT_BUS_VIRTIO:
		if (in->type == VC_INPUT_PASSTHROUGH) {
			vc_buf_printf(&b, "virtio-input-host-pci,id=input%zu", i);
			kv(&b, "evdev", in->evdev ? in->evdev : "");
		} else if (in->type <= VC_INPUT_KEYBOARD) {
			vc_buf_printf(&b, "%s,id=input%zu", vio[in->type], i);
		} else {
			return bad(c, "input %zu: unsupported type", i);
		}
		pciaddr(&b, c, &in->info.addr);
		break;
	default:
		if (in->type == VC_INPUT_EVDEV) {
			vc_buf_printf(&b, "input-linux,id=input%zu", i);
			kv(&b, "evdev", in->evdev ? in->evdev : "");
			if (in->grab)
				vc_buf_puts(&b, ",grab_all=on");
			if (in->repeat == VC_TRI_YES)
				vc_buf_puts(&b, ",repeat=on");
			arg2(c, "-object", &b);
			return;
		}
		return bad(c, "input %zu: bus '%s' is not supported by the qemu driver", i,
		    vc_input_bus_names[in->bus]);
	}
	arg2(c, "-device", &b);
}

static void
graphics(struct ctx *c)
{
	const struct vc_domain *d = c->d;
	struct vc_buf b = { 0 };
	size_t i;

	if (d->ndev[VC_DEV_GRAPHICS] == 0) {
		arg(c, "-display");
		arg(c, "none");
		return;
	}
	for (i = 0; i < d->ndev[VC_DEV_GRAPHICS]; i++) {
		const struct vc_dev_graphics *g = d->dev[VC_DEV_GRAPHICS][i];
		const struct vc_gfx_listen *l = g->nlistens ? &g->listens[0] : NULL;

		switch (g->type) {
		case VC_GFX_VNC:
			if (g->passwd)
				return bad(c, "graphics vnc: passwd is not supported by the qemu driver yet");
			if (l && l->type == VC_LISTEN_SOCKET) {
				vc_buf_puts(&b, "unix:");
				esc(&b, l->socket ? l->socket : "");
			} else if (l && l->type == VC_LISTEN_NONE) {
				vc_buf_puts(&b, "none");
			} else {
				const char *addr = l && l->address ? l->address : "127.0.0.1";
				if (strchr(addr, ':'))
					vc_buf_printf(&b, "[%s]", addr);
				else
					vc_buf_puts(&b, addr);
				if (g->autoport || g->port < 5900)
					vc_buf_puts(&b, ":0,to=99");
				else
					vc_buf_printf(&b, ":%d", g->port - 5900);
				if (g->websocket > 0)
					vc_buf_printf(&b, ",websocket=%d", g->websocket);
			}
			arg2(c, "-vnc", &b);
			if (g->keymap) {
				arg(c, "-k");
				arg(c, "%s", g->keymap);
			}
			break;
		case VC_GFX_SDL:
			arg(c, "-display");
			arg(c, "sdl");
			break;
		case VC_GFX_EGL_HEADLESS:
			arg(c, "-display");
			arg(c, "egl-headless");
			break;
		default:
			return bad(c, "graphics '%s': not supported by the qemu driver yet",
			    vc_gfx_type_names[g->type]);
		}
	}
}

static void
video(struct ctx *c, const struct vc_dev_video *v, size_t i)
{
	struct vc_buf b = { 0 };
	const char *dev;
	int primary = i == 0;

	switch (v->type) {
	case VC_VIDEO_NONE:
		return;
	case VC_VIDEO_DEFAULT:
	case VC_VIDEO_VGA:
		dev = "VGA";
		break;
	case VC_VIDEO_CIRRUS: dev = "cirrus-vga"; break;
	case VC_VIDEO_VMVGA: dev = "vmware-svga"; break;
	case VC_VIDEO_QXL: dev = primary ? "qxl-vga" : "qxl"; break;
	case VC_VIDEO_VIRTIO: dev = primary ? "virtio-vga" : "virtio-gpu-pci"; break;
	case VC_VIDEO_BOCHS: dev = "bochs-display"; break;
	case VC_VIDEO_RAMFB: dev = "ramfb"; break;
	default:
		return bad(c, "video '%s': not supported by the qemu driver",
		    vc_video_type_names[v->type]);
	}
	if (!primary && (v->type == VC_VIDEO_VGA || v->type == VC_VIDEO_CIRRUS ||
	    v->type == VC_VIDEO_VMVGA || v->type == VC_VIDEO_DEFAULT))
		return bad(c, "video %zu: a %s can only be the primary video", i, dev);
	vc_buf_printf(&b, "%s,id=video%zu", dev, i);
	if (v->has_vgamem && (v->type == VC_VIDEO_VGA || v->type == VC_VIDEO_QXL ||
	    v->type == VC_VIDEO_VMVGA))
		vc_buf_printf(&b, ",vgamem_mb=%u", v->vgamem / 1024);
	if (v->has_heads && (v->type == VC_VIDEO_QXL || v->type == VC_VIDEO_VIRTIO))
		vc_buf_printf(&b, ",max_outputs=%u", v->heads);
	pciaddr(&b, c, &v->info.addr);
	arg2(c, "-device", &b);
}

/* ---- hostdev, watchdog, memballoon, rng ---- */

static void
hostdev(struct ctx *c, const struct vc_hostdev *h, size_t i)
{
	struct vc_buf b = { 0 };

	if (h->mode == VC_HOSTDEV_CAPS)
		return bad(c, "hostdev %zu: mode='capabilities' is for containers", i);
	switch (h->type) {
	case VC_HOSTDEV_PCI:
		/* legacy kvm assignment is gone from QEMU: vfio it is */
		return hostdev_pci(&b, c, h->pci_domain, h->pci_bus, h->pci_slot,
		    h->pci_function, &h->info.addr, h->info.boot_order, h->info.rom_bar,
		    h->info.rom_file);
	case VC_HOSTDEV_USB:
		if (!has_usb(c->d))
			return bad(c, "hostdev %zu: a USB device needs a USB controller", i);
		vc_buf_printf(&b, "usb-host,id=hostdev%u,bus=usb.0", c->nhostdev++);
		usb_port(&b, &h->info.addr);
		if (h->has_usb_address)
			vc_buf_printf(&b, ",hostbus=%u,hostaddr=%u", h->usb_bus, h->usb_device);
		if (h->has_usb_vendor)
			vc_buf_printf(&b, ",vendorid=0x%04x", h->usb_vendor);
		if (h->has_usb_product)
			vc_buf_printf(&b, ",productid=0x%04x", h->usb_product);
		bootidx(&b, h->info.boot_order);
		arg2(c, "-device", &b);
		return;
	default:
		return bad(c, "hostdev %zu: type '%s' is not supported by the qemu driver yet",
		    i, vc_hostdev_type_names[h->type]);
	}
}

/* all of a guest's watchdogs, at most one of each model (q35's iTCO is
 * built into its LPC bridge: it only needs the bridge told to reboot); QEMU
 * has one watchdog action for the whole guest, so they must agree on it */
static void
watchdogs(struct ctx *c, struct vc_dev_watchdog *const *ws, size_t n)
{
	const char *act = "";
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct vc_dev_watchdog *w = ws[i];
		const char *model = vc_watchdog_model_names[w->model];
		const char *a = vc_watchdog_action_names[w->action];
		struct vc_buf b = { 0 };

		for (j = 0; j < i; j++)
			if (ws[j]->model == w->model)
				return bad(c, "watchdog model '%s': only one of each model is "
				           "supported", model);
		if (i > 0 && strcmp(a, act) != 0)
			return bad(c, "watchdog action '%s': all watchdogs must have the same "
			           "action (QEMU has one), the first has '%s'", *a ? a : "reset",
			           *act ? act : "reset");
		act = a;
		if (strcmp(model, "i6300esb") == 0 || strcmp(model, "ib700") == 0) {
			vc_buf_printf(&b, "%s,id=watchdog%zu", model, i);
			pciaddr(&b, c, &w->info.addr);
			arg2(c, "-device", &b);
		} else if (strcmp(model, "itco") == 0 && c->q35) {
			arg(c, "-global");
			arg(c, "ICH9-LPC.noreboot=off");
		} else {
			return bad(c, "watchdog model '%s': not supported by the qemu driver",
			           model);
		}
	}
	if (strcmp(act, "dump") == 0)
		return bad(c, "watchdog action 'dump': not supported by the qemu driver");
	if (*act) {
		arg(c, "-action");
		arg(c, "watchdog=%s", act);
	}
}

static void
memballoon(struct ctx *c, const struct vc_dev_memballoon *m)
{
	struct vc_buf b = { 0 };
	const char *model = vc_memballoon_model_names[m->model];

	if (strcmp(model, "none") == 0 || !*model)
		return;
	if (!virtio_model_name(vc_memballoon_model_names, m->model))
		return bad(c, "memballoon model '%s': not supported by the qemu driver", model);
	vc_buf_puts(&b, strcmp(model, "virtio") == 0 ? "virtio-balloon-pci" :
	    strcmp(model, "virtio-transitional") == 0 ? "virtio-balloon-pci-transitional" :
	    "virtio-balloon-pci-non-transitional");
	vc_buf_puts(&b, ",id=balloon0");
	pciaddr(&b, c, &m->info.addr);
	if (m->autodeflate != VC_TRI_ABSENT)
		vc_buf_printf(&b, ",deflate-on-oom=%s", m->autodeflate == VC_TRI_YES ? "on" : "off");
	if (m->free_page_reporting != VC_TRI_ABSENT)
		vc_buf_printf(&b, ",free-page-reporting=%s",
		    m->free_page_reporting == VC_TRI_YES ? "on" : "off");
	arg2(c, "-device", &b);
}

static void
rng(struct ctx *c, const struct vc_dev_rng *r, size_t i)
{
	struct vc_buf b = { 0 };

	switch (r->backend) {
	case VC_RNG_BACKEND_RANDOM:
		vc_buf_printf(&b, "rng-random,id=objrng%zu", i);
		kv(&b, "filename", r->random_path ? r->random_path : "/dev/urandom");
		break;
	case VC_RNG_BACKEND_BUILTIN:
		vc_buf_printf(&b, "rng-builtin,id=objrng%zu", i);
		break;
	case VC_RNG_BACKEND_EGD:
		chardev(c, &r->egd, VC_DEV_CHANNEL, 100 + i, 0);
		vc_buf_printf(&b, "rng-egd,id=objrng%zu,chardev=charchannel%zu", i, 100 + i);
		break;
	default:
		return bad(c, "rng %zu: no backend", i);
	}
	arg2(c, "-object", &b);
	vc_buf_printf(&b, "virtio-rng-pci,rng=objrng%zu,id=rng%zu", i, i);
	if (r->has_rate) {
		vc_buf_printf(&b, ",max-bytes=%u", r->rate_bytes);
		vc_buf_printf(&b, ",period=%u", r->has_rate_period ? r->rate_period : 1000);
	}
	pciaddr(&b, c, &r->info.addr);
	arg2(c, "-device", &b);
}

/* ---- smartcards ---- */

/* the host modes need a QEMU built with libcacard; passthrough would need
 * the ccid controller as usb-ccid first: refused, before the controllers
 * so that this is the message */
static void
smartcards(struct ctx *c)
{
	if (c->d->ndev[VC_DEV_SMARTCARD])
		bad(c, "smartcard: unsupported by the qemu driver");
}

static void
others(struct ctx *c)
{
	static const int refused[] = { VC_DEV_TPM, VC_DEV_SOUND, VC_DEV_REDIRDEV,
	    VC_DEV_PANIC };
	size_t i;

	for (i = 0; i < VC_NELEM(refused); i++)
		if (c->d->ndev[refused[i]])
			bad(c, "<%s> devices are not supported by the qemu driver yet",
			    vc_devtypes[refused[i]].elem);
}

/* USB hubs right after the controllers, as libvirt places them, each
 * before the hubs on its ports, so every port named later exists */
static void
hubs(struct ctx *c)
{
	size_t i, lvl;

	if (c->d->ndev[VC_DEV_HUB] && !has_usb(c->d))
		return bad(c, "hub: a USB hub needs a USB controller");
	for (lvl = 1; lvl <= 4; lvl++)
		for (i = 0; i < c->d->ndev[VC_DEV_HUB]; i++) {
			const struct vc_hub *h = c->d->dev[VC_DEV_HUB][i];
			const char *p = h->info.addr.usbport, *q;
			size_t depth = 1;
			struct vc_buf b = { 0 };

			for (q = p; q && (q = strchr(q, '.')); q++)
				depth++;
			if (depth != lvl && !(lvl == 1 && !p))
				continue;
			vc_buf_printf(&b, "usb-hub,id=hub%zu,bus=usb.0", i);
			usb_port(&b, &h->info.addr);
			arg2(c, "-device", &b);
		}
}

/* ---- the whole line ---- */

char **
vc_qemu_argv(const struct vc_domain *def, const char *emulator, const char *rundir)
{
	return vc_qemu_argv_fds(def, emulator, rundir, NULL);
}

char **
vc_qemu_argv_fds(const struct vc_domain *def, const char *emulator, const char *rundir,
                 const int *fds)
{
	struct ctx c = { .d = def, .rundir = rundir, .fds = fds };
	struct vc_buf b = { 0 };
	char *p;
	size_t i;

	c.q35 = is_q35(def);
	c.kvm = def->type == VC_VIRT_KVM;
	if (strcmp(arch_of(def), "x86_64") && strcmp(arch_of(def), "i686")) {
		vc_err("%s: arch '%s': the qemu driver only builds x86 command lines yet",
		    def->name, arch_of(def));
		return NULL;
	}
	push(&c, vc_strdup(emulator));
	arg(&c, "-name");
	vc_buf_puts(&b, "guest=");
	esc(&b, def->name);
	push(&c, vc_buf_take(&b));
	arg(&c, "-S");
	machine(&c);
	cpu(&c);
	firmware(&c);
	if (def->has_uuid) {
		char u[37];
		vc_uuid_format(def->uuid, u);
		arg(&c, "-uuid");
		arg(&c, "%s", u);
	}
	arg(&c, "-no-user-config");
	arg(&c, "-nodefaults");
	p = vc_qemu_path(rundir, def->name, VC_QEMU_QMP);
	vc_buf_puts(&b, "socket,id=charmonitor");
	kv(&b, "path", p);
	vc_buf_puts(&b, ",server=on,wait=off");
	arg2(&c, "-chardev", &b);
	free(p);
	arg(&c, "-mon");
	arg(&c, "chardev=charmonitor,id=monitor,mode=control");
	lifecycle(&c);
	boot(&c);
	smartcards(&c);
	controllers(&c, def);
	hubs(&c);
	for (i = 0; i < def->ndev[VC_DEV_DISK]; i++)
		disk(&c, def->dev[VC_DEV_DISK][i]);
	for (i = 0; i < def->ndev[VC_DEV_FILESYSTEM]; i++)
		filesystem(&c, def->dev[VC_DEV_FILESYSTEM][i], i);
	for (i = 0; i < def->ndev[VC_DEV_INTERFACE]; i++)
		interface(&c, def->dev[VC_DEV_INTERFACE][i], i);
	chars(&c);
	for (i = 0; i < def->ndev[VC_DEV_INPUT]; i++)
		input(&c, def->dev[VC_DEV_INPUT][i], i);
	graphics(&c);
	for (i = 0; i < def->ndev[VC_DEV_VIDEO]; i++)
		video(&c, def->dev[VC_DEV_VIDEO][i], i);
	for (i = 0; i < def->ndev[VC_DEV_HOSTDEV]; i++)
		hostdev(&c, def->dev[VC_DEV_HOSTDEV][i], i);
	watchdogs(&c, (struct vc_dev_watchdog *const *)def->dev[VC_DEV_WATCHDOG],
	          def->ndev[VC_DEV_WATCHDOG]);
	for (i = 0; i < def->ndev[VC_DEV_MEMBALLOON]; i++)
		memballoon(&c, def->dev[VC_DEV_MEMBALLOON][i]);
	for (i = 0; i < def->ndev[VC_DEV_RNG]; i++)
		rng(&c, def->dev[VC_DEV_RNG][i], i);
	others(&c);
	if (c.err) {
		push(&c, NULL);
		vc_qemu_argv_free(c.v);
		return NULL;
	}
	push(&c, NULL);
	return c.v;
}

void
vc_qemu_argv_free(char **argv)
{
	char **p;

	if (!argv)
		return;
	for (p = argv; *p; p++)
		free(*p);
	free(argv);
}

int
vc_qemu_disk_index(const char *dev)
{
	return disk_index(dev);
}

const char *
vc_qemu_nic_device(const char *model)
{
	struct ctx c = { 0 };
	struct vc_iface i = { 0 };

	i.model = (char *)model;
	c.err = 1;      /* no message: the caller says what is wrong */
	return model && strcmp(nic_model(&c, &i), "rtl8139") == 0 && strcmp(model, "rtl8139")
	    ? NULL : nic_model(&c, &i);
}

const char *
vc_qemu_rootbus(const struct vc_domain *def)
{
	return is_q35(def) ? "pcie.0" : "pci.0";
}
