/* vdom-managedsave-remove: discard a guest's managed save image, so its next start boots (virsh managedsave-remove) */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, check = 0, r;

	vc_tool_init(argc, argv, "[-c uri] [--check] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': check = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	r = vc_dom_managedsave_remove(c, argv[optind], check);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
