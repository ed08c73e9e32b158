/* vdom-info: a guest's basic facts, one "Key: value" per line as virsh dominfo */
#include <stdio.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	struct vc_dominfo i;
	struct vc_conn *c;
	char u[37];
	static const struct option lo[] = {
		{"json", no_argument, NULL, 'j'},
		{0, 0, 0, 0},
	};
	int ch, json = 0;

	vc_tool_init(argc, argv, "[-c uri] [--json] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		if (ch != 'j')
			vc_usage();
		json = 1;
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_dom_info(c, argv[optind], &i) < 0)
		vc_die();
	if (json) {
		vc_json_print(vc_json_dominfo(&i));
		vc_dominfo_clear(&i);
		vc_conn_close(c);
		return vc_exit(VC_EXIT_OK);
	}
	vc_uuid_format(i.uuid, u);
	if (i.id >= 0)
		printf("Id:\t%d\n", i.id);
	else
		printf("Id:\t-\n");
	printf("Name:\t%s\nUUID:\t%s\nOS Type:\thvm\nType:\t%s\nState:\t%s\nCPU(s):\t%u\n",
	    i.name, u, i.type, vc_state_names[i.state], i.vcpus);
	if (i.state == VC_STATE_RUNNING || i.state == VC_STATE_PAUSED)
		printf("CPU time:\t%.1fs\n", (double)i.cpu_ms / 1000.0);
	printf("Max memory:\t%llu KiB\nUsed memory:\t%llu KiB\nPersistent:\t%s\nAutostart:\t%s\n"
	    "Managed save:\t%s\n", i.max_kib, i.cur_kib, i.persistent ? "yes" : "no",
	    i.autostart ? "enable" : "disable", i.managed_save ? "yes" : "no");
	vc_dominfo_clear(&i);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
