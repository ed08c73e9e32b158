/* tool.c: what every tool does the same way: options, errors, exit status */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"
#include "driver/device_ops.h"
#include "remote/remote.h"

const char *vc_progname = "virtcore";
static const char *usage_text = "";
static const char *uri;
/* argv as given, before getopt permutes it: what a +ssh URI runs remotely */
static int orig_argc;
static char **orig_argv;

void
vc_tool_init(int argc, char **argv, const char *usage)
{
	const char *s;

	(void)argc;
	if (argv[0] && (s = strrchr(argv[0], '/')))
		vc_progname = s + 1;
	else if (argv[0])
		vc_progname = argv[0];
	vc_progress_prog = vc_progname;
	usage_text = usage;
	opterr = 0;
	orig_argc = argc;
	orig_argv = vc_calloc((size_t)argc + 1, sizeof(*orig_argv));
	memcpy(orig_argv, argv, (size_t)argc * sizeof(*orig_argv));
}

/* once the options are read: a +ssh URI runs this very tool remotely */
static void
remote_hook(int plus)
{
	static int done;
	char *u, *sep;
	int st;

	if (done)
		return;
	done = 1;
	if (!(u = vc_uri_resolve(uri))) {
		vc_err_clear();          /* a bad config file: said when a connection opens */
		return;
	}
	sep = strstr(u, "://");
	if (sep && memchr(u, '+', (size_t)(sep - u))) {
		st = vc_remote_run(u, orig_argc, orig_argv, plus, strstr(usage_text, "file") != NULL);
		free(u);
		if (st < 0)
			vc_die();
		fflush(stdout);
		exit(st);
	}
	free(u);
}

void
vc_usage(void)
{
	fprintf(stderr, "usage: %s %s\n", vc_progname, usage_text);
	exit(VC_EXIT_USAGE);
}

const char *
vc_opt_uri(void)
{
	return uri;
}

/* what was wrong with the long option arg: ambiguous (name the options it
 * could be), a value it does not take, or unknown */
static void
bad_long(const char *arg, const struct option *all)
{
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name), n = 0, i, one = 0;
	struct vc_buf b = {0};

	for (i = 0; all[i].name; i++) {
		if (strncmp(all[i].name, name, len) != 0)
			continue;
		vc_buf_printf(&b, "%s--%s", n ? ", " : "", all[i].name);
		one = i;
		n++;
	}
	if (n > 1)
		fprintf(stderr, "%s: option --%.*s is ambiguous: %s\n", vc_progname,
		        (int)len, name, b.s);
	else if (n == 1 && eq && all[one].has_arg == no_argument)
		fprintf(stderr, "%s: option --%s takes no value\n", vc_progname, all[one].name);
	else
		fprintf(stderr, "%s: unknown option %s\n", vc_progname, arg);
	free(b.s);
}

