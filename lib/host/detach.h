/* detach.h: detach/reattach/reset of host devices, capabilities, the simulated kernel hook */
#ifndef VC_HOST_DETACH_H
#define VC_HOST_DETACH_H

/* ---- detach.c ---- */

/* The kernel's part of a sysfs write. On a real host (and under the test
 * suite's LD_PRELOAD shim) the kernel answers by itself and no hook is set.
 * The test driver's simulated host has no kernel: it sets a hook that is
 * told of every write detach.c makes (rel: the attribute below the root,
 * val: what was written) right after it, and plays the kernel's part.
 * Returns 0, or -1 with errno set as the kernel's write would. */
typedef int (*vc_host_kernel_fn)(const char *rel, const char *val);
void vc_host_set_kernel(vc_host_kernel_fn fn);

/* the proc root: VIRTCORE_PROC_ROOT, else "/proc" (NULL: the environment) */
const char *vc_host_proc(void);
void vc_host_set_proc(const char *dir);

/* canonical "0000:04:00.3" of a PCI node device name or address; -1 with
 * "malformed PCI address", "NAME is not a PCI device", "no PCI device" */
int vc_nodedev_pci_addr(const char *name, char out[16]);

/* why the host itself needs the device (malloc'd reason: "it holds the
 * root file system (sda)", "it carries the default route (eth0)"), or NULL */
char *vc_host_uses(const char *addr);

struct vc_detach_opts {
	const char *driver;     /* "vfio-pci" (NULL) or "pci-stub" */
	int force;              /* even a device the host itself uses */
	int check;              /* say what would happen, change nothing */
};
/* Detach from the host driver: remember the driver under
 * rundir/nodedev/ADDR.orig, unbind, driver_override, drivers_probe.
 * 1 changed, 0 unchanged (already bound to the stub), -1 error. */
int vc_nodedev_detach(const char *rundir, const char *name,
                      const struct vc_detach_opts *o);
/* Give a detached device back to the driver recorded by the detach.
 * 1 changed, 0 unchanged, -1 error ("was never detached": no record). */
int vc_nodedev_reattach(const char *rundir, const char *name, int check);
/* function level reset: 0 done, -1 error */
int vc_nodedev_reset(const char *name);
/* the record: 1 with *orig (malloc'd; "" = was unbound) and *detached
 * (0 once reattached), 0 when there is none, -1 error */
int vc_nodedev_record(const char *rundir, const char *addr, char **orig,
                      int *detached);

/* ---- capabilities.c ---- */
struct vc_caps_opts {
	const char *emulator;   /* qemu binary; NULL: no <guest> */
	int kvm;                /* offer <domain type='kvm'/> */
};
/* libvirt's <capabilities> XML of the host (malloc'd) */
char *vc_host_capabilities(const struct vc_caps_opts *o);
/* the default options: qemu-system-ARCH on PATH, /dev/kvm */
void vc_caps_opts_default(struct vc_caps_opts *o, char **emulator_buf);
/* virsh nodeinfo's fields, as libvirt computes them: sockets per NUMA
 * cell, and when cells x sockets x cores x threads is not the CPU count,
 * one cell of one socket whose cores are the CPUs */
struct vc_nodeinfo {
	char model[72];              /* the architecture, as virsh prints it */
	unsigned cpus, mhz, nodes, sockets, cores, threads;
	unsigned long long memory_kib;
};
void vc_host_nodeinfo(struct vc_nodeinfo *ni);

#endif
