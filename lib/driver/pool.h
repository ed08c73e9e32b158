/* pool.h: what a network gives a guest's <interface type='network'>: a VF of its pool, or a bridge */
#ifndef VC_DRIVER_POOL_H
#define VC_DRIVER_POOL_H

#include <stddef.h>
#include "driver.h"

struct vc_iface;

/* The network side of one interface, read from the network store (the
 * live network: it must be active). The hostdev manager takes a free VF
 * from a hostdev pool under its registry lock; the QEMU driver joins a
 * tap to the bridge. */
struct vc_netport {
	char *network;
	int mode;                   /* enum vc_net_fwd */
	/* forward mode='hostdev' */
	int managed;                /* <forward managed='yes'> */
	char *pf;                   /* <pf dev>: every VF of this netdev */
	char **addrs;               /* <address>es, canonical "0000:04:10.1" */
	size_t naddrs;
	int vlan;                   /* the interface's tag, else its portgroup's,
	                               else the network's; -1 none */
	/* the portgroup's, else the network's <virtualport> (802.1Qbh or
	 * 802.1Qbg), for interfaces without one of their own: vport_type is
	 * a VC_VPORT_* (0 none) */
	int vport_type;
	char *vport_profileid;
	unsigned vport_managerid, vport_typeid, vport_typeidversion;
	unsigned char vport_instanceid[16];
	int has_vport_instanceid;
	/* forward mode='bridge' */
	char *bridge;
};

/* i is an <interface type='network'>: 0, or -1 with "network N is not
 * active", "N: no such network", or what the pool cannot give a VF */
int vc_netport_resolve(struct vc_conn *c, const struct vc_iface *i, struct vc_netport *p);
void vc_netport_clear(struct vc_netport *p);
/* 1 when the network hands out host devices (forward mode='hostdev') */
int vc_netport_is_pool(const struct vc_netport *p);
/* the bridge a tap of i joins (malloc'd in *br): forward mode='bridge'
 * with a <bridge name>; nat and the rest are refused for now. 0, -1 */
int vc_netport_bridge(struct vc_conn *c, const struct vc_iface *i, char **br);

#endif
