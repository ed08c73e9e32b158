/* postparse.c: what a define on the qemu driver fills in, as libvirt's
 * QEMU driver does, so the guest sees the same hardware on every boot:
 * emulator, machine, cpu, implicit controllers, default devices, and a
 * PCI address for every device that takes one (kept once stored) */
#include <stdlib.h>
#include <string.h>
#include "driver/qemu/qemu.h"
#include "conf/devs_storage.h"
#include "conf/devs_misc.h"
#include "conf/dev_net.h"
#include "conf/sections.h"
#include "conf/device.h"

/* the same device, its address aside: their XML without it is equal */
static int
vc_dev_same(int kind, void *a, void *b)
{
	struct vc_addr *pa = vc_device_addr(kind, a), *pb = vc_device_addr(kind, b), sa, sb;
	struct vc_buf x = { 0 }, y = { 0 };
	int r;

	sa = *pa;
	sb = *pb;
	memset(pa, 0, sizeof(*pa));
	memset(pb, 0, sizeof(*pb));
	vc_devtypes[kind].format(&x, 0, a, kind);
	vc_devtypes[kind].format(&y, 0, b, kind);
	*pa = sa;
	*pb = sb;
	r = x.len == y.len && (x.len == 0 || memcmp(x.s, y.s, x.len) == 0);
	vc_buf_free(&x);
	vc_buf_free(&y);
	return r;
}

/* what needs what from a bus */
enum { NEED_PCI = 1, NEED_PCIE = 2 };

struct bus {
	struct vc_controller *c;      /* NULL for the root */
	int idx, model;
	int minslot, maxslot;
	unsigned char fn[32];         /* functions in use, per slot */
};

struct pa {
	struct vc_domain *d;
	int q35;
	struct bus *b;
	size_t nb;
	int rp_added;                 /* pcie-root-ports added here */
	int hot;                      /* a running guest: no bus can be added */
	int bridging;                 /* placing a bridge: none more for it */
	int dry, dry_bridges;         /* counting: bridges added without a slot */
	unsigned char rp[32];         /* slots of bus 0 holding root ports */
};

static struct bus *
bus_find(struct pa *p, unsigned idx)
{
	size_t i;

	for (i = 0; i < p->nb; i++)
		if ((unsigned)p->b[i].idx == idx)
			return &p->b[i];
	return NULL;
}

static void
bus_limits(struct bus *b)
{
	switch (b->model) {
	case VC_PCIE_ROOT_PORT:
	case VC_PCIE_SWITCH_DOWNSTREAM:
	case VC_PCIE_SWITCH_UPSTREAM:
		b->minslot = b->maxslot = 0;
		break;
	case VC_PCIE_EXPANDER_BUS:
	case VC_PCI_EXPANDER_BUS:
		b->minslot = 0;
		b->maxslot = 31;
		break;
	case VC_PCI_DMI_TO_PCI_BRIDGE:
		b->minslot = 0;
		b->maxslot = 31;
		break;
	default:
		b->minslot = 1;
		b->maxslot = 31;
	}
	if (b->model == VC_PCIE_SWITCH_UPSTREAM)
		b->maxslot = 31;
}

static void
bus_add(struct pa *p, struct vc_controller *c)
{
	struct bus *b;

	p->b = vc_realloc(p->b, (p->nb + 1) * sizeof(*p->b));
	b = &p->b[p->nb++];
	memset(b, 0, sizeof(*b));
	b->c = c;
	b->idx = c->index;
	b->model = c->model;
	bus_limits(b);
}

/* which buses take a device needing what: auto placement only */
static int
bus_takes(const struct pa *p, const struct bus *b, int need)
{
	if (!p->q35)
		return b->model == VC_PCI_ROOT || b->model == VC_PCI_BRIDGE ||
		    b->model == VC_PCI_EXPANDER_BUS;
	if (need == NEED_PCIE)
		return b->model == VC_PCIE_ROOT_PORT || b->model == VC_PCIE_SWITCH_DOWNSTREAM;
	return b->model == VC_PCI_BRIDGE || b->model == VC_PCIE_TO_PCI_BRIDGE;
}

static int
addr_is_pci(const struct vc_addr *a)
{
	return a->type == VC_ADDR_PCI;
}

static void
addr_set(struct vc_addr *a, unsigned bus, unsigned slot, unsigned fn)
{
	memset(a, 0, sizeof(*a));
	a->type = VC_ADDR_PCI;
	a->bus = bus;
	a->slot = slot;
	a->function = fn;
	a->has_domain = a->has_bus = a->has_slot = a->has_function = 1;
}

/* a user's address: the bus must exist and the function be free */
static int
reserve(struct pa *p, struct vc_addr *a)
{
	struct bus *b;

	if (a->domain != 0)
		return 0;
	if (!(b = bus_find(p, a->bus)))
		return vc_err("PCI address 0000:%02x:%02x.%x: no PCI controller with index %u",
		              a->bus, a->slot, a->function, a->bus);
	if (a->slot > 31 || a->function > 7)
		return vc_err("PCI address 0000:%02x:%02x.%x out of range", a->bus, a->slot, a->function);
	if ((int)a->slot < b->minslot || (int)a->slot > b->maxslot)
		return vc_err("PCI address 0000:%02x:%02x.%x: slot %u is not usable on "
		              "PCI controller %u (slots %d-%d)", a->bus, a->slot, a->function,
		              a->slot, a->bus, b->minslot, b->maxslot);
	if (b->fn[a->slot] & (1u << a->function))
		return vc_err("Attempted double use of PCI Address 0000:%02x:%02x.%x",
		              a->bus, a->slot, a->function);
	b->fn[a->slot] |= (unsigned char)(1u << a->function);
	return 0;
}

static int next_free(struct pa *p, int need, struct vc_addr *a);

