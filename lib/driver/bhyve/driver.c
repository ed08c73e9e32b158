/* driver.c: bhyve:///system: guests kept in the local store, run through
 * FreeBSD's own tools: taps made and bridged with ifconfig, the loader
 * (bhyveload, grub-bhyve), bhyve daemonised by daemon(8) with its pid
 * recorded, the VM destroyed with bhyvectl; every command through vc_exec */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bhyve.h"
#include "conf/dev_net.h"

#define PID_WAIT_MS 5000

static char *
run_path(struct vc_conn *c, const char *name, const char *ext)
{
	return vc_asprintf("%s/%s.%s", c->rundir, name, ext);
}

static int
run0(const char *const argv[], char **out)
{
	return vc_exec_ok(argv, out) < 0 ? -1 : 0;
}

/* keep the first error while undoing */
struct saved { char *msg; };
static void save_err(struct saved *s) { s->msg = vc_strdup(vc_errmsg() ? vc_errmsg() : ""); }
static void restore_err(struct saved *s) { vc_err("%s", s->msg); free(s->msg); }

static void
taps_destroy(struct vc_domain *d)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		struct vc_iface *n = d->dev[VC_DEV_INTERFACE][i];
		const char *argv[] = {"ifconfig", n->target_dev, "destroy", NULL};

		if (!n->target_dev || strncmp(n->target_dev, "tap", 3))
			continue;
		if (run0(argv, NULL) < 0)
			fprintf(stderr, "%s: %s: %s\n", d->name, n->target_dev, vc_errmsg());
	}
}

static void
vm_destroy(const char *name)
{
	char *vm = vc_asprintf("--vm=%s", name);
	const char *argv[] = {"bhyvectl", "--destroy", vm, NULL};

	run0(argv, NULL);
	free(vm);
}

/* a tap for each interface, added to its bridge and up; its name goes
 * into the live config.  -1: the ones made so far are destroyed */
static int
taps_create(struct vc_domain *d)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		struct vc_iface *n = d->dev[VC_DEV_INTERFACE][i];
		const char *mk[] = {"ifconfig", "tap", "create", NULL};
		char *out = NULL;

		if (n->type != VC_IFACE_BRIDGE || !n->source_bridge)
			goto fail_msg;
		if (run0(mk, &out) < 0)
			goto fail;
		if (vc_dry_run()) {
			free(out);
			out = vc_asprintf("tap%zu", i);
		}
		out[strcspn(out, "\n")] = '\0';
		if (strncmp(out, "tap", 3) || !out[3]) {
			vc_err("ifconfig tap create answered '%s', not a tap", out);
			free(out);
			goto fail;
		}
		free(n->target_dev);
		n->target_dev = out;
		{
			const char *add[] = {"ifconfig", n->source_bridge, "addm", out, NULL};
			const char *up[] = {"ifconfig", out, "up", NULL};

			if (run0(add, NULL) < 0 || run0(up, NULL) < 0) {
				i++;
				goto fail;
			}
		}
	}
	return 0;
fail_msg:
	vc_err("interface %zu: bhyve's NICs are taps on a bridge (type='bridge')", i);
fail:
	{
		struct saved s;
		size_t j;

		save_err(&s);
		for (j = 0; j < i && j < d->ndev[VC_DEV_INTERFACE]; j++) {
			struct vc_iface *n = d->dev[VC_DEV_INTERFACE][j];
			const char *argv[] = {"ifconfig", n->target_dev, "destroy", NULL};

			if (n->target_dev && !strncmp(n->target_dev, "tap", 3))
				run0(argv, NULL);
		}
		restore_err(&s);
	}
	return -1;
}

static long
read_pid(const char *path)
{
	unsigned long long end = vc_now_ms() + PID_WAIT_MS;
	long long v;

	for (;;) {
		char *s = vc_file_line(path);

		if (s && vc_parse_ll(s, 2, 4194304, &v) == 0) {
			free(s);
			return (long)v;
		}
		free(s);
		vc_err_clear();
		if (vc_now_ms() >= end)
			return vc_err("%s: no pid written by daemon", path);
		usleep(20 * 1000);
	}
}

static int
alive(long pid)
{
	char path[64], *st;
	int r;

	if (pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno == ESRCH))
		return 0;
	/* a zombie has finished */
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	st = vc_file_line(path);
	vc_err_clear();
	r = !(st && strstr(st, ") Z "));
	free(st);
	return r;
}

static int
b_check(struct vc_conn *c, const struct vc_domain *def)
{
	struct vc_bhyve_opts o = {0};
	struct vc_bhyve_cmd cmd;

	(void)c;
	if (def->type != VC_VIRT_BHYVE)
		return vc_err("%s: domain type '%s' is not supported by the bhyve driver (bhyve)",
		    def->name, vc_virt_type_names[def->type]);
	/* what bhyve cannot run is refused at define, not at start */
	if (vc_bhyve_build(def, &o, &cmd) < 0)
		return -1;
	vc_bhyve_cmd_clear(&cmd);
	return 0;
}

