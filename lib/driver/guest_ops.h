/* guest_ops.h: what users reach for in virsh beside the lifecycle:
 * statistics, resizing, save/restore, keys and screenshots, snapshots.
 * The rules every driver shares (locks, live vs config, changed or
 * unchanged) are in stats_ops.c and change_ops.c; a driver answers the
 * parts only it can through struct vc_guest_ops (driver->guest).  An op
 * left NULL is "unsupported by the DRIVER driver". */
#ifndef VC_DRIVER_GUEST_OPS_H
#define VC_DRIVER_GUEST_OPS_H

#include <stdio.h>

struct vc_conn;
struct vc_live;

/* ---- statistics (virsh domstats and its one-guest cousins) ---- */

/* stat groups, as virsh domstats names them */
enum {
	VC_STATS_STATE = 1, VC_STATS_CPU = 2, VC_STATS_BALLOON = 4,
	VC_STATS_VCPU = 8, VC_STATS_NET = 16, VC_STATS_BLOCK = 32,
	VC_STATS_ALL = 63,
};

struct vc_blkstat {
	char *dev, *path;            /* target dev; source (NULL: empty drive) */
	char *type, *device;         /* file/block/..., disk/cdrom/... */
	char *format;                /* raw, qcow2, ... (NULL: not said) */
	int has_io;                  /* the counters below are known */
	unsigned long long rd_reqs, rd_bytes, wr_reqs, wr_bytes, fl_reqs;
	unsigned long long rd_ns, wr_ns, fl_ns;
	int has_size;
	unsigned long long capacity, allocation;
};

struct vc_ifstat {
	char *name;                  /* target dev (NULL: none, e.g. user) */
	char *type, *source, *model;
	char mac[18];
	int has_io;
	unsigned long long rx_bytes, rx_pkts, rx_errs, rx_drop;
	unsigned long long tx_bytes, tx_pkts, tx_errs, tx_drop;
};

struct vc_vcpustat {
	int state;                   /* 1 running, 0 offline */
	int cpu;                     /* host cpu it last ran on, -1 unknown */
	unsigned long long time_ns;
	long thread;                 /* host thread id, 0 none */
};

struct vc_domstats {
	char *name;
	int state, active;
	unsigned long long cpu_ns;   /* cpu.time */
	int has_cpu_split;
	unsigned long long user_ns, system_ns;
	unsigned long long mem_max_kib, mem_cur_kib;  /* balloon.maximum/current */
	int has_rss;
	unsigned long long rss_kib;
	int balloon;                 /* a balloon device: 1, none: 0 */
	unsigned vcpu_max, vcpu_cur;
	struct vc_vcpustat *vcpu;    /* vcpu_cur entries when active */
	size_t nvcpu;
	struct vc_ifstat *net;
	size_t nnet;
	struct vc_blkstat *blk;
	size_t nblk;
};

/* which guests vc_dom_stats takes when no names are given */
enum {
	VC_STATS_LIST_ACTIVE = 1, VC_STATS_LIST_INACTIVE = 2,
	VC_STATS_LIST_RUNNING = 4, VC_STATS_LIST_PAUSED = 8, VC_STATS_LIST_SHUTOFF = 16,
	VC_STATS_LIST_OTHER = 32,
};

/* Statistics of the guests keys[0..nkeys) (names or uuids), or of every
 * guest that `list` selects (0: all) when nkeys is 0, in one pass: one
 * directory read, the stored configs read without building the model,
 * one driver call per active guest.  *out has *n entries. */
int vc_dom_stats(struct vc_conn *c, char *const *keys, size_t nkeys, int list,
                 int groups, struct vc_domstats **out, size_t *n);
/* one guest; inactive: its persistent config even when it runs */
int vc_dom_stats1(struct vc_conn *c, const char *key, int groups, int inactive,
                  struct vc_domstats *s);
void vc_domstats_clear(struct vc_domstats *s);
void vc_domstats_free(struct vc_domstats *v, size_t n);
/* virsh domstats text (Domain: 'NAME' then "  key=value" lines), or a
 * JSON array of objects with the same keys (json) */
