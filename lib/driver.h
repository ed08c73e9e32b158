/* driver.h: connections, the driver table, and the domain operations every
 * tool calls; a tool never knows which backend answered */
#ifndef VC_DRIVER_H
#define VC_DRIVER_H

#include "conf.h"

/* enum vc_state, vc_dominfo, vc_define_opts: in api/virtcore.h */

/* the live record of an active guest: rundir/NAME.state */
struct vc_live {
	int state;                     /* enum vc_state */
	int id;
	long pid;                      /* 0 for simulated guests */
	unsigned long long start_ms;   /* realtime ms when it last ran */
	unsigned long long cpu_ms;     /* cpu time accumulated before start_ms */
	char *monitor;                 /* QMP socket path, if any */
	unsigned long long mem_kib;    /* in use, as the driver's poll saw it (0: unknown) */
};

struct vc_conn;
struct vc_define_opts;
struct vc_dominfo;

/* Drivers whose product keeps the guests itself (esx, vbox, hyperv, phyp,
 * vz) answer the inventory operations instead of the local store: when
 * drv->inv is set, vc_dom_define/undefine/xml/info/list/op/autostart call
 * these and nothing else.  Same return conventions as the vc_dom_* call
 * each replaces (1 changed, 0 unchanged, -1 + vc_err). */
struct vc_inventory {
	int (*define)(struct vc_conn *c, struct vc_domain *d, const struct vc_define_opts *o);
	int (*undefine)(struct vc_conn *c, const char *key, int if_exists, int check);
	char *(*xml)(struct vc_conn *c, const char *key, int inactive);
	int (*info)(struct vc_conn *c, const char *key, struct vc_dominfo *i);
	int (*list)(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n);
	int (*op)(struct vc_conn *c, const char *key, int op, int check, int timeout);
	int (*autostart)(struct vc_conn *c, const char *key, int on, int check);
	/* the host's capabilities XML (vnode-info); NULL: unsupported */
	char *(*caps)(struct vc_conn *c);
};

/* driver flags */
enum {
	VC_DRV_HOST = 1,     /* the URI names a host: esx://user@host/?no_verify=1 */
};

struct vc_driver {
	const char *name;
	int flags;
	/* NULL: guests are kept in the local store (confdir, rundir) */
	const struct vc_inventory *inv;
	int (*open)(struct vc_conn *c);
	void (*close)(struct vc_conn *c);
	/* lifecycle: called with the object's lock held. def is the config to
	 * run (persistent, or live for a running guest). Return -1 + vc_err. */
	int (*start)(struct vc_conn *c, struct vc_domain *def, struct vc_live *live);
	int (*shutdown)(struct vc_conn *c, struct vc_domain *def, struct vc_live *live, int timeout);
	int (*destroy)(struct vc_conn *c, struct vc_domain *def, struct vc_live *live);
	int (*reboot)(struct vc_conn *c, struct vc_domain *def, struct vc_live *live);
	/* a hard reset (the reset button); NULL: unsupported */
	int (*reset)(struct vc_conn *c, struct vc_domain *def, struct vc_live *live);
	int (*suspend)(struct vc_conn *c, struct vc_domain *def, struct vc_live *live);
	int (*resume)(struct vc_conn *c, struct vc_domain *def, struct vc_live *live);
	/* refresh live from the real world; return 0 still active, 1 it is gone
	 * (its resources were released) */
	int (*poll)(struct vc_conn *c, struct vc_domain *def, struct vc_live *live);
	/* extra validation at define time (e.g. test accepts any type) */
	int (*check)(struct vc_conn *c, const struct vc_domain *def);
	/* what a define fills in for this driver (old: the stored config or NULL) */
	int (*postparse)(struct vc_conn *c, struct vc_domain *def, const struct vc_domain *old);
	/* live device attach/detach, with the object's lock held (NULL: not
	 * supported).  attach: dev was appended to live->dev[kind] (last);
	 * make it real, filling in what the guest chose (address, tap name).
	 * detach: dev is the device of live to remove from the guest.  The
	 * caller updates and saves the live config after a success. */
	int (*attach)(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev);
	int (*detach)(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev);
	/* statistics, changes, snapshots (driver/guest_ops.h); NULL or a NULL
	 * op: "unsupported by the DRIVER driver" */
	const struct vc_guest_ops *guest;
};

struct vc_conn {
	const struct vc_driver *drv;
	char *uri;
	/* the URI's parts: DRIVER[+TRANSPORT]://[USER@]HOST[:PORT]/PATH[?QUERY] */
	char *scheme;       /* driver name as written, before any + */
	char *transport;    /* after +, or NULL */
	char *user, *host;  /* NULL when absent */
	int port;           /* 0 when absent */
	char *path;         /* "/system", "/", "/dc1/cluster/host" */
	char *query;        /* raw, without '?', or NULL */
	char *confdir;      /* persistent configs: NAME.xml, autostart/ */
	char *rundir;       /* live state: NAME.xml, NAME.state */
	char *statedir;     /* driver private state (test: simulated host) */
	void *priv;
};

/* uri.c */
/* pick the URI: explicit, $VIRTCORE_URI, config file, default */
const char *vc_uri_default(void);
struct vc_conn *vc_conn_open(const char *uri);
void vc_conn_close(struct vc_conn *c);
/* the value of a URI query parameter (malloc'd, %-decoded), or NULL */
char *vc_uri_param(const struct vc_conn *c, const char *key);

