/* vnet-hostdev-list: the host devices guests hold, one line each, from the hostdev registry;
 * every row has all seven columns (the last: the network of a pooled VF), '-' for none;
 * --json: one array of objects, null for none */
#include <stdio.h>
#include <string.h>
#include "virtcore.h"
#include "driver/hostdev/hostdev.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"owner", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	struct vc_hostdev_rec *r;
	const char *owner = NULL;
	char mac[18], vlan[16], vf[16];
	size_t n, i;
	int ch, json = 0;
	struct vc_json *arr = NULL;

	vc_tool_init(argc, argv, "[-c uri] [--owner name] [--json]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'o': owner = optarg; break;
		case 'j': json = 1; break;
		default: vc_usage();
		}
	}
	if (argc != optind)
		vc_usage();
	c = vc_tool_conn();
	/* finishes what a killed run left half done, then lists */
	if (vc_hostdev_list(c, &r, &n) < 0)
		vc_die();
	if (json)
		arr = vc_json_array();
	for (i = 0; i < n; i++) {
		if (owner && strcmp(r[i].owner, owner) != 0)
			continue;
		if (json) {
			struct vc_json *o = vc_json_object();

			if (r[i].has_mac)
				vc_mac_format(r[i].mac, mac);
			vc_json_str(o, "device", r[i].key);
			vc_json_str(o, "owner", r[i].owner);
			vc_json_str(o, "pf", r[i].is_vf ? r[i].pf : NULL);
			if (r[i].is_vf)
				vc_json_int(o, "vf", r[i].vf_index);
			else
				vc_json_null(o, "vf");
			vc_json_str(o, "mac", r[i].has_mac ? mac : NULL);
			if (r[i].vlan > 0)
				vc_json_int(o, "vlan", r[i].vlan);
			else
				vc_json_null(o, "vlan");
			vc_json_str(o, "network", r[i].network);
			vc_json_push(arr, o);
			continue;
		}
		if (r[i].has_mac)
			vc_mac_format(r[i].mac, mac);
		else
			strcpy(mac, "-");
		/* VLAN 0 on a VF is no VLAN, as netlink reads it */
		if (r[i].vlan > 0)
			snprintf(vlan, sizeof(vlan), "%d", r[i].vlan);
		else
			strcpy(vlan, "-");
		if (r[i].is_vf)
			snprintf(vf, sizeof(vf), "%d", r[i].vf_index);
		else
			strcpy(vf, "-");
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r[i].key, r[i].owner,
		       r[i].is_vf ? r[i].pf : "-", vf, mac, vlan,
		       r[i].network ? r[i].network : "-");
	}
	if (json)
		vc_json_print(arr);
	vc_hostdev_list_free(r, n);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