int
vc_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	static struct option all[64];
	static char so[64];
	static int ready;
	size_t n = 0;
	int ch;

	if (!ready) {
		/* options may follow the operands, as with virsh
		 * (vdom-attach-device web1 nic.xml --live); "--" ends them, and
		 * a leading "+" in shortopts stops at the first operand (vsh,
		 * whose operands are another tool's command line) */
		int plus = shortopts && *shortopts == '+';
		snprintf(so, sizeof(so), "%s:c:h%s", plus ? "+" : "",
		         shortopts ? shortopts + plus : "");
		for (; longopts && longopts[n].name && n < 60; n++)
			all[n] = longopts[n];
		all[n++] = (struct option){"connect", required_argument, NULL, 'c'};
		all[n++] = (struct option){"help", no_argument, NULL, 'h'};
		all[n++] = (struct option){"version", no_argument, NULL, 'V'};
		/* print the commands a driver would run instead of running them */
		all[n++] = (struct option){"dry-run", no_argument, NULL, VC_OPT_BASE - 1};
		all[n] = (struct option){0, 0, 0, 0};
		ready = 1;
	}
	for (;;) {
		ch = getopt_long(argc, argv, so, all, NULL);
		switch (ch) {
		case 'c':
			uri = optarg;
			continue;
		case VC_OPT_BASE - 1:
			setenv("VIRTCORE_DRY_RUN", "1", 1);
			continue;
		case 'h':
			printf("usage: %s %s\n", vc_progname, usage_text);
			exit(vc_exit(VC_EXIT_OK));
		case 'V':
			printf("%s (virtcore) %s\n", vc_progname, VC_VERSION);
			exit(vc_exit(VC_EXIT_OK));
		case ':':
			fprintf(stderr, "%s: option %s needs a value\n", vc_progname, argv[optind - 1]);
			vc_usage();
		case '?':
			/* glibc sets optopt for "--all=x" too: look at the word */
			if (optind > 0 && strncmp(argv[optind - 1], "--", 2) == 0)
				bad_long(argv[optind - 1], all);
			else
				fprintf(stderr, "%s: unknown option -%c\n", vc_progname, optopt);
			vc_usage();
		case -1:
			remote_hook(shortopts && *shortopts == '+');
			return -1;
		default:
			return ch;
		}
	}
}

static int
status_of(enum vc_errkind k)
{
	switch (k) {
	case VC_ERR_USAGE: return VC_EXIT_USAGE;
	case VC_ERR_TEMP: return VC_EXIT_TEMP;
	default: return VC_EXIT_FAIL;
	}
}

void
vc_die(void)
{
	int st = status_of(vc_errkind_get());

	fflush(stdout);
	fprintf(stderr, "%s: %s\n", vc_progname, vc_errmsg());
	exit(st);
}

void
vc_die_msg(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", vc_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* the tool's connection, held in a global as well as by the caller: a tool
 * that dies after connecting exits with it still reachable (the caller's
 * copy may live only in a register, which LeakSanitizer does not always
 * see); exit() gives it back. volatile: the store is kept though never read */
static struct vc_conn *volatile tool_conn;

struct vc_conn *
vc_tool_conn(void)
{
	struct vc_conn *c = vc_conn_open(uri);

	if (!c)
		vc_die();
	tool_conn = c;
	return c;
}

void
vc_report(int r)
{
	if (r < 0)
		vc_die();
	puts(r ? "changed" : "unchanged");
}

int
vc_exit(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* a closed pipe (vdom-list | head -1) is not an error of ours */
		if (errno != EPIPE)
			fprintf(stderr, "%s: write standard output: %s\n", vc_progname, strerror(errno));
		return status ? status : VC_EXIT_FAIL;
	}
	if (fclose(stdout) != 0 && errno != EPIPE) {
		fprintf(stderr, "%s: write standard output: %s\n", vc_progname, strerror(errno));
		return status ? status : VC_EXIT_FAIL;
	}
	return status;
}

unsigned long long
vc_arg_ull(const char *what, const char *s, unsigned long long min, unsigned long long max)
{
	unsigned long long v;

	if (vc_parse_ull(s, min, max, &v) < 0)
		vc_die_msg(VC_EXIT_USAGE, "%s: %s", what, vc_errmsg());
	return v;
}

int
vc_main_op(int argc, char **argv, int op, const char *usage)
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"timeout", required_argument, NULL, 't'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, check = 0, timeout = -1, r;

	vc_tool_init(argc, argv, usage);
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': check = 1; break;
		case 't':
			if (op != VC_OP_SHUTDOWN)
				vc_usage();
			timeout = (int)vc_arg_ull("--timeout", optarg, 0, 86400);
			break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	r = vc_dom_op(c, argv[optind], op, check, timeout);
	vc_conn_close(c);
	/* a check run cannot know that an earlier task (vdom-define --check)
	 * would have defined the guest: say what it would do */
	if (r < 0 && check && op == VC_OP_START && strstr(vc_errmsg(), ": no such domain"))
		vc_die_msg(VC_EXIT_FAIL, "%s: would start a guest that is not defined "
		           "yet (no such domain)", argv[optind]);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}

