/* nodedev.c: libvirt node device XML (system, pci, net, usb) read from the host */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include <libusb.h>

/* after the linux headers: glibc's <net/if.h> clashes with <linux/if.h> */
#include <net/if.h>

#include "host.h"

const char *const vc_host_cap_names[] = {
	"", "system", "pci", "net", "usb_device", "usb", NULL,
};

/* ---- names ---- */

void
vc_pci_nodedev_name(const struct vc_pciaddr *a, char out[24])
{
	snprintf(out, 24, "pci_%04x_%02x_%02x_%x", a->dom & 0xffff, a->bus & 0xff,
	         a->slot & 0x1f, a->fn & 7);
}

/* udev-style: "usb_" + sysfs name with anything not alnum as '_' */
static char *
usbname(const char *sys)
{
	char *s = vc_asprintf("usb_%s", sys), *p;

	for (p = s + 4; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z')))
			*p = '_';
	return s;
}

static char *
netname(const char *ifname, const unsigned char mac[6])
{
	char m[18], *p;

	vc_mac_format(mac, m);
	for (p = m; *p; p++)
		if (*p == ':')
			*p = '_';
	return vc_asprintf("net_%s_%s", ifname, m);
}

/* a usb device ("usb1", "1-1.2") or interface ("1-1:1.0") directory */
static int
usbish(const char *b)
{
	if (strncmp(b, "usb", 3) == 0 && b[3] >= '0' && b[3] <= '9')
		return 1;
	return b[0] >= '0' && b[0] <= '9' && strchr(b, '-') != NULL;
}

/* the node device above ROOT/rel: the nearest enclosing directory that is
 * a PCI or USB device (a net device under virtio2 belongs to the virtio
 * PCI function), else "computer" */
static char *
ancestor(const char *rel)
{
	char *p = vc_host_path("%s", rel), *rp, *sl, nm[24];
	struct vc_pciaddr a;
	char *s = NULL;

	rp = realpath(p, NULL);
	free(p);
	while (rp && !s && (sl = strrchr(rp, '/')) && sl != rp) {
		*sl = '\0';
		if (!(sl = strrchr(rp, '/')))
			break;
		sl++;
		if (strcmp(sl, "devices") == 0)
			break;
		if (vc_pci_addr_scan(sl, &a) == 0) {
			vc_pci_nodedev_name(&a, nm);
			s = vc_strdup(nm);
		} else if (usbish(sl)) {
			s = usbname(sl);
		}
		vc_err_clear();
	}
	free(rp);
	return s ? s : vc_strdup("computer");
}

/* "/sys/devices/..." for a path below the root, whatever the root is,
 * so output from a fake tree does not depend on where the tree lives */
static char *
syspath(const char *rel)
{
	char *p = vc_host_path("%s", rel), *rp, *rr, *s = NULL;

	rp = realpath(p, NULL);
	rr = realpath(vc_host_root(), NULL);
	if (rp && rr && strncmp(rp, rr, strlen(rr)) == 0)
		s = vc_asprintf("/sys%s", rp + strlen(rr));
	free(p);
	free(rp);
	free(rr);
	return s;
}

/* ---- XML pieces ---- */

static void
elem(struct vc_buf *b, int lvl, const char *name, const char *text)
{
	if (!text || !*text)
		return;
	vc_buf_indent(b, lvl);
	vc_buf_printf(b, "<%s>", name);
	vc_buf_esc(b, text, 0);
	vc_buf_printf(b, "</%s>\n", name);
}

static void
head(struct vc_buf *b, const char *name, const char *path, const char *parent,
     const char *driver)
{
	vc_buf_puts(b, "<device>\n");
	elem(b, 1, "name", name);
	elem(b, 1, "path", path);
	elem(b, 1, "parent", parent);
	if (driver) {
		vc_buf_puts(b, "  <driver>\n");
		elem(b, 2, "name", driver);
		vc_buf_puts(b, "  </driver>\n");
	}
}

static void
idname(struct vc_buf *b, int lvl, const char *el, unsigned id, int width,
       const char *name)
{
	vc_buf_indent(b, lvl);
	vc_buf_printf(b, "<%s id='0x%0*x'", el, width, id);
	if (name && *name) {
		vc_buf_putc(b, '>');
		vc_buf_esc(b, name, 0);
		vc_buf_printf(b, "</%s>\n", el);
	} else {
		vc_buf_puts(b, "/>\n");
	}
}

static void
addrel(struct vc_buf *b, int lvl, const struct vc_pciaddr *a)
{
	vc_buf_indent(b, lvl);
	vc_buf_printf(b, "<address domain='0x%04x' bus='0x%02x' slot='0x%02x' "
	              "function='0x%x'/>\n", a->dom, a->bus, a->slot, a->fn);
}

static void
linkel(struct vc_buf *b, const char *validity, const struct vc_pci_link *l)
{
	vc_buf_printf(b, "      <link validity='%s'", validity);
	if (l->speed[0])
		vc_buf_printf(b, " speed='%s'", l->speed);
	vc_buf_printf(b, " width='%u'/>\n", l->width);
}

void
vc_pci_format(struct vc_buf *b, struct vc_pci_dev *d)
{
	char nm[24], pn[24], *path, *rel;
	struct vc_pciaddr pa;
	size_t i;

	vc_pci_names(d);
	vc_pci_nodedev_name(&d->addr, nm);
	rel = vc_asprintf("bus/pci/devices/%s", d->name);
	path = syspath(rel);
	free(rel);
	if (d->parent && vc_pci_addr_scan(d->parent, &pa) == 0)
		vc_pci_nodedev_name(&pa, pn);
	else
		snprintf(pn, sizeof(pn), "computer");
	head(b, nm, path, pn, d->driver);
	free(path);
	vc_buf_puts(b, "  <capability type='pci'>\n");
	vc_buf_printf(b, "    <class>0x%06x</class>\n", d->class);
	vc_buf_printf(b, "    <domain>%u</domain>\n", d->addr.dom);
	vc_buf_printf(b, "    <bus>%u</bus>\n", d->addr.bus);
	vc_buf_printf(b, "    <slot>%u</slot>\n", d->addr.slot);
	vc_buf_printf(b, "    <function>%u</function>\n", d->addr.fn);
	idname(b, 2, "product", d->device, 4, d->device_name);
	idname(b, 2, "vendor", d->vendor, 4, d->vendor_name);
	if (d->is_vf) {
		vc_buf_puts(b, "    <capability type='phys_function'>\n");
		addrel(b, 3, &d->pf);
		vc_buf_puts(b, "    </capability>\n");
	}
	if (d->is_pf) {
		vc_buf_printf(b, "    <capability type='virt_functions' maxCount='%u'",
		              d->totalvfs);
		if (d->nvfs) {
			vc_buf_puts(b, ">\n");
			for (i = 0; i < d->nvfs; i++)
				addrel(b, 3, &d->vfs[i]);
			vc_buf_puts(b, "    </capability>\n");
		} else {
			vc_buf_puts(b, "/>\n");
		}
	}
	if (d->iommu_group != VC_PCI_NONE) {
		vc_buf_printf(b, "    <iommuGroup number='%d'>\n", d->iommu_group);
		for (i = 0; i < d->ngroup; i++)
			addrel(b, 3, &d->group[i]);
		vc_buf_puts(b, "    </iommuGroup>\n");
	}
	if (d->numa_node != VC_PCI_NONE)
		vc_buf_printf(b, "    <numa node='%d'/>\n", d->numa_node);
	if (d->link_cap.present || d->link_sta.present) {
		vc_buf_puts(b, "    <pci-express>\n");
		if (d->link_cap.present)
			linkel(b, "cap", &d->link_cap);
		if (d->link_sta.present)
			linkel(b, "sta", &d->link_sta);
		vc_buf_puts(b, "    </pci-express>\n");
	}
	vc_buf_puts(b, "  </capability>\n</device>\n");
}

/* ---- system ---- */

static void
sysxml(struct vc_buf *b)
{
	static const char *const hw[][2] = {
		{"vendor", "sys_vendor"}, {"version", "product_version"},
		{"serial", "product_serial"}, {"uuid", "product_uuid"},
	};
	static const char *const fw[][2] = {
		{"vendor", "bios_vendor"}, {"version", "bios_version"},
		{"release_date", "bios_date"},
	};
	char *v[4], *f[3], *prod;
	size_t i;
	int anyh = 0, anyf = 0;

	for (i = 0; i < 4; i++)
		anyh |= (v[i] = vc_host_read("class/dmi/id/%s", hw[i][1])) != NULL;
	for (i = 0; i < 3; i++)
		anyf |= (f[i] = vc_host_read("class/dmi/id/%s", fw[i][1])) != NULL;
	prod = vc_host_read("class/dmi/id/product_name");
	head(b, "computer", NULL, NULL, NULL);
	vc_buf_puts(b, "  <capability type='system'>\n");
	elem(b, 2, "product", prod);
	if (anyh) {
		vc_buf_puts(b, "    <hardware>\n");
		for (i = 0; i < 4; i++)
			elem(b, 3, hw[i][0], v[i]);
		vc_buf_puts(b, "    </hardware>\n");
	}
	if (anyf) {
		vc_buf_puts(b, "    <firmware>\n");
		for (i = 0; i < 3; i++)
			elem(b, 3, fw[i][0], f[i]);
		vc_buf_puts(b, "    </firmware>\n");
	}
	vc_buf_puts(b, "  </capability>\n</device>\n");
	for (i = 0; i < 4; i++)
		free(v[i]);
	for (i = 0; i < 3; i++)
		free(f[i]);
	free(prod);
}

/* ---- net ---- */

/* offload features by ethtool, in libvirt's order; the real host only */
static void
features(struct vc_buf *b, const char *ifname)
{
	static const struct { int cmd; const char *name; } simple[] = {
		{ETHTOOL_GRXCSUM, "rx"}, {ETHTOOL_GTXCSUM, "tx"},
		{ETHTOOL_GSG, "sg"}, {ETHTOOL_GTSO, "tso"},
		{ETHTOOL_GGSO, "gso"}, {ETHTOOL_GGRO, "gro"},
	};
	static const struct { unsigned flag; const char *name; } flags[] = {
		{ETH_FLAG_LRO, "lro"}, {ETH_FLAG_RXVLAN, "rxvlan"},
		{ETH_FLAG_TXVLAN, "txvlan"}, {ETH_FLAG_NTUPLE, "ntuple"},
		{ETH_FLAG_RXHASH, "rxhash"},
	};
	struct ifreq ifr;
	struct ethtool_value ev;
	size_t i;
	int fd;

	if (!vc_host_is_real() || strlen(ifname) >= IFNAMSIZ)
		return;
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	ifr.ifr_data = (void *)&ev;
	for (i = 0; i < VC_NELEM(simple); i++) {
		memset(&ev, 0, sizeof(ev));
		ev.cmd = simple[i].cmd;
		if (ioctl(fd, SIOCETHTOOL, &ifr) == 0 && ev.data)
			vc_buf_printf(b, "    <feature name='%s'/>\n", simple[i].name);
	}
	memset(&ev, 0, sizeof(ev));
	ev.cmd = ETHTOOL_GFLAGS;
	if (ioctl(fd, SIOCETHTOOL, &ifr) == 0)
		for (i = 0; i < VC_NELEM(flags); i++)
			if (ev.data & flags[i].flag)
				vc_buf_printf(b, "    <feature name='%s'/>\n", flags[i].name);
	close(fd);
}

struct netinfo {
	char *ifname, *name, *parent;
	unsigned char mac[6];
};

static int
netread(const char *ifname, struct netinfo *n)
{
	char *s, *rel;

	memset(n, 0, sizeof(*n));
	if (!(s = vc_host_read("class/net/%s/address", ifname)))
		return -1;
	if (vc_mac_parse(s, n->mac) < 0)
		memset(n->mac, 0, 6);
	vc_err_clear();
	free(s);
	n->ifname = vc_strdup(ifname);
	n->name = netname(ifname, n->mac);
	rel = vc_asprintf("class/net/%s", ifname);
	n->parent = ancestor(rel);
	free(rel);
	return 0;
}

static void
netfree(struct netinfo *n)
{
	free(n->ifname);
	free(n->name);
	free(n->parent);
}

static void
netxml(struct vc_buf *b, const struct netinfo *n)
{
	char *rel, *path, *state, *s, *type, mac[18];
	long long speed = 0;
	char *wl;

	rel = vc_asprintf("class/net/%s", n->ifname);
	path = syspath(rel);
	free(rel);
	head(b, n->name, path, n->parent, NULL);
	free(path);
	vc_buf_puts(b, "  <capability type='net'>\n");
	elem(b, 2, "interface", n->ifname);
	vc_mac_format(n->mac, mac);
	elem(b, 2, "address", mac);
	state = vc_host_read("class/net/%s/operstate", n->ifname);
	if ((s = vc_host_read("class/net/%s/speed", n->ifname))) {
		if (vc_parse_ll(s, 0, 0x7fffffff, &speed) < 0)
			speed = 0;
		vc_err_clear();
		free(s);
	}
	if (speed > 0 || (state && *state)) {
		vc_buf_puts(b, "    <link");
		if (speed > 0)
			vc_buf_printf(b, " speed='%lld'", speed);
		if (state && *state) {
			vc_buf_puts(b, " state='");
			vc_buf_esc(b, state, 1);
			vc_buf_putc(b, '\'');
		}
		vc_buf_puts(b, "/>\n");
	}
	free(state);
	features(b, n->ifname);
	type = vc_host_read("class/net/%s/type", n->ifname);
	wl = vc_host_path("class/net/%s/wireless", n->ifname);
	if (access(wl, F_OK) == 0)
		vc_buf_puts(b, "    <capability type='80211'/>\n");
	else if (!type || strcmp(type, "1") == 0)
		vc_buf_puts(b, "    <capability type='80203'/>\n");
	free(wl);
	free(type);
	vc_buf_puts(b, "  </capability>\n</device>\n");
}

static int
netlist(struct netinfo **out, size_t *n)
{
	char **ifs;
	size_t ni, i;
	struct netinfo x;

	*out = NULL;
	*n = 0;
	if (vc_host_dir(&ifs, &ni, "class/net") < 0) {
		vc_err_clear();
		return 0;
	}
	for (i = 0; i < ni; i++) {
		if (netread(ifs[i], &x) < 0)
			continue;
		VC_GROW(*out, *n);
		(*out)[(*n)++] = x;
	}
	vc_host_strv_free(ifs, ni);
	return 0;
}

/* ---- usb ---- */

struct usbinfo {
	char *sys;                 /* "1-1", "usb1", "1-1:1.0" */
	char *name, *parent;
	int iface;                 /* a 'usb' interface, not a usb_device */
	unsigned bus, dev, vendor, product;
	unsigned number, class, subclass, protocol;
	char *vname, *pname;
};

static void
usbfree(struct usbinfo *u)
{
	free(u->sys);
	free(u->name);
	free(u->parent);
	free(u->vname);
	free(u->pname);
}

static unsigned
hexattr(const char *sys, const char *attr)
{
	char *s = vc_host_read("bus/usb/devices/%s/%s", sys, attr), *end;
	unsigned long v = 0;

	if (s) {
		errno = 0;
		v = strtoul(s, &end, 16);
		if (errno || end == s || v > 0xffff)
			v = 0;
	}
	free(s);
	return v;
}

static unsigned
decattr(const char *sys, const char *attr)
{
	unsigned long long v;

	if (vc_host_read_ull(&v, "bus/usb/devices/%s/%s", sys, attr) < 0 || v > 0xffff)
		return 0;
	return v;
}

static void
usbadd(struct usbinfo **out, size_t *n, struct usbinfo *u)
{
	VC_GROW(*out, *n);
	(*out)[(*n)++] = *u;
}

/* a fake root: everything from ROOT/bus/usb/devices */
static void
usb_sysfs(struct usbinfo **out, size_t *n)
{
	char **ents, *c;
	size_t ne, i;
	struct usbinfo u;

	if (vc_host_dir(&ents, &ne, "bus/usb/devices") < 0) {
		vc_err_clear();
		return;
	}
	for (i = 0; i < ne; i++) {
		memset(&u, 0, sizeof(u));
		u.sys = vc_strdup(ents[i]);
		u.name = usbname(ents[i]);
		if ((c = strchr(ents[i], ':'))) {
			u.iface = 1;
			*c = '\0';
			u.parent = usbname(ents[i]);
			u.number = hexattr(u.sys, "bInterfaceNumber");
			u.class = hexattr(u.sys, "bInterfaceClass");
			u.subclass = hexattr(u.sys, "bInterfaceSubClass");
			u.protocol = hexattr(u.sys, "bInterfaceProtocol");
		} else {
			u.bus = decattr(u.sys, "busnum");
			u.dev = decattr(u.sys, "devnum");
			u.vendor = hexattr(u.sys, "idVendor");
			u.product = hexattr(u.sys, "idProduct");
			u.vname = vc_host_read("bus/usb/devices/%s/manufacturer", u.sys);
			u.pname = vc_host_read("bus/usb/devices/%s/product", u.sys);
		}
		usbadd(out, n, &u);
	}
	vc_host_strv_free(ents, ne);
}

/* libusb (and libudev below it) is loaded only when the real host's USB
 * devices are listed: linked, the two cost every tool's start, and the
 * multicall virtcore binary would carry them for all */
static struct {
	void *so;
	int (*init)(libusb_context **);
	void (*exit)(libusb_context *);
	ssize_t (*get_device_list)(libusb_context *, libusb_device ***);
	void (*free_device_list)(libusb_device **, int);
	int (*get_device_descriptor)(libusb_device *, struct libusb_device_descriptor *);
	int (*get_port_numbers)(libusb_device *, uint8_t *, int);
	uint8_t (*get_bus_number)(libusb_device *);
	uint8_t (*get_device_address)(libusb_device *);
	int (*get_active_config_descriptor)(libusb_device *, struct libusb_config_descriptor **);
	void (*free_config_descriptor)(struct libusb_config_descriptor *);
} lu;

/* 0 loaded, -1 when libusb-1.0.so.0 or one of its functions is missing */
static int
load_libusb(void)
{
	static const char *const names[] = { "libusb_init", "libusb_exit", "libusb_get_device_list", "libusb_free_device_list", "libusb_get_device_descriptor", "libusb_get_port_numbers", "libusb_get_bus_number", "libusb_get_device_address", "libusb_get_active_config_descriptor", "libusb_free_config_descriptor" };
	void **slots[] = { (void **)&lu.init, (void **)&lu.exit, (void **)&lu.get_device_list, (void **)&lu.free_device_list, (void **)&lu.get_device_descriptor, (void **)&lu.get_port_numbers, (void **)&lu.get_bus_number, (void **)&lu.get_device_address, (void **)&lu.get_active_config_descriptor, (void **)&lu.free_config_descriptor };
	size_t i;

	if (lu.so)
		return 0;
	if (!(lu.so = dlopen("libusb-1.0.so.0", RTLD_NOW | RTLD_LOCAL)))
		return -1;
	for (i = 0; i < VC_NELEM(names); i++)
		if (!(*slots[i] = dlsym(lu.so, names[i]))) {
			dlclose(lu.so);
			lu.so = NULL;
			return -1;
		}
	return 0;
}

/* the real host: devices through libusb; names from sysfs when readable */
static void
usb_libusb(struct usbinfo **out, size_t *n)
{
	libusb_context *ctx;
	libusb_device **list;
	struct libusb_device_descriptor dd;
	struct libusb_config_descriptor *cd;
	struct usbinfo u;
	struct vc_buf b = {0};
	uint8_t ports[8];
	ssize_t nd, i;
	int np, k, j;
	char *sys, *par;

	if (lu.init(&ctx) < 0)
		return;      /* no USB on this host: an empty list */
	if ((nd = lu.get_device_list(ctx, &list)) < 0) {
		lu.exit(ctx);
		return;
	}
	for (i = 0; i < nd; i++) {
		if (lu.get_device_descriptor(list[i], &dd) < 0)
			continue;
		np = lu.get_port_numbers(list[i], ports, sizeof(ports));
		if (np <= 0) {
			sys = vc_asprintf("usb%u", lu.get_bus_number(list[i]));
			par = NULL;
		} else {
			vc_buf_printf(&b, "%u-", lu.get_bus_number(list[i]));
			for (k = 0; k < np; k++)
				vc_buf_printf(&b, k ? ".%u" : "%u", ports[k]);
			sys = vc_buf_take(&b);
			if (np == 1) {
				par = vc_asprintf("usb_usb%u", lu.get_bus_number(list[i]));
			} else {
				char *t = vc_strdup(sys);
				*strrchr(t, '.') = '\0';
				par = usbname(t);
				free(t);
			}
		}
		memset(&u, 0, sizeof(u));
		u.sys = sys;
		u.name = usbname(sys);
		u.parent = par;
		u.bus = lu.get_bus_number(list[i]);
		u.dev = lu.get_device_address(list[i]);
		u.vendor = dd.idVendor;
		u.product = dd.idProduct;
		u.vname = vc_host_read("bus/usb/devices/%s/manufacturer", sys);
		u.pname = vc_host_read("bus/usb/devices/%s/product", sys);
		usbadd(out, n, &u);
		if (lu.get_active_config_descriptor(list[i], &cd) < 0)
			continue;
		for (k = 0; k < cd->bNumInterfaces; k++) {
			const struct libusb_interface *it = &cd->interface[k];
			for (j = 0; j < it->num_altsetting && j < 1; j++) {
				const struct libusb_interface_descriptor *id = &it->altsetting[j];
				memset(&u, 0, sizeof(u));
				u.iface = 1;
				u.sys = vc_asprintf("%s:%u.%u", sys, cd->bConfigurationValue,
				                    id->bInterfaceNumber);
				u.name = usbname(u.sys);
				u.parent = usbname(sys);
				u.number = id->bInterfaceNumber;
				u.class = id->bInterfaceClass;
				u.subclass = id->bInterfaceSubClass;
				u.protocol = id->bInterfaceProtocol;
				usbadd(out, n, &u);
			}
		}
		lu.free_config_descriptor(cd);
	}
	lu.free_device_list(list, 1);
	lu.exit(ctx);
}

static void
usblist(struct usbinfo **out, size_t *n)
{
	size_t i;
	char *rel;

	*out = NULL;
	*n = 0;
	if (vc_host_is_real() && load_libusb() == 0)
		usb_libusb(out, n);
	else
		usb_sysfs(out, n);
	for (i = 0; i < *n; i++) {
		if ((*out)[i].parent)
			continue;
		/* a device's parent is the sysfs directory above it */
		rel = vc_asprintf("bus/usb/devices/%s", (*out)[i].sys);
		(*out)[i].parent = ancestor(rel);
		free(rel);
	}
}

static void
usbxml(struct vc_buf *b, const struct usbinfo *u)
{
	char *rel, *path;

	rel = vc_asprintf("bus/usb/devices/%s", u->sys);
	path = syspath(rel);
	free(rel);
	head(b, u->name, path, u->parent, NULL);
	free(path);
	if (u->iface) {
		vc_buf_puts(b, "  <capability type='usb'>\n");
		vc_buf_printf(b, "    <number>%u</number>\n", u->number);
		vc_buf_printf(b, "    <class>%u</class>\n", u->class);
		vc_buf_printf(b, "    <subclass>%u</subclass>\n", u->subclass);
		vc_buf_printf(b, "    <protocol>%u</protocol>\n", u->protocol);
	} else {
		vc_buf_puts(b, "  <capability type='usb_device'>\n");
		vc_buf_printf(b, "    <bus>%u</bus>\n", u->bus);
		vc_buf_printf(b, "    <device>%u</device>\n", u->dev);
		idname(b, 2, "product", u->product, 4, u->pname);
		idname(b, 2, "vendor", u->vendor, 4, u->vname);
	}
	vc_buf_puts(b, "  </capability>\n</device>\n");
}

/* ---- the list and the lookup ---- */

static void
add(struct vc_host_nodedev **devs, size_t *n, char *name, char *parent,
    int cap, char *desc)
{
	struct vc_host_nodedev *d;

	VC_GROW(*devs, *n);
	d = &(*devs)[(*n)++];
	d->name = name;
	d->parent = parent;
	d->cap = cap;
	d->desc = desc;
}

int
vc_host_nodedev_list(int cap, struct vc_host_nodedev **devs, size_t *n)
{
	struct vc_pci_dev **pci;
	struct netinfo *net;
	struct usbinfo *usb;
	size_t np, nn, nu, i;
	char nm[24], pn[24], mac[18];
	struct vc_pciaddr pa;

	*devs = NULL;
	*n = 0;
	if (!cap || cap == VC_HOST_CAP_SYSTEM)
		add(devs, n, vc_strdup("computer"), NULL, VC_HOST_CAP_SYSTEM,
		    vc_strdup(""));
	if (!cap || cap == VC_HOST_CAP_PCI) {
		if (vc_pci_list(&pci, &np) < 0)
			goto fail;
		for (i = 0; i < np; i++) {
			vc_pci_nodedev_name(&pci[i]->addr, nm);
			if (pci[i]->parent && vc_pci_addr_scan(pci[i]->parent, &pa) == 0)
				vc_pci_nodedev_name(&pa, pn);
			else
				snprintf(pn, sizeof(pn), "computer");
			add(devs, n, vc_strdup(nm), vc_strdup(pn), VC_HOST_CAP_PCI,
			    vc_asprintf("%s %04x:%04x %s", pci[i]->name, pci[i]->vendor,
			                pci[i]->device,
			                pci[i]->driver ? pci[i]->driver : "-"));
		}
		vc_pci_list_free(pci, np);
	}
	if (!cap || cap == VC_HOST_CAP_NET) {
		netlist(&net, &nn);
		for (i = 0; i < nn; i++) {
			vc_mac_format(net[i].mac, mac);
			add(devs, n, net[i].name, net[i].parent, VC_HOST_CAP_NET,
			    vc_asprintf("%s %s", net[i].ifname, mac));
			free(net[i].ifname);
		}
		free(net);
	}
	if (!cap || cap == VC_HOST_CAP_USB_DEVICE || cap == VC_HOST_CAP_USB) {
		usblist(&usb, &nu);
		for (i = 0; i < nu; i++) {
			int c = usb[i].iface ? VC_HOST_CAP_USB : VC_HOST_CAP_USB_DEVICE;
			if (cap && cap != c) {
				usbfree(&usb[i]);
				continue;
			}
			add(devs, n, usb[i].name, usb[i].parent, c, usb[i].iface ?
			    vc_asprintf("%s class %u", usb[i].sys, usb[i].class) :
			    vc_asprintf("%03u:%03u %04x:%04x", usb[i].bus, usb[i].dev,
			                usb[i].vendor, usb[i].product));
			usb[i].name = usb[i].parent = NULL;
			usbfree(&usb[i]);
		}
		free(usb);
	}
	vc_err_clear();
	return 0;
fail:
	vc_host_nodedev_list_free(*devs, *n);
	*devs = NULL;
	*n = 0;
	return -1;
}

void
vc_host_nodedev_list_free(struct vc_host_nodedev *devs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(devs[i].name);
		free(devs[i].parent);
		free(devs[i].desc);
	}
	free(devs);
}

