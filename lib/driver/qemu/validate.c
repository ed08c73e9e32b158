/* validate.c: what the qemu driver refuses at define, as libvirt's QEMU
 * driver refuses it: controllers that cannot be, USB addresses that name
 * no port, and device options QEMU cannot honour together.  Runs before
 * the defaults are filled in, so what it names is what the user wrote. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "driver/qemu/qemu.h"
#include "conf/devs_storage.h"
#include "conf/devs_misc.h"
#include "conf/dev_net.h"
#include "conf/sections.h"
#include "conf/device.h"

#define USB_DEPTH 4             /* hubs below hubs: libvirt's limit */
#define HUB_PORTS 8

static const char *
usb_model(const struct vc_controller *c)
{
	return c->model > 0 ? vc_ctrl_model_usb_names[c->model] : "";
}

static int
usb_is(const struct vc_controller *c, const char *m)
{
	return c->type == VC_CTRL_USB && strcmp(usb_model(c), m) == 0;
}

/* the root ports of a USB bus as the guest sees them; 0: not known */
static unsigned
usb_ports(const struct vc_controller *c)
{
	const char *m = usb_model(c);

	if (strstr(m, "uhci"))
		return 2;
	if (strcmp(m, "ehci") == 0 || strcmp(m, "ich9-ehci1") == 0)
		return 6;
	if (strcmp(m, "nec-xhci") == 0 || strcmp(m, "qemu-xhci") == 0)
		return c->has_ports ? c->ports : 4;
	return 0;
}

static int
controllers(const struct vc_domain *d, int q35)
{
	const struct vc_cpu *cpu = d->sect[VC_SECT_CPU];
	size_t i, j;

	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];
		const char *tn = vc_ctrl_type_names[c->type];

		for (j = 0; j < i && c->type != VC_CTRL_USB; j++) {
			const struct vc_controller *o = d->dev[VC_DEV_CONTROLLER][j];

			if (o->type == c->type && o->index == c->index && !c->implicit && !o->implicit)
				return vc_err("Multiple '%s' controllers with index '%d'", tn, c->index);
		}
		if (c->type == VC_CTRL_USB && c->info.has_master) {
			for (j = 0; j < d->ndev[VC_DEV_CONTROLLER]; j++) {
				const struct vc_controller *o = d->dev[VC_DEV_CONTROLLER][j];

				if (o->type == VC_CTRL_USB && o->index == c->index && !o->info.has_master)
					break;
			}
			if (j == d->ndev[VC_DEV_CONTROLLER])
				return vc_err("USB controller '%s' index %d: a companion controller "
				              "needs a master USB controller of the same index",
				              usb_model(c), c->index);
		}
		if ((usb_is(c, "nec-xhci") || usb_is(c, "qemu-xhci")) && c->has_ports && c->ports > 15)
			return vc_err("'%s' controller only supports up to '15' ports", usb_model(c));
		if (c->type != VC_CTRL_PCI ||
		    (c->model != VC_PCI_EXPANDER_BUS && c->model != VC_PCIE_EXPANDER_BUS))
			continue;
		const char *mn = vc_ctrl_model_pci_names[c->model];

		if ((c->model == VC_PCIE_EXPANDER_BUS) != !!q35)
			return vc_err("%s controllers are not supported with this machine type", mn);
		if (c->info.addr.type == VC_ADDR_PCI && c->info.addr.bus != 0)
			return vc_err("%s index='%d' at PCI address 0000:%02x:%02x.%x: an expander bus "
			              "plugs only into the root bus (bus 0x00)", mn, c->index,
			              c->info.addr.bus, c->info.addr.slot, c->info.addr.function);
		if (c->has_node && (!cpu || c->node >= cpu->ncells))
			return vc_err("%s with index %d is configured for a NUMA node (%u) not present "
			              "in the domain's <cpu><numa> array (%zu)", mn, c->index, c->node,
			              cpu ? cpu->ncells : 0);
	}
	return 0;
}

