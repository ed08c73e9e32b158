/* dev_controller.c: <controller>: parse, format */
#include <stdlib.h>
#include <string.h>
#include "devs_storage.h"
#include "devs_misc.h"

const char *const vc_ctrl_type_names[] = {
	"", "ide", "fdc", "scsi", "sata", "virtio-serial", "ccid", "usb", "pci",
	"xenbus", "isa", "nvme", NULL,
};
const char *const vc_ctrl_model_pci_names[] = {
	"", "pci-root", "pcie-root", "pci-bridge", "dmi-to-pci-bridge",
	"pcie-root-port", "pcie-switch-upstream-port", "pcie-switch-downstream-port",
	"pci-expander-bus", "pcie-expander-bus", "pcie-to-pci-bridge", NULL,
};
const char *const vc_ctrl_model_scsi_names[] = {
	"", "auto", "buslogic", "lsilogic", "lsisas1068", "vmpvscsi", "ibmvscsi",
	"virtio-scsi", "lsisas1078", "virtio-transitional", "virtio-non-transitional",
	"ncr53c90", "am53c974", "dc390", NULL,
};
const char *const vc_ctrl_model_usb_names[] = {
	"", "piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "ich9-uhci1",
	"ich9-uhci2", "ich9-uhci3", "vt82c686b-uhci", "pci-ohci", "nec-xhci",
	"qusb1", "qusb2", "qemu-xhci", "none", NULL,
};
const char *const vc_ctrl_model_ide_names[] = { "", "piix3", "piix4", "ich6", NULL };
const char *const vc_ctrl_model_vserial_names[] = {
	"", "virtio", "virtio-transitional", "virtio-non-transitional", NULL,
};
const char *const vc_ctrl_model_isa_names[] = { "", "extioi", NULL };
static const char *const no_model_names[] = { "", NULL };
const char *const vc_ctrl_pci_modelname_names[] = {
	"", "pci-bridge", "i82801b11-bridge", "ioh3420", "x3130-upstream",
	"xio3130-downstream", "pxb", "pxb-pcie", "pcie-root-port",
	"spapr-pci-host-bridge", "pcie-pci-bridge", NULL,
};

const char *const *
vc_ctrl_model_names(int type)
{
	switch (type) {
	case VC_CTRL_PCI: return vc_ctrl_model_pci_names;
	case VC_CTRL_SCSI: return vc_ctrl_model_scsi_names;
	case VC_CTRL_USB: return vc_ctrl_model_usb_names;
	case VC_CTRL_IDE: return vc_ctrl_model_ide_names;
	case VC_CTRL_VIRTIO_SERIAL: return vc_ctrl_model_vserial_names;
	case VC_CTRL_ISA: return vc_ctrl_model_isa_names;
	default: return no_model_names;
	}
}

void
vc_dev_controller_free(void *dev)
{
	struct vc_controller *c = dev;

	if (!c)
		return;
	vc_sinfo_clear(&c->info);
	free(c);
}

static int
opt_uint(struct vc_x *x, xmlNodePtr n, const char *attr, unsigned max, unsigned *v, int *has)
{
	int r = vc_x_uint_x(x, n, attr, 0, max, v);

	if (r == 1 && has)
		*has = 1;
	return r;
}

