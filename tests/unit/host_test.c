/* host_test: unit tests of lib/host on a fake sysfs tree, the shim, and netlink */
/*
 * usage: host_test [MKSYSFS [SHIM.so]]
 * defaults: tests/fixtures/mksysfs and tests/fixtures/sysfs_shim.so (run
 * from the top directory). Without the shim loaded, the test re-executes
 * itself with LD_PRELOAD set. Real netlink runs in a private network
 * namespace (unshare) when the test may create one; else it says "skip".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <assert.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host.h"

static char tmp[] = "/tmp/vc_host_test.XXXXXX";
static char root[256];
static const char *mksysfs = "tests/fixtures/mksysfs";

#define OK(x) do { if ((x) < 0) { fprintf(stderr, "%s:%d: %s: %s\n", \
	__FILE__, __LINE__, #x, vc_errmsg()); abort(); } } while (0)
#define ERR(x, msg) do { vc_err_clear(); assert((x) < 0); \
	if (!strstr(vc_errmsg(), msg)) { fprintf(stderr, "%s:%d: got \"%s\", " \
	"want \"%s\"\n", __FILE__, __LINE__, vc_errmsg(), msg); abort(); } } while (0)

static void
sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		abort();
	}
}

static void
build_tree(int nvf)
{
	snprintf(root, sizeof(root), "%s/sys%d", tmp, nvf);
	sh("%s %s --pf-vfs %d", mksysfs, root, nvf);
	vc_host_set_root(root);
	setenv("VIRTCORE_SYSFS_ROOT", root, 1);
}

static void
addr_tests(void)
{
	struct vc_pciaddr a;
	char s[16];

	OK(vc_pci_addr_scan("0000:04:10.2", &a));
	assert(a.dom == 0 && a.bus == 4 && a.slot == 0x10 && a.fn == 2);
	OK(vc_pci_addr_scan("04:10.2", &a));
	vc_pci_addr_str(&a, s);
	assert(strcmp(s, "0000:04:10.2") == 0);
	OK(vc_pci_addr_scan("pci_0001_0a_1f_7", &a));
	vc_pci_addr_str(&a, s);
	assert(strcmp(s, "0001:0a:1f.7") == 0);
	ERR(vc_pci_addr_scan("0000:04:20.0", &a), "malformed PCI address");
	ERR(vc_pci_addr_scan("0000:04:00.8", &a), "malformed PCI address");
	ERR(vc_pci_addr_scan("0000:04:00", &a), "malformed PCI address");
	ERR(vc_pci_addr_scan("eth0", &a), "malformed PCI address");
	ERR(vc_pci_addr_scan("0000:04:00.0x", &a), "malformed PCI address");
	ERR(vc_pci_addr_scan("", &a), "malformed PCI address");
}

static void
pci_tests(void)
{
	struct vc_pci_dev **devs, *d;
	size_t n, i;
	char s[16];

	OK(vc_pci_list(&devs, &n));
	assert(n == 8 + 8);
	for (i = 1; i < n; i++)
		assert(vc_pci_addr_cmp(&devs[i - 1]->addr, &devs[i]->addr) < 0);
	assert(strcmp(devs[0]->name, "0000:00:00.0") == 0);
	vc_pci_list_free(devs, n);

	/* the PF */
	assert((d = vc_pci_get("0000:04:00.0")));
	assert(d->vendor == 0x8086 && d->device == 0x10fb);
	assert(d->subvendor == 0x8086 && d->subdevice == 0x0003);
	assert(d->class == 0x020000);
	assert(strcmp(d->driver, "ixgbe") == 0);
	assert(!d->driver_override);
	assert(d->is_pf && !d->is_vf && d->totalvfs == 63 && d->numvfs == 8);
	assert(d->nvfs == 8);
	vc_pci_addr_str(&d->vfs[1], s);
	assert(strcmp(s, "0000:04:10.2") == 0);
	vc_pci_addr_str(&d->vfs[7], s);
	assert(strcmp(s, "0000:04:11.6") == 0);
	assert(d->iommu_group == 20 && d->ngroup == 1);
	assert(d->numa_node == 0);
	assert(d->link_cap.present && strcmp(d->link_cap.speed, "5") == 0 &&
	       d->link_cap.width == 8);
	assert(d->nnetdevs == 1 && strcmp(d->netdevs[0], "eth2") == 0);
	assert(strcmp(d->parent, "0000:00:03.0") == 0);
	assert(strcmp(d->path, "/devices/pci0000:00/0000:00:03.0/0000:04:00.0") == 0);
	assert(d->has_reset);
	assert(!d->vendor_name);
	vc_pci_names(d);
	if (access("/usr/share/misc/pci.ids", F_OK) == 0) {
		assert(d->vendor_name && strcmp(d->vendor_name, "Intel Corporation") == 0);
		assert(d->device_name && strcmp(d->device_name,
		       "82599ES 10-Gigabit SFI/SFP+ Network Connection") == 0);
	}
	vc_pci_free(d);

	/* a VF */
	assert((d = vc_pci_get("pci_0000_04_10_2")));
	assert(d->is_vf && !d->is_pf && d->vf_index == 1);
	vc_pci_addr_str(&d->pf, s);
	assert(strcmp(s, "0000:04:00.0") == 0);
	assert(strcmp(d->driver, "ixgbevf") == 0);
	assert(d->iommu_group == 22);
	vc_pci_free(d);

	/* the GPU shares its group with its audio function and the root port */
	assert((d = vc_pci_get("0000:01:00.0")));
	assert(d->iommu_group == 1 && d->ngroup == 3);
	vc_pci_addr_str(&d->group[2], s);
	assert(strcmp(s, "0000:01:00.1") == 0);
	assert(strcmp(d->link_sta.speed, "2.5") == 0 && d->link_sta.width == 16);
	assert(!d->is_pf && !d->is_vf);
	vc_pci_free(d);

	/* a device with no driver, no group member links, numa -1 */
	assert((d = vc_pci_get("0000:00:00.0")));
	assert(!d->driver && d->numa_node == VC_PCI_NONE && !d->has_reset);
	assert(!d->parent);
	vc_pci_free(d);

	vc_err_clear();
	assert(!vc_pci_get("0000:09:00.0"));
	assert(strstr(vc_errmsg(), "no PCI device 0000:09:00.0"));
	assert(!vc_pci_get("nonsense"));
	assert(strstr(vc_errmsg(), "malformed PCI address"));
}

