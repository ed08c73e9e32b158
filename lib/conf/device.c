/* device.c: one device element on its own (attach/detach input): parse, compare, match */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/dev_net.h"
#include "conf/devs_storage.h"
#include "conf/device.h"
#include "conf/devs_misc.h"

static int
attachable(int k)
{
	return k == VC_DEV_DISK || k == VC_DEV_INTERFACE || k == VC_DEV_HOSTDEV;
}

int
vc_device_parse_string(const char *xml, size_t len, const char *file, int *kind, void **dev)
{
	struct vc_x x = { 0 };
	xmlNodePtr root;
	void *d = NULL;
	int k;

	*dev = NULL;
	if (!(x.doc = vc_x_read(xml, len, file)))
		return -1;
	x.file = file;
	root = xmlDocGetRootElement(x.doc);
	for (k = 0; root && k < VC_DEV_LAST; k++)
		if (attachable(k) && strcmp((const char *)root->name, vc_devtypes[k].elem) == 0)
			break;
	if (!root || k == VC_DEV_LAST || !vc_devtypes[k].parse) {
		vc_x_err(&x, root, "expected one <disk>, <interface> or <hostdev> element%s%s%s",
		    root ? ", not <" : "", root ? (const char *)root->name : "", root ? ">" : "");
		goto out;
	}
	vc_x_use(root);
	if (!(d = vc_devtypes[k].parse(&x, root, k))) {
		if (!x.err)
			vc_x_err(&x, root, "invalid <%s>", vc_devtypes[k].elem);
		goto out;
	}
	if (vc_x_finish(&x, root) < 0) {
		vc_devtypes[k].free(d);
		d = NULL;
		goto out;
	}
	*kind = k;
	*dev = d;
out:
	xmlFreeDoc(x.doc);
	return d ? 0 : -1;
}

void
vc_device_free(int kind, void *dev)
{
	if (dev)
		vc_devtypes[kind].free(dev);
}

char *
vc_device_format(int kind, const void *dev)
{
	struct vc_buf b = { 0 };

	vc_devtypes[kind].format(&b, 0, dev, kind);
	return vc_buf_take(&b);
}

void *
vc_device_copy(int kind, const void *dev)
{
	char *s = vc_device_format(kind, dev);
	void *d = NULL;
	int k;

	if (vc_device_parse_string(s, strlen(s), "device", &k, &d) < 0)
		d = NULL;
	free(s);
	return d;
}

static void
pci_key(char out[16], unsigned dom, unsigned bus, unsigned slot, unsigned fn)
{
	snprintf(out, 16, "%04x:%02x:%02x.%x", dom & 0xffff, bus & 0xff, slot & 0x1f, fn & 7);
}

char *
vc_device_describe(int kind, const void *dev)
{
	const struct vc_disk *k = dev;
	const struct vc_iface *i = dev;
	const struct vc_hostdev *h = dev;
	char buf[32];

	switch (kind) {
	case VC_DEV_DISK:
		return vc_asprintf("disk %s", k->target_dev ? k->target_dev :
		    k->src.path ? k->src.path : "(no target)");
	case VC_DEV_INTERFACE:
		if (!i->has_mac)
			return vc_asprintf("interface (type %s)", vc_iface_type_names[i->type]);
		vc_mac_format(i->mac, buf);
		return vc_asprintf("interface %s", buf);
	case VC_DEV_HOSTDEV:
		if (h->type == VC_HOSTDEV_PCI) {
			pci_key(buf, h->pci_domain, h->pci_bus, h->pci_slot, h->pci_function);
			return vc_asprintf("hostdev %s", buf);
		}
		if (h->type == VC_HOSTDEV_USB && h->has_usb_address)
			return vc_asprintf("hostdev usb %03u:%03u", h->usb_bus, h->usb_device);
		if (h->type == VC_HOSTDEV_USB)
			return vc_asprintf("hostdev usb %04x:%04x", h->usb_vendor, h->usb_product);
		return vc_asprintf("hostdev (type %s)", vc_hostdev_type_names[h->type]);
	default:
		return vc_asprintf("<%s>", vc_devtypes[kind].elem);
	}
}

static int
streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int
same_text(int kind, const void *a, const void *b)
{
	char *sa = vc_device_format(kind, a), *sb = vc_device_format(kind, b);
	int r = strcmp(sa, sb) == 0;

	free(sa);
	free(sb);
	return r;
}

