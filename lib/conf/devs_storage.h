/* devs_storage.h: disk, controller, filesystem, hostdev, redirdev, hub models */
#ifndef VC_DEVS_STORAGE_H
#define VC_DEVS_STORAGE_H

#include "../conf.h"

/* ---- shared by these families: boot, alias, master, acpi, rom, address ---- */
enum { VC_SINFO_BOOT = 1, VC_SINFO_ROM = 2, VC_SINFO_MASTER = 4, VC_SINFO_ACPI = 8 };
struct vc_sinfo {
	unsigned boot_order;          /* 0: none */
	char *loadparm;
	char *alias;
	int has_master;
	unsigned master_startport;
	unsigned acpi_index;          /* 0: none */
	int rom_enabled, rom_bar;     /* VC_TRI_* (yes/no, on/off) */
	char *rom_file;
	struct vc_addr addr;
};
int vc_sinfo_parse(struct vc_x *x, xmlNodePtr n, struct vc_sinfo *i, int what);
void vc_sinfo_format(struct vc_buf *b, int lvl, const struct vc_sinfo *i);
void vc_sinfo_clear(struct vc_sinfo *i);

/* ---- storage source: a disk's <source>, a <backingStore> ---- */
enum vc_disk_type {
	VC_DISK_TYPE_NONE, VC_DISK_TYPE_FILE, VC_DISK_TYPE_BLOCK, VC_DISK_TYPE_DIR,
	VC_DISK_TYPE_NETWORK, VC_DISK_TYPE_VOLUME, VC_DISK_TYPE_NVME,
	VC_DISK_TYPE_VHOSTUSER, VC_DISK_TYPE_VHOSTVDPA,
};
extern const char *const vc_disk_type_names[];
enum vc_disk_format {
	VC_FMT_NONE, VC_FMT_RAW, VC_FMT_DIR, VC_FMT_BOCHS, VC_FMT_CLOOP,
	VC_FMT_DMG, VC_FMT_ISO, VC_FMT_VPC, VC_FMT_VDI, VC_FMT_FAT, VC_FMT_VHD,
	VC_FMT_PLOOP, VC_FMT_COW, VC_FMT_QCOW, VC_FMT_QCOW2, VC_FMT_QED,
	VC_FMT_VMDK, VC_FMT_LUKS,
};
extern const char *const vc_disk_format_names[];
enum vc_net_protocol {
	VC_NETPROTO_NONE, VC_NETPROTO_NBD, VC_NETPROTO_RBD, VC_NETPROTO_SHEEPDOG,
	VC_NETPROTO_GLUSTER, VC_NETPROTO_ISCSI, VC_NETPROTO_HTTP, VC_NETPROTO_HTTPS,
	VC_NETPROTO_FTP, VC_NETPROTO_FTPS, VC_NETPROTO_TFTP, VC_NETPROTO_SSH, VC_NETPROTO_VXHS,
	VC_NETPROTO_NFS,
};
extern const char *const vc_net_protocol_names[];
enum { VC_TRANSPORT_NONE, VC_TRANSPORT_TCP, VC_TRANSPORT_UNIX, VC_TRANSPORT_RDMA };
extern const char *const vc_transport_names[];
enum { VC_STARTUP_NONE, VC_STARTUP_MANDATORY, VC_STARTUP_REQUISITE, VC_STARTUP_OPTIONAL };
extern const char *const vc_startup_policy_names[];

struct vc_nethost {
	char *name;
	unsigned port;                /* 0: absent */
	int transport;                /* VC_TRANSPORT_* */
	char *socket;
};

/* <auth username=><secret type= uuid=|usage=/></auth> */
struct vc_auth {
	char *username;
	char *secret_type;            /* iscsi, ceph */
	char *secret_uuid, *secret_usage;
};

/* <encryption format=><secret type= uuid=|usage=/></encryption> */
struct vc_encryption {
	int format;                   /* index in vc_encryption_format_names */
	int engine;
	char *secret_type, *secret_uuid, *secret_usage;
};