char *vc_domstats_format(const struct vc_domstats *v, size_t n, int groups, int json);

/* stats_fmt.c: one guest's views, text (tab separated) or JSON */
/* virsh domblklist: target, source ([--details]: type, device first) */
char *vc_domstats_blklist(const struct vc_domstats *s, int details, int json);
/* virsh domiflist: interface, type, source, model, mac */
char *vc_domstats_iflist(const struct vc_domstats *s, int json);
/* virsh dommemstat: actual, available, rss (KiB) */
char *vc_domstats_memstat(const struct vc_domstats *s, int json);
/* virsh vcpuinfo: VCPU, CPU, State, CPU time blocks */
char *vc_domstats_vcpuinfo(const struct vc_domstats *s, int json);

/* ---- snapshots (virsh snapshot-*): snapshot_ops.c ----
 * Metadata lives beside the guest's config: confdir/snapshot/GUEST/SNAP.xml
 * (libvirt's domainsnapshot format with the guest's config inside) and
 * confdir/snapshot/GUEST/current, written atomically under the guest's
 * lock.  The driver does the disks and memory. */

enum { VC_SNAP_DEFAULT, VC_SNAP_NO, VC_SNAP_INTERNAL, VC_SNAP_EXTERNAL };
extern const char *const vc_snap_how_names[];

struct vc_snapdisk {
	char *name;                  /* target dev (vda) */
	int how;                     /* VC_SNAP_* */
	char *file;                  /* external: the new overlay */
	char *path;                  /* the disk's source when taken */
	int raw;                     /* the disk's format is not qcow2 */
};

struct vc_snapshot {
	char *name, *description, *parent;
	char *state;                 /* running, paused, shutoff, disk-snapshot */
	unsigned long long ctime;    /* seconds since the epoch */
	int memory;                  /* VC_SNAP_NO, _INTERNAL, _EXTERNAL */
	char *memfile;
	struct vc_snapdisk *disk;
	size_t ndisk;
	char *domain;                /* the guest's config then (XML) */
	int current;
};

enum { VC_SNAP_DISK_ONLY = 1, VC_SNAP_CHECK = 2, VC_SNAP_CHILDREN = 4,
       VC_SNAP_METADATA = 8 };

/* take a snapshot of guest key: xml (NULL: none) in domainsnapshot
 * format, name/desc override or stand in; *name_out: its name */
int vc_snapshot_create(struct vc_conn *c, const char *key, const char *xml, size_t len,
                       const char *name, const char *desc, int flags, char **name_out);
/* the guest's snapshots, oldest first */
int vc_snapshot_list(struct vc_conn *c, const char *key, struct vc_snapshot **out, size_t *n);
void vc_snapshot_clear(struct vc_snapshot *s);
void vc_snapshot_free(struct vc_snapshot *v, size_t n);
char *vc_snapshot_xml(struct vc_conn *c, const char *key, const char *snap);
/* 1 changed, -1 + vc_err */
int vc_snapshot_revert(struct vc_conn *c, const char *key, const char *snap, int flags);
/* 1 changed, 0 unchanged (--if-exists), -1 */
int vc_snapshot_delete(struct vc_conn *c, const char *key, const char *snap, int flags);

/* ---- what a driver's emulator offers (virsh domcapabilities): domcaps.c ---- */

