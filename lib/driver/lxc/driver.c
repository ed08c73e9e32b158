/* driver.c: lxc:///system: containers from libvirt's LXC domain XML, run
 * without a daemon.  vdom-start double-forks a supervisor in its own
 * session; it clones the init into new mount, pid, uts, ipc, net and
 * cgroup namespaces inside the container's cgroups, pivots into the
 * <filesystem type='mount'> root, mounts /proc, /sys (ro) and a minimal
 * /dev with its own devpts and a console pty, and execs <init>.  The
 * supervisor logs the console, reaps the init and gives the cgroups
 * back; a later tool run that finds the supervisor dead does it instead.
 * rundir/NAME.sup: "SUPERVISOR-PID SUPERVISOR-START INIT-PID". */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "../../driver.h"
#include "conf/sections.h"
#include "conf/devs_storage.h"
#include "lxc.h"

#define CG_ROOT "/sys/fs/cgroup"
#define START_WAIT_MS 10000
#define REBOOT_WAIT_MS 5000

static const char *const cg_v1[] = {
	"memory", "cpu", "cpuacct", "blkio", "pids", "devices", "freezer", NULL,
};

/* ---- small helpers ---- */

static char *
run_path(struct vc_conn *c, const char *name, const char *ext)
{
	return vc_asprintf("%s/%s.%s", c->rundir, name, ext);
}

/* 1 when the unified hierarchy is mounted at /sys/fs/cgroup */
int
vc_lxc_cg_v2(void)
{
	return access(CG_ROOT "/cgroup.controllers", F_OK) == 0;
}

/* the container's cgroup directory in controller ctl ("" on v2) */
static char *
cg_dir(const char *ctl, const char *name)
{
	if (!*ctl)
		return vc_asprintf(CG_ROOT "/virtcore/lxc-%s", name);
	return vc_asprintf(CG_ROOT "/%s/virtcore/lxc-%s", ctl, name);
}