struct vc_disksrc {
	int type;                     /* enum vc_disk_type */
	int format;                   /* enum vc_disk_format (backingStore <format>) */
	int present;                  /* a <source> element was there */
	char *path;                   /* file=, dev=, dir=, vhostuser path= */
	/* network */
	int protocol;                 /* enum vc_net_protocol */
	char *name;                   /* name= (image, iqn/lun, export) */
	char *query;
	int tls;                      /* VC_TRI_* yes/no */
	char *tls_hostname;
	struct vc_nethost *hosts;
	size_t nhosts;
	char *snapshot, *config_file;
	char *initiator_iqn;
	int ssl_verify;               /* VC_TRI_* yes/no */
	char **cookie_name, **cookie_value;
	size_t ncookies;
	unsigned long long readahead, timeout;
	/* volume */
	char *pool, *volume;
	int volmode;                  /* host/direct */
	/* nvme */
	int nvme_managed;             /* VC_TRI_* yes/no */
	unsigned long long nvme_namespace;
	struct vc_addr nvme_addr;      /* PCI; written without type= */
	/* vhostuser: path= above; <reconnect enabled timeout> */
	int reconnect;                /* VC_TRI_* yes/no */
	unsigned reconnect_timeout;
	int startup_policy;
	unsigned index;               /* 0: absent */
	struct vc_auth *auth;
	struct vc_encryption *enc;
	/* backing chain: NULL none, type NONE => <backingStore/> */
	struct vc_disksrc *backing;
};
void vc_disksrc_free(struct vc_disksrc *s);
/* pieces hostdev shares (dev_disk.c) */
int vc_nethost_parse(struct vc_x *x, xmlNodePtr src, struct vc_nethost **hosts, size_t *n);
void vc_nethost_format(struct vc_buf *b, int lvl, const struct vc_nethost *h, size_t n);
void vc_nethost_free(struct vc_nethost *h, size_t n);
struct vc_auth *vc_auth_parse(struct vc_x *x, xmlNodePtr n);
void vc_auth_format(struct vc_buf *b, int lvl, const struct vc_auth *a);
void vc_auth_free(struct vc_auth *a);

/* ---- disk ---- */
enum vc_disk_device {
	VC_DISK_DEV_NONE, VC_DISK_DEV_DISK, VC_DISK_DEV_CDROM,
	VC_DISK_DEV_FLOPPY, VC_DISK_DEV_LUN,
};
extern const char *const vc_disk_device_names[];
enum vc_disk_bus {
	VC_DISK_BUS_NONE, VC_DISK_BUS_IDE, VC_DISK_BUS_FDC, VC_DISK_BUS_SCSI,
	VC_DISK_BUS_VIRTIO, VC_DISK_BUS_XEN, VC_DISK_BUS_USB, VC_DISK_BUS_UML,
	VC_DISK_BUS_SATA, VC_DISK_BUS_SD, VC_DISK_BUS_NVME,
};
extern const char *const vc_disk_bus_names[];
enum vc_disk_cache {
	VC_CACHE_NONE, VC_CACHE_DEFAULT, VC_CACHE_DISABLE, VC_CACHE_WRITETHROUGH,
	VC_CACHE_WRITEBACK, VC_CACHE_DIRECTSYNC, VC_CACHE_UNSAFE,
};
extern const char *const vc_disk_cache_names[];
extern const char *const vc_disk_error_policy_names[];
extern const char *const vc_disk_io_names[];
extern const char *const vc_disk_discard_names[];
extern const char *const vc_disk_detect_zeroes_names[];
extern const char *const vc_disk_model_names[];
extern const char *const vc_disk_sgio_names[];
extern const char *const vc_disk_snapshot_names[];