static int
b_start(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	struct vc_bhyve_opts o = {0};
	struct vc_bhyve_cmd cmd = {0};
	char *devmap = run_path(c, def->name, "devmap"), *pidf = run_path(c, def->name, "pid");
	char *logf = run_path(c, def->name, "log");
	char **taps = NULL;
	const char **dargv = NULL;
	size_t i, n;
	long pid;
	int vm = 0;
	struct saved s;

	if (!vc_dry_run() && vc_mkdir_p(c->rundir, 0700) < 0)
		goto fail;
	if (taps_create(def) < 0)
		goto fail;
	taps = vc_calloc(def->ndev[VC_DEV_INTERFACE] + 1, sizeof(char *));
	for (i = 0; i < def->ndev[VC_DEV_INTERFACE]; i++)
		taps[i] = ((struct vc_iface *)def->dev[VC_DEV_INTERFACE][i])->target_dev;
	o.taps = taps;
	o.devmap_path = devmap;
	if (vc_bhyve_build(def, &o, &cmd) < 0)
		goto fail_taps;
	if (cmd.devmap && !vc_dry_run() && vc_file_replace(devmap, cmd.devmap, strlen(cmd.devmap), 0600) < 0)
		goto fail_taps;
	vm = 1;     /* from here the loader or bhyve may have made the VM */
	if (cmd.loader && run0((const char *const *)cmd.loader, NULL) < 0)
		goto fail_taps;
	unlink(pidf);
	for (n = 0; cmd.bhyve[n]; n++)
		;
	dargv = vc_calloc(n + 6, sizeof(char *));
	dargv[0] = "daemon";
	dargv[1] = "-p";
	dargv[2] = pidf;
	dargv[3] = "-o";
	dargv[4] = logf;
	for (i = 0; i < n; i++)
		dargv[5 + i] = cmd.bhyve[i];
	if (run0(dargv, NULL) < 0)
		goto fail_taps;
	if (vc_dry_run())
		goto done;
	if ((pid = read_pid(pidf)) < 0)
		goto fail_taps;
	if ((l->id = vc_store_next_id(c, def->name)) < 0) {
		kill((pid_t)pid, SIGKILL);
		goto fail_taps;
	}
	l->state = VC_STATE_RUNNING;
	l->pid = pid;
	l->start_ms = vc_now_ms();
	l->cpu_ms = 0;
	def->id = l->id;
	if (vc_store_save_live(c, def, l) < 0) {
		kill((pid_t)pid, SIGKILL);
		goto fail_taps;
	}
done:
	free(dargv);
	free(taps);
	vc_bhyve_cmd_clear(&cmd);
	free(devmap);
	free(pidf);
	free(logf);
	return 0;
fail_taps:
	save_err(&s);
	if (vm)
		vm_destroy(def->name);
	taps_destroy(def);
	restore_err(&s);
fail:
	if (!vc_dry_run()) {
		unlink(devmap);
		unlink(pidf);
	}
	vc_err_prefix("%s: start", def->name);
	free(dargv);
	free(taps);
	vc_bhyve_cmd_clear(&cmd);
	free(devmap);
	free(pidf);
	free(logf);
	return -1;
}

/* bhyve has exited: the VM, the taps, the files */
static void
cleanup(struct vc_conn *c, struct vc_domain *def)
{
	char *p;

	vm_destroy(def->name);
	vc_err_clear();
	taps_destroy(def);
	p = run_path(c, def->name, "devmap");
	unlink(p);
	free(p);
	p = run_path(c, def->name, "pid");
	unlink(p);
	free(p);
}

static int
wait_gone(long pid, int ms)
{
	unsigned long long end = vc_now_ms() + (unsigned long long)ms;

	while (alive(pid)) {
		if (vc_now_ms() >= end)
			return 0;
		usleep(50 * 1000);
	}
	return 1;
}

static int
b_destroy(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	char *vm = vc_asprintf("--vm=%s", def->name);
	const char *argv[] = {"bhyvectl", "--destroy", vm, NULL};
	int r = run0(argv, NULL);

	free(vm);
	if (vc_dry_run())
		return r;
	/* the VM is gone, so bhyve exits; make sure */
	if (!wait_gone(l->pid, 3000)) {
		kill((pid_t)l->pid, SIGKILL);
		wait_gone(l->pid, 3000);
	}
	vc_err_clear();
	taps_destroy(def);
	{
		char *p = run_path(c, def->name, "devmap");
		unlink(p);
		free(p);
		p = run_path(c, def->name, "pid");
		unlink(p);
		free(p);
	}
	return vc_store_remove_live(c, def->name);
}

static int
b_shutdown(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int timeout)
{
	/* SIGTERM is bhyve's ACPI power button */
	char pid[24];
	const char *argv[] = {"kill", "-TERM", pid, NULL};

	snprintf(pid, sizeof(pid), "%ld", l->pid);
	if (run0(argv, NULL) < 0)
		return -1;
	if (vc_dry_run())
		return 0;
	if (timeout < 0) {
		l->state = VC_STATE_SHUTDOWN;
		return vc_store_save_live(c, def, l);
	}
	if (wait_gone(l->pid, timeout * 1000)) {
		cleanup(c, def);
		return vc_store_remove_live(c, def->name);
	}
	return b_destroy(c, def, l);
}

static int
b_poll(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	char *pidf;
	int done;

	if (vc_dry_run() || !def)
		return 0;
	if (alive(l->pid))
		return 0;
	/* polled again under the lock: what the first poll cleaned up is gone */
	pidf = run_path(c, def->name, "pid");
	done = !vc_exists(pidf);
	free(pidf);
	if (!done)
		cleanup(c, def);
	return 1;
}

const struct vc_driver vc_bhyve_driver = {
	.name = "bhyve",
	.start = b_start,
	.shutdown = b_shutdown,
	.destroy = b_destroy,
	.poll = b_poll,
	.check = b_check,
};
