/* virtcore.h: the public C API of libvirtcore.a, the one header `make
 * install` puts in PREFIX/include. A program connects by URI, defines,
 * lists, runs and changes guests and networks, and reads node devices,
 * with the same rules as the tools (locks, atomic writes, changed or
 * unchanged). Build: cc prog.c $(pkg-config --cflags --libs --static virtcore)
 *
 * Conventions: mutators return 1 changed, 0 unchanged, -1 error; calls
 * returning a pointer return NULL on error. After an error vc_errmsg()
 * is one line naming the culprit and vc_errkind_get() says whether to
 * retry (VC_ERR_TEMP: locked by another run). Returned strings and
 * arrays are the caller's to free (free(), or the _clear/_free call named).
 * Not thread safe: one pending error per process, as errno was. */
#ifndef VIRTCORE_PUBLIC_H
#define VIRTCORE_PUBLIC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the exit contract of the tools (virtcore(7)) */
enum { VC_EXIT_OK = 0, VC_EXIT_FAIL = 1, VC_EXIT_USAGE = 2, VC_EXIT_TEMP = 75 };

/* what went wrong: decides the exit status a tool returns */
enum vc_errkind {
	VC_ERR_NONE, VC_ERR_FAIL, VC_ERR_USAGE, VC_ERR_TEMP,
};
const char *vc_errmsg(void);
enum vc_errkind vc_errkind_get(void);
void vc_err_clear(void);

/* connections: "test:///PATH", "qemu:///system", an alias of virtcore.conf;
 * NULL: $VIRTCORE_URI, virtcore.conf's uri_default, test:///default */
struct vc_conn;
struct vc_conn *vc_conn_open(const char *uri);
void vc_conn_close(struct vc_conn *c);

/* guests */
enum vc_state {
	VC_STATE_NOSTATE, VC_STATE_RUNNING, VC_STATE_BLOCKED, VC_STATE_PAUSED,
	VC_STATE_SHUTDOWN, VC_STATE_SHUTOFF, VC_STATE_CRASHED, VC_STATE_PMSUSPENDED,
	VC_STATE_LAST
};
extern const char *const vc_state_names[];   /* "running", "shut off", ... */

struct vc_define_opts {
	int check;          /* compute the answer, change nothing */
	char **diff;        /* if non-NULL: unified diff stored -> new */
	const char *file;   /* name for messages */
	int validate;       /* also check against the RELAX NG schema */
};
/* xml: one <domain>; *name_out (if non-NULL) gets its name */
int vc_dom_define(struct vc_conn *c, const char *xml, size_t len,
                  const struct vc_define_opts *o, char **name_out);
/* key: a name or a uuid */
int vc_dom_undefine(struct vc_conn *c, const char *key, int if_exists, int check);
enum { VC_OP_START, VC_OP_SHUTDOWN, VC_OP_DESTROY, VC_OP_REBOOT,
       VC_OP_SUSPEND, VC_OP_RESUME, VC_OP_RESET };
/* timeout: seconds a shutdown waits before it destroys; -1 waits for ever */
int vc_dom_op(struct vc_conn *c, const char *key, int op, int check, int timeout);
/* the guest's XML: live when it runs unless inactive is set */
char *vc_dom_xml(struct vc_conn *c, const char *key, int inactive);
struct vc_dominfo {
	char *name;
	unsigned char uuid[16];
	int state, id, persistent, autostart;   /* id -1 when shut off */
	unsigned long long max_kib, cur_kib, cpu_ms;
	unsigned vcpus;
	char *type;                             /* "kvm", "qemu", "lxc", ... */
	int managed_save;                       /* shut off with a managed save image */
};
int vc_dom_info(struct vc_conn *c, const char *key, struct vc_dominfo *i);
void vc_dominfo_clear(struct vc_dominfo *i);
enum { VC_LIST_ACTIVE = 1, VC_LIST_INACTIVE = 2 };
/* sorted by name; from a list only name, state and id are filled in */
int vc_dom_list(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n);
int vc_dom_autostart(struct vc_conn *c, const char *key, int on, int check);
/* 1 the guest starts with the host, 0 it does not, -1 + error */
int vc_dom_autostart_get(struct vc_conn *c, const char *key);

/* devices: xml is one <disk>, <interface> or <hostdev> */
enum { VC_AFFECT_LIVE = 1, VC_AFFECT_CONFIG = 2, VC_AFFECT_PERSISTENT = 4 };
struct vc_device_opts {
	int affect;         /* VC_AFFECT_* bits, 0 for current */
	int check;          /* compute the answer, change nothing */
	int if_exists;      /* detach: a device that is not there is unchanged */
	const char *file;   /* name for messages ("-" for stdin) */
};
int vc_dom_attach_device(struct vc_conn *c, const char *key, const char *xml, size_t len,
                         const struct vc_device_opts *o);
int vc_dom_detach_device(struct vc_conn *c, const char *key, const char *xml, size_t len,
                         const struct vc_device_opts *o);

/* networks */
int vc_net_define(struct vc_conn *c, const char *xml, size_t len,
                  const struct vc_define_opts *o, char **name_out);
int vc_net_undefine(struct vc_conn *c, const char *key, int if_exists, int check);
int vc_net_start(struct vc_conn *c, const char *key, int check);
int vc_net_destroy(struct vc_conn *c, const char *key, int check);
int vc_net_autostart(struct vc_conn *c, const char *key, int on, int check);
char *vc_net_xml(struct vc_conn *c, const char *key, int inactive);
struct vc_netinfo {
	char *name;
	unsigned char uuid[16];
	int active, persistent, autostart;
	int mode;                   /* index into vc_net_fwd_names */
	char *bridge;               /* NULL when none */
};
extern const char *const vc_net_fwd_names[];   /* "", "nat", "route", ..., "hostdev" */
int vc_net_list(struct vc_conn *c, int which, struct vc_netinfo **out, size_t *n);
int vc_net_info(struct vc_conn *c, const char *key, struct vc_netinfo *i);
void vc_netinfo_clear(struct vc_netinfo *i);

/* node devices of the connection's host (the test driver's simulated one) */
enum vc_host_cap {
	VC_HOST_CAP_NONE, VC_HOST_CAP_SYSTEM, VC_HOST_CAP_PCI, VC_HOST_CAP_NET,
	VC_HOST_CAP_USB_DEVICE, VC_HOST_CAP_USB,
};
extern const char *const vc_host_cap_names[];   /* "", "system", "pci", ... */
struct vc_host_nodedev {
	char *name;                /* "pci_0000_04_00_3", "net_eth2_00_11_..." */
	char *parent;              /* NULL for computer */
	int cap;                   /* enum vc_host_cap */
	char *desc;                /* one line for listings */
};
/* point the host layer at c's host; call before the nodedev calls */
int vc_host_use_conn(struct vc_conn *c);
int vc_host_nodedev_list(int cap, struct vc_host_nodedev **devs, size_t *n);
void vc_host_nodedev_list_free(struct vc_host_nodedev *devs, size_t n);
char *vc_host_nodedev_xml(const char *name);

/* uuid text <-> bytes */
int vc_uuid_parse(const char *s, unsigned char out[16]);
void vc_uuid_format(const unsigned char u[16], char out[37]);

#ifdef __cplusplus
}
#endif

#endif
