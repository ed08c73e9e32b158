/* process.c: launch QEMU from an argv array, name it by pid + start time, kill it safely */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "driver/qemu/process.h"

#define KILL_WAIT_MS 5000       /* after SIGKILL: only D state delays this */
#define LOG_TAIL (64 * 1024)    /* QEMU's error is near the end of the log */

int
vc_proc_stat(pid_t pid, unsigned long long *start, char *state)
{
	char path[64], buf[2048], *p, *tok, *save;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: fields start after the last ')' */
	if (!(p = strrchr(buf, ')')))
		return -1;
	for (i = 3, tok = strtok_r(p + 1, " ", &save); tok;
	     i++, tok = strtok_r(NULL, " ", &save)) {
		if (i == 3 && state)
			*state = tok[0];
		if (i == 22) {
			if (start && vc_parse_ull(tok, 0, ULLONG_MAX, start) < 0)
				return -1;
			return 0;
		}
	}
	return -1;
}

int
vc_proc_alive(pid_t pid, unsigned long long start)
{
	unsigned long long s;
	char st;

	if (pid <= 0 || vc_proc_stat(pid, &s, &st) < 0)
		return 0;
	if (st == 'Z' || st == 'X')
		return 0;
	return !start || s == start;
}

/* reap pid if it is our child; keep its wait status */
static void
reap(pid_t pid, int *status)
{
	int st;

	if (waitpid(pid, &st, WNOHANG) == pid && status)
		*status = st;
}

/* a pidfd for pid when it still is the process started at start: a recycled
 * pid cannot slip in between this check and the signal.  -2: no pidfd support */