static int
target_parse(struct vc_x *x, xmlNodePtr t, struct vc_controller *c)
{
	xmlNodePtr k;
	unsigned long long v;

	if (opt_uint(x, t, "chassisNr", 255, &c->chassis_nr, &c->has_chassis_nr) < 0 ||
	    opt_uint(x, t, "chassis", 255, &c->chassis, &c->has_chassis) < 0 ||
	    opt_uint(x, t, "port", 255, &c->port, &c->has_port) < 0 ||
	    opt_uint(x, t, "busNr", 255, &c->bus_nr, &c->has_bus_nr) < 0 ||
	    opt_uint(x, t, "index", 30, &c->tindex, &c->has_tindex) < 0 ||
	    vc_x_onoff(x, t, "hotplug", &c->hotplug) < 0)
		return -1;
	if (vc_x_ull(x, t, "memReserve", 0, ~0ULL, &c->mem_reserve) == 1)
		c->has_mem_reserve = 1;
	if (x->err)
		return -1;
	if ((k = vc_x_child(x, t, "node"))) {
		if (vc_x_text_ull(x, k, 0, 0xffff, &v) < 0)
			return -1;
		c->node = (unsigned)v;
		c->has_node = 1;
	}
	return 0;
}

static int
controller_parse(struct vc_x *x, xmlNodePtr n, struct vc_controller *c)
{
	xmlNodePtr k;
	char *s;
	int r;

	c->index = -1;
	if ((r = vc_x_enum(x, n, "type", vc_ctrl_type_names, &c->type)) <= 0)
		return r < 0 ? -1 : vc_x_err(x, n, "missing attribute 'type'");
	if ((r = vc_x_int(x, n, "index", 0, 0x7fffffff, &c->index)) < 0)
		return -1;
	if ((s = vc_x_attr(x, n, "model"))) {
		c->model = vc_enum_find(vc_ctrl_model_names(c->type), s);
		if (c->model < 0)
			vc_x_err(x, n, "unknown %s controller model '%s'",
			         vc_ctrl_type_names[c->type], s);
		free(s);
		if (c->model < 0)
			return -1;
	}
	if (c->type == VC_CTRL_VIRTIO_SERIAL || c->type == VC_CTRL_USB) {
		if (opt_uint(x, n, "ports", 0x7fffffff, &c->ports, &c->has_ports) < 0)
			return -1;
	}
	if (c->type == VC_CTRL_VIRTIO_SERIAL &&
	    opt_uint(x, n, "vectors", 0x7fffffff, &c->vectors, &c->has_vectors) < 0)
		return -1;
	if (c->type == VC_CTRL_XENBUS &&
	    (opt_uint(x, n, "maxGrantFrames", 0x7fffffff, &c->max_grant_frames, &c->has_max_grant_frames) < 0 ||
	     opt_uint(x, n, "maxEventChannels", 0x7fffffff, &c->max_event_channels, &c->has_max_event_channels) < 0))
		return -1;
	if ((k = vc_x_child(x, n, "driver"))) {
		if (vc_x_uint(x, k, "queues", 1, ~0U, &c->queues) < 0 ||
		    vc_x_uint(x, k, "cmd_per_lun", 1, ~0U, &c->cmd_per_lun) < 0 ||
		    vc_x_uint(x, k, "max_sectors", 1, ~0U, &c->max_sectors) < 0 ||
		    vc_x_onoff(x, k, "ioeventfd", &c->ioeventfd) < 0 ||
		    vc_x_uint(x, k, "iothread", 1, ~0U, &c->iothread) < 0 ||
		    vc_x_onoff(x, k, "iommu", &c->iommu) < 0 ||
		    vc_x_onoff(x, k, "ats", &c->ats) < 0 ||
		    vc_x_onoff(x, k, "packed", &c->packed) < 0 ||
		    vc_x_onoff(x, k, "page_per_vq", &c->page_per_vq) < 0)
			return -1;
	}
	if (c->type == VC_CTRL_PCI) {
		if ((k = vc_x_child(x, n, "model")) &&
		    (r = vc_x_enum(x, k, "name", vc_ctrl_pci_modelname_names, &c->model_name)) <= 0)
			return r < 0 ? -1 : vc_x_err(x, k, "missing attribute 'name'");
		if ((k = vc_x_child(x, n, "target")) && target_parse(x, k, c) < 0)
			return -1;
		if ((k = vc_x_child(x, n, "pcihole64"))) {
			char *u = vc_x_attr(x, k, "unit"), *t = vc_x_text(k);

			r = vc_parse_scaled(t, u, "KiB", &c->pcihole64);
			if (r < 0)
				vc_x_err(x, k, "bad pcihole64 '%s'", t);
			free(u);
			free(t);
			if (r < 0)
				return -1;
			c->has_pcihole64 = 1;
		}
	}
	if (vc_sinfo_parse(x, n, &c->info, VC_SINFO_MASTER) < 0)
		return -1;
	if (c->type == VC_CTRL_PCI &&
	    (c->model == VC_PCI_ROOT || c->model == VC_PCIE_ROOT)) {
		if (c->index > 0)
			return vc_x_err(x, n, "pci-root and pcie-root controllers should have index 0");
		if (c->info.addr.type != VC_ADDR_NONE)
			return vc_x_err(x, n, "pci-root and pcie-root controllers should not have an address");
	}
	return x->err ? -1 : 0;
}

