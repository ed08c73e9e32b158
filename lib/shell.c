/* shell.c: vsh: read commands, split them into words, run the matching tool */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <histedit.h>
#include "util.h"
#include "conf.h"
#include "driver.h"
#include "shell.h"

const struct vc_sh_cmd vc_sh_cmds[] = {
	{"list", "vdom-list", VC_SH_NONE, "list guests"},
	{"define", "vdom-define", VC_SH_FILE, "define or update a guest from its XML"},
	{"undefine", "vdom-undefine", VC_SH_DOMAIN, "remove a guest's persistent config"},
	{"start", "vdom-start", VC_SH_DOMAIN, "start a defined guest"},
	{"shutdown", "vdom-shutdown", VC_SH_DOMAIN, "ask a guest to shut down"},
	{"destroy", "vdom-destroy", VC_SH_DOMAIN, "stop a guest at once"},
	{"reboot", "vdom-reboot", VC_SH_DOMAIN, "reboot a guest"},
	{"suspend", "vdom-suspend", VC_SH_DOMAIN, "pause a running guest"},
	{"resume", "vdom-resume", VC_SH_DOMAIN, "resume a paused guest"},
	{"dumpxml", "vdom-dumpxml", VC_SH_DOMAIN, "print a guest's XML"},
	{"dominfo", "vdom-info", VC_SH_DOMAIN, "print facts about a guest"},
	{"domstate", "vdom-state", VC_SH_DOMAIN, "print a guest's state"},
	{"autostart", "vdom-autostart", VC_SH_DOMAIN, "mark a guest to start with the host"},
	{"edit", "vdom-edit", VC_SH_DOMAIN, "edit a guest's XML in $EDITOR"},
	{"validate", "vdom-validate", VC_SH_FILE, "check a guest XML file"},
	{"attach-device", "vdom-attach-device", VC_SH_DOMAIN, "add a device to a guest"},
	{"detach-device", "vdom-detach-device", VC_SH_DOMAIN, "remove a device from a guest"},
	{"console", "vdom-console", VC_SH_DOMAIN, "connect to a guest's serial console"},
	{"screenshot", "vdom-screenshot", VC_SH_DOMAIN, "save a guest's screen as a PPM picture"},
	{"send-key", "vdom-sendkey", VC_SH_DOMAIN, "press keys on a guest's keyboard"},
	{"setmem", "vdom-setmem", VC_SH_DOMAIN, "change the memory a guest's balloon leaves it"},
	{"setmaxmem", "vdom-setmaxmem", VC_SH_DOMAIN, "change a guest's maximum memory"},
	{"setvcpus", "vdom-setvcpus", VC_SH_DOMAIN, "change the number of a guest's vCPUs"},
	{"save", "vdom-save", VC_SH_DOMAIN, "save a running guest's state to a file and stop it"},
	{"restore", "vdom-restore", VC_SH_FILE, "start the guest a save image holds"},
	{"managedsave", "vdom-managedsave", VC_SH_DOMAIN, "save a guest for its next start and stop it"},
	{"managedsave-remove", "vdom-managedsave-remove", VC_SH_DOMAIN, "discard a guest's managed save image"},
	{"domrename", "vdom-rename", VC_SH_DOMAIN, "give a shut-off guest a new name"},
	{"net-list", "vnet-list", VC_SH_NONE, "list networks"},
	{"net-define", "vnet-define", VC_SH_FILE, "define or update a network from its XML"},
	{"net-undefine", "vnet-undefine", VC_SH_NETWORK, "remove a network's persistent config"},
	{"net-start", "vnet-start", VC_SH_NETWORK, "start a network"},
	{"net-destroy", "vnet-destroy", VC_SH_NETWORK, "stop a network"},
	{"net-dumpxml", "vnet-dumpxml", VC_SH_NETWORK, "print a network's XML"},
	{"net-autostart", "vnet-autostart", VC_SH_NETWORK, "mark a network to start with the host"},
	{"nodedev-list", "vnode-list", VC_SH_NONE, "list host devices"},
	{"nodedev-dumpxml", "vnode-dumpxml", VC_SH_DEVICE, "print a host device's XML"},
	{"nodedev-detach", "vnode-detach", VC_SH_DEVICE, "detach a host device for guests"},
	{"nodedev-reattach", "vnode-reattach", VC_SH_DEVICE, "give a host device back to the host"},
	{"nodedev-reset", "vnode-reset", VC_SH_DEVICE, "reset a host PCI device"},
	{"capabilities", "vnode-info", VC_SH_NONE, "print the host's capabilities"},
	{"domcapabilities", "vdom-capabilities", VC_SH_NONE, "print what the driver's emulator offers guests"},
	{"nodeinfo", "vnode-info --summary", VC_SH_NONE, "print the host's CPUs and memory"},
	{"connect", NULL, VC_SH_NONE, "use another URI for the commands that follow"},
	{"uri", NULL, VC_SH_NONE, "print the URI in use"},
	{"help", NULL, VC_SH_COMMAND, "list the commands, or show one command's usage"},
	{"quit", NULL, VC_SH_NONE, "leave vsh with the last command's status"},
	{"exit", NULL, VC_SH_NONE, "the same as quit"},
	{NULL, NULL, 0, NULL},
};

