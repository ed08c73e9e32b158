/* host.c: the test driver's simulated host: a sysfs/proc tree and a tiny kernel */
/*
 * The tree lives in STATEDIR/host/{sysfs,proc}: an SR-IOV PF (eth2) with 8
 * VFs, a plain NIC (eth0, the default route), a GPU with its audio function,
 * a USB NIC, a SATA controller holding the root file system, 4 CPUs in one
 * NUMA node. It is the tree tests/fixtures/mksysfs builds, plus the disk,
 * the CPUs and a proc tree.
 *
 * The host layer reads this tree exactly as it reads /sys (the root is
 * switched with vc_host_set_root), so listing and XML run the product code
 * unchanged. Writes have no kernel behind them: detach.c tells the hook
 * vc_test_host_kernel() about each write it made, and the hook does what
 * Linux would (move the `driver` link, keep driver_override readable as
 * the kernel shows it). It mirrors tests/fixtures/sysfs_shim.c, which plays
 * the same part for the test suite's fake trees on the real code path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "../../host.h"
#include "../../host/detach.h"
#include "../../driver.h"

/* ---- building the tree ---- */

struct tree {
	const char *d;          /* the tree's top directory */
	int err;
};

static void
mkd(struct tree *t, const char *rel)
{
	char *p = vc_asprintf("%s/%s", t->d, rel);

	if (vc_mkdir_p(p, 0755) < 0)
		t->err = -1;
	free(p);
}

static void
mkparent(struct tree *t, const char *rel)
{
	char *r = vc_strdup(rel), *s = strrchr(r, '/');

	if (s) {
		*s = '\0';
		mkd(t, r);
	}
	free(r);
}

/* write FILE with "VALUE\n" ("" for an empty file) */
static void
put(struct tree *t, const char *rel, const char *val)
{
	char *p = vc_asprintf("%s/%s", t->d, rel);
	FILE *f;

	mkparent(t, rel);
	if (!(f = fopen(p, "we")) || (*val && fprintf(f, "%s\n", val) < 0)) {
		vc_err("%s:", p);
		t->err = -1;
	}
	if (f && fclose(f) != 0 && !t->err) {
		vc_err("%s:", p);
		t->err = -1;
	}
	free(p);
}

static void
putf(struct tree *t, const char *rel, const char *fmt, ...) VC_PRINTF(3, 4);

static void
putf(struct tree *t, const char *rel, const char *fmt, ...)
{
	struct vc_buf b = {0};
	va_list ap;
	char *s;

	va_start(ap, fmt);
	vc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = vc_buf_take(&b);
	put(t, rel, s ? s : "");
	free(s);
}

/* relative symlink LINK -> TARGET, both relative to the top */
static void
lnk(struct tree *t, const char *target, const char *link)
{
	struct vc_buf b = {0};
	const char *s;
	char *p, *v;

	mkparent(t, link);
	for (s = link; *s; s++)
		if (*s == '/')
			vc_buf_puts(&b, "../");
	vc_buf_puts(&b, target);
	v = vc_buf_take(&b);
	p = vc_asprintf("%s/%s", t->d, link);
	unlink(p);
	if (symlink(v, p) < 0) {
		vc_err("symlink %s:", p);
		t->err = -1;
	}
	free(p);
	free(v);
}

struct pcidef {
	const char *addr, *vendor, *device, *subven, *subdev, *class, *driver;
	int group, numa;
};

static void
pcidev(struct tree *t, const char *path, const struct pcidef *d)
{
	char rel[512], dev[256];

	snprintf(dev, sizeof(dev), "%s/%s", path, d->addr);
	mkd(t, dev);
#define ATTR(name, val) (snprintf(rel, sizeof(rel), "%s/" name, dev), put(t, rel, val))
	ATTR("vendor", d->vendor);
	ATTR("device", d->device);
	ATTR("subsystem_vendor", d->subven);
	ATTR("subsystem_device", d->subdev);
	ATTR("class", d->class);
	ATTR("driver_override", "(null)");
	ATTR("enable", "1");
	ATTR(".default_driver", d->driver ? d->driver : "");
	snprintf(rel, sizeof(rel), "%s/numa_node", dev);
	putf(t, rel, "%d", d->numa);
#undef ATTR
	snprintf(rel, sizeof(rel), "bus/pci/devices/%s", d->addr);
	lnk(t, dev, rel);
	if (d->driver) {
		char drv[256];

		snprintf(drv, sizeof(drv), "bus/pci/drivers/%s", d->driver);
		snprintf(rel, sizeof(rel), "%s/driver", dev);
		lnk(t, drv, rel);
		snprintf(rel, sizeof(rel), "bus/pci/drivers/%s/%s", d->driver, d->addr);
		lnk(t, dev, rel);
	}
	if (d->group >= 0) {
		char grp[64];

		snprintf(grp, sizeof(grp), "kernel/iommu_groups/%d", d->group);
		snprintf(rel, sizeof(rel), "%s/devices", grp);
		mkd(t, rel);
		snprintf(rel, sizeof(rel), "%s/iommu_group", dev);
		lnk(t, grp, rel);
		snprintf(rel, sizeof(rel), "%s/devices/%s", grp, d->addr);
		lnk(t, dev, rel);
	}
}

