/* dev_hostdev.c: <hostdev>: host PCI/USB/SCSI/mdev devices given to a guest */
#include <stdlib.h>
#include <string.h>
#include "devs_storage.h"

const char *const vc_hostdev_mode_names[] = { "", "subsystem", "capabilities", NULL };
const char *const vc_hostdev_type_names[] = {
	"", "pci", "usb", "scsi", "scsi_host", "mdev", NULL,
};
const char *const vc_hostdev_cap_names[] = { "", "storage", "misc", "net", NULL };
static const char *const pci_driver_names[] = { "", "default", "kvm", "vfio", "xen", NULL };
static const char *const mdev_model_names[] = { "", "vfio-pci", "vfio-ccw", "vfio-ap", NULL };
static const char *const guest_reset_names[] = { "", "off", "uninitialized", "on", NULL };
static const char *const teaming_names[] = { "", "persistent", "transient", NULL };
static const char *const scsi_host_proto_names[] = { "", "none", "vhost", NULL };

static void
ips_free(struct vc_ipinfo *ip, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(ip[i].address);
		free(ip[i].family);
		free(ip[i].netmask);
		free(ip[i].gateway);
		free(ip[i].peer);
	}
	free(ip);
}

void
vc_dev_hostdev_free(void *dev)
{
	struct vc_hostdev *h = dev;

	if (!h)
		return;
	free(h->pci_driver_model);
	free(h->scsi_adapter);
	free(h->iscsi_name);
	vc_nethost_free(h->hosts, h->nhosts);
	vc_auth_free(h->auth);
	free(h->initiator_iqn);
	free(h->wwpn);
	free(h->mdev_uuid);
	free(h->cap_block);
	free(h->cap_char);
	free(h->cap_interface);
	ips_free(h->ips, h->nips);
	free(h->teaming_persistent);
	vc_sinfo_clear(&h->info);
	free(h);
}

/* a required numeric attribute */
static int
req_uint(struct vc_x *x, xmlNodePtr n, const char *attr, unsigned max, unsigned *v)
{
	int r = vc_x_uint_x(x, n, attr, 0, max, v);

	if (r == 0)
		return vc_x_err(x, n, "missing attribute '%s'", attr);
	return r < 0 ? -1 : 0;
}

static int
pci_source_parse(struct vc_x *x, xmlNodePtr src, struct vc_hostdev *h)
{
	xmlNodePtr a;
	char *t;

	if (vc_x_yesno(x, src, "writeFiltering", &h->pci_writefiltering) < 0)
		return -1;
	if (!(a = vc_x_child(x, src, "address")))
		return vc_x_err(x, src, "missing PCI <address>");
	if ((t = vc_x_attr(x, a, "type"))) {
		int bad = strcmp(t, "pci") != 0;

		free(t);
		if (bad)
			return vc_x_err(x, a, "source address type must be 'pci'");
	}
	if (req_uint(x, a, "domain", 0xffff, &h->pci_domain) < 0 ||
	    req_uint(x, a, "bus", 0xff, &h->pci_bus) < 0 ||
	    req_uint(x, a, "slot", 0x1f, &h->pci_slot) < 0 ||
	    req_uint(x, a, "function", 7, &h->pci_function) < 0)
		return -1;
	return 0;
}

static int
usb_id(struct vc_x *x, xmlNodePtr src, const char *elem, unsigned *v, int *has)
{
	xmlNodePtr c = vc_x_child(x, src, elem);

	if (!c)
		return 0;
	if (req_uint(x, c, "id", 0xffff, v) < 0)
		return -1;
	*has = 1;
	return 0;
}

static int
usb_source_parse(struct vc_x *x, xmlNodePtr src, struct vc_hostdev *h)
{
	xmlNodePtr a;

	if (vc_x_enum(x, src, "startupPolicy", vc_startup_policy_names, &h->startup_policy) < 0 ||
	    vc_x_enum(x, src, "guestReset", guest_reset_names, &h->guest_reset) < 0 ||
	    usb_id(x, src, "vendor", &h->usb_vendor, &h->has_usb_vendor) < 0 ||
	    usb_id(x, src, "product", &h->usb_product, &h->has_usb_product) < 0)
		return -1;
	if (h->has_usb_product && !h->has_usb_vendor)
		return vc_x_err(x, src, "usb product needs a vendor");
	if (h->has_usb_vendor && !h->has_usb_product)
		return vc_x_err(x, src, "usb vendor needs a product");
	if ((a = vc_x_child(x, src, "address"))) {
		if (req_uint(x, a, "bus", 0xffff, &h->usb_bus) < 0 ||
		    req_uint(x, a, "device", 0xffff, &h->usb_device) < 0)
			return -1;
		h->has_usb_address = 1;
	}
	if (!h->has_usb_vendor && !h->has_usb_address)
		return vc_x_err(x, src, "usb source needs vendor/product or an address");
	return 0;
}

