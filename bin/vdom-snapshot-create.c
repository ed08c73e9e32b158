/* vdom-snapshot-create: take a snapshot of a guest (virsh snapshot-create, snapshot-create-as) */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"disk-only", no_argument, NULL, 'D'},
		{"name", required_argument, NULL, 'N'},
		{"description", required_argument, NULL, 'd'},
		{"print-name", no_argument, NULL, 'p'},
		{0, 0, 0, 0},
	};
	const char *name = NULL, *desc = NULL;
	char *xml = NULL, *made = NULL;
	struct vc_conn *c;
	int ch, flags = 0, print = 0, r;
	size_t len = 0;

	vc_tool_init(argc, argv, "[-c uri] [--check] [--disk-only] [--name snap] "
	    "[--description text] [--print-name] name|uuid [file.xml|-]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': flags |= VC_SNAP_CHECK; break;
		case 'D': flags |= VC_SNAP_DISK_ONLY; break;
		case 'N': name = optarg; break;
		case 'd': desc = optarg; break;
		case 'p': print = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		vc_usage();
	if (argc - optind == 2 && !(xml = vc_file_read_max(argv[optind + 1], VC_XML_MAX, &len)))
		vc_die();
	c = vc_tool_conn();
	r = vc_snapshot_create(c, argv[optind], xml, len, name, desc, flags, &made);
	free(xml);
	vc_conn_close(c);
	if (r < 0)
		vc_die();
	if (print)
		printf("%s\n", made);
	free(made);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
