/* address.c: the <address> element every device may carry */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../conf.h"

const char *const vc_addr_type_names[] = {
	"", "pci", "drive", "virtio-serial", "ccid", "usb", "spapr-vio",
	"virtio-s390", "ccw", "virtio-mmio", "isa", "dimm", "unassigned", NULL,
};

static int
num(struct vc_x *x, xmlNodePtr n, const char *attr, unsigned max, unsigned *v, int *has)
{
	int r = vc_x_uint_x(x, n, attr, 0, max, v);

	if (r == 1)
		*has = 1;
	return r;
}

/* "1", "1.2" ... at most four levels of hubs, each port 1-255 */
static int
usb_path_ok(const char *p)
{
	int lvl = 0;
	char *e;
	unsigned long v;

	for (;;) {
		if (*p < '0' || *p > '9')
			return 0;
		v = strtoul(p, &e, 10);
		if (v < 1 || v > 255 || ++lvl > 4)
			return 0;
		if (!*e)
			return 1;
		if (*e != '.')
			return 0;
		p = e + 1;
	}
}

int
vc_addr_parse(struct vc_x *x, xmlNodePtr n, struct vc_addr *a)
{
	unsigned long long u;
	int r = 0, t = 0;

	memset(a, 0, sizeof(*a));
	if (vc_x_enum(x, n, "type", vc_addr_type_names, &t) <= 0)
		return t ? -1 : vc_x_err(x, n, "missing attribute 'type'");
	a->type = t;
	switch (a->type) {
	case VC_ADDR_PCI:
		if (num(x, n, "domain", 0xffff, &a->domain, &a->has_domain) < 0 ||
		    num(x, n, "bus", 0xff, &a->bus, &a->has_bus) < 0 ||
		    num(x, n, "slot", 0x1f, &a->slot, &a->has_slot) < 0 ||
		    num(x, n, "function", 7, &a->function, &a->has_function) < 0 ||
		    vc_x_onoff(x, n, "multifunction", &a->multifunction) < 0)
			return -1;
		break;
	case VC_ADDR_DRIVE:
		r |= num(x, n, "controller", 0xffffffff, &a->controller, &a->has_controller);
		r |= num(x, n, "bus", 0xffffffff, &a->bus, &a->has_bus);
		r |= num(x, n, "target", 0xffffffff, &a->target, &a->has_target);
		r |= num(x, n, "unit", 0xffffffff, &a->unit, &a->has_unit);
		break;
	case VC_ADDR_VIRTIO_SERIAL:
		r |= num(x, n, "controller", 0xffffffff, &a->controller, &a->has_controller);
		r |= num(x, n, "bus", 0xffffffff, &a->bus, &a->has_bus);
		r |= num(x, n, "port", 0xffffffff, &a->port, &a->has_port);
		break;
	case VC_ADDR_CCID:
		r |= num(x, n, "controller", 0xffffffff, &a->controller, &a->has_controller);
		r |= num(x, n, "slot", 0xffffffff, &a->slot, &a->has_slot);
		break;
	case VC_ADDR_USB:
		r |= num(x, n, "bus", 0xffffffff, &a->bus, &a->has_bus);
		a->usbport = vc_x_attr(x, n, "port");
		if (a->usbport && strspn(a->usbport, "0123456789.") != strlen(a->usbport))
			return vc_x_err(x, n, "port '%s' is not a USB port path like 1.2", a->usbport);
		if (a->usbport && !usb_path_ok(a->usbport))
			return vc_x_err(x, n, "port '%s': a USB port path is 1 to 4 port numbers "
			                "(1-255) joined by '.'", a->usbport);
		break;
	case VC_ADDR_SPAPR_VIO:
		if (vc_x_ull_x(x, n, "reg", 0, ~0ULL, &u) == 1) {
			a->reg = u;
			a->has_reg = 1;
		}
		break;
	case VC_ADDR_CCW:
		r |= num(x, n, "cssid", 0xfe, &a->cssid, &a->has_cssid);
		r |= num(x, n, "ssid", 3, &a->ssid, &a->has_ssid);
		r |= num(x, n, "devno", 0xffff, &a->devno, &a->has_devno);
		break;
	case VC_ADDR_ISA:
		r |= num(x, n, "iobase", 0xffff, &a->iobase, &a->has_iobase);
		r |= num(x, n, "irq", 0xff, &a->irq, &a->has_irq);
		break;
	case VC_ADDR_DIMM:
		r |= num(x, n, "slot", 0xffffffff, &a->slot, &a->has_slot);
		if (vc_x_ull_x(x, n, "base", 0, ~0ULL, &u) == 1) {
			a->base = u;
			a->has_base = 1;
		}
		break;
	default:
		break;
	}
	return x->err ? -1 : (r < 0 ? -1 : 0);
}

