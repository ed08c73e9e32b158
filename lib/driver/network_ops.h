/* network_ops.h: the network operations the vnet-* tools call: a stored
 * network per file, same rules as guests (lock per object, atomic writes,
 * 1 changed / 0 unchanged / -1 error, check mode) */
#ifndef VC_NETWORK_OPS_H
#define VC_NETWORK_OPS_H

#include "driver.h"
#include "conf/network.h"

/* CONFDIR/networks/NAME.xml persistent, RUNDIR/networks/NAME.xml active */
char *vc_net_conf_path(struct vc_conn *c, const char *name);
char *vc_net_live_path(struct vc_conn *c, const char *name);
/* name or uuid -> name (strdup); NULL + "no such network" */
char *vc_net_resolve(struct vc_conn *c, const char *key);

int vc_net_define(struct vc_conn *c, const char *xml, size_t len,
                  const struct vc_define_opts *o, char **name_out);
int vc_net_undefine(struct vc_conn *c, const char *key, int if_exists, int check);
int vc_net_start(struct vc_conn *c, const char *key, int check);
int vc_net_destroy(struct vc_conn *c, const char *key, int check);
int vc_net_autostart(struct vc_conn *c, const char *key, int on, int check);
/* XML text: the live one when active unless inactive is set */
char *vc_net_xml(struct vc_conn *c, const char *key, int inactive);
/* the parsed network (live when active unless inactive): for the hostdev
 * manager, which takes VFs from vc_network_pool() of it */
struct vc_network *vc_net_load(struct vc_conn *c, const char *key, int inactive);

/* struct vc_netinfo (mode: enum vc_net_fwd): in api/virtcore.h */
/* which: VC_LIST_ACTIVE and/or VC_LIST_INACTIVE; sorted by name */
int vc_net_list(struct vc_conn *c, int which, struct vc_netinfo **out, size_t *n);
int vc_net_info(struct vc_conn *c, const char *key, struct vc_netinfo *i);
void vc_netinfo_clear(struct vc_netinfo *i);

#endif