static void
pcilink(struct tree *t, const char *dev, const char *ms, const char *mw,
        const char *cs, const char *cw)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s/max_link_speed", dev);
	put(t, rel, ms);
	snprintf(rel, sizeof(rel), "%s/max_link_width", dev);
	put(t, rel, mw);
	snprintf(rel, sizeof(rel), "%s/current_link_speed", dev);
	put(t, rel, cs);
	snprintf(rel, sizeof(rel), "%s/current_link_width", dev);
	put(t, rel, cw);
}

static void
touch(struct tree *t, const char *dev, const char *name)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s/%s", dev, name);
	put(t, rel, "");
}

static void
netdev(struct tree *t, const char *dev, const char *name, int ifindex,
       const char *mac, const char *state, const char *speed)
{
	char n[256], rel[512];

	snprintf(n, sizeof(n), "%s/net/%s", dev, name);
	mkd(t, n);
	snprintf(rel, sizeof(rel), "%s/address", n);
	put(t, rel, mac);
	snprintf(rel, sizeof(rel), "%s/ifindex", n);
	putf(t, rel, "%d", ifindex);
	snprintf(rel, sizeof(rel), "%s/operstate", n);
	put(t, rel, state);
	snprintf(rel, sizeof(rel), "%s/mtu", n);
	put(t, rel, "1500");
	snprintf(rel, sizeof(rel), "%s/speed", n);
	put(t, rel, speed);
	snprintf(rel, sizeof(rel), "%s/type", n);
	put(t, rel, "1");
	snprintf(rel, sizeof(rel), "%s/device", n);
	lnk(t, dev, rel);
	snprintf(rel, sizeof(rel), "class/net/%s", name);
	lnk(t, n, rel);
}

#define R "devices/pci0000:00"