/* store.c: persistent and live files, under the object lock */
char *vc_store_conf_path(struct vc_conn *c, const char *name);
char *vc_store_live_path(struct vc_conn *c, const char *name);
/* name or uuid -> canonical name (strdup); NULL + "no such domain" */
char *vc_store_resolve(struct vc_conn *c, const char *key);
struct vc_domain *vc_store_load_conf(struct vc_conn *c, const char *name);
struct vc_domain *vc_store_load_live(struct vc_conn *c, const char *name);
int vc_store_save_conf(struct vc_conn *c, const struct vc_domain *d, const char *xml);
int vc_store_save_live(struct vc_conn *c, const struct vc_domain *d, const struct vc_live *l);
int vc_store_remove_conf(struct vc_conn *c, const char *name);
int vc_store_remove_live(struct vc_conn *c, const char *name);
/* 1 active (live read), 0 inactive, -1 error */
int vc_store_live_read(struct vc_conn *c, const char *name, struct vc_live *l);
void vc_live_clear(struct vc_live *l);
/* a fresh id; a busy counter names the guest being started */
int vc_store_next_id(struct vc_conn *c, const char *name);
/* the guest other than self whose stored config (else live XML) has
 * uuid u, read in full (strdup); NULL if none */
char *vc_store_uuid_owner(struct vc_conn *c, const unsigned char u[16], const char *self);
/* names of guests with a live record, sorted */
int vc_store_active_names(struct vc_conn *c, char ***names, size_t *n);
/* names: persistent and/or active, sorted */
int vc_store_names(struct vc_conn *c, char ***names, size_t *n);
int vc_store_autostart_get(struct vc_conn *c, const char *name);
int vc_store_autostart_set(struct vc_conn *c, const char *name, int on);
void vc_strv_free(char **v, size_t n);

/* domain_ops.c: is the guest active? Reconciles a dead guest (releases
 * its resources) under its lock; locked: the caller holds it. 1 active,
 * 0 inactive, -1 error */
int vc_dom_refresh(struct vc_conn *c, const char *name, struct vc_live *l, int locked);

/* domain_ops.c: what the tools call. Mutators return 1 changed, 0
 * unchanged, -1 error. "check" computes the answer without changing. */
int vc_dom_define(struct vc_conn *c, const char *xml, size_t len,
                  const struct vc_define_opts *o, char **name_out);
int vc_dom_undefine(struct vc_conn *c, const char *key, int if_exists, int check);
int vc_dom_op(struct vc_conn *c, const char *key, int op, int check, int timeout);
/* XML of a guest: live when active unless inactive is set */
char *vc_dom_xml(struct vc_conn *c, const char *key, int inactive);
int vc_dom_info(struct vc_conn *c, const char *key, struct vc_dominfo *i);
void vc_dominfo_clear(struct vc_dominfo *i);
/* list: flags select */
int vc_dom_list(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n);
int vc_dom_autostart(struct vc_conn *c, const char *key, int on, int check);
/* diff two texts (unified, labels a/b) */
char *vc_diff(const char *a, const char *b, const char *la, const char *lb);

/* native.c: native configuration formats (vdom-from-native/-to-native) */
struct vc_native_fmt {
	const char *name;      /* virsh's name: qemu-argv, xen-xl, vmware-vmx, ... */
	const char *driver;    /* URI scheme whose connection 'to' wants, or NULL */
	/* native text -> domain; NULL + vc_err naming FILE:LINE */
	struct vc_domain *(*from)(const char *text, size_t len, const char *file, int strict);
	/* domain -> native text (malloc'd); d may be changed (post-parse) */
	char *(*to)(struct vc_conn *c, struct vc_domain *d, int strict);
};
const struct vc_native_fmt *vc_native_find(const char *name);
/* f->from on a file's text, refusing a NUL byte in it first */
struct vc_domain *vc_native_from(const struct vc_native_fmt *f, const char *text, size_t len,
    const char *file, int strict);
/* "qemu-argv, xen-xl, ..." of the formats that convert from (1) or to (0) */
char *vc_native_names(int from);
/* what a converter cannot express: one line on stderr ("dropped: ..."),
 * or with strict an error; returns 0 or -1. line 0: no line number */
int vc_native_drop(int strict, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#include "driver/guest_ops.h"

extern const struct vc_driver vc_test_driver;
extern const struct vc_driver vc_qemu_driver;
extern const struct vc_driver vc_xen_driver;
extern const struct vc_driver vc_bhyve_driver;
extern const struct vc_driver vc_vbox_driver;
extern const struct vc_driver vc_vmwarews_driver, vc_vmwareplayer_driver, vc_vmwarefusion_driver;
extern const struct vc_driver vc_esx_driver, vc_gsx_driver, vc_vpx_driver;
extern const struct vc_driver vc_vz_driver;
extern const struct vc_driver vc_phyp_driver;
extern const struct vc_driver vc_hyperv_driver;
extern const struct vc_driver vc_lxc_driver;

/* ---- the connection's host (lib/driver/hostdev/conn.c) ---- */
/* use the host that connection c names: the test driver's simulated host
 * (built on first use) for test:// URIs, else the real host under
 * VIRTCORE_SYSFS_ROOT. Returns 1 simulated, 0 real, -1 with error. */
int vc_host_use_conn(struct vc_conn *c);
/* lib/driver/test/host.c: the test driver's simulated host */
/* build the tree in STATEDIR/sysfs and STATEDIR/proc unless present,
 * and point the host layer at it with the simulated kernel */
int vc_test_host_open(const char *statedir);
/* the simulated kernel (a vc_host_kernel_fn) */
int vc_test_host_kernel(const char *rel, const char *val);
/* build a simulated host tree: sysfs in dir/sysfs, proc in dir/proc */
int vc_test_host_build(const char *dir, unsigned nvfs);


#endif
