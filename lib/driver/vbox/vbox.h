/* vbox.h: a VirtualBox machine as VBoxManage and .vbox files describe it,
 * between the domain model and the product */
#ifndef VC_VBOX_H
#define VC_VBOX_H

#include "driver.h"

#define VBOX_NICS 8

/* VBoxManage's words for a NIC attachment, index = enum */
enum { VBOX_NIC_NONE, VBOX_NIC_NAT, VBOX_NIC_BRIDGED, VBOX_NIC_INTNET,
       VBOX_NIC_HOSTONLY, VBOX_NIC_NULL, VBOX_NIC_GENERIC, VBOX_NIC_NATNETWORK };
extern const char *const vbox_nic_names[];
struct vbox_nic {
	int att;                  /* VBOX_NIC_* */
	char mac[13];             /* 12 hex digits, "" unknown (let VirtualBox pick) */
	char *adapter;            /* bridged/hostonly adapter, intnet or natnetwork name */
	char *model;              /* nictype: 82540EM, virtio, ... NULL: keep */
};

/* storage buses, with VBoxManage's storagectl --add word and controller name */
enum { VBOX_BUS_IDE, VBOX_BUS_SATA, VBOX_BUS_SCSI, VBOX_BUS_FLOPPY,
       VBOX_BUS_VIRTIO, VBOX_BUS_SAS, VBOX_BUS_LAST };
enum { VBOX_MED_HDD, VBOX_MED_DVD, VBOX_MED_FDD };
struct vbox_att {
	int bus;                  /* VBOX_BUS_* */
	char *ctl;                /* controller name */
	int port, dev;
	int kind;                 /* VBOX_MED_* */
	char *medium;             /* path; NULL: empty drive */
};
struct vbox_ctl {
	char *name;
	int bus;
};

struct vbox_vm {
	char *name;
	char uuid[37];            /* "" unknown */
	char *ostype;
	int arch64;
	unsigned long long mem_mib;
	unsigned cpus;
	int efi;
	char boot[4][8];          /* floppy, dvd, disk, net, none */
	struct vbox_nic nic[VBOX_NICS];
	struct vbox_ctl *ctl;
	size_t nctl;
	struct vbox_att *att;
	size_t natt;
	char *state;              /* VMState word: poweroff, running, ... */
	int autostart;
};

void vbox_vm_free(struct vbox_vm *v);
/* index of s in a NULL-terminated table (from 0), -1 if absent */
int vbox_word(const char *const *names, const char *s);
/* VMState word -> enum vc_state */
int vbox_state(const char *s);
/* the storage bus of a controller type (IntelAhci, PIIX4, ...), -1 unknown */
int vbox_bus_of_type(const char *type);
extern const char *const vbox_bus_add[];      /* storagectl --add */
extern const char *const vbox_bus_ctl[];      /* default controller name */

/* the domain -> the machine it asks for; -1 + vc_err for what VirtualBox
 * cannot do */
int vbox_from_domain(const struct vc_domain *d, struct vbox_vm *v);
/* `showvminfo --machinereadable` output -> machine */
int vbox_from_info(const char *text, struct vbox_vm *v);
/* machine -> domain XML (canonical, through the model) */
char *vbox_to_xml(const struct vbox_vm *v);
/* a VirtualBox machine file (its XML) -> machine */
int vbox_from_file(const char *text, size_t len, const char *file, int strict, struct vbox_vm *v);

/* the .vbox native format (vdom-from-native --format vbox) */
struct vc_domain *vc_vbox_native_from(const char *text, size_t len, const char *file, int strict);

extern const struct vc_driver vc_vbox_driver;

#endif