int
vc_main_define(int argc, char **argv, vc_define_fn define)
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"diff", no_argument, NULL, 'd'},
		{"print-name", no_argument, NULL, 'p'},
		{"validate", no_argument, NULL, 'v'},
		{0, 0, 0, 0},
	};
	struct vc_define_opts o = {0};
	struct vc_conn *c;
	char *xml, *diff = NULL, *name = NULL;
	const char *file = "-";
	size_t len;
	int ch, r, print_name = 0;

	vc_tool_init(argc, argv, "[-c uri] [--check] [--diff] [--validate] [--print-name] [file.xml]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': o.check = 1; break;
		case 'd': o.diff = &diff; break;
		case 'p': print_name = 1; break;
		case 'v': o.validate = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind > 1)
		vc_usage();
	if (argc - optind == 1)
		file = argv[optind];
	if (!(xml = vc_file_read_max(file, VC_XML_MAX, &len)))
		vc_die();
	o.file = strcmp(file, "-") == 0 ? "stdin" : file;
	c = vc_tool_conn();
	r = define(c, xml, len, &o, &name);
	free(xml);
	vc_conn_close(c);
	if (r < 0)
		vc_die();
	if (diff)
		fputs(diff, stdout);
	if (print_name)
		printf("%s\n", name);
	free(diff);
	free(name);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}