static int
cg_write(const char *ctl, const char *name, const char *file, const char *val)
{
	char *d = cg_dir(ctl, name), *p = vc_asprintf("%s/%s", d, file);
	int fd = open(p, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		r = vc_err("cgroup %s: %s", p, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(p);
	free(d);
	return r;
}

static char *
cg_read(const char *ctl, const char *name, const char *file)
{
	char *d = cg_dir(ctl, name), *p = vc_asprintf("%s/%s", d, file);
	char *s = vc_file_read(p, NULL);

	free(p);
	free(d);
	if (!s)
		vc_err_clear();
	return s;
}

/* the v1 controllers mounted here (each its own hierarchy, or ctl in a
 * comma-joined one reached by its symlink) */
static int
cg_has(const char *ctl)
{
	char *p = vc_asprintf(CG_ROOT "/%s/cgroup.procs", ctl);
	int r = access(p, F_OK) == 0;

	free(p);
	return r;
}

/* pids of every task in the container's cgroups */
static size_t
cg_pids(const char *name, pid_t *out, size_t max)
{
	const char *ctl = vc_lxc_cg_v2() ? "" : "freezer";
	char *s = cg_read(ctl, name, "cgroup.procs"), *p, *e;
	size_t n = 0;

	if (!s && *ctl) {
		ctl = "memory";
		s = cg_read(ctl, name, "cgroup.procs");
	}
	for (p = s; p && *p && n < max; p = e) {
		long v = strtol(p, &e, 10);
		if (e == p)
			break;
		if (v > 0)
			out[n++] = (pid_t)v;
		while (*e == '\n')
			e++;
	}
	free(s);
	return n;
}

/* kill every task: freeze, SIGKILL, thaw (v1); cgroup.kill (v2) */
static void
cg_kill(const char *name)
{
	pid_t p[4096];
	size_t n, i;
	int v2 = vc_lxc_cg_v2(), frozen = 0;
	char *d;

	if (v2) {
		d = cg_dir("", name);
		char *k = vc_asprintf("%s/cgroup.kill", d);
		free(d);
		if (access(k, F_OK) == 0) {
			free(k);
			cg_write("", name, "cgroup.kill", "1");
			vc_err_clear();
			return;
		}
		free(k);
	} else if (cg_has("freezer") && cg_write("freezer", name, "freezer.state", "FROZEN") == 0)
		frozen = 1;
	vc_err_clear();
	n = cg_pids(name, p, sizeof(p) / sizeof(p[0]));
	for (i = 0; i < n; i++)
		kill(p[i], SIGKILL);
	if (frozen)
		cg_write("freezer", name, "freezer.state", "THAWED");
	vc_err_clear();
}

/* remove the cgroups, killing what is left; wait for tasks to go */
static void
cg_remove(const char *name)
{
	unsigned long long end = vc_now_ms() + 5000;
	size_t i;
	pid_t p[16];

	while (cg_pids(name, p, 16) > 0 && vc_now_ms() < end) {
		cg_kill(name);
		usleep(2000);
	}
	if (vc_lxc_cg_v2()) {
		char *d = cg_dir("", name);
		rmdir(d);
		free(d);
		return;
	}
	for (i = 0; cg_v1[i]; i++) {
		char *d = cg_dir(cg_v1[i], name);
		while (rmdir(d) < 0 && errno == EBUSY && vc_now_ms() < end)
			usleep(2000);
		free(d);
	}
}

/* any of the container's cgroups still there */
int
vc_lxc_cg_exists(const char *name)
{
	size_t i;
	int r = 0;

	if (vc_lxc_cg_v2()) {
		char *d = cg_dir("", name);
		r = vc_exists(d);
		free(d);
		return r;
	}
	for (i = 0; cg_v1[i] && !r; i++) {
		char *d = cg_dir(cg_v1[i], name);
		r = vc_exists(d);
		free(d);
	}
	return r;
}

static int cg_devices(const struct vc_domain *d);

static int
cg_create(const struct vc_domain *d)
{
	struct vc_memtune *mt = d->sect[VC_SECT_MEMTUNE];
	struct vc_cputune *ct = d->sect[VC_SECT_CPUTUNE];
	unsigned long long hard = d->memory;
	char v[64];
	size_t i;

	if (mt && mt->has[VC_MEMTUNE_HARD])
		hard = mt->kib[VC_MEMTUNE_HARD];
	if (vc_lxc_cg_v2()) {
		char *dir = cg_dir("", d->name);
		if (vc_mkdir_p(dir, 0755) < 0) {
			free(dir);
			return -1;
		}
		free(dir);
		/* the controllers are given to virtcore/ by its parent */
		cg_write("", d->name, "../cgroup.subtree_control", "+memory +cpu +pids");
		vc_err_clear();
		if (hard) {
			snprintf(v, sizeof(v), "%llu", hard * 1024);
			if (cg_write("", d->name, "memory.max", v) < 0)
				return -1;
		}
		return 0;
	}
	for (i = 0; cg_v1[i]; i++) {
		char *dir;
		if (!cg_has(cg_v1[i]))
			continue;
		dir = cg_dir(cg_v1[i], d->name);
		if (vc_mkdir_p(dir, 0755) < 0) {
			free(dir);
			return -1;
		}
		free(dir);
	}
	if (hard && cg_has("memory")) {
		snprintf(v, sizeof(v), "%llu", hard * 1024);
		if (cg_write("memory", d->name, "memory.limit_in_bytes", v) < 0)
			return -1;
		if (mt && mt->has[VC_MEMTUNE_SOFT]) {
			snprintf(v, sizeof(v), "%llu", mt->kib[VC_MEMTUNE_SOFT] * 1024);
			cg_write("memory", d->name, "memory.soft_limit_in_bytes", v);
			vc_err_clear();
		}
	}
	if (cg_devices(d) < 0)
		return -1;
	if (ct && cg_has("cpu")) {
		if (ct->has[VC_CPUTUNE_SHARES]) {
			snprintf(v, sizeof(v), "%lld", ct->val[VC_CPUTUNE_SHARES]);
			if (cg_write("cpu", d->name, "cpu.shares", v) < 0)
				return -1;
		}
		if (ct->has[VC_CPUTUNE_PERIOD]) {
			snprintf(v, sizeof(v), "%lld", ct->val[VC_CPUTUNE_PERIOD]);
			if (cg_write("cpu", d->name, "cpu.cfs_period_us", v) < 0)
				return -1;
		}
		if (ct->has[VC_CPUTUNE_QUOTA]) {
			snprintf(v, sizeof(v), "%lld", ct->val[VC_CPUTUNE_QUOTA]);
			if (cg_write("cpu", d->name, "cpu.cfs_quota_us", v) < 0)
				return -1;
		}
	}
	return 0;
}

static int
cg_join(const char *name, pid_t pid)
{
	char v[32];
	size_t i;

	snprintf(v, sizeof(v), "%ld", (long)pid);
	if (vc_lxc_cg_v2())
		return cg_write("", name, "cgroup.procs", v);
	for (i = 0; cg_v1[i]; i++)
		if (cg_has(cg_v1[i]) && cg_write(cg_v1[i], name, "cgroup.procs", v) < 0)
			return -1;
	return 0;
}

/* the minimal /dev the container gets, and its ptys (v1 devices.allow) */
static const char *const dev_allow[] = {
	"c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
	"c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", NULL,
};

/* allow the device node path (ro: no writes) in the devices cgroup */
static int
cg_allow_node(const char *name, const char *path, int ro)
{
	struct stat sb;
	char v[64];

	if (!cg_has("devices") || vc_lxc_cg_v2())
		return 0;
	if (stat(path, &sb) < 0)
		return vc_err("%s: %s", path, strerror(errno));
	if (!S_ISBLK(sb.st_mode) && !S_ISCHR(sb.st_mode))
		return vc_err("%s: not a device", path);
	snprintf(v, sizeof(v), "%c %u:%u %s", S_ISBLK(sb.st_mode) ? 'b' : 'c',
	    major(sb.st_rdev), minor(sb.st_rdev), ro ? "rm" : "rwm");
	return cg_write("devices", name, "devices.allow", v);
}

/* v1: deny all, then the minimal /dev, the block filesystems and the
 * hostdevs (loop devices are added by the supervisor as it attaches them) */
static int
cg_devices(const struct vc_domain *d)
{
	size_t i;

	if (!cg_has("devices") || vc_lxc_cg_v2())
		return 0;
	if (cg_write("devices", d->name, "devices.deny", "a") < 0)
		return -1;
	for (i = 0; dev_allow[i]; i++)
		if (cg_write("devices", d->name, "devices.allow", dev_allow[i]) < 0)
			return -1;
	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++) {
		struct vc_filesystem *f = d->dev[VC_DEV_FILESYSTEM][i];
		if (f->type == VC_FS_BLOCK && cg_allow_node(d->name, f->src_dir, f->readonly) < 0)
			return -1;
	}
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];
		const char *p = h->type == VC_HOSTDEV_CAP_STORAGE ? h->cap_block : h->cap_char;
		if (h->mode == VC_HOSTDEV_CAPS && h->type != VC_HOSTDEV_CAP_NET &&
		    cg_allow_node(d->name, p, h->readonly) < 0)
			return -1;
	}
	return 0;
}

/* start time of pid in clock ticks (field 22 of /proc/PID/stat), 0 if gone */
unsigned long long
vc_lxc_pid_start(long pid)
{
	char path[64], *s, *p;
	unsigned long long v = 0;
	int f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (!(s = vc_file_read(path, NULL))) {
		vc_err_clear();
		return 0;
	}
	if ((p = strrchr(s, ')'))) {
		p += 2;
		if (*p == 'Z' || *p == 'X') {
			free(s);
			return 0;
		}
		for (f = 3; f < 22 && p; f++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		if (p)
			v = strtoull(p, NULL, 10);
	}
	free(s);
	return v;
}

/* the supervisor's record; 1 read, 0 none */
int
vc_lxc_sup_read(struct vc_conn *c, const char *name, long *sup, unsigned long long *st, long *init)
{
	char *p = run_path(c, name, "sup"), *s = vc_file_line(p);
	int r = 0;

	free(p);
	if (s && sscanf(s, "%ld %llu %ld", sup, st, init) == 3)
		r = 1;
	free(s);
	vc_err_clear();
	return r;
}

static int
sup_alive(struct vc_conn *c, const char *name)
{
	long sup, init;
	unsigned long long st;

	if (!vc_lxc_sup_read(c, name, &sup, &st, &init))
		return 0;
	return vc_lxc_pid_start(sup) == st;
}

/* the host ends of the veths, if the namespace's end did not take them */
static void
net_cleanup(struct vc_conn *c, const char *name)
{
	char *p = run_path(c, name, "veth"), *s = vc_file_read(p, NULL);

	if (s)
		vc_lxc_net_delete(s);
	vc_err_clear();
	free(s);
	unlink(p);
	free(p);
}

/* the loop devices of type='file' filesystems the kernel kept */
static void
loop_cleanup(struct vc_conn *c, const char *name)
{
	char *p = run_path(c, name, "loop");

	vc_lxc_loop_release(p);
	free(p);
	/* the image root's mount point (its mount was the container's) */
	p = run_path(c, name, "root");
	rmdir(p);
	free(p);
}

/* ---- the container's init ---- */

struct child_args {
	const struct vc_domain *d;
	const char *root;
	const char *pty;          /* host pty slave: the console */
	char **loopdev;           /* per filesystem: its loop device (type='file') */
	const struct vc_filesystem *rootfs;
	int netns;                /* supervisor: the init's netns, held past it */
	int go;                   /* read end: the supervisor put us in the cgroups */
	int err;                  /* write end, close-on-exec: a failure's message */
};

static void __attribute__((noreturn, format(printf, 2, 3)))
child_fail(int fd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1) < 0)
		_exit(126);
	_exit(127);
}

