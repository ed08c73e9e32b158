/* vnet-hostdev-detach: take an <interface type='hostdev'> from a guest and give the VF back */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"
#include "driver/device_ops.h"
#include "host.h"
#include "conf/dev_net.h"
#include "driver/hostdev/hostdev.h"

static const char usage[] =
	"[-c uri] [--check] [--live] [--config] [--persistent] [--if-exists] name|uuid --mac mac | --pci address";

/* index of the hostdev interface matching mac or key, -1 */
static long
find(const struct vc_domain *d, const unsigned char *mac, const char *key,
     char found[16])
{
	char k[16];
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];
		if (f->type != VC_IFACE_HOSTDEV || vc_hostdev_iface_key(f, k) < 0) {
			vc_err_clear();
			continue;
		}
		if (mac ? f->has_mac && memcmp(f->mac, mac, 6) == 0
		        : strcmp(k, key) == 0) {
			memcpy(found, k, 16);
			return i;
		}
	}
	return -1;
}

static void
drop(struct vc_domain *d, long at)
{
	vc_dev_interface_free(d->dev[VC_DEV_INTERFACE][at]);
	memmove(&d->dev[VC_DEV_INTERFACE][at], &d->dev[VC_DEV_INTERFACE][at + 1],
	        (d->ndev[VC_DEV_INTERFACE] - at - 1) * sizeof(void *));
	d->ndev[VC_DEV_INTERFACE]--;
}

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"live", no_argument, NULL, 'l'},
		{"config", no_argument, NULL, 'C'},
		{"persistent", no_argument, NULL, 'P'},
		{"if-exists", no_argument, NULL, 'i'},
		{"pci", required_argument, NULL, 'p'},
		{"mac", required_argument, NULL, 'm'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	struct vc_dev_target t;
	struct vc_domain *conf, *live;
	struct vc_pciaddr pa;
	const char *dom = NULL, *pci = NULL, *macs = NULL, *name;
	char key[16] = "", kl[16], kc[16];
	unsigned char mac[6];
	long al = -1, ac = -1;
	int ch, check = 0, affect = 0, ifexists = 0;

	vc_tool_init(argc, argv, usage);
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': check = 1; break;
		case 'l': affect |= VC_AFFECT_LIVE; break;
		case 'C': affect |= VC_AFFECT_CONFIG; break;
		case 'P': affect |= VC_AFFECT_PERSISTENT; break;
		case 'i': ifexists = 1; break;
		case 'p': pci = optarg; break;
		case 'm': macs = optarg; break;
		default: vc_usage();
		}
	}
	if (optind + 1 != argc)
		vc_usage();
	dom = argv[optind];
	if (!pci == !macs)
		vc_usage();
	if (pci) {
		if (vc_pci_addr_scan(pci, &pa) < 0)
			vc_die_msg(VC_EXIT_USAGE, "--pci: %s", vc_errmsg());
		vc_pci_addr_str(&pa, key);
	}
	if (macs && vc_mac_parse(macs, mac) < 0)
		vc_die_msg(VC_EXIT_USAGE, "--mac: %s", vc_errmsg());

	c = vc_tool_conn();
	if (vc_dev_target_open(c, dom, affect, &t) < 0)
		vc_die();
	name = t.name;
	live = t.live;
	conf = t.conf;
	if (live)
		al = find(live, macs ? mac : NULL, key, kl);
	if (conf)
		ac = find(conf, macs ? mac : NULL, key, kc);
	if (al < 0 && ac < 0 && ifexists) {
		/* already gone: what automation asks for is true */
		puts("unchanged");
		vc_dev_target_close(&t);
		vc_conn_close(c);
		return vc_exit(VC_EXIT_OK);
	}
	if (al < 0 && ac < 0)
		vc_die_msg(VC_EXIT_FAIL, "%s: no hostdev interface with %s %s", name,
		           macs ? "MAC" : "PCI address", macs ? macs : key);
	if (!check && al >= 0) {
		if (c->drv != &vc_test_driver)
			vc_die_msg(VC_EXIT_FAIL, "%s: live detach: unsupported by the %s "
			           "driver yet (QMP device_del)", name, c->drv->name);
		/* the guest lets go first, then the host gets the VF back */
		drop(live, al);
		if (vc_store_save_live(c, live, &t.l) < 0)
			vc_die();
		if (vc_hostdev_release_dev(c, name, kl) < 0)
			vc_die();
	}
	if (!check && ac >= 0) {
		drop(conf, ac);
		if (vc_store_save_conf(c, conf, NULL) < 0)
			vc_die();
	}
	puts("changed");
	vc_dev_target_close(&t);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