static void
vf_tests(void)
{
	struct vc_vf_loc loc;
	struct vc_pciaddr a;
	char s[16];

	OK(vc_vf_locate("0000:04:11.0", &loc));
	assert(loc.index == 4);
	assert(strcmp(loc.pfname, "0000:04:00.0") == 0);
	assert(strcmp(loc.vfname, "0000:04:11.0") == 0);
	assert(loc.pf_netdev && strcmp(loc.pf_netdev, "eth2") == 0);
	assert(loc.vf_netdev && strcmp(loc.vf_netdev, "eth2v4") == 0);
	vc_vf_loc_free(&loc);
	ERR(vc_vf_locate("0000:00:19.0", &loc), "is not an SR-IOV virtual function");
	ERR(vc_vf_locate("0000:04:00.0", &loc), "is not an SR-IOV virtual function");
	ERR(vc_vf_locate("0000:07:00.0", &loc), "no PCI device");
	OK(vc_vf_addr("0000:04:00.0", 3, &a));
	vc_pci_addr_str(&a, s);
	assert(strcmp(s, "0000:04:10.6") == 0);
	ERR(vc_vf_addr("0000:04:00.0", 8, &a), "no virtual function 8");
	assert(vc_netdev_ifindex_sysfs("eth2") == 3);
	ERR(vc_netdev_ifindex_sysfs("nosuch0"), "no network interface nosuch0");
	{
		char *p = vc_netdev_pci("eth2v1");
		assert(p && strcmp(p, "0000:04:10.2") == 0);
		free(p);
		assert(!vc_netdev_pci("lo"));
		assert(!vc_netdev_pci("usb0"));
	}
}