static int
mkdirs_in(const char *path)
{
	char *p = vc_strdup(path), *s;

	for (s = p + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			mkdir(p, 0755);
			*s = '/';
		}
	mkdir(p, 0755);
	free(p);
	return 0;
}

static void
child_mounts(struct child_args *a)
{
	const struct vc_domain *d = a->d;
	static const struct { const char *n; int maj, min; } devs[] = {
		{"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8},
		{"urandom", 1, 9}, {"tty", 5, 0},
	};
	char p[4096];
	size_t i;
	int fd;

	if (mount("", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		child_fail(a->err, "making / private: %s", strerror(errno));
	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++) {
		/* an image or block device root: mounted where only we see it */
		struct vc_filesystem *f = d->dev[VC_DEV_FILESYSTEM][i];
		if (f != a->rootfs || f->type == VC_FS_MOUNT)
			continue;
		if (vc_lxc_mount_dev(f->type == VC_FS_FILE ? a->loopdev[i] : f->src_dir, a->root,
		    f->readonly ? MS_RDONLY : 0) < 0)
			child_fail(a->err, "root filesystem %s %s: %s", vc_fs_type_names[f->type],
			    f->type == VC_FS_FILE ? f->src_file : f->src_dir, vc_errmsg());
	}
	if (mount(a->root, a->root, NULL, MS_BIND | MS_REC, NULL) < 0)
		child_fail(a->err, "root directory %s: %s", a->root, strerror(errno));
	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++) {
		struct vc_filesystem *f = d->dev[VC_DEV_FILESYSTEM][i];
		if (!f->target_dir || strcmp(f->target_dir, "/") == 0)
			continue;
		snprintf(p, sizeof(p), "%s%s", a->root, f->target_dir);
		if (f->type == VC_FS_MOUNT && f->src_dir) {
			mkdirs_in(p);
			if (mount(f->src_dir, p, NULL, MS_BIND | MS_REC, NULL) < 0)
				child_fail(a->err, "filesystem %s: %s", f->src_dir, strerror(errno));
			if (f->readonly && mount(NULL, p, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC, NULL) < 0)
				child_fail(a->err, "filesystem %s: read-only: %s", f->src_dir, strerror(errno));
		} else if (f->type == VC_FS_RAM) {
			char o[64];
			mkdirs_in(p);
			snprintf(o, sizeof(o), "size=%lluk,mode=0755", f->usage);
			if (mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, o) < 0)
				child_fail(a->err, "filesystem ram %s: %s", f->target_dir, strerror(errno));
		} else if (f->type == VC_FS_FILE || f->type == VC_FS_BLOCK) {
			const char *dev = f->type == VC_FS_FILE ? a->loopdev[i] : f->src_dir;
			mkdirs_in(p);
			if (vc_lxc_mount_dev(dev, p, f->readonly ? MS_RDONLY : 0) < 0)
				child_fail(a->err, "filesystem %s %s: %s", vc_fs_type_names[f->type],
				    f->type == VC_FS_FILE ? f->src_file : f->src_dir, vc_errmsg());
		} else
			child_fail(a->err, "filesystem type '%s' at %s: not supported by the lxc driver yet",
			    vc_fs_type_names[f->type], f->target_dir);
	}
	snprintf(p, sizeof(p), "%s/proc", a->root);
	mkdir(p, 0555);
	if (mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		child_fail(a->err, "mounting /proc: %s", strerror(errno));
	snprintf(p, sizeof(p), "%s/sys", a->root);
	mkdir(p, 0555);
	if (mount("sysfs", p, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) < 0)
		child_fail(a->err, "mounting /sys: %s", strerror(errno));
	snprintf(p, sizeof(p), "%s/dev", a->root);
	mkdir(p, 0755);
	if (mount("devfs", p, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=64k") < 0)
		child_fail(a->err, "mounting /dev: %s", strerror(errno));
	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		snprintf(p, sizeof(p), "%s/dev/%s", a->root, devs[i].n);
		if (mknod(p, S_IFCHR | 0666, makedev(devs[i].maj, devs[i].min)) < 0)
			child_fail(a->err, "/dev/%s: %s", devs[i].n, strerror(errno));
		chmod(p, 0666);
	}
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		/* a host device node at the same path inside */
		struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];
		const char *src = h->type == VC_HOSTDEV_CAP_STORAGE ? h->cap_block : h->cap_char;
		struct stat sb;
		char *sl;

		if (h->mode != VC_HOSTDEV_CAPS || h->type == VC_HOSTDEV_CAP_NET)
			continue;
		if (stat(src, &sb) < 0)
			child_fail(a->err, "hostdev %s: %s", src, strerror(errno));
		snprintf(p, sizeof(p), "%s%s", a->root, src);
		if ((sl = strrchr(p, '/')) && sl != p) {
			*sl = 0;
			mkdirs_in(p);
			*sl = '/';
		}
		unlink(p);
		if (mknod(p, (sb.st_mode & S_IFMT) | (sb.st_mode & 07777), sb.st_rdev) < 0)
			child_fail(a->err, "hostdev %s: %s", src, strerror(errno));
	}
	snprintf(p, sizeof(p), "%s/dev/pts", a->root);
	mkdir(p, 0755);
	if (mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0)
		child_fail(a->err, "mounting /dev/pts: %s", strerror(errno));
	snprintf(p, sizeof(p), "%s/dev/ptmx", a->root);
	if (symlink("pts/ptmx", p) < 0)
		child_fail(a->err, "/dev/ptmx: %s", strerror(errno));
	{
		static const char *const ln[][2] = {
			{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
			{"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
		};
		for (i = 0; i < 4; i++) {
			snprintf(p, sizeof(p), "%s/dev/%s", a->root, ln[i][1]);
			if (symlink(ln[i][0], p) < 0)
				child_fail(a->err, "/dev/%s: %s", ln[i][1], strerror(errno));
		}
	}
	snprintf(p, sizeof(p), "%s/dev/console", a->root);
	if ((fd = open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0600)) < 0)
		child_fail(a->err, "/dev/console: %s", strerror(errno));
	close(fd);
	if (mount(a->pty, p, NULL, MS_BIND, NULL) < 0)
		child_fail(a->err, "/dev/console: %s", strerror(errno));
}

static int
child_main(void *arg)
{
	struct child_args *a = arg;
	const struct vc_domain *d = a->d;
	struct vc_os *os = d->sect[VC_SECT_OS];
	char go, uuid[37], **argv;
	uint64_t drop;
	size_t i;
	int fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (read(a->go, &go, 1) != 1)
		_exit(127);
	close(a->go);
	/* in its cgroups now: they are the root of its cgroup namespace */
	if (unshare(CLONE_NEWCGROUP) < 0)
		child_fail(a->err, "cgroup namespace: %s", strerror(errno));
	/* its network: lo and the ethN the supervisor moved in */
	if (vc_lxc_link_up("lo") < 0)
		child_fail(a->err, "%s", vc_errmsg());
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		char eth[32];
		vc_lxc_guest_name(d, i, eth, sizeof(eth));
		if (vc_lxc_link_up(eth) < 0)
			child_fail(a->err, "interface %zu: %s", i, vc_errmsg());
	}
	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];
		if (h->mode == VC_HOSTDEV_CAPS && h->type == VC_HOSTDEV_CAP_NET &&
		    vc_lxc_link_up(h->cap_interface) < 0)
			child_fail(a->err, "hostdev net: %s", vc_errmsg());
	}
	if (vc_lxc_ip_setup(d) < 0)
		child_fail(a->err, "%s", vc_errmsg());
	child_mounts(a);
	if (chdir(a->root) < 0)
		child_fail(a->err, "root directory %s: %s", a->root, strerror(errno));
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		child_fail(a->err, "pivot_root to %s: %s", a->root, strerror(errno));
	if (umount2(".", MNT_DETACH) < 0)
		child_fail(a->err, "detaching the host's root: %s", strerror(errno));
	if (chdir("/") < 0)
		_exit(127);
	if (sethostname(d->name, strlen(d->name)) < 0)
		child_fail(a->err, "hostname %s: %s", d->name, strerror(errno));
	if (os->initdir && chdir(os->initdir) < 0)
		child_fail(a->err, "initdir %s: %s", os->initdir, strerror(errno));
	/* the console is the init's terminal and stdio */
	setsid();
	if ((fd = open("/dev/console", O_RDWR)) < 0)
		child_fail(a->err, "/dev/console: %s", strerror(errno));
	ioctl(fd, TIOCSCTTY, 0);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	/* the bounding set while still root, the rest after becoming the user */
	drop = vc_lxc_caps_drop(d);
	if (vc_lxc_caps_bound(drop) < 0 || vc_lxc_set_ident(os, "/dev/console") < 0 ||
	    vc_lxc_caps_sets(drop) < 0)
		child_fail(a->err, "%s", vc_errmsg());
	if (access(os->init, X_OK) < 0)
		child_fail(a->err, "init %s: %s", os->init, strerror(errno));
	clearenv();
	setenv("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
	setenv("container", "lxc-libvirt", 1);
	setenv("LIBVIRT_LXC_NAME", d->name, 1);
	vc_uuid_format(d->uuid, uuid);
	setenv("LIBVIRT_LXC_UUID", uuid, 1);
	for (i = 0; i < os->ninitenv; i++)
		setenv(os->initenv[i].name, os->initenv[i].value ? os->initenv[i].value : "", 1);
	argv = vc_calloc(os->ninitargs + 2, sizeof(char *));
	argv[0] = os->init;
	for (i = 0; i < os->ninitargs; i++)
		argv[i + 1] = os->initargs[i];
	execv(os->init, argv);
	child_fail(a->err, "init %s: %s", os->init, strerror(errno));
}

