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
void vc_qemu_argv_free(char **argv);

#endif
