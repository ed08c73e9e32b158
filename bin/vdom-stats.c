/* vdom-stats: statistics of all guests, or the named ones, in one pass (virsh domstats) */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"state", no_argument, NULL, 's'},
		{"cpu-total", no_argument, NULL, 'c' + VC_OPT_BASE},
		{"balloon", no_argument, NULL, 'b'},
		{"vcpu", no_argument, NULL, 'v'},
		{"interface", no_argument, NULL, 'i'},
		{"block", no_argument, NULL, 'k'},
		{"list-active", no_argument, NULL, 'A'},
		{"list-inactive", no_argument, NULL, 'I'},
		{"list-running", no_argument, NULL, 'R'},
		{"list-paused", no_argument, NULL, 'P'},
		{"list-shutoff", no_argument, NULL, 'S'},
		{"list-other", no_argument, NULL, 'O'},
		{"json", no_argument, NULL, 'j'},
		{0, 0, 0, 0},
	};
	struct vc_domstats *v;
	struct vc_conn *c;
	size_t n;
	int ch, groups = 0, list = 0, json = 0;
	char *s;

	vc_tool_init(argc, argv, "[-c uri] [--state] [--cpu-total] [--balloon] [--vcpu] "
	    "[--interface] [--block] [--list-active | --list-inactive] [--list-running] "
	    "[--list-paused] [--list-shutoff] [--list-other] [--json] [name|uuid ...]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 's': groups |= VC_STATS_STATE; break;
		case 'c' + VC_OPT_BASE: groups |= VC_STATS_CPU; break;
		case 'b': groups |= VC_STATS_BALLOON; break;
		case 'v': groups |= VC_STATS_VCPU; break;
		case 'i': groups |= VC_STATS_NET; break;
		case 'k': groups |= VC_STATS_BLOCK; break;
		case 'A': list |= VC_STATS_LIST_ACTIVE; break;
		case 'I': list |= VC_STATS_LIST_INACTIVE; break;
		case 'R': list |= VC_STATS_LIST_RUNNING; break;
		case 'P': list |= VC_STATS_LIST_PAUSED; break;
		case 'S': list |= VC_STATS_LIST_SHUTOFF; break;
		case 'O': list |= VC_STATS_LIST_OTHER; break;
		case 'j': json = 1; break;
		default: vc_usage();
		}
	}
	if (list && optind < argc)
		vc_die_msg(VC_EXIT_USAGE, "--list-* options select guests: give no names with them");
	c = vc_tool_conn();
	if (vc_dom_stats(c, argv + optind, (size_t)(argc - optind), list,
	    groups ? groups : VC_STATS_ALL, &v, &n) < 0)
		vc_die();
	s = vc_domstats_format(v, n, groups, json);
	fputs(s, stdout);
	free(s);
	vc_domstats_free(v, n);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