static int
ctrl_next_index(const struct vc_domain *d, int type)
{
	size_t i;
	int max = -1;

	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];

		if (c->type == type && c->index > max)
			max = c->index;
	}
	return max + 1;
}

/* a new controller goes after the last one of its type, as libvirt
 * keeps them, else at the end */
static void
ctrl_insert(struct vc_domain *d, struct vc_controller *c)
{
	size_t n = d->ndev[VC_DEV_CONTROLLER], at = n, i;
	void **v;

	for (i = n; i-- > 0;)
		if (((struct vc_controller *)d->dev[VC_DEV_CONTROLLER][i])->type == c->type) {
			at = i + 1;
			break;
		}
	VC_APPEND(d->dev[VC_DEV_CONTROLLER], d->ndev[VC_DEV_CONTROLLER], c);
	v = d->dev[VC_DEV_CONTROLLER];
	memmove(v + at + 1, v + at, (n - at) * sizeof(*v));
	v[at] = c;
}

static struct vc_controller *
ctrl_new(struct vc_domain *d, int type, int model)
{
	struct vc_controller *c = vc_calloc(1, sizeof(*c));

	c->type = type;
	c->model = model;
	c->index = ctrl_next_index(d, type);
	ctrl_insert(d, c);
	return c;
}

/* a root port on pcie-root: the functions of one slot are filled in
 * turn, as libvirt aggregates them; a slot holding anything else is
 * not shared */
static int
rootport_place(struct pa *p, struct vc_addr *a)
{
	struct bus *r = bus_find(p, 0);
	int s, f;

	for (s = 1; s <= 31; s++) {
		if (r->fn[s] && !p->rp[s])
			continue;
		for (f = 0; f < 8; f++)
			if (!(r->fn[s] & (1 << f)))
				break;
		if (f == 8)
			continue;
		r->fn[s] |= (unsigned char)(1 << f);
		p->rp[s] = 1;
		addr_set(a, 0, (unsigned)s, (unsigned)f);
		return 0;
	}
	return vc_err("no free slot on pcie-root for another pcie-root-port");
}

static struct bus *
add_rootport(struct pa *p)
{
	struct vc_controller *c = ctrl_new(p->d, VC_CTRL_PCI, VC_PCIE_ROOT_PORT);

	if (rootport_place(p, &c->info.addr) < 0)
		return NULL;
	bus_add(p, c);
	p->rp_added++;
	return &p->b[p->nb - 1];
}

/* the next free slot for a device that needs what; buses are added when
 * all are full, as libvirt adds them */
static int
next_free(struct pa *p, int need, struct vc_addr *a)
{
	size_t i;
	int s, r;
	struct bus *b;
	struct vc_controller *c;

	if (!p->nb)
		return vc_err("No PCI buses available");
	for (i = 0; i < p->nb; i++) {
		b = &p->b[i];
		if (!bus_takes(p, b, need))
			continue;
		for (s = b->minslot; s <= b->maxslot; s++) {
			if (b->model == VC_PCI_ROOT && s == 1)
				continue;
			if (b->fn[s])
				continue;
			b->fn[s] = 1;
			addr_set(a, (unsigned)b->idx, (unsigned)s, 0);
			return 0;
		}
	}
	if (p->hot)
		return vc_err(p->q35 ? "no free pcie-root-port to plug the device into: a running "
		    "q35 guest takes hotplugged devices on spare root ports only (add "
		    "<controller type='pci' model='pcie-root-port'/> to its config, then restart it)"
		    : "no free hotpluggable slot on the guest's PCI buses");
	if (p->dry) {
		bus_add(p, ctrl_new(p->d, VC_CTRL_PCI, VC_PCI_BRIDGE));
		p->dry_bridges++;
		return next_free(p, need, a);
	}
	if (p->bridging)
		return vc_err("no free PCI slot left for another bridge");
	if (!p->q35) {
		/* a pci-bridge on the first free slot, then the device on it */
		c = ctrl_new(p->d, VC_CTRL_PCI, VC_PCI_BRIDGE);
		p->bridging = 1;
		r = next_free(p, NEED_PCI, &c->info.addr);
		p->bridging = 0;
		if (r < 0)
			return -1;
		bus_add(p, c);
		return next_free(p, need, a);
	}
	if (need == NEED_PCIE) {
		if (!(b = add_rootport(p)))
			return -1;
		b->fn[0] = 1;
		addr_set(a, (unsigned)b->idx, 0, 0);
		return 0;
	}
	c = ctrl_new(p->d, VC_CTRL_PCI, VC_PCIE_TO_PCI_BRIDGE);
	if (next_free(p, NEED_PCIE, &c->info.addr) < 0)
		return -1;
	bus_add(p, c);
	return next_free(p, need, a);
}

static int
place(struct pa *p, struct vc_addr *a, int need)
{
	if (a->type != VC_ADDR_NONE)
		return 0;
	return next_free(p, need, a);
}

static int
virtio_need(const struct pa *p, int transitional)
{
	return p->q35 && !transitional ? NEED_PCIE : NEED_PCI;
}

/* model names are per table: virtio-transitional has PCI, not PCIe, form */
static int
is_trans(const char *const *names, int model)
{
	return model > 0 && strcmp(names[model], "virtio-transitional") == 0;
}

static const char *
usb_model(int m)
{
	return m > 0 ? vc_ctrl_model_usb_names[m] : "";
}

/* a USB2 controller's function when it shares its master's slot */
static int
usb_companion_fn(int m)
{
	const char *s = usb_model(m);

	if (strcmp(s, "ich9-ehci1") == 0) return 7;
	if (strcmp(s, "ich9-uhci1") == 0) return 0;
	if (strcmp(s, "ich9-uhci2") == 0) return 1;
	if (strcmp(s, "ich9-uhci3") == 0) return 2;
	return -1;
}

