/* network.h: the <network> model (libvirt's network XML): parse, format, VF pools */
#ifndef VC_NETWORK_H
#define VC_NETWORK_H

#include "conf.h"

/* forward modes; NONE is an isolated network (no <forward>) */
enum vc_net_fwd {
	VC_NET_FWD_NONE, VC_NET_FWD_NAT, VC_NET_FWD_ROUTE, VC_NET_FWD_OPEN,
	VC_NET_FWD_BRIDGE, VC_NET_FWD_PRIVATE, VC_NET_FWD_VEPA,
	VC_NET_FWD_PASSTHROUGH, VC_NET_FWD_HOSTDEV,
};
extern const char *const vc_net_fwd_names[];
enum { VC_NET_DRV_NONE, VC_NET_DRV_KVM, VC_NET_DRV_VFIO, VC_NET_DRV_XEN };
extern const char *const vc_net_driver_names[];
enum { VC_NET_MTM_NONE, VC_NET_MTM_KERNEL, VC_NET_MTM_LIBVIRT };
extern const char *const vc_net_mtm_names[];
enum { VC_NET_FAMILY_NONE, VC_NET_FAMILY_IPV4, VC_NET_FAMILY_IPV6 };
extern const char *const vc_net_family_names[];
enum { VC_NET_LEASE_NONE, VC_NET_LEASE_SECONDS, VC_NET_LEASE_MINUTES, VC_NET_LEASE_HOURS };
extern const char *const vc_net_lease_unit_names[];
enum { VC_NET_VPORT_NONE, VC_NET_VPORT_8021QBG, VC_NET_VPORT_8021QBH,
       VC_NET_VPORT_OPENVSWITCH, VC_NET_VPORT_MIDONET };
extern const char *const vc_net_vport_names[];
enum { VC_NET_NATIVE_NONE, VC_NET_NATIVE_TAGGED, VC_NET_NATIVE_UNTAGGED };
extern const char *const vc_net_native_names[];

struct vc_net_vlan {
	int trunk;                  /* VC_TRI_* as written; yes implied by >1 tag */
	unsigned *tags;
	int *native;                /* VC_NET_NATIVE_* per tag */
	size_t ntags;
};

struct vc_net_vport {
	int present;
	int type;                   /* VC_NET_VPORT_* */
	unsigned managerid, typeid, typeidversion;
	int has_managerid, has_typeid, has_typeidversion;
	unsigned char instanceid[16], interfaceid[16];
	int has_instanceid, has_interfaceid;
	char *profileid;
};

struct vc_net_rate {
	int set;
	unsigned long long average, peak, floor, burst;   /* 0 = unset */
};

struct vc_net_bandwidth {
	struct vc_net_rate in, out;
};

struct vc_net_lease {
	int set;
	unsigned long long expiry;  /* 0 = infinite */
	int unit;                   /* VC_NET_LEASE_* (minutes when absent) */
};

struct vc_net_range {
	char *start, *end;
	struct vc_net_lease lease;
};

struct vc_net_dhcp_host {
	unsigned char mac[6];
	int has_mac;
	char *id, *name, *ip;
	struct vc_net_lease lease;
};

struct vc_net_ip {
	int family;                 /* as written: VC_NET_FAMILY_* */
	char *address, *netmask;
	unsigned prefix;            /* 0 = unset */
	int local_ptr;              /* VC_TRI_* */
	char *tftp_root;
	struct vc_net_range *ranges;
	size_t nranges;
	struct vc_net_dhcp_host *hosts;
	size_t nhosts;
	char *bootp_file, *bootp_server;
};

struct vc_net_route {
	int family;
	char *address, *netmask, *gateway;
	unsigned prefix, metric;    /* 0 = unset */
};

