/* qmp_test: the QMP client and process launcher against a real qemu-system-x86_64 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json.h>

#include "util.h"
#include "driver/qemu/process.h"
#include "driver/qemu/qmp.h"

static char dir[] = "/tmp/vc-qmp-test.XXXXXX";
static const char *qemu;
static pid_t pids[16];
static size_t npids;
static int fails, ntest, skipped;

#define CHECK(c) do { if (!(c)) { \
	fprintf(stderr, "%s:%d: FAIL: %s (error: %s)\n", __FILE__, __LINE__, \
	        #c, vc_errmsg() ? vc_errmsg() : "none"); \
	fails++; } } while (0)
/* a failed REQUIRE leaves nothing to test further in this case */
#define REQUIRE(c) do { if (!(c)) { CHECK(0 && #c); return; } } while (0)

static void
cleanup(void)
{
	char cmd[128];
	size_t i;

	for (i = 0; i < npids; i++)
		vc_proc_kill(pids[i], 0, 100);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static char *
path(const char *name)
{
	return vc_asprintf("%s/%s", dir, name);
}

static const char *
findqemu(void)
{
	static char buf[4096];
	const char *p = getenv("PATH"), *e;

	if (getenv("QEMU"))
		return getenv("QEMU");
	for (; p && *p; p = *e ? e + 1 : e) {
		e = strchrnul(p, ':');
		snprintf(buf, sizeof(buf), "%.*s/qemu-system-x86_64", (int)(e - p), p);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

/* start QEMU paused with a QMP socket; extra options before NULL */
static int
launch(struct vc_proc *p, const char *sock, const char *machine, ...)
{
	char *argv[32], *qmp, *log;
	const char *a;
	va_list ap;
	int n = 0, r;

	qmp = vc_asprintf("unix:%s,server=on,wait=off", sock);
	log = path("qemu.log");
	argv[n++] = (char *)qemu;
	argv[n++] = "-accel";
	argv[n++] = "tcg";
	argv[n++] = "-nodefaults";
	argv[n++] = "-display";
	argv[n++] = "none";
	argv[n++] = "-machine";
	argv[n++] = (char *)machine;
	argv[n++] = "-m";
	argv[n++] = "64";
	argv[n++] = "-S";
	argv[n++] = "-qmp";
	argv[n++] = qmp;
	va_start(ap, machine);
	while ((a = va_arg(ap, const char *)) && n < 31)
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	r = vc_proc_spawn(p, argv, log);
	if (r == 0 && npids < VC_NELEM(pids))
		pids[npids++] = p->pid;
	free(qmp);
	free(log);
	return r;
}

static void
test_bad_option(void)
{
	struct vc_proc p;
	struct vc_qmp *q;
	char *sock = path("bad.sock"), *argv[] = { (char *)qemu, "-foo", NULL };
	char *log = path("bad.log");

	/* an earlier run's error must not be taken for this one's */
	CHECK(vc_file_write_atomic(log, "qemu-system-x86_64: old: error\n", 31, 0600) == 0);
	REQUIRE(vc_proc_spawn(&p, argv, log) == 0);
	q = vc_qmp_open(sock, p.pid, 5000);
	CHECK(q == NULL);
	CHECK(vc_proc_fail(&p, 5000) == -1);
	CHECK(vc_errmsg() && strstr(vc_errmsg(), "qemu-system-x86_64: -foo: invalid option"));
	CHECK(vc_errmsg() && !strstr(vc_errmsg(), "old"));
	CHECK(p.status != -1 && WIFEXITED(p.status) && WEXITSTATUS(p.status) == 1);
	CHECK(!vc_proc_alive(p.pid, 0));
	vc_proc_free(&p);
	free(sock);
	free(log);
}

static void
test_missing_binary(void)
{
	struct vc_proc p;
	char *argv[] = { "/nonexistent/qemu-system-x86_64", NULL };
	char *log = path("missing.log");

	CHECK(vc_proc_spawn(&p, argv, log) == -1);
	CHECK(vc_errmsg() && strstr(vc_errmsg(), "/nonexistent/qemu-system-x86_64") &&
	      strstr(vc_errmsg(), "No such file"));
	free(log);
}

static void
test_monitor(void)
{
	struct vc_proc p;
	struct vc_qmp *q;
	struct json_object *args, *r, *ev;
	unsigned long long t0, t1;
	char st[32], *sock = path("mon.sock"), *qlog = path("qmp.log"), *s;
	int maj, min, mic;

	setenv("VIRTCORE_QMP_LOG", qlog, 1);
	t0 = vc_now_ms();
	REQUIRE(launch(&p, sock, "pc", "-device", "qemu-xhci,id=usb", NULL) == 0);
	q = vc_qmp_open(sock, p.pid, 10000);
	t1 = vc_now_ms();
	unsetenv("VIRTCORE_QMP_LOG");
	if (!q)
		vc_proc_fail(&p, 1000);
	REQUIRE(q != NULL);
	printf("qmp_test: exec -> QMP ready (greeting + capabilities): %llu ms\n", t1 - t0);
	vc_qmp_version(q, &maj, &min, &mic);
	CHECK(maj >= 2);

	CHECK(vc_qmp_query_status(q, st, sizeof(st)) == 0);
	CHECK(!strcmp(st, "prelaunch") || !strcmp(st, "paused"));
	CHECK(vc_qmp_cont(q) == 0);
	CHECK(vc_qmp_query_status(q, st, sizeof(st)) == 1 && !strcmp(st, "running"));
	CHECK((ev = vc_qmp_event(q, "RESUME", 1000)) != NULL);
	json_object_put(ev);
	CHECK(vc_qmp_stop(q) == 0);
	CHECK(vc_qmp_query_status(q, st, sizeof(st)) == 0 && !strcmp(st, "paused"));
	CHECK((ev = vc_qmp_event(q, "STOP", 1000)) != NULL);
	json_object_put(ev);

	/* QEMU's own words for errors */
	CHECK(vc_qmp_cmd(q, "no-such-command", NULL, NULL) == -1);
	CHECK(vc_errmsg() && strstr(vc_errmsg(), "no-such-command: The command no-such-command has not been found"));
	CHECK(!strcmp(vc_qmp_errclass(q), "CommandNotFound"));
	CHECK(vc_qmp_device_del(q, "nope", 100) == -1);
	CHECK(vc_errmsg() && strstr(vc_errmsg(), "Device 'nope' not found"));
	CHECK(!strcmp(vc_qmp_errclass(q), "DeviceNotFound"));
	args = json_object_new_object();
	json_object_object_add(args, "driver", json_object_new_string("no-such-device"));
	CHECK(vc_qmp_device_add(q, args) == -1);
	CHECK(vc_errmsg() && strstr(vc_errmsg(), "device_add: 'no-such-device' is not a valid device model name"));
	json_object_put(args);

	/* a reply with arguments; the client still works after errors */
	args = json_object_new_object();
	json_object_object_add(args, "path", json_object_new_string("/machine"));
	CHECK(vc_qmp_cmd(q, "qom-list", args, &r) == 0);
	CHECK(r && json_object_is_type(r, json_type_array) && json_object_array_length(r) > 0);
	json_object_put(r);
	json_object_put(args);

	/* USB unplug needs no guest: DEVICE_DELETED comes at once */
	args = json_object_new_object();
	json_object_object_add(args, "driver", json_object_new_string("usb-tablet"));
	json_object_object_add(args, "id", json_object_new_string("tab0"));
	json_object_object_add(args, "bus", json_object_new_string("usb.0"));
	CHECK(vc_qmp_device_add(q, args) == 0);
	json_object_put(args);
	CHECK(vc_qmp_device_del(q, "tab0", 2000) == 0);
	/* PCI unplug needs the guest's consent: none here, so a timeout */
	args = json_object_new_object();
	json_object_object_add(args, "driver", json_object_new_string("virtio-rng-pci"));
	json_object_object_add(args, "id", json_object_new_string("rng0"));
	CHECK(vc_qmp_device_add(q, args) == 0);
	json_object_put(args);
	CHECK(vc_qmp_device_del(q, "rng0", 300) == -1);
	CHECK(vc_errkind_get() == VC_ERR_TEMP);

	/* POWERDOWN arrives before system_powerdown's reply: queued, not lost */
	CHECK(vc_qmp_system_powerdown(q) == 0);
	CHECK((ev = vc_qmp_event(q, "POWERDOWN", 0)) != NULL);
	json_object_put(ev);
	CHECK(vc_qmp_system_reset(q) == 0);
	CHECK((ev = vc_qmp_event(q, "RESET", 1000)) != NULL);
	json_object_put(ev);

	CHECK(vc_qmp_quit(q) == 0);
	CHECK(vc_proc_wait(p.pid, p.start, 5000) == 1);
	CHECK(!vc_proc_alive(p.pid, 0));
	vc_qmp_close(q);

	/* the exchange log shows what was sent */
	s = vc_file_read(qlog, NULL);
	CHECK(s && strstr(s, "> {\"execute\":\"device_add\",\"arguments\":{\"driver\":\"usb-tablet\",\"id\":\"tab0\",\"bus\":\"usb.0\"}"));
	CHECK(s && strstr(s, "< {\"QMP\":"));
	free(s);
	vc_proc_free(&p);
	free(sock);
	free(qlog);
}

static void
test_kill(void)
{
	struct vc_proc p;
	struct vc_qmp *q;
	unsigned long long start, t0;
	char *sock = path("kill.sock"), *pidf = path("qemu.pid");
	pid_t pid;

	REQUIRE(launch(&p, sock, "none", NULL) == 0);
	q = vc_qmp_open(sock, p.pid, 10000);
	REQUIRE(q != NULL);
	CHECK(p.start > 0);
	CHECK(vc_pidfile_write(pidf, p.pid, p.start) == 0);
	CHECK(vc_pidfile_read(pidf, &pid, &start) == 0);
	CHECK(pid == p.pid && start == p.start);
	CHECK(vc_proc_alive(pid, start));
	/* a pid whose start time differs is someone else's: left alone */
	CHECK(!vc_proc_alive(pid, start + 1));
	CHECK(vc_proc_kill(pid, start + 1, 100) == 0);
	CHECK(vc_proc_alive(pid, start));
	t0 = vc_now_ms();
	CHECK(vc_proc_kill(pid, start, 3000) == 0);
	printf("qmp_test: kill (SIGTERM -> reaped): %llu ms\n", vc_now_ms() - t0);
	CHECK(!vc_proc_alive(pid, 0));
	CHECK(vc_proc_kill(pid, start, 100) == 0);      /* gone: nothing to do */
	vc_qmp_close(q);
	unlink(pidf);
	errno = 0;
	CHECK(vc_pidfile_read(pidf, &pid, &start) == -1 && errno == ENOENT);
	vc_proc_free(&p);
	free(sock);
	free(pidf);
}

/* a QEMU that is not our child (started by an earlier tool run) */
static void
test_kill_nonchild(void)
{
	struct vc_proc p;
	unsigned long long v[2] = { 0, 0 };
	char *sock = path("orphan.sock");
	int fd[2];
	pid_t c;

	REQUIRE(pipe(fd) == 0);
	if ((c = fork()) == 0) {
		if (launch(&p, sock, "none", NULL) == 0) {
			v[0] = (unsigned long long)p.pid;
			v[1] = p.start;
		}
		if (write(fd[1], v, sizeof(v)) != sizeof(v))
			_exit(1);
		_exit(0);       /* no atexit: the QEMU must outlive us */
	}
	close(fd[1]);
	CHECK(read(fd[0], v, sizeof(v)) == sizeof(v));
	close(fd[0]);
	waitpid(c, NULL, 0);
	REQUIRE(v[0] > 0);
	pids[npids++] = (pid_t)v[0];
	CHECK(vc_proc_alive((pid_t)v[0], v[1]));
	CHECK(vc_proc_kill((pid_t)v[0], v[1], 3000) == 0);
	CHECK(!vc_proc_alive((pid_t)v[0], v[1]));
	free(sock);
}

/* The real guest from tests/fixtures/mkguest, when VIRTCORE_GUEST_DIR
 * names its cache: boot to the marker, then ACPI power button. */
static void
test_guest(void)
{
	struct vc_proc p;
	struct vc_qmp *q;
	struct json_object *ev;
	const char *g = getenv("VIRTCORE_GUEST_DIR");
	char *sock = path("guest.sock"), *ser = path("serial.log"), *k, *i, *s;
	char *serarg, *argv[32];
	unsigned long long t0, tup = 0;
	int n = 0, up = 0;

	if (!g || !*g) {
		/* a TAP skip: tests/run counts it (make check sets the variable) */
		printf("ok %d - qmp_test: a guest boots and powers off # skip VIRTCORE_GUEST_DIR unset\n", ++ntest);
		skipped = 1;
		free(sock);
		free(ser);
		return;
	}
	k = vc_asprintf("%s/vmlinuz", g);
	i = vc_asprintf("%s/initrd.img", g);
	serarg = vc_asprintf("file:%s", ser);
	s = vc_asprintf("unix:%s,server=on,wait=off", sock);
	argv[n++] = (char *)qemu;
	argv[n++] = "-accel"; argv[n++] = "tcg";
	argv[n++] = "-nodefaults"; argv[n++] = "-display"; argv[n++] = "none";
	argv[n++] = "-machine"; argv[n++] = "pc";
	argv[n++] = "-m"; argv[n++] = "256";
	argv[n++] = "-kernel"; argv[n++] = k;
	argv[n++] = "-initrd"; argv[n++] = i;
	argv[n++] = "-append"; argv[n++] = "console=ttyS0 quiet";
	argv[n++] = "-serial"; argv[n++] = serarg;
	argv[n++] = "-qmp"; argv[n++] = s;
	argv[n++] = "-no-reboot";
	argv[n] = NULL;
	t0 = vc_now_ms();
	CHECK(vc_proc_spawn(&p, argv, ser) == 0);
	if (p.pid > 0)
		pids[npids++] = p.pid;
	q = p.pid > 0 ? vc_qmp_open(sock, p.pid, 10000) : NULL;
	CHECK(q != NULL);
	while (q && vc_now_ms() - t0 < 60000) {
		char *log = vc_file_read(ser, NULL);

		up = log && strstr(log, "VIRTCORE-GUEST-UP\r\n");
		free(log);
		if (up) {
			tup = vc_now_ms() - t0;
			break;
		}
		usleep(20000);
	}
	CHECK(up);
	if (up) {
		printf("qmp_test: guest exec -> VIRTCORE-GUEST-UP: %llu ms\n", tup);
		/* the marker comes once busybox acpid holds the power button */
		t0 = vc_now_ms();
		CHECK(vc_qmp_system_powerdown(q) == 0);
		ev = vc_qmp_event(q, "SHUTDOWN", 20000);
		CHECK(ev != NULL);
		json_object_put(ev);
		CHECK(vc_proc_wait(p.pid, p.start, 5000) == 1);
		printf("qmp_test: system_powerdown -> QEMU gone: %llu ms\n", vc_now_ms() - t0);
	}
	vc_qmp_close(q);
	vc_proc_kill(p.pid, p.start, 100);
	vc_proc_free(&p);
	free(k);
	free(i);
	free(s);
	free(serarg);
	free(sock);
	free(ser);
}

int
main(void)
{
	if (!(qemu = findqemu())) {
		printf("qmp_test: skip: qemu-system-x86_64 not found\n");
		return 77;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	atexit(cleanup);
	/* TAP, one line a test, so tests/run counts each (and the skip) */
#define RUN(fn, what) do { int f0 = fails; skipped = 0; fn(); if (!skipped) \
		printf("%sok %d - qmp_test: %s\n", fails > f0 ? "not " : "", ++ntest, what); } while (0)
	RUN(test_missing_binary, "a missing binary is an error, not a hang");
	RUN(test_bad_option, "QEMU refusing an option is its message");
	RUN(test_monitor, "the monitor answers and reports events");
	RUN(test_kill, "kill ends a child QEMU");
	RUN(test_kill_nonchild, "kill ends a QEMU that is not our child");
	RUN(test_guest, "a guest boots and powers off");
	if (fails)
		fprintf(stderr, "qmp_test: %d failed\n", fails);
	else
		printf("qmp_test: ok\n");
	return fails ? 1 : 0;
}