static void
sysfs(struct tree *t, unsigned nvfs)
{
	static const char *const drivers[] = {
		"ixgbe", "ixgbevf", "vfio-pci", "pci-stub", "e1000e", "nvidia",
		"pcieport", "xhci_hcd", "ahci",
	};
	static const char *const dfiles[] = {"bind", "unbind", "new_id", "remove_id"};
	char rel[512], pf[256], vp[256], a[16], mac[18], name[16];
	const char *rp1 = R "/0000:00:01.0", *rp3 = R "/0000:00:03.0";
	const char *nic = R "/0000:00:19.0";
	const char *sata = R "/0000:00:1f.2", *u = R "/0000:00:14.0/usb1";
	size_t i, j;
	unsigned k, devfn;

	mkd(t, "bus/pci/devices");
	mkd(t, "kernel/iommu_groups");
	mkd(t, "class/net");
	mkd(t, "bus/usb/devices");
	put(t, "bus/pci/drivers_probe", "");
	put(t, "bus/pci/drivers_autoprobe", "1");
	for (i = 0; i < VC_NELEM(drivers); i++)
		for (j = 0; j < VC_NELEM(dfiles); j++) {
			snprintf(rel, sizeof(rel), "bus/pci/drivers/%s/%s", drivers[i], dfiles[j]);
			put(t, rel, "");
		}

	pcidev(t, R, &(struct pcidef){"0000:00:00.0", "0x8086", "0x29c0",
	       "0x1af4", "0x1100", "0x060000", NULL, 0, -1});

	/* a GPU and its audio function in one IOMMU group behind a root port */
	pcidev(t, R, &(struct pcidef){"0000:00:01.0", "0x8086", "0x29c1",
	       "0x0000", "0x0000", "0x060400", "pcieport", 1, -1});
	pcidev(t, rp1, &(struct pcidef){"0000:01:00.0", "0x10de", "0x1db6",
	       "0x10de", "0x124a", "0x030200", "nvidia", 1, 0});
	pcilink(t, R "/0000:00:01.0/0000:01:00.0", "8.0 GT/s PCIe", "16",
	        "2.5 GT/s PCIe", "16");
	touch(t, R "/0000:00:01.0/0000:01:00.0", "reset");
	pcidev(t, rp1, &(struct pcidef){"0000:01:00.1", "0x10de", "0x10f2",
	       "0x10de", "0x124a", "0x040300", NULL, 1, 0});

	/* an SR-IOV PF (82599, ixgbe): VFs at devfn 0x80 + 2i as ixgbe lays them out */
	pcidev(t, R, &(struct pcidef){"0000:00:03.0", "0x8086", "0x29c1",
	       "0x0000", "0x0000", "0x060400", "pcieport", 2, -1});
	snprintf(pf, sizeof(pf), "%s/0000:04:00.0", rp3);
	pcidev(t, rp3, &(struct pcidef){"0000:04:00.0", "0x8086", "0x10fb",
	       "0x8086", "0x0003", "0x020000", "ixgbe", 20, 0});
	pcilink(t, pf, "5.0 GT/s PCIe", "8", "5.0 GT/s PCIe", "8");
	touch(t, pf, "reset");
	snprintf(rel, sizeof(rel), "%s/sriov_totalvfs", pf);
	put(t, rel, "63");
	snprintf(rel, sizeof(rel), "%s/sriov_numvfs", pf);
	putf(t, rel, "%u", nvfs);
	snprintf(rel, sizeof(rel), "%s/sriov_offset", pf);
	put(t, rel, "128");
	snprintf(rel, sizeof(rel), "%s/sriov_stride", pf);
	put(t, rel, "2");
	netdev(t, pf, "eth2", 3, "00:11:22:33:44:55", "up", "10000");
	for (k = 0; k < nvfs; k++) {
		devfn = 128 + 2 * k;
		snprintf(a, sizeof(a), "0000:04:%02x.%x", (devfn >> 3) & 0x1f, devfn & 7);
		snprintf(vp, sizeof(vp), "%s/%s", rp3, a);
		pcidev(t, rp3, &(struct pcidef){a, "0x8086", "0x10ed", "0x8086",
		       "0x0003", "0x020000", "ixgbevf", 21 + (int)k, 0});
		touch(t, vp, "reset");
		snprintf(rel, sizeof(rel), "%s/physfn", vp);
		lnk(t, pf, rel);
		snprintf(rel, sizeof(rel), "%s/virtfn%u", pf, k);
		lnk(t, vp, rel);
		snprintf(name, sizeof(name), "eth2v%u", k);
		snprintf(mac, sizeof(mac), "02:00:00:00:04:%02x", k & 0xff);
		netdev(t, vp, name, 10 + k, mac, "up", "1000");
	}

	/* a plain NIC: it carries the simulated host's default route */
	pcidev(t, R, &(struct pcidef){"0000:00:19.0", "0x8086", "0x1502",
	       "0x17aa", "0x21f3", "0x020000", "e1000e", 5, 0});
	touch(t, nic, "reset");
	netdev(t, nic, "eth0", 2, "00:13:02:b9:f9:d3", "up", "1000");

	/* a USB controller with a USB NIC (ASIX AX88179) on bus 1 */
	pcidev(t, R, &(struct pcidef){"0000:00:14.0", "0x8086", "0xa36d",
	       "0x17aa", "0x2292", "0x0c0330", "xhci_hcd", 6, 0});
	snprintf(rel, sizeof(rel), "%s/busnum", u); put(t, rel, "1");
	snprintf(rel, sizeof(rel), "%s/devnum", u); put(t, rel, "1");
	snprintf(rel, sizeof(rel), "%s/idVendor", u); put(t, rel, "1d6b");
	snprintf(rel, sizeof(rel), "%s/idProduct", u); put(t, rel, "0003");
	snprintf(rel, sizeof(rel), "%s/manufacturer", u); put(t, rel, "Linux Foundation");
	snprintf(rel, sizeof(rel), "%s/product", u); put(t, rel, "xHCI Host Controller");
	lnk(t, u, "bus/usb/devices/usb1");
	snprintf(rel, sizeof(rel), "%s/1-1/busnum", u); put(t, rel, "1");
	snprintf(rel, sizeof(rel), "%s/1-1/devnum", u); put(t, rel, "2");
	snprintf(rel, sizeof(rel), "%s/1-1/idVendor", u); put(t, rel, "0b95");
	snprintf(rel, sizeof(rel), "%s/1-1/idProduct", u); put(t, rel, "1790");
	snprintf(rel, sizeof(rel), "%s/1-1/manufacturer", u); put(t, rel, "ASIX Elec. Corp.");
	snprintf(rel, sizeof(rel), "%s/1-1/product", u); put(t, rel, "AX88179");
	snprintf(rel, sizeof(rel), "%s/1-1", u);
	lnk(t, rel, "bus/usb/devices/1-1");
	snprintf(rel, sizeof(rel), "%s/1-1/1-1:1.0/bInterfaceNumber", u); put(t, rel, "00");
	snprintf(rel, sizeof(rel), "%s/1-1/1-1:1.0/bInterfaceClass", u); put(t, rel, "ff");
	snprintf(rel, sizeof(rel), "%s/1-1/1-1:1.0/bInterfaceSubClass", u); put(t, rel, "ff");
	snprintf(rel, sizeof(rel), "%s/1-1/1-1:1.0/bInterfaceProtocol", u); put(t, rel, "00");
	snprintf(rel, sizeof(rel), "%s/1-1/1-1:1.0", u);
	lnk(t, rel, "bus/usb/devices/1-1:1.0");
	netdev(t, rel, "usb0", 4, "00:0e:c6:81:79:01", "down", "0");

	/* a SATA controller holding the root file system on sda2 */
	pcidev(t, R, &(struct pcidef){"0000:00:1f.2", "0x8086", "0x2922",
	       "0x1af4", "0x1100", "0x010601", "ahci", 7, 0});
	snprintf(rel, sizeof(rel), "%s/ata1/host0/target0:0:0/0:0:0:0/block/sda", sata);
	put(t, strcat(strcpy(pf, rel), "/dev"), "8:0");
	lnk(t, rel, "dev/block/8:0");
	lnk(t, rel, "class/block/sda");
	strcat(rel, "/sda2");
	put(t, strcat(strcpy(pf, rel), "/dev"), "8:2");
	lnk(t, rel, "dev/block/8:2");
	lnk(t, rel, "class/block/sda2");

	/* loopback */
	put(t, "devices/virtual/net/lo/address", "00:00:00:00:00:00");
	put(t, "devices/virtual/net/lo/ifindex", "1");
	put(t, "devices/virtual/net/lo/operstate", "unknown");
	put(t, "devices/virtual/net/lo/mtu", "65536");
	lnk(t, "devices/virtual/net/lo", "class/net/lo");

	/* the computer: one socket, two cores, two threads each, one NUMA node */
	put(t, "class/dmi/id/sys_vendor", "virtcore");
	put(t, "class/dmi/id/product_name", "Simulated Host");
	put(t, "class/dmi/id/product_version", "1.0");
	put(t, "class/dmi/id/product_serial", "VC-0001");
	put(t, "class/dmi/id/product_uuid", "6a1f3c2e-9b7d-4e21-8c55-0f0d2b9e7a11");
	put(t, "class/dmi/id/bios_vendor", "SeaBIOS");
	put(t, "class/dmi/id/bios_version", "1.16.2");
	put(t, "class/dmi/id/bios_date", "04/01/2014");
	put(t, "devices/system/cpu/online", "0-3");
	for (k = 0; k < 4; k++) {
		snprintf(rel, sizeof(rel), "devices/system/cpu/cpu%u/topology/physical_package_id", k);
		put(t, rel, "0");
		snprintf(rel, sizeof(rel), "devices/system/cpu/cpu%u/topology/die_id", k);
		put(t, rel, "0");
		snprintf(rel, sizeof(rel), "devices/system/cpu/cpu%u/topology/core_id", k);
		putf(t, rel, "%u", k & 1);
		snprintf(rel, sizeof(rel), "devices/system/cpu/cpu%u/topology/thread_siblings_list", k);
		put(t, rel, k & 1 ? "1,3" : "0,2");
	}
	put(t, "devices/system/node/online", "0");
	put(t, "devices/system/node/node0/cpulist", "0-3");
	put(t, "devices/system/node/node0/meminfo",
	    "Node 0 MemTotal:       16777216 kB\nNode 0 MemFree:        12582912 kB");
}