/* <iotune> values; group_name is the only string */
enum {
	VC_IOT_TOTAL_BYTES, VC_IOT_READ_BYTES, VC_IOT_WRITE_BYTES,
	VC_IOT_TOTAL_IOPS, VC_IOT_READ_IOPS, VC_IOT_WRITE_IOPS,
	VC_IOT_TOTAL_BYTES_MAX, VC_IOT_READ_BYTES_MAX, VC_IOT_WRITE_BYTES_MAX,
	VC_IOT_TOTAL_IOPS_MAX, VC_IOT_READ_IOPS_MAX, VC_IOT_WRITE_IOPS_MAX,
	VC_IOT_SIZE_IOPS,
	VC_IOT_TOTAL_BYTES_MAX_LEN, VC_IOT_READ_BYTES_MAX_LEN, VC_IOT_WRITE_BYTES_MAX_LEN,
	VC_IOT_TOTAL_IOPS_MAX_LEN, VC_IOT_READ_IOPS_MAX_LEN, VC_IOT_WRITE_IOPS_MAX_LEN,
	VC_IOT_LAST
};

struct vc_disk {
	int type;                     /* enum vc_disk_type (src.type) */
	int device;                   /* enum vc_disk_device */
	int model;                    /* virtio, virtio-transitional, ... */
	int rawio;                    /* VC_TRI_* yes/no */
	int sgio;                     /* filtered/unfiltered */
	int snapshot;                 /* no/internal/external/manual */
	/* <driver> */
	char *driver_name;            /* qemu, phy, tap, file; driver type= is src.format */
	int cache, error_policy, rerror_policy, io;
	int ioeventfd, event_idx, copy_on_read;   /* VC_TRI_* on/off */
	int discard, detect_zeroes, discard_no_unref;
	unsigned iothread, queues, queue_size;
	int iommu, ats, packed, page_per_vq;      /* virtio options, on/off */
	unsigned long long metadata_cache_max;    /* bytes, 0 none */
	/* what to read */
	struct vc_disksrc src;
	char *backend_domain;
	/* <geometry> */
	unsigned cyls, heads, secs;
	int trans;
	/* <blockio> */
	unsigned logical_block_size, physical_block_size, discard_granularity;
	int has_discard_granularity;
	/* <target> */
	char *target_dev;
	int bus;                      /* enum vc_disk_bus */
	int tray;                     /* open/closed */
	int removable;                /* VC_TRI_* on/off */
	unsigned rotation_rate;
	/* <iotune> */
	int has_iotune;
	unsigned long long iotune[VC_IOT_LAST];
	char *iotune_group;
	int readonly, shareable, transient, transient_share_backing;
	char *serial, *wwn, *vendor, *product;
	int auth_at_disk, enc_at_disk; /* src.auth/enc were <disk> children (legacy place) */
	struct vc_sinfo info;
	int addr_auto;                /* the drive address came from the target name */
};

/* ---- controller ---- */
enum vc_ctrl_type {
	VC_CTRL_NONE, VC_CTRL_IDE, VC_CTRL_FDC, VC_CTRL_SCSI, VC_CTRL_SATA,
	VC_CTRL_VIRTIO_SERIAL, VC_CTRL_CCID, VC_CTRL_USB, VC_CTRL_PCI,
	VC_CTRL_XENBUS, VC_CTRL_ISA, VC_CTRL_NVME,
};
extern const char *const vc_ctrl_type_names[];
extern const char *const vc_ctrl_model_pci_names[];
extern const char *const vc_ctrl_model_scsi_names[];
extern const char *const vc_ctrl_model_usb_names[];
extern const char *const vc_ctrl_model_ide_names[];
extern const char *const vc_ctrl_model_vserial_names[];
extern const char *const vc_ctrl_model_isa_names[];
extern const char *const vc_ctrl_pci_modelname_names[];
/* model indices are per type: the table vc_ctrl_model_names(type) gives */
const char *const *vc_ctrl_model_names(int type);
enum {
	VC_PCI_MODEL_NONE, VC_PCI_ROOT, VC_PCIE_ROOT, VC_PCI_BRIDGE,
	VC_PCI_DMI_TO_PCI_BRIDGE, VC_PCIE_ROOT_PORT, VC_PCIE_SWITCH_UPSTREAM,
	VC_PCIE_SWITCH_DOWNSTREAM, VC_PCI_EXPANDER_BUS, VC_PCIE_EXPANDER_BUS,
	VC_PCIE_TO_PCI_BRIDGE,
};

