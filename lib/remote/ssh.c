/* ssh.c: DRIVER+ssh://[user@]host[:port]/PATH runs the same tool on the
 * remote host through OpenSSH's ssh (its config, agent and ControlMaster
 * apply): one ssh session per tool run, stdin and stdout passed through,
 * the remote exit status returned unchanged */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../driver.h"
#include "remote.h"

extern char **environ;

/* the remote URI: the same one without +ssh and without the host part */
static char *
remote_uri(const struct vc_conn *c)
{
	struct vc_buf b = {0};
	const char *q = c->query;

	vc_buf_printf(&b, "%s://%s", c->scheme, c->path);
	/* our own parameters are for this side; the rest is the driver's */
	while (q && *q) {
		size_t n = strcspn(q, "&");
		if (!(n >= 7 && strncmp(q, "keyfile", 7) == 0 && (n == 7 || q[7] == '=')) &&
		    !(n >= 7 && strncmp(q, "command", 7) == 0 && (n == 7 || q[7] == '=')) &&
		    !(n >= 6 && strncmp(q, "no_tty", 6) == 0 && (n == 6 || q[6] == '=')) &&
		    !(n >= 6 && strncmp(q, "bindir", 6) == 0 && (n == 6 || q[6] == '='))) {
			vc_buf_putc(&b, strchr(b.s, '?') ? '&' : '?');
			vc_buf_add(&b, q, n);
		}
		q += n;
		if (*q == '&')
			q++;
	}
	return vc_buf_take(&b);
}

static int
is_conn_opt(const char *a)
{
	return strcmp(a, "-c") == 0 || strcmp(a, "--connect") == 0;
}