void *
vc_dev_controller_parse(struct vc_x *x, xmlNodePtr n, int kind)
{
	struct vc_controller *c = vc_calloc(1, sizeof(*c));

	(void)kind;
	if (controller_parse(x, n, c) < 0) {
		if (!x->err)
			vc_x_err(x, n, "invalid controller");
		vc_dev_controller_free(c);
		return NULL;
	}
	return c;
}

void
vc_dev_controller_format(struct vc_buf *b, int lvl, const void *dev, int kind)
{
	const struct vc_controller *c = dev;
	struct vc_buf kids = { 0 };
	int in = lvl + 1;

	(void)kind;
	if (c->type == VC_CTRL_PCI) {
		if (c->model_name) {
			vc_f_open(&kids, in, "model");
			vc_f_attr_enum(&kids, "name", vc_ctrl_pci_modelname_names, c->model_name);
			vc_f_close_empty(&kids);
		}
		if (c->has_chassis_nr || c->has_chassis || c->has_port || c->has_bus_nr ||
		    c->has_tindex || c->hotplug || c->has_mem_reserve || c->has_node) {
			vc_f_open(&kids, in, "target");
			if (c->has_chassis_nr)
				vc_f_attr_u(&kids, "chassisNr", c->chassis_nr);
			if (c->has_chassis)
				vc_f_attr_u(&kids, "chassis", c->chassis);
			if (c->has_port)
				vc_buf_printf(&kids, " port='0x%x'", c->port);
			if (c->has_bus_nr)
				vc_f_attr_u(&kids, "busNr", c->bus_nr);
			if (c->has_tindex)
				vc_f_attr_u(&kids, "index", c->tindex);
			vc_f_attr_onoff(&kids, "hotplug", c->hotplug);
			if (c->has_mem_reserve)
				vc_f_attr_u(&kids, "memReserve", c->mem_reserve);
			if (c->has_node) {
				vc_f_close_open(&kids);
				vc_buf_indent(&kids, in + 1);
				vc_buf_printf(&kids, "<node>%u</node>\n", c->node);
				vc_f_end(&kids, in, "target");
			} else
				vc_f_close_empty(&kids);
		}
	}
	if (c->queues || c->cmd_per_lun || c->max_sectors || c->ioeventfd || c->iothread ||
	    c->iommu || c->ats || c->packed || c->page_per_vq) {
		vc_f_open(&kids, in, "driver");
		if (c->queues)
			vc_f_attr_u(&kids, "queues", c->queues);
		if (c->cmd_per_lun)
			vc_f_attr_u(&kids, "cmd_per_lun", c->cmd_per_lun);
		if (c->max_sectors)
			vc_f_attr_u(&kids, "max_sectors", c->max_sectors);
		vc_f_attr_onoff(&kids, "ioeventfd", c->ioeventfd);
		if (c->iothread)
			vc_f_attr_u(&kids, "iothread", c->iothread);
		vc_f_attr_onoff(&kids, "iommu", c->iommu);
		vc_f_attr_onoff(&kids, "ats", c->ats);
		vc_f_attr_onoff(&kids, "packed", c->packed);
		vc_f_attr_onoff(&kids, "page_per_vq", c->page_per_vq);
		vc_f_close_empty(&kids);
	}
	vc_sinfo_format(&kids, in, &c->info);
	if (c->has_pcihole64) {
		vc_buf_indent(&kids, in);
		vc_buf_printf(&kids, "<pcihole64 unit='KiB'>%llu</pcihole64>\n", c->pcihole64);
	}

	vc_f_open(b, lvl, "controller");
	vc_f_attr_enum(b, "type", vc_ctrl_type_names, c->type);
	if (c->index >= 0)
		vc_f_attr_i(b, "index", c->index);
	vc_f_attr_enum(b, "model", vc_ctrl_model_names(c->type), c->model);
	if (c->has_ports)
		vc_f_attr_u(b, "ports", c->ports);
	if (c->has_vectors)
		vc_f_attr_u(b, "vectors", c->vectors);
	if (c->has_max_grant_frames)
		vc_f_attr_u(b, "maxGrantFrames", c->max_grant_frames);
	if (c->has_max_event_channels)
		vc_f_attr_u(b, "maxEventChannels", c->max_event_channels);
	if (!kids.len) {
		vc_buf_free(&kids);
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_buf_add(b, kids.s, kids.len);
	vc_buf_free(&kids);
	vc_f_end(b, lvl, "controller");
}

/* ---- rules across devices ---- */

/* libvirt keeps controllers of one type together (types in the order
 * they first appear), sorted by index, a master before its companions;
 * a stable sort gives the order inserting them one by one would */
struct ctrl_key {
	struct vc_controller *c;
	int tpos;
	size_t pos;
};

/* a USB controller that shares its master's bus: it goes after the master */
static int
usb_companion(const struct vc_controller *c)
{
	return c->type == VC_CTRL_USB &&
	    (c->info.has_master || strncmp(vc_ctrl_model_usb_names[c->model], "ich9-uhci", 9) == 0);
}

static int
ctrl_key_cmp(const void *pa, const void *pb)
{
	const struct ctrl_key *a = pa, *b = pb;

	if (a->tpos != b->tpos)
		return a->tpos < b->tpos ? -1 : 1;
	if (a->c->index != b->c->index)
		return a->c->index < b->c->index ? -1 : 1;
	if (usb_companion(a->c) != usb_companion(b->c))
		return usb_companion(a->c) ? 1 : -1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

void
vc_ctrl_sort(struct vc_domain *d)
{
	size_t n = d->ndev[VC_DEV_CONTROLLER], i;
	int tpos[VC_CTRL_NVME + 1], next = 0;
	struct ctrl_key *k;

	if (n < 2)
		return;
	for (i = 0; i < VC_NELEM(tpos); i++)
		tpos[i] = -1;
	k = vc_calloc(n, sizeof(*k));
	for (i = 0; i < n; i++) {
		k[i].c = d->dev[VC_DEV_CONTROLLER][i];
		k[i].pos = i;
		if (tpos[k[i].c->type] < 0)
			tpos[k[i].c->type] = next++;
		k[i].tpos = tpos[k[i].c->type];
	}
	qsort(k, n, sizeof(*k), ctrl_key_cmp);
	for (i = 0; i < n; i++)
		d->dev[VC_DEV_CONTROLLER][i] = k[i].c;
	free(k);
}

static int
uint_cmp(const void *pa, const void *pb)
{
	unsigned a = *(const unsigned *)pa, b = *(const unsigned *)pb;

	return a < b ? -1 : a > b;
}

/* add a controller of this type for each index in want[] (sorted) that
 * has none.  As libvirt does, every index below the highest one used gets
 * one too while that is below VC_CTRL_FILL; past it only the controllers
 * used are added, so a hostile index costs one controller, not 65536 */
#define VC_CTRL_FILL 32
static void
ctrl_add_used(struct vc_domain *d, int type, unsigned *want, size_t nwant, unsigned max)
{
	size_t n = d->ndev[VC_DEV_CONTROLLER], nhave = 0, i, j = 0;
	unsigned *have = vc_calloc(n + 1, sizeof(*have));

	if (nwant) {
		/* want[] has room for VC_CTRL_FILL more */
		for (i = 0; max < VC_CTRL_FILL && i < max; i++)
			want[nwant++] = (unsigned)i;
		qsort(want, nwant, sizeof(*want), uint_cmp);
	}

	for (i = 0; i < n; i++) {
		const struct vc_controller *k = d->dev[VC_DEV_CONTROLLER][i];

		if (k->type == type && k->index >= 0)
			have[nhave++] = (unsigned)k->index;
	}
	qsort(have, nhave, sizeof(*have), uint_cmp);
	for (i = 0; i < nwant; i++) {
		struct vc_controller *c;

		if (i > 0 && want[i] == want[i - 1])
			continue;
		while (j < nhave && have[j] < want[i])
			j++;
		if (j < nhave && have[j] == want[i])
			continue;
		c = vc_calloc(1, sizeof(*c));
		c->type = type;
		c->index = (int)want[i];
		c->implicit = 1;
		VC_APPEND(d->dev[VC_DEV_CONTROLLER], d->ndev[VC_DEV_CONTROLLER], c);
	}
	free(have);
}

static int
drive_used(const struct vc_domain *d, int disk_bus, unsigned ctrl, unsigned bus,
           unsigned target, unsigned unit, const void *self)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];
		const struct vc_addr *a = &k->info.addr;

		if (k != self && k->bus == disk_bus && a->type == VC_ADDR_DRIVE &&
		    a->controller == ctrl && a->bus == bus && a->target == target && a->unit == unit)
			return 1;
	}
	if (disk_bus != VC_DISK_BUS_SCSI)
		return 0;
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];
		const struct vc_addr *a = &h->info.addr;

		if (h != self && h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_SCSI &&
		    a->type == VC_ADDR_DRIVE && a->controller == ctrl && a->bus == bus &&
		    a->target == target && a->unit == unit)
			return 2;
	}
	return 0;
}