struct vc_controller {
	int type;                     /* enum vc_ctrl_type */
	int index;                    /* -1: absent (the domain picks one) */
	int model;                    /* index in vc_ctrl_model_names(type) */
	unsigned ports, vectors, max_grant_frames, max_event_channels;
	int has_ports, has_vectors, has_max_grant_frames, has_max_event_channels;
	/* <driver> */
	unsigned queues, cmd_per_lun, max_sectors, iothread;
	int ioeventfd;                /* VC_TRI_* on/off */
	int iommu, ats, packed, page_per_vq;
	/* pci: <model name>, <target>, <pcihole64> */
	int model_name;               /* vc_ctrl_pci_modelname_names */
	int has_chassis_nr, has_chassis, has_port, has_bus_nr, has_tindex, has_node;
	unsigned chassis_nr, chassis, port, bus_nr, tindex, node;
	int hotplug;                  /* VC_TRI_* on/off */
	unsigned long long mem_reserve;
	int has_mem_reserve;
	unsigned long long pcihole64; /* KiB */
	int has_pcihole64;
	struct vc_sinfo info;
	int implicit;                 /* added for a disk or hostdev, not written */
};
/* controllers grouped by type (in order of first appearance), by index */
void vc_ctrl_sort(struct vc_domain *d);

/* ---- filesystem ---- */
enum vc_fs_type {
	VC_FS_NONE, VC_FS_MOUNT, VC_FS_BLOCK, VC_FS_FILE, VC_FS_TEMPLATE,
	VC_FS_RAM, VC_FS_BIND, VC_FS_VOLUME,
};
extern const char *const vc_fs_type_names[];
enum { VC_FS_ACCESS_NONE, VC_FS_ACCESS_PASSTHROUGH, VC_FS_ACCESS_MAPPED, VC_FS_ACCESS_SQUASH };
extern const char *const vc_fs_access_names[];
extern const char *const vc_fs_driver_names[];
extern const char *const vc_fs_multidevs_names[];
extern const char *const vc_fs_wrpolicy_names[];

struct vc_filesystem {
	int type;                     /* enum vc_fs_type */
	int accessmode;
	int model;                    /* virtio, virtio-transitional, ... */
	int multidevs;
	unsigned fmode, dmode;        /* octal */
	int has_fmode, has_dmode;
	/* <driver> */
	int driver_type;              /* path handle loop nbd ploop mtp virtiofs */
	int driver_format;            /* enum vc_disk_format */
	int wrpolicy;
	unsigned queue;
	int iommu, ats, packed, page_per_vq;
	char *binary_path;            /* <binary path=> (virtiofs), minimal */
	int binary_xattr;             /* VC_TRI_* on/off */
	int binary_cache, binary_sandbox;
	int lock_posix, lock_flock;   /* VC_TRI_* on/off */
	unsigned thread_pool;
	int has_thread_pool;
	/* <source> */
	char *src_dir, *src_file, *src_name, *src_socket;
	char *src_pool, *src_volume;
	unsigned long long usage;     /* KiB (ram) */
	int has_usage;
	char *units;                  /* as written (KiB by default) */
	char *target_dir;
	int readonly;
	unsigned long long space_hard, space_soft;   /* bytes */
	int has_space_hard, has_space_soft;
	struct vc_sinfo info;
};