/* ---- USB addresses: a port path a.b.c names port c of the hub at a.b ---- */
struct uport {
	unsigned bus;
	char *path;                   /* "1.2" */
	int hub;
};

static int
usb_disabled(const struct vc_domain *d)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++)
		if (usb_is(d->dev[VC_DEV_CONTROLLER][i], "none"))
			return 1;
	return 0;
}

/* the USB bus ports of index bus: its master's (companions share them) */
static int
bus_ports(const struct vc_domain *d, unsigned bus, unsigned *ports)
{
	size_t i;
	int found = 0;

	*ports = 0;
	for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
		const struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];

		if (c->type != VC_CTRL_USB || (unsigned)c->index != bus || c->info.has_master)
			continue;
		found = 1;
		*ports = usb_ports(c);
	}
	return found;
}

static int
usb_one(const struct vc_domain *d, struct uport *u, size_t n, const struct uport *a)
{
	unsigned ports, v;
	size_t i, len;
	const char *p = a->path, *dot;

	if (!bus_ports(d, a->bus, &ports))
		return vc_err("USB address bus %u port %s: there is no USB controller with index %u",
		              a->bus, a->path, a->bus);
	/* every hub on the way, from the controller down */
	for (dot = strchr(p, '.'); dot; dot = strchr(dot + 1, '.')) {
		len = (size_t)(dot - p);
		for (i = 0; i < n; i++)
			if (u[i].hub && u[i].bus == a->bus && strlen(u[i].path) == len &&
			    strncmp(u[i].path, p, len) == 0)
				break;
		if (i == n)
			return vc_err("there is no hub at port %.*s in USB address bus: %u port: %s",
			              (int)len, p, a->bus, p);
		ports = HUB_PORTS;
	}
	dot = strrchr(p, '.');
	v = (unsigned)strtoul(dot ? dot + 1 : p, NULL, 10);
	if (v == 0 || (ports && v > ports))
		return vc_err("requested USB port %s not present on USB bus %u", p, a->bus);
	for (i = 0; i < n; i++)
		if (u[i].bus == a->bus && strcmp(u[i].path, p) == 0)
			return vc_err("Duplicate USB address bus %u port %s", a->bus, p);
	return 0;
}

static size_t
depth(const char *p)
{
	size_t n = 1;

	while ((p = strchr(p, '.')))
		n++, p++;
	return n;
}

/* the USB ports the devices were given, hubs marked; the count */
static size_t
usb_given(const struct vc_domain *d, struct uport **out)
{
	struct uport *u = NULL;
	size_t n = 0, i, k;

	for (k = 0; k < VC_DEV_LAST; k++)
		for (i = 0; i < d->ndev[k]; i++) {
			const struct vc_addr *a = vc_device_addr((int)k, d->dev[k][i]);

			if (!a || a->type != VC_ADDR_USB || !a->usbport)
				continue;
			u = vc_realloc(u, (n + 1) * sizeof(*u));
			u[n++] = (struct uport){ a->bus, a->usbport, k == VC_DEV_HUB };
		}
	*out = u;
	return n;
}

static int
usb_addresses(const struct vc_domain *d)
{
	struct uport *u, *taken;
	size_t nu, i, lvl, nt = 0;
	int r = 0, pass;

	nu = usb_given(d, &u);
	if (!nu)
		return 0;
	if (usb_disabled(d)) {
		r = vc_err("USB address bus %u port %s: USB is disabled for this domain",
		           u[0].bus, u[0].path);
		free(u);
		return r;
	}
	/* hubs first, shallow ones before the hubs on them, then the rest */
	taken = vc_calloc(nu, sizeof(*taken));
	for (pass = 0; pass < 2 && !r; pass++)
		for (lvl = 1; lvl <= USB_DEPTH && !r; lvl++)
			for (i = 0; i < nu && !r; i++) {
				if (u[i].hub != !pass || depth(u[i].path) != lvl)
					continue;
				if ((r = usb_one(d, taken, nt, &u[i])) == 0)
					taken[nt++] = u[i];
			}
	free(taken);
	free(u);
	return r;
}

