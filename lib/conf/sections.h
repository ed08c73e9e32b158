/* sections.h: the top-level domain sections (os, features, cpu, clock, tuning) as plain structs */
#ifndef VC_SECTIONS_H
#define VC_SECTIONS_H

#include "conf.h"

/* ---- cpu lists ("0-3,^2,8"): bit arrays, formatted in libvirt's canonical form ---- */
struct vc_bitmap {
	unsigned char *bits;   /* one byte per id, 0/1 */
	size_t n;              /* highest id + 1 */
};
#define VC_BITMAP_MAX 65536
int vc_bitmap_parse(const char *s, struct vc_bitmap *m);   /* -1 with vc_err */
char *vc_bitmap_format(const struct vc_bitmap *m);         /* "" when empty */
int vc_bitmap_isset(const struct vc_bitmap *m, size_t i);
size_t vc_bitmap_count(const struct vc_bitmap *m);
void vc_bitmap_clear(struct vc_bitmap *m);

/* ---- os ---- */
enum vc_os_type { VC_OS_NONE, VC_OS_HVM, VC_OS_XEN, VC_OS_LINUX, VC_OS_EXE, VC_OS_XENPVH };
extern const char *const vc_os_type_names[];
enum vc_boot_dev { VC_BOOT_NONE, VC_BOOT_FD, VC_BOOT_CDROM, VC_BOOT_HD, VC_BOOT_NETWORK };
extern const char *const vc_boot_dev_names[];
#define VC_BOOT_MAX 4
enum vc_firmware { VC_FW_NONE, VC_FW_BIOS, VC_FW_EFI };
extern const char *const vc_firmware_names[];
enum vc_loader_type { VC_LOADER_NONE, VC_LOADER_ROM, VC_LOADER_PFLASH };
extern const char *const vc_loader_type_names[];
enum vc_fw_format { VC_FWFMT_NONE, VC_FWFMT_RAW, VC_FWFMT_QCOW2 };
extern const char *const vc_fw_format_names[];
enum vc_smbios_mode { VC_SMBIOS_NONE, VC_SMBIOS_EMULATE, VC_SMBIOS_HOST, VC_SMBIOS_SYSINFO };
extern const char *const vc_smbios_mode_names[];
enum vc_acpi_table_type { VC_ACPI_TABLE_NONE, VC_ACPI_TABLE_RAW, VC_ACPI_TABLE_RAWSET,
	VC_ACPI_TABLE_SLIC, VC_ACPI_TABLE_MSDM };
extern const char *const vc_acpi_table_type_names[];

struct vc_os_fwfeat { char *name; int enabled; /* VC_TRI_* */ };
struct vc_os_env { char *name, *value; };
struct vc_os_acpi_table { int type; char *path; };

struct vc_os {
	int type;                    /* enum vc_os_type */
	char *arch, *machine;
	int firmware;                /* enum vc_firmware */
	struct vc_os_fwfeat *fwfeat;
	size_t nfwfeat;
	/* loader */
	int has_loader;
	char *loader;                /* path, may be NULL with attributes only */
	int loader_readonly, loader_secure, loader_stateless;   /* VC_TRI_* yes/no */
	int loader_type;             /* enum vc_loader_type */
	int loader_format;           /* enum vc_fw_format */
	/* nvram */
	int has_nvram;
	char *nvram, *nvram_template;
	int nvram_format, nvram_template_format;   /* enum vc_fw_format */
	char *kernel, *initrd, *cmdline, *dtb, *shim, *root;
	/* containers (exe) */
	char *init, *initdir, *inituser, *initgroup;
	char **initargs;
	size_t ninitargs;
	struct vc_os_env *initenv;
	size_t ninitenv;
	struct vc_os_acpi_table *acpi;
	size_t nacpi;
	int boot[VC_BOOT_MAX];       /* enum vc_boot_dev, in order */
	size_t nboot;
	int bootmenu;                /* VC_TRI_* */
	unsigned bootmenu_timeout;
	int has_bootmenu_timeout;
	int smbios_mode;
	int bios_useserial;          /* VC_TRI_* */
	int bios_reboot_timeout;     /* -1 .. 65535 */
	int has_bios_reboot_timeout;
};

