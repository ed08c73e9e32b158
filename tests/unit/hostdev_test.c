/* hostdev_test: the hostdev manager on a fake sysfs host, and its netlink messages parsed back */
/*
 * usage: hostdev_test [MKSYSFS [SHIM.so]] (run from the top directory)
 * Re-executes itself with the shim preloaded. The test driver's netlink
 * default (record:STATEDIR/netlink when VIRTCORE_NETLINK is unset) is
 * what the checks read back.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_link.h>

#include "driver.h"
#include "host.h"
#include "conf/dev_net.h"
#include "driver/hostdev/hostdev.h"

static char tmp[] = "/tmp/vc_hostdev_test.XXXXXX";
static int ntest;

#define OK(x) do { if ((x) < 0) { fprintf(stderr, "%s:%d: %s: %s\n", \
	__FILE__, __LINE__, #x, vc_errmsg()); abort(); } } while (0)
#define ERR(x, msg) do { vc_err_clear(); assert((x) < 0); \
	if (!strstr(vc_errmsg(), msg)) { fprintf(stderr, "%s:%d: got \"%s\", " \
	"want \"%s\"\n", __FILE__, __LINE__, vc_errmsg(), msg); abort(); } } while (0)

static void
ok(const char *what)
{
	printf("ok %d - %s\n", ++ntest, what);
}

static const char guest[] =
	"<domain type='qemu'><name>g1</name><memory unit='MiB'>64</memory>"
	"<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices>"
	"<interface type='hostdev' managed='yes'>"
	"<mac address='52:54:00:12:34:56'/>"
	"<source><address type='pci' domain='0x0000' bus='0x04' slot='0x10' function='0x2'/></source>"
	"<vlan><tag id='42'/></vlan></interface>"
	"</devices></domain>";

static const char vf2[] =
	"<interface type='hostdev' managed='yes'><mac address='52:54:00:00:00:22'/>"
	"<source><address type='pci' domain='0x0000' bus='0x04' slot='0x10' function='0x4'/></source>"
	"</interface>";

static void
lifecycle(struct vc_conn *c)
{
	struct vc_define_opts o = {0};
	struct vc_hostdev_rec *r;
	struct vc_nl_vfmsg *m;
	char *file, *drv;
	size_t n;
	static const unsigned char want[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	static const unsigned char orig[6] = {0x02, 0x00, 0x00, 0x00, 0x04, 0x01};

	OK(vc_dom_define(c, guest, strlen(guest), &o, NULL));
	OK(vc_dom_op(c, "g1", VC_OP_START, 0, -1));
	OK(vc_hostdev_list(c, &r, &n));
	assert(n == 1);
	assert(strcmp(r[0].key, "0000:04:10.2") == 0 && strcmp(r[0].owner, "g1") == 0);
	assert(strcmp(r[0].step, "done") == 0 && r[0].is_vf && r[0].vf_index == 1);
	assert(strcmp(r[0].pf, "0000:04:00.0") == 0 && strcmp(r[0].pf_netdev, "eth2") == 0);
	assert(r[0].saved && memcmp(r[0].orig_mac, orig, 6) == 0 && r[0].orig_vlan == 0);
	assert(strcmp(r[0].orig_driver, "ixgbevf") == 0);
	assert(r[0].has_mac && memcmp(r[0].mac, want, 6) == 0 && r[0].vlan == 42);
	vc_hostdev_list_free(r, n);
	drv = vc_pci_driver("0000:04:10.2");
	assert(drv && strcmp(drv, "vfio-pci") == 0);
	free(drv);
	ok("start prepares the VF and records what to give back");

	OK(vc_dom_op(c, "g1", VC_OP_DESTROY, 0, -1));
	OK(vc_hostdev_list(c, &r, &n));
	assert(n == 0);
	vc_hostdev_list_free(r, n);
	drv = vc_pci_driver("0000:04:10.2");
	assert(drv && strcmp(drv, "ixgbevf") == 0);
	free(drv);
	ok("destroy gives it back");

	/* the test driver chose its own recorder, and left the environment be */
	assert(!getenv("VIRTCORE_NETLINK"));
	file = vc_asprintf("%s/netlink", c->statedir);
	OK(vc_netdev_record_read(file, &m, &n));
	/* one RTM_SETLINK each way, MAC and VLAN together, as libvirt sends
	 * them; eth2 is ifindex 3 in mksysfs's tree */
	assert(n == 2);
	assert(m[0].ifindex == 3 && m[0].vf == 1 && m[0].has_mac && m[0].has_vlan);
	assert(memcmp(m[0].mac, want, 6) == 0 && m[0].vlan == 42 && m[0].qos == 0);
	assert(m[1].ifindex == 3 && m[1].vf == 1 && m[1].has_mac && m[1].has_vlan);
	assert(memcmp(m[1].mac, orig, 6) == 0 && m[1].vlan == 0);
	free(m);
	free(file);
	ok("RTM_SETLINK messages parse back: PF ifindex, VF index, MAC, VLAN");
}

