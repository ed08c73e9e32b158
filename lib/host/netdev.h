/* netdev.h: the one netlink interface: libnl3 for real, a recorder for tests */
#ifndef VC_HOST_NETDEV_H
#define VC_HOST_NETDEV_H

#include <stddef.h>

struct vc_nl_link {
	int ifindex;
	char name[16];
	unsigned char mac[6];
	int has_mac;
	char operstate[16];        /* "up", "down", "unknown", ... */
	unsigned mtu;
};

struct vc_nl_vf {
	unsigned vf;
	unsigned char mac[6];
	unsigned vlan, qos;
};

/* a VF's port profile (IFLA_VF_PORTS): 802.1Qbh names a profile the
 * switch knows, 802.1Qbg a VSI type; both an instance */
enum { VC_NL_QBH = 1, VC_NL_QBG = 2 };
struct vc_nl_port {
	int kind;                  /* VC_NL_QBH, VC_NL_QBG */
	unsigned vf;
	int request;               /* PORT_REQUEST_ASSOCIATE, _DISASSOCIATE */
	char profile[40];          /* Qbh: profileid */
	unsigned char instance[16];
	unsigned char host[16];    /* Qbh: the host's UUID */
	int has_host;
	unsigned mgrid, typeid, typeidver;   /* Qbg: the VSI type */
};

struct vc_nl;
struct vc_nl_ops {
	const char *name;          /* "libnl", "record" */
	int (*list)(struct vc_nl *nl, struct vc_nl_link **links, size_t *n);
	/* by name when name is non-NULL, else by ifindex */
	int (*get)(struct vc_nl *nl, const char *name, int ifindex,
	           struct vc_nl_link *out);
	int (*vfs)(struct vc_nl *nl, int ifindex, struct vc_nl_vf **vfs, size_t *n);
	/* MAC (mac non-NULL) and/or VLAN (have_vlan) in one RTM_SETLINK */
	int (*set_vf)(struct vc_nl *nl, int ifindex, unsigned vf, const unsigned char *mac,
	              int have_vlan, unsigned vlan, unsigned qos);
	/* send a port request to the PF (802.1Qbh) or to lldpad (802.1Qbg) */
	int (*set_vf_port)(struct vc_nl *nl, int ifindex, const struct vc_nl_port *p);
	/* the answer so far to the last request for a VF (IFLA_PORT_RESPONSE);
	 * -1 with error, else 0 and *resp set (-1 when none was given) */
	int (*vf_port_response)(struct vc_nl *nl, int ifindex, int kind, unsigned vf,
	                        int *resp);
	void (*close)(struct vc_nl *nl);
};
struct vc_nl {
	const struct vc_nl_ops *ops;
	void *priv;
};

/* open the backend chosen by VIRTCORE_NETLINK: unset or "libnl" = the
 * kernel; "record:FILE" = append every message to FILE (one hex line each)
 * and answer from the state file FILE.state (VIRTCORE_NETLINK_STATE
 * overrides), which is seeded from sysfs under VIRTCORE_SYSFS_ROOT.
 * NULL with error. */
struct vc_nl *vc_netdev_open(void);
void vc_netdev_close(struct vc_nl *nl);
int vc_netdev_list(struct vc_nl *nl, struct vc_nl_link **links, size_t *n);
int vc_netdev_get(struct vc_nl *nl, const char *name, struct vc_nl_link *out);
int vc_netdev_get_index(struct vc_nl *nl, int ifindex, struct vc_nl_link *out);
int vc_netdev_vfs(struct vc_nl *nl, int ifindex, struct vc_nl_vf **vfs, size_t *n);
int vc_netdev_set_vf_mac(struct vc_nl *nl, int ifindex, unsigned vf,
                         const unsigned char mac[6]);
int vc_netdev_set_vf_vlan(struct vc_nl *nl, int ifindex, unsigned vf,
                          unsigned vlan, unsigned qos);
/* both at once, as one message (libvirt sends them so too) */
int vc_netdev_set_vf(struct vc_nl *nl, int ifindex, unsigned vf, const unsigned char *mac,
                     int have_vlan, unsigned vlan, unsigned qos);

/* associate (or disassociate) a VF's port profile and wait, bounded,
 * for the switch's answer: 0 ok; -1 with error naming the response */
int vc_netdev_vf_port(struct vc_nl *nl, int ifindex, const struct vc_nl_port *p);
/* the port request message both backends send (RTM_SETLINK with
 * IFLA_VF_PORTS); malloc'd bytes, *len set */
void *vc_netdev_port_msg(int ifindex, const struct vc_nl_port *p, size_t *len);

/* the RTM_SETLINK message both backends send (built with libnl);
 * mac or vlan (or both) may be given: have_mac / have_vlan.
 * Returns malloc'd bytes, *len set. */
void *vc_netdev_vf_msg(int ifindex, unsigned vf, const unsigned char *mac,
                       int have_vlan, unsigned vlan, unsigned qos, size_t *len);

/* what a recorded RTM_SETLINK message says, parsed back with libnl */
struct vc_nl_vfmsg {
	int ifindex;
	unsigned vf;
	int has_mac, has_vlan;
	unsigned char mac[6];
	unsigned vlan, qos;
	int has_port;              /* an IFLA_VF_PORTS request: port set */
	struct vc_nl_port port;
};
/* 0 ok, -1 with error when it is not a VF RTM_SETLINK */
int vc_netdev_vf_msg_parse(const void *buf, size_t len, struct vc_nl_vfmsg *out);
/* read every message of a record file: 0 ok (n may be 0), -1 */
int vc_netdev_record_read(const char *file, struct vc_nl_vfmsg **msgs, size_t *n);

#endif