/* the list tool that prints the names an operand completes from */
static const char *const name_lists[][4] = {
	[VC_SH_DOMAIN] = {"vdom-list", "--all", "--name", NULL},
	[VC_SH_NETWORK] = {"vnet-list", "--all", "--name", NULL},
	[VC_SH_DEVICE] = {"vnode-list", "--name", NULL, NULL},
};

static char *
self_dir(void)
{
	char p[PATH_MAX], *s;
	ssize_t n = readlink("/proc/self/exe", p, sizeof(p) - 1);

	if (n <= 0)
		return NULL;
	p[n] = '\0';
	if (!(s = strrchr(p, '/')))
		return NULL;
	*s = '\0';
	return vc_strdup(*p ? p : "/");
}

void
vc_sh_init(struct vc_sh *sh, const char *uri)
{
	memset(sh, 0, sizeof(*sh));
	sh->uri = uri ? vc_strdup(uri) : NULL;
	sh->tooldir = self_dir();
}

void
vc_sh_free(struct vc_sh *sh)
{
	free(sh->uri);
	free(sh->tooldir);
	sh->uri = sh->tooldir = NULL;
}

const struct vc_sh_cmd *
vc_sh_find(const char *name)
{
	const struct vc_sh_cmd *c;

	for (c = vc_sh_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
vc_sh_split(const char *line, char ***argv)
{
	struct vc_buf w = {0};
	char **v = NULL;
	const char *p = line;
	size_t n = 0;
	int inword = 0;

	for (;;) {
		if (!*p || blank(*p)) {
			if (inword) {
				VC_APPEND(v, n, vc_buf_take(&w));
				inword = 0;
			}
			if (!*p++)
				break;
			continue;
		}
		if (*p == '#' && !inword)
			break;
		inword = 1;
		if (*p == '\'') {
			const char *e = strchr(p + 1, '\'');
			if (!e)
				goto unterminated;
			vc_buf_add(&w, p + 1, (size_t)(e - p - 1));
			p = e + 1;
		} else if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (!*p)
					goto unterminated;
				/* sh keeps the backslash unless it quotes one of these */
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
					p++;
				vc_buf_putc(&w, *p);
			}
			p++;
		} else if (*p == '\\') {
			if (!p[1]) {
				p++;
				continue;
			}
			if (p[1] != '\n')
				vc_buf_putc(&w, p[1]);
			p += 2;
		} else {
			vc_buf_putc(&w, *p++);
		}
	}
	VC_APPEND(v, n, NULL);
	*argv = v;
	return (int)n - 1;
unterminated:
	vc_buf_free(&w);
	VC_APPEND(v, n, NULL);
	vc_sh_argv_free(v);
	*argv = NULL;
	return vc_err_kind(VC_ERR_USAGE, "unterminated quote");
}

void
vc_sh_argv_free(char **argv)
{
	char **p;

	if (!argv)
		return;
	for (p = argv; *p; p++)
		free(*p);
	free(argv);
}

/* in the child: the tool next to vsh, else the one on PATH */
static void
exec_tool(const struct vc_sh *sh, char **argv)
{
	if (sh->tooldir) {
		char *p = vc_asprintf("%s/%s", sh->tooldir, argv[0]);
		if (access(p, X_OK) == 0)
			execv(p, argv);
		free(p);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "vsh: %s: %s\n", argv[0], strerror(errno));
	_exit(VC_EXIT_FAIL);
}