static void
proc(struct tree *t)
{
	struct vc_buf b = {0};
	char *s;
	unsigned k;

	for (k = 0; k < 4; k++)
		vc_buf_printf(&b, "processor\t: %u\nvendor_id\t: GenuineIntel\n"
		              "model name\t: virtcore simulated CPU\ncpu MHz\t\t: 2400.000\n"
		              "physical id\t: 0\n"
		              "core id\t\t: %u\n\n", k, k & 1);
	s = vc_buf_take(&b);
	put(t, "cpuinfo", s);
	free(s);
	put(t, "meminfo", "MemTotal:       16777216 kB\nMemFree:        12582912 kB");
	put(t, "net/route",
	    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
	    "eth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
	    "eth0\t0000A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0");
	put(t, "net/ipv6_route", "");
	put(t, "self/mountinfo",
	    "22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n"
	    "23 22 0:21 / /proc rw,nosuid shared:2 - proc proc rw");
}

int
vc_test_host_build(const char *dir, unsigned nvfs)
{
	struct tree t = {NULL, 0};
	char *p;

	if (nvfs > 63)
		return vc_err("at most 63 virtual functions");
	p = vc_asprintf("%s/sysfs", dir);
	t.d = p;
	mkd(&t, "");
	if (!t.err)
		sysfs(&t, nvfs);
	free(p);
	p = vc_asprintf("%s/proc", dir);
	t.d = p;
	mkd(&t, "");
	if (!t.err)
		proc(&t);
	free(p);
	return t.err;
}

