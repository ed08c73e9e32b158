/* hostdev.h: the hostdev manager: which guest holds which host device, and giving it back */
#ifndef VC_DRIVER_HOSTDEV_H
#define VC_DRIVER_HOSTDEV_H

#include <stddef.h>

struct vc_conn;
struct vc_domain;
struct vc_iface;
struct vc_hostdev;

/*
 * The registry is RUNDIR/hostdev/, one file per held device named by its
 * key ("0000:04:10.1" for PCI, "usb-001-002" or "usb-0b95:1790" for USB),
 * changed only under the lock RUNDIR/hostdev/.registry.lock. A record is
 * written before the device is touched and holds what must be given back;
 * its step says how far a prepare or release got. A record whose step is
 * not "done" was left by a run that died: every manager call completes
 * the give-back of such records first (reconcile).
 */
struct vc_hostdev_rec {
	char *key;                 /* file name, as above */
	char *owner;               /* guest name */
	char *step;                /* claim config port detach done release */
	int pci;                   /* 1 PCI, 0 USB (ownership only) */
	int managed;               /* detached/reattached by the manager */
	int iface;                 /* from an <interface type='hostdev'> */
	char *orig_driver;         /* host driver before, NULL when unbound */
	/* SR-IOV VF, when is_vf */
	int is_vf;
	char *pf, *pf_netdev;      /* "0000:04:00.0", "eth2" */
	int vf_index;
	int saved;                 /* orig_* hold the VF's config before */
	unsigned char orig_mac[6];
	unsigned orig_vlan, orig_qos;
	int has_mac;               /* what the guest asked for */
	unsigned char mac[6];
	int vlan;                  /* -1 none */
	char *network;             /* the VF pool it was taken from, or NULL */
	/* the VF's port profile, from <virtualport>: VC_NL_QBH or VC_NL_QBG
	 * (0 none); associated once the association was sent, so that a
	 * give back disassociates */
	int vport, associated;
	char *profile;
	unsigned char instance[16];
	unsigned mgrid, typeid, typeidver;
};

/* give every device of a guest's config to it: <interface type='hostdev'>,
 * <interface type='network'> on a VF pool (a free VF, the interface then
 * becomes type='hostdev' in def: the live config shows the VF), and
 * <hostdev mode='subsystem'> (PCI: detached to vfio-pci when managed;
 * USB: ownership only). Anything the registry still lists for this guest
 * (a crashed run) is given back first, since the guest is not running.
 * On failure everything done here is given back. 0 ok, -1 error. */
int vc_hostdev_prepare_domain(struct vc_conn *c, struct vc_domain *def);
/* give back everything the registry says the guest holds; 0, -1 */
int vc_hostdev_release_domain(struct vc_conn *c, const char *guest);
/* one interface of a running guest (live attach): 0, -1 */
int vc_hostdev_prepare_iface(struct vc_conn *c, const char *guest,
                             const struct vc_iface *i);
/* an <interface type='network'> on a VF pool (forward mode='hostdev') of a
 * running guest: a free VF is taken under the registry lock and prepared,
 * and i becomes the <interface type='hostdev'> of it. 0, -1 with "no free
 * VF in network N", "network N is not active" */
int vc_hostdev_prepare_pool_iface(struct vc_conn *c, const char *guest,
                                  struct vc_iface *i);
int vc_hostdev_prepare_hostdev(struct vc_conn *c, const char *guest,
                               const struct vc_hostdev *h);
/* give back one device (key or any PCI address form) if guest holds it;
 * error when another guest holds it. 1 released, 0 not held, -1 */
int vc_hostdev_release_dev(struct vc_conn *c, const char *guest, const char *dev);
/* finish what dead runs left half done; 0, -1 */
int vc_hostdev_reconcile(struct vc_conn *c);
/* every record (after reconcile), sorted by key */
int vc_hostdev_list(struct vc_conn *c, struct vc_hostdev_rec **recs, size_t *n);
void vc_hostdev_list_free(struct vc_hostdev_rec *recs, size_t n);
/* the guest that holds PCI device addr ("0000:04:10.1"), or NULL */
char *vc_hostdev_owner(struct vc_conn *c, const char *addr);
/* -1 with "NAME: held by guest G" when a guest holds the device */
int vc_hostdev_check_free(struct vc_conn *c, const char *name);
/* the key of a PCI address of an <interface type='hostdev'>: 0, -1 */
int vc_hostdev_iface_key(const struct vc_iface *i, char out[16]);

#endif
