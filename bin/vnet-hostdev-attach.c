/* vnet-hostdev-attach: give a guest an SR-IOV VF as <interface type='hostdev' managed='yes'>,
 * named by PCI address or taken from a network's VF pool */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"
#include "driver/device_ops.h"
#include "host.h"
#include "conf/dev_net.h"
#include "driver/hostdev/hostdev.h"
#include "driver/network_ops.h"

static const char usage[] =
	"[-c uri] [--check] [--live] [--config] [--persistent] [--mac mac] [--vlan n] "
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

/* --network: the interface as the config keeps it; the VF is taken from
 * the pool at each start (or now, for a live attach) */
static char *
net_element(const char *net, const unsigned char mac[6], long vlan)
{
	struct vc_buf b = {0};
	char m[18];

	vc_mac_format(mac, m);
	vc_buf_printf(&b, "<interface type='network'>\n  <mac address='%s'/>\n"
	              "  <source network='%s'/>\n", m, net);
	if (vlan >= 0)
		vc_buf_printf(&b, "  <vlan>\n    <tag id='%ld'/>\n  </vlan>\n", vlan);
	vc_buf_puts(&b, "</interface>\n");
	return vc_buf_take(&b);
}

/* --network names a VF pool: a network with forward mode='hostdev' (it
 * needs to be active only when the VF is taken) */
static void
check_pool(struct vc_conn *c, const char *net)
{
	struct vc_network *n;
	int mode;

	if (!(n = vc_net_load(c, net, 0)))
		vc_die();
	mode = n->fwd;
	vc_network_free(n);
	if (mode != VC_NET_FWD_HOSTDEV)
		vc_die_msg(VC_EXIT_FAIL, "network %s is not a VF pool (forward "
		           "mode='hostdev')", net);
}

/* the interface of d that want would duplicate: the same PCI VF, or the
 * same network and MAC; index or -1 */
static long
find_same(const struct vc_domain *d, const struct vc_iface *want, const char *key)
{
	char k[16];
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];
		if (key && f->type == VC_IFACE_HOSTDEV && vc_hostdev_iface_key(f, k) == 0 &&
		    strcmp(k, key) == 0)
			return i;
		vc_err_clear();
		if (!key && f->type == VC_IFACE_NETWORK && f->source_network &&
		    strcmp(f->source_network, want->source_network) == 0 &&
		    memcmp(f->mac, want->mac, 6) == 0)
			return i;
	}
	return -1;
}

/* 1 to add, 0 already there the same, -1 conflict */
static int
can_add(const struct vc_domain *d, const struct vc_iface *want, const char *key)
{
	long at = find_same(d, want, key);
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
		if (key)
			return vc_err("%s: already has an interface on PCI %s", d->name, key);
	}
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];
		if (f->has_mac && memcmp(f->mac, want->mac, 6) == 0)
			return vc_err("%s: already has an interface with that MAC", d->name);
	}
	return 1;
}

/* --network --live: the running guest has a VF with this MAC from this
 * network already (1), or not (0) */
static int
has_pool_vf(struct vc_conn *c, const struct vc_domain *live, const char *net,
            const unsigned char mac[6], char key[16])
{
	struct vc_hostdev_rec *r;
	size_t n, i, k;
	int found = 0;

	if (vc_hostdev_list(c, &r, &n) < 0)
		vc_die();
	for (i = 0; i < n && !found; i++) {
		if (!r[i].network || strcmp(r[i].network, net) != 0 ||
		    strcmp(r[i].owner, live->name) != 0 || !r[i].has_mac ||
		    memcmp(r[i].mac, mac, 6) != 0)
			continue;
		for (k = 0; k < live->ndev[VC_DEV_INTERFACE]; k++) {
			const struct vc_iface *f = live->dev[VC_DEV_INTERFACE][k];
			char fk[16];
			if (f->type == VC_IFACE_HOSTDEV && vc_hostdev_iface_key(f, fk) == 0 &&
			    strcmp(fk, r[i].key) == 0) {
				snprintf(key, 16, "%s", r[i].key);
				found = 1;
			}
			vc_err_clear();
		}
	}
	vc_hostdev_list_free(r, n);
	return found;
}

/* a live attach from a pool: a free VF under the registry lock; returns
 * the interface the guest got, to print */