static void
single(struct vc_conn *c)
{
	struct vc_iface *i = vc_iface_parse_string(vf2, strlen(vf2), "vf2");
	struct vc_define_opts o = {0};
	struct vc_hostdev_rec *r;
	const char *names[] = { "x", "y" };
	char xml[512];
	size_t n, k;

	assert(i);
	/* running guests: a guest that is not running holds nothing */
	for (k = 0; k < 2; k++) {
		snprintf(xml, sizeof(xml), "<domain type='qemu'><name>%s</name>"
		         "<memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>",
		         names[k]);
		OK(vc_dom_define(c, xml, strlen(xml), &o, NULL));
		OK(vc_dom_op(c, names[k], VC_OP_START, 0, -1));
	}
	OK(vc_hostdev_prepare_iface(c, "x", i));
	ERR(vc_hostdev_prepare_iface(c, "y", i), "0000:04:10.4 is in use by guest x");
	ERR(vc_hostdev_release_dev(c, "y", "04:10.4"), "held by guest x, not y");
	assert(vc_hostdev_release_dev(c, "x", "pci_0000_04_10_4") == 1);
	assert(vc_hostdev_release_dev(c, "x", "0000:04:10.4") == 0);
	OK(vc_hostdev_list(c, &r, &n));
	assert(n == 0);
	free(r);
	vc_dev_interface_free(i);
	ok("one interface: ownership is checked both ways");
}

static const char qbh[] =
	"<domain type='qemu'><name>p1</name><memory unit='MiB'>64</memory>"
	"<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices>"
	"<interface type='hostdev' managed='yes'>"
	"<mac address='52:54:00:12:34:57'/>"
	"<source><address type='pci' domain='0x0000' bus='0x04' slot='0x10' function='0x6'/></source>"
	"<virtualport type='802.1Qbh'><parameters profileid='finance'/></virtualport>"
	"</interface>"
	"<interface type='hostdev' managed='yes'>"
	"<mac address='52:54:00:12:34:58'/>"
	"<source><address type='pci' domain='0x0000' bus='0x04' slot='0x11' function='0x0'/></source>"
	"<virtualport type='802.1Qbg'><parameters managerid='11' typeid='1193047' "
	"typeidversion='2' instanceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f'/></virtualport>"
	"</interface>"
	"</devices></domain>";

