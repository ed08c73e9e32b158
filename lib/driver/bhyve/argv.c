/* argv.c: the loader's and bhyve's command lines of a domain, with PCI
 * slots assigned as libvirt's bhyve driver assigns them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bhyve.h"
#include "conf/sections.h"
#include "conf/devs_storage.h"
#include "conf/devs_misc.h"
#include "conf/dev_net.h"

#define NSLOTS 32
#define AHCI_PORTS 31    /* disks per ahci controller, as libvirt packs them */

struct argvb {
	char **v;
	size_t n;
};

static void
add(struct argvb *a, const char *s)
{
	VC_APPEND(a->v, a->n, vc_strdup(s));
}

static void
addf(struct argvb *a, const char *fmt, ...) VC_PRINTF(2, 3);
static void
addf(struct argvb *a, const char *fmt, ...)
{
	va_list ap;
	struct vc_buf b = {0};

	va_start(ap, fmt);
	vc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	VC_APPEND(a->v, a->n, vc_buf_take(&b));
}

static char **
take(struct argvb *a)
{
	VC_APPEND(a->v, a->n, NULL);
	return a->v;
}

static void
strv_free(char **v)
{
	char **p;

	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

void
vc_bhyve_cmd_clear(struct vc_bhyve_cmd *c)
{
	strv_free(c->loader);
	strv_free(c->bhyve);
	free(c->devmap);
	free(c->cons);
	memset(c, 0, sizeof(*c));
}

struct slots {
	int used[NSLOTS];
};

static int
slot_take(struct slots *s, const struct vc_addr *a, int *slot, const char *what)
{
	int i;

	if (a->type == VC_ADDR_PCI && a->has_slot) {
		if (a->bus || a->slot >= NSLOTS)
			return vc_err("%s: PCI address %02x:%02x: bhyve has slots 0-31 of bus 0 only",
			    what, a->bus, a->slot);
		*slot = (int)a->slot;
		return 0;
	}
	if (a->type != VC_ADDR_NONE && a->type != VC_ADDR_PCI && a->type != VC_ADDR_DRIVE)
		return vc_err("%s: address type '%s': bhyve wants a PCI slot", what,
		    vc_addr_type_names[a->type]);
	for (i = 2; i < NSLOTS; i++)
		if (!s->used[i]) {
			s->used[i] = 1;
			*slot = i;
			return 0;
		}
	return vc_err("%s: no free PCI slot left (bhyve has 32)", what);
}

static void
slot_reserve(struct slots *s, const struct vc_addr *a)
{
	if (a->type == VC_ADDR_PCI && a->has_slot && !a->bus && a->slot < NSLOTS)
		s->used[a->slot] = 1;
}

static const char *
basename_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* split bootloader_args on blanks (as libvirt does) */
static void
add_words(struct argvb *a, const char *s)
{
	while (s && *s) {
		size_t n;

		s += strspn(s, " \t\n");
		n = strcspn(s, " \t\n");
		if (n)
			VC_APPEND(a->v, a->n, vc_strndup(s, n));
		s += n;
	}
}

/* the disk the loader boots: per-device boot order, else os/boot, else the first */
static int
boot_disk(const struct vc_domain *d, const struct vc_disk **out, int strict_one)
{
	const struct vc_os *o = d->sect[VC_SECT_OS];
	const struct vc_disk *best = NULL;
	size_t i, nordered = 0;

	*out = NULL;
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];

		if (k->info.boot_order) {
			nordered++;
			if (!best || k->info.boot_order < best->info.boot_order)
				best = k;
		}
	}
	if (nordered > 1 && strict_one)
		return vc_err("%s: bhyveload boots one device: %zu disks have a boot order",
		    d->name, nordered);
	if (!best && o && o->nboot) {
		int want = o->boot[0] == VC_BOOT_CDROM ? VC_DISK_DEV_CDROM : VC_DISK_DEV_DISK;

		if (o->boot[0] != VC_BOOT_CDROM && o->boot[0] != VC_BOOT_HD)
			return vc_err("%s: os/boot dev='%s': the loader boots a disk or a cdrom",
			    d->name, vc_boot_dev_names[o->boot[0]]);
		for (i = 0; i < d->ndev[VC_DEV_DISK] && !best; i++) {
			const struct vc_disk *k = d->dev[VC_DEV_DISK][i];

			if (k->device == want)
				best = k;
		}
		if (!best && want == VC_DISK_DEV_CDROM)
			return vc_err("%s: os/boot dev='cdrom': no cdrom to boot from", d->name);
	}
	if (!best && d->ndev[VC_DEV_DISK])
		best = d->dev[VC_DEV_DISK][0];
	if (!best || !best->src.path)
		return vc_err("%s: the loader needs a disk with a source to boot from", d->name);
	*out = best;
	return 0;
}

