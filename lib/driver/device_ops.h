/* device_ops.h: attach and detach devices, live and persistent, for every driver */
#ifndef VC_DRIVER_DEVICE_OPS_H
#define VC_DRIVER_DEVICE_OPS_H

#include <stddef.h>
#include "driver.h"

/* where a change goes; neither: the running guest when it runs, else
 * its persistent config (virsh's "current") */
/* VC_AFFECT_LIVE, VC_AFFECT_CONFIG; VC_AFFECT_PERSISTENT (virsh's
 * --persistent: the config, and the running guest too if it runs): in api/virtcore.h */

/* the guest a device change is for: resolved, locked, its state
 * refreshed (a dead guest is shut off), with the live and/or persistent
 * config that affect names loaded (0: the current one); -1 with "NAME:
 * domain is not running", "... is not persistent".  Close it always. */
struct vc_dev_target {
	char *name;
	int fd, active, affect;
	struct vc_live l;
	struct vc_domain *live, *conf;
};
int vc_dev_target_open(struct vc_conn *c, const char *key, int affect,
                       struct vc_dev_target *t);
void vc_dev_target_close(struct vc_dev_target *t);

/* the persistent config after a change: formatted, read back (the rules
 * across devices run again), stored */
int vc_dev_save_conf(struct vc_conn *c, struct vc_domain *d);

/* struct vc_device_opts: in api/virtcore.h */

/* xml is one <disk>, <interface> or <hostdev>.  1 changed, 0 unchanged
 * (attach: an identical device is there already; detach: it is gone
 * already and if_exists is set), -1 error ("no such device" when a
 * device to detach is not there). */
int vc_dom_attach_device(struct vc_conn *c, const char *key, const char *xml, size_t len,
                         const struct vc_device_opts *o);
int vc_dom_detach_device(struct vc_conn *c, const char *key, const char *xml, size_t len,
                         const struct vc_device_opts *o);

#endif