/* devices that need a USB bus while the domain has none */
static int
usb_needed(const struct vc_domain *d)
{
	size_t i;

	if (!usb_disabled(d))
		return 0;
	if (d->ndev[VC_DEV_HUB])
		return vc_err("Can't add USB hub: USB is disabled for this domain");
	for (i = 0; i < d->ndev[VC_DEV_INPUT]; i++) {
		const struct vc_dev_input *in = d->dev[VC_DEV_INPUT][i];

		if (in->bus == VC_INPUT_BUS_USB)
			return vc_err("Can't add USB input device. USB bus is disabled");
	}
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];

		if (k->bus == VC_DISK_BUS_USB)
			return vc_err("disk '%s': Can't add USB disk: USB is disabled for this domain",
			              k->target_dev ? k->target_dev : "");
	}
	if (d->ndev[VC_DEV_REDIRDEV])
		return vc_err("Can't add redirected USB device: USB is disabled for this domain");
	return 0;
}

static int
devices(const struct vc_domain *d)
{
	const struct vc_memorybacking *mb = d->sect[VC_SECT_MEMORYBACKING];
	const struct vc_cpu *cpu = d->sect[VC_SECT_CPU];
	size_t i, ramfb = 0, c;
	int shared;

	for (i = 0; i < d->ndev[VC_DEV_VIDEO]; i++) {
		const struct vc_dev_video *v = d->dev[VC_DEV_VIDEO][i];

		if (v->type == VC_VIDEO_RAMFB && v->info.addr.type != VC_ADDR_NONE)
			return vc_err("address not supported for video type ramfb");
	}
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

		if (h->mode != VC_HOSTDEV_SUBSYS || h->type != VC_HOSTDEV_MDEV)
			continue;
		if (h->display == VC_TRI_YES && !d->ndev[VC_DEV_GRAPHICS])
			return vc_err("graphics device is needed for attribute value 'display=on' "
			              "in <hostdev>");
		if (h->ramfb == VC_TRI_YES && ++ramfb > 1)
			return vc_err("Only one vgpu device can have 'ramfb' enabled");
	}
	shared = mb && mb->access == VC_MEMACCESS_SHARED;
	if (!shared && cpu && cpu->ncells) {
		for (c = 0; c < cpu->ncells; c++)
			if (cpu->cells[c].mem_access != VC_MEMACCESS_SHARED)
				break;
		shared = c == cpu->ncells;
	}
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *n = d->dev[VC_DEV_INTERFACE][i];

		if (n->type == VC_IFACE_VHOSTUSER && n->backend_type == VC_IFACE_BACKEND_PASST &&
		    !shared)
			return vc_err("interface type='vhostuser' with backend passt requires shared "
			              "memory (<memoryBacking><access mode='shared'/>)");
	}
	return 0;
}

int
vc_qemu_validate(const struct vc_domain *d, int q35)
{
	if (controllers(d, q35) < 0 || usb_needed(d) < 0 || usb_addresses(d) < 0 ||
	    devices(d) < 0)
		return -1;
	return 0;
}

/* ---- USB ports for the devices that have none, as a define does ---- */
struct utree {
	struct uport *u;
	size_t n;
};

static int
taken(const struct utree *t, const char *path, int *hub)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->u[i].bus == 0 && strcmp(t->u[i].path, path) == 0) {
			*hub = t->u[i].hub;
			return 1;
		}
	return 0;
}

/* the first free port below the hub at path (the controller: ""), its
 * own ports first, then those of the hubs on them; 0 when none */
static int
free_port(const struct utree *t, const char *path, unsigned ports, size_t lvl, char *out, size_t len)
{
	unsigned i;
	int hub;
	char p[32];

	for (i = 1; i <= ports; i++) {
		snprintf(p, sizeof(p), "%s%s%u", path, *path ? "." : "", i);
		if (!taken(t, p, &hub)) {
			snprintf(out, len, "%s", p);
			return 1;
		}
	}
	if (lvl >= USB_DEPTH)
		return 0;
	for (i = 1; i <= ports; i++) {
		snprintf(p, sizeof(p), "%s%s%u", path, *path ? "." : "", i);
		if (taken(t, p, &hub) && hub && free_port(t, p, HUB_PORTS, lvl + 1, out, len))
			return 1;
	}
	return 0;
}