static int
loader(const struct vc_domain *d, const struct vc_bhyve_opts *o, struct vc_bhyve_cmd *c,
    const char *cons)
{
	const struct vc_text_sect *bl = d->sect[VC_SECT_BOOTLOADER];
	const struct vc_text_sect *ba = d->sect[VC_SECT_BOOTLOADER_ARGS];
	const struct vc_os *os = d->sect[VC_SECT_OS];
	unsigned long long mib = (d->has_current_memory ? d->current_memory : d->memory) / 1024;
	const struct vc_disk *boot;
	struct argvb a = {0};

	if (os && os->has_loader)
		return 0;        /* UEFI: the firmware is bhyve's -l bootrom */
	if (bl && bl->text && (ba && ba->text)) {
		add(&a, o->conformance ? basename_of(bl->text) : bl->text);
		add_words(&a, ba->text);
		c->loader = take(&a);
		return 0;
	}
	if (bl && bl->text && strcmp(basename_of(bl->text), "bhyveload")) {
		/* grub-bhyve, with a device map of the boot disk */
		if (boot_disk(d, &boot, 0) < 0)
			return -1;
		add(&a, o->conformance ? basename_of(bl->text) : bl->text);
		add(&a, "--root");
		add(&a, boot->device == VC_DISK_DEV_CDROM ? "cd" : "hd0,msdos1");
		add(&a, "--device-map");
		add(&a, o->devmap_path ? o->devmap_path : "<device.map>");
		add(&a, "--memory");
		addf(&a, "%llu", mib);
		if (cons) {
			add(&a, "--cons-dev");
			add(&a, cons);
		}
		add(&a, d->name);
		c->devmap = vc_asprintf("(%s) %s\n", boot->device == VC_DISK_DEV_CDROM ? "cd" : "hd0",
		    boot->src.path);
		c->loader = take(&a);
		return 0;
	}
	if (boot_disk(d, &boot, 1) < 0)
		return -1;
	add(&a, bl && bl->text && !o->conformance ? bl->text : "bhyveload");
	add(&a, "-m");
	addf(&a, "%llu", mib);
	add(&a, "-d");
	add(&a, boot->src.path);
	if (ba && ba->text)
		add_words(&a, ba->text);
	add(&a, d->name);
	c->loader = take(&a);
	return 0;
}

static int
check_unsupported(const struct vc_domain *d)
{
	static const int kinds[] = {VC_DEV_SMARTCARD, VC_DEV_PARALLEL, VC_DEV_CHANNEL, VC_DEV_TPM,
		VC_DEV_REDIRDEV, VC_DEV_HUB, VC_DEV_WATCHDOG, VC_DEV_PANIC};
	size_t i;

	for (i = 0; i < VC_NELEM(kinds); i++)
		if (d->ndev[kinds[i]])
			return vc_err("%s: devices/%s: bhyve has no such device", d->name,
			    vc_devtypes[kinds[i]].elem);
	return 0;
}

