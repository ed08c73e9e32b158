/* vnet-hostdev-list: the host devices guests hold, one line each, from the hostdev registry;
 * every row has all seven columns (the last: the network of a pooled VF), '-' for none */
#include <stdio.h>
#include <string.h>
#include "virtcore.h"
#include "driver/hostdev/hostdev.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"owner", required_argument, NULL, 'o'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	struct vc_hostdev_rec *r;
	const char *owner = NULL;
	char mac[18], vlan[16], vf[16];
	size_t n, i;
	int ch;

	vc_tool_init(argc, argv, "[-c uri] [--owner name]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'o': owner = optarg; break;
		default: vc_usage();
		}
	}
	if (argc != optind)
		vc_usage();
	c = vc_tool_conn();
	/* finishes what a killed run left half done, then lists */
	if (vc_hostdev_list(c, &r, &n) < 0)
		vc_die();
	for (i = 0; i < n; i++) {
		if (owner && strcmp(r[i].owner, owner) != 0)
			continue;
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
	vc_hostdev_list_free(r, n);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
