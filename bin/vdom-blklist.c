/* vdom-blklist: a guest's disks: target and source, one a line (virsh domblklist) */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, 'j'},
		{"details", no_argument, NULL, 'd'},
		{"inactive", no_argument, NULL, 'i'},
		{0, 0, 0, 0},
	};
	struct vc_domstats s;
	struct vc_conn *c;
	int ch, json = 0, inactive = 0, details = 0;
	char *out;

	vc_tool_init(argc, argv, "[-c uri] [--details] [--inactive] [--json] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		case 'd': details = 1; break;
		case 'i': inactive = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_dom_stats1(c, argv[optind], VC_STATS_BLOCK, inactive, &s) < 0)
		vc_die();
	out = vc_domstats_blklist(&s, details, json);
	fputs(out, stdout);
	free(out);
	vc_domstats_clear(&s);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