static int
has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

static void
nodedev_tests(void)
{
	struct vc_host_nodedev *d;
	size_t n, i;
	char *x;
	int pf = 0, net = 0, usb = 0;

	OK(vc_host_nodedev_list(VC_HOST_CAP_NONE, &d, &n));
	assert(strcmp(d[0].name, "computer") == 0 && d[0].cap == VC_HOST_CAP_SYSTEM);
	for (i = 0; i < n; i++) {
		pf += strcmp(d[i].name, "pci_0000_04_00_0") == 0;
		net += strcmp(d[i].name, "net_eth2_00_11_22_33_44_55") == 0 &&
		       strcmp(d[i].parent, "pci_0000_04_00_0") == 0;
		usb += strcmp(d[i].name, "usb_1_1") == 0 &&
		       d[i].cap == VC_HOST_CAP_USB_DEVICE;
	}
	assert(pf == 1 && net == 1 && usb == 1);
	vc_host_nodedev_list_free(d, n);

	OK(vc_host_nodedev_list(VC_HOST_CAP_NET, &d, &n));
	for (i = 0; i < n; i++)
		assert(d[i].cap == VC_HOST_CAP_NET);
	assert(n == 8 + 4);     /* VFs, eth0, eth2, lo, usb0 */
	vc_host_nodedev_list_free(d, n);

	assert((x = vc_host_nodedev_xml("pci_0000_04_10_2")));
	assert(has(x, "<name>pci_0000_04_10_2</name>\n"));
	assert(has(x, "<parent>pci_0000_00_03_0</parent>"));
	assert(has(x, "  <driver>\n    <name>ixgbevf</name>\n  </driver>\n"));
	assert(has(x, "    <capability type='phys_function'>\n      <address "
	              "domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n"));
	assert(has(x, "<iommuGroup number='22'>"));
	assert(has(x, "<slot>16</slot>"));
	free(x);
	assert((x = vc_host_nodedev_xml("pci_0000_04_00_0")));
	assert(has(x, "<capability type='virt_functions' maxCount='63'>\n"));
	assert(has(x, "<address domain='0x0000' bus='0x04' slot='0x11' function='0x6'/>"));
	assert(has(x, "<link validity='cap' speed='5' width='8'/>"));
	free(x);
	assert((x = vc_host_nodedev_xml("net_eth2_00_11_22_33_44_55")));
	assert(has(x, "<interface>eth2</interface>"));
	assert(has(x, "<address>00:11:22:33:44:55</address>"));
	assert(has(x, "<link speed='10000' state='up'/>"));
	assert(has(x, "<capability type='80203'/>"));
	free(x);
	assert((x = vc_host_nodedev_xml("usb_1_1")));
	assert(has(x, "<bus>1</bus>\n    <device>2</device>\n"));
	assert(has(x, "<product id='0x1790'>AX88179</product>"));
	free(x);
	assert((x = vc_host_nodedev_xml("computer")));
	assert(has(x, "<uuid>6a1f3c2e-9b7d-4e21-8c55-0f0d2b9e7a11</uuid>"));
	free(x);
	vc_err_clear();
	assert(!vc_host_nodedev_xml("net_eth9_00_00_00_00_00_00"));
	assert(has(vc_errmsg(), "no node device net_eth9"));
	assert(!vc_host_nodedev_xml("pci_0000_0z_00_0"));
	assert(has(vc_errmsg(), "malformed PCI address"));
}

