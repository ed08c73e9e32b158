/* vdom-snapshot-delete: delete a guest's snapshot (virsh snapshot-delete) */
#include <stdio.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"children", no_argument, NULL, 'C'},
		{"metadata", no_argument, NULL, 'm'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, flags = 0, r;

	vc_tool_init(argc, argv, "[-c uri] [--check] [--children] [--metadata] name|uuid snapshot");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': flags |= VC_SNAP_CHECK; break;
		case 'C': flags |= VC_SNAP_CHILDREN; break;
		case 'm': flags |= VC_SNAP_METADATA; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 2)
		vc_usage();
	c = vc_tool_conn();
	r = vc_snapshot_delete(c, argv[optind], argv[optind + 1], flags);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