static int
usb_need(const struct pa *p, int m)
{
	const char *s = usb_model(m);

	return p->q35 && (strcmp(s, "nec-xhci") == 0 || strcmp(s, "qemu-xhci") == 0)
	    ? NEED_PCIE : NEED_PCI;
}

static int
assign_usb(struct pa *p, struct vc_controller *c)
{
	struct vc_domain *d = p->d;
	size_t i;
	int fn = usb_companion_fn(c->model);
	struct bus *b;

	if (c->info.addr.type != VC_ADDR_NONE || strcmp(usb_model(c->model), "none") == 0 ||
	    strncmp(usb_model(c->model), "qusb", 4) == 0)
		return 0;
	if (fn < 0)
		return place(p, &c->info.addr, usb_need(p, c->model));
	/* the slot of another controller of this index, else a new one */
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *o = d->dev[VC_DEV_CONTROLLER][i];

		if (o == c || o->type != VC_CTRL_USB || o->index != c->index ||
		    !addr_is_pci(&o->info.addr) || usb_companion_fn(o->model) < 0)
			continue;
		addr_set(&c->info.addr, o->info.addr.bus, o->info.addr.slot, (unsigned)fn);
		if (fn == 0)
			c->info.addr.multifunction = VC_TRI_YES;
		if ((b = bus_find(p, o->info.addr.bus)))
			b->fn[o->info.addr.slot] |= (unsigned char)(1 << fn);
		return 0;
	}
	if (next_free(p, NEED_PCI, &c->info.addr) < 0)
		return -1;
	b = bus_find(p, c->info.addr.bus);
	b->fn[c->info.addr.slot] = (unsigned char)(1 << fn);
	c->info.addr.function = (unsigned)fn;
	if (fn == 0)
		c->info.addr.multifunction = VC_TRI_YES;
	return 0;
}

static int
iface_need(const struct pa *p, const struct vc_iface *i)
{
	if (!p->q35)
		return NEED_PCI;
	if (!i->model || strcmp(i->model, "virtio") == 0 ||
	    strcmp(i->model, "virtio-non-transitional") == 0 || strcmp(i->model, "e1000e") == 0 ||
	    strcmp(i->model, "vmxnet3") == 0 || strcmp(i->model, "igb") == 0)
		return NEED_PCIE;
	return NEED_PCI;
}

static int
iface_on_pci(const struct vc_iface *i)
{
	return !i->model || (strcmp(i->model, "usb-net") != 0 &&
	    strcmp(i->model, "spapr-vlan") != 0 && strcmp(i->model, "lan9118") != 0 &&
	    strcmp(i->model, "smc91c111") != 0);
}

