/* lxc.h: the lxc driver's parts shared with vdom-exec */
#ifndef VC_LXC_H
#define VC_LXC_H

#include <stdint.h>
#include "../../driver.h"

struct vc_os;

/* the <filesystem type='mount'> source whose target is '/', or NULL */
const char *vc_lxc_root(const struct vc_domain *d);
/* 1: cgroup v2 (unified) at /sys/fs/cgroup */
int vc_lxc_cg_v2(void);
/* any of the container's cgroups left */
int vc_lxc_cg_exists(const char *name);
/* start time of a live (not zombie) pid in clock ticks; 0 gone */
unsigned long long vc_lxc_pid_start(long pid);
/* rundir/NAME.sup: 1 read, 0 none */
int vc_lxc_sup_read(struct vc_conn *c, const char *name, long *sup,
                    unsigned long long *start, long *init);
/* vdom-exec: run argv in the running container key; its exit status
 * (128+N for signal N), or -1 + vc_err */
int vc_lxc_exec(struct vc_conn *c, const char *key, char *const argv[]);
/* net.c: interfaces as veth pairs (macvlan for direct) */
int vc_lxc_net_check(struct vc_conn *c, const struct vc_domain *d, char ***bridges);
void vc_lxc_net_free(char **bridges, size_t n);
int vc_lxc_net_create(const struct vc_domain *d, char **bridges, long pid, struct vc_buf *hosts);
void vc_lxc_net_delete(const char *hosts);
int vc_lxc_link_up(const char *name);
/* interface i's name inside the container: <guest dev=>, else ethN */
void vc_lxc_guest_name(const struct vc_domain *d, size_t i, char *buf, size_t n);
/* inside: the interfaces' and net hostdevs' <ip> and <route> */
int vc_lxc_ip_setup(const struct vc_domain *d);
/* <hostdev mode='capabilities' type='net'>: into the container's netns,
 * and back from it (ctns: an fd of it kept past its init) */
int vc_lxc_hostdev_net_move(const struct vc_domain *d, long pid, int ctns);
void vc_lxc_hostdev_net_return(const struct vc_domain *d, int ctns, size_t n);
/* ident.c: run as <inituser>/<initgroup> from the container's
 * /etc/passwd and /etc/group (console: chowned to the user) */
int vc_lxc_set_ident(const struct vc_os *os, const char *console);
/* the capabilities <features><capabilities> takes away (a mask) */
uint64_t vc_lxc_caps_drop(const struct vc_domain *d);
int vc_lxc_caps_bound(uint64_t drop);
int vc_lxc_caps_sets(uint64_t drop);
/* loop.c: loop devices for type='file' (rundir/NAME.loop records them) */
int vc_lxc_loop_attach(const char *file, int ro, char *dev, size_t n);
void vc_lxc_loop_release(const char *rec);
int vc_lxc_mount_dev(const char *dev, const char *target, unsigned long flags);
/* native.c: vdom-from-native --format lxc-tools */
struct vc_domain *vc_lxc_from_native(const char *text, size_t len, const char *file, int strict);

#endif