static int
scsi_source_parse(struct vc_x *x, xmlNodePtr src, struct vc_hostdev *h)
{
	xmlNodePtr c, k;
	char *p = vc_x_attr(x, src, "protocol");
	int bad;

	if (p) {
		bad = strcmp(p, "iscsi") != 0;
		if (bad)
			vc_x_err(x, src, "unknown SCSI protocol '%s'", p);
		free(p);
		if (bad)
			return -1;
		h->scsi_protocol = VC_NETPROTO_ISCSI;
		if (!(h->iscsi_name = vc_x_attr_req(x, src, "name")))
			return -1;
		if (!strchr(h->iscsi_name, '/')) {
			char *s = vc_asprintf("%s/0", h->iscsi_name);

			free(h->iscsi_name);
			h->iscsi_name = s;
		}
		if (vc_nethost_parse(x, src, &h->hosts, &h->nhosts) < 0)
			return -1;
		if (!h->nhosts)
			return vc_x_err(x, src, "iSCSI source needs a <host>");
		if ((c = vc_x_child(x, src, "auth")) && !(h->auth = vc_auth_parse(x, c)))
			return -1;
		if ((c = vc_x_child(x, src, "initiator"))) {
			if (!(k = vc_x_child(x, c, "iqn")))
				return vc_x_err(x, c, "missing <iqn>");
			if (!(h->initiator_iqn = vc_x_attr_req(x, k, "name")))
				return -1;
		}
		return 0;
	}
	if (!(c = vc_x_child(x, src, "adapter")))
		return vc_x_err(x, src, "missing <adapter>");
	if (!(h->scsi_adapter = vc_x_attr_req(x, c, "name")))
		return -1;
	if (!(c = vc_x_child(x, src, "address")))
		return vc_x_err(x, src, "missing SCSI <address>");
	if (req_uint(x, c, "bus", ~0U, &h->scsi_bus) < 0 ||
	    req_uint(x, c, "target", ~0U, &h->scsi_target) < 0)
		return -1;
	if (vc_x_ull(x, c, "unit", 0, ~0ULL, &h->scsi_unit) <= 0)
		return x->err ? -1 : vc_x_err(x, c, "missing attribute 'unit'");
	return 0;
}

static int
ips_parse(struct vc_x *x, xmlNodePtr n, struct vc_hostdev *h)
{
	static const char *const elems[] = { "ip", "route" };
	xmlNodePtr c;
	struct vc_ipinfo *ip;
	int r, e;

	for (e = 0; e < 2; e++) {
		for (c = vc_x_child(x, n, elems[e]); c; c = vc_x_next(c, elems[e])) {
			VC_GROW(h->ips, h->nips);
			ip = &h->ips[h->nips++];
			memset(ip, 0, sizeof(*ip));
			ip->route = e;
			ip->family = vc_x_attr(x, c, "family");
			if (ip->family && strcmp(ip->family, "ipv4") != 0 &&
			    strcmp(ip->family, "ipv6") != 0)
				return vc_x_err(x, c, "unknown family '%s'", ip->family);
			if (!(ip->address = vc_x_attr_req(x, c, "address")))
				return -1;
			if ((r = vc_x_uint(x, c, "prefix", 0, 128, &ip->prefix)) < 0)
				return -1;
			ip->has_prefix = r;
			if (e == 0) {
				ip->peer = vc_x_attr(x, c, "peer");
				/* libvirt derives the family from the address */
				if (!ip->family)
					ip->family = vc_strdup(strchr(ip->address, ':') ? "ipv6" : "ipv4");
				continue;
			}
			ip->netmask = vc_x_attr(x, c, "netmask");
			if (!(ip->gateway = vc_x_attr_req(x, c, "gateway")))
				return -1;
			if ((r = vc_x_uint(x, c, "metric", 0, ~0U, &ip->metric)) < 0)
				return -1;
			ip->has_metric = r;
		}
	}
	return 0;
}