char *
vc_host_nodedev_xml(const char *name)
{
	struct vc_buf b = {0};
	struct vc_pci_dev *d;
	struct netinfo *net;
	struct usbinfo *usb;
	size_t nn, nu, i;
	int found = 0;

	if (strcmp(name, "computer") == 0) {
		sysxml(&b);
		return vc_buf_take(&b);
	}
	if (strncmp(name, "pci_", 4) == 0) {
		if (!(d = vc_pci_get(name)))
			return NULL;
		vc_pci_format(&b, d);
		vc_pci_free(d);
		return vc_buf_take(&b);
	}
	if (strncmp(name, "net_", 4) == 0) {
		netlist(&net, &nn);
		for (i = 0; i < nn; i++) {
			if (!found && strcmp(net[i].name, name) == 0) {
				netxml(&b, &net[i]);
				found = 1;
			}
			netfree(&net[i]);
		}
		free(net);
	} else if (strncmp(name, "usb_", 4) == 0) {
		usblist(&usb, &nu);
		for (i = 0; i < nu; i++) {
			if (!found && strcmp(usb[i].name, name) == 0) {
				usbxml(&b, &usb[i]);
				found = 1;
			}
			usbfree(&usb[i]);
		}
		free(usb);
	}
	if (!found) {
		vc_buf_free(&b);
		vc_err("no node device %s", name);
		return NULL;
	}
	return vc_buf_take(&b);
}
