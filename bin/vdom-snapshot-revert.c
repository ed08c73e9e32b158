/* vdom-snapshot-revert: bring a guest back to a snapshot (virsh snapshot-revert) */
#include <stdio.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, flags = 0, r;

	vc_tool_init(argc, argv, "[-c uri] [--check] name|uuid snapshot");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': flags |= VC_SNAP_CHECK; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 2)
		vc_usage();
	c = vc_tool_conn();
	r = vc_snapshot_revert(c, argv[optind], argv[optind + 1], flags);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
