/* conf.h: the XML model: domain, network, node device; parse, validate, format.
 * conf/ never touches the host. */
#ifndef VC_CONF_H
#define VC_CONF_H

#include <libxml/tree.h>
#include "util.h"

/* ---- xml.c: parse helpers that remember what they consumed ----
 * Every attribute or element a parser reads is marked; vc_x_finish()
 * reports the first one nobody read as "file:line: path: unknown ...",
 * so unknown elements are errors without each parser listing them. */
struct vc_x {
	xmlDocPtr doc;
	const char *file;     /* for messages: "web1.xml", "-" for stdin */
	int err;              /* an error was recorded */
};

/* parse text into a document (no network, no external entities, no
 * entity expansion); NULL with error set */
xmlDocPtr vc_x_read(const char *data, size_t len, const char *file);
/* the root's <uuid> of a document (a domain or network), read as a
 * stream that stops there; -1 if it has none or is not XML */
int vc_x_peek_uuid(const char *data, size_t len, unsigned char u[16]);
/* dev_disk.c: a disk's target name from its index, libvirt's rule:
 * ("sd", 0) -> "sda", 25 -> "sdz", 26 -> "sdaa"; buf of at least 16 */
void vc_disk_name(char *buf, size_t len, const char *prefix, unsigned idx);
/* dev_dups.c: two disks on one target (refused) */
struct vc_domain;
int vc_domain_check_dups(struct vc_x *x, xmlNodePtr root, const struct vc_domain *d);
/* record "file:line: path: message"; returns -1 */
int vc_x_err(struct vc_x *x, xmlNodePtr n, const char *fmt, ...) VC_PRINTF(3, 4);
/* the element path from the root's child: "devices/interface/vlan/tag" */
/* n's line, past 65535 too (0 for NULL) */
long vc_x_line(xmlNodePtr n);
char *vc_x_path(xmlNodePtr n);

/* mark n itself consumed (an element whose presence is the value, <readonly/>) */
void vc_x_use(xmlNodePtr n);
/* first child element named name (marked); NULL if none */
xmlNodePtr vc_x_child(struct vc_x *x, xmlNodePtr n, const char *name);
/* next sibling element named name after c (marked) */
xmlNodePtr vc_x_next(xmlNodePtr c, const char *name);
/* count of child elements with that name */
int vc_x_count(xmlNodePtr n, const char *name);
/* attribute value (marked, strdup'd; NULL if absent) */
char *vc_x_attr(struct vc_x *x, xmlNodePtr n, const char *name);
/* attribute from a namespace href (marked) */
char *vc_x_attr_ns(struct vc_x *x, xmlNodePtr n, const char *name, const char *href);
/* text content of element (strdup'd, never NULL) */
char *vc_x_text(xmlNodePtr n);
/* text of child element named name (marked), NULL if absent */
char *vc_x_child_text(struct vc_x *x, xmlNodePtr n, const char *name);
/* numbers: 0 absent, 1 present, -1 error (recorded). */
int vc_x_ull(struct vc_x *x, xmlNodePtr n, const char *attr,
             unsigned long long min, unsigned long long max, unsigned long long *v);
int vc_x_uint(struct vc_x *x, xmlNodePtr n, const char *attr,
              unsigned min, unsigned max, unsigned *v);
int vc_x_int(struct vc_x *x, xmlNodePtr n, const char *attr,
             int min, int max, int *v);
/* the same, taking 0x hex too, where libvirt does (address parts, ids) */
int vc_x_ull_x(struct vc_x *x, xmlNodePtr n, const char *attr,
               unsigned long long min, unsigned long long max, unsigned long long *v);
int vc_x_uint_x(struct vc_x *x, xmlNodePtr n, const char *attr,
                unsigned min, unsigned max, unsigned *v);
/* parse an element's text as a number */
int vc_x_text_ull(struct vc_x *x, xmlNodePtr n, unsigned long long min,
                  unsigned long long max, unsigned long long *v);
/* enum attribute: names is a NULL-terminated table whose index 0 is ""
 * (meaning "absent"); *v = index; 0 absent, 1 present, -1 bad value */
int vc_x_enum(struct vc_x *x, xmlNodePtr n, const char *attr,
              const char *const *names, int *v);
/* tristate yes/no: *v = 0 absent, 1 yes, 2 no (VC_TRI_*) */
enum { VC_TRI_ABSENT, VC_TRI_YES, VC_TRI_NO };
int vc_x_yesno(struct vc_x *x, xmlNodePtr n, const char *attr, int *v);
/* on/off tristate, same encoding (1 on, 2 off) */
int vc_x_onoff(struct vc_x *x, xmlNodePtr n, const char *attr, int *v);
/* the whole subtree as XML text, verbatim (for <metadata>), marked */
char *vc_x_dump(xmlNodePtr n, int indent_level);
/* a required attribute: records "missing attribute" when absent */
char *vc_x_attr_req(struct vc_x *x, xmlNodePtr n, const char *name);
/* mark the whole subtree consumed (kept verbatim elsewhere) */
void vc_x_use_tree(xmlNodePtr n);
/* report the first element/attribute in the tree that nobody consumed */
int vc_x_finish(struct vc_x *x, xmlNodePtr root);

