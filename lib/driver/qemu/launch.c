/* launch.c: start, watch and stop QEMU guests with no daemon: pid file, QMP socket, live record */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "driver/hostdev/hostdev.h"
#include "conf/dev_net.h"
#include "driver/pool.h"
#include "driver/qemu/argv.h"
#include "driver/qemu/process.h"
#include "driver/qemu/qmp.h"
#include "driver/qemu/qemu.h"
#include "driver/qemu/guest.h"

#define QMP_OPEN_MS   10000     /* QEMU answers in ~20 ms; a loaded host is slower */
#define QMP_CMD_MS    5000
#define TERM_MS       3000      /* SIGTERM, then SIGKILL */
#define FAIL_WAIT_MS  2000      /* a failing QEMU writes its error, then exits */

static unsigned long long
realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

/* cleanup must not replace the error that made us clean up */
struct saved_err {
	char *msg;
	enum vc_errkind kind;
};

static void
err_save(struct saved_err *s)
{
	s->msg = vc_strdup(vc_errmsg() ? vc_errmsg() : "");
	s->kind = vc_errkind_get();
}

static void
err_restore(struct saved_err *s)
{
	vc_err_kind(s->kind == VC_ERR_NONE ? VC_ERR_FAIL : s->kind, "%s", s->msg);
	free(s->msg);
}

int
vc_qemu_kvm_check(const char *name)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return vc_err("%s: domain type 'kvm' needs /dev/kvm, which cannot be opened "
		    "(%s); use type 'qemu' for TCG", name, strerror(errno));
	close(fd);
	return 0;
}

static void
fds_close(int *fds, size_t n)
{
	size_t i;

	for (i = 0; fds && i < n; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
}

/* a tap this driver makes for interface i (and so removes) */
static int
own_tap(const struct vc_iface *i)
{
	if (i->type == VC_IFACE_BRIDGE || i->type == VC_IFACE_NETWORK)
		return 1;
	return i->type == VC_IFACE_ETHERNET && i->target_managed != VC_TRI_NO;
}

/* The taps made for a run are listed in RUNDIR/NAME.taps, one a line,
 * written as each is made: the live XML cannot say (generated vnetN
 * names are dropped when it is read back, as libvirt does). */
static void
list_release(struct vc_conn *c, const char *name, const char *ext, int (*del)(const char *))
{
	char *p = vc_qemu_path(c->rundir, name, ext), *s, *line, *save = NULL;

	if ((s = vc_file_read(p, NULL))) {
		for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (del(line) < 0)
				vc_err_clear();         /* best effort: the guest is gone */
		free(s);
	}
	unlink(p);
	vc_err_clear();
	free(p);
}

static void
taps_release(struct vc_conn *c, const char *name)
{
	list_release(c, name, VC_QEMU_TAPS, vc_tap_delete);
	list_release(c, name, VC_QEMU_MACVTAPS, vc_macvtap_delete);
}

/* type='direct': a macvtap on the source dev, its fd for QEMU */
static int
macvtap_prepare(struct vc_conn *c, struct vc_domain *d, struct vc_iface *f, size_t i,
                struct vc_buf *list, int *fd)
{
	char *p = vc_qemu_path(c->rundir, d->name, VC_QEMU_MACVTAPS), made[16];
	int r = -1;

	if (vc_macvtap_create(f->source_dev, f->target_dev, f->has_mac ? f->mac : NULL,
	    f->source_mode, made, fd) < 0) {
		vc_err_prefix("interface %zu", i);
		goto out;
	}
	vc_buf_printf(list, "%s\n", made);
	if (vc_file_write_atomic(p, list->s, list->len, 0600) < 0) {
		close(*fd);
		*fd = -1;
		vc_macvtap_delete(made);
		goto out;
	}
	if (!f->target_dev)
		f->target_dev = vc_strdup(made);
	r = 0;
out:
	free(p);
	return r;
}

static int
taps_prepare(struct vc_conn *c, struct vc_domain *d, int *fds)
{
	char *p = vc_qemu_path(c->rundir, d->name, VC_QEMU_TAPS);
	struct vc_buf list = { 0 }, mlist = { 0 };
	struct saved_err e;
	char *br = NULL;
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];
		char made[16];

		/* the bridge a tap joins: its own, or its network's (VF pool
		 * interfaces became type='hostdev' in the hostdev manager) */
		free(br);
		br = f->type == VC_IFACE_BRIDGE && f->source_bridge ?
		    vc_strdup(f->source_bridge) : NULL;
		if (f->type == VC_IFACE_NETWORK && vc_netport_bridge(c, f, &br) < 0) {
			vc_err_prefix("interface %zu", i);
			goto fail;
		}
		if (f->type == VC_IFACE_DIRECT) {
			if (macvtap_prepare(c, d, f, i, &mlist, &fds[i]) < 0)
				goto fail;
			continue;
		}
		if (f->type == VC_IFACE_ETHERNET && f->target_managed == VC_TRI_NO) {
			if (!f->target_dev) {
				vc_err("interface %zu: managed='no' needs a <target dev>", i);
				goto fail;
			}
			continue;       /* the user's own tap */
		}
		if (!own_tap(f))
			continue;
		if (vc_tap_create(f->target_dev ? f->target_dev : "vnet%d",
		    f->has_mac ? f->mac : NULL, made) < 0) {
			vc_err_prefix("interface %zu", i);
			goto fail;
		}
		vc_buf_printf(&list, "%s\n", made);
		if (vc_file_write_atomic(p, list.s, list.len, 0600) < 0) {
			vc_tap_delete(made);
			goto fail;
		}
		if (!f->target_dev)
			f->target_dev = vc_strdup(made);
		if (br && vc_tap_bridge(made, br) < 0) {
			vc_err_prefix("interface %zu", i);
			goto fail;
		}
	}
	free(br);
	vc_buf_free(&list);
	vc_buf_free(&mlist);
	free(p);
	return 0;