/* argv for a tool: TOOL [-c URI] ARGS... */
static char **
tool_argv(const struct vc_sh *sh, const char *tool, int argc, char **args)
{
	char **v = vc_calloc((size_t)argc + 4, sizeof(*v));
	int n = 0, i;

	v[n++] = (char *)tool;
	if (sh->uri) {
		v[n++] = "-c";
		v[n++] = sh->uri;
	}
	for (i = 0; i < argc; i++)
		v[n++] = args[i];
	v[n] = NULL;
	return v;
}

static int
wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return VC_EXIT_FAIL;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return VC_EXIT_FAIL;
}

/* run a tool with our stdin, stdout and stderr; returns its status */
static int
spawn(struct vc_sh *sh, const char *tool, int argc, char **args)
{
	struct sigaction ign = {0}, oint, oquit;
	char **v = tool_argv(sh, tool, argc, args);
	pid_t pid;
	int st = VC_EXIT_FAIL;     /* exec_tool does not return */

	fflush(stdout);
	fflush(stderr);
	/* ^C at a terminal stops the tool; the session goes on */
	ign.sa_handler = SIG_IGN;
	if (sh->interactive) {
		sigaction(SIGINT, &ign, &oint);
		sigaction(SIGQUIT, &ign, &oquit);
	}
	if ((pid = fork()) < 0) {
		fprintf(stderr, "vsh: fork: %s\n", strerror(errno));
		st = VC_EXIT_FAIL;
	} else if (pid == 0) {
		if (sh->interactive) {
			sigaction(SIGINT, &oint, NULL);
			sigaction(SIGQUIT, &oquit, NULL);
		}
		exec_tool(sh, v);
	} else {
		st = wait_status(pid);
	}
	if (sh->interactive && st == 128 + SIGINT)
		fputc('\n', stderr);       /* the next prompt on a line of its own */
	if (sh->interactive) {
		sigaction(SIGINT, &oint, NULL);
		sigaction(SIGQUIT, &oquit, NULL);
	}
	free(v);
	return st;
}

/* run a list tool quietly and return its output lines (NULL-terminated) */
static char **
capture_lines(struct vc_sh *sh, const char *const *cmd)
{
	char **v, **lines = NULL, *out, *s, *e;
	size_t n = 0, len;
	int fd[2], nul, argc = 0;
	pid_t pid;

	while (cmd[argc + 1])
		argc++;
	if (pipe(fd) < 0)
		return NULL;
	v = tool_argv(sh, cmd[0], argc, (char **)cmd + 1);
	if ((pid = fork()) < 0) {
		close(fd[0]);
		close(fd[1]);
		free(v);
		return NULL;
	}
	if (pid == 0) {
		if ((nul = open("/dev/null", O_RDWR)) >= 0) {
			dup2(nul, 0);
			dup2(nul, 2);
		}
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		exec_tool(sh, v);
	}
	free(v);
	close(fd[1]);
	out = vc_fd_read(fd[0], &len);
	close(fd[0]);
	if (wait_status(pid) != 0 || !out) {
		free(out);
		return NULL;
	}
	for (s = out; *s; s = e + (*e != '\0')) {
		e = s + strcspn(s, "\n");
		if (e > s)
			VC_APPEND(lines, n, vc_strndup(s, (size_t)(e - s)));
	}
	VC_APPEND(lines, n, NULL);
	free(out);
	return lines;
}

static void
help(FILE *out)
{
	const struct vc_sh_cmd *c;

	fprintf(out, "Commands (each runs the virtcore tool in brackets; "
	    "help COMMAND shows its usage):\n\n");
	for (c = vc_sh_cmds; c->name; c++) {
		if (c->tool)
			fprintf(out, "  %-20s%s [%s]\n", c->name, c->desc, c->tool);
		else
			fprintf(out, "  %-20s%s\n", c->name, c->desc);
	}
}

static int
builtin_usage(const struct vc_sh_cmd *c, FILE *out)
{
	static const struct { const char *name, *usage; } u[] = {
		{"connect", "[uri]"}, {"uri", ""}, {"help", "[command]"},
		{"quit", "[status]"}, {"exit", "[status]"},
	};
	size_t i;

	for (i = 0; i < VC_NELEM(u); i++)
		if (strcmp(u[i].name, c->name) == 0)
			fprintf(out, "usage: %s %s\n", c->name, u[i].usage);
	fprintf(out, "%s\n", c->desc);
	return VC_EXIT_OK;
}