/* <idmap> for containers */
struct vc_idmap_ent { unsigned start, target, count; };
struct vc_idmap {
	struct vc_idmap_ent *uid, *gid;
	size_t nuid, ngid;
};

/* <bootloader> and <bootloader_args>: plain strings */
struct vc_text_sect { char *text; };

/* ---- features ---- */
enum vc_feature {
	VC_FEAT_ACPI, VC_FEAT_APIC, VC_FEAT_PAE, VC_FEAT_HAP, VC_FEAT_VIRIDIAN,
	VC_FEAT_PRIVNET, VC_FEAT_HYPERV, VC_FEAT_KVM, VC_FEAT_PVSPINLOCK,
	VC_FEAT_CAPABILITIES, VC_FEAT_PMU, VC_FEAT_VMPORT, VC_FEAT_GIC, VC_FEAT_SMM,
	VC_FEAT_IOAPIC, VC_FEAT_HPT, VC_FEAT_VMCOREINFO, VC_FEAT_HTM,
	VC_FEAT_NESTED_HV, VC_FEAT_MSRS, VC_FEAT_CCF_ASSIST, VC_FEAT_XEN,
	VC_FEAT_CFPC, VC_FEAT_SBBC, VC_FEAT_IBS, VC_FEAT_TCG, VC_FEAT_ASYNC_TEARDOWN,
	VC_FEAT_RAS, VC_FEAT_PS2, VC_FEAT_AIA,
	VC_FEAT_LAST
};
extern const char *const vc_feature_names[];   /* element names, no "" slot */
enum vc_hyperv {
	VC_HV_RELAXED, VC_HV_VAPIC, VC_HV_SPINLOCKS, VC_HV_VPINDEX, VC_HV_RUNTIME,
	VC_HV_SYNIC, VC_HV_STIMER, VC_HV_RESET, VC_HV_VENDOR_ID, VC_HV_FREQUENCIES,
	VC_HV_REENLIGHTENMENT, VC_HV_TLBFLUSH, VC_HV_IPI, VC_HV_EVMCS, VC_HV_AVIC,
	VC_HV_EMSR_BITMAP, VC_HV_XMM_INPUT,
	VC_HV_LAST
};
extern const char *const vc_hyperv_names[];
enum vc_kvmfeat { VC_KVM_HIDDEN, VC_KVM_DEDICATED, VC_KVM_POLLCONTROL, VC_KVM_PVIPI,
	VC_KVM_DIRTY_RING, VC_KVM_LAST };
extern const char *const vc_kvmfeat_names[];
enum vc_xenfeat { VC_XEN_E820_HOST, VC_XEN_PASSTHROUGH, VC_XEN_LAST };
extern const char *const vc_xenfeat_names[];
enum { VC_HV_MODE_NONE, VC_HV_MODE_CUSTOM, VC_HV_MODE_PASSTHROUGH };
extern const char *const vc_hyperv_mode_names[];
enum { VC_GIC_NONE, VC_GIC_2, VC_GIC_3, VC_GIC_HOST };
extern const char *const vc_gic_names[];
#define VC_CAP_LAST 40
extern const char *const vc_capability_names[];   /* "" + VC_CAP_LAST names */

struct vc_features {
	int state[VC_FEAT_LAST];        /* VC_TRI_ABSENT / VC_TRI_YES (on) / VC_TRI_NO (off) */
	int apic_eoi;                   /* VC_TRI_* on/off */
	int hyperv_mode;
	int hyperv[VC_HV_LAST];         /* on/off */
	unsigned hv_spinlocks;          /* retries */
	char *hv_vendor_id;
	int hv_stimer_direct;           /* on/off */
	int hv_tlbflush_direct, hv_tlbflush_extended;
	int kvm[VC_KVM_LAST];
	unsigned kvm_dirty_ring_size;
	int xen[VC_XEN_LAST];
	int xen_passthrough_mode;       /* "", sync_pt, share_pt */
	int gic_version;
	unsigned long long smm_tseg;    /* KiB */
	int has_smm_tseg;
	int ioapic_driver;              /* "", kvm, qemu */
	int hpt_resizing;               /* "", enabled, disabled, required */
	unsigned long long hpt_maxpagesize;  /* KiB */
	int has_hpt_maxpagesize;
	int msrs_unknown;               /* "", ignore, fault */
	int cfpc, sbbc, ibs;            /* value enums */
	unsigned long long tcg_tb_cache;     /* KiB */
	int has_tcg_tb_cache;
	int async_teardown;             /* yes/no in enabled= */
	int aia;
	int cap_policy;                 /* "", default, allow, deny */
	int caps[VC_CAP_LAST + 1];      /* on/off, indexed like vc_capability_names */
};