/* enum table lookup, -1 if not found */
int vc_enum_find(const char *const *names, const char *s);
static inline const char *vc_enum_name(const char *const *names, int v) { return names[v]; }

/* format helpers: attributes in order, skipped when absent */
void vc_f_open(struct vc_buf *b, int lvl, const char *elem);   /* "<elem" */
void vc_f_attr(struct vc_buf *b, const char *name, const char *val);  /* skip NULL */
void vc_f_attr_u(struct vc_buf *b, const char *name, unsigned long long v);
void vc_f_attr_i(struct vc_buf *b, const char *name, long long v);
void vc_f_attr_x(struct vc_buf *b, const char *name, unsigned v, int width); /* 0x%0*x */
void vc_f_attr_enum(struct vc_buf *b, const char *name, const char *const *names, int v);
void vc_f_attr_yesno(struct vc_buf *b, const char *name, int tri);
void vc_f_attr_onoff(struct vc_buf *b, const char *name, int tri);
void vc_f_close_empty(struct vc_buf *b);                         /* "/>\n" */
void vc_f_close_open(struct vc_buf *b);                          /* ">\n" */
void vc_f_end(struct vc_buf *b, int lvl, const char *elem);      /* "</elem>\n" */
/* <elem>text</elem> on one line, skipped when text NULL */
void vc_f_text_elem(struct vc_buf *b, int lvl, const char *elem, const char *text);

/* ---- address.c: <address type=...> on every device ---- */
enum vc_addr_type {
	VC_ADDR_NONE, VC_ADDR_PCI, VC_ADDR_DRIVE, VC_ADDR_VIRTIO_SERIAL,
	VC_ADDR_CCID, VC_ADDR_USB, VC_ADDR_SPAPR_VIO, VC_ADDR_VIRTIO_S390,
	VC_ADDR_CCW, VC_ADDR_VIRTIO_MMIO, VC_ADDR_ISA, VC_ADDR_DIMM,
	VC_ADDR_UNASSIGNED,
};
extern const char *const vc_addr_type_names[];
struct vc_addr {
	int type;                  /* enum vc_addr_type */
	/* pci */
	unsigned domain, bus, slot, function;
	int multifunction;         /* VC_TRI_* (on/off) */
	int has_domain, has_bus, has_slot, has_function;
	/* pci zpci child */
	/* drive / virtio-serial / ccid */
	unsigned controller, target, unit, port;
	int has_controller, has_target, has_unit, has_port;
	/* usb: bus + port string "1.2.3" */
	char *usbport;
	/* ccw */
	unsigned cssid, ssid, devno;
	int has_cssid, has_ssid, has_devno;
	/* spapr-vio, isa, dimm: reg/iobase/irq/slot/base */
	unsigned long long reg, base;
	unsigned iobase, irq;
	int has_reg, has_base, has_iobase, has_irq;
};
/* parse <address> (n is the address element). 0 ok, -1 error */
int vc_addr_parse(struct vc_x *x, xmlNodePtr n, struct vc_addr *a);
/* parse a device's <address> child if present */
int vc_addr_parse_child(struct vc_x *x, xmlNodePtr dev, struct vc_addr *a);
void vc_addr_format(struct vc_buf *b, int lvl, const struct vc_addr *a);
void vc_addr_clear(struct vc_addr *a);
/* "0000:04:00.3" <-> fields */
int vc_pci_addr_parse(const char *s, unsigned *dom, unsigned *bus,
                      unsigned *slot, unsigned *fn);

/* ---- devices: one family per file (dev_*.c); table in devices.c ----
 * The kinds are listed in the order libvirt formats <devices>. */
enum vc_devkind {
	VC_DEV_DISK, VC_DEV_CONTROLLER, VC_DEV_FILESYSTEM, VC_DEV_INTERFACE,
	VC_DEV_SMARTCARD, VC_DEV_SERIAL, VC_DEV_PARALLEL, VC_DEV_CONSOLE, VC_DEV_CHANNEL,
	VC_DEV_INPUT, VC_DEV_TPM, VC_DEV_GRAPHICS, VC_DEV_SOUND, VC_DEV_AUDIO,
	VC_DEV_VIDEO, VC_DEV_HOSTDEV, VC_DEV_REDIRDEV, VC_DEV_REDIRFILTER, VC_DEV_HUB,
	VC_DEV_WATCHDOG, VC_DEV_MEMBALLOON, VC_DEV_RNG, VC_DEV_PANIC,
	VC_DEV_LAST
};
struct vc_devtype {
	const char *elem;
	/* kind is passed so one parser can serve serial/console/channel */
	void *(*parse)(struct vc_x *x, xmlNodePtr n, int kind);
	void (*format)(struct vc_buf *b, int lvl, const void *dev, int kind);
	void (*free)(void *dev);
};
extern const struct vc_devtype vc_devtypes[VC_DEV_LAST];