/* the devices in libvirt's order of PCI assignment */
static int
assign_all(struct pa *p)
{
	struct vc_domain *d = p->d;
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];

		if (c->type != VC_CTRL_PCI || c->model == VC_PCI_ROOT || c->model == VC_PCIE_ROOT ||
		    c->info.addr.type != VC_ADDR_NONE)
			continue;
		switch (c->model) {
		case VC_PCIE_ROOT_PORT:
			if (rootport_place(p, &c->info.addr) < 0)
				return -1;
			break;
		case VC_PCI_DMI_TO_PCI_BRIDGE: {
			struct bus *r = bus_find(p, 0);

			if (r && !r->fn[0x1e]) {
				r->fn[0x1e] = 1;
				addr_set(&c->info.addr, 0, 0x1e, 0);
			} else if (next_free(p, NEED_PCIE, &c->info.addr) < 0)
				return -1;
			break;
		}
		case VC_PCI_BRIDGE:
			if (p->q35) {
				/* a bridge sits on a conventional bus: the dmi-to-pci-bridge */
				size_t j;
				int done = 0;

				for (j = 0; j < p->nb && !done; j++) {
					struct bus *b = &p->b[j];
					int s;

					if (b->model != VC_PCI_DMI_TO_PCI_BRIDGE &&
					    b->model != VC_PCIE_TO_PCI_BRIDGE && b->model != VC_PCI_BRIDGE)
						continue;
					if (b->c == c)
						continue;
					for (s = b->minslot; s <= b->maxslot && !done; s++)
						if (!b->fn[s]) {
							b->fn[s] = 1;
							addr_set(&c->info.addr, (unsigned)b->idx, (unsigned)s, 0);
							done = 1;
						}
				}
				if (!done && next_free(p, NEED_PCI, &c->info.addr) < 0)
					return -1;
			} else if (next_free(p, NEED_PCI, &c->info.addr) < 0)
				return -1;
			break;
		case VC_PCIE_SWITCH_DOWNSTREAM: {
			size_t j;
			int done = 0;

			for (j = 0; j < p->nb && !done; j++) {
				struct bus *b = &p->b[j];
				int s;

				if (b->model != VC_PCIE_SWITCH_UPSTREAM)
					continue;
				for (s = 0; s <= 31 && !done; s++)
					if (!b->fn[s]) {
						b->fn[s] = 1;
						addr_set(&c->info.addr, (unsigned)b->idx, (unsigned)s, 0);
						done = 1;
					}
			}
			if (!done)
				return vc_err("pcie-switch-downstream-port %d: no pcie-switch-upstream-port "
				              "with a free slot", c->index);
			break;
		}
		default:
			if (next_free(p, p->q35 ? NEED_PCIE : NEED_PCI, &c->info.addr) < 0)
				return -1;
		}
	}
	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++) {
		struct vc_filesystem *f = d->dev[VC_DEV_FILESYSTEM][i];

		if (f->driver_type > 0 && strcmp(vc_fs_driver_names[f->driver_type], "mtp") == 0)
			continue;
		if (place(p, &f->info.addr, virtio_need(p, f->model == 2)) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		struct vc_iface *n = d->dev[VC_DEV_INTERFACE][i];

		if (n->type == VC_IFACE_HOSTDEV || !iface_on_pci(n))
			continue;
		if (place(p, &n->addr, iface_need(p, n)) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_SOUND]; i++) {
		struct vc_dev_sound *s = d->dev[VC_DEV_SOUND][i];
		const char *m = s->model > 0 ? vc_sound_model_names[s->model] : "";

		if (strcmp(m, "es1370") && strcmp(m, "ac97") && strcmp(m, "ich6") &&
		    strcmp(m, "ich9") && strcmp(m, "ich7") && strcmp(m, "virtio"))
			continue;
		if (place(p, &s->info.addr, strcmp(m, "virtio") == 0 ? virtio_need(p, 0) : NEED_PCI) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];
		const char *const *mn = vc_ctrl_model_names(c->type);

		switch (c->type) {
		case VC_CTRL_USB:
			if (assign_usb(p, c) < 0)
				return -1;
			break;
		case VC_CTRL_VIRTIO_SERIAL:
			if (place(p, &c->info.addr, virtio_need(p, is_trans(mn, c->model))) < 0)
				return -1;
			break;
		case VC_CTRL_SCSI: {
			const char *m = c->model > 0 ? mn[c->model] : "";

			if (strcmp(m, "ibmvscsi") == 0 || strcmp(m, "ncr53c90") == 0)
				break;
			if (place(p, &c->info.addr, strncmp(m, "virtio", 6) == 0
			    ? virtio_need(p, is_trans(mn, c->model)) : NEED_PCI) < 0)
				return -1;
			break;
		}
		case VC_CTRL_SATA:
		case VC_CTRL_NVME:
			if (place(p, &c->info.addr, p->q35 ? NEED_PCIE : NEED_PCI) < 0)
				return -1;
			break;
		case VC_CTRL_IDE:
			if (!p->q35 && c->index == 0)
				break;
			if (place(p, &c->info.addr, NEED_PCI) < 0)
				return -1;
			break;
		}
	}
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		struct vc_disk *k = d->dev[VC_DEV_DISK][i];

		if (k->bus != VC_DISK_BUS_VIRTIO || k->info.addr.type == VC_ADDR_CCW)
			continue;
		if (place(p, &k->info.addr, virtio_need(p, is_trans(vc_disk_model_names, k->model))) < 0)
			return -1;
	}
	/* interfaces of type hostdev come first among the host devices */
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		struct vc_iface *n = d->dev[VC_DEV_INTERFACE][i];

		if (n->type == VC_IFACE_HOSTDEV && n->hostdev_src.type != VC_ADDR_USB &&
		    place(p, &n->addr, p->q35 ? NEED_PCIE : NEED_PCI) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

		if (h->mode != VC_HOSTDEV_SUBSYS)
			continue;
		if (h->type != VC_HOSTDEV_PCI && h->type != VC_HOSTDEV_SCSI_HOST &&
		    !(h->type == VC_HOSTDEV_MDEV && h->model == 1))
			continue;
		if (place(p, &h->info.addr, p->q35 ? NEED_PCIE : NEED_PCI) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_MEMBALLOON]; i++) {
		struct vc_dev_memballoon *m = d->dev[VC_DEV_MEMBALLOON][i];
		const char *s = m->model > 0 ? vc_memballoon_model_names[m->model] : "";

		if (strncmp(s, "virtio", 6) == 0 &&
		    place(p, &m->info.addr, virtio_need(p, is_trans(vc_memballoon_model_names, m->model))) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_RNG]; i++) {
		struct vc_dev_rng *r = d->dev[VC_DEV_RNG][i];

		if (place(p, &r->info.addr, virtio_need(p, is_trans(vc_rng_model_names, r->model))) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_WATCHDOG]; i++) {
		struct vc_dev_watchdog *w = d->dev[VC_DEV_WATCHDOG][i];

		if (w->model == 1 && place(p, &w->info.addr, NEED_PCI) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_VIDEO]; i++) {
		struct vc_dev_video *v = d->dev[VC_DEV_VIDEO][i];

		if (v->type == VC_VIDEO_NONE || v->type == VC_VIDEO_RAMFB)
			continue;
		if (place(p, &v->info.addr, v->type == VC_VIDEO_VIRTIO ? virtio_need(p, 0) : NEED_PCI) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_INPUT]; i++) {
		struct vc_dev_input *in = d->dev[VC_DEV_INPUT][i];

		if (in->bus == VC_INPUT_BUS_VIRTIO &&
		    place(p, &in->info.addr, virtio_need(p, is_trans(vc_input_model_names, in->model))) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_SERIAL]; i++) {
		struct vc_dev_chr *c = d->dev[VC_DEV_SERIAL][i];

		if (c->target_type == VC_SERIAL_TGT_PCI && place(p, &c->info.addr, NEED_PCI) < 0)
			return -1;
	}
	return 0;
}

/* every user address, checked and reserved, before any is picked */
static int
reserve_all(struct pa *p)
{
	struct vc_domain *d = p->d;
	size_t k, i;

	for (k = 0; k < VC_DEV_LAST; k++)
		for (i = 0; i < d->ndev[k]; i++) {
			struct vc_addr *a = vc_device_addr((int)k, d->dev[k][i]);

			/* the first console on a serial target is serial 0 itself */
			if (k == VC_DEV_CONSOLE && i == 0 && d->ndev[VC_DEV_SERIAL] &&
			    ((struct vc_dev_chr *)d->dev[k][i])->target_type == VC_CONSOLE_TGT_SERIAL)
				continue;
			if (a && addr_is_pci(a) && reserve(p, a) < 0)
				return -1;
		}
	return 0;
}

/* the built-in devices' fixed slots: PIIX3 on pc, ICH9 on q35, the
 * primary video */
