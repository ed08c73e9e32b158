/* dev_net.h: the <interface> device model, shared by drivers and the hostdev manager */
#ifndef VC_DEV_NET_H
#define VC_DEV_NET_H

#include "conf.h"

enum vc_iface_type {
	VC_IFACE_NONE, VC_IFACE_ETHERNET, VC_IFACE_VHOSTUSER, VC_IFACE_SERVER,
	VC_IFACE_CLIENT, VC_IFACE_MCAST, VC_IFACE_NETWORK, VC_IFACE_BRIDGE,
	VC_IFACE_INTERNAL, VC_IFACE_DIRECT, VC_IFACE_HOSTDEV, VC_IFACE_UDP,
	VC_IFACE_USER, VC_IFACE_VDPA, VC_IFACE_NULL, VC_IFACE_VDS,
};
extern const char *const vc_iface_type_names[];

enum vc_vport_type {
	VC_VPORT_NONE, VC_VPORT_8021QBG, VC_VPORT_8021QBH, VC_VPORT_OPENVSWITCH,
	VC_VPORT_MIDONET,
};
extern const char *const vc_vport_type_names[];

enum { VC_VLAN_NATIVE_NONE, VC_VLAN_NATIVE_TAGGED, VC_VLAN_NATIVE_UNTAGGED };
extern const char *const vc_vlan_native_names[];

enum { VC_MAC_TYPE_NONE, VC_MAC_TYPE_GENERATED, VC_MAC_TYPE_STATIC };
extern const char *const vc_mac_type_names[];

/* macvtap modes of type='direct' (source_mode holds the name) */
extern const char *const vc_macvtap_mode_names[];

/* <driver name> of type='hostdev' */
enum { VC_IFACE_HDRV_NONE, VC_IFACE_HDRV_DEFAULT, VC_IFACE_HDRV_KVM,
       VC_IFACE_HDRV_VFIO, VC_IFACE_HDRV_XEN };
extern const char *const vc_iface_hostdev_driver_names[];

enum { VC_IFACE_DRV_NONE, VC_IFACE_DRV_QEMU, VC_IFACE_DRV_VHOST };
extern const char *const vc_iface_driver_names[];
enum { VC_IFACE_TX_NONE, VC_IFACE_TX_IOTHREAD, VC_IFACE_TX_TIMER };
extern const char *const vc_iface_txmode_names[];
enum { VC_IFACE_BACKEND_NONE, VC_IFACE_BACKEND_DEFAULT, VC_IFACE_BACKEND_PASST };
extern const char *const vc_iface_backend_names[];
enum { VC_TEAMING_NONE, VC_TEAMING_PERSISTENT, VC_TEAMING_TRANSIENT };
extern const char *const vc_teaming_names[];
enum { VC_LINK_NONE, VC_LINK_UP, VC_LINK_DOWN };
extern const char *const vc_link_state_names[];
enum { VC_IP_FAMILY_NONE, VC_IP_FAMILY_IPV4, VC_IP_FAMILY_IPV6 };
extern const char *const vc_ip_family_names[];
enum { VC_PROTO_NONE, VC_PROTO_TCP, VC_PROTO_UDP };
extern const char *const vc_proto_names[];

/* <driver><host .../> and <guest .../> offload switches */
enum { VC_HOFF_CSUM, VC_HOFF_GSO, VC_HOFF_TSO4, VC_HOFF_TSO6, VC_HOFF_ECN,
       VC_HOFF_UFO, VC_HOFF_MRG_RXBUF, VC_HOFF_LAST };
enum { VC_GOFF_CSUM, VC_GOFF_TSO4, VC_GOFF_TSO6, VC_GOFF_ECN, VC_GOFF_UFO,
       VC_GOFF_LAST };

struct vc_iface_ip {
	char *address;
	int family;                 /* VC_IP_FAMILY_*, derived from address */
	unsigned prefix;
	int has_prefix;
	char *peer;
};

struct vc_iface_route {
	int family;                 /* as written; NONE when absent */
	char *address, *netmask, *gateway;
	unsigned prefix, metric;
	int has_prefix, has_metric;
};

/* <ip>/<route> lists: host side inside <source> (ethernet), guest side */
struct vc_iface_ipinfo {
	struct vc_iface_ip *ips;
	size_t nips;
	struct vc_iface_route *routes;
	size_t nroutes;
};

struct vc_iface_rate {
	int set;
	unsigned long long average, peak, floor;
	unsigned burst;
};

struct vc_iface_range {
	unsigned start, end, to;
	int exclude;                /* VC_TRI_* */
};

struct vc_iface_portfwd {
	int proto;                  /* VC_PROTO_* */
	char *address, *dev;
	struct vc_iface_range *ranges;
	size_t nranges;
};

struct vc_iface_param {
	char *name, *value;
};

struct vc_iface {
	int type;                   /* enum vc_iface_type */
	int managed;                /* VC_TRI_*, type='hostdev' */
	int trust_guest_rx_filters; /* VC_TRI_* */