int
vc_addr_parse_child(struct vc_x *x, xmlNodePtr dev, struct vc_addr *a)
{
	xmlNodePtr n = vc_x_child(x, dev, "address");

	memset(a, 0, sizeof(*a));
	if (!n)
		return 0;
	if (vc_x_count(dev, "address") > 1)
		return vc_x_err(x, dev, "more than one <address>");
	return vc_addr_parse(x, n, a);
}

void
vc_addr_format(struct vc_buf *b, int lvl, const struct vc_addr *a)
{
	if (a->type == VC_ADDR_NONE)
		return;
	vc_f_open(b, lvl, "address");
	vc_f_attr(b, "type", vc_addr_type_names[a->type]);
	switch (a->type) {
	case VC_ADDR_PCI:
		vc_f_attr_x(b, "domain", a->domain, 4);
		vc_f_attr_x(b, "bus", a->bus, 2);
		vc_f_attr_x(b, "slot", a->slot, 2);
		vc_f_attr_x(b, "function", a->function, 1);
		vc_f_attr_onoff(b, "multifunction", a->multifunction);
		break;
	case VC_ADDR_DRIVE:
		vc_f_attr_u(b, "controller", a->controller);
		vc_f_attr_u(b, "bus", a->bus);
		vc_f_attr_u(b, "target", a->target);
		vc_f_attr_u(b, "unit", a->unit);
		break;
	case VC_ADDR_VIRTIO_SERIAL:
		vc_f_attr_u(b, "controller", a->controller);
		vc_f_attr_u(b, "bus", a->bus);
		vc_f_attr_u(b, "port", a->port);
		break;
	case VC_ADDR_CCID:
		vc_f_attr_u(b, "controller", a->controller);
		vc_f_attr_u(b, "slot", a->slot);
		break;
	case VC_ADDR_USB:
		vc_f_attr_u(b, "bus", a->bus);
		vc_f_attr(b, "port", a->usbport);
		break;
	case VC_ADDR_SPAPR_VIO:
		if (a->has_reg)
			vc_buf_printf(b, " reg='0x%08llx'", a->reg);
		break;
	case VC_ADDR_CCW:
		vc_f_attr_x(b, "cssid", a->cssid, 2);
		vc_f_attr_x(b, "ssid", a->ssid, 1);
		vc_f_attr_x(b, "devno", a->devno, 4);
		break;
	case VC_ADDR_ISA:
		if (a->has_iobase)
			vc_f_attr_x(b, "iobase", a->iobase, 1);
		if (a->has_irq)
			vc_f_attr_x(b, "irq", a->irq, 1);
		break;
	case VC_ADDR_DIMM:
		vc_f_attr_u(b, "slot", a->slot);
		if (a->has_base)
			vc_buf_printf(b, " base='0x%llx'", a->base);
		break;
	default:
		break;
	}
	vc_f_close_empty(b);
}

void
vc_addr_clear(struct vc_addr *a)
{
	free(a->usbport);
	memset(a, 0, sizeof(*a));
}

int
vc_pci_addr_parse(const char *s, unsigned *dom, unsigned *bus, unsigned *slot, unsigned *fn)
{
	unsigned d = 0, b, sl, f;
	char tail;

	if (sscanf(s, "%4x:%2x:%2x.%1x%c", &d, &b, &sl, &f, &tail) != 4) {
		d = 0;
		if (sscanf(s, "%2x:%2x.%1x%c", &b, &sl, &f, &tail) != 3)
			return vc_err("'%s' is not a PCI address (DDDD:BB:SS.F)", s);
	}
	if (sl > 0x1f || f > 7 || strchr(s, ' ') || strchr(s, '-') || strchr(s, '+'))
		return vc_err("'%s' is not a PCI address (DDDD:BB:SS.F)", s);
	*dom = d;
	*bus = b;
	*slot = sl;
	*fn = f;
	return 0;
}