/* what was asked; NULL: the driver's default */
struct vc_domcaps_req {
	const char *virttype, *emulator, *arch, *machine;
};
/* an <enum name='NAME'> of values (NULL-terminated; NULL: none) */
struct vc_dc_enum {
	const char *name;
	const char *const *values;
};
/* a <devices> or <features> child: supported, then its enums */
struct vc_dc_elem {
	const char *name;
	int supported;
	struct vc_dc_enum e[6];
};
/* libvirt's domainCapabilities, in its order; the driver fills it in */
struct vc_domcaps {
	char *path, *domain, *machine, *arch;
	unsigned vcpu_max;
	int iothreads;
	const char *const *firmware;         /* os firmware= auto-selection */
	int loader;
	char **loader_values;                /* firmware files found, NULL-terminated */
	struct vc_dc_enum loader_enum[3];    /* type, readonly, secure */
	int cpu_passthrough, cpu_maximum, cpu_host_model, cpu_custom;
	char **cpu_models;                   /* custom: "NAME VENDOR CANONICAL|-", NULL-terminated */
	int memory_backing;
	const char *const *memory_source;
	struct vc_dc_elem devices[12], features[8];
};
/* the XML for r, from the driver's domcaps op; NULL + vc_err */
char *vc_dom_capabilities(struct vc_conn *c, const struct vc_domcaps_req *r);

/* ---- keys and screenshots (virsh send-key, screenshot): screen_ops.c ---- */

/* codesets, as virsh names them (vc_keycode_set_names) */
enum { VC_KEYSET_LINUX, VC_KEYSET_XT, VC_KEYSET_ATSET1, VC_KEYSET_ATSET2,
       VC_KEYSET_ATSET3, VC_KEYSET_OSX, VC_KEYSET_XT_KBD, VC_KEYSET_USB,
       VC_KEYSET_WIN32, VC_KEYSET_RFB, VC_KEYSET_QNUM };
extern const char *const vc_keycode_set_names[];
#define VC_SENDKEY_MAX 16       /* keys pressed together, as libvirt allows */
/* keycodes.c: the codeset named name, -1 if none */
int vc_keycode_set(const char *name);
/* a key in set (a number, or a KEY_ name in linux) -> its linux code */
int vc_keycode_parse(int set, const char *s, unsigned *lin);
/* KEY_ name and QEMU qnum of a linux code (NULL, 0: not in the table) */
const char *vc_keycode_name(unsigned lin);
unsigned vc_keycode_qnum(unsigned lin);

/* press keys[0..n) of set together on a running guest, hold them
 * holdtime ms (0: the hypervisor's default), release; -1 + vc_err */
int vc_dom_sendkey(struct vc_conn *c, const char *key, int set, unsigned holdtime,
                   char *const *keys, size_t n);
/* the guest's screen (head screen, counted over its video devices) as a
 * PPM in file (NULL: NAME-YYYY-MM-DD-HH:MM:SS.ppm here, as virsh);
 * *file_out: the file written */
int vc_dom_screenshot(struct vc_conn *c, const char *key, unsigned screen,
                      const char *file, char **file_out);

/* ---- changes (virsh setmem, setmaxmem, setvcpus): change_ops.c ----
 * affect: VC_AFFECT_LIVE and/or VC_AFFECT_CONFIG, 0 for current (the
 * running guest when it runs, else its config).  1 changed, 0 unchanged,
 * -1 + vc_err; check: the answer without the change. */
/* the balloon's target, KiB: at most the guest's <memory> */
int vc_dom_setmem(struct vc_conn *c, const char *key, unsigned long long kib,
                  int affect, int check);
/* <memory>, KiB: the config only (a running guest's is fixed); a
 * <currentMemory> above it comes down with it */
int vc_dom_setmaxmem(struct vc_conn *c, const char *key, unsigned long long kib,
                     int affect, int check);
/* vCPUs online; maximum: the config's <vcpu> count instead */
int vc_dom_setvcpus(struct vc_conn *c, const char *key, unsigned n, int affect,
                    int maximum, int check);

/* ---- save and restore (virsh save, restore, managedsave,
 * managedsave-remove): save_ops.c ----
 * An image is a text header, the guest's live config (XML) and the
 * driver's stream (QEMU: its migration stream), written to FILE.tmp.PID
 * and renamed into place only when whole: restore needs nothing but the
 * file.  A managed save image is statedir/save/NAME.save; vdom-start
 * restores from it and removes it. */
enum { VC_SAVE_CHECK = 1, VC_SAVE_RUNNING = 2, VC_SAVE_PAUSED = 4 };

