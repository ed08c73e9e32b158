/* vdom-rename: give a shut-off guest a new name (virsh domrename) */
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

	vc_tool_init(argc, argv, "[-c uri] [--check] name|uuid newname");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': check = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 2)
		vc_usage();
	c = vc_tool_conn();
	r = vc_dom_rename(c, argv[optind], argv[optind + 1], check);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
