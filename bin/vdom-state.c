/* vdom-state: print a guest's state ("running", "shut off", ...) */
#include <stdio.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	struct vc_dominfo i;
	struct vc_conn *c;
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
		struct vc_json *o = vc_json_object();
		vc_json_str(o, "name", i.name);
		vc_json_str(o, "state", vc_state_names[i.state]);
		vc_json_print(o);
	} else
		printf("%s\n", vc_state_names[i.state]);
	vc_dominfo_clear(&i);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
