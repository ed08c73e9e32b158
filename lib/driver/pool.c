/* pool.c: a guest's <interface type='network'> read through the network store: the VF pool or bridge it names */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "conf/dev_net.h"
#include "driver/network_ops.h"
#include "driver/pool.h"

void
vc_netport_clear(struct vc_netport *p)
{
	free(p->network);
	free(p->pf);
	vc_strv_free(p->addrs, p->naddrs);
	free(p->bridge);
	free(p->vport_profileid);
	memset(p, 0, sizeof(*p));
	p->vlan = -1;
}

int
vc_netport_is_pool(const struct vc_netport *p)
{
	return p->mode == VC_NET_FWD_HOSTDEV;
}

/* the network of interface i, live when active; NULL with an error */
static struct vc_network *
load(struct vc_conn *c, const struct vc_iface *i, int *on)
{
	struct vc_network *n;
	char *name, *lp;

	if (!i->source_network)
		return vc_err("<interface type='network'> without <source network>"), NULL;
	if (!(name = vc_net_resolve(c, i->source_network)))
		return NULL;
	lp = vc_net_live_path(c, name);
	*on = vc_exists(lp);
	free(lp);
	n = vc_net_load(c, name, !*on);
	free(name);
	return n;
}

/* the portgroup interface i asked for, else the network's default */
static const struct vc_net_portgroup *
portgroup(const struct vc_network *n, const struct vc_iface *i, int *bad)
{
	size_t k;

	*bad = 0;
	for (k = 0; k < n->nportgroups; k++) {
		if (i->source_portgroup ? strcmp(n->portgroups[k].name, i->source_portgroup) == 0
		    : n->portgroups[k].is_default)
			return &n->portgroups[k];
	}
	if (i->source_portgroup) {
		*bad = vc_err("network %s has no portgroup '%s'", n->name, i->source_portgroup);
		return NULL;
	}
	return NULL;
}

/* one tag for a VF: the interface's, the portgroup's, the network's */
static int
vf_vlan(const struct vc_network *n, const struct vc_net_portgroup *pg,
        const struct vc_iface *i, int *tag)
{
	const struct vc_net_vlan *v = NULL;

	*tag = -1;
	if (i->nvlan_tags)
		return 0;          /* the manager reads the interface's own */
	if (pg && pg->vlan.ntags)
		v = &pg->vlan;
	else if (n->vlan.ntags)
		v = &n->vlan;
	if (!v)
		return 0;
	if (v->ntags > 1 || v->trunk == VC_TRI_YES)
		return vc_err("unsupported configuration: network %s: VLAN trunking is "
		    "not supported on SR-IOV VFs", n->name);
	if (v->native && v->native[0] != VC_NET_NATIVE_NONE)
		return vc_err("unsupported configuration: network %s: native VLAN mode "
		    "is not supported on SR-IOV VFs", n->name);
	*tag = (int)v->tags[0];
	return 0;
}

static int
hostdev_pool(const struct vc_network *n, const struct vc_iface *i, struct vc_netport *p)
{
	const struct vc_net_portgroup *pg;
	const struct vc_net_vport *vp;
	char a[32];
	size_t k;
	int bad;

	pg = portgroup(n, i, &bad);
	if (bad)
		return -1;
	vp = pg && pg->vport.present ? &pg->vport : n->vport.present ? &n->vport : NULL;
	if (vp && vp->type != VC_NET_VPORT_8021QBH && vp->type != VC_NET_VPORT_8021QBG)
		return vc_err("unsupported configuration: network %s: <virtualport "
		    "type='%s'> cannot be used with SR-IOV VFs (forward mode='hostdev')",
		    n->name, vc_net_vport_names[vp->type]);
	if (vp) {
		/* the enums share their order */
		p->vport_type = vp->type;
		p->vport_profileid = vp->profileid ? vc_strdup(vp->profileid) : NULL;
		p->vport_managerid = vp->managerid;
		p->vport_typeid = vp->typeid;
		p->vport_typeidversion = vp->typeidversion;
		memcpy(p->vport_instanceid, vp->instanceid, 16);
		p->has_vport_instanceid = vp->has_instanceid;
		if (vp->type == VC_NET_VPORT_8021QBH && !vp->profileid)
			return vc_err("network %s: <virtualport type='802.1Qbh'> needs a "
			    "profileid", n->name);
		if (vp->type == VC_NET_VPORT_8021QBG && (!vp->has_managerid ||
		    !vp->has_typeid || !vp->has_typeidversion))
			return vc_err("network %s: <virtualport type='802.1Qbg'> needs "
			    "managerid, typeid and typeidversion", n->name);
	}
	if (vf_vlan(n, pg, i, &p->vlan) < 0)
		return -1;
	p->managed = n->fwd_managed;
	if (n->fwd_pf)
		p->pf = vc_strdup(n->fwd_pf);
	for (k = 0; k < n->nfwd_addrs; k++) {
		const struct vc_addr *d = &n->fwd_addrs[k];
		if (d->type != VC_ADDR_PCI)
			return vc_err("network %s: pool address %zu is not a PCI address",
			    n->name, k + 1);
		snprintf(a, sizeof(a), "%04x:%02x:%02x.%x", d->domain, d->bus, d->slot,
		    d->function);
		VC_APPEND(p->addrs, p->naddrs, vc_strdup(a));
	}
	if (!p->pf && !p->naddrs)
		return vc_err("network %s: forward mode='hostdev' with neither <pf> nor "
		    "<address>: the pool is empty", n->name);
	return 0;
}

int
vc_netport_resolve(struct vc_conn *c, const struct vc_iface *i, struct vc_netport *p)
{
	struct vc_network *n;
	int r = -1, on;

	memset(p, 0, sizeof(*p));
	p->vlan = -1;
	if (!(n = load(c, i, &on)))
		return -1;
	/* the test driver simulates every mode; elsewhere a nat network
	 * cannot even start, so say why rather than "not active" */
	if (n->fwd == VC_NET_FWD_NAT && c->drv != &vc_test_driver)
		vc_err("network %s: forward mode nat is not supported yet", n->name);
	else if (!on)
		vc_err("network %s is not active", n->name);
	else
		r = 0;
	if (r == 0) {
		p->network = vc_strdup(n->name);
		p->mode = n->fwd;
		if (n->bridge)
			p->bridge = vc_strdup(n->bridge);
		if (n->fwd == VC_NET_FWD_HOSTDEV)
			r = hostdev_pool(n, i, p);
	}
	vc_network_free(n);
	if (r < 0)
		vc_netport_clear(p);
	return r;
}

int
vc_netport_bridge(struct vc_conn *c, const struct vc_iface *i, char **br)
{
	struct vc_netport p;
	int r = -1;

	*br = NULL;
	if (vc_netport_resolve(c, i, &p) < 0)
		return -1;
	if (p.mode == VC_NET_FWD_BRIDGE && p.bridge) {
		*br = p.bridge;
		p.bridge = NULL;
		r = 0;
	} else if (p.mode == VC_NET_FWD_BRIDGE) {
		vc_err("network %s: forward mode='bridge' without <bridge name> "
		    "(a macvtap pool) is not supported yet for tap interfaces", p.network);
	} else if (p.mode == VC_NET_FWD_HOSTDEV) {
		vc_err("network %s is a VF pool: its interfaces are given a VF, "
		    "not a tap", p.network);
	} else {
		vc_err("network %s: forward mode %s is not supported yet", p.network,
		    p.mode ? vc_net_fwd_names[p.mode] : "none (isolated)");
	}
	vc_netport_clear(&p);
	return r;
}