fail:
	free(br);
	err_save(&e);
	fds_close(fds, d->ndev[VC_DEV_INTERFACE]);
	taps_release(c, d->name);
	err_restore(&e);
	vc_buf_free(&list);
	vc_buf_free(&mlist);
	free(p);
	return -1;
}

/* the files of a run that must not outlive it (the logs stay) */
static void
files_remove(struct vc_conn *c, const char *name)
{
	static const char *const ext[] = { VC_QEMU_QMP, VC_QEMU_PID, VC_QEMU_CONSOCK,
	    VC_QEMU_DEVIDS, NULL };
	size_t i, nl = strlen(name), el;
	struct dirent *e;
	char *p;
	DIR *dir;

	for (i = 0; ext[i]; i++) {
		p = vc_qemu_path(c->rundir, name, ext[i]);
		unlink(p);
		free(p);
	}
	/* other sockets: NAME.serial1.sock, NAME.channel0.sock */
	if (!(dir = opendir(c->rundir)))
		return;
	while ((e = readdir(dir))) {
		el = strlen(e->d_name);
		if (el > nl + 6 && strncmp(e->d_name, name, nl) == 0 && e->d_name[nl] == '.' &&
		    strcmp(e->d_name + el - 5, ".sock") == 0) {
			p = vc_asprintf("%s/%s", c->rundir, e->d_name);
			unlink(p);
			free(p);
		}
	}
	closedir(dir);
}

static void
release(struct vc_conn *c, const struct vc_domain *d, const char *name)
{
	struct saved_err e;

	(void)d;
	taps_release(c, name);
	/* host devices go back to the host: VF MAC/VLAN, original driver */
	err_save(&e);
	if (vc_hostdev_release_domain(c, name) < 0)
		vc_err_clear();
	err_restore(&e);
	vc_qemu_cgroup_remove(c, name);
	files_remove(c, name);
}

