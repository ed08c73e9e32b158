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
		{"json", no_argument, NULL, 'j'},
		{0, 0, 0, 0},
	};
	struct vc_json *arr = NULL;
	struct vc_netinfo *v;
	struct vc_conn *c;
	size_t n, i;
	int ch, which = VC_LIST_ACTIVE, names = 0, uuids = 0, autos = 0, pers = 0, json = 0;
	char u[37];

	vc_tool_init(argc, argv, "[-c uri] [--all | --inactive] [--autostart | --no-autostart] "
	    "[--persistent | --transient] [--name | --uuid | --json]");
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
		case 'j': json = 1; break;
		default: vc_usage();
		}
	}
	if (argc != optind || names + uuids + json > 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_net_list(c, which, &v, &n) < 0)
		vc_die();
	if (json)
		arr = vc_json_array();
	for (i = 0; i < n; i++) {
		if ((autos && v[i].autostart != (autos == 1)) ||
		    (pers && v[i].persistent != (pers == 1)))
			continue;
		if (json) {
			struct vc_json *o = vc_json_object();
			vc_uuid_format(v[i].uuid, u);
			vc_json_str(o, "name", v[i].name);
			vc_json_str(o, "uuid", u);
			vc_json_bool(o, "active", v[i].active);
			vc_json_bool(o, "autostart", v[i].autostart);
			vc_json_bool(o, "persistent", v[i].persistent);
			vc_json_str(o, "forward", v[i].mode ? vc_net_fwd_names[v[i].mode] : "isolated");
			vc_json_str(o, "bridge", v[i].bridge);
			vc_json_push(arr, o);
		} else if (names) {
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
	if (json)
		vc_json_print(arr);
	for (i = 0; i < n; i++)
		vc_netinfo_clear(&v[i]);
	free(v);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