int
vc_bhyve_build(const struct vc_domain *d, const struct vc_bhyve_opts *o, struct vc_bhyve_cmd *c)
{
	const struct vc_os *os = d->sect[VC_SECT_OS];
	const struct vc_features *f = d->sect[VC_SECT_FEATURES];
	const struct vc_clock *clk = d->sect[VC_SECT_CLOCK];
	const struct vc_cpu *cpu = d->sect[VC_SECT_CPU];
	const struct vc_memorybacking *mb = d->sect[VC_SECT_MEMORYBACKING];
	struct slots s = {{0}};
	struct argvb a = {0};
	struct vc_buf tmp = {0};
	int lpc_slot = -1, nsata = 0, isa = 0, r = -1;
	int sata_slot[8], sata_explicit[8];
	int *net_slot = NULL, *disk_slot = NULL, *fs_slot = NULL, *hd_slot = NULL;
	int usb_slot = -1, gfx_slot = -1, snd_slot = -1, rng_slot = -1;
	const struct vc_controller *usb = NULL;
	unsigned long long mib;
	size_t i, j;
	char *cons = NULL;
	void **coms;
	size_t ncoms;

	memset(c, 0, sizeof(*c));
	if (d->type != VC_VIRT_BHYVE)
		return vc_err("%s: domain type '%s' has no bhyve command line (want type='bhyve')",
		    d->name, vc_virt_type_names[d->type]);
	if (check_unsupported(d) < 0)
		return -1;
	for (i = 0; i < 8; i++)
		sata_slot[i] = -1, sata_explicit[i] = 0;
	s.used[0] = s.used[1] = 1;      /* hostbridge, lpc */
	/* explicit addresses first */
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *k = d->dev[VC_DEV_CONTROLLER][i];

		if (k->type == VC_CTRL_ISA) {
			if (isa++)
				return vc_err("%s: bhyve has one ISA controller (lpc)", d->name);
			if (k->info.addr.type == VC_ADDR_PCI && k->info.addr.has_slot)
				lpc_slot = (int)k->info.addr.slot;
		}
		slot_reserve(&s, &k->info.addr);
	}
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++)
		slot_reserve(&s, &((struct vc_iface *)d->dev[VC_DEV_INTERFACE][i])->addr);
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++)
		slot_reserve(&s, &((struct vc_disk *)d->dev[VC_DEV_DISK][i])->info.addr);
	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++)
		slot_reserve(&s, &((struct vc_filesystem *)d->dev[VC_DEV_FILESYSTEM][i])->info.addr);
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++)
		slot_reserve(&s, &((struct vc_hostdev *)d->dev[VC_DEV_HOSTDEV][i])->info.addr);
	for (i = 0; i < d->ndev[VC_DEV_VIDEO]; i++)
		slot_reserve(&s, &((struct vc_dev_video *)d->dev[VC_DEV_VIDEO][i])->info.addr);
	for (i = 0; i < d->ndev[VC_DEV_RNG]; i++)
		slot_reserve(&s, &((struct vc_dev_rng *)d->dev[VC_DEV_RNG][i])->info.addr);
	if (lpc_slot >= 0 && lpc_slot != 1)
		s.used[1] = 0;          /* lpc moved: slot 1 is free */

	/* how many ahci controllers the sata disks need */
	for (i = 0, j = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];
		int ci;

		if (k->bus != VC_DISK_BUS_SATA)
			continue;
		ci = (int)(j++ / AHCI_PORTS);
		if (ci >= 8)
			return vc_err("%s: more than %d sata disks", d->name, 8 * AHCI_PORTS);
		if (ci + 1 > nsata)
			nsata = ci + 1;
	}
	/* controllers in the order of the XML, implicit sata ones after */
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *k = d->dev[VC_DEV_CONTROLLER][i];

		if (k->type == VC_CTRL_SATA) {
			int idx = k->index < 0 ? 0 : k->index;

			/* one without disks (the domain model adds them) takes no slot */
			if (idx >= nsata)
				continue;
			if (slot_take(&s, &k->info.addr, &sata_slot[idx], "controller sata") < 0)
				return -1;
			sata_explicit[idx] = 1;
		} else if (k->type == VC_CTRL_USB) {
			if (usb)
				return vc_err("%s: bhyve has one USB controller", d->name);
			if (strcmp(vc_ctrl_model_usb_names[k->model], "nec-xhci") &&
			    strcmp(vc_ctrl_model_usb_names[k->model], "qemu-xhci") && k->model)
				return vc_err("%s: usb controller model '%s': bhyve has xhci only", d->name,
				    vc_ctrl_model_usb_names[k->model]);
			usb = k;
			if (slot_take(&s, &k->info.addr, &usb_slot, "controller usb") < 0)
				return -1;
		} else if (k->type != VC_CTRL_ISA && k->type != VC_CTRL_PCI)
			return vc_err("%s: controller type '%s': bhyve has sata, usb and isa", d->name,
			    vc_ctrl_type_names[k->type]);
	}
	for (i = 0; i < (size_t)nsata; i++) {
		struct vc_addr none = {0};

		if (!sata_explicit[i] && slot_take(&s, &none, &sata_slot[i], "controller sata") < 0)
			return -1;
	}
	net_slot = vc_calloc(d->ndev[VC_DEV_INTERFACE] + 1, sizeof(int));
	disk_slot = vc_calloc(d->ndev[VC_DEV_DISK] + 1, sizeof(int));
	fs_slot = vc_calloc(d->ndev[VC_DEV_FILESYSTEM] + 1, sizeof(int));
	hd_slot = vc_calloc(d->ndev[VC_DEV_HOSTDEV] + 1, sizeof(int));
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++)
		if (slot_take(&s, &((struct vc_iface *)d->dev[VC_DEV_INTERFACE][i])->addr, &net_slot[i], "interface") < 0)
			goto out;
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];

		if (k->bus == VC_DISK_BUS_SATA)
			continue;
		if (k->bus != VC_DISK_BUS_VIRTIO && k->bus != VC_DISK_BUS_NVME) {
			vc_err("%s: disk %s: bus '%s': bhyve has sata, virtio and nvme", d->name,
			    k->target_dev ? k->target_dev : "?", vc_disk_bus_names[k->bus]);
			goto out;
		}
		if (slot_take(&s, &k->info.addr, &disk_slot[i], "disk") < 0)
			goto out;
	}
	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++) {
		const struct vc_filesystem *fs = d->dev[VC_DEV_FILESYSTEM][i];

		if (fs->accessmode && fs->accessmode != VC_FS_ACCESS_PASSTHROUGH) {
			vc_err("%s: filesystem %s: accessmode '%s': bhyve's virtio-9p passes through only",
			    d->name, fs->target_dir ? fs->target_dir : "?", vc_fs_access_names[fs->accessmode]);
			goto out;
		}
		if (fs->driver_type && strcmp(vc_fs_driver_names[fs->driver_type], "path") &&
		    strcmp(vc_fs_driver_names[fs->driver_type], "default")) {
			vc_err("%s: filesystem %s: driver '%s': bhyve's virtio-9p shares a path", d->name,
			    fs->target_dir ? fs->target_dir : "?", vc_fs_driver_names[fs->driver_type]);
			goto out;
		}
		if (fs->type && fs->type != VC_FS_MOUNT) {
			vc_err("%s: filesystem type '%s': bhyve shares directories (type='mount')", d->name,
			    vc_fs_type_names[fs->type]);
			goto out;
		}
		if (slot_take(&s, &fs->info.addr, &fs_slot[i], "filesystem") < 0)
			goto out;
	}
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

		if (h->mode != VC_HOSTDEV_SUBSYS || h->type != VC_HOSTDEV_PCI) {
			vc_err("%s: hostdev type '%s': bhyve passes PCI devices through only", d->name,
			    vc_hostdev_type_names[h->type]);
			goto out;
		}
		if (slot_take(&s, &h->info.addr, &hd_slot[i], "hostdev") < 0)
			goto out;
	}
	if (d->ndev[VC_DEV_GRAPHICS]) {
		const struct vc_dev_graphics *g = d->dev[VC_DEV_GRAPHICS][0];
		struct vc_addr none = {0};
		const struct vc_addr *va = d->ndev[VC_DEV_VIDEO] ?
		    &((struct vc_dev_video *)d->dev[VC_DEV_VIDEO][0])->info.addr : &none;

		if (d->ndev[VC_DEV_GRAPHICS] > 1 || g->type != VC_GFX_VNC) {
			vc_err("%s: graphics: bhyve has one vnc framebuffer", d->name);
			goto out;
		}
		if (!os || !os->has_loader) {
			vc_err("%s: graphics: bhyve's framebuffer needs UEFI (os/loader)", d->name);
			goto out;
		}
		if (g->passwd && strchr(g->passwd, ',')) {
			vc_err("%s: graphics: a vnc password cannot contain ','", d->name);
			goto out;
		}
		if (slot_take(&s, va, &gfx_slot, "graphics") < 0)
			goto out;
	}
	if (d->ndev[VC_DEV_SOUND]) {
		const struct vc_dev_sound *sd = d->dev[VC_DEV_SOUND][0];

		if (d->ndev[VC_DEV_SOUND] > 1 || strcmp(vc_sound_model_names[sd->model], "ich7")) {
			vc_err("%s: sound: bhyve has one hda (model='ich7')", d->name);
			goto out;
		}
		if (slot_take(&s, &sd->info.addr, &snd_slot, "sound") < 0)
			goto out;
	}
	if (d->ndev[VC_DEV_RNG]) {
		const struct vc_dev_rng *g = d->dev[VC_DEV_RNG][0];

		if (d->ndev[VC_DEV_RNG] > 1 || g->backend != VC_RNG_BACKEND_RANDOM ||
		    (g->random_path && strcmp(g->random_path, "/dev/random") &&
		     strcmp(g->random_path, "/dev/urandom"))) {
			vc_err("%s: rng: bhyve's virtio-rnd reads /dev/random (backend model='random')", d->name);
			goto out;
		}
		if (slot_take(&s, &g->info.addr, &rng_slot, "rng") < 0)
			goto out;
	}
	if (usb) {
		size_t ntab = 0;

		for (i = 0; i < d->ndev[VC_DEV_INPUT]; i++) {
			const struct vc_dev_input *in = d->dev[VC_DEV_INPUT][i];

			if (in->bus == VC_INPUT_BUS_USB && in->type == VC_INPUT_TABLET)
				ntab++;
			else if (in->bus == VC_INPUT_BUS_USB) {
				vc_err("%s: input %s: bhyve's xhci takes a tablet only", d->name,
				    vc_input_type_names[in->type]);
				goto out;
			}
		}
		if (ntab != 1) {
			vc_err("%s: usb controller: bhyve's xhci needs exactly one tablet (has %zu)", d->name, ntab);
			goto out;
		}
	}
	/* com ports: the nmdm serials, or the consoles when there are none */
	coms = d->ndev[VC_DEV_SERIAL] ? d->dev[VC_DEV_SERIAL] : d->dev[VC_DEV_CONSOLE];
	ncoms = d->ndev[VC_DEV_SERIAL] ? d->ndev[VC_DEV_SERIAL] : d->ndev[VC_DEV_CONSOLE];
	for (i = 0; i < ncoms; i++) {
		const struct vc_dev_chr *ch = coms[i];

		if (ch->src.type != VC_CHR_NMDM) {
			vc_err("%s: serial type '%s': bhyve's com ports are nmdm devices", d->name,
			    vc_chr_type_names[ch->src.type]);
			goto out;
		}
		if (i >= 4) {
			vc_err("%s: bhyve has com1-com4", d->name);
			goto out;
		}
	}
	if (ncoms)
		cons = ((struct vc_dev_chr *)coms[0])->src.master;

	if (loader(d, o, c, cons) < 0)
		goto out;

	mib = (d->has_current_memory ? d->current_memory : d->memory) / 1024;
	add(&a, "bhyve");
	add(&a, "-c");
	if (cpu && cpu->sockets)
		addf(&a, "cpus=%u,sockets=%u,cores=%u,threads=%u", d->vcpus, cpu->sockets, cpu->cores, cpu->threads);
	else
		addf(&a, "%u", d->vcpus);
	add(&a, "-m");
	addf(&a, "%llu", mib);
	if (mb && mb->locked)
		add(&a, "-S");
	if (f && f->state[VC_FEAT_ACPI] == VC_TRI_YES)
		add(&a, "-A");
	if (f && f->state[VC_FEAT_APIC] == VC_TRI_YES)
		add(&a, "-I");
	if (f && f->msrs_unknown == 1)
		add(&a, "-w");
	if (!clk || clk->offset == VC_CLOCK_UTC)
		add(&a, "-u");
	else if (clk->offset != VC_CLOCK_LOCALTIME) {
		vc_err("%s: clock offset '%s': bhyve keeps utc or localtime", d->name,
		    vc_clock_offset_names[clk->offset]);
		goto out;
	}
	add(&a, "-H");
	add(&a, "-P");
	add(&a, "-s");
	add(&a, cpu && cpu->vendor && !strcmp(cpu->vendor, "AMD") ? "0:0,amd_hostbridge" : "0:0,hostbridge");
	if (os && os->has_loader) {
		add(&a, "-l");
		if (os->has_nvram && os->nvram)
			addf(&a, "bootrom,%s,%s", os->loader ? os->loader : "", os->nvram);
		else
			addf(&a, "bootrom,%s", os->loader ? os->loader : "");
	}
	if (isa || ncoms || (os && os->has_loader)) {
		add(&a, "-s");
		addf(&a, "%d:0,lpc", lpc_slot >= 0 ? lpc_slot : 1);
	}
	/* controllers, in order: explicit ones, then implicit sata */
	{
		int done[8] = {0};
		size_t k;

		for (k = 0; k <= d->ndev[VC_DEV_CONTROLLER]; k++) {
			int idx = -1;

			if (k < d->ndev[VC_DEV_CONTROLLER]) {
				const struct vc_controller *ct = d->dev[VC_DEV_CONTROLLER][k];

				if (ct->type == VC_CTRL_USB) {
					add(&a, "-s");
					addf(&a, "%d:0,xhci,tablet", usb_slot);
					continue;
				}
				if (ct->type != VC_CTRL_SATA)
					continue;
				idx = ct->index < 0 ? 0 : ct->index;
				if (idx >= nsata)
					continue;
			}
			for (j = 0; j < (size_t)nsata; j++) {
				size_t n, seen = 0;

				if (idx >= 0 ? (int)j != idx : done[j] || sata_explicit[j])
					continue;
				done[j] = 1;
				vc_buf_printf(&tmp, "%d:0,ahci", sata_slot[j]);
				for (n = 0; n < d->ndev[VC_DEV_DISK]; n++) {
					const struct vc_disk *dk = d->dev[VC_DEV_DISK][n];

					if (dk->bus != VC_DISK_BUS_SATA)
						continue;
					if (seen++ / AHCI_PORTS != j)
						continue;
					if (!dk->src.path) {
						vc_err("%s: disk %s: no source", d->name, dk->target_dev);
						goto out;
					}
					vc_buf_printf(&tmp, ",%s:%s", dk->device == VC_DISK_DEV_CDROM ? "cd" : "hd",
					    dk->src.path);
				}
				add(&a, "-s");
				VC_APPEND(a.v, a.n, vc_buf_take(&tmp));
			}
		}
	}
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *n = d->dev[VC_DEV_INTERFACE][i];
		const char *model = n->model ? n->model : "virtio";
		unsigned char zero[6] = {0x52, 0x54, 0, 0, 0, 0}, gen[6];
		const unsigned char *m = n->has_mac ? n->mac : o->conformance ? zero : gen;
		char mac[18];
		const char *tap;

		if (n->type != VC_IFACE_BRIDGE) {
			vc_err("%s: interface type '%s': bhyve's NICs are taps on a bridge", d->name,
			    vc_iface_type_names[n->type]);
			goto out;
		}
		if (strcmp(model, "virtio") && strcmp(model, "e1000")) {
			vc_err("%s: interface model '%s': bhyve has virtio and e1000", d->name, model);
			goto out;
		}
		if (!n->has_mac && !o->conformance)
			vc_mac_generate(gen);
		vc_mac_format(m, mac);
		tap = o->taps && o->taps[i] ? o->taps[i] : o->conformance ? "faketapdev" :
		    n->target_dev ? n->target_dev : NULL;
		add(&a, "-s");
		if (tap)
			addf(&a, "%d:0,%s,%s,mac=%s", net_slot[i], !strcmp(model, "virtio") ? "virtio-net" : "e1000",
			    tap, mac);
		else
			addf(&a, "%d:0,%s,tap%zu,mac=%s", net_slot[i], !strcmp(model, "virtio") ? "virtio-net" : "e1000",
			    i, mac);
	}
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];

		if (k->bus == VC_DISK_BUS_SATA)
			continue;
		if (!k->src.path) {
			vc_err("%s: disk %s: no source", d->name, k->target_dev);
			goto out;
		}
		add(&a, "-s");
		addf(&a, "%d:0,%s,%s", disk_slot[i], k->bus == VC_DISK_BUS_NVME ? "nvme" : "virtio-blk", k->src.path);
	}
	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++) {
		const struct vc_filesystem *fs = d->dev[VC_DEV_FILESYSTEM][i];

		add(&a, "-s");
		addf(&a, "%d:0,virtio-9p,%s=%s%s", fs_slot[i], fs->target_dir ? fs->target_dir : "",
		    fs->src_dir ? fs->src_dir : "", fs->readonly ? ",ro" : "");
	}
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

		add(&a, "-s");
		addf(&a, "%d:0,passthru,%u/%u/%u", hd_slot[i], h->pci_bus, h->pci_slot, h->pci_function);
	}
	if (gfx_slot >= 0) {
		const struct vc_dev_graphics *g = d->dev[VC_DEV_GRAPHICS][0];
		const struct vc_dev_video *v = d->ndev[VC_DEV_VIDEO] ? d->dev[VC_DEV_VIDEO][0] : NULL;
		const char *listen = g->nlistens && g->listens[0].address ? g->listens[0].address : "127.0.0.1";
		static const char *const vga[] = {"", "io", "on", "off"};
		int port = g->port > 0 && !g->autoport ? g->port : 5900;

		vc_buf_printf(&tmp, "%d:0,fbuf,tcp=%s:%d", gfx_slot, listen, port);
		if (v && v->has_res)
			vc_buf_printf(&tmp, ",w=%u,h=%u", v->res_x, v->res_y);
		if (g->passwd)
			vc_buf_printf(&tmp, ",password=%s", g->passwd);
		if (v && v->vgaconf > 0 && v->vgaconf < 4)
			vc_buf_printf(&tmp, ",vga=%s", vga[v->vgaconf]);
		add(&a, "-s");
		VC_APPEND(a.v, a.n, vc_buf_take(&tmp));
	}
	if (snd_slot >= 0) {
		add(&a, "-s");
		addf(&a, "%d:0,hda,play=/dev/dsp0,rec=/dev/dsp0", snd_slot);
	}
	if (rng_slot >= 0) {
		add(&a, "-s");
		addf(&a, "%d:0,virtio-rnd", rng_slot);
	}
	for (i = 0; i < ncoms; i++) {
		const struct vc_dev_chr *ch = coms[i];

		add(&a, "-l");
		addf(&a, "com%zu,%s", i + 1, ch->src.master ? ch->src.master : "");
	}
	add(&a, d->name);
	c->bhyve = take(&a);
	if (cons)
		c->cons = vc_strdup(cons);
	r = 0;