static void
reserve_fixed(struct pa *p)
{
	struct vc_domain *d = p->d;
	struct bus *r = bus_find(p, 0);
	size_t i, u;

	if (!r)
		return;
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];

		if (c->info.addr.type != VC_ADDR_NONE || c->index != 0)
			continue;
		if (!p->q35 && c->type == VC_CTRL_IDE && !(r->fn[1] & 2)) {
			addr_set(&c->info.addr, 0, 1, 1);
			r->fn[1] |= 2;
		} else if (!p->q35 && c->type == VC_CTRL_USB && !(r->fn[1] & 4) &&
		           strcmp(usb_model(c->model), "piix3-uhci") == 0) {
			addr_set(&c->info.addr, 0, 1, 2);
			r->fn[1] |= 4;
		} else if (p->q35 && c->type == VC_CTRL_SATA && !(r->fn[0x1f] & 4)) {
			addr_set(&c->info.addr, 0, 0x1f, 2);
			r->fn[0x1f] |= 4;
		}
	}
	/* q35's USB2 controllers of index 0 and 1 sit where ICH9 has them,
	 * 00:1d and 00:1a */
	for (u = 0; p->q35 && u < 2; u++) {
		unsigned slot = u ? 0x1a : 0x1d;

		if (r->fn[slot])
			continue;
		for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
			struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];
			int fn = usb_companion_fn(c->model);

			if (c->type != VC_CTRL_USB || c->index != (int)u || fn < 0 ||
			    c->info.addr.type != VC_ADDR_NONE || (r->fn[slot] & (1 << fn)))
				continue;
			addr_set(&c->info.addr, 0, slot, (unsigned)fn);
			if (fn == 0)
				c->info.addr.multifunction = VC_TRI_YES;
			r->fn[slot] |= (unsigned char)(1 << fn);
		}
	}
	/* ICH9's own HD audio sits at 00:1b on q35 */
	for (i = 0; p->q35 && !r->fn[0x1b] && i < d->ndev[VC_DEV_SOUND]; i++) {
		struct vc_dev_sound *snd = d->dev[VC_DEV_SOUND][i];

		if (snd->info.addr.type == VC_ADDR_NONE &&
		    strcmp(vc_sound_model_names[snd->model], "ich9") == 0) {
			addr_set(&snd->info.addr, 0, 0x1b, 0);
			r->fn[0x1b] = 1;
		}
	}
	if (p->q35)
		r->fn[0x1f] |= 1 | 8;       /* LPC, SMBus */
	else
		r->fn[1] |= 1 | 8;          /* ISA bridge, ACPI */
	if (d->ndev[VC_DEV_VIDEO]) {
		struct vc_dev_video *v = d->dev[VC_DEV_VIDEO][0];
		unsigned s = p->q35 ? 1 : 2;

		if (v->info.addr.type == VC_ADDR_NONE && v->type != VC_VIDEO_NONE &&
		    v->type != VC_VIDEO_RAMFB && !r->fn[s]) {
			addr_set(&v->info.addr, 0, s, 0);
			r->fn[s] = 1;
		}
	}
}

/* an expander bus without a busNr takes two below the lowest one given
 * (256 when none is): its own bus and its built-in bridge's, as libvirt
 * numbers them; none is given when the numbers run out */
static void
expander_busnr(const struct vc_domain *d, struct vc_controller *c)
{
	unsigned low = 256;
	size_t i;

	if (c->has_bus_nr)
		return;
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *o = d->dev[VC_DEV_CONTROLLER][i];

		if (o->type == VC_CTRL_PCI && o->has_bus_nr && o->bus_nr < low)
			low = o->bus_nr;
	}
	if (low <= 2)
		return;
	c->bus_nr = low - 2;
	c->has_bus_nr = 1;
}

/* targets and model names of the PCI controllers; multifunction on the
 * first function of a slot of root ports */
static void
pci_ctrl_fill(struct pa *p)
{
	struct vc_domain *d = p->d;
	struct bus *r = bus_find(p, 0);
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];
		struct vc_addr *a = &c->info.addr;

		if (c->type != VC_CTRL_PCI)
			continue;
		switch (c->model) {
		case VC_PCIE_ROOT_PORT:
			if (!c->model_name)
				c->model_name = 8;   /* pcie-root-port */
			if (!c->has_chassis) {
				c->chassis = (unsigned)c->index;
				c->has_chassis = 1;
			}
			if (!c->has_port && addr_is_pci(a)) {
				c->port = a->slot << 3 | a->function;
				c->has_port = 1;
			}
			if (r && addr_is_pci(a) && a->bus == 0 && a->function == 0 &&
			    (r->fn[a->slot] & 0xfe) && !a->multifunction)
				a->multifunction = VC_TRI_YES;
			break;
		case VC_PCI_BRIDGE:
			if (!c->model_name)
				c->model_name = 1;
			if (!c->has_chassis_nr) {
				c->chassis_nr = (unsigned)c->index;
				c->has_chassis_nr = 1;
			}
			break;
		case VC_PCI_DMI_TO_PCI_BRIDGE:
			if (!c->model_name)
				c->model_name = 2;
			break;
		case VC_PCIE_SWITCH_UPSTREAM:
			if (!c->model_name)
				c->model_name = 4;
			break;
		case VC_PCIE_SWITCH_DOWNSTREAM:
			if (!c->model_name)
				c->model_name = 5;
			if (!c->has_chassis) {
				c->chassis = (unsigned)c->index;
				c->has_chassis = 1;
			}
			if (!c->has_port && addr_is_pci(a)) {
				c->port = a->slot;
				c->has_port = 1;
			}
			break;
		case VC_PCI_EXPANDER_BUS:
			if (!c->model_name)
				c->model_name = 6;
			expander_busnr(d, c);
			break;
		case VC_PCIE_EXPANDER_BUS:
			if (!c->model_name)
				c->model_name = 7;
			expander_busnr(d, c);
			break;
		case VC_PCIE_TO_PCI_BRIDGE:
			if (!c->model_name)
				c->model_name = 10;
			break;
		}
	}
}