static int
hostdev_parse(struct vc_x *x, xmlNodePtr n, struct vc_hostdev *h)
{
	xmlNodePtr src, c;
	char *t;
	int r, managed = 0;

	if (vc_x_enum(x, n, "mode", vc_hostdev_mode_names, &h->mode) < 0)
		return -1;
	if (!h->mode)
		h->mode = VC_HOSTDEV_SUBSYS;
	if (!(t = vc_x_attr_req(x, n, "type")))
		return -1;
	h->type = vc_enum_find(h->mode == VC_HOSTDEV_SUBSYS ? vc_hostdev_type_names :
	                       vc_hostdev_cap_names, t);
	if (h->type < 0)
		vc_x_err(x, n, "unknown host device %s type '%s'",
		         vc_hostdev_mode_names[h->mode], t);
	free(t);
	if (h->type < 0)
		return -1;
	src = vc_x_child(x, n, "source");
	if (h->mode == VC_HOSTDEV_CAPS) {
		static const char *const capelem[] = { "", "block", "char", "interface" };
		char **dst[] = { NULL, &h->cap_block, &h->cap_char, &h->cap_interface };

		if (!src || !(*dst[h->type] = vc_x_child_text(x, src, capelem[h->type])))
			return vc_x_err(x, n, "missing source <%s>", capelem[h->type]);
		if (h->type == VC_HOSTDEV_CAP_NET && ips_parse(x, n, h) < 0)
			return -1;
		goto common;
	}
	if ((r = vc_x_yesno(x, n, "managed", &managed)) < 0)
		return -1;
	h->managed = managed == VC_TRI_YES;
	if (vc_x_enum(x, n, "sgio", vc_disk_sgio_names, &h->sgio) < 0 ||
	    vc_x_yesno(x, n, "rawio", &h->rawio) < 0 ||
	    vc_x_enum(x, n, "model", mdev_model_names, &h->model) < 0 ||
	    vc_x_onoff(x, n, "display", &h->display) < 0 ||
	    vc_x_onoff(x, n, "ramfb", &h->ramfb) < 0)
		return -1;
	if ((h->sgio || h->rawio) && h->type != VC_HOSTDEV_SCSI)
		return vc_x_err(x, n, "rawio is only supported for scsi host device");
	if (h->model && h->type != VC_HOSTDEV_MDEV)
		return vc_x_err(x, n, "model is only supported for mdev host devices");
	if (h->type == VC_HOSTDEV_MDEV && !h->model)
		return vc_x_err(x, n, "missing 'model' attribute for mediated device");
	if ((h->display || h->ramfb) && h->type != VC_HOSTDEV_MDEV && h->type != VC_HOSTDEV_PCI)
		return vc_x_err(x, n, "display and ramfb are only supported for pci and mdev host devices");
	if (!src)
		return vc_x_err(x, n, "missing <source>");
	switch (h->type) {
	case VC_HOSTDEV_PCI:
		if (pci_source_parse(x, src, h) < 0)
			return -1;
		if ((c = vc_x_child(x, n, "driver"))) {
			if (vc_x_enum(x, c, "name", pci_driver_names, &h->pci_driver) < 0)
				return -1;
			h->pci_driver_model = vc_x_attr(x, c, "model");
		}
		break;
	case VC_HOSTDEV_USB:
		if (usb_source_parse(x, src, h) < 0)
			return -1;
		break;
	case VC_HOSTDEV_SCSI:
		if (scsi_source_parse(x, src, h) < 0)
			return -1;
		break;
	case VC_HOSTDEV_SCSI_HOST:
		if ((r = vc_x_enum(x, src, "protocol", scsi_host_proto_names, &h->host_protocol)) <= 0)
			return r < 0 ? -1 : vc_x_err(x, src, "missing attribute 'protocol'");
		if (!(h->wwpn = vc_x_attr_req(x, src, "wwpn")))
			return -1;
		if (strncmp(h->wwpn, "naa.", 4) != 0 || strlen(h->wwpn) != 20 ||
		    strspn(h->wwpn + 4, "0123456789abcdefABCDEF") != 16)
			return vc_x_err(x, src, "malformed 'wwpn' value '%s'", h->wwpn);
		break;
	case VC_HOSTDEV_MDEV: {
		unsigned char u[16];

		if (!(c = vc_x_child(x, src, "address")) || !(h->mdev_uuid = vc_x_attr(x, c, "uuid")))
			return vc_x_err(x, c ? c : src, "Missing 'uuid' attribute for element <address>");
		if (vc_uuid_parse(h->mdev_uuid, u) < 0)
			return vc_x_err(x, c, "malformed uuid '%s'", h->mdev_uuid);
		break;
	}
	}
common:
	if ((c = vc_x_child(x, n, "readonly"))) {
		vc_x_use(c);
		h->readonly = 1;
	}
	if ((c = vc_x_child(x, n, "shareable"))) {
		vc_x_use(c);
		h->shareable = 1;
	}
	if ((c = vc_x_child(x, n, "teaming"))) {
		if ((r = vc_x_enum(x, c, "type", teaming_names, &h->teaming)) <= 0)
			return r < 0 ? -1 : vc_x_err(x, c, "missing attribute 'type'");
		h->teaming_persistent = vc_x_attr(x, c, "persistent");
		if (h->teaming == 2 && !h->teaming_persistent)
			return vc_x_err(x, c, "teaming type 'transient' needs a persistent alias");
	}
	if (vc_sinfo_parse(x, n, &h->info, VC_SINFO_BOOT | VC_SINFO_ROM | VC_SINFO_ACPI) < 0)
		return -1;
	if (h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_SCSI_HOST && h->info.boot_order)
		return vc_x_err(x, n, "booting from assigned devices is not supported by vhost SCSI devices");
	if (h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_MDEV && h->model == 1 &&
	    h->info.addr.type != VC_ADDR_NONE && h->info.addr.type != VC_ADDR_PCI)
		return vc_x_err(x, n, "Unsupported address type '%s' with mediated device model 'vfio-pci'",
		                vc_addr_type_names[h->info.addr.type]);
	return x->err ? -1 : 0;
}