/* ---- the supervisor ---- */

static volatile sig_atomic_t got_chld, got_term;
static void on_chld(int s) { (void)s; got_chld = 1; }
static void on_term(int s) { (void)s; got_term = 1; }

static pid_t spawn(struct vc_conn *c, const struct vc_domain *def, char **bridges, struct child_args *a);
static int sup_record(struct vc_conn *c, const char *name, pid_t init);
static void hostdev_net_back(const struct vc_domain *d, struct child_args *a);

/* a reboot: asked by vdom-reboot (rundir/NAME.reboot), or the init ended
 * by SIGHUP, as reboot(2) in a pid namespace ends it */
static int
want_reboot(struct vc_conn *c, const char *name, int st)
{
	char *p = run_path(c, name, "reboot");
	int r = unlink(p) == 0;

	free(p);
	return r || (WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP);
}

/* the old init's tasks, mounts and interfaces gone, a new one spawned */
static pid_t
reboot_init(struct vc_conn *c, const struct vc_domain *d, char **bridges, struct child_args *a, int log)
{
	unsigned long long end = vc_now_ms() + 5000;
	pid_t p[16], init;

	while (cg_pids(d->name, p, 16) > 0 && vc_now_ms() < end) {
		cg_kill(d->name);
		usleep(2000);
	}
	hostdev_net_back(d, a);
	net_cleanup(c, d->name);
	loop_cleanup(c, d->name);
	vc_err_clear();
	if ((init = spawn(c, d, bridges, a)) < 0 || sup_record(c, d->name, init) < 0) {
		if (log >= 0)
			dprintf(log, "\r\nvirtcore: reboot of %s: %s\r\n", d->name, vc_errmsg());
		if (init > 0) {
			kill(init, SIGKILL);
			waitpid(init, NULL, 0);
		}
		return -1;
	}
	return init;
}

/* reap the init (a new one at a reboot), log the console, give the
 * cgroups back */