/* ---- top-level sections other than the core fields (domain_*.c) ----
 * Listed in the order libvirt formats them. */
enum vc_sect {
	VC_SECT_BLKIOTUNE, VC_SECT_MEMTUNE, VC_SECT_MEMORYBACKING,
	VC_SECT_VCPUS, VC_SECT_IOTHREADS, VC_SECT_CPUTUNE, VC_SECT_NUMATUNE,
	VC_SECT_RESOURCE, VC_SECT_SYSINFO,
	VC_SECT_BOOTLOADER, VC_SECT_BOOTLOADER_ARGS,
	VC_SECT_OS, VC_SECT_IDMAP, VC_SECT_FEATURES, VC_SECT_CPU, VC_SECT_CLOCK,
	/* on_poweroff..on_crash sit here (core) */
	VC_SECT_PM, VC_SECT_PERF,
	/* devices sit here (core) */
	VC_SECT_SECLABEL, VC_SECT_KEYWRAP, VC_SECT_LAUNCHSECURITY,
	VC_SECT_LAST
};
/* where the core elements fall between sections */
#define VC_SECT_AFTER_LIFECYCLE VC_SECT_PM
#define VC_SECT_AFTER_DEVICES   VC_SECT_SECLABEL
struct vc_secttype {
	const char *elem;
	int multiple;         /* element may repeat (seclabel, sysinfo) */
	void *(*parse)(struct vc_x *x, xmlNodePtr n);
	void (*format)(struct vc_buf *b, int lvl, const void *s);
	void (*free)(void *s);
};
extern const struct vc_secttype vc_secttypes[VC_SECT_LAST];

/* ---- the domain ---- */
enum vc_virt_type {
	VC_VIRT_NONE, VC_VIRT_QEMU, VC_VIRT_KQEMU, VC_VIRT_KVM, VC_VIRT_XEN,
	VC_VIRT_LXC, VC_VIRT_UML, VC_VIRT_OPENVZ, VC_VIRT_TEST, VC_VIRT_VMWARE,
	VC_VIRT_HYPERV, VC_VIRT_VBOX, VC_VIRT_PHYP, VC_VIRT_PARALLELS,
	VC_VIRT_BHYVE, VC_VIRT_VZ, VC_VIRT_HVF,
};
extern const char *const vc_virt_type_names[];
enum vc_lifecycle {
	VC_LIFE_NONE, VC_LIFE_DESTROY, VC_LIFE_RESTART, VC_LIFE_RENAME_RESTART,
	VC_LIFE_PRESERVE, VC_LIFE_COREDUMP_DESTROY, VC_LIFE_COREDUMP_RESTART,
};
extern const char *const vc_lifecycle_names[];
enum { VC_VCPU_PLACEMENT_NONE, VC_VCPU_PLACEMENT_STATIC, VC_VCPU_PLACEMENT_AUTO };
extern const char *const vc_placement_names[];

struct vc_domain {
	int type;                     /* enum vc_virt_type */
	int id;                       /* live only, -1 when not running */
	char *name;
	unsigned char uuid[16];
	int has_uuid;
	char *genid;                  /* "" when <genid/> empty */
	char *title, *description;
	char *metadata;               /* inner XML verbatim, formatted as-is */
	/* memory, KiB */
	unsigned long long max_memory, memory, current_memory;
	unsigned max_memory_slots;
	int has_max_memory, has_current_memory;
	int dump_core;                /* VC_TRI_* on/off */
	/* vcpus */
	unsigned vcpus, vcpus_current;
	int has_vcpus_current;
	int vcpu_placement;
	char *vcpu_cpuset;
	int on_poweroff, on_reboot, on_crash, on_lockfailure;
	char *lockfailure;
	/* sections, each NULL when absent; multiple ones are arrays */
	void *sect[VC_SECT_LAST];
	void **sects[VC_SECT_LAST];
	size_t nsects[VC_SECT_LAST];
	/* devices, grouped by kind */
	char *emulator;
	void **dev[VC_DEV_LAST];
	size_t ndev[VC_DEV_LAST];
	int has_devices;
	/* namespaced extras (qemu:commandline) are refused for now */
};

/* domain.c */
struct vc_domain *vc_domain_parse(const char *xml, size_t len, const char *file);
/* validate against the built-in schema first, then parse */
struct vc_domain *vc_domain_parse_validate(const char *xml, size_t len, const char *file);
char *vc_domain_format(const struct vc_domain *d, int live);
void vc_domain_free(struct vc_domain *d);
/* fill what a define fills: uuid, MACs for interfaces without one */
void vc_domain_fill_defaults(struct vc_domain *d, const struct vc_domain *old);

/* schema.c: RELAX NG validation with built-in schemas */
int vc_schema_validate(const char *schema, xmlDocPtr doc, const char *file);

#endif
