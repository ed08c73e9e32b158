/* vdom-list: list guests, one per line: id, name, state (tab separated) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"all", no_argument, NULL, 'a'},
		{"inactive", no_argument, NULL, 'i'},
		{"state-running", no_argument, NULL, 'r'},
		{"state-paused", no_argument, NULL, 'p'},
		{"state-shutoff", no_argument, NULL, 's'},
		{"state-other", no_argument, NULL, 'o'},
		{"autostart", no_argument, NULL, 'A'},
		{"no-autostart", no_argument, NULL, 'N'},
		{"name", no_argument, NULL, 'n'},
		{"uuid", no_argument, NULL, 'u'},
		{"json", no_argument, NULL, 'j'},
		{"managed-save", no_argument, NULL, 'm'},
		{"with-managed-save", no_argument, NULL, 'M'},
		{"without-managed-save", no_argument, NULL, 'W'},
		{0, 0, 0, 0},
	};
	struct vc_dominfo *v;
	struct vc_conn *c;
	size_t n, i;
	int ch, which = VC_LIST_ACTIVE, states = 0, names = 0, uuids = 0, autos = 0, json = 0;
	int msave = 0, mfilter = 0, has;
	struct vc_json *arr = NULL;

	vc_tool_init(argc, argv, "[-c uri] [--all | --inactive] [--state-running] "
	    "[--state-paused] [--state-shutoff] [--state-other] [--autostart | --no-autostart] "
	    "[--with-managed-save | --without-managed-save] [--managed-save] "
	    "[--name | --uuid | --json]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'a': which = VC_LIST_ACTIVE | VC_LIST_INACTIVE; break;
		case 'i': which = VC_LIST_INACTIVE; break;
		case 'r': states |= 1 << VC_STATE_RUNNING; break;
		case 'p': states |= 1 << VC_STATE_PAUSED; break;
		case 's': states |= 1 << VC_STATE_SHUTOFF; break;
		case 'o': states |= ~((1 << VC_STATE_RUNNING) | (1 << VC_STATE_PAUSED) |
		    (1 << VC_STATE_SHUTOFF)); break;
		case 'A': autos = 1; break;
		case 'N': autos = 2; break;
		case 'n': names = 1; break;
		case 'u': uuids = 1; break;
		case 'j': json = 1; break;
		case 'm': msave = 1; break;
		case 'M': mfilter = 1; break;
		case 'W': mfilter = 2; break;
		default: vc_usage();
		}
	}
	if (argc != optind || names + uuids + json > 1)
		vc_usage();
	if (states || mfilter)
		which = VC_LIST_ACTIVE | VC_LIST_INACTIVE;
	c = vc_tool_conn();
	if (vc_dom_list(c, which, &v, &n) < 0)
		vc_die();
	if (json)
		arr = vc_json_array();
	for (i = 0; i < n; i++) {
		if (states && !(states & (1 << v[i].state)))
			continue;
		if (autos && vc_dom_autostart_get(c, v[i].name) != (autos == 1))
			continue;
		/* shut off with a managed save image: "saved", as virsh list
		 * --managed-save shows it */
		has = (msave || mfilter) && v[i].id < 0 && vc_dom_has_managedsave(c, v[i].name);
		if (mfilter && has != (mfilter == 1))
			continue;
		if (json) {
			struct vc_json *o = vc_json_dominfo(&v[i]);
			if (msave)
				vc_json_bool(o, "managed_save", has);
			vc_json_push(arr, o);
		} else if (names) {
			printf("%s\n", v[i].name);
		} else if (uuids) {
			static const unsigned char none[16];
			struct vc_dominfo info;
			char u[37];
			if (memcmp(v[i].uuid, none, 16) != 0) {
				/* the listing has it (esx, vbox, vz) */
				vc_uuid_format(v[i].uuid, u);
				printf("%s\n", u);
				continue;
			}
			if (vc_dom_info(c, v[i].name, &info) < 0)
				continue;
			vc_uuid_format(info.uuid, u);
			printf("%s\n", u);
			vc_dominfo_clear(&info);
		} else if (v[i].id >= 0) {
			printf("%d\t%s\t%s\n", v[i].id, v[i].name, vc_state_names[v[i].state]);
		} else {
			printf("-\t%s\t%s\n", v[i].name, msave && has ? "saved" : vc_state_names[v[i].state]);
		}
	}
	if (json)
		vc_json_print(arr);
	for (i = 0; i < n; i++)
		vc_dominfo_clear(&v[i]);
	free(v);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
