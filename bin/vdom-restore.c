/* vdom-restore: start the guest a save image holds, as it was (virsh restore) */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"running", no_argument, NULL, 'r'},
		{"paused", no_argument, NULL, 'p'},
		{"print-name", no_argument, NULL, 'N'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	char *name = NULL;
	int ch, flags = 0, print = 0, r;

	vc_tool_init(argc, argv, "[-c uri] [--check] [--running | --paused] [--print-name] file");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': flags |= VC_SAVE_CHECK; break;
		case 'r': flags |= VC_SAVE_RUNNING; break;
		case 'p': flags |= VC_SAVE_PAUSED; break;
		case 'N': print = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1 || (flags & VC_SAVE_RUNNING && flags & VC_SAVE_PAUSED))
		vc_usage();
	c = vc_tool_conn();
	r = vc_dom_restore(c, argv[optind], flags, &name);
	vc_conn_close(c);
	if (r < 0)
		vc_die();
	if (print)
		printf("%s\n", name);
	free(name);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
