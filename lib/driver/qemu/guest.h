/* guest.h: what the qemu driver's guest operations (stats.c, change.c,
 * snapshot.c) share */
#ifndef VC_QEMU_GUEST_H
#define VC_QEMU_GUEST_H

#include "driver.h"

struct vc_qmp;

/* the QMP monitor of a running guest, or NULL + "monitor: ..." */
struct vc_qmp *vc_qemu_guest_monitor(struct vc_conn *c, const char *name,
                                     const struct vc_live *l);

/* snapshot.c: the snapshot ops of vc_qemu_guest_ops */
int vc_qemu_snap_create(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
                        struct vc_snapshot *s);
int vc_qemu_snap_revert(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
                        const struct vc_snapshot *s);
int vc_qemu_snap_delete(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
                        const struct vc_snapshot *s);

/* screen.c: keys and screenshots of vc_qemu_guest_ops */
int vc_qemu_screenshot(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
                       size_t dev, unsigned head, const char *path);
int vc_qemu_sendkey(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
                    const unsigned *keys, size_t n, unsigned holdtime);

/* change.c: memory and vCPU changes of vc_qemu_guest_ops */
int vc_qemu_setmem(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
                   unsigned long long kib);
int vc_qemu_setvcpus(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
                     unsigned n);

/* save.c: save and restore of vc_qemu_guest_ops; the migration waits */
int vc_qemu_save(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int fd);
int vc_qemu_restore(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int fd,
                    unsigned long long len, int paused);
/* migrate-incoming from fd, waited for (launch.c's start from a save) */
int vc_qemu_migrate_in(struct vc_qmp *q, const char *guest, int fd);
int vc_qemu_migrate_wait(struct vc_qmp *q, const char *guest, const char *what);

#endif