/* save the running or paused guest key to file and stop it; RUNNING or
 * PAUSED: the state a restore brings it back in (default: as it was) */
int vc_dom_save(struct vc_conn *c, const char *key, const char *file, int flags);
/* start the guest an image holds (as transient, unless it is defined);
 * *name_out (if non-NULL) gets its name */
int vc_dom_restore(struct vc_conn *c, const char *file, int flags, char **name_out);
/* save to the guest's managed save image */
int vc_dom_managedsave(struct vc_conn *c, const char *key, int flags);
/* 1 removed, 0 there was none, -1 */
int vc_dom_managedsave_remove(struct vc_conn *c, const char *key, int check);
/* statedir/save/NAME.save */
char *vc_save_managed_path(struct vc_conn *c, const char *name);
/* 1 the guest has a managed save image, 0 not */
int vc_dom_has_managedsave(struct vc_conn *c, const char *name);
/* vc_dom_op's start, with the lock held: restore from the managed save
 * image if there is one.  0 none (boot), 1 restored, -1 error */
int vc_save_managed_start(struct vc_conn *c, const char *name, struct vc_live *l, int check);

/* ---- rename (virsh domrename): save_ops.c ----
 * An inactive persistent guest gets a new name: its config is rewritten
 * under the old file name, then renamed (the commit point: a config is
 * read under its file's name).  Refuses a running guest, a taken name, a
 * guest with snapshots or a managed save image. */
int vc_dom_rename(struct vc_conn *c, const char *key, const char *newname, int check);

/* ---- the driver's part ---- */

struct vc_guest_ops {
	/* counters of an active guest: s arrives filled from its live config
	 * (name, state, cpu from the live record, memory, vcpus, blk[] and
	 * net[] with their names); fill in what the hypervisor knows */
	int (*stats)(struct vc_conn *c, const char *name, const struct vc_live *l,
	             int groups, struct vc_domstats *s);
	/* snapshots, with the guest's lock held; l is NULL for a guest that
	 * is shut off.  create: s says what to take (memory, disks[] how and
	 * files), refuse before changing anything.  revert: bring disks (and,
	 * when s has memory, the running guest) back to s; def is the
	 * snapshot's config.  delete: drop what create made on disk. */
	int (*snap_create)(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
	                   struct vc_snapshot *s);
	int (*snap_revert)(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
	                   const struct vc_snapshot *s);
	int (*snap_delete)(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
	                   const struct vc_snapshot *s);
	/* what the driver's emulator offers guests for r (virsh
	 * domcapabilities): fill in d (the strings malloc'd), or refuse r */
	int (*domcaps)(struct vc_conn *c, const struct vc_domcaps_req *r, struct vc_domcaps *d);
	/* a running guest's keyboard and screen, with its lock held.
	 * screenshot: video device dev (index in live), head head, as a PPM
	 * in path (a new empty file the caller owns); sendkey: keys[] are
	 * linux codes */
	int (*screenshot)(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
	                  size_t dev, unsigned head, const char *path);
	int (*sendkey)(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
	               const unsigned *keys, size_t n, unsigned holdtime);
	/* changes to a running guest, with its lock held; live is its live
	 * config, still as it was (the caller updates and saves it after a
	 * success).  setmem: the balloon's target; setvcpus: n online */
	int (*setmem)(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
	              unsigned long long kib);
	int (*setvcpus)(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
	                unsigned n);
	/* save: append the running guest's state to fd (open for writing at
	 * the end of the image) and leave the guest stopped but there: the
	 * caller renames the image into place, then destroys the guest (or
	 * resumes it, if the image could not be kept).  restore: start def
	 * from the stream in fd (positioned at it, len bytes), paused when
	 * paused is set, filling in l as start does. */
	int (*save)(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int fd);
	int (*restore)(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int fd,
	               unsigned long long len, int paused);
};

extern const struct vc_guest_ops vc_test_guest_ops;
extern const struct vc_guest_ops vc_qemu_guest_ops;

#endif