static int
builtin(struct vc_sh *sh, const struct vc_sh_cmd *c, int argc, char **argv, FILE *out)
{
	const struct vc_sh_cmd *h;
	unsigned long long v;

	if (strcmp(c->name, "help") == 0) {
		if (argc == 1) {
			help(out);
			return VC_EXIT_OK;
		}
		if (argc > 2 || !(h = vc_sh_find(argv[1]))) {
			fprintf(stderr, "vsh: unknown command '%s'; try help\n", argv[1]);
			return VC_EXIT_USAGE;
		}
		if (!h->tool)
			return builtin_usage(h, out);
		fprintf(out, "%s: %s\n", h->name, h->desc);
		fflush(out);
		{
			char *tool = vc_strndup(h->tool, strcspn(h->tool, " "));
			int st = spawn(sh, tool, 1, (char *[]){"--help", NULL});
			free(tool);
			return st;
		}
	}
	if (strcmp(c->name, "quit") == 0 || strcmp(c->name, "exit") == 0) {
		if (argc > 2 || (argc == 2 && vc_parse_ull(argv[1], 0, 255, &v) < 0)) {
			fprintf(stderr, "vsh: usage: %s [status]\n", c->name);
			return VC_EXIT_USAGE;
		}
		sh->quit = 1;
		/* the status of the command before quit */
		return argc == 2 ? (int)v : sh->status;
	}
	if (strcmp(c->name, "uri") == 0) {
		if (argc != 1) {
			fprintf(stderr, "vsh: usage: uri\n");
			return VC_EXIT_USAGE;
		}
		fprintf(out, "%s\n", sh->uri ? sh->uri : vc_uri_default());
		return VC_EXIT_OK;
	}
	/* connect */
	if (argc > 2) {
		fprintf(stderr, "vsh: usage: connect [uri]\n");
		return VC_EXIT_USAGE;
	}
	if (argc == 2) {
		/* refuse a URI no tool could open, and keep the one we had */
		struct vc_conn *conn = vc_conn_open(argv[1]);
		if (!conn) {
			fprintf(stderr, "vsh: %s\n", vc_errmsg());
			return vc_errkind_get() == VC_ERR_USAGE ? VC_EXIT_USAGE : VC_EXIT_FAIL;
		}
		vc_conn_close(conn);
	}
	free(sh->uri);
	sh->uri = argc == 2 ? vc_strdup(argv[1]) : NULL;
	return VC_EXIT_OK;
}

int
vc_sh_run(struct vc_sh *sh, int argc, char **argv, FILE *out)
{
	const struct vc_sh_cmd *c;
	int st;

	if (argc < 1)
		return sh->status;
	if (!(c = vc_sh_find(argv[0]))) {
		fprintf(stderr, "vsh: unknown command '%s'; try help\n", argv[0]);
		st = VC_EXIT_USAGE;
	} else if (!c->tool) {
		st = builtin(sh, c, argc, argv, out);
	} else if (strchr(c->tool, ' ')) {
		/* "vnode-info --summary": the tool, then an option of its own */
		const char *sp = strchr(c->tool, ' ');
		char *tool = vc_strndup(c->tool, (size_t)(sp - c->tool));
		char **v = vc_calloc((size_t)argc + 1, sizeof(*v));
		memcpy(v + 1, argv + 1, (size_t)argc * sizeof(*v));
		v[0] = (char *)sp + 1;
		st = spawn(sh, tool, argc, v);
		free(v);
		free(tool);
	} else {
		st = spawn(sh, c->tool, argc - 1, argv + 1);
	}
	fflush(out);
	return sh->status = st;
}

int
vc_sh_line(struct vc_sh *sh, const char *line, FILE *out)
{
	char **argv;
	int argc, st;

	if ((argc = vc_sh_split(line, &argv)) < 0) {
		fprintf(stderr, "vsh: %s\n", vc_errmsg());
		return sh->status = VC_EXIT_USAGE;
	}
	st = argc ? vc_sh_run(sh, argc, argv, out) : sh->status;
	vc_sh_argv_free(argv);
	return st;
}

/* one line from fd 0, a byte at a time so that a tool started by the line
 * finds the rest of the input where the line ended, as with sh(1) */
