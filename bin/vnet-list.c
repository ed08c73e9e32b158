/* vnet-list: list networks, one per line: name, state, autostart, persistent, mode, bridge */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"
#include "driver/network_ops.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"all", no_argument, NULL, 'a'},
		{"inactive", no_argument, NULL, 'i'},
		{"autostart", no_argument, NULL, 'A'},
		{"no-autostart", no_argument, NULL, 'N'},
		{"persistent", no_argument, NULL, 'P'},
		{"transient", no_argument, NULL, 'T'},
		{"name", no_argument, NULL, 'n'},
		{"uuid", no_argument, NULL, 'u'},
		{0, 0, 0, 0},
	};
	struct vc_netinfo *v;
	struct vc_conn *c;
	size_t n, i;
	int ch, which = VC_LIST_ACTIVE, names = 0, uuids = 0, autos = 0, pers = 0;
	char u[37];

	vc_tool_init(argc, argv, "[-c uri] [--all | --inactive] [--autostart | --no-autostart] "
	    "[--persistent | --transient] [--name | --uuid]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'a': which = VC_LIST_ACTIVE | VC_LIST_INACTIVE; break;
		case 'i': which = VC_LIST_INACTIVE; break;
		case 'A': autos = 1; break;
		case 'N': autos = 2; break;
		case 'P': pers = 1; break;
		case 'T': pers = 2; break;
		case 'n': names = 1; break;
		case 'u': uuids = 1; break;
		default: vc_usage();
		}
	}
	if (argc != optind || (names && uuids))
		vc_usage();
	c = vc_tool_conn();
	if (vc_net_list(c, which, &v, &n) < 0)
		vc_die();
	for (i = 0; i < n; i++) {
		if ((autos && v[i].autostart != (autos == 1)) ||
		    (pers && v[i].persistent != (pers == 1)))
			continue;
		if (names) {
			printf("%s\n", v[i].name);
		} else if (uuids) {
			vc_uuid_format(v[i].uuid, u);
			printf("%s\n", u);
		} else {
			printf("%s\t%s\t%s\t%s\t%s\t%s\n", v[i].name,
			    v[i].active ? "active" : "inactive",
			    v[i].autostart ? "yes" : "no", v[i].persistent ? "yes" : "no",
			    v[i].mode ? vc_net_fwd_names[v[i].mode] : "isolated",
			    v[i].bridge ? v[i].bridge : "-");
		}
	}
	for (i = 0; i < n; i++)
		vc_netinfo_clear(&v[i]);
	free(v);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