/* the guest's process: pid from the live record, start time from the pid file */
static void
proc_of(struct vc_conn *c, const char *name, const struct vc_live *l, pid_t *pid,
        unsigned long long *start)
{
	char *p = vc_qemu_path(c->rundir, name, VC_QEMU_PID);
	pid_t fp;

	*pid = (pid_t)l->pid;
	*start = 0;
	if (vc_pidfile_read(p, &fp, start) < 0 || fp != *pid) {
		*start = 0;
		vc_err_clear();
	}
	free(p);
}

/* -incoming defer for a restore; its console log goes on where the
 * saved run's ended */
static int
incoming_argv(struct vc_conn *c, const struct vc_domain *def, char ***argv)
{
	char *con = vc_qemu_path(c->rundir, def->name, VC_QEMU_CONSOLE), *at, *s;
	size_t n;

	for (n = 0; (*argv)[n]; n++) {
		s = (*argv)[n];
		if (strstr(s, con) && (at = strstr(s, ",logappend=off"))) {
			(*argv)[n] = vc_asprintf("%.*s,logappend=on%s", (int)(at - s), s,
			    at + strlen(",logappend=off"));
			free(s);
		}
	}
	free(con);
	*argv = vc_realloc(*argv, (n + 3) * sizeof(**argv));
	(*argv)[n] = vc_strdup("-incoming");
	(*argv)[n + 1] = vc_strdup("defer");
	(*argv)[n + 2] = NULL;
	return 0;
}

int
vc_qemu_start(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	return vc_qemu_start_from(c, def, l, -1, 0);
}