static void __attribute__((noreturn))
supervise(struct vc_conn *c, const struct vc_domain *d, char **bridges, struct child_args *a,
    pid_t init, int master)
{
	char *logp = run_path(c, d->name, "console"), *supp = run_path(c, d->name, "sup");
	/* the console of this run (vdom-console --log), kept after it */
	int log = open(logp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), st, fd, stopping = 0;
	struct sigaction sa = {0};

	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		struct pollfd pf = {master, POLLIN, 0};
		char buf[4096];
		ssize_t n;
		pid_t w = waitpid(init, &st, WNOHANG);

		if (w == init || (w < 0 && errno == ECHILD)) {
			if (w == init && !stopping && want_reboot(c, d->name, st) &&
			    (init = reboot_init(c, d, bridges, a, log)) > 0)
				continue;
			break;
		}
		if (got_term) {
			kill(init, SIGKILL);
			got_term = 0;
			stopping = 1;
		}
		if (master >= 0 && poll(&pf, 1, 200) > 0) {
			if (pf.revents & POLLIN) {
				n = read(master, buf, sizeof(buf));
				if (n > 0 && log >= 0 && write(log, buf, (size_t)n) < 0)
					log = -1;
				if (n <= 0 && errno != EAGAIN && errno != EINTR)
					master = -1;
			} else if (pf.revents & (POLLHUP | POLLERR)) {
				/* no one has the console open now: wait */
				usleep(50 * 1000);
			}
		} else if (master < 0)
			usleep(50 * 1000);
	}
	/* what the init wrote just before it ended is still in the pty */
	if (master >= 0 && log >= 0 && fcntl(master, F_SETFL, O_NONBLOCK) == 0) {
		char buf[4096];
		ssize_t n;
		while ((n = read(master, buf, sizeof(buf))) > 0 && write(log, buf, (size_t)n) == n)
			;
	}
	/* the init is gone: so is its pid namespace; give back the rest */
	hostdev_net_back(d, a);
	cg_remove(d->name);
	net_cleanup(c, d->name);
	loop_cleanup(c, d->name);
	vc_err_clear();
	/* record shut off unless a tool holding the lock does it */
	if ((fd = vc_lock_try(c->confdir, d->name)) >= 0) {
		unlink(supp);
		vc_store_remove_live(c, d->name);
		vc_unlock(fd);
	} else
		unlink(supp);
	_exit(0);
}

static int
read_line(int fd, char *buf, size_t n, int ms)
{
	unsigned long long end = vc_now_ms() + (unsigned long long)ms;
	size_t got = 0;

	while (got + 1 < n) {
		struct pollfd pf = {fd, POLLIN, 0};
		long left = (long)(end - vc_now_ms());
		ssize_t r;

		if (left <= 0 || poll(&pf, 1, (int)left) <= 0)
			break;
		if ((r = read(fd, buf + got, n - 1 - got)) <= 0)
			break;
		got += (size_t)r;
		if (memchr(buf, '\n', got))
			break;
	}
	buf[got] = 0;
	return (int)got;
}

/* the filesystem whose target is '/': a directory, an image or a block device */
static const struct vc_filesystem *
root_fs(const struct vc_domain *d)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++) {
		struct vc_filesystem *f = d->dev[VC_DEV_FILESYSTEM][i];
		if (f->target_dir && strcmp(f->target_dir, "/") == 0 &&
		    ((f->type == VC_FS_MOUNT && f->src_dir) || (f->type == VC_FS_FILE && f->src_file) ||
		    (f->type == VC_FS_BLOCK && f->src_dir)))
			return f;
	}
	return NULL;
}

static int
lx_check(struct vc_conn *c, const struct vc_domain *def)
{
	struct vc_os *os = def->sect[VC_SECT_OS];

	(void)c;
	if (def->type != VC_VIRT_LXC)
		return vc_err("%s: domain type '%s' is not supported by the lxc driver (lxc)",
		    def->name, vc_virt_type_names[def->type]);
	if (!os || os->type != VC_OS_EXE || !os->init)
		return vc_err("%s: an lxc container needs <os><type>exe</type><init>", def->name);
	if (!root_fs(def))
		return vc_err("%s: an lxc container needs a <filesystem type='mount'> (or 'file' or 'block') "
		    "with <target dir='/'/>", def->name);
	return 0;
}

const char *
vc_lxc_root(const struct vc_domain *d)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++) {
		struct vc_filesystem *f = d->dev[VC_DEV_FILESYSTEM][i];
		if (f->type == VC_FS_MOUNT && f->src_dir && f->target_dir && strcmp(f->target_dir, "/") == 0)
			return f->src_dir;
	}
	return NULL;
}

/* a loop device for each type='file' filesystem, each recorded in
 * rundir/NAME.loop as it is attached (a kill between leaves the record,
 * or an fd the kernel closes: either way it is freed) */
static int
loops_attach(struct vc_conn *c, const struct vc_domain *d, struct child_args *a, int **fds)
{
	size_t i, nf = d->ndev[VC_DEV_FILESYSTEM];
	char *rec = run_path(c, d->name, "loop");
	struct vc_buf b = {0};
	int r = 0;

	for (i = 0; a->loopdev && i < nf; i++)
		free(a->loopdev[i]);
	free(a->loopdev);
	a->loopdev = vc_calloc(nf + 1, sizeof(char *));
	*fds = vc_calloc(nf + 1, sizeof(int));
	for (i = 0; i < nf; i++) {
		struct vc_filesystem *f = d->dev[VC_DEV_FILESYSTEM][i];
		char dev[64], real[PATH_MAX];

		(*fds)[i] = -1;
		if (f->type != VC_FS_FILE)
			continue;
		if (!realpath(f->src_file, real)) {
			r = vc_err("filesystem file %s: %s", f->src_file, strerror(errno));
			break;
		}
		if (((*fds)[i] = vc_lxc_loop_attach(real, f->readonly, dev, sizeof(dev))) < 0) {
			r = -1;
			break;
		}
		a->loopdev[i] = vc_strdup(dev);
		vc_buf_printf(&b, "%s\t%s\n", dev, real);
		if ((r = vc_file_replace(rec, b.s, b.len, 0600)) < 0 ||
		    (r = cg_allow_node(d->name, dev, f->readonly)) < 0)
			break;
	}
	free(b.s);
	free(rec);
	return r;
}