int
vc_main_xml(int argc, char **argv, char *(*xmlfn)(struct vc_conn *, const char *, int))
{
	static const struct option lo[] = {
		{"inactive", no_argument, NULL, 'i'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, inactive = 0;
	char *xml;

	vc_tool_init(argc, argv, "[-c uri] [--inactive] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'i': inactive = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	xml = xmlfn(c, argv[optind], inactive);
	vc_conn_close(c);
	if (!xml)
		vc_die();
	fputs(xml, stdout);
	free(xml);
	return vc_exit(VC_EXIT_OK);
}

int
vc_main_keyop(int argc, char **argv, const char *flag, int dflt,
              int (*op)(struct vc_conn *, const char *, int, int))
{
	struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{flag, no_argument, NULL, 'f'},
		{0, 0, 0, 0},
	};
	static char usage[128];    /* vc_usage prints it later */
	struct vc_conn *c;
	int ch, r, check = 0, v = dflt;

	snprintf(usage, sizeof(usage), "[-c uri] [--check] [--%s] name|uuid", flag);
	vc_tool_init(argc, argv, usage);
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': check = 1; break;
		case 'f': v = !dflt; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	r = op(c, argv[optind], v, check);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}

int
vc_main_device(int argc, char **argv, int detach)
{
	static const struct option lo[] = {
		{"live", no_argument, NULL, 'l'},
		{"config", no_argument, NULL, 'C'},
		{"persistent", no_argument, NULL, 'P'},
		{"check", no_argument, NULL, 'n'},
		{"if-exists", no_argument, NULL, 'e'},   /* detach only */
		{0, 0, 0, 0},
	};
	struct vc_device_opts o = {0};
	struct vc_conn *c;
	const char *file = "-";
	char *xml;
	size_t len;
	int ch, r;

	vc_tool_init(argc, argv, detach ?
	             "[-c uri] [--live] [--config] [--persistent] [--check] [--if-exists] name|uuid [file.xml]" :
	             "[-c uri] [--live] [--config] [--persistent] [--check] name|uuid [file.xml]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'l': o.affect |= VC_AFFECT_LIVE; break;
		case 'C': o.affect |= VC_AFFECT_CONFIG; break;
		case 'P': o.affect |= VC_AFFECT_PERSISTENT; break;
		case 'n': o.check = 1; break;
		case 'e':
			if (!detach)
				vc_usage();
			o.if_exists = 1;
			break;
		default: vc_usage();
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		vc_usage();
	if (argc - optind == 2)
		file = argv[optind + 1];
	if (!(xml = vc_file_read_max(file, VC_XML_MAX, &len)))
		vc_die();
	o.file = strcmp(file, "-") == 0 ? "stdin" : file;
	c = vc_tool_conn();
	r = detach ? vc_dom_detach_device(c, argv[optind], xml, len, &o)
	           : vc_dom_attach_device(c, argv[optind], xml, len, &o);
	free(xml);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}

/* where a change goes: --config, --live (both may be given) or --current */
static int
affect_opt(int ch, int *affect, int *current)
{
	switch (ch) {
	case 'C': *affect |= VC_AFFECT_CONFIG; return 1;
	case 'l': *affect |= VC_AFFECT_LIVE; return 1;
	case 'u': *current = 1; return 1;
	}
	return 0;
}

static void
affect_check(int affect, int current)
{
	if (current && affect)
		vc_die_msg(VC_EXIT_USAGE, "--current and --%s are mutually exclusive",
		           affect & VC_AFFECT_LIVE ? "live" : "config");
}

/* virsh's scaled integer: a number, then a unit (k, M, GiB, ...; KiB when none) */
static unsigned long long
arg_size(const char *s)
{
	unsigned long long kib;
	size_t n = strspn(s, "0123456789");
	char *num = vc_strndup(s, n);

	if (vc_parse_scaled(num, *(s + n) ? s + n : NULL, "KiB", &kib) < 0)
		vc_die_msg(VC_EXIT_USAGE, "size '%s': %s", s, vc_errmsg());
	free(num);
	return kib;
}

int
vc_main_setmem(int argc, char **argv, int max)
{
	static const struct option lo[] = {
		{"config", no_argument, NULL, 'C'},
		{"live", no_argument, NULL, 'l'},
		{"current", no_argument, NULL, 'u'},
		{"check", no_argument, NULL, 'n'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	unsigned long long kib;
	int ch, affect = 0, current = 0, check = 0, r;

	vc_tool_init(argc, argv, "[-c uri] [--config] [--live] [--current] [--check] name|uuid size");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		if (affect_opt(ch, &affect, &current))
			continue;
		if (ch == 'n')
			check = 1;
		else
			vc_usage();
	}
	if (argc - optind != 2)
		vc_usage();
	affect_check(affect, current);
	kib = arg_size(argv[optind + 1]);
	c = vc_tool_conn();
	r = max ? vc_dom_setmaxmem(c, argv[optind], kib, affect, check)
	        : vc_dom_setmem(c, argv[optind], kib, affect, check);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}

int
vc_main_setvcpus(int argc, char **argv)
{
	static const struct option lo[] = {
		{"config", no_argument, NULL, 'C'},
		{"live", no_argument, NULL, 'l'},
		{"current", no_argument, NULL, 'u'},
		{"maximum", no_argument, NULL, 'm'},
		{"check", no_argument, NULL, 'n'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	unsigned n;
	int ch, affect = 0, current = 0, maximum = 0, check = 0, r;

	vc_tool_init(argc, argv,
	             "[-c uri] [--config] [--live] [--current] [--maximum] [--check] name|uuid count");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		if (affect_opt(ch, &affect, &current))
			continue;
		if (ch == 'n')
			check = 1;
		else if (ch == 'm')
			maximum = 1;
		else
			vc_usage();
	}
	if (argc - optind != 2)
		vc_usage();
	affect_check(affect, current);
	if (maximum && !(affect & VC_AFFECT_CONFIG))
		vc_die_msg(VC_EXIT_USAGE, "--maximum needs --config");
	n = (unsigned)vc_arg_ull("count", argv[optind + 1], 1, 16384);
	c = vc_tool_conn();
	r = vc_dom_setvcpus(c, argv[optind], n, affect, maximum, check);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
