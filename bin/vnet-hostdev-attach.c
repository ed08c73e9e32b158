/* vnet-hostdev-attach: give a guest an SR-IOV VF as <interface type='hostdev' managed='yes'> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"
#include "host.h"
#include "conf/dev_net.h"
#include "host/hostdev.h"

static const char usage[] =
	"[-c uri] [--check] [--live] [--config] [--mac mac] [--vlan n] "
	"name|uuid --pci address | --network network";

/* a MAC that stays the same for this guest and device: 52:54:00 + hash */
static void
stable_mac(const unsigned char uuid[16], const char *pci, unsigned char mac[6])
{
	unsigned h = 2166136261u;
	size_t i;

	for (i = 0; i < 16; i++)
		h = (h ^ uuid[i]) * 16777619u;
	for (; *pci; pci++)
		h = (h ^ (unsigned char)*pci) * 16777619u;
	mac[0] = 0x52;
	mac[1] = 0x54;
	mac[2] = 0x00;
	mac[3] = h >> 16 & 0x7f;      /* libvirt keeps the high bit clear too */
	mac[4] = h >> 8;
	mac[5] = h;
}

static char *
element(const char *pci, const unsigned char mac[6], long vlan)
{
	struct vc_buf b = {0};
	struct vc_pciaddr a;
	char m[18];

	if (vc_pci_addr_scan(pci, &a) < 0)
		return NULL;
	vc_mac_format(mac, m);
	vc_buf_printf(&b, "<interface type='hostdev' managed='yes'>\n"
	              "  <mac address='%s'/>\n  <source>\n"
	              "    <address type='pci' domain='0x%04x' bus='0x%02x' "
	              "slot='0x%02x' function='0x%x'/>\n  </source>\n",
	              m, a.dom, a.bus, a.slot, a.fn);
	if (vlan >= 0)
		vc_buf_printf(&b, "  <vlan>\n    <tag id='%ld'/>\n  </vlan>\n", vlan);
	vc_buf_puts(&b, "</interface>\n");
	return vc_buf_take(&b);
}

static char *
fmt_iface(const struct vc_iface *i)
{
	struct vc_buf b = {0};

	vc_dev_interface_format(&b, 0, i, VC_DEV_INTERFACE);
	return vc_buf_take(&b);
}

/* the hostdev interface of d on the same PCI address: index or -1 */
static long
find_pci(const struct vc_domain *d, const char *key)
{
	char k[16];
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];
		if (f->type == VC_IFACE_HOSTDEV && vc_hostdev_iface_key(f, k) == 0 &&
		    strcmp(k, key) == 0)
			return i;
		vc_err_clear();
	}
	return -1;
}

