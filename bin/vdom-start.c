/* vdom-start: start a defined guest, or every guest marked autostart */
#include <stdio.h>
#include <string.h>
#include "virtcore.h"
#include "driver/autostart.h"

#define USAGE "[-c uri] [--check] name|uuid\n       vdom-start [-c uri] [--check] --autostart-all"

/* vdom-start --autostart-all: one line per guest, for init scripts and cron */
static int
autostart_all(int argc, char **argv)
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"autostart-all", no_argument, NULL, 'a'},
		{0, 0, 0, 0},
	};
	struct vc_autostart_result *res;
	struct vc_conn *c;
	size_t n, i;
	int ch, check = 0, failed;

	vc_tool_init(argc, argv, USAGE);
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': check = 1; break;
		case 'a': break;
		default: vc_usage();
		}
	}
	if (argc != optind)
		vc_usage();
	c = vc_tool_conn();
	failed = vc_dom_autostart_all(c, check, &res, &n);
	vc_conn_close(c);
	for (i = 0; i < n; i++) {
		if (res[i].r < 0)
			printf("%s\tfailed: %s\n", res[i].name, res[i].msg);
		else
			printf("%s\t%s\n", res[i].name, res[i].r ? "changed" : "unchanged");
	}
	vc_autostart_free(res, n);
	return vc_exit(failed ? VC_EXIT_FAIL : VC_EXIT_OK);
}

int
main(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (strcmp(argv[i], "--autostart-all") == 0)
			return autostart_all(argc, argv);
	return vc_main_op(argc, argv, VC_OP_START, USAGE);
}
