/* vdom-managedsave: save a running guest's state where vdom-start finds it, and stop it (virsh managedsave) */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"running", no_argument, NULL, 'r'},
		{"paused", no_argument, NULL, 'p'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, flags = 0, r;

	vc_tool_init(argc, argv, "[-c uri] [--check] [--running | --paused] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': flags |= VC_SAVE_CHECK; break;
		case 'r': flags |= VC_SAVE_RUNNING; break;
		case 'p': flags |= VC_SAVE_PAUSED; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1 || (flags & VC_SAVE_RUNNING && flags & VC_SAVE_PAUSED))
		vc_usage();
	c = vc_tool_conn();
	r = vc_dom_managedsave(c, argv[optind], flags);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
