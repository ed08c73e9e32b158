/* vdom-memstat: a running guest's memory as its balloon reports it (virsh dommemstat) */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, 'j'},
		{0, 0, 0, 0},
	};
	struct vc_domstats s;
	struct vc_conn *c;
	int ch, json = 0;
	char *out;

	vc_tool_init(argc, argv, "[-c uri] [--json] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_dom_stats1(c, argv[optind], VC_STATS_BALLOON, 0, &s) < 0)
		vc_die();
	if (!s.active)
		vc_die_msg(VC_EXIT_FAIL, "%s: domain is not running", s.name);
	out = vc_domstats_memstat(&s, json);
	fputs(out, stdout);
	free(out);
	vc_domstats_clear(&s);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