void *
vc_dev_hostdev_parse(struct vc_x *x, xmlNodePtr n, int kind)
{
	struct vc_hostdev *h = vc_calloc(1, sizeof(*h));

	(void)kind;
	if (hostdev_parse(x, n, h) < 0) {
		if (!x->err)
			vc_x_err(x, n, "invalid hostdev");
		vc_dev_hostdev_free(h);
		return NULL;
	}
	return h;
}

static void
source_format(struct vc_buf *b, int lvl, const struct vc_hostdev *h)
{
	int in = lvl + 1;

	vc_f_open(b, lvl, "source");
	if (h->mode == VC_HOSTDEV_CAPS) {
		vc_f_close_open(b);
		vc_f_text_elem(b, in, "block", h->cap_block);
		vc_f_text_elem(b, in, "char", h->cap_char);
		vc_f_text_elem(b, in, "interface", h->cap_interface);
		vc_f_end(b, lvl, "source");
		return;
	}
	switch (h->type) {
	case VC_HOSTDEV_PCI:
		vc_f_attr_yesno(b, "writeFiltering", h->pci_writefiltering);
		vc_f_close_open(b);
		vc_f_open(b, in, "address");
		vc_f_attr_x(b, "domain", h->pci_domain, 4);
		vc_f_attr_x(b, "bus", h->pci_bus, 2);
		vc_f_attr_x(b, "slot", h->pci_slot, 2);
		vc_f_attr_x(b, "function", h->pci_function, 1);
		vc_f_close_empty(b);
		break;
	case VC_HOSTDEV_USB:
		vc_f_attr_enum(b, "startupPolicy", vc_startup_policy_names, h->startup_policy);
		vc_f_attr_enum(b, "guestReset", guest_reset_names, h->guest_reset);
		vc_f_close_open(b);
		if (h->has_usb_vendor) {
			vc_f_open(b, in, "vendor");
			vc_f_attr_x(b, "id", h->usb_vendor, 4);
			vc_f_close_empty(b);
			vc_f_open(b, in, "product");
			vc_f_attr_x(b, "id", h->usb_product, 4);
			vc_f_close_empty(b);
		}
		if (h->has_usb_address) {
			vc_f_open(b, in, "address");
			vc_f_attr_u(b, "bus", h->usb_bus);
			vc_f_attr_u(b, "device", h->usb_device);
			vc_f_close_empty(b);
		}
		break;
	case VC_HOSTDEV_SCSI:
		if (h->scsi_protocol == VC_NETPROTO_ISCSI) {
			vc_f_attr(b, "protocol", "iscsi");
			vc_f_attr(b, "name", h->iscsi_name);
			vc_f_close_open(b);
			vc_nethost_format(b, in, h->hosts, h->nhosts);
			vc_auth_format(b, in, h->auth);
			if (h->initiator_iqn) {
				vc_f_open(b, in, "initiator");
				vc_f_close_open(b);
				vc_f_open(b, in + 1, "iqn");
				vc_f_attr(b, "name", h->initiator_iqn);
				vc_f_close_empty(b);
				vc_f_end(b, in, "initiator");
			}
			break;
		}
		vc_f_close_open(b);
		vc_f_open(b, in, "adapter");
		vc_f_attr(b, "name", h->scsi_adapter);
		vc_f_close_empty(b);
		vc_f_open(b, in, "address");
		vc_f_attr_u(b, "bus", h->scsi_bus);
		vc_f_attr_u(b, "target", h->scsi_target);
		vc_f_attr_u(b, "unit", h->scsi_unit);
		vc_f_close_empty(b);
		break;
	case VC_HOSTDEV_SCSI_HOST:
		vc_f_attr_enum(b, "protocol", scsi_host_proto_names, h->host_protocol);
		vc_f_attr(b, "wwpn", h->wwpn);
		vc_f_close_empty(b);
		return;
	case VC_HOSTDEV_MDEV:
		vc_f_close_open(b);
		vc_f_open(b, in, "address");
		vc_f_attr(b, "uuid", h->mdev_uuid);
		vc_f_close_empty(b);
		break;
	}
	vc_f_end(b, lvl, "source");
}