/* ---- cpu ---- */
enum vc_cpu_mode { VC_CPU_MODE_NONE, VC_CPU_MODE_CUSTOM, VC_CPU_MODE_HOST_MODEL,
	VC_CPU_MODE_HOST_PASSTHROUGH, VC_CPU_MODE_MAXIMUM };
extern const char *const vc_cpu_mode_names[];     /* parse turns absent into custom */
enum vc_cpu_match { VC_CPU_MATCH_NONE, VC_CPU_MATCH_MINIMUM, VC_CPU_MATCH_EXACT, VC_CPU_MATCH_STRICT };
extern const char *const vc_cpu_match_names[];
enum vc_cpu_check { VC_CPU_CHECK_NONE_SET, VC_CPU_CHECK_NONE, VC_CPU_CHECK_PARTIAL, VC_CPU_CHECK_FULL };
extern const char *const vc_cpu_check_names[];
enum vc_cpu_fallback { VC_CPU_FALLBACK_NONE, VC_CPU_FALLBACK_ALLOW, VC_CPU_FALLBACK_FORBID };
extern const char *const vc_cpu_fallback_names[];   /* parse turns absent into allow */
enum vc_cpu_policy { VC_CPU_POLICY_NONE, VC_CPU_POLICY_FORCE, VC_CPU_POLICY_REQUIRE,
	VC_CPU_POLICY_OPTIONAL, VC_CPU_POLICY_DISABLE, VC_CPU_POLICY_FORBID };
extern const char *const vc_cpu_policy_names[];
enum { VC_CPU_CACHE_NONE, VC_CPU_CACHE_EMULATE, VC_CPU_CACHE_PASSTHROUGH, VC_CPU_CACHE_DISABLE };
extern const char *const vc_cpu_cache_mode_names[];
enum { VC_MEMACCESS_NONE, VC_MEMACCESS_SHARED, VC_MEMACCESS_PRIVATE };
extern const char *const vc_memaccess_names[];

struct vc_cpu_feature { char *name; int policy; };
struct vc_numa_sibling { unsigned id, value; };
struct vc_numa_cell {
	unsigned id;
	char *cpus;                     /* canonical list, may be "" */
	unsigned long long memory;      /* KiB */
	int mem_access;
	int discard;                    /* VC_TRI_* yes/no */
	struct vc_numa_sibling *dist;
	size_t ndist;
};
struct vc_cpu {
	int mode;
	int match, check;
	int migratable;                 /* VC_TRI_* on/off */
	char *model;
	int has_model_elem;
	int fallback;
	char *vendor_id, *vendor;
	unsigned sockets, dies, clusters, cores, threads;   /* 0: no <topology> */
	int has_cache;
	int cache_level;                /* -1 when absent */
	int cache_mode;
	int has_maxphysaddr;
	int maxphysaddr_mode;           /* "", emulate, passthrough */
	int maxphysaddr_bits, maxphysaddr_limit;   /* -1 / 0 when absent */
	struct vc_cpu_feature *features;
	size_t nfeatures;
	struct vc_numa_cell *cells;
	size_t ncells;
};

/* <vcpus> individual vcpu states */
struct vc_vcpu_ent { unsigned id, order; int enabled, hotpluggable; int has_order; };
struct vc_vcpus { struct vc_vcpu_ent *v; size_t n; };

/* <iothreads>N</iothreads> */
struct vc_iothreads { unsigned count; };

