/* vdom-screenshot: save a running guest's screen as a PPM picture and print its file name (virsh screenshot) */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"screen", required_argument, NULL, 's'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	unsigned screen = 0;
	char *out;
	int ch;

	vc_tool_init(argc, argv, "[-c uri] [--screen n] name|uuid [file]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 's': screen = (unsigned)vc_arg_ull("--screen", optarg, 0, 1023); break;
		default: vc_usage();
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		vc_usage();
	c = vc_tool_conn();
	if (vc_dom_screenshot(c, argv[optind], screen, argc - optind == 2 ? argv[optind + 1] : NULL,
	    &out) < 0)
		vc_die();
	printf("%s\n", out);
	free(out);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
