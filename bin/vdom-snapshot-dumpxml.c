/* vdom-snapshot-dumpxml: a snapshot's XML, the guest's config inside (virsh snapshot-dumpxml) */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	struct vc_conn *c;
	char *x;
	int ch;

	vc_tool_init(argc, argv, "[-c uri] name|uuid snapshot");
	while ((ch = vc_getopt(argc, argv, "", NULL)) != -1)
		vc_usage();
	if (argc - optind != 2)
		vc_usage();
	c = vc_tool_conn();
	if (!(x = vc_snapshot_xml(c, argv[optind], argv[optind + 1])))
		vc_die();
	fputs(x, stdout);
	free(x);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