static int
str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* the same host device given twice */
static int
hostdev_same_source(const struct vc_hostdev *a, const struct vc_hostdev *b)
{
	if (a->mode != b->mode || a->type != b->type)
		return 0;
	if (a->mode == VC_HOSTDEV_CAPS)
		return str_eq(a->cap_block, b->cap_block) || str_eq(a->cap_char, b->cap_char) ||
		    str_eq(a->cap_interface, b->cap_interface);
	switch (a->type) {
	case VC_HOSTDEV_PCI:
		return a->pci_domain == b->pci_domain && a->pci_bus == b->pci_bus &&
		    a->pci_slot == b->pci_slot && a->pci_function == b->pci_function;
	case VC_HOSTDEV_USB:
		if (a->has_usb_vendor && b->has_usb_vendor &&
		    (a->usb_vendor != b->usb_vendor || a->usb_product != b->usb_product))
			return 0;
		if (a->has_usb_address && b->has_usb_address)
			return a->usb_bus == b->usb_bus && a->usb_device == b->usb_device;
		return a->has_usb_vendor && b->has_usb_vendor &&
		    !a->has_usb_address && !b->has_usb_address;
	case VC_HOSTDEV_SCSI:
		if (a->scsi_protocol != b->scsi_protocol)
			return 0;
		if (a->scsi_protocol)
			return str_eq(a->iscsi_name, b->iscsi_name);
		return str_eq(a->scsi_adapter, b->scsi_adapter) && a->scsi_bus == b->scsi_bus &&
		    a->scsi_target == b->scsi_target && a->scsi_unit == b->scsi_unit;
	case VC_HOSTDEV_SCSI_HOST:
		return str_eq(a->wwpn, b->wwpn);
	case VC_HOSTDEV_MDEV:
		return str_eq(a->mdev_uuid, b->mdev_uuid);
	}
	return 0;
}