/* a pc guest's device given an address on a bus it has no controller
 * for: pci-bridges up to that bus, as libvirt adds them */
static void
bridges_for_addrs(struct vc_domain *d)
{
	unsigned max = 0;
	size_t k, i;

	for (k = 0; k < VC_DEV_LAST; k++)
		for (i = 0; i < d->ndev[k]; i++) {
			const struct vc_addr *a = vc_device_addr((int)k, d->dev[k][i]);

			if (a && addr_is_pci(a) && a->domain == 0 && a->bus > max && a->bus < 256)
				max = a->bus;
		}
	while (max && ctrl_next_index(d, VC_CTRL_PCI) <= (int)max)
		ctrl_new(d, VC_CTRL_PCI, VC_PCI_BRIDGE);
}

/* <address type='pci'/> (all zero) asks for an address, as in libvirt */
static void
clear_empty(struct vc_domain *d)
{
	size_t k, i;

	for (k = 0; k < VC_DEV_LAST; k++)
		for (i = 0; i < d->ndev[k]; i++) {
			struct vc_addr *a = vc_device_addr((int)k, d->dev[k][i]);

			if (a && addr_is_pci(a) && !a->domain && !a->bus && !a->slot && !a->function)
				memset(a, 0, sizeof(*a));
		}
}

/* a device of the stored config at the same place keeps its address */
static void
keep_old(struct vc_domain *d, const struct vc_domain *old)
{
	size_t k, i;

	if (!old)
		return;
	for (k = 0; k < VC_DEV_LAST; k++) {
		if (k == VC_DEV_CONTROLLER)
			continue;
		for (i = 0; i < d->ndev[k] && i < old->ndev[k]; i++) {
			struct vc_addr *a = vc_device_addr((int)k, d->dev[k][i]);
			struct vc_addr *o = vc_device_addr((int)k, old->dev[k][i]);

			if (a && o && a->type == VC_ADDR_NONE && addr_is_pci(o) &&
			    vc_dev_same((int)k, d->dev[k][i], old->dev[k][i]))
				*a = *o;
		}
	}
}

/* one pass over the devices; 1: no pci-root/pcie-root, nothing to do */
static int
assign_pass(struct pa *p)
{
	struct vc_domain *d = p->d;
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];

		if (c->type == VC_CTRL_PCI)
			bus_add(p, c);
	}
	if (!bus_find(p, 0))
		return 1;
	if (reserve_all(p) < 0)
		return -1;
	reserve_fixed(p);
	return assign_all(p);
}

/* every address of the guest, to go back to after a counting pass */
struct saved {
	struct vc_addr *at, was;
};

static size_t
save_addrs(struct vc_domain *d, struct saved **out)
{
	size_t k, i, n = 0;
	struct vc_addr *a;

	*out = NULL;
	for (k = 0; k < VC_DEV_LAST; k++)
		for (i = 0; i < d->ndev[k]; i++)
			if ((a = vc_device_addr((int)k, d->dev[k][i]))) {
				*out = vc_realloc(*out, (n + 1) * sizeof(**out));
				(*out)[n].at = a;
				(*out)[n++].was = *a;
			}
	return n;
}

static int
pci_assign(struct vc_domain *d, const struct vc_domain *old, int q35, int hot)
{
	struct pa p = { .d = d, .q35 = q35, .hot = hot };
	struct saved *sv = NULL;
	size_t i, nsv = 0, nctrl;
	int r = -1, any_free, need;

	clear_empty(d);
	keep_old(d, old);
	if (!q35 && !hot)
		bridges_for_addrs(d);
	if (!q35 && !hot) {
		/* libvirt counts the pci-bridges a pc guest needs and adds them
		 * first, so they take the first free slots: a counting pass with
		 * bridges that take no slot, then back to the stored addresses */
		nsv = save_addrs(d, &sv);
		nctrl = d->ndev[VC_DEV_CONTROLLER];
		p.dry = 1;
		r = assign_pass(&p);
		need = p.dry_bridges;
		for (i = 0; i < nsv; i++)
			*sv[i].at = sv[i].was;
		free(sv);
		while (d->ndev[VC_DEV_CONTROLLER] > nctrl)
			vc_device_free(VC_DEV_CONTROLLER,
			    d->dev[VC_DEV_CONTROLLER][--d->ndev[VC_DEV_CONTROLLER]]);
		free(p.b);
		memset(&p, 0, sizeof(p));
		p.d = d;
		if (r)
			return r < 0 ? -1 : 0;
		while (need-- > 0)
			ctrl_new(d, VC_CTRL_PCI, VC_PCI_BRIDGE);
	}
	if ((r = assign_pass(&p)) != 0) {
		free(p.b);
		return r < 0 ? -1 : 0;
	}
	r = -1;
	/* a new q35 guest gets a spare root port for hotplug */
	if (q35 && p.rp_added) {
		any_free = 0;
		for (i = 0; i < p.nb; i++)
			if (p.b[i].model == VC_PCIE_ROOT_PORT && !p.b[i].fn[0])
				any_free = 1;
		if (!any_free && !add_rootport(&p))
			goto out;
	}
	pci_ctrl_fill(&p);
	r = 0;
out:
	free(p.b);
	return r;
}

static int
is_q35(const char *m)
{
	return m && (strcmp(m, "q35") == 0 || strncmp(m, "pc-q35", 6) == 0);
}

int
vc_qemu_pci_assign(struct vc_domain *d, const struct vc_domain *old, int q35)
{
	return pci_assign(d, old, q35, 0);
}

/* a device plugged into a running guest: the next free slot on the buses
 * it has (a spare root port on q35), every other address as it is */
int
vc_qemu_pci_assign_hot(struct vc_domain *d)
{
	struct vc_os *os = d->sect[VC_SECT_OS];

	return pci_assign(d, NULL, is_q35(os ? os->machine : NULL), 1);
}