static void
loops_close(const struct vc_domain *d, struct child_args *a, int *fds)
{
	size_t i;

	for (i = 0; fds && i < d->ndev[VC_DEV_FILESYSTEM]; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
	(void)a;
}

/* the hostdev netdevs back home from the init's netns, which then goes */
static void
hostdev_net_back(const struct vc_domain *d, struct child_args *a)
{
	if (a->netns < 0)
		return;
	vc_lxc_hostdev_net_return(d, a->netns, (size_t)-1);
	close(a->netns);
	a->netns = -1;
}

/* the init in fresh namespaces, in the container's cgroups, with its
 * loop devices and interfaces: its pid, or -1 (+ vc_err) with all of
 * that given back */
static pid_t
spawn(struct vc_conn *c, const struct vc_domain *def, char **bridges, struct child_args *a)
{
	static char stack[256 * 1024] __attribute__((aligned(16)));
	struct vc_buf hosts = {0};
	int go[2], err[2], *lfd = NULL;
	char buf[1100];
	pid_t init;
	ssize_t n;

	a->netns = -1;
	if (loops_attach(c, def, a, &lfd) < 0) {
		loops_close(def, a, lfd);
		goto fail;
	}
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
		vc_err("pipe: %s", strerror(errno));
		loops_close(def, a, lfd);
		goto fail;
	}
	a->go = go[0];
	a->err = err[1];
	init = clone(child_main, stack + sizeof(stack),
	    CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | SIGCHLD, a);
	if (init < 0) {
		vc_err("clone: %s", strerror(errno));
		loops_close(def, a, lfd);
		close(go[0]);
		close(go[1]);
		close(err[0]);
		close(err[1]);
		goto fail;
	}
	close(go[0]);
	close(err[1]);
	{
		char nsp[64];
		snprintf(nsp, sizeof(nsp), "/proc/%ld/ns/net", (long)init);
		if ((a->netns = open(nsp, O_RDONLY | O_CLOEXEC)) < 0) {
			vc_err("%s: %s", nsp, strerror(errno));
			goto fail_init;
		}
	}
	if (cg_join(def->name, init) < 0 || vc_lxc_net_create(def, bridges, init, &hosts) < 0 ||
	    vc_lxc_hostdev_net_move(def, init, a->netns) < 0)
		goto fail_init;
	if (hosts.len) {
		char *vp = run_path(c, def->name, "veth");
		int r = vc_file_replace(vp, hosts.s, hosts.len, 0600);
		free(vp);
		if (r < 0) {
			vc_lxc_net_delete(hosts.s);
			goto fail_init;
		}
	}
	free(hosts.s);
	hosts.s = NULL;
	/* the cgroup namespace: entered once the init is in its cgroups */
	if (write(go[1], "g", 1) != 1) {
		vc_err("init: %s", strerror(errno));
		goto fail_init;
	}
	close(go[1]);
	go[1] = -1;
	n = read(err[0], buf, sizeof(buf) - 1);
	close(err[0]);
	err[0] = -1;
	/* the init's mounts hold the loop devices now (or nothing does) */
	loops_close(def, a, lfd);
	free(lfd);
	lfd = NULL;
	if (n > 0) {
		buf[n] = 0;
		vc_err("%s", buf);
		goto fail_init;
	}
	return init;
fail_init:
	{
		char *m = vc_strdup(vc_errmsg());
		loops_close(def, a, lfd);
		if (go[1] >= 0)
			close(go[1]);
		if (err[0] >= 0)
			close(err[0]);
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		hostdev_net_back(def, a);
		free(hosts.s);
		vc_err("%s", m);
		free(m);
	}
fail:
	{
		char *m = vc_strdup(vc_errmsg());
		net_cleanup(c, def->name);
		loop_cleanup(c, def->name);
		vc_err("%s", m);
		free(m);
	}
	free(lfd);
	return -1;
}

static int
sup_record(struct vc_conn *c, const char *name, pid_t init)
{
	char *supp = run_path(c, name, "sup"), rec[96];
	int l = snprintf(rec, sizeof(rec), "%ld %llu %ld\n", (long)getpid(),
	    vc_lxc_pid_start(getpid()), (long)init), r;

	r = vc_file_replace(supp, rec, (size_t)l, 0600);
	free(supp);
	return r;
}

/* the supervisor's side of a start; never returns */
static void __attribute__((noreturn))
sup_start(struct vc_conn *c, struct vc_domain *def, char **bridges, int status)
{
	static struct child_args a;
	int master, dn;
	char *pty;
	pid_t init;

	/* it speaks through status only: nothing of its own or of the init's
	 * (a sanitizer's note) reaches the tool's terminal */
	if ((dn = open("/dev/null", O_RDWR)) >= 0) {
		dup2(dn, 0);
		dup2(dn, 1);
		dup2(dn, 2);
		if (dn > 2)
			close(dn);
	}
	a.d = def;
	a.rootfs = root_fs(def);
	if (!(a.root = vc_lxc_root(def))) {
		/* rundir/NAME.root: where the image root is mounted, in the
		 * container's mount namespace only */
		char *r = run_path(c, def->name, "root");
		if (mkdir(r, 0700) < 0 && errno != EEXIST) {
			dprintf(status, "E %s: %s\n", r, strerror(errno));
			_exit(1);
		}
		a.root = r;
	}
	if ((master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0 || grantpt(master) < 0 ||
	    unlockpt(master) < 0 || !(pty = ptsname(master))) {
		dprintf(status, "E console pty: %s\n", strerror(errno));
		_exit(1);
	}
	{
		struct termios t;
		int s = open(pty, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (s >= 0 && tcgetattr(s, &t) == 0) {
			cfmakeraw(&t);
			t.c_oflag |= OPOST | ONLCR;
			tcsetattr(s, TCSANOW, &t);
		}
		/* kept open so the master never sees a hangup between users */
		(void)s;
	}
	a.pty = vc_strdup(pty);
	if ((init = spawn(c, def, bridges, &a)) < 0) {
		dprintf(status, "E %s\n", vc_errmsg());
		_exit(1);
	}
	if (sup_record(c, def->name, init) < 0) {
		dprintf(status, "E %s\n", vc_errmsg());
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		_exit(1);
	}
	dprintf(status, "OK %ld\n", (long)init);
	close(status);
	supervise(c, def, bridges, &a, init, master);
}

/* the hostdevs: storage (a block device) and misc (a char device) nodes */
static int
hostdev_check(const struct vc_domain *d)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];
		const char *p = h->type == VC_HOSTDEV_CAP_STORAGE ? h->cap_block : h->cap_char;
		struct stat sb;

		if (h->mode != VC_HOSTDEV_CAPS)
			return vc_err("%s: hostdev %zu: mode '%s' is not supported by the lxc driver (capabilities)",
			    d->name, i, vc_hostdev_mode_names[h->mode]);
		if (h->type == VC_HOSTDEV_CAP_NET) {
			if (!h->cap_interface)
				return vc_err("%s: hostdev %zu: no <source><interface>", d->name, i);
			if (strlen(h->cap_interface) >= IF_NAMESIZE || !if_nametoindex(h->cap_interface))
				return vc_err("%s: hostdev net %s: no such device", d->name, h->cap_interface);
			continue;
		}
		if (!p)
			return vc_err("%s: hostdev %zu: no <source><%s>", d->name, i,
			    h->type == VC_HOSTDEV_CAP_STORAGE ? "block" : "char");
		if (stat(p, &sb) < 0)
			return vc_err("%s: hostdev %s: %s", d->name, p, strerror(errno));
		if (h->type == VC_HOSTDEV_CAP_STORAGE ? !S_ISBLK(sb.st_mode) : !S_ISCHR(sb.st_mode))
			return vc_err("%s: hostdev %s: not a %s device", d->name, p,
			    h->type == VC_HOSTDEV_CAP_STORAGE ? "block" : "character");
	}
	return 0;
}