void
vc_dev_hostdev_format(struct vc_buf *b, int lvl, const void *dev, int kind)
{
	const struct vc_hostdev *h = dev;
	int in = lvl + 1;
	size_t i;

	(void)kind;
	vc_f_open(b, lvl, "hostdev");
	vc_f_attr_enum(b, "mode", vc_hostdev_mode_names, h->mode);
	if (h->mode == VC_HOSTDEV_CAPS) {
		vc_f_attr_enum(b, "type", vc_hostdev_cap_names, h->type);
	} else {
		vc_f_attr_enum(b, "type", vc_hostdev_type_names, h->type);
		vc_f_attr(b, "managed", h->managed ? "yes" : "no");
		vc_f_attr_enum(b, "sgio", vc_disk_sgio_names, h->sgio);
		vc_f_attr_yesno(b, "rawio", h->rawio);
		vc_f_attr_enum(b, "model", mdev_model_names, h->model);
		vc_f_attr_onoff(b, "display", h->display);
		vc_f_attr_onoff(b, "ramfb", h->ramfb);
	}
	vc_f_close_open(b);
	if (h->mode == VC_HOSTDEV_SUBSYS && h->type == VC_HOSTDEV_PCI &&
	    (h->pci_driver || h->pci_driver_model)) {
		vc_f_open(b, in, "driver");
		vc_f_attr_enum(b, "name", pci_driver_names, h->pci_driver);
		vc_f_attr(b, "model", h->pci_driver_model);
		vc_f_close_empty(b);
	}
	source_format(b, in, h);
	for (i = 0; i < h->nips; i++) {
		const struct vc_ipinfo *ip = &h->ips[i];

		if (!ip->route) {
			vc_f_open(b, in, "ip");
			vc_f_attr(b, "address", ip->address);
			vc_f_attr(b, "family", ip->family);
			if (ip->has_prefix)
				vc_f_attr_u(b, "prefix", ip->prefix);
			vc_f_attr(b, "peer", ip->peer);
		} else {
			vc_f_open(b, in, "route");
			vc_f_attr(b, "family", ip->family);
			vc_f_attr(b, "address", ip->address);
			vc_f_attr(b, "netmask", ip->netmask);
			if (ip->has_prefix)
				vc_f_attr_u(b, "prefix", ip->prefix);
			vc_f_attr(b, "gateway", ip->gateway);
			if (ip->has_metric)
				vc_f_attr_u(b, "metric", ip->metric);
		}
		vc_f_close_empty(b);
	}
	if (h->readonly) {
		vc_f_open(b, in, "readonly");
		vc_f_close_empty(b);
	}
	if (h->shareable) {
		vc_f_open(b, in, "shareable");
		vc_f_close_empty(b);
	}
	if (h->teaming) {
		vc_f_open(b, in, "teaming");
		vc_f_attr_enum(b, "type", teaming_names, h->teaming);
		vc_f_attr(b, "persistent", h->teaming_persistent);
		vc_f_close_empty(b);
	}
	vc_sinfo_format(b, in, &h->info);
	vc_f_end(b, lvl, "hostdev");
}
