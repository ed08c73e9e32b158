/* host.h: the host layer: sysfs root, PCI devices, net devices, node device XML */
#ifndef VC_HOST_H
#define VC_HOST_H

#include "util.h"
#include "host/netdev.h"

/* ---- sysfs.c: every host path goes through the configurable root ---- */
/* VIRTCORE_SYSFS_ROOT, else "/sys"; trailing slashes removed */
const char *vc_host_root(void);
/* override the root (NULL: read the environment again) */
void vc_host_set_root(const char *root);
/* 1 when the root is the real /sys */
int vc_host_is_real(void);
/* "ROOT/rel..." (malloc'd); rel is a printf format */
char *vc_host_path(const char *fmt, ...) VC_PRINTF(1, 2);
/* first line of ROOT/rel, NULL (no error recorded) when absent */
char *vc_host_read(const char *fmt, ...) VC_PRINTF(1, 2);
/* unsigned value of ROOT/rel in base 0 (0x.. or decimal); -1 when absent/bad */
int vc_host_read_ull(unsigned long long *v, const char *fmt, ...) VC_PRINTF(2, 3);
/* write val to the existing attribute ROOT/rel; -1 with error. A kernel
 * answer of EAGAIN/EBUSY is reported as VC_ERR_TEMP (retry later). */
int vc_host_write(const char *val, const char *fmt, ...) VC_PRINTF(2, 3);
/* last path component of the symlink ROOT/rel; NULL when not a link */
char *vc_host_link_name(const char *fmt, ...) VC_PRINTF(1, 2);
/* entries of directory ROOT/rel, sorted, without dot files; -1 when absent */
int vc_host_dir(char ***names, size_t *n, const char *fmt, ...) VC_PRINTF(3, 4);
void vc_host_strv_free(char **v, size_t n);

/* ---- pci.c ---- */
struct vc_pciaddr {
	unsigned dom, bus, slot, fn;
};
/* "0000:04:00.3", "04:00.3" or the node device name "pci_0000_04_00_3";
 * 0 ok, -1 with error "malformed PCI address" */
int vc_pci_addr_scan(const char *s, struct vc_pciaddr *a);
/* "0000:04:00.3" */
void vc_pci_addr_str(const struct vc_pciaddr *a, char out[16]);
int vc_pci_addr_cmp(const struct vc_pciaddr *a, const struct vc_pciaddr *b);

enum { VC_PCI_NONE = -1 };

struct vc_pci_link {
	int present;
	char speed[8];             /* libvirt's form: "2.5", "5", "8", "16"; "" unknown */
	unsigned width;
};

struct vc_pci_dev {
	struct vc_pciaddr addr;
	char name[16];             /* "0000:04:00.3" */
	char *path;                /* device path without ROOT: /devices/pci0000:00/... */
	char *parent;              /* parent PCI device "0000:00:03.0", NULL at the root */
	unsigned vendor, device, subvendor, subdevice, class;
	/* pci.ids names, NULL when unknown; filled by vc_pci_names() only,
	 * since the database costs more than the rest of the device */
	char *vendor_name, *device_name;
	int names_done;
	char *driver;              /* bound driver, NULL when none */
	char *driver_override;     /* NULL when not set */
	int iommu_group;           /* VC_PCI_NONE when no IOMMU */
	struct vc_pciaddr *group;  /* members of the group, sorted, self included */
	size_t ngroup;
	int numa_node;             /* VC_PCI_NONE when unknown */
	struct vc_pci_link link_cap, link_sta;   /* max_link_*, current_link_* */
	/* SR-IOV physical function */
	int is_pf;                 /* has sriov_totalvfs */
	unsigned totalvfs, numvfs;
	struct vc_pciaddr *vfs;    /* by index: vfs[i] is virtfn<i> */
	size_t nvfs;
	/* SR-IOV virtual function */
	int is_vf;                 /* has physfn */
	struct vc_pciaddr pf;
	int vf_index;
	/* net interfaces below the device (net/NAME) */
	char **netdevs;
	size_t nnetdevs;
	int has_reset;             /* a `reset` file exists */
};

/* all devices under ROOT/bus/pci/devices, sorted by address */
int vc_pci_list(struct vc_pci_dev ***devs, size_t *n);
void vc_pci_list_free(struct vc_pci_dev **devs, size_t n);
/* one device by address (any form vc_pci_addr_scan takes); NULL with
 * error "no PCI device ADDR" or "malformed PCI address" */