/* <cputune> */
enum { VC_SCHED_NONE, VC_SCHED_OTHER, VC_SCHED_BATCH, VC_SCHED_IDLE, VC_SCHED_FIFO, VC_SCHED_RR };
extern const char *const vc_sched_names[];
struct vc_sched { unsigned id; int policy; int priority; };
struct vc_pin { unsigned id; char *cpuset; };
struct vc_cachetune_cache { unsigned id, level; int type; unsigned long long bytes; };
struct vc_rdt_monitor { unsigned level; int has_level; char *vcpus; };
struct vc_cachetune {
	char *vcpus, *id;
	struct vc_cachetune_cache *cache;
	size_t ncache;
	struct vc_rdt_monitor *mon;
	size_t nmon;
};
struct vc_memtune_node { unsigned id, bandwidth; };
struct vc_memorytune {
	char *vcpus, *id;
	struct vc_memtune_node *node;
	size_t nnode;
	struct vc_rdt_monitor *mon;
	size_t nmon;
};
enum { VC_CPUTUNE_SHARES, VC_CPUTUNE_PERIOD, VC_CPUTUNE_QUOTA, VC_CPUTUNE_GLOBAL_PERIOD,
	VC_CPUTUNE_GLOBAL_QUOTA, VC_CPUTUNE_EMULATOR_PERIOD, VC_CPUTUNE_EMULATOR_QUOTA,
	VC_CPUTUNE_IOTHREAD_PERIOD, VC_CPUTUNE_IOTHREAD_QUOTA, VC_CPUTUNE_NVAL };
struct vc_cputune {
	long long val[VC_CPUTUNE_NVAL];
	int has[VC_CPUTUNE_NVAL];
	struct vc_pin *vcpupin, *iothreadpin;
	size_t nvcpupin, niothreadpin;
	char *emulatorpin;
	struct vc_sched emulatorsched;   /* policy 0 when absent */
	struct vc_sched *vcpusched, *iothreadsched;   /* sorted by id */
	size_t nvcpusched, niothreadsched;
	struct vc_cachetune *cachetune;
	size_t ncachetune;
	struct vc_memorytune *memorytune;
	size_t nmemorytune;
};

/* ---- clock ---- */
enum vc_clock_offset { VC_CLOCK_NONE, VC_CLOCK_UTC, VC_CLOCK_LOCALTIME, VC_CLOCK_VARIABLE,
	VC_CLOCK_TIMEZONE, VC_CLOCK_ABSOLUTE };
extern const char *const vc_clock_offset_names[];
enum { VC_TIMER_NONE, VC_TIMER_PLATFORM, VC_TIMER_PIT, VC_TIMER_RTC, VC_TIMER_HPET,
	VC_TIMER_TSC, VC_TIMER_KVMCLOCK, VC_TIMER_HYPERVCLOCK, VC_TIMER_ARMVTIMER };
extern const char *const vc_timer_names[];
extern const char *const vc_tickpolicy_names[];  /* delay catchup merge discard */
extern const char *const vc_timer_track_names[]; /* boot guest wall realtime */
extern const char *const vc_timer_mode_names[];  /* auto native emulate paravirt smpsafe */
struct vc_timer {
	int name, present, tickpolicy, track, mode;
	unsigned long long frequency;
	unsigned long catchup_threshold, catchup_slew, catchup_limit;
};
struct vc_clock {
	int offset;
	int basis;                      /* "", utc, localtime (variable) */
	long long adjustment;
	int adjustment_reset;
	char *timezone;
	unsigned long long start;       /* absolute */
	struct vc_timer *timers;
	size_t ntimers;
};

/* ---- pm, perf ---- */
struct vc_pm { int mem, disk; /* VC_TRI_* yes/no */ };
#define VC_PERF_LAST 22
extern const char *const vc_perf_names[];   /* "" + events in libvirt's order */
struct vc_perf { int ev[VC_PERF_LAST + 1]; };

/* ---- tuning ---- */
struct vc_blkio_dev {
	char *path;
	unsigned weight;
	unsigned long long riops, wiops, rbps, wbps;
	int has_weight;
};
struct vc_blkiotune {
	unsigned weight;
	int has_weight;
	struct vc_blkio_dev *dev;
	size_t ndev;
};
enum { VC_MEMTUNE_HARD, VC_MEMTUNE_SOFT, VC_MEMTUNE_MIN, VC_MEMTUNE_SWAP, VC_MEMTUNE_NVAL };
struct vc_memtune {
	unsigned long long kib[VC_MEMTUNE_NVAL];
	int has[VC_MEMTUNE_NVAL];
};
struct vc_hugepage { unsigned long long size; char *nodeset; };  /* KiB */
struct vc_memorybacking {
	int hugepages;                  /* <hugepages> present */
	struct vc_hugepage *pages;
	size_t npages;
	int nosharepages, locked, discard;
	int source;                     /* "", file, anonymous, memfd */
	int access;                     /* "", shared, private */
	int allocation;                 /* "", immediate, ondemand */
	unsigned alloc_threads;
	int has_allocation;
};
enum { VC_NUMA_MODE_NONE, VC_NUMA_MODE_STRICT, VC_NUMA_MODE_PREFERRED,
	VC_NUMA_MODE_INTERLEAVE, VC_NUMA_MODE_RESTRICTIVE };