/* ICH9 UHCI companions of an EHCI master of the same index take their
 * ports after one another: startport 0, 2, 4 */
static void
usb2_companions(struct vc_domain *d)
{
	size_t i, j;

	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];
		int fn = usb_companion_fn(c->model);

		if (c->type != VC_CTRL_USB || fn < 0 || fn > 2 || c->info.has_master)
			continue;
		for (j = 0; j < d->ndev[VC_DEV_CONTROLLER]; j++) {
			struct vc_controller *m = d->dev[VC_DEV_CONTROLLER][j];

			if (m->type == VC_CTRL_USB && m->index == c->index &&
			    usb_companion_fn(m->model) == 7) {
				c->info.has_master = 1;
				c->info.master_startport = (unsigned)fn * 2;
				break;
			}
		}
	}
}

/* a virtio channel without an address: the next free port of
 * virtio-serial controller 0, bus 0, from 1 (port 0 is for a console) */
static void
vserial_ports(struct vc_domain *d)
{
	unsigned char used[32] = { 1 };
	size_t i;
	unsigned p = 1;

	for (i = 0; i < d->ndev[VC_DEV_CHANNEL]; i++) {
		const struct vc_addr *a = &((struct vc_dev_chr *)d->dev[VC_DEV_CHANNEL][i])->info.addr;

		if (a->type == VC_ADDR_VIRTIO_SERIAL && a->controller == 0 && a->bus == 0 &&
		    a->port < 32)
			used[a->port] = 1;
	}
	for (i = 0; i < d->ndev[VC_DEV_CHANNEL]; i++) {
		struct vc_dev_chr *c = d->dev[VC_DEV_CHANNEL][i];
		struct vc_addr *a = &c->info.addr;

		if (c->target_type != VC_CHANNEL_TGT_VIRTIO || a->type != VC_ADDR_NONE)
			continue;
		while (p < 32 && used[p])
			p++;
		if (p == 32)
			return;
		memset(a, 0, sizeof(*a));
		a->type = VC_ADDR_VIRTIO_SERIAL;
		a->port = p;
		a->has_controller = a->has_bus = a->has_port = 1;
		used[p] = 1;
	}
}