int
vc_device_same(int kind, const void *dev, const void *have)
{
	/* shallow copies: what is borrowed is only read, never freed */
	switch (kind) {
	case VC_DEV_DISK: {
		struct vc_disk t = *(const struct vc_disk *)dev;
		const struct vc_disk *h = have;
		if (t.info.addr.type == VC_ADDR_NONE || t.addr_auto) {
			t.info.addr = h->info.addr;
			t.addr_auto = h->addr_auto;
		}
		if (!t.info.alias)
			t.info.alias = h->info.alias;
		return same_text(kind, &t, h);
	}
	case VC_DEV_INTERFACE: {
		struct vc_iface t = *(const struct vc_iface *)dev;
		const struct vc_iface *h = have;
		if (t.addr.type == VC_ADDR_NONE)
			t.addr = h->addr;
		if (!t.has_mac) {
			memcpy(t.mac, h->mac, 6);
			t.has_mac = h->has_mac;
			t.mac_type = h->mac_type;
		}
		if (!t.target_dev)
			t.target_dev = h->target_dev;
		if (!t.alias)
			t.alias = h->alias;
		return same_text(kind, &t, h);
	}
	case VC_DEV_HOSTDEV: {
		struct vc_hostdev t = *(const struct vc_hostdev *)dev;
		const struct vc_hostdev *h = have;
		if (t.info.addr.type == VC_ADDR_NONE)
			t.info.addr = h->info.addr;
		if (!t.info.alias)
			t.info.alias = h->info.alias;
		return same_text(kind, &t, h);
	}
	default:
		return same_text(kind, dev, have);
	}
}

int
vc_device_has_key(int kind, const void *dev)
{
	switch (kind) {
	case VC_DEV_DISK:
		return ((const struct vc_disk *)dev)->target_dev ||
		    ((const struct vc_disk *)dev)->src.path;
	case VC_DEV_INTERFACE:
		return ((const struct vc_iface *)dev)->has_mac;
	default:
		return 1;
	}
}

int
vc_device_match(int kind, const void *dev, const void *have)
{
	switch (kind) {
	case VC_DEV_DISK: {
		const struct vc_disk *a = dev, *b = have;
		if (a->target_dev)
			return streq(a->target_dev, b->target_dev);
		return streq(a->src.path, b->src.path);
	}
	case VC_DEV_INTERFACE: {
		const struct vc_iface *a = dev, *b = have;
		if (a->has_mac)
			return b->has_mac && memcmp(a->mac, b->mac, 6) == 0;
		return a->type == b->type;
	}
	case VC_DEV_HOSTDEV: {
		const struct vc_hostdev *a = dev, *b = have;
		if (a->mode != b->mode || a->type != b->type)
			return 0;
		if (a->type == VC_HOSTDEV_PCI)
			return a->pci_domain == b->pci_domain && a->pci_bus == b->pci_bus &&
			    a->pci_slot == b->pci_slot && a->pci_function == b->pci_function;
		if (a->type == VC_HOSTDEV_USB) {
			if (a->has_usb_address)
				return b->has_usb_address && a->usb_bus == b->usb_bus &&
				    a->usb_device == b->usb_device;
			return a->has_usb_vendor && b->has_usb_vendor &&
			    a->usb_vendor == b->usb_vendor && a->usb_product == b->usb_product;
		}
		return same_text(kind, dev, have);
	}
	default:
		return same_text(kind, dev, have);
	}
}

/* the address of a device of any kind, NULL for kinds without one */
struct vc_addr *
vc_device_addr(int kind, void *dev)
{
	switch (kind) {
	case VC_DEV_DISK: return &((struct vc_disk *)dev)->info.addr;
	case VC_DEV_CONTROLLER: return &((struct vc_controller *)dev)->info.addr;
	case VC_DEV_FILESYSTEM: return &((struct vc_filesystem *)dev)->info.addr;
	case VC_DEV_INTERFACE: return &((struct vc_iface *)dev)->addr;
	case VC_DEV_HOSTDEV: return &((struct vc_hostdev *)dev)->info.addr;
	case VC_DEV_REDIRDEV: return &((struct vc_redirdev *)dev)->info.addr;
	case VC_DEV_HUB: return &((struct vc_hub *)dev)->info.addr;
	case VC_DEV_SERIAL: case VC_DEV_PARALLEL: case VC_DEV_CONSOLE: case VC_DEV_CHANNEL:
		return &((struct vc_dev_chr *)dev)->info.addr;
	case VC_DEV_SMARTCARD: return &((struct vc_dev_smartcard *)dev)->info.addr;
	case VC_DEV_INPUT: return &((struct vc_dev_input *)dev)->info.addr;
	case VC_DEV_TPM: return &((struct vc_dev_tpm *)dev)->info.addr;
	case VC_DEV_SOUND: return &((struct vc_dev_sound *)dev)->info.addr;
	case VC_DEV_VIDEO: return &((struct vc_dev_video *)dev)->info.addr;
	case VC_DEV_WATCHDOG: return &((struct vc_dev_watchdog *)dev)->info.addr;
	case VC_DEV_MEMBALLOON: return &((struct vc_dev_memballoon *)dev)->info.addr;
	case VC_DEV_RNG: return &((struct vc_dev_rng *)dev)->info.addr;
	case VC_DEV_PANIC: return &((struct vc_dev_panic *)dev)->info.addr;
	}
	return NULL;
}