/* does this device sit on a USB port? */
static int
wants_usb(int kind, const void *dev)
{
	switch (kind) {
	case VC_DEV_HUB: return 1;
	case VC_DEV_DISK: return ((const struct vc_disk *)dev)->bus == VC_DISK_BUS_USB;
	case VC_DEV_INPUT: return ((const struct vc_dev_input *)dev)->bus == VC_INPUT_BUS_USB;
	case VC_DEV_REDIRDEV: return 1;
	case VC_DEV_SERIAL:
		return ((const struct vc_dev_chr *)dev)->target_type == VC_SERIAL_TGT_USB;
	case VC_DEV_HOSTDEV: {
		const struct vc_hostdev *h = dev;

		return h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_USB;
	}
	case VC_DEV_SOUND:
		return strcmp(vc_sound_model_names[((const struct vc_dev_sound *)dev)->model],
		              "usb") == 0;
	}
	return 0;
}

/* libvirt gives every USB device of a new or redefined guest a port of
 * bus 0 (hubs first, then the rest in its device order), so that the
 * guest sees its devices on the same ports on every boot */
int
vc_qemu_usb_assign(struct vc_domain *d)
{
	static const int order[] = {
		VC_DEV_HUB, VC_DEV_DISK, VC_DEV_SOUND, VC_DEV_HOSTDEV, VC_DEV_SERIAL,
		VC_DEV_INPUT, VC_DEV_REDIRDEV,
	};
	struct utree t = { 0 };
	unsigned ports;
	size_t k, i;
	char p[32];
	int r = 0;

	if (usb_disabled(d) || !bus_ports(d, 0, &ports) || !ports)
		return 0;
	t.n = usb_given(d, &t.u);
	/* more devices than free ports on the controller: hubs first, as
	 * libvirt adds them (each takes a port and gives eight) */
	{
		size_t want = 0, freep = 0, hubs;
		unsigned q;
		int hub;

		for (k = 1; k < VC_NELEM(order); k++)
			for (i = 0; i < d->ndev[order[k]]; i++)
				want += vc_device_addr(order[k], d->dev[order[k]][i])->type == VC_ADDR_NONE &&
				    wants_usb(order[k], d->dev[order[k]][i]);
		for (q = 1; q <= ports; q++) {
			snprintf(p, sizeof(p), "%u", q);
			freep += !taken(&t, p, &hub);
		}
		if (!d->ndev[VC_DEV_HUB] && want > freep && freep > 0) {
			hubs = (want - freep + HUB_PORTS - 2) / (HUB_PORTS - 1);
			while (hubs--) {
				struct vc_hub *h = vc_calloc(1, sizeof(*h));

				h->type = 1;      /* usb */
				VC_APPEND(d->dev[VC_DEV_HUB], d->ndev[VC_DEV_HUB], h);
			}
		}
	}
	for (k = 0; k < VC_NELEM(order) && !r; k++)
		for (i = 0; i < d->ndev[order[k]] && !r; i++) {
			void *dev = d->dev[order[k]][i];
			struct vc_addr *a = vc_device_addr(order[k], dev);

			if (a->type != VC_ADDR_NONE || !wants_usb(order[k], dev))
				continue;
			if (!free_port(&t, "", ports, 1, p, sizeof(p))) {
				r = vc_err("%s: no free USB port on bus 0 for a %s", d->name,
				           vc_devtypes[order[k]].elem);
				break;
			}
			memset(a, 0, sizeof(*a));
			a->type = VC_ADDR_USB;
			a->has_bus = 1;
			a->usbport = vc_strdup(p);
			t.u = vc_realloc(t.u, (t.n + 1) * sizeof(*t.u));
			t.u[t.n++] = (struct uport){ 0, a->usbport, order[k] == VC_DEV_HUB };
		}
	free(t.u);
	return r;
}