static int
rmtree(const char *p)
{
	char *cmd;
	int r;

	/* only our own temporary tree, made moments ago */
	cmd = vc_asprintf("rm -rf -- '%s'", p);
	r = system(cmd);
	free(cmd);
	return r;
}

int
vc_test_host_open(const char *statedir)
{
	char *host = vc_asprintf("%s/host", statedir), *tmp, *p;
	int fd, r = 0;

	p = vc_asprintf("%s/sysfs", host);
	if (access(p, F_OK) < 0) {
		if ((fd = vc_lock(statedir, "host")) < 0) {
			free(p);
			free(host);
			return -1;
		}
		if (access(p, F_OK) < 0) {
			/* build beside, then rename: a reader never sees half a host */
			tmp = vc_asprintf("%s.tmp.%ld", host, (long)getpid());
			if (access(tmp, F_OK) == 0)
				rmtree(tmp);
			if (vc_test_host_build(tmp, 8) < 0 ||
			    (rename(tmp, host) < 0 && vc_err("simulated host %s:", host))) {
				rmtree(tmp);
				r = -1;
			}
			free(tmp);
		}
		vc_unlock(fd);
	}
	if (r == 0) {
		vc_host_set_root(p);
		free(p);
		p = vc_asprintf("%s/proc", host);
		vc_host_set_proc(p);
		vc_host_set_kernel(vc_test_host_kernel);
	}
	free(p);
	free(host);
	return r;
}

/* ---- the simulated kernel ---- */

/* replace the attribute's value, as a sysfs store does */
static int
store(const char *rel, const char *val)
{
	char *p = vc_host_path("%s", rel);
	FILE *f = fopen(p, "we");
	int r = 0;

	free(p);
	if (!f)
		return -1;
	if (*val && fputs(val, f) < 0)
		r = -1;
	if (fclose(f) != 0)
		r = -1;
	return r;
}

/* the device's directory below the root, or NULL */
static char *
devrel(const char *addr)
{
	char *p, *rp, *rr, *s = NULL;

	if (!*addr || strchr(addr, '/'))
		return NULL;
	p = vc_host_path("bus/pci/devices/%s", addr);
	rp = realpath(p, NULL);
	rr = realpath(vc_host_root(), NULL);
	if (rp && rr && strncmp(rp, rr, strlen(rr)) == 0 && rp[strlen(rr)] == '/')
		s = vc_strdup(rp + strlen(rr) + 1);
	free(p);
	free(rp);
	free(rr);
	return s;
}

