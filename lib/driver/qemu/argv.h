/* argv.h: the QEMU command line of a domain, as an argv array, and the files it names */
#ifndef VC_QEMU_ARGV_H
#define VC_QEMU_ARGV_H

#include <stddef.h>
#include "conf.h"

/* The per-guest files under the run directory, all named RUNDIR/NAME.EXT */
#define VC_QEMU_QMP      "qmp"            /* QMP socket */
#define VC_QEMU_PID      "pid"            /* "PID START" */
#define VC_QEMU_LOG      "log"            /* QEMU's stdout/stderr */
#define VC_QEMU_CONSOLE  "console"        /* serial0 output, kept after stop */
#define VC_QEMU_CONSOCK  "console.sock"   /* serial0 socket for vdom-console */
#define VC_QEMU_TAPS     "taps"           /* the taps made for this run */
#define VC_QEMU_DEVIDS   "devids"         /* QEMU ids of interfaces and hostdevs */
#define VC_QEMU_MACVTAPS "macvtaps"       /* the macvtaps made for this run */

char *vc_qemu_path(const char *rundir, const char *name, const char *ext);

/* the emulator: def->emulator, or qemu-system-ARCH found on PATH (ARCH
 * from <os><type arch>, x86_64 by default).  NULL + error when missing.
 * With must_exist 0 a PATH miss yields the bare name. */
char *vc_qemu_emulator(const struct vc_domain *def, int must_exist);

/* give every PCI device without an address one on bus 0, slots from 2 up
 * in device order, skipping slots already taken.  Returns how many were
 * assigned, -1 + error when the bus is full. */
int vc_qemu_assign_pci(struct vc_domain *def);

/* the name of the tap of interface i when none is given: vnetI */
char *vc_qemu_tap_name(const struct vc_domain *def, size_t i);

/* the whole command line: emulator first, NULL-terminated.  rundir is
 * where the sockets go.  NULL + error for what QEMU cannot express. */
char **vc_qemu_argv(const struct vc_domain *def, const char *emulator,
                    const char *rundir);
/* the same, with fds[i] the open macvtap of interface i (type='direct');
 * without fds such an interface shows fd=-1 */
char **vc_qemu_argv_fds(const struct vc_domain *def, const char *emulator,
                        const char *rundir, const int *fds);
void vc_qemu_argv_free(char **argv);

/* pieces hotplug shares with the command line */
/* the unit number a target name means: vda 0, vdb 1, sdaa 26; -1 none */
int vc_qemu_disk_index(const char *dev);
/* the QEMU device of an <interface> model (NULL: rtl8139); NULL unknown */
const char *vc_qemu_nic_device(const char *model);
/* PCI bus 0 of the machine: pci.0, or pcie.0 for q35 */
const char *vc_qemu_rootbus(const struct vc_domain *def);

#endif