static char *
drv(const char *addr)
{
	static char buf[64];
	char *d = vc_pci_driver(addr);

	snprintf(buf, sizeof(buf), "%s", d ? d : "-");
	free(d);
	return buf;
}

static void
override_is(const char *addr, const char *want)
{
	struct vc_pci_dev *d = vc_pci_get(addr);

	assert(d);
	if (!want)
		assert(!d->driver_override);
	else
		assert(d->driver_override && strcmp(d->driver_override, want) == 0);
	vc_pci_free(d);
}

static void
driver_tests(void)
{
	const char *vf = "0000:04:10.2";
	char *s;

	/* detach to vfio-pci: unbind, override, drivers_probe, verify */
	assert(vc_pci_rebind(vf, "vfio-pci") == 0);
	assert(strcmp(drv(vf), "vfio-pci") == 0);
	override_is(vf, "vfio-pci");
	s = vc_host_read("bus/pci/drivers/vfio-pci/%s/vendor", vf);
	assert(s && strcmp(s, "0x8086") == 0);
	free(s);
	assert(!vc_host_link_name("bus/pci/drivers/ixgbevf/%s", vf));
	/* idempotent */
	assert(vc_pci_rebind(vf, "vfio-pci") == 1);
	/* the kernel refuses a second bind and a bind the override forbids */
	ERR(vc_pci_bind(vf, "vfio-pci"), "Device or resource busy");
	OK(vc_pci_unbind(vf));
	assert(vc_pci_unbind(vf) == 1);
	assert(strcmp(drv(vf), "-") == 0);
	ERR(vc_pci_bind(vf, "ixgbevf"), "No such device");
	ERR(vc_pci_verify(vf, "vfio-pci"), "not bound to any driver, expected vfio-pci");
	OK(vc_pci_probe(vf));
	assert(strcmp(drv(vf), "vfio-pci") == 0);

	/* reattach: back to ixgbevf, override cleared */
	assert(vc_pci_restore(vf, "ixgbevf") == 0);
	assert(strcmp(drv(vf), "ixgbevf") == 0);
	override_is(vf, NULL);
	s = vc_host_read("bus/pci/devices/%s/driver_override", vf);
	assert(s && strcmp(s, "(null)") == 0);
	free(s);
	assert(vc_pci_restore(vf, "ixgbevf") == 1);

	/* pci-stub for the GPU, restored by drivers_probe alone */
	assert(vc_pci_rebind("0000:01:00.0", "pci-stub") == 0);
	assert(strcmp(drv("0000:01:00.0"), "pci-stub") == 0);
	assert(vc_pci_restore("0000:01:00.0", NULL) == 0);
	assert(strcmp(drv("0000:01:00.0"), "nvidia") == 0);
	/* an unbound device gets bound to a stub as well */
	assert(vc_pci_rebind("0000:01:00.1", "vfio-pci") == 0);
	assert(vc_pci_restore("0000:01:00.1", NULL) == 0);
	assert(strcmp(drv("0000:01:00.1"), "-") == 0);

	ERR(vc_pci_rebind(vf, "nosuchdrv"), "driver nosuchdrv is not loaded");
	ERR(vc_pci_rebind("0000:09:00.0", "vfio-pci"), "no PCI device 0000:09:00.0");
	ERR(vc_pci_restore("0000:09:00.0", "ixgbevf"), "no PCI device");

	OK(vc_pci_reset(vf));
	ERR(vc_pci_reset("0000:00:00.0"), "has no function reset");
}