static int
pidfd_get(pid_t pid, unsigned long long start)
{
	unsigned long long s;
	int fd;

	if ((fd = pidfd_open(pid, 0)) < 0)
		return errno == ESRCH ? -1 : -2;
	if (vc_proc_stat(pid, &s, NULL) < 0 || (start && s != start)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* wait for the process behind fd (or pid when fd < 0) to end; 1 ended */
static int
wait_end(int fd, pid_t pid, unsigned long long start, int timeout_ms,
         int *status)
{
	struct pollfd pfd;
	unsigned long long end;
	int r;

	if (fd >= 0) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		end = vc_now_ms() + (unsigned)timeout_ms;
		for (;;) {
			r = poll(&pfd, 1, timeout_ms);
			if (r > 0)
				break;
			if (r == 0 || errno != EINTR)
				return 0;
			timeout_ms = end > vc_now_ms() ? (int)(end - vc_now_ms()) : 0;
		}
		reap(pid, status);
		return 1;
	}
	/* no pidfd: poll /proc, 1 ms steps growing to 10 ms */
	end = vc_now_ms() + (unsigned)timeout_ms;
	for (r = 1;; r = r < 10 ? r + 1 : 10) {
		reap(pid, status);
		if (!vc_proc_alive(pid, start))
			return 1;
		if (vc_now_ms() >= end)
			return 0;
		nanosleep(&(struct timespec){ 0, r * 1000000L }, NULL);
	}
}

int
vc_proc_wait(pid_t pid, unsigned long long start, int timeout_ms)
{
	int fd, r;

	if ((fd = pidfd_get(pid, start)) == -1) {
		reap(pid, NULL);
		return 1;
	}
	r = wait_end(fd, pid, start, timeout_ms, NULL);
	if (fd >= 0)
		close(fd);
	return r;
}

static int
sig(int fd, pid_t pid, int signo)
{
	if (fd >= 0)
		return pidfd_send_signal(fd, signo, NULL, 0);
	return kill(pid, signo);
}

int
vc_proc_kill(pid_t pid, unsigned long long start, int timeout_ms)
{
	int fd, r = 0;

	if (pid <= 0)
		return 0;
	if ((fd = pidfd_get(pid, start)) == -1) {
		reap(pid, NULL);
		return 0;       /* gone already, or the pid is no longer ours */
	}
	if (fd == -2 && !vc_proc_alive(pid, start))
		goto reaped;
	if (sig(fd, pid, SIGTERM) < 0 && errno != ESRCH) {
		r = vc_err("kill %d:", (int)pid);
		goto out;
	}
	if (wait_end(fd, pid, start, timeout_ms, NULL))
		goto out;
	if (sig(fd, pid, SIGKILL) < 0 && errno != ESRCH) {
		r = vc_err("kill %d:", (int)pid);
		goto out;
	}
	if (!wait_end(fd, pid, start, KILL_WAIT_MS, NULL))
		r = vc_err_kind(VC_ERR_TEMP, "pid %d still there %d ms after SIGKILL",
		                (int)pid, KILL_WAIT_MS);
	goto out;
reaped:
	reap(pid, NULL);
out:
	if (fd >= 0)
		close(fd);
	return r;
}

/* the command line, at the head of this run's part of the log */
static void
log_head(int fd, char *const argv[])
{
	struct vc_buf b = { 0 };
	char tbuf[32];
	time_t t = time(NULL);
	struct tm tm;
	ssize_t n VC_UNUSED;

	strftime(tbuf, sizeof(tbuf), "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
	vc_buf_printf(&b, "%s: starting:", tbuf);
	for (; *argv; argv++)
		vc_buf_printf(&b, " %s", *argv);
	vc_buf_putc(&b, '\n');
	n = write(fd, b.s, b.len);
	vc_buf_free(&b);
}

/* in the child: a clean slate for QEMU, fds >= 3 closed at exec */
static void
child_setup(int nullfd, int logfd, int *errfd, const int *keep, size_t nkeep)
{
	static const int sigs[] = { SIGPIPE, SIGCHLD, SIGINT, SIGTERM, SIGHUP,
	                            SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM };
	sigset_t none;
	long fd, max;
	size_t i;

	for (i = 0; i < VC_NELEM(sigs); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	/* a caller with 0-2 closed handed us low fds: lift them out of the way */
	if ((*errfd = fcntl(*errfd, F_DUPFD_CLOEXEC, 3)) < 0 ||
	    (nullfd = fcntl(nullfd, F_DUPFD, 3)) < 0 ||
	    (logfd = fcntl(logfd, F_DUPFD, 3)) < 0)
		_exit(127);
	if (dup2(nullfd, 0) < 0 || dup2(logfd, 1) < 0 || dup2(logfd, 2) < 0)
		_exit(127);
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
		max = sysconf(_SC_OPEN_MAX);
		if (max < 0 || max > 65536)
			max = 65536;
		for (fd = 3; fd < max; fd++)
			fcntl((int)fd, F_SETFD, FD_CLOEXEC);
	}
	for (i = 0; i < nkeep; i++)
		if (keep[i] >= 3 && fcntl(keep[i], F_SETFD, 0) < 0)
			_exit(127);
}

int
vc_proc_spawn(struct vc_proc *p, char *const argv[], const char *log)
{
	return vc_proc_spawn_fds(p, argv, log, NULL, 0);
}

int
vc_proc_spawn_fds(struct vc_proc *p, char *const argv[], const char *log,
                  const int *keep, size_t nkeep)
{
	struct stat st;
	int logfd, nullfd = -1, pfd[2] = { -1, -1 }, e;
	ssize_t n;
	pid_t pid;

	memset(p, 0, sizeof(*p));
	p->pid = -1;
	p->status = -1;
	if (!argv || !argv[0])
		return vc_err("spawn: empty argv");
	if ((logfd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) < 0)
		return vc_err("open %s:", log);
	log_head(logfd, argv);
	if (fstat(logfd, &st) < 0) {
		vc_err("stat %s:", log);
		goto fail;
	}
	if ((nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		vc_err("open /dev/null:");
		goto fail;
	}
	/* the child writes errno here when exec fails; exec closes it */
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		vc_err("pipe:");
		goto fail;
	}
	if ((pid = fork()) < 0) {
		vc_err("fork:");
		goto fail;
	}
	if (pid == 0) {
		child_setup(nullfd, logfd, &pfd[1], keep, nkeep);
		if (strchr(argv[0], '/'))
			execv(argv[0], argv);
		else
			execvp(argv[0], argv);
		e = errno;
		n = write(pfd[1], &e, sizeof(e));
		_exit(127);
	}
	close(pfd[1]);
	pfd[1] = -1;
	do
		n = read(pfd[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	if (n == sizeof(e)) {
		waitpid(pid, NULL, 0);
		errno = e;
		vc_err("exec %s:", argv[0]);
		goto fail;
	}
	p->pid = pid;
	p->logoff = st.st_size;
	p->log = vc_strdup(log);
	if (vc_proc_stat(pid, &p->start, NULL) < 0)
		p->start = 0;   /* already reaped by someone else: cannot tell */
	close(pfd[0]);
	close(nullfd);
	close(logfd);
	return 0;
fail:
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	if (nullfd >= 0)
		close(nullfd);
	close(logfd);
	return -1;
}

/* "qemu-system-x86_64: msg" or "/usr/bin/qemu-system-x86_64: msg" */
static int
qemu_line(const char *s, size_t n)
{
	const char *c = memchr(s, ':', n), *b = s, *q;

	if (!c || c + 1 >= s + n || c[1] != ' ')
		return 0;
	for (q = s; q < c; q++) {
		if (*q == ' ')
			return 0;
		if (*q == '/')
			b = q + 1;
	}
	return c - b >= 4 && !strncmp(b, "qemu", 4);
}

char *
vc_proc_log_error(const char *log, off_t off)
{
	char *buf, *s, *e, *best = NULL, *last = NULL;
	size_t bestn = 0, lastn = 0, n;
	struct stat st;
	ssize_t r;
	int fd;

	if ((fd = open(log, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size <= off) {
		close(fd);
		return NULL;
	}
	if (st.st_size - off > LOG_TAIL)
		off = st.st_size - LOG_TAIL;
	n = (size_t)(st.st_size - off);
	buf = vc_malloc(n + 1);
	r = pread(fd, buf, n, off);
	close(fd);
	if (r <= 0) {
		free(buf);
		return NULL;
	}
	buf[r] = '\0';
	for (s = buf; *s; s = *e ? e + 1 : e) {
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		n = (size_t)(e - s);
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
			n--;
		if (!n)
			continue;
		last = s;
		lastn = n;
		if (qemu_line(s, n)) {
			best = s;
			bestn = n;
		}
	}
	if (!best) {
		best = last;
		bestn = lastn;
	}
	s = best ? vc_strndup(best, bestn) : NULL;
	free(buf);
	return s;
}

int
vc_proc_fail(struct vc_proc *p, int wait_ms)
{
	char *line;
	int fd;

	if (p->pid <= 0)
		return -1;
	if (p->status == -1) {
		fd = pidfd_get(p->pid, p->start);
		if (fd == -1)
			reap(p->pid, &p->status);
		else if (!wait_end(fd, p->pid, p->start, wait_ms, &p->status)) {
			if (fd >= 0)
				close(fd);
			return -1;      /* still running: keep the pending error */
		}
		if (fd >= 0)
			close(fd);
	}
	if ((line = vc_proc_log_error(p->log, p->logoff))) {
		vc_err("%s", line);
		free(line);
	} else if (p->status != -1 && WIFSIGNALED(p->status))
		vc_err("QEMU killed by signal %d", WTERMSIG(p->status));
	else if (p->status != -1)
		vc_err("QEMU exited with status %d", WEXITSTATUS(p->status));
	else
		vc_err("QEMU exited");
	return -1;
}

void
vc_proc_free(struct vc_proc *p)
{
	free(p->log);
	p->log = NULL;
}

int
vc_pidfile_write(const char *path, pid_t pid, unsigned long long start)
{
	char buf[64];
	int n;

	n = snprintf(buf, sizeof(buf), "%d %llu\n", (int)pid, start);
	return vc_file_write_atomic(path, buf, (size_t)n, 0644);
}

int
vc_pidfile_read(const char *path, pid_t *pid, unsigned long long *start)
{
	char buf[64], *sp, *nl;
	unsigned long long v;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return vc_err("open %s:", path);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return vc_err("read %s:", path);
	buf[n] = '\0';
	if ((nl = strchr(buf, '\n')))
		*nl = '\0';
	if ((sp = strchr(buf, ' ')))
		*sp++ = '\0';
	if (vc_parse_ull(buf, 1, INT_MAX, &v) < 0)
		goto bad;
	*pid = (pid_t)v;
	*start = 0;
	if (sp && vc_parse_ull(sp, 0, ULLONG_MAX, start) < 0)
		goto bad;
	return 0;
bad:
	vc_err_prefix("%s", path);
	errno = EINVAL;
	return -1;
}