struct vc_pci_dev *vc_pci_get(const char *addr);
void vc_pci_free(struct vc_pci_dev *d);
/* look up vendor_name/device_name (pci.ids; libpciaccess as fallback) */
void vc_pci_names(struct vc_pci_dev *d);
/* 1 if the device exists, 0 if not */
int vc_pci_exists(const struct vc_pciaddr *a);

/* driver operations; addr is canonical "0000:04:00.3" */
/* bound driver (malloc'd) or NULL when unbound (no error) */
char *vc_pci_driver(const char *addr);
/* unbind from whatever driver holds it: 0 done, 1 was not bound, -1 */
int vc_pci_unbind(const char *addr);
/* set driver_override; NULL or "" clears it */
int vc_pci_set_override(const char *addr, const char *drv);
/* ask the kernel to probe drivers for the device (drivers_probe) */
int vc_pci_probe(const char *addr);
/* write the address to drivers/DRV/bind */
int vc_pci_bind(const char *addr, const char *drv);
/* 0 if bound to drv, -1 with error "bound to X, expected DRV" */
int vc_pci_verify(const char *addr, const char *drv);
/* the whole dance: unbind, driver_override=drv, drivers_probe, verify.
 * 0 changed, 1 already bound to drv, -1 error (VC_ERR_TEMP when the
 * kernel said EAGAIN/EBUSY: the caller may retry) */
int vc_pci_rebind(const char *addr, const char *drv);
/* give the device back: unbind, clear driver_override, then bind to orig
 * (or let drivers_probe choose when orig is NULL); verify when orig given.
 * 0 changed, 1 already bound to orig, -1 error */
int vc_pci_restore(const char *addr, const char *orig);
/* function level reset through the `reset` file */
int vc_pci_reset(const char *addr);

/* ---- vf.c part (in pci.c): SR-IOV relations ---- */
struct vc_vf_loc {
	struct vc_pciaddr vf, pf;
	char vfname[16], pfname[16];   /* "0000:04:10.0" */
	int index;                     /* virtfn<index> of the PF */
	char *pf_netdev;               /* PF's interface (net/NAME), NULL if none */
	char *vf_netdev;               /* VF's interface while bound to a net driver */
};
/* locate a VF: -1 with error "DEV is not an SR-IOV virtual function" */
int vc_vf_locate(const char *addr, struct vc_vf_loc *loc);
void vc_vf_loc_free(struct vc_vf_loc *loc);
/* address of virtfn<index> of a PF */
int vc_vf_addr(const char *pf, unsigned index, struct vc_pciaddr *out);
/* ifindex of a net interface from ROOT/class/net/NAME/ifindex, -1 */
int vc_netdev_ifindex_sysfs(const char *ifname);
/* PCI device behind an interface (class/net/NAME/device), NULL if none */
char *vc_netdev_pci(const char *ifname);
/* current MAC/VLAN of a VF as the PF reports it (IFLA_VFINFO_LIST) */
int vc_vf_get_config(struct vc_nl *nl, const struct vc_vf_loc *loc,
                     struct vc_nl_vf *out);
/* set MAC and/or VLAN (mac NULL: leave; vlan < 0: leave) through the PF */
int vc_vf_set_config(struct vc_nl *nl, const struct vc_vf_loc *loc,
                     const unsigned char *mac, int vlan);

/* ---- nodedev.c: libvirt node device XML from the host ---- */
/* enum vc_host_cap, struct vc_host_nodedev: in api/virtcore.h */
/* every node device (computer first), filtered by cap unless NONE */
int vc_host_nodedev_list(int cap, struct vc_host_nodedev **devs, size_t *n);
void vc_host_nodedev_list_free(struct vc_host_nodedev *devs, size_t n);
/* the XML of one node device by name; NULL with error "no node device NAME" */
char *vc_host_nodedev_xml(const char *name);
/* "pci_0000_04_00_3" for an address */
void vc_pci_nodedev_name(const struct vc_pciaddr *a, char out[24]);
/* the XML fragments, for callers that already hold the model */
void vc_pci_format(struct vc_buf *b, struct vc_pci_dev *d);   /* fills names */

#endif