/* libvirt's QEMU post-parse for x86 guests, then the PCI addresses */
int
vc_qemu_postparse(struct vc_conn *c, struct vc_domain *d, const struct vc_domain *old)
{
	struct vc_os *os = d->sect[VC_SECT_OS];
	struct vc_controller *k, **impl = NULL;
	size_t i, nimpl = 0, n;
	int q35, isapc, has_usb = 0, has_sata = 0, has_root = 0, scsi_model = 0, r;

	if (!os || !os->arch || (strcmp(os->arch, "x86_64") && strcmp(os->arch, "i686")))
		return 0;
	if (!d->emulator && !(d->emulator = vc_qemu_caps_emulator(c, d)))
		return -1;
	if (vc_qemu_caps_machine(c, d->emulator, &os->machine) < 0)
		return -1;
	q35 = is_q35(os->machine);
	isapc = os->machine && strcmp(os->machine, "isapc") == 0;
	if (vc_qemu_validate(d, q35) < 0) {
		vc_err_prefix("%s", d->name);
		return -1;
	}
	if (!d->sect[VC_SECT_CPU]) {
		struct vc_cpu *cpu = vc_calloc(1, sizeof(*cpu));

		cpu->mode = VC_CPU_MODE_CUSTOM;
		cpu->match = VC_CPU_MATCH_EXACT;
		cpu->check = VC_CPU_CHECK_NONE;
		cpu->model = vc_strdup("qemu64");
		cpu->has_model_elem = 1;
		cpu->fallback = VC_CPU_FALLBACK_FORBID;
		cpu->cache_level = -1;
		cpu->maxphysaddr_bits = -1;
		d->sect[VC_SECT_CPU] = cpu;
	} else {
		/* a <cpu> with topology or NUMA cells only: the default model */
		struct vc_cpu *cpu = d->sect[VC_SECT_CPU];

		if ((cpu->mode == VC_CPU_MODE_NONE || cpu->mode == VC_CPU_MODE_CUSTOM) &&
		    !cpu->model && !cpu->nfeatures) {
			cpu->mode = VC_CPU_MODE_CUSTOM;
			if (cpu->match == VC_CPU_MATCH_NONE)
				cpu->match = VC_CPU_MATCH_EXACT;
			if (cpu->check == VC_CPU_CHECK_NONE_SET)
				cpu->check = VC_CPU_CHECK_NONE;
			cpu->model = vc_strdup("qemu64");
			cpu->has_model_elem = 1;
			cpu->fallback = VC_CPU_FALLBACK_FORBID;
		}
	}
	/* what the CPU is checked against: TCG never compares a custom one
	 * with the host; a host model is checked in part */
	if (d->sect[VC_SECT_CPU]) {
		struct vc_cpu *cpu = d->sect[VC_SECT_CPU];

		if (cpu->check == VC_CPU_CHECK_NONE_SET) {
			if (cpu->mode == VC_CPU_MODE_HOST_PASSTHROUGH || cpu->mode == VC_CPU_MODE_MAXIMUM)
				cpu->check = VC_CPU_CHECK_NONE;
			else if (cpu->mode == VC_CPU_MODE_HOST_MODEL)
				cpu->check = VC_CPU_CHECK_PARTIAL;
			else if (cpu->mode == VC_CPU_MODE_CUSTOM && cpu->model)
				cpu->check = d->type == VC_VIRT_QEMU ? VC_CPU_CHECK_NONE
				    : VC_CPU_CHECK_PARTIAL;
		}
	}
	if (!d->sect[VC_SECT_CLOCK]) {
		struct vc_clock *cl = vc_calloc(1, sizeof(*cl));

		cl->offset = VC_CLOCK_UTC;
		d->sect[VC_SECT_CLOCK] = cl;
	}
	/* a vfio-pci mediated device shows no display unless asked */
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

		if (h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_MDEV &&
		    h->model == 1 /* vfio-pci */ && h->display == VC_TRI_ABSENT)
			h->display = VC_TRI_NO;
	}
	/* a NIC without a model is the machine's default one */
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		struct vc_iface *ifc = d->dev[VC_DEV_INTERFACE][i];

		if (!ifc->model && ifc->type != VC_IFACE_HOSTDEV && ifc->type != VC_IFACE_VDPA)
			ifc->model = vc_strdup("rtl8139");
	}
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		struct vc_disk *dk = d->dev[VC_DEV_DISK][i];

		if (dk->type == VC_DISK_TYPE_VHOSTUSER)
			continue;
		if (!dk->driver_name)
			dk->driver_name = vc_strdup("qemu");
		/* an empty CD-ROM tray too: its media will be raw */
		if (!dk->src.format &&
		    (dk->type == VC_DISK_TYPE_FILE || dk->type == VC_DISK_TYPE_BLOCK ||
		     (dk->type == VC_DISK_TYPE_NETWORK && dk->src.present)))
			dk->src.format = 1;   /* raw */
	}
	/* the controllers the disks needed come after the machine's own */
	n = d->ndev[VC_DEV_CONTROLLER];
	d->ndev[VC_DEV_CONTROLLER] = 0;
	for (i = 0; i < n; i++) {
		k = d->dev[VC_DEV_CONTROLLER][i];
		if (k->implicit)
			VC_APPEND(impl, nimpl, k);
		else
			d->dev[VC_DEV_CONTROLLER][d->ndev[VC_DEV_CONTROLLER]++] = k;
	}
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		k = d->dev[VC_DEV_CONTROLLER][i];
		has_usb |= k->type == VC_CTRL_USB;
		has_sata |= k->type == VC_CTRL_SATA && k->index == 0;
		has_root |= k->type == VC_CTRL_PCI && k->index == 0;
		if (k->type == VC_CTRL_SCSI && !scsi_model && k->model)
			scsi_model = k->model;
		if (k->type == VC_CTRL_USB && !k->model && !k->info.has_master)
			k->model = vc_enum_find(vc_ctrl_model_usb_names, q35 ? "qemu-xhci" : "piix3-uhci");
		if (k->type == VC_CTRL_SCSI && !k->model)
			k->model = vc_enum_find(vc_ctrl_model_scsi_names, "lsilogic");
		if (k->type == VC_CTRL_PCI && k->index == 0 && !k->model)
			k->model = q35 ? VC_PCIE_ROOT : VC_PCI_ROOT;
	}
	if (!has_usb && !isapc) {
		k = vc_calloc(1, sizeof(*k));
		k->type = VC_CTRL_USB;
		k->model = vc_enum_find(vc_ctrl_model_usb_names, q35 ? "qemu-xhci" : "piix3-uhci");
		VC_APPEND(d->dev[VC_DEV_CONTROLLER], d->ndev[VC_DEV_CONTROLLER], k);
	}
	if (q35 && !has_sata) {
		k = vc_calloc(1, sizeof(*k));
		k->type = VC_CTRL_SATA;
		VC_APPEND(d->dev[VC_DEV_CONTROLLER], d->ndev[VC_DEV_CONTROLLER], k);
	}
	if (!has_root && !isapc) {
		k = vc_calloc(1, sizeof(*k));
		k->type = VC_CTRL_PCI;
		k->model = q35 ? VC_PCIE_ROOT : VC_PCI_ROOT;
		VC_APPEND(d->dev[VC_DEV_CONTROLLER], d->ndev[VC_DEV_CONTROLLER], k);
	}
	for (i = 0; i < nimpl; i++) {
		size_t j;

		/* the machine's own controller of that type and index serves */
		for (j = 0; j < d->ndev[VC_DEV_CONTROLLER]; j++) {
			k = d->dev[VC_DEV_CONTROLLER][j];
			if (k->type == impl[i]->type && k->index == impl[i]->index)
				break;
		}
		if (j < d->ndev[VC_DEV_CONTROLLER]) {
			vc_device_free(VC_DEV_CONTROLLER, impl[i]);
			continue;
		}
		if (impl[i]->type == VC_CTRL_SCSI && !impl[i]->model)
			impl[i]->model = scsi_model ? scsi_model
			    : vc_enum_find(vc_ctrl_model_scsi_names, "lsilogic");
		VC_APPEND(d->dev[VC_DEV_CONTROLLER], d->ndev[VC_DEV_CONTROLLER], impl[i]);
	}
	free(impl);
	/* isapc has no PCI bus: a USB controller has nowhere to go */
	for (i = 0; isapc && i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		k = d->dev[VC_DEV_CONTROLLER][i];
		if (k->type == VC_CTRL_USB && strcmp(usb_model(k->model), "none") != 0)
			return vc_err("%s: USB controller '%s': No PCI buses available on machine "
			              "isapc", d->name, usb_model(k->model));
	}
	usb2_companions(d);
	vc_ctrl_sort(d);
	for (i = 0; i < d->ndev[VC_DEV_VIDEO]; i++) {
		struct vc_dev_video *v = d->dev[VC_DEV_VIDEO][i];

		if (v->type == VC_VIDEO_DEFAULT)
			v->type = VC_VIDEO_VGA;
	}
	vc_devs_misc_qemu_defaults(d, q35);
	vserial_ports(d);
	/* libvirt's own tests parse without an ABI update: no USB ports */
	if (!getenv("VIRTCORE_CONFORMANCE") && vc_qemu_usb_assign(d) < 0)
		return -1;
	if ((r = vc_qemu_pci_assign(d, old, q35)) < 0)
		vc_err_prefix("%s", d->name);
	return r;
}
