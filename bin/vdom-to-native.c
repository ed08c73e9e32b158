/* vdom-to-native: print the QEMU command line a domain runs, one argument per line */
#include <stdio.h>
#include <string.h>
#include "virtcore.h"
#include "driver/qemu/argv.h"
#include "driver/qemu/qemu.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"format", required_argument, NULL, 'f'},
		{"domain", required_argument, NULL, 'd'},
		{0, 0, 0, 0},
	};
	const char *format = "qemu-argv", *dom = NULL, *file = NULL;
	struct vc_conn *c;
	char **av, **p;
	int ch;

	vc_tool_init(argc, argv, "[-c uri] [--format qemu-argv] file.xml | --domain name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'f': format = optarg; break;
		case 'd': dom = optarg; break;
		default: vc_usage();
		}
	}
	if (strcmp(format, "qemu-argv") != 0)
		vc_die_msg(VC_EXIT_USAGE, "--format %s: only qemu-argv is known", format);
	if (dom ? argc - optind != 0 : argc - optind != 1)
		vc_usage();
	if (!dom)
		file = argv[optind];
	/* the default test driver runs no QEMU: a file is read for the session */
	if (!vc_opt_uri() && strncmp(vc_uri_default(), "qemu", 4) != 0)
		c = vc_conn_open("qemu:///session");
	else
		c = vc_conn_open(vc_opt_uri());
	if (!c)
		vc_die();
	if (c->drv != &vc_qemu_driver)
		vc_die_msg(VC_EXIT_FAIL, "%s: not a qemu connection", c->uri);
	av = vc_qemu_native(c, file, dom);
	vc_conn_close(c);
	if (!av)
		vc_die();
	for (p = av; *p; p++)
		printf("%s\n", *p);
	vc_qemu_argv_free(av);
	return vc_exit(VC_EXIT_OK);
}