/* next free unit on bus 0 target 0 of a (narrow, 7 unit) SCSI controller */
static int
scsi_next_unit(const struct vc_domain *d, unsigned ctrl)
{
	unsigned u;

	for (u = 0; u < 7; u++)
		if (!drive_used(d, VC_DISK_BUS_SCSI, ctrl, 0, 0, u, NULL))
			return (int)u;
	return -1;
}

int
vc_devs_storage_postparse(struct vc_domain *d)
{
	void **old = d->dev[VC_DEV_CONTROLLER];
	size_t n = d->ndev[VC_DEV_CONTROLLER], i, j, nwant;
	int usb_none = 0, usb_other = 0, u, last_usb = -1;
	unsigned *want;
	static const int disk_ctrl[][2] = {
		{ VC_DISK_BUS_SCSI, VC_CTRL_SCSI }, { VC_DISK_BUS_FDC, VC_CTRL_FDC },
		{ VC_DISK_BUS_IDE, VC_CTRL_IDE }, { VC_DISK_BUS_SATA, VC_CTRL_SATA },
	};
	/* a controller without an index takes the lowest one free among those
	 * before it; that lowest index only grows, and is below n */
	unsigned char *seen[VC_CTRL_NVME + 1] = { 0 };
	size_t low[VC_CTRL_NVME + 1] = { 0 };

	if (d->ndev[VC_DEV_REDIRFILTER] > 1)
		return vc_err("only one set of redirect filter rules (<redirfilter>) is supported");
	for (i = 0; i < n; i++) {
		struct vc_controller *c = old[i];

		if (c->type == VC_CTRL_USB && c->model &&
		    strcmp(vc_ctrl_model_usb_names[c->model], "none") == 0) {
			if (usb_other)
				goto usb_err;
			usb_none = 1;
		} else if (c->type == VC_CTRL_USB) {
			if (usb_none)
				goto usb_err;
			usb_other = 1;
		}
		if (!seen[c->type])
			seen[c->type] = vc_calloc(n + 1, 1);
		/* a USB companion without an index shares its master's: the USB
		 * controller before it (virt-install writes them so) */
		if (c->index < 0 && c->type == VC_CTRL_USB && c->info.has_master && last_usb >= 0)
			c->index = last_usb;
		if (c->index < 0) {
			while (seen[c->type][low[c->type]])
				low[c->type]++;
			c->index = (int)low[c->type];
		}
		if (c->type == VC_CTRL_USB)
			last_usb = c->index;
		if ((size_t)c->index <= n)
			seen[c->type][c->index] = 1;
	}
	for (i = 0; i < VC_NELEM(seen); i++)
		free(seen[i]);
	vc_ctrl_sort(d);

	/* disks named by target get their address at parse; check it is free */
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];
		const struct vc_addr *a = &k->info.addr;

		if (k->addr_auto && k->bus == VC_DISK_BUS_SCSI &&
		    drive_used(d, VC_DISK_BUS_SCSI, a->controller, a->bus, a->target, a->unit, k) == 2)
			return vc_err("using disk target name '%s' conflicts with SCSI host device "
			              "address controller='%u' bus='%u' target='%u' unit='%u'",
			              k->target_dev, a->controller, a->bus, a->target, a->unit);
		if (a->type == VC_ADDR_DRIVE && a->controller > 0x7fffffff)
			return vc_err("disk '%s': drive address controller %u out of range 0-2147483647",
			              k->target_dev, a->controller);
	}
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];
		const struct vc_addr *a = &h->info.addr;

		for (j = 0; j < i; j++)
			if (hostdev_same_source(h, d->dev[VC_DEV_HOSTDEV][j]))
				return vc_err("Hostdev already exists in the domain configuration");
		if (h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_SCSI &&
		    a->type == VC_ADDR_DRIVE &&
		    drive_used(d, VC_DISK_BUS_SCSI, a->controller, a->bus, a->target, a->unit, h) == 2)
			return vc_err("SCSI host address controller='%u' bus='%u' target='%u' unit='%u' "
			              "in use by another SCSI host device",
			              a->controller, a->bus, a->target, a->unit);
		if (a->type == VC_ADDR_DRIVE && a->controller > 0x7fffffff)
			return vc_err("hostdev: drive address controller %u out of range 0-2147483647",
			              a->controller);
	}
	/* SCSI hostdevs without an address take the next free unit */
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];
		struct vc_addr *a = &h->info.addr;
		unsigned ctrl = 0;

		if (h->mode != VC_HOSTDEV_SUBSYS || h->type != VC_HOSTDEV_SCSI ||
		    a->type != VC_ADDR_NONE)
			continue;
		while ((u = scsi_next_unit(d, ctrl)) < 0)
			ctrl++;
		a->type = VC_ADDR_DRIVE;
		a->controller = ctrl;
		a->unit = (unsigned)u;
		a->has_controller = a->has_bus = a->has_target = a->has_unit = 1;
	}
	/* the controllers the disks and SCSI hostdevs sit on */
	want = vc_calloc(d->ndev[VC_DEV_DISK] + d->ndev[VC_DEV_HOSTDEV] + VC_CTRL_FILL + 1,
	                 sizeof(*want));
	for (j = 0; j < VC_NELEM(disk_ctrl); j++) {
		nwant = 0;
		for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
			const struct vc_disk *k = d->dev[VC_DEV_DISK][i];

			if (k->bus == disk_ctrl[j][0] && k->info.addr.type == VC_ADDR_DRIVE)
				want[nwant++] = k->info.addr.controller;
		}
		if (disk_ctrl[j][1] == VC_CTRL_SCSI)
			for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
				const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

				if (h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_SCSI &&
				    h->info.addr.type == VC_ADDR_DRIVE)
					want[nwant++] = h->info.addr.controller;
			}
		qsort(want, nwant, sizeof(*want), uint_cmp);
		ctrl_add_used(d, disk_ctrl[j][1], want, nwant, nwant ? want[nwant - 1] : 0);
	}
	free(want);
	/* virtio channels and consoles sit on a virtio-serial controller */
	want = vc_calloc(d->ndev[VC_DEV_CHANNEL] + d->ndev[VC_DEV_CONSOLE] + VC_CTRL_FILL + 1,
	                 sizeof(*want));
	nwant = 0;
	for (j = 0; j < 2; j++) {
		int kind = j ? VC_DEV_CONSOLE : VC_DEV_CHANNEL;
		int virtio = j ? VC_CONSOLE_TGT_VIRTIO : VC_CHANNEL_TGT_VIRTIO;

		for (i = 0; i < d->ndev[kind]; i++) {
			const struct vc_dev_chr *c = d->dev[kind][i];

			if (c->target_type != virtio)
				continue;
			want[nwant++] = c->info.addr.type == VC_ADDR_VIRTIO_SERIAL
			    ? c->info.addr.controller : 0;
		}
	}
	qsort(want, nwant, sizeof(*want), uint_cmp);
	ctrl_add_used(d, VC_CTRL_VIRTIO_SERIAL, want, nwant, nwant ? want[nwant - 1] : 0);
	free(want);
	vc_ctrl_sort(d);
	return 0;
usb_err:
	for (i = 0; i < VC_NELEM(seen); i++)
		free(seen[i]);
	return vc_err("Can't add another USB controller: USB is disabled for this domain");
}