struct vc_net_dns_fwd { char *domain, *addr; };
struct vc_net_dns_txt { char *name, *value; };
struct vc_net_dns_srv {
	char *service, *protocol, *domain, *target;
	unsigned port, priority, weight;   /* 0 = unset */
};
struct vc_net_dns_host {
	char *ip;
	char **names;
	size_t nnames;
};
struct vc_net_dns {
	int enable, forward_plain;  /* VC_TRI_* */
	struct vc_net_dns_fwd *fwds;
	size_t nfwds;
	struct vc_net_dns_txt *txts;
	size_t ntxts;
	struct vc_net_dns_srv *srvs;
	size_t nsrvs;
	struct vc_net_dns_host *hosts;
	size_t nhosts;
};

struct vc_net_portgroup {
	char *name;
	int is_default;
	int trust_guest_rx;         /* VC_TRI_* */
	struct vc_net_vlan vlan;
	struct vc_net_vport vport;
	struct vc_net_bandwidth bw;
};

struct vc_network {
	char *name;
	unsigned char uuid[16];
	int has_uuid;
	char *title, *description;
	char *metadata;             /* inner XML verbatim */
	int ipv6;                   /* VC_TRI_*: only yes is kept */
	int trust_guest_rx;         /* VC_TRI_* */

	/* <forward> */
	int fwd;                    /* enum vc_net_fwd */
	int fwd_managed;            /* hostdev: 1 managed='yes' */
	int fwd_driver;             /* VC_NET_DRV_* */
	char *fwd_driver_model;
	char *fwd_pf;               /* <pf dev> (at most one) */
	char **fwd_ifs;             /* <interface dev>, ifs[0] is the forward dev */
	size_t nfwd_ifs;
	struct vc_addr *fwd_addrs;  /* <address type='pci'> */
	size_t nfwd_addrs;
	int nat_ipv6;               /* VC_TRI_* */
	char *nat_start, *nat_end;
	unsigned nat_port_start, nat_port_end;

	/* <bridge> */
	int has_bridge;
	char *bridge, *bridge_zone;
	int stp;                    /* VC_TRI_* on/off (on when absent) */
	unsigned delay;
	int mac_table_manager;      /* VC_NET_MTM_* */

	unsigned mtu;               /* 0 unset */
	unsigned char mac[6];
	int has_mac;
	char *domain_name;
	int domain_local_only, domain_register;   /* VC_TRI_* */
	struct vc_net_dns dns;
	struct vc_net_vlan vlan;
	struct vc_net_bandwidth bw;
	int port_isolated;          /* VC_TRI_* */
	struct vc_net_ip *ips;
	size_t nips;
	struct vc_net_route *routes;
	size_t nroutes;
	struct vc_net_vport vport;
	struct vc_net_portgroup *portgroups;
	size_t nportgroups;
};

/* network.c */
struct vc_network *vc_network_parse(const char *xml, size_t len, const char *file);
/* parse, then check against the built-in schema when there is one */
struct vc_network *vc_network_parse_validate(const char *xml, size_t len, const char *file);
/* live adds nothing yet; kept for the hostdev manager's connection counts */
char *vc_network_format(const struct vc_network *n, int live);
void vc_network_free(struct vc_network *n);
/* what a define fills: the uuid (kept from old when given) */
void vc_network_fill_defaults(struct vc_network *n, const struct vc_network *old);

/* The device pool of a network whose guests get a host device of their
 * own: forward mode hostdev (VFs by PCI address, or every VF of a PF),
 * passthrough/private/vepa/bridge (netdevs by name, or a PF).
 * The pointers point into n. Returns 0, or -1 when the network has no
 * pool (isolated, nat, route, open, or a bridge by name). */
struct vc_net_pool {
	int mode;                   /* enum vc_net_fwd */
	int managed;                /* hostdev managed='yes' */
	const char *pf;             /* all VFs of this PF, or NULL */
	const struct vc_addr *addrs;   /* PCI VFs (hostdev), or NULL */
	size_t naddrs;
	char *const *ifs;           /* netdev names, or NULL */
	size_t nifs;
};
int vc_network_pool(const struct vc_network *n, struct vc_net_pool *p);

#endif
