/* vdom-exec: run a command inside a running container's namespaces and
 * cgroups (lxc driver), stdio passed, its exit status returned */
#include <stdio.h>
#include "virtcore.h"
#include "driver/lxc/lxc.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, r;

	vc_tool_init(argc, argv, "[-c uri] name|uuid [--] command [arg ...]");
	/* options stop at the name: what follows is the command's */
	while ((ch = vc_getopt(argc, argv, "+", lo)) != -1)
		vc_usage();
	if (argc - optind < 2)
		vc_usage();
	if (optind + 1 < argc && argv[optind + 1][0] == '-' && argv[optind + 1][1] == '-' &&
	    argv[optind + 1][2] == 0)
		argv[optind + 1] = argv[optind], optind++;
	if (argc - optind < 2)
		vc_usage();
	c = vc_tool_conn();
	r = vc_lxc_exec(c, argv[optind], argv + optind + 1);
	vc_conn_close(c);
	if (r < 0)
		vc_die();
	return vc_exit(r);
}