/* 1 to add, 0 already there the same, -1 conflict */
static int
can_add(const struct vc_domain *d, const struct vc_iface *want, const char *key)
{
	long at = find_pci(d, key);
	char *a, *b;
	int same;
	size_t i;

	if (at >= 0) {
		a = fmt_iface(d->dev[VC_DEV_INTERFACE][at]);
		b = fmt_iface(want);
		same = strcmp(a, b) == 0;
		free(a);
		free(b);
		if (same)
			return 0;
		return vc_err("%s: already has an interface on PCI %s", d->name, key);
	}
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];
		if (f->has_mac && memcmp(f->mac, want->mac, 6) == 0)
			return vc_err("%s: already has an interface with that MAC", d->name);
	}
	return 1;
}

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"live", no_argument, NULL, 'l'},
		{"config", no_argument, NULL, 'C'},
		{"pci", required_argument, NULL, 'p'},
		{"network", required_argument, NULL, 'N'},
		{"mac", required_argument, NULL, 'm'},
		{"vlan", required_argument, NULL, 'v'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	struct vc_live l = {0};
	struct vc_domain *conf = NULL, *live = NULL, *ref;
	struct vc_iface *want = NULL, *add;
	struct vc_pciaddr pa;
	const char *dom = NULL, *pci = NULL, *net = NULL, *macs = NULL;
	char *name, *xml, *out, key[16];
	unsigned char mac[6];
	long vlan = -1;
	int ch, check = 0, dolive = 0, doconf = 0, active, fd, r = 0, rl = 0, rc = 0;

	vc_tool_init(argc, argv, usage);
	/* options may follow the guest's name, as in the synopsis */
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1 || optind < argc) {
		switch (ch) {
		case -1:
			if (dom)
				vc_usage();
			dom = argv[optind++];
			break;
		case 'n': check = 1; break;
		case 'l': dolive = 1; break;
		case 'C': doconf = 1; break;
		case 'p': pci = optarg; break;
		case 'N': net = optarg; break;
		case 'm': macs = optarg; break;
		case 'v': vlan = (long)vc_arg_ull("--vlan", optarg, 0, 4095); break;
		default: vc_usage();
		}
	}
	if (!dom || !pci == !net)
		vc_usage();
	if (net)
		vc_die_msg(VC_EXIT_FAIL, "--network %s: VF pools are not available yet; "
		           "use --pci", net);
	if (vc_pci_addr_scan(pci, &pa) < 0)
		vc_die_msg(VC_EXIT_USAGE, "--pci: %s", vc_errmsg());
	vc_pci_addr_str(&pa, key);
	if (macs && vc_mac_parse(macs, mac) < 0)
		vc_die_msg(VC_EXIT_USAGE, "--mac: %s", vc_errmsg());

	c = vc_tool_conn();
	if (!(name = vc_store_resolve(c, dom)))
		vc_die();
	if ((fd = vc_lock(c->confdir, name)) < 0)
		vc_die();
	if ((active = vc_store_live_read(c, name, &l)) < 0)
		vc_die();
	if (!dolive && !doconf) {
		/* as virsh: the state the guest is in */
		dolive = active;
		doconf = !active;
	}
	if (dolive && !active)
		vc_die_msg(VC_EXIT_FAIL, "%s: domain is not running", name);
	if (doconf && !(conf = vc_store_load_conf(c, name)))
		vc_die_msg(VC_EXIT_FAIL, "%s: %s", name,
		           vc_errkind_get() ? vc_errmsg() : "no persistent configuration");
	if (dolive && !(live = vc_store_load_live(c, name)))
		vc_die();
	ref = conf ? conf : live;
	if (!macs)
		stable_mac(ref->uuid, key, mac);

	if (!(xml = element(key, mac, vlan)))
		vc_die();
	if (!(want = vc_iface_parse_string(xml, strlen(xml), "--pci")))
		vc_die();
	out = fmt_iface(want);
	fputs(out, stdout);
	free(out);

	if (live && (rl = can_add(live, want, key)) < 0)
		vc_die();
	if (conf && (r = can_add(conf, want, key)) < 0)
		vc_die();
	if (check)
		goto done;
	if (live && rl) {
		if (c->drv != &vc_test_driver)
			vc_die_msg(VC_EXIT_FAIL, "%s: live attach: unsupported by the %s "
			           "driver yet (QMP device_add)", name, c->drv->name);
		if (vc_hostdev_prepare_iface(c, name, want) < 0)
			vc_die();
		add = vc_iface_parse_string(xml, strlen(xml), "--pci");
		VC_APPEND(live->dev[VC_DEV_INTERFACE], live->ndev[VC_DEV_INTERFACE], add);
		if (vc_store_save_live(c, live, &l) < 0) {
			char *msg = vc_strdup(vc_errmsg());
			vc_hostdev_release_dev(c, name, key);
			vc_die_msg(VC_EXIT_FAIL, "%s", msg);
		}
	}
	if (conf && r) {
		add = vc_iface_parse_string(xml, strlen(xml), "--pci");
		VC_APPEND(conf->dev[VC_DEV_INTERFACE], conf->ndev[VC_DEV_INTERFACE], add);
		if (vc_store_save_conf(c, conf, NULL) < 0)
			vc_die();
	}
done:
	puts(r || rl ? "changed" : "unchanged");
	vc_unlock(fd);
	vc_dev_interface_free(want);
	free(xml);
	vc_domain_free(conf);
	vc_domain_free(live);
	vc_live_clear(&l);
	free(name);
	vc_conn_close(c);
	return vc_exit(rc);
}