int
vc_qemu_start_from(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int infd,
                   int paused)
{
	char *emu = NULL, *qmp, *pidf, *log, **argv = NULL, *conf;
	struct vc_proc p = { .pid = -1 };
	struct vc_qmp *q = NULL;
	struct saved_err e;
	int n, id, spawned = 0, r = -1, *fds, *keep;
	size_t i, nf = def->ndev[VC_DEV_INTERFACE], nk = 0;

	fds = vc_malloc((nf + 1) * sizeof(*fds));
	keep = vc_malloc((nf + 1) * sizeof(*keep));
	for (i = 0; i < nf; i++)
		fds[i] = -1;
	qmp = vc_qemu_path(c->rundir, def->name, VC_QEMU_QMP);
	pidf = vc_qemu_path(c->rundir, def->name, VC_QEMU_PID);
	log = vc_qemu_path(c->rundir, def->name, VC_QEMU_LOG);
	if (!(emu = vc_qemu_emulator(def, 1)))
		goto out;
	if (vc_mkdir_p(c->rundir, 0755) < 0)
		goto out;
	if (def->type == VC_VIRT_KVM && vc_qemu_kvm_check(def->name) < 0)
		goto out;
	if ((n = vc_qemu_assign_pci(def)) < 0)
		goto out;
	conf = vc_store_conf_path(c, def->name);
	if (n > 0 && vc_exists(conf) && vc_store_save_conf(c, def, NULL) < 0) {
		free(conf);
		goto out;
	}
	free(conf);
	/* the guest is not active (the caller checked): what is here is stale */
	taps_release(c, def->name);
	files_remove(c, def->name);
	/* VFs and PCI devices first: the registry refuses a device another
	 * guest holds before anything else is made */
	if (vc_hostdev_prepare_domain(c, def) < 0)
		goto fail_taps;
	if (taps_prepare(c, def, fds) < 0) {
		err_save(&e);
		vc_hostdev_release_domain(c, def->name);
		err_restore(&e);
		goto fail_taps;
	}
	if (!(argv = vc_qemu_argv_fds(def, emu, c->rundir, fds)) || vc_qemu_runas(c, &argv) < 0 ||
	    (infd >= 0 && incoming_argv(c, def, &argv) < 0))
		goto fail;
	for (i = 0; i < nf; i++)
		if (fds[i] >= 0)
			keep[nk++] = fds[i];
	if (vc_proc_spawn_fds(&p, argv, log, keep, nk) < 0)
		goto fail;
	spawned = 1;
	fds_close(fds, nf);     /* QEMU holds them now */
	if (vc_pidfile_write(pidf, p.pid, p.start) < 0)
		goto fail;
	/* confined while still paused (-S), before it runs a single insn */
	if (vc_qemu_cgroup_add(c, def, (long)p.pid) < 0)
		goto fail;
	if (!(q = vc_qmp_open(qmp, p.pid, QMP_OPEN_MS)))
		goto fail;
	vc_qmp_set_timeout(q, QMP_CMD_MS);
	/* a restore: the saved state comes in while the guest waits (-S) */
	if (infd >= 0 && vc_qemu_migrate_in(q, def->name, infd) < 0)
		goto fail;
	if (!paused && vc_qmp_cont(q) < 0)
		goto fail;
	if ((id = vc_store_next_id(c, def->name)) < 0)
		goto fail;
	def->id = id;
	vc_live_clear(l);
	l->state = paused ? VC_STATE_PAUSED : VC_STATE_RUNNING;
	l->id = id;
	l->pid = p.pid;
	l->start_ms = paused ? 0 : realtime_ms();
	l->monitor = vc_strdup(qmp);
	if (vc_qemu_devids_init(c, def) < 0 || vc_store_save_live(c, def, l) < 0)
		goto fail;
	r = 0;
	goto out;
fail:
	err_save(&e);
	/* QEMU's own words when it died: "qemu-system-x86_64: ...: bad option" */
	if (spawned && !vc_proc_alive(p.pid, p.start) && vc_proc_fail(&p, FAIL_WAIT_MS) < 0) {
		free(e.msg);
		err_save(&e);
	}
	if (spawned)
		vc_proc_kill(p.pid, p.start, TERM_MS);
	vc_store_remove_live(c, def->name);
	taps_release(c, def->name);
	vc_hostdev_release_domain(c, def->name);
	vc_qemu_cgroup_remove(c, def->name);
	files_remove(c, def->name);
	err_restore(&e);
	vc_err_prefix("%s: start", def->name);
	goto out;
fail_taps:
	vc_err_prefix("%s: start", def->name);
out:
	fds_close(fds, nf);
	free(fds);
	free(keep);
	vc_qmp_close(q);
	vc_proc_free(&p);
	vc_qemu_argv_free(argv);
	free(emu);
	free(qmp);
	free(pidf);
	free(log);
	return r;
}

static struct vc_qmp *monitor(struct vc_conn *c, const struct vc_domain *def,
                              const struct vc_live *l);

/* The record says paused or in shutdown: ask QEMU what it is now (one
 * short QMP exchange; running guests are not asked).  A guest that
 * powered off under on_poweroff='preserve' stays, paused, as libvirt
 * keeps it.  Only the answer in l changes: whoever holds the lock saves. */
static void
poll_status(struct vc_conn *c, const struct vc_domain *def, struct vc_live *l)
{
	struct vc_qmp *q;
	char st[32];
	int r;

	if (!(q = monitor(c, def, l))) {
		vc_err_clear();
		return;
	}
	r = vc_qmp_query_status(q, st, sizeof(st));
	vc_qmp_close(q);
	if (r < 0) {
		vc_err_clear();
		return;
	}
	if (strcmp(st, "guest-panicked") == 0)
		l->state = VC_STATE_CRASHED;
	else if (r == 0)
		l->state = VC_STATE_PAUSED;
	else if (l->state == VC_STATE_PAUSED) {
		l->state = VC_STATE_RUNNING;
		l->start_ms = realtime_ms();
	}
	/* running and "in shutdown": the request is still pending */
}

