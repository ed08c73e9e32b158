/* vdom-state: print a guest's state ("running", "shut off", ...) */
#include <stdio.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	struct vc_dominfo i;
	struct vc_conn *c;
	int ch;

	vc_tool_init(argc, argv, "[-c uri] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", NULL)) != -1)
		vc_usage();
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_dom_info(c, argv[optind], &i) < 0)
		vc_die();
	printf("%s\n", vc_state_names[i.state]);
	vc_dominfo_clear(&i);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
