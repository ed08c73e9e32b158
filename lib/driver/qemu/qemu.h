/* qemu.h: what the qemu driver's files share, and the calls its own tools make */
#ifndef VC_QEMU_QEMU_H
#define VC_QEMU_QEMU_H

#include "driver.h"

/* launch.c: the lifecycle operations of vc_qemu_driver */
int vc_qemu_start(struct vc_conn *c, struct vc_domain *def, struct vc_live *l);
/* start, with the state of a saved run coming in from infd (-1: boot);
 * paused: leave it stopped after that */
int vc_qemu_start_from(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int infd,
                       int paused);
int vc_qemu_destroy(struct vc_conn *c, struct vc_domain *def, struct vc_live *l);
int vc_qemu_shutdown(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int timeout);
int vc_qemu_reboot(struct vc_conn *c, struct vc_domain *def, struct vc_live *l);
int vc_qemu_reset(struct vc_conn *c, struct vc_domain *def, struct vc_live *l);
int vc_qemu_suspend(struct vc_conn *c, struct vc_domain *def, struct vc_live *l);
int vc_qemu_resume(struct vc_conn *c, struct vc_domain *def, struct vc_live *l);
int vc_qemu_poll(struct vc_conn *c, struct vc_domain *def, struct vc_live *l);
/* /dev/kvm opens read-write, or an error saying why not */
int vc_qemu_kvm_check(const char *name);

/* confine.c: -runas from qemu.conf's user (root only; 1 added, 0 not, -1),
 * a cgroup per guest (root only; 1 placed, 0 none, -1), its removal */
char *vc_qemu_conf_get(struct vc_conn *c, const char *key);
int vc_qemu_runas(struct vc_conn *c, char ***argv);
int vc_qemu_cgroup_add(struct vc_conn *c, const struct vc_domain *def, long pid);
void vc_qemu_cgroup_remove(struct vc_conn *c, const char *name);

/* tap.c: tap devices on bridges, by ioctl (TUNSETIFF, SIOCBRADDIF).
 * name may hold "%d" for the kernel to pick a free number; the name
 * made is copied to out (16 bytes).  An existing device is refused. */
int vc_tap_create(const char *name, const unsigned char *mac, char out[16]);
int vc_tap_bridge(const char *tap, const char *bridge);
/* remove a tap this driver made; a missing one is fine */
int vc_tap_delete(const char *name);

/* macvtap.c: a macvtap on lower (type='direct'), named name or the first
 * free macvtapN (copied to out), in mode (vepa when NULL), up; *fd is
 * its /dev/tapN opened for QEMU.  delete: a missing one is fine. */
int vc_macvtap_create(const char *lower, const char *name, const unsigned char *mac,
                      const char *mode, char out[16], int *fd);
int vc_macvtap_delete(const char *name);

/* caps.c: the host QEMU's machine types, probed once per binary (path,
 * size, mtime) and cached in statedir/caps; libvirt's test host under
 * VIRTCORE_CONFORMANCE=1 */
char *vc_qemu_caps_emulator(struct vc_conn *c, const struct vc_domain *d);
char *vc_qemu_caps_machines(struct vc_conn *c, const char *emu);
int vc_qemu_caps_machine(struct vc_conn *c, const char *emu, char **machine);
/* the binary's CPU models (-cpu help), cached; NULL-terminated, NULL if unknown */
char **vc_qemu_caps_cpus(struct vc_conn *c, const char *emu);
struct vc_domcaps;
struct vc_domcaps_req;
/* domcaps.c: virsh domcapabilities for the qemu driver */
int vc_qemu_domcaps(struct vc_conn *c, const struct vc_domcaps_req *r, struct vc_domcaps *d);

/* postparse.c: what a define fills in (machine, cpu, controllers, default
 * devices, PCI addresses; old: the stored config, whose addresses stay) */
int vc_qemu_postparse(struct vc_conn *c, struct vc_domain *d, const struct vc_domain *old);
int vc_qemu_pci_assign(struct vc_domain *d, const struct vc_domain *old, int q35);
int vc_qemu_pci_assign_hot(struct vc_domain *d);
/* what libvirt's QEMU driver refuses at define (validate.c): -1 with an error */
int vc_qemu_validate(const struct vc_domain *d, int q35);
/* USB ports of bus 0 for the USB devices without an address */
int vc_qemu_usb_assign(struct vc_domain *d);

/* console.c: a running guest's serial console */
/* print what the guest wrote to its first serial port so far */
int vc_qemu_console_log(struct vc_conn *c, const char *key, int fd);
/* attach the terminal (stdin/stdout) to it; escape ends the session */
int vc_qemu_console_attach(struct vc_conn *c, const char *key, int escape);

/* hotplug.c: live attach and detach through QMP (the vc_driver ops) */
int vc_qemu_attach(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev);
int vc_qemu_detach(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev);
/* write RUNDIR/NAME.devids: the QEMU ids the command line gave to
 * interfaces and host devices, which detach looks up later */
int vc_qemu_devids_init(struct vc_conn *c, const struct vc_domain *def);

#endif