int
vc_remote_run(const char *uri, int argc, char **argv, int plus, int file_operand)
{
	struct vc_conn c = {0};
	char *cmd = NULL, *ruri = NULL, *key = NULL, *sshcmd = NULL, *notty = NULL,
	    *bindir = NULL, *port = NULL, *tool, *err = NULL;
	const char **av = NULL, **rv = NULL;
	size_t n = 0, rn = 0, i, errlen = 0;
	struct vc_buf b = {0};
	int st = -1, perr[2] = {-1, -1}, tty, last_operand = -1, infd = -1, r, done = 0;
	posix_spawn_file_actions_t fa;
	const char *prog;
	pid_t pid;

	c.uri = (char *)uri;
	if (vc_uri_split(&c, uri) < 0)
		goto out;
	if (strcmp(c.transport, "ssh") != 0) {
		vc_err_kind(VC_ERR_USAGE, "%s: unknown transport '%s' (only +ssh)", uri, c.transport);
		goto out;
	}
	if (!c.host) {
		vc_err_kind(VC_ERR_USAGE, "%s: +ssh needs a host: %s+ssh://[user@]host/PATH", uri, c.scheme);
		goto out;
	}
	key = vc_uri_param(&c, "keyfile");
	sshcmd = vc_uri_param(&c, "command");
	notty = vc_uri_param(&c, "no_tty");
	bindir = vc_uri_param(&c, "bindir");
	ruri = remote_uri(&c);

	/* the tool's own command line, -c replaced by the remote URI */
	prog = strrchr(argv[0], '/');
	prog = prog ? prog + 1 : argv[0];
	tool = bindir && *bindir ? vc_asprintf("%s/%s", bindir, prog) : vc_strdup(prog);
	VC_APPEND(rv, rn, tool);
	VC_APPEND(rv, rn, "-c");
	VC_APPEND(rv, rn, ruri);
	for (i = 1; i < (size_t)argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0 || (plus && a[0] != '-')) {
			for (; i < (size_t)argc; i++) {
				if (strcmp(argv[i], "--") != 0)
					last_operand = (int)rn;
				VC_APPEND(rv, rn, argv[i]);
			}
			break;
		}
		if (is_conn_opt(a)) {
			i++;
			continue;
		}
		if (strncmp(a, "--connect=", 10) == 0 || (strncmp(a, "-c", 2) == 0 && a[2]))
			continue;
		if (a[0] != '-' || !a[1])
			last_operand = (int)rn;
		VC_APPEND(rv, rn, a);
	}
	/* a local file operand travels on stdin: the remote tool reads "-" */
	if (file_operand && last_operand > 0 && strcmp(rv[last_operand], "-") != 0) {
		struct stat sb;
		if (stat(rv[last_operand], &sb) == 0 && S_ISREG(sb.st_mode)) {
			if ((infd = open(rv[last_operand], O_RDONLY | O_CLOEXEC)) < 0) {
				vc_err("%s: open:", rv[last_operand]);
				goto out;
			}
			rv[last_operand] = "-";
		}
	}
	VC_APPEND(rv, rn, NULL);
	vc_buf_argv(&b, rv);
	cmd = vc_buf_take(&b);

	tty = isatty(0) && isatty(1) && !(notty && strcmp(notty, "0") != 0) && infd < 0;
	VC_APPEND(av, n, sshcmd && *sshcmd ? sshcmd : "ssh");
	if (c.port) {
		port = vc_asprintf("%d", c.port);
		VC_APPEND(av, n, "-p");
		VC_APPEND(av, n, port);
	}
	if (c.user) {
		VC_APPEND(av, n, "-l");
		VC_APPEND(av, n, c.user);
	}
	if (key && *key) {
		VC_APPEND(av, n, "-i");
		VC_APPEND(av, n, key);
	}
	if (notty && strcmp(notty, "0") != 0) {
		/* nobody to answer a password prompt */
		VC_APPEND(av, n, "-o");
		VC_APPEND(av, n, "BatchMode=yes");
	}
	VC_APPEND(av, n, "-e");
	VC_APPEND(av, n, "none");
	VC_APPEND(av, n, tty ? "-t" : "-T");
	VC_APPEND(av, n, "--");
	VC_APPEND(av, n, c.host);
	VC_APPEND(av, n, cmd);
	VC_APPEND(av, n, NULL);

	if (vc_dry_run()) {
		/* the remote tool prints its own commands; this side shows the ssh */
		vc_buf_argv(&b, av);
		vc_buf_putc(&b, '\n');
		fputs(b.s, stderr);
		vc_buf_free(&b);
	}
	/* ssh's own complaints come on stderr; keep them for a one-line
	 * error when ssh itself failed (exit 255), pass the rest on */
	if (!tty && pipe2(perr, O_CLOEXEC) < 0) {
		vc_err("pipe:");
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	if (infd >= 0)
		posix_spawn_file_actions_adddup2(&fa, infd, 0);
	if (!tty)
		posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	r = posix_spawnp(&pid, av[0], &fa, NULL, (char *const *)av, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0) {
		errno = r;
		if (r == ENOENT)
			vc_err("%s: %s: command not found (it comes with openssh-client)", uri, av[0]);
		else
			vc_err("%s: cannot run %s:", uri, av[0]);
		goto out;
	}
	if (!tty) {
		char buf[4096];
		ssize_t k;
		close(perr[1]);
		perr[1] = -1;
		while ((k = read(perr[0], buf, sizeof(buf))) != 0) {
			if (k < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			err = vc_realloc(err, errlen + (size_t)k + 1);
			memcpy(err + errlen, buf, (size_t)k);
			errlen += (size_t)k;
			err[errlen] = 0;
		}
	}
	signal(SIGINT, SIG_IGN);      /* the remote side gets the ^C */
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	st = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	done = 1;
	if (st == 255) {
		/* ssh's last line says why: refused, unknown host, no key */
		char *e = err, *nl;
		while (e && errlen && (err[errlen - 1] == '\n' || err[errlen - 1] == '\r'))
			err[--errlen] = 0;
		if (e && (nl = strrchr(e, '\n')))
			e = nl + 1;
		vc_err("%s: ssh to %s failed: %s", uri, c.host, e && *e ? e : "no reason given");
		st = -1;
	} else if (err && errlen) {
		fwrite(err, 1, errlen, stderr);
	}
out:
	if (perr[0] >= 0) close(perr[0]);
	if (perr[1] >= 0) close(perr[1]);
	if (infd >= 0) close(infd);
	free(err);
	free(cmd);
	free(ruri);
	free(key);
	free(sshcmd);
	free(notty);
	free(bindir);
	free(port);
	if (rv)
		free((char *)rv[0]);
	free(rv);
	free(av);
	free(c.scheme);
	free(c.transport);
	free(c.user);
	free(c.host);
	free(c.path);
	free(c.query);
	(void)done;
	return st;
}