/* what the filesystems need from the host, before anything is made */
static int
fs_check(const struct vc_domain *d)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_FILESYSTEM]; i++) {
		struct vc_filesystem *f = d->dev[VC_DEV_FILESYSTEM][i];
		const char *src = f->type == VC_FS_FILE ? f->src_file : f->src_dir;
		const char *t = vc_fs_type_names[f->type];
		struct stat sb;

		if (f->type != VC_FS_FILE && f->type != VC_FS_BLOCK)
			continue;
		if (!src)
			return vc_err("%s: filesystem %s at %s: no source", d->name, t,
			    f->target_dir ? f->target_dir : "?");
		if (f->type == VC_FS_FILE && f->driver_type && strcmp(vc_fs_driver_names[f->driver_type], "loop") != 0)
			return vc_err("%s: filesystem file %s: driver type '%s' is not supported by the lxc driver (loop)",
			    d->name, src, vc_fs_driver_names[f->driver_type]);
		if (f->type == VC_FS_FILE && f->driver_format &&
		    strcmp(vc_disk_format_names[f->driver_format], "raw") != 0)
			return vc_err("%s: filesystem file %s: format '%s' is not supported by the lxc driver (raw)",
			    d->name, src, vc_disk_format_names[f->driver_format]);
		if (stat(src, &sb) < 0)
			return vc_err("%s: filesystem %s %s: %s", d->name, t, src, strerror(errno));
		if (f->type == VC_FS_FILE && !S_ISREG(sb.st_mode))
			return vc_err("%s: filesystem file %s: not a regular file", d->name, src);
		if (f->type == VC_FS_BLOCK && !S_ISBLK(sb.st_mode))
			return vc_err("%s: filesystem block %s: not a block device", d->name, src);
		if (f->type == VC_FS_FILE && access("/dev/loop-control", F_OK) < 0)
			return vc_err("%s: filesystem file %s: /dev/loop-control: %s", d->name, src, strerror(errno));
	}
	return 0;
}