static char *
read_line(void)
{
	struct vc_buf b = {0};
	ssize_t r;
	char c;

	for (;;) {
		r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (c == '\n') {
			vc_buf_putc(&b, '\0');
			return vc_buf_take(&b);
		}
		vc_buf_putc(&b, c);
	}
	if (r < 0)
		fprintf(stderr, "vsh: read standard input: %s\n", strerror(errno));
	if (!b.len)
		return NULL;
	vc_buf_putc(&b, '\0');
	return vc_buf_take(&b);
}

static int
loop_plain(struct vc_sh *sh)
{
	char *line;

	while (!sh->quit && (line = read_line())) {
		vc_sh_line(sh, line, stdout);
		free(line);
	}
	return sh->status;
}

/* $XDG_STATE_HOME/virtcore/vsh_history, else ~/.vsh_history */
static char *
history_path(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *d, *p;

	if (x && *x == '/') {
		d = vc_asprintf("%s/virtcore", x);
		if (vc_mkdir_p(d, 0700) < 0) {
			free(d);
			return NULL;
		}
		p = vc_asprintf("%s/vsh_history", d);
		free(d);
		return p;
	}
	if (home && *home)
		return vc_asprintf("%s/.vsh_history", home);
	return NULL;
}

static char *
prompt(EditLine *el)
{
	(void)el;
	return "vsh # ";
}

/* backslash what sh would split or unquote */
static void
put_quoted(struct vc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr(" \t\n'\"\\#$`&;|<>()*?[]{}~!", *s))
			vc_buf_putc(b, '\\');
		vc_buf_putc(b, *s);
	}
}

/* complete the word before the cursor: a command name first, then the
 * names the command's operand is one of */
static unsigned char
complete(EditLine *el, int ch)
{
	const LineInfo *li = el_line(el);
	struct vc_sh *sh = NULL;
	const struct vc_sh_cmd *c, *cmd;
	const char *start = li->cursor, *word;
	char *before, **argv = NULL, **names = NULL, **match = NULL;
	size_t nm = 0, i, wlen, common = 0;
	int argc, kind, operands, free_names = 0;
	unsigned char rv = CC_ERROR;

	el_get(el, EL_CLIENTDATA, &sh);
	while (start > li->buffer && !blank(start[-1]))
		start--;
	word = start;
	wlen = (size_t)(li->cursor - start);
	before = vc_strndup(li->buffer, (size_t)(start - li->buffer));
	argc = vc_sh_split(before, &argv);
	free(before);
	if (argc < 0)
		return CC_ERROR;
	kind = VC_SH_COMMAND;
	if (argc > 0) {
		/* the first operand after the options is the command's kind of
		 * name; later ones are files (attach-device web1 disk.xml) */
		for (i = 1, operands = 0; i < (size_t)argc; i++)
			if (argv[i][0] != '-')
				operands++;
		cmd = vc_sh_find(argv[0]);
		kind = cmd && !operands ? (int)cmd->operand : VC_SH_FILE;
		if (cmd && cmd->operand == VC_SH_NONE)
			kind = VC_SH_NONE;
	}
	vc_sh_argv_free(argv);
	if (wlen && *word == '-')
		return CC_ERROR;
	if (kind == VC_SH_FILE)
		return _el_fn_complete(el, ch);
	if (kind == VC_SH_COMMAND) {
		for (c = vc_sh_cmds; c->name; c++)
			VC_APPEND(names, nm, (char *)c->name);
		VC_APPEND(names, nm, NULL);
	} else if (kind == VC_SH_DOMAIN || kind == VC_SH_NETWORK || kind == VC_SH_DEVICE) {
		if (!(names = capture_lines(sh, name_lists[kind])))
			return CC_ERROR;
		free_names = 1;
	} else {
		return CC_ERROR;
	}
	nm = 0;
	for (i = 0; names[i]; i++)
		if (strncmp(names[i], word, wlen) == 0)
			VC_APPEND(match, nm, names[i]);
	if (nm == 1) {
		struct vc_buf b = {0};
		put_quoted(&b, match[0] + wlen);
		vc_buf_puts(&b, " ");
		vc_buf_putc(&b, '\0');
		el_insertstr(el, b.s);
		vc_buf_free(&b);
		rv = CC_REFRESH;
	} else if (nm > 1) {
		/* the longest prefix all matches share */
		for (common = wlen; match[0][common]; common++) {
			for (i = 1; i < nm; i++)
				if (match[i][common] != match[0][common])
					break;
			if (i < nm)
				break;
		}
		if (common > wlen) {
			struct vc_buf b = {0};
			char *add = vc_strndup(match[0] + wlen, common - wlen);
			put_quoted(&b, add);
			vc_buf_putc(&b, '\0');
			el_insertstr(el, b.s);
			vc_buf_free(&b);
			free(add);
			rv = CC_REFRESH;
		} else {
			FILE *o = stdout;
			el_get(el, EL_GETFP, 1, &o);
			fputc('\n', o);
			for (i = 0; i < nm; i++)
				fprintf(o, "%s%s", match[i], i + 1 < nm ? "  " : "\n");
			fflush(o);
			rv = CC_REDISPLAY;
		}
	}
	free(match);
	if (free_names)
		vc_sh_argv_free(names);
	else
		free(names);
	return rv;
}