	unsigned char mac[6];
	int has_mac;                /* 0: none given (or all zero), fill later */
	int mac_type;               /* VC_MAC_TYPE_* */
	int mac_check;              /* VC_TRI_* */

	/* <source> per type */
	char *source_network, *source_portgroup;        /* network */
	unsigned char source_portid[16];                 /* network, runtime only */
	int has_source_portid;
	char *source_bridge;                             /* bridge */
	char *source_dev;           /* direct, user (passt), vdpa */
	char *source_mode;          /* direct: macvtap mode; vhostuser: server|client */
	char *source_path;          /* vhostuser unix socket */
	int source_reconnect;       /* vhostuser <reconnect enabled>, VC_TRI_* */
	unsigned source_reconnect_timeout;
	int has_source_reconnect_timeout;
	char *source_address;       /* server, client, mcast, udp */
	unsigned source_port;
	int has_source_port;
	char *local_address;        /* udp <local> */
	unsigned local_port;
	char *source_name;          /* internal */
	unsigned char vds_switchid[16];                  /* vds */
	long long vds_portid, vds_connectionid;
	int has_vds_portid, has_vds_connectionid;
	char *vds_portgroupid;
	/* hostdev: PCI address (type VC_ADDR_PCI), or for USB type VC_ADDR_USB
	 * with the bus in hostdev_src.bus and the device number in usb_device */
	struct vc_addr hostdev_src;
	unsigned usb_device;
	unsigned usb_vendor, usb_product;
	int has_usb_id;
	int hostdev_driver;         /* VC_IFACE_HDRV_* */
	struct vc_iface_ipinfo host_ip;                  /* ethernet */

	/* <vlan> */
	int vlan_trunk;
	unsigned *vlan_tags;
	int *vlan_native_modes;     /* VC_VLAN_NATIVE_* per tag */
	size_t nvlan_tags;

	/* <virtualport> */
	int has_vport;
	int vport_type;             /* enum vc_vport_type */
	unsigned vport_managerid, vport_typeid, vport_typeidversion;
	int has_vport_managerid, has_vport_typeid, has_vport_typeidversion;
	unsigned char vport_instanceid[16], vport_interfaceid[16];
	int has_vport_instanceid, has_vport_interfaceid;
	char *vport_profileid;

	/* <bandwidth> */
	struct vc_iface_rate bw_in, bw_out;
	int isolated;               /* <port isolated>, VC_TRI_* */

	struct vc_iface_ipinfo guest_ip;
	struct vc_iface_portfwd *portfwds;
	size_t nportfwds;
	char *script, *downscript, *backenddomain;
	char *target_dev;
	int target_managed;         /* VC_TRI_* */
	char *guest_dev, *guest_actual;
	char *model;                /* known models in canonical case */

	/* <driver> of virtio models */
	int drv_name;               /* VC_IFACE_DRV_* */
	int drv_txmode;             /* VC_IFACE_TX_* */
	int drv_ioeventfd, drv_event_idx;                /* VC_TRI_* on/off */
	unsigned drv_queues, drv_rx_queue_size, drv_tx_queue_size;
	int drv_rss, drv_rss_hash_report;
	int drv_iommu, drv_ats, drv_packed, drv_page_per_vq;
	int drv_host[VC_HOFF_LAST], drv_guest[VC_GOFF_LAST];

	int backend_type;           /* VC_IFACE_BACKEND_* */
	char *backend_tap, *backend_vhost, *backend_logfile;
	char *filter;
	struct vc_iface_param *filter_params;
	size_t nfilter_params;
	unsigned long long sndbuf;
	int has_sndbuf;
	int teaming_type;           /* VC_TEAMING_* */
	char *teaming_persistent;
	int link_state;             /* VC_LINK_* */
	unsigned mtu;               /* 0 unset */
	unsigned coalesce_rx_frames; /* 0 unset */

	/* device info */
	int rom_enabled;            /* VC_TRI_* yes/no */
	int rom_bar;                /* VC_TRI_* on/off */
	char *rom_file;             /* "" kept: disables the ROM */
	unsigned boot_order;        /* 0 unset */
	char *boot_loadparm;
	char *alias;
	unsigned acpi_index;        /* 0 unset */
	struct vc_addr addr;
};

void *vc_dev_interface_parse(struct vc_x *x, xmlNodePtr n, int kind);
void vc_dev_interface_format(struct vc_buf *b, int lvl, const void *dev, int kind);
void vc_dev_interface_free(void *dev);

void vc_iface_set_mac(struct vc_iface *i, const unsigned char mac[6]);
/* parse a document whose root is one <interface> (attach-device input) */
struct vc_iface *vc_iface_parse_string(const char *xml, size_t len, const char *file);
/* virtio, virtio-transitional, virtio-non-transitional */
int vc_iface_is_virtio(const struct vc_iface *i);

#endif