extern const char *const vc_numa_mode_names[];
struct vc_memnode { unsigned cellid; int mode; char *nodeset; };
struct vc_numatune {
	int has_memory;
	int mode;
	int placement;                  /* "", static, auto */
	char *nodeset;
	struct vc_memnode *memnode;
	size_t nmemnode;
};
struct vc_resource {
	char *partition;
	char *appid;                    /* <fibrechannel appid=> */
};
struct vc_sysinfo_fw { char *name, *value, *file; };
struct vc_sysinfo_board { char *v[7]; };   /* indexed like vc_sysinfo_board_names */
extern const char *const vc_sysinfo_bios_names[];     /* "", vendor version date release */
extern const char *const vc_sysinfo_system_names[];   /* manufacturer product version serial uuid sku family */
extern const char *const vc_sysinfo_board_names[];    /* manufacturer product version serial asset location */
extern const char *const vc_sysinfo_chassis_names[];  /* manufacturer version serial asset sku */
enum { VC_SYSINFO_NONE, VC_SYSINFO_SMBIOS, VC_SYSINFO_FWCFG };
struct vc_sysinfo {
	int type;
	char *bios[5], *system[8], *chassis[6];   /* by name index; NULL when absent */
	struct vc_sysinfo_board *boards;          /* baseBoard may repeat */
	size_t nboards;
	char **oem;                               /* oemStrings entries */
	size_t noem;
	struct vc_sysinfo_fw *fw;                 /* fwcfg entries */
	size_t nfw;
};
struct vc_seclabel {
	char *model;
	int type;                       /* "", dynamic, static, none */
	int relabel;                    /* VC_TRI_* */
	char *label, *imagelabel, *baselabel;
};
struct vc_keywrap { int aes, dea; /* VC_TRI_* on/off */ };
enum { VC_LAUNCH_NONE, VC_LAUNCH_SEV, VC_LAUNCH_SEV_SNP, VC_LAUNCH_S390_PV };
extern const char *const vc_launch_names[];
struct vc_launchsec {
	int type;
	unsigned cbitpos, reduced_phys_bits;
	int has_cbitpos, has_reduced_phys_bits;
	unsigned long long policy;
	int has_policy;
	char *dh_cert, *session;
	int kernel_hashes;              /* VC_TRI_* yes/no */
	/* sev-snp */
	int author_key, vcek;           /* yes/no */
	char *guest_visible_workarounds, *id_block, *id_auth, *host_data;
};

/* the section API (table in devices.c / domain.c) */
#define VC_SECT_DECL(NAME) \
	void *vc_sect_##NAME##_parse(struct vc_x *x, xmlNodePtr n); \
	void vc_sect_##NAME##_format(struct vc_buf *b, int lvl, const void *s); \
	void vc_sect_##NAME##_free(void *s);
VC_SECT_DECL(blkiotune)
VC_SECT_DECL(memtune)
VC_SECT_DECL(memorybacking)
VC_SECT_DECL(vcpus)
VC_SECT_DECL(iothreads)
VC_SECT_DECL(cputune)
VC_SECT_DECL(numatune)
VC_SECT_DECL(resource)
VC_SECT_DECL(sysinfo)
VC_SECT_DECL(bootloader)
VC_SECT_DECL(bootloader_args)
VC_SECT_DECL(os)
VC_SECT_DECL(idmap)
VC_SECT_DECL(features)
VC_SECT_DECL(cpu)
VC_SECT_DECL(clock)
VC_SECT_DECL(pm)
VC_SECT_DECL(perf)
VC_SECT_DECL(seclabel)
VC_SECT_DECL(keywrap)
VC_SECT_DECL(launchsecurity)
#undef VC_SECT_DECL

#endif