static char *
live_pool(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, const char *xml)
{
	struct vc_iface *add;
	char key[16], *out;

	if (!(add = vc_iface_parse_string(xml, strlen(xml), "--network")))
		vc_die();
	if (vc_hostdev_prepare_pool_iface(c, live->name, add) < 0)
		vc_die();
	out = fmt_iface(add);
	VC_APPEND(live->dev[VC_DEV_INTERFACE], live->ndev[VC_DEV_INTERFACE], add);
	if (vc_store_save_live(c, live, l) < 0) {
		char *msg = vc_strdup(vc_errmsg());
		if (vc_hostdev_iface_key(add, key) == 0)
			vc_hostdev_release_dev(c, live->name, key);
		vc_die_msg(VC_EXIT_FAIL, "%s", msg);
	}
	return out;
}

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"live", no_argument, NULL, 'l'},
		{"config", no_argument, NULL, 'C'},
		{"persistent", no_argument, NULL, 'P'},
		{"pci", required_argument, NULL, 'p'},
		{"network", required_argument, NULL, 'N'},
		{"mac", required_argument, NULL, 'm'},
		{"vlan", required_argument, NULL, 'v'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	struct vc_dev_target t;
	struct vc_domain *conf, *live, *ref;
	struct vc_iface *want = NULL, *add;
	struct vc_pciaddr pa;
	const char *dom = NULL, *pci = NULL, *net = NULL, *macs = NULL, *name;
	char *xml, *out = NULL, key[16], *seed;
	unsigned char mac[6];
	long vlan = -1;
	int ch, check = 0, affect = 0, r = 0, rl = 0, rc = 0;

	vc_tool_init(argc, argv, usage);
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': check = 1; break;
		case 'l': affect |= VC_AFFECT_LIVE; break;
		case 'C': affect |= VC_AFFECT_CONFIG; break;
		case 'P': affect |= VC_AFFECT_PERSISTENT; break;
		case 'p': pci = optarg; break;
		case 'N': net = optarg; break;
		case 'm': macs = optarg; break;
		case 'v': vlan = (long)vc_arg_ull("--vlan", optarg, 0, 4095); break;
		default: vc_usage();
		}
	}
	if (optind + 1 != argc)
		vc_usage();
	dom = argv[optind];
	if (!pci == !net)
		vc_usage();
	if (pci && vc_pci_addr_scan(pci, &pa) < 0)
		vc_die_msg(VC_EXIT_USAGE, "--pci: %s", vc_errmsg());
	if (pci)
		vc_pci_addr_str(&pa, key);
	if (macs && vc_mac_parse(macs, mac) < 0)
		vc_die_msg(VC_EXIT_USAGE, "--mac: %s", vc_errmsg());

	c = vc_tool_conn();
	/* as virsh, neither --live nor --config: the state the guest is in */
	if (vc_dev_target_open(c, dom, affect, &t) < 0)
		vc_die();
	name = t.name;
	live = t.live;
	conf = t.conf;
	if (net)
		check_pool(c, net);
	ref = conf ? conf : live;
	if (!macs) {
		seed = pci ? vc_strdup(key) : vc_asprintf("network:%s", net);
		stable_mac(ref->uuid, seed, mac);
		free(seed);
	}

	if (!(xml = pci ? element(key, mac, vlan) : net_element(net, mac, vlan)))
		vc_die();
	if (!(want = vc_iface_parse_string(xml, strlen(xml), pci ? "--pci" : "--network")))
		vc_die();
	if (net && live) {
		/* the element printed is the VF the guest gets, known once taken */
		rl = has_pool_vf(c, live, net, mac, key) ? 0 : can_add(live, want, NULL);
		if (rl < 0)
			vc_die();
	} else if (live && (rl = can_add(live, want, key)) < 0) {
		vc_die();
	}
	/* printed at the end: a run that fails prints nothing on stdout */
	if (!(net && live && rl && !check))
		out = fmt_iface(want);
	if (conf && (r = can_add(conf, want, pci ? key : NULL)) < 0)
		vc_die();
	if (check)
		goto done;
	if (live && rl) {
		if (c->drv != &vc_test_driver)
			vc_die_msg(VC_EXIT_FAIL, "%s: live attach: unsupported by the %s "
			           "driver yet (QMP device_add)", name, c->drv->name);
		if (net) {
			out = live_pool(c, live, &t.l, xml);
		} else {
			if (vc_hostdev_prepare_iface(c, name, want) < 0)
				vc_die();
			add = vc_iface_parse_string(xml, strlen(xml), "--pci");
			VC_APPEND(live->dev[VC_DEV_INTERFACE], live->ndev[VC_DEV_INTERFACE], add);
			if (vc_store_save_live(c, live, &t.l) < 0) {
				char *msg = vc_strdup(vc_errmsg());
				vc_hostdev_release_dev(c, name, key);
				vc_die_msg(VC_EXIT_FAIL, "%s", msg);
			}
		}
	}
	if (conf && r) {
		add = vc_iface_parse_string(xml, strlen(xml), pci ? "--pci" : "--network");
		VC_APPEND(conf->dev[VC_DEV_INTERFACE], conf->ndev[VC_DEV_INTERFACE], add);
		if (vc_store_save_conf(c, conf, NULL) < 0)
			vc_die();
	}
done:
	if (out)
		fputs(out, stdout);
	free(out);
	puts(r || rl ? "changed" : "unchanged");
	vc_dev_target_close(&t);
	vc_dev_interface_free(want);
	free(xml);
	vc_conn_close(c);
	return vc_exit(rc);
}