static volatile sig_atomic_t interrupted;

/* SIGINT from elsewhere (kill -INT) while el_gets waits */
static void
on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* ^C typed at the prompt: the terminal does not turn it into SIGINT
 * while the line is edited (-isig below), so it is a key like any
 * other, seen in order with what was typed before it: no signal can
 * land between two reads and be lost.  The line ends and is dropped. */
static unsigned char
key_interrupt(EditLine *el, int ch)
{
	(void)el, (void)ch;
	interrupted = 1;
	return CC_NEWLINE;
}

/* ^Z: suspend as the terminal would; libedit's SIGTSTP and SIGCONT
 * handlers (EL_SIGNAL) put the terminal back and redraw the line */
static unsigned char
key_suspend(EditLine *el, int ch)
{
	(void)el, (void)ch;
	kill(0, SIGTSTP);
	return CC_REDISPLAY;
}

static int
loop_edit(struct vc_sh *sh)
{
	struct sigaction sa = {0}, oint;
	History *hist = history_init();
	HistEvent ev;
	EditLine *el;
	const char *line;
	char *hpath = history_path();
	int count;

	/* ^C at the prompt drops the line, as in sh(1); no SA_RESTART, so
	 * that el_gets returns */
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &oint);
	el = el_init("vsh", stdin, stdout, stderr);
	history(hist, &ev, H_SETSIZE, 1000);
	history(hist, &ev, H_SETUNIQUE, 1);
	if (hpath)
		history(hist, &ev, H_LOAD, hpath);
	el_set(el, EL_CLIENTDATA, sh);
	el_set(el, EL_PROMPT, prompt);
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_SIGNAL, 1);
	el_set(el, EL_HIST, history, hist);
	/* el_set would copy these strings and never free them */
	el_wset(el, EL_ADDFN, L"vsh-complete", L"complete a command or a name", complete);
	el_set(el, EL_BIND, "^I", "vsh-complete", NULL);
	el_wset(el, EL_ADDFN, L"vsh-interrupt", L"drop the line", key_interrupt);
	el_set(el, EL_BIND, "^C", "vsh-interrupt", NULL);
	el_wset(el, EL_ADDFN, L"vsh-suspend", L"suspend vsh", key_suspend);
	el_set(el, EL_BIND, "^Z", "vsh-suspend", NULL);
	el_set(el, EL_SETTY, "-d", "-isig", NULL);
	el_source(el, NULL);
	while (!sh->quit) {
		fflush(stdout);
		interrupted = 0;
		/* into raw mode before the prompt shows: el_gets alone prints
		 * it first, and what is typed in between meets the cooked
		 * terminal (a ^D there arrives as a NUL) */
		el_set(el, EL_PREP_TERM, 1);
		line = el_gets(el, &count);
		if (interrupted) {
			fputs("^C\n", stdout);
			continue;
		}
		if (!line || count <= 0) {
			/* ^D: end the prompt's line */
			fputc('\n', stdout);
			break;
		}
		if (line[strspn(line, " \t\r\n")])
			history(hist, &ev, H_ENTER, line);
		vc_sh_line(sh, line, stdout);
	}
	if (hpath)
		history(hist, &ev, H_SAVE, hpath);
	free(hpath);
	el_end(el);
	history_end(hist);
	sigaction(SIGINT, &oint, NULL);
	return sh->status;
}

int
vc_sh_loop(struct vc_sh *sh)
{
	sh->interactive = isatty(0);
	return sh->interactive ? loop_edit(sh) : loop_plain(sh);
}