/* the port messages of a start and a destroy, parsed back */
static void
ports(struct vc_conn *c)
{
	struct vc_define_opts o = {0};
	struct vc_domain *d;
	struct vc_iface *i;
	struct vc_nl_vfmsg *m;
	unsigned char host[16], inst[16];
	char *file;
	size_t n, k, first;

	file = vc_asprintf("%s/netlink", c->statedir);
	OK(vc_netdev_record_read(file, &m, &n));
	free(m);
	first = n;
	OK(vc_dom_define(c, qbh, strlen(qbh), &o, NULL));
	/* 802.1Qbh names the guest by its uuid */
	d = vc_store_load_conf(c, "p1");
	OK(d ? 0 : -1);
	i = d->dev[VC_DEV_INTERFACE][0];
	assert(!i->has_vport_instanceid && d->has_uuid);
	memcpy(inst, d->uuid, 16);
	vc_domain_free(d);
	OK(vc_dom_op(c, "p1", VC_OP_START, 0, -1));
	OK(vc_dom_op(c, "p1", VC_OP_DESTROY, 0, -1));
	OK(vc_netdev_record_read(file, &m, &n));
	OK(vc_uuid_parse("6a1f3c2e-9b7d-4e21-8c55-0f0d2b9e7a11", host));
	/* per VF: MAC+VLAN, associate; given back: disassociate, MAC+VLAN */
	assert(n == first + 8);
	k = first + 1;
	assert(m[k].has_port && m[k].ifindex == 3 && m[k].vf == 3);
	assert(m[k].port.kind == VC_NL_QBH && strcmp(m[k].port.profile, "finance") == 0);
	assert(m[k].port.request == PORT_REQUEST_ASSOCIATE);
	assert(memcmp(m[k].port.instance, inst, 16) == 0);
	assert(m[k].port.has_host && memcmp(m[k].port.host, host, 16) == 0);
	k = first + 3;
	assert(m[k].has_port && m[k].ifindex == 3 && m[k].vf == 4);
	assert(m[k].port.kind == VC_NL_QBG && m[k].port.mgrid == 11);
	assert(m[k].port.typeid == 1193047 && m[k].port.typeidver == 2);
	assert(m[k].port.request == PORT_REQUEST_ASSOCIATE && !m[k].port.has_host);
	OK(vc_uuid_parse("09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f", host));
	assert(memcmp(m[k].port.instance, host, 16) == 0);
	/* released in reverse: the 802.1Qbg VF first */
	k = first + 4;
	assert(m[k].has_port && m[k].vf == 4 && m[k].port.kind == VC_NL_QBG);
	assert(m[k].port.request == PORT_REQUEST_DISASSOCIATE);
	k = first + 6;
	assert(m[k].has_port && m[k].vf == 3 && m[k].port.kind == VC_NL_QBH);
	assert(m[k].port.request == PORT_REQUEST_DISASSOCIATE);
	assert(memcmp(m[k].port.instance, inst, 16) == 0);
	assert(!m[k + 1].has_port && m[k + 1].has_mac && m[k + 1].has_vlan);
	free(m);
	free(file);
	ok("IFLA_VF_PORTS messages parse back: 802.1Qbh profile, host and instance, "
	   "802.1Qbg VSI type; disassociated in reverse");
}

int
main(int argc, char *argv[])
{
	const char *mksysfs = "tests/fixtures/mksysfs";
	const char *shim = "tests/fixtures/sysfs_shim.so";
	const char *pre = getenv("LD_PRELOAD");
	char abs[4096], cmd[8192], *uri, *root;
	struct vc_conn *c;

	if (argc > 1)
		mksysfs = argv[1];
	if (argc > 2)
		shim = argv[2];
	if (!pre || !strstr(pre, "sysfs_shim")) {
		if (!realpath(shim, abs)) {
			fprintf(stderr, "hostdev_test: %s: %s\n", shim, strerror(errno));
			return 1;
		}
		setenv("LD_PRELOAD", abs, 1);
		setenv("ASAN_OPTIONS", "verify_asan_link_order=0", 0);
		execv("/proc/self/exe", argv);
		perror("hostdev_test: exec");
		return 1;
	}
	assert(mkdtemp(tmp));
	root = vc_asprintf("%s/sys", tmp);
	snprintf(cmd, sizeof(cmd), "%s %s --pf-vfs 8", mksysfs, root);
	if (system(cmd) != 0)
		return 1;
	setenv("VIRTCORE_SYSFS_ROOT", root, 1);
	unsetenv("VIRTCORE_NETLINK");
	unsetenv("VIRTCORE_TEST_KILL_AT");
	vc_host_set_root(NULL);
	uri = vc_asprintf("test://%s/h", tmp);
	if (!(c = vc_conn_open(uri))) {
		fprintf(stderr, "%s\n", vc_errmsg());
		return 1;
	}
	printf("1..5\n");
	lifecycle(c);
	single(c);
	ports(c);
	vc_conn_close(c);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	if (system(cmd) != 0)
		return 1;
	free(uri);
	free(root);
	return 0;
}
