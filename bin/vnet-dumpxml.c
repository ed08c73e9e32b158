/* vnet-dumpxml: print a network's XML (live when active) */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"
#include "driver/network_ops.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"inactive", no_argument, NULL, 'i'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, inactive = 0;
	char *xml;

	vc_tool_init(argc, argv, "[-c uri] [--inactive] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'i': inactive = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	xml = vc_net_xml(c, argv[optind], inactive);
	vc_conn_close(c);
	if (!xml)
		vc_die();
	fputs(xml, stdout);
	free(xml);
	return vc_exit(VC_EXIT_OK);
}