static int
lx_start(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	const char *root = vc_lxc_root(def);
	struct vc_os *os = def->sect[VC_SECT_OS];
	struct stat sb;
	int status[2];
	char line[1200];
	pid_t mid;
	long init = 0;
	char **bridges = NULL;

	if (vc_dry_run())
		return 0;
	if (!root_fs(def))
		return vc_err("%s: no root filesystem (target dir='/')", def->name);
	if (!root)
		;       /* an image or a block device: fs_check below */
	else if (stat(root, &sb) < 0)
		return vc_err("%s: root directory %s: %s", def->name, root, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		return vc_err("%s: root directory %s: not a directory", def->name, root);
	if (root) {
		/* the init as the container will see it; symlinks inside the
		 * root are followed there, so only what is plainly missing here */
		char *p = vc_asprintf("%s%s", root, os->init);
		struct stat ib;
		int bad = lstat(p, &ib) < 0 ? errno : 0;
		if (!bad && S_ISREG(ib.st_mode) && !(ib.st_mode & 0111))
			bad = EACCES;
		free(p);
		if (bad)
			return vc_err("%s: init %s: %s", def->name, os->init, strerror(bad));
	}
	if (fs_check(def) < 0 || hostdev_check(def) < 0)
		return -1;
	if (vc_lxc_net_check(c, def, &bridges) < 0) {
		vc_err_prefix("%s", def->name);
		vc_lxc_net_free(bridges, def->ndev[VC_DEV_INTERFACE]);
		return -1;
	}
	if (vc_mkdir_p(c->rundir, 0700) < 0)
		goto fail;
	if (vc_lxc_cg_exists(def->name))
		cg_remove(def->name);
	/* what a run before left: a supervisor killed, a kernel that kept it */
	loop_cleanup(c, def->name);
	if (cg_create(def) < 0)
		goto fail;
	if (pipe2(status, O_CLOEXEC) < 0) {
		vc_err("pipe: %s", strerror(errno));
		goto fail;
	}
	fflush(NULL);
	if ((mid = fork()) < 0) {
		vc_err("fork: %s", strerror(errno));
		close(status[0]);
		close(status[1]);
		goto fail;
	}
	if (mid == 0) {
		pid_t sup;
		close(status[0]);
		/* nothing of the tool's (its locks above all) stays open */
		for (int fd = 3; fd < 4096; fd++)
			if (fd != status[1])
				close(fd);
		setsid();
		if ((sup = fork()) < 0)
			_exit(1);
		if (sup > 0)
			_exit(0);
		sup_start(c, def, bridges, status[1]);
	}
	close(status[1]);
	waitpid(mid, NULL, 0);
	read_line(status[0], line, sizeof(line), START_WAIT_MS);
	close(status[0]);
	line[strcspn(line, "\n")] = 0;
	if (strncmp(line, "OK ", 3) != 0) {
		vc_err("%s", strncmp(line, "E ", 2) == 0 ? line + 2 : "the supervisor did not start");
		goto fail;
	}
	init = strtol(line + 3, NULL, 10);
	if ((l->id = vc_store_next_id(c, def->name)) < 0)
		goto fail_kill;
	l->state = VC_STATE_RUNNING;
	l->pid = init;
	l->start_ms = vc_now_ms();
	l->cpu_ms = 0;
	def->id = l->id;
	if (vc_store_save_live(c, def, l) < 0)
		goto fail_kill;
	vc_lxc_net_free(bridges, def->ndev[VC_DEV_INTERFACE]);
	return 0;
fail_kill:
	{
		long sup, i2;
		unsigned long long st;
		if (vc_lxc_sup_read(c, def->name, &sup, &st, &i2))
			kill((pid_t)sup, SIGKILL);
		kill((pid_t)init, SIGKILL);
	}
fail:
	{
		char *m = vc_strdup(vc_errmsg()), *p = run_path(c, def->name, "sup");
		cg_remove(def->name);
		net_cleanup(c, def->name);
		loop_cleanup(c, def->name);
		unlink(p);
		free(p);
		vc_err("%s: %s", def->name, m);
		free(m);
	}
	vc_lxc_net_free(bridges, def->ndev[VC_DEV_INTERFACE]);
	return -1;
}

/* everything the container held, once its supervisor is gone */
static void
cleanup(struct vc_conn *c, const char *name)
{
	char *p = run_path(c, name, "sup");

	cg_remove(name);
	vc_err_clear();
	net_cleanup(c, name);
	loop_cleanup(c, name);
	unlink(p);
	free(p);
}

static int
wait_sup_gone(struct vc_conn *c, const char *name, int ms)
{
	unsigned long long end = vc_now_ms() + (unsigned long long)ms, st;
	long sup, init;

	if (!vc_lxc_sup_read(c, name, &sup, &st, &init))
		return 1;
	while (vc_lxc_pid_start(sup) == st) {
		if (vc_now_ms() >= end)
			return 0;
		usleep(2000);
	}
	return 1;
}

static int
lx_destroy(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	long sup, init;
	unsigned long long st;

	(void)l;
	if (vc_dry_run())
		return 0;
	cg_kill(def->name);
	if (!wait_sup_gone(c, def->name, 5000) && vc_lxc_sup_read(c, def->name, &sup, &st, &init)) {
		kill((pid_t)sup, SIGKILL);
		wait_sup_gone(c, def->name, 2000);
	}
	cleanup(c, def->name);
	return vc_store_remove_live(c, def->name);
}

/* systemd and sysvinit power off on SIGPWR; others on SIGTERM */
static int
shutdown_signal(const struct vc_domain *def)
{
	struct vc_os *os = def->sect[VC_SECT_OS];
	const char *root = vc_lxc_root(def);
	char *p = root ? vc_asprintf("%s%s", root, os->init) : NULL, t[4096];
	ssize_t n = p ? readlink(p, t, sizeof(t) - 1) : -1;
	const char *b;

	free(p);
	if (n > 0) {
		t[n] = 0;
		b = strrchr(t, '/') ? strrchr(t, '/') + 1 : t;
	} else
		b = strrchr(os->init, '/') ? strrchr(os->init, '/') + 1 : os->init;
	if (strcmp(b, "systemd") == 0 || (strcmp(b, "init") == 0 && n <= 0))
		return SIGPWR;
	return SIGTERM;
}

static int
lx_shutdown(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int timeout)
{
	if (vc_dry_run())
		return 0;
	if (kill((pid_t)l->pid, shutdown_signal(def)) < 0 && errno != ESRCH)
		return vc_err("%s: signalling init %ld: %s", def->name, l->pid, strerror(errno));
	if (timeout < 0) {
		l->state = VC_STATE_SHUTDOWN;
		return vc_store_save_live(c, def, l);
	}
	if (wait_sup_gone(c, def->name, timeout * 1000)) {
		cleanup(c, def->name);
		return vc_store_remove_live(c, def->name);
	}
	return lx_destroy(c, def, l);
}

static int
lx_poll(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	char *s;

	if (vc_dry_run() || !def)
		return 0;
	if (sup_alive(c, def->name)) {
		long sup, init;
		unsigned long long st;
		/* a reboot gave it a new init */
		if (vc_lxc_sup_read(c, def->name, &sup, &st, &init))
			l->pid = init;
		/* cpu time and memory as the cgroup counts them */
		const char *ctl = vc_lxc_cg_v2() ? "" : "cpuacct";
		if ((s = cg_read(ctl, def->name, *ctl ? "cpuacct.usage" : "cpu.stat"))) {
			const char *u = *ctl ? s : strstr(s, "usage_usec ");
			if (u) {
				unsigned long long v = strtoull(*ctl ? u : u + 11, NULL, 10);
				l->cpu_ms = *ctl ? v / 1000000 : v / 1000;
				l->start_ms = 0;
			}
			free(s);
		}
		if ((s = cg_read(vc_lxc_cg_v2() ? "" : "memory", def->name,
		    vc_lxc_cg_v2() ? "memory.current" : "memory.usage_in_bytes"))) {
			l->mem_kib = strtoull(s, NULL, 10) / 1024;
			free(s);
		}
		return 0;
	}
	cleanup(c, def->name);
	return 1;
}

/* restart the init in fresh namespaces: SIGHUP to it (as libvirt), and
 * if it has not ended by itself in a while, every task killed; the
 * supervisor, told by rundir/NAME.reboot, spawns the new one */
static int
lx_reboot(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	char *mark = run_path(c, def->name, "reboot");
	unsigned long long st, end;
	long sup, init, now;
	int r, killed = 0;

	if (vc_dry_run()) {
		free(mark);
		return 0;
	}
	if (!vc_lxc_sup_read(c, def->name, &sup, &st, &init)) {
		free(mark);
		return vc_err("%s: not running", def->name);
	}
	r = vc_file_replace(mark, "", 0, 0600);
	if (r < 0) {
		free(mark);
		return -1;
	}
	if (kill((pid_t)init, SIGHUP) < 0 && errno != ESRCH) {
		unlink(mark);
		free(mark);
		return vc_err("%s: signalling init %ld: %s", def->name, init, strerror(errno));
	}
	end = vc_now_ms() + REBOOT_WAIT_MS;
	for (;;) {
		unsigned long long st2;
		if (vc_lxc_pid_start(sup) != st) {
			unlink(mark);
			free(mark);
			cleanup(c, def->name);
			vc_store_remove_live(c, def->name);
			return vc_err("%s: the container did not come back from its reboot", def->name);
		}
		if (vc_lxc_sup_read(c, def->name, &sup, &st2, &now) && now != init && vc_lxc_pid_start(now))
			break;
		if (vc_now_ms() >= end) {
			if (killed++) {
				unlink(mark);
				free(mark);
				return vc_err("%s: reboot: no new init after %d s", def->name, 2 * REBOOT_WAIT_MS / 1000);
			}
			/* an init that takes no SIGHUP: the hard way */
			cg_kill(def->name);
			end = vc_now_ms() + REBOOT_WAIT_MS;
		}
		usleep(2000);
	}
	free(mark);
	l->pid = now;
	l->start_ms = vc_now_ms();
	return vc_store_save_live(c, def, l);
}

const struct vc_driver vc_lxc_driver = {
	.name = "lxc",
	.start = lx_start,
	.shutdown = lx_shutdown,
	.destroy = lx_destroy,
	.reboot = lx_reboot,
	.poll = lx_poll,
	.check = lx_check,
};