out:
	if (r < 0) {
		strv_free(take(&a));
		vc_bhyve_cmd_clear(c);
	}
	vc_buf_free(&tmp);
	free(net_slot);
	free(disk_slot);
	free(fs_slot);
	free(hd_slot);
	return r;
}

static void
put_cmd(struct vc_buf *b, char **v)
{
	vc_buf_argv(b, (const char *const *)v);
	vc_buf_putc(b, '\n');
}

/* the loader's line (libvirt's tests write "dummy" where there is none,
 * as for UEFI: under VIRTCORE_CONFORMANCE that placeholder is kept), then
 * bhyve's */
char *
vc_bhyve_to_native(struct vc_conn *c, struct vc_domain *d, int strict)
{
	struct vc_bhyve_opts o = {0};
	struct vc_bhyve_cmd cmd;
	struct vc_buf b = {0};
	const char *conf = getenv("VIRTCORE_CONFORMANCE");

	(void)c;
	(void)strict;
	o.conformance = conf && !strcmp(conf, "1");
	if (vc_bhyve_build(d, &o, &cmd) < 0)
		return NULL;
	if (cmd.loader)
		put_cmd(&b, cmd.loader);
	else if (o.conformance)
		vc_buf_puts(&b, "dummy\n");
	put_cmd(&b, cmd.bhyve);
	vc_bhyve_cmd_clear(&cmd);
	return vc_buf_take(&b);
}