/* the first drivers_probe answers EBUSY: VC_ERR_TEMP for the caller */
static void
busy_test(char **argv)
{
	pid_t pid;
	int st;

	if (!(pid = fork())) {
		setenv("VIRTCORE_SHIM_PROBE_EBUSY", "1", 1);
		execv("/proc/self/exe", (char *[]){argv[0], "--busy", root, NULL});
		_exit(127);
	}
	assert(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static int
busy_child(const char *r)
{
	const char *vf = "0000:04:10.4";

	vc_host_set_root(r);
	assert(vc_pci_rebind(vf, "vfio-pci") < 0);
	assert(vc_errkind_get() == VC_ERR_TEMP);
	assert(strstr(vc_errmsg(), "Device or resource busy"));
	/* retried: the VF has come out of reset */
	assert(vc_pci_rebind(vf, "vfio-pci") == 0);
	assert(vc_pci_restore(vf, "ixgbevf") == 0);
	assert(strcmp(drv(vf), "ixgbevf") == 0);
	return 0;
}

static void
record_tests(void)
{
	char rec[200], state[300];
	struct vc_nl *nl;
	struct vc_nl_link l, *links;
	struct vc_nl_vf *vfs, cur;
	struct vc_nl_vfmsg *msgs, m;
	struct vc_vf_loc loc;
	size_t n, i, len;
	unsigned char mac[6] = {0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc}, orig[6];
	void *buf;

	/* a message built by libnl, parsed back by libnl */
	buf = vc_netdev_vf_msg(7, 3, mac, 1, 42, 5, &len);
	OK(vc_netdev_vf_msg_parse(buf, len, &m));
	assert(m.ifindex == 7 && m.vf == 3 && m.has_mac && m.has_vlan);
	assert(memcmp(m.mac, mac, 6) == 0 && m.vlan == 42 && m.qos == 5);
	((unsigned char *)buf)[4] = 0;    /* nlmsg_type low byte: not RTM_SETLINK */
	ERR(vc_netdev_vf_msg_parse(buf, len, &m), "not an RTM_SETLINK");
	free(buf);

	snprintf(rec, sizeof(rec), "%s/nl.rec", tmp);
	snprintf(state, sizeof(state), "%s/nl.rec.state", tmp);
	setenv("VIRTCORE_NETLINK", rec, 1);
	assert(!vc_netdev_open());
	setenv("VIRTCORE_NETLINK", "bogus", 1);
	assert(!vc_netdev_open());
	snprintf(state, sizeof(state), "record:%s", rec);
	setenv("VIRTCORE_NETLINK", state, 1);
	assert((nl = vc_netdev_open()));
	assert(strcmp(nl->ops->name, "record") == 0);

	OK(vc_netdev_list(nl, &links, &n));
	assert(n == 8 + 4);
	free(links);
	OK(vc_netdev_get(nl, "eth2", &l));
	assert(l.ifindex == 3 && l.has_mac && l.mtu == 1500);
	assert(strcmp(l.operstate, "up") == 0);
	OK(vc_netdev_get_index(nl, 2, &l));
	assert(strcmp(l.name, "eth0") == 0);
	ERR(vc_netdev_get(nl, "eth9", &l), "no network interface eth9");
	OK(vc_netdev_vfs(nl, 3, &vfs, &n));
	assert(n == 8 && vfs[1].vf == 1 && vfs[1].mac[5] == 0x01 && vfs[1].vlan == 0);
	free(vfs);
	OK(vc_netdev_vfs(nl, 2, &vfs, &n));
	assert(n == 0);
	free(vfs);

	/* configure VF 1 through its PF, as hostdev prepare does */
	OK(vc_vf_locate("0000:04:10.2", &loc));
	OK(vc_vf_get_config(nl, &loc, &cur));
	memcpy(orig, cur.mac, 6);
	OK(vc_vf_set_config(nl, &loc, mac, 42));
	OK(vc_vf_get_config(nl, &loc, &cur));
	assert(memcmp(cur.mac, mac, 6) == 0 && cur.vlan == 42);
	vc_netdev_close(nl);

	/* the state survives the handle; the messages are in the record */
	assert((nl = vc_netdev_open()));
	OK(vc_vf_get_config(nl, &loc, &cur));
	assert(memcmp(cur.mac, mac, 6) == 0 && cur.vlan == 42);
	OK(vc_vf_set_config(nl, &loc, orig, 0));
	OK(vc_netdev_record_read(rec, &msgs, &n));
	/* one message each: MAC and VLAN together */
	assert(n == 2);
	assert(msgs[0].ifindex == 3 && msgs[0].vf == 1 && msgs[0].has_mac &&
	       msgs[0].has_vlan && memcmp(msgs[0].mac, mac, 6) == 0);
	assert(msgs[0].vlan == 42 && msgs[0].qos == 0);
	assert(memcmp(msgs[1].mac, orig, 6) == 0 && msgs[1].has_vlan && msgs[1].vlan == 0);
	free(msgs);
	for (i = 0; i < 2; i++) {
		OK(vc_vf_get_config(nl, &loc, &cur));
		assert(memcmp(cur.mac, orig, 6) == 0 && cur.vlan == 0);
	}
	vc_vf_loc_free(&loc);

	/* what the kernel would refuse is refused, and not recorded */
	ERR(vc_netdev_set_vf_mac(nl, 99, 0, mac), "No such device");
	ERR(vc_netdev_set_vf_mac(nl, 3, 8, mac), "Invalid argument");
	ERR(vc_netdev_set_vf_vlan(nl, 3, 0, 4096, 0), "out of range");
	OK(vc_netdev_record_read(rec, &msgs, &n));
	assert(n == 2);
	free(msgs);
	vc_netdev_close(nl);
	unsetenv("VIRTCORE_NETLINK");
}

/* real rtnetlink in a private namespace with a veth pair */
static int
netns_child(void)
{
	struct vc_nl *nl;
	struct vc_nl_link l, *links;
	struct vc_nl_vf *vfs;
	size_t n, i;
	int seen = 0;
	unsigned char mac[6] = {0x52, 0x54, 0x00, 0x01, 0x02, 0x03};
	char *s;

	/* a private sysfs too, as `ip netns exec` does: /sys/class/net
	 * shows the namespace that mounted it */
	if (unshare(CLONE_NEWNET | CLONE_NEWNS) < 0 ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    umount2("/sys", MNT_DETACH) < 0 ||
	    mount("sysfs", "/sys", "sysfs", 0, NULL) < 0) {
		printf("host_test: netlink in a namespace: skip (%s)\n", strerror(errno));
		return 0;
	}
	if (system("ip link add vct0 type veth peer name vct1 && "
	           "ip link set vct0 address 02:00:00:00:00:aa mtu 1400 && "
	           "ip link set vct0 up && ip link set vct1 up") != 0) {
		printf("host_test: netlink in a namespace: skip (no ip/veth)\n");
		return 0;
	}
	unsetenv("VIRTCORE_NETLINK");
	assert((nl = vc_netdev_open()));
	assert(strcmp(nl->ops->name, "libnl") == 0);
	OK(vc_netdev_list(nl, &links, &n));
	for (i = 0; i < n; i++)
		seen += strcmp(links[i].name, "lo") == 0 ||
		        strcmp(links[i].name, "vct0") == 0 ||
		        strcmp(links[i].name, "vct1") == 0;
	assert(n == 3 && seen == 3);
	free(links);
	OK(vc_netdev_get(nl, "vct0", &l));
	assert(l.has_mac && l.mac[5] == 0xaa && l.mtu == 1400);
	vc_host_set_root("/sys");
	assert(l.ifindex == vc_netdev_ifindex_sysfs("vct0"));
	s = vc_host_read("class/net/vct0/operstate");
	assert(s && strcmp(s, l.operstate) == 0);
	free(s);
	OK(vc_netdev_get_index(nl, l.ifindex, &l));
	assert(strcmp(l.name, "vct0") == 0);
	ERR(vc_netdev_get(nl, "nosuch0", &l), "no network interface nosuch0");
	/* the node device of the veth, from the real sysfs */
	s = vc_host_nodedev_xml("net_vct0_02_00_00_00_00_aa");
	assert(s && strstr(s, "<interface>vct0</interface>"));
	assert(strstr(s, "<parent>computer</parent>"));
	assert(strstr(s, "<feature name='sg'/>"));
	free(s);
	OK(vc_netdev_vfs(nl, l.ifindex, &vfs, &n));
	assert(n == 0);      /* veth has no SR-IOV */
	free(vfs);
	/* the kernel refuses VF settings on a veth: the error comes back */
	assert(vc_netdev_set_vf_mac(nl, l.ifindex, 0, mac) < 0);
	assert(strstr(vc_errmsg(), "netlink"));
	vc_netdev_close(nl);
	printf("host_test: netlink in a namespace: ok\n");
	return 0;
}

static void
netns_test(void)
{
	pid_t pid;
	int st;

	fflush(stdout);
	if (!(pid = fork()))
		_exit((st = netns_child(), fflush(stdout), st));
	assert(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* the real host: our PCI list is lspci -D's */
static void
real_pci_test(void)
{
	struct vc_pci_dev **devs;
	size_t n, i;
	FILE *f;
	char line[512], *sp;
	struct vc_buf mine = {0}, theirs = {0};

	vc_host_set_root("/sys");
	if (access("/sys/bus/pci/devices", F_OK) < 0 ||
	    !(f = popen("lspci -D 2>/dev/null", "r"))) {
		printf("host_test: real PCI list: skip\n");
		return;
	}
	while (fgets(line, sizeof(line), f))
		if ((sp = strchr(line, ' '))) {
			*sp = '\0';
			vc_buf_printf(&theirs, "%s\n", line);
		}
	if (pclose(f) != 0 || !theirs.len) {
		printf("host_test: real PCI list: skip (no lspci)\n");
		vc_buf_free(&theirs);
		return;
	}
	OK(vc_pci_list(&devs, &n));
	for (i = 0; i < n; i++)
		vc_buf_printf(&mine, "%s\n", devs[i]->name);
	vc_pci_list_free(devs, n);
	if (strcmp(mine.s, theirs.s) != 0) {
		fprintf(stderr, "mine:\n%stheirs:\n%s", mine.s, theirs.s);
		abort();
	}
	printf("host_test: real PCI list matches lspci -D (%zu devices)\n", n);
	vc_buf_free(&mine);
	vc_buf_free(&theirs);
}

int
main(int argc, char *argv[])
{
	const char *shim = "tests/fixtures/sysfs_shim.so";
	const char *pre = getenv("LD_PRELOAD");
	char abs[4096];

	if (argc == 3 && strcmp(argv[1], "--busy") == 0)
		return busy_child(argv[2]);
	if (argc > 1)
		mksysfs = argv[1];
	if (argc > 2)
		shim = argv[2];
	if (!pre || !strstr(pre, "sysfs_shim")) {
		/* the shim must be loaded before anything opens a file */
		if (!realpath(shim, abs)) {
			fprintf(stderr, "host_test: %s: %s\n", shim, strerror(errno));
			return 1;
		}
		setenv("LD_PRELOAD", abs, 1);
		setenv("ASAN_OPTIONS", "verify_asan_link_order=0", 0);
		execv("/proc/self/exe", argv);
		perror("host_test: exec");
		return 1;
	}
	assert(mkdtemp(tmp));

	addr_tests();
	build_tree(8);
	pci_tests();
	vf_tests();
	nodedev_tests();
	driver_tests();
	busy_test(argv);
	record_tests();
	/* a PF with fewer VFs, a second tree */
	build_tree(2);
	{
		struct vc_pci_dev *d = vc_pci_get("0000:04:00.0");
		assert(d && d->nvfs == 2 && d->numvfs == 2);
		vc_pci_free(d);
	}
	netns_test();
	real_pci_test();

	sh("rm -rf %s", tmp);
	printf("host_test: ok\n");
	return 0;
}