static char *
attr(const char *dev, const char *name)
{
	char *s = vc_host_read("%s/%s", dev, name);

	if (s && (!*s || strcmp(s, "(null)") == 0)) {
		free(s);
		s = NULL;
	}
	return s;
}

static int
relink(const char *target, const char *link)
{
	struct vc_buf b = {0};
	const char *s;
	char *v, *p;
	int r;

	for (s = link; *s; s++)
		if (*s == '/')
			vc_buf_puts(&b, "../");
	vc_buf_puts(&b, target);
	v = vc_buf_take(&b);
	p = vc_host_path("%s", link);
	unlink(p);
	r = symlink(v, p);
	free(v);
	free(p);
	return r;
}

static int
attach(const char *addr, const char *dev, const char *drv)
{
	char *d = vc_asprintf("bus/pci/drivers/%s", drv), *l, *p;
	int r = -1;

	p = vc_host_path("%s", d);
	if (access(p, F_OK) == 0) {
		l = vc_asprintf("%s/driver", dev);
		r = relink(d, l);
		free(l);
		l = vc_asprintf("%s/%s", d, addr);
		if (r == 0)
			r = relink(dev, l);
		free(l);
	}
	free(p);
	free(d);
	return r;
}

static int
kernel(const char *rel, const char *addr)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char *dev = NULL, *cur = NULL, *drv = NULL, *p;
	int r = 0;
	size_t len;

	if (strcmp(rel, "bus/pci/drivers_probe") == 0) {
		if (!(dev = devrel(addr)))
			goto nodev;
		if (!(cur = vc_host_link_name("%s/driver", dev))) {
			if (!(drv = attr(dev, "driver_override")))
				drv = attr(dev, ".default_driver");
			if (drv)
				attach(addr, dev, drv);
		}
		goto out;
	}
	if (strncmp(rel, "bus/pci/drivers/", 16) != 0 ||
	    (strcmp(base, "bind") != 0 && strcmp(base, "unbind") != 0))
		goto out;
	len = (size_t)(base - 1 - (rel + 16));
	drv = vc_strndup(rel + 16, len);
	if (!(dev = devrel(addr)))
		goto nodev;
	cur = vc_host_link_name("%s/driver", dev);
	if (strcmp(base, "unbind") == 0) {
		if (!cur || strcmp(cur, drv) != 0)
			goto nodev;
		p = vc_host_path("%s/driver", dev);
		unlink(p);
		free(p);
		p = vc_host_path("bus/pci/drivers/%s/%s", drv, addr);
		unlink(p);
		free(p);
		goto out;
	}
	if (cur) {
		errno = EBUSY;
		r = -1;
		goto out;
	}
	free(cur);
	/* the override decides when set, else the driver's id table */
	if (!(cur = attr(dev, "driver_override")))
		cur = attr(dev, ".default_driver");
	if (!cur || strcmp(cur, drv) != 0 || attach(addr, dev, drv) < 0)
		goto nodev;
	goto out;
nodev:
	errno = ENODEV;
	r = -1;
out:
	free(dev);
	free(cur);
	free(drv);
	return r;
}

int
vc_test_host_kernel(const char *rel, const char *val)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char addr[64];
	int r, e;

	if (strcmp(base, "driver_override") == 0) {
		/* the kernel clears it on a lone newline and shows "(null)" */
		if (!*val || strcmp(val, "\n") == 0)
			return store(rel, "(null)\n");
		snprintf(addr, sizeof(addr), "%s\n", val);
		addr[strcspn(addr, "\n") + 1] = '\0';
		return store(rel, addr);
	}
	if (strcmp(base, "bind") != 0 && strcmp(base, "unbind") != 0 &&
	    strcmp(base, "drivers_probe") != 0 && strcmp(base, "reset") != 0 &&
	    strcmp(base, "new_id") != 0 && strcmp(base, "remove_id") != 0) {
		char *v = vc_asprintf("%s\n", val);

		v[strcspn(v, "\n") + 1] = '\0';
		r = store(rel, v);
		free(v);
		return r;
	}
	snprintf(addr, sizeof(addr), "%s", val);
	addr[strcspn(addr, "\n")] = '\0';
	r = kernel(rel, addr);
	e = errno;
	/* bind, unbind, drivers_probe and reset are write-only in the kernel */
	store(rel, "");
	errno = e;
	return r;
}