int
vc_qemu_poll(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	unsigned long long start;
	const char *name;
	pid_t pid;

	if (!def)       /* a record without its live XML: only the pid is known */
		return vc_proc_alive((pid_t)l->pid, 0) ? 0 : 1;
	name = def->name;
	proc_of(c, name, l, &pid, &start);
	if (vc_proc_alive(pid, start)) {
		if (l->state == VC_STATE_PAUSED || l->state == VC_STATE_SHUTDOWN)
			poll_status(c, def, l);
		return 0;
	}
	release(c, def, name);
	return 1;
}

static int
stop_and_forget(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int term_ms)
{
	unsigned long long start;
	pid_t pid;

	proc_of(c, def->name, l, &pid, &start);
	if (vc_proc_kill(pid, start, term_ms) < 0)
		return -1;
	release(c, def, def->name);
	return vc_store_remove_live(c, def->name);
}

int
vc_qemu_destroy(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	return stop_and_forget(c, def, l, TERM_MS);
}

static struct vc_qmp *
monitor(struct vc_conn *c, const struct vc_domain *def, const struct vc_live *l)
{
	char *p = l->monitor ? vc_strdup(l->monitor) : vc_qemu_path(c->rundir, def->name, VC_QEMU_QMP);
	struct vc_qmp *q = vc_qmp_open(p, (pid_t)l->pid, QMP_CMD_MS);

	free(p);
	if (!q) {
		vc_err_prefix("%s: monitor", def->name);
		return NULL;
	}
	vc_qmp_set_timeout(q, QMP_CMD_MS);
	return q;
}

static void stop_clock(struct vc_live *l);

int
vc_qemu_shutdown(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int timeout)
{
	unsigned long long start;
	struct vc_qmp *q;
	pid_t pid;
	int r;

	if (!(q = monitor(c, def, l)))
		return -1;
	r = vc_qmp_system_powerdown(q);
	vc_qmp_close(q);
	if (r < 0)
		return r;
	if (timeout < 0) {
		/* asked; a later tool run notices it went.  Until then the
		 * guest is "in shutdown", and asking again changes nothing */
		stop_clock(l);
		l->state = VC_STATE_SHUTDOWN;
		return vc_store_save_live(c, def, l);
	}
	proc_of(c, def->name, l, &pid, &start);
	if (vc_proc_wait(pid, start, timeout * 1000)) {
		release(c, def, def->name);
		return vc_store_remove_live(c, def->name);
	}
	/* the guest did not listen within the timeout */
	return stop_and_forget(c, def, l, TERM_MS);
}

static void
stop_clock(struct vc_live *l)
{
	unsigned long long now = realtime_ms();

	if (l->state == VC_STATE_RUNNING && l->start_ms && now > l->start_ms)
		l->cpu_ms += now - l->start_ms;
	l->start_ms = 0;
}

static int
qmp_simple(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int (*fn)(struct vc_qmp *))
{
	struct vc_qmp *q;
	int r;

	if (!(q = monitor(c, def, l)))
		return -1;
	r = fn(q);
	vc_qmp_close(q);
	if (r < 0)
		vc_err_prefix("%s", def->name);
	return r;
}

int
vc_qemu_reboot(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	return qmp_simple(c, def, l, vc_qmp_system_reset);
}

/* the reset button: system_reset, as virsh reset asks it */
int
vc_qemu_reset(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	return qmp_simple(c, def, l, vc_qmp_system_reset);
}

int
vc_qemu_suspend(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	if (qmp_simple(c, def, l, vc_qmp_stop) < 0)
		return -1;
	stop_clock(l);
	l->state = VC_STATE_PAUSED;
	return vc_store_save_live(c, def, l);
}

int
vc_qemu_resume(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	if (qmp_simple(c, def, l, vc_qmp_cont) < 0)
		return -1;
	l->state = VC_STATE_RUNNING;
	l->start_ms = realtime_ms();
	return vc_store_save_live(c, def, l);
}
