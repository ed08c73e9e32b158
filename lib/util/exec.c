/* exec.c: the one place a driver runs another program (xl, VBoxManage,
 * prlctl, ssh, ...), so that --dry-run (VIRTCORE_DRY_RUN=1) can print the
 * exact command lines instead of running them */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../util.h"

extern char **environ;

/* which Debian package (or product) gives a tool, for "not found" */
static const struct { const char *tool, *pkg; } hints[] = {
	{"xl", "xen-utils (Debian's xen-utils-common)"},
	{"bhyve", "FreeBSD's base system"},
	{"bhyvectl", "FreeBSD's base system"},
	{"bhyveload", "FreeBSD's base system"},
	{"grub-bhyve", "the grub2-bhyve port"},
	{"daemon", "FreeBSD's base system"},
	{"vmrun", "VMware Workstation or Player"},
	{"VBoxManage", "VirtualBox (Oracle's virtualbox package)"},
	{"prlctl", "Virtuozzo's prlctl"},
	{"ssh", "openssh-client"},
	{"qemu-img", "qemu-utils"},
	{"ifconfig", "net-tools"},
	{NULL, NULL},
};

int
vc_dry_run(void)
{
	const char *v = getenv("VIRTCORE_DRY_RUN");

	return v && *v && strcmp(v, "0") != 0;
}

/* sh-quoted, as a user would type it */
void
vc_buf_argv(struct vc_buf *b, const char *const argv[])
{
	size_t i;

	for (i = 0; argv[i]; i++) {
		const char *a = argv[i], *p;
		if (i)
			vc_buf_putc(b, ' ');
		if (*a && a[strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")] == 0) {
			vc_buf_puts(b, a);
			continue;
		}
		vc_buf_putc(b, '\'');
		for (p = a; *p; p++) {
			if (*p == '\'')
				vc_buf_puts(b, "'\\''");
			else
				vc_buf_putc(b, *p);
		}
		vc_buf_putc(b, '\'');
	}
}

const char *
vc_exec_hint(const char *tool)
{
	const char *base = strrchr(tool, '/');
	size_t i;

	base = base ? base + 1 : tool;
	for (i = 0; hints[i].tool; i++)
		if (strcmp(hints[i].tool, base) == 0)
			return hints[i].pkg;
	return NULL;
}

static void
close_pair(int p[2])
{
	if (p[0] >= 0) close(p[0]);
	if (p[1] >= 0) close(p[1]);
}

int
vc_exec(const char *const argv[], const char *in, size_t inlen,
        char **out, size_t *outlen, char **errout)
{
	int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1}, st, r;
	posix_spawn_file_actions_t fa;
	struct vc_buf ob = {0}, eb = {0};
	struct pollfd pf[3];
	size_t inoff = 0;
	pid_t pid;

	if (out)
		*out = NULL;
	if (outlen)
		*outlen = 0;
	if (errout)
		*errout = NULL;
	if (vc_dry_run()) {
		struct vc_buf b = {0};
		char *s;
		vc_buf_argv(&b, argv);
		vc_buf_putc(&b, '\n');
		s = vc_buf_take(&b);
		fputs(s, stdout);
		fflush(stdout);
		free(s);
		if (out)
			*out = vc_strdup("");
		if (errout)
			*errout = vc_strdup("");
		return 0;
	}
	if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0) {
		r = vc_err("%s: pipe:", argv[0]);
		goto fail;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	r = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0) {
		const char *h = vc_exec_hint(argv[0]);
		errno = r;
		if (r == ENOENT)
			r = h ? vc_err("%s: command not found (it comes with %s)", argv[0], h)
			    : vc_err("%s: command not found", argv[0]);
		else
			r = vc_err("%s: cannot run:", argv[0]);
		goto fail;
	}
	close(pin[0]); pin[0] = -1;
	close(pout[1]); pout[1] = -1;
	close(perr[1]); perr[1] = -1;
	if (!in || !inlen) {
		close(pin[1]);
		pin[1] = -1;
	}
	signal(SIGPIPE, SIG_IGN);
	while (pout[0] >= 0 || perr[0] >= 0) {
		char buf[8192];
		ssize_t k;
		int n = 0;
		pf[0] = (struct pollfd){pout[0], POLLIN, 0};
		pf[1] = (struct pollfd){perr[0], POLLIN, 0};
		pf[2] = (struct pollfd){pin[1], POLLOUT, 0};
		n = pin[1] >= 0 ? 3 : 2;
		if (poll(pf, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (n == 3 && pf[2].revents) {
			k = write(pin[1], in + inoff, inlen - inoff);
			if (k > 0)
				inoff += (size_t)k;
			if (k < 0 || inoff >= inlen) {
				close(pin[1]);
				pin[1] = -1;
			}
		}
		if (pf[0].revents) {
			if ((k = read(pout[0], buf, sizeof(buf))) > 0)
				vc_buf_add(&ob, buf, (size_t)k);
			else if (k == 0 || errno != EINTR) {
				close(pout[0]);
				pout[0] = -1;
			}
		}
		if (pf[1].revents) {
			if ((k = read(perr[0], buf, sizeof(buf))) > 0)
				vc_buf_add(&eb, buf, (size_t)k);
			else if (k == 0 || errno != EINTR) {
				close(perr[0]);
				perr[0] = -1;
			}
		}
	}
	if (pin[1] >= 0) {
		close(pin[1]);
		pin[1] = -1;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			r = vc_err("%s: waitpid:", argv[0]);
			goto fail;
		}
	r = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (outlen)
		*outlen = ob.len;
	if (out)
		*out = vc_buf_take(&ob);
	if (errout)
		*errout = vc_buf_take(&eb);
	vc_buf_free(&ob);
	vc_buf_free(&eb);
	return r;
fail:
	close_pair(pin);
	close_pair(pout);
	close_pair(perr);
	vc_buf_free(&ob);
	vc_buf_free(&eb);
	return r;
}

int
vc_exec_ok(const char *const argv[], char **out)
{
	char *err = NULL, *e;
	int r = vc_exec(argv, NULL, 0, out, NULL, &err);

	if (r > 0) {
		/* the product's own words: its last non-empty stderr line */
		size_t n = err ? strlen(err) : 0;
		while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
			err[--n] = 0;
		e = err ? strrchr(err, '\n') : NULL;
		e = e ? e + 1 : err;
		vc_err("%s: %s (exit %d)", argv[0], e && *e ? e : "failed", r);
		if (out) {
			free(*out);
			*out = NULL;
		}
		r = -1;
	}
	free(err);
	return r < 0 ? -1 : 0;
}