/* ---- hostdev ---- */
enum { VC_HOSTDEV_MODE_NONE, VC_HOSTDEV_SUBSYS, VC_HOSTDEV_CAPS };
extern const char *const vc_hostdev_mode_names[];
enum vc_hostdev_type {
	VC_HOSTDEV_NONE, VC_HOSTDEV_PCI, VC_HOSTDEV_USB, VC_HOSTDEV_SCSI,
	VC_HOSTDEV_SCSI_HOST, VC_HOSTDEV_MDEV,
};
extern const char *const vc_hostdev_type_names[];
enum { VC_HOSTDEV_CAP_NONE, VC_HOSTDEV_CAP_STORAGE, VC_HOSTDEV_CAP_MISC, VC_HOSTDEV_CAP_NET };
extern const char *const vc_hostdev_cap_names[];

/* <ip> and <route> of a capabilities net hostdev */
struct vc_ipinfo {
	int route;                    /* 1: <route>, 0: <ip> */
	char *address, *family, *netmask, *gateway, *peer;
	unsigned prefix, metric;
	int has_prefix, has_metric;
};

struct vc_hostdev {
	int mode;
	int type;                     /* subsystem: enum vc_hostdev_type; caps: VC_HOSTDEV_CAP_* */
	int managed;                  /* 0/1 (subsystem); printed always */
	int sgio, rawio;              /* scsi */
	int model;                    /* mdev: vfio-pci vfio-ccw vfio-ap */
	int display, ramfb;           /* VC_TRI_* on/off */
	/* pci source */
	unsigned pci_domain, pci_bus, pci_slot, pci_function;
	int pci_writefiltering;       /* VC_TRI_* yes/no (source attribute) */
	int pci_driver;               /* <driver name>: kvm vfio xen */
	char *pci_driver_model;       /* <driver model=> */
	/* usb source */
	unsigned usb_vendor, usb_product, usb_bus, usb_device;
	int has_usb_vendor, has_usb_product, has_usb_address;
	int startup_policy;
	int guest_reset;              /* off/uninitialized/on */
	/* scsi source */
	int scsi_protocol;            /* 0: adapter, VC_NETPROTO_ISCSI */
	char *scsi_adapter;
	unsigned scsi_bus, scsi_target;
	unsigned long long scsi_unit;
	char *iscsi_name;
	struct vc_nethost *hosts;
	size_t nhosts;
	struct vc_auth *auth;
	char *initiator_iqn;
	/* scsi_host (vhost) */
	int host_protocol;            /* vhost */
	char *wwpn;
	/* mdev */
	char *mdev_uuid;
	/* capabilities */
	char *cap_block, *cap_char, *cap_interface;
	struct vc_ipinfo *ips;
	size_t nips;
	/* net failover */
	int teaming;                  /* persistent/transient */
	char *teaming_persistent;
	int readonly, shareable;
	struct vc_sinfo info;
};

/* ---- redirdev, hub (dev_redirdev.c) ---- */
struct vc_chr_source;             /* devs_misc.h */
enum { VC_REDIR_BUS_NONE, VC_REDIR_BUS_USB };
extern const char *const vc_redirdev_bus_names[];
struct vc_redirdev {
	int bus;                      /* usb */
	int type;                     /* enum vc_chr_type: tcp, spicevmc, unix, dbus */
	struct vc_chr_source *src;    /* <source>, <protocol> */
	struct vc_sinfo info;         /* boot, alias, address */
};
/* <redirfilter>: which USB devices may be redirected, first match wins;
 * -1 is "any" (and is not written) */
struct vc_usbdev_rule {
	int klass, vendor, product, version;   /* version: BCD, 0x0109 for 1.09 */
	int allow;                             /* VC_TRI_YES / VC_TRI_NO */
};
struct vc_redirfilter {
	struct vc_usbdev_rule *rules;
	size_t n;
};
struct vc_hub {
	int type;                     /* usb */
	struct vc_sinfo info;
};

/* ---- rules across devices (dev_storage_post.c part of dev_controller.c) ----
 * libvirt's generic post-parse for these families: controller indexes and
 * order, "usb none" rules, implicit disk/SCSI-hostdev controllers, SCSI
 * hostdev drive addresses, disk-vs-hostdev address conflicts.
 * -1 with an error set. */
int vc_devs_storage_postparse(struct vc_domain *d);

#endif
