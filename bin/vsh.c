/* vsh: an interactive shell over the virtcore tools, with virsh's command names */
#include <stdio.h>
#include "virtcore.h"
#include "shell.h"

int
main(int argc, char *argv[])
{
	struct vc_sh sh;
	int st;

	vc_tool_init(argc, argv, "[-c uri] [command [arg ...]]");
	if (vc_getopt(argc, argv, "+", NULL) != -1)
		vc_usage();
	vc_sh_init(&sh, vc_opt_uri());
	if (optind < argc)
		st = vc_sh_run(&sh, argc - optind, argv + optind, stdout);
	else
		st = vc_sh_loop(&sh);
	vc_sh_free(&sh);
	return vc_exit(st);
}
