/* vdom-sendkey: press keys on a running guest's keyboard together, then release them (virsh send-key) */
#include <stdio.h>
#include <string.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"codeset", required_argument, NULL, 's'},
		{"holdtime", required_argument, NULL, 't'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	unsigned holdtime = 0;
	int ch, set = VC_KEYSET_LINUX;

	vc_tool_init(argc, argv, "[-c uri] [--codeset set] [--holdtime ms] name|uuid keycode...");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 's':
			if ((set = vc_keycode_set(optarg)) < 0)
				vc_die_msg(VC_EXIT_USAGE, "--codeset %s: not one of linux, xt, atset1, "
				    "atset2, atset3, os_x, xt_kbd, usb, win32, rfb, qnum", optarg);
			break;
		case 't':
			holdtime = (unsigned)vc_arg_ull("--holdtime", optarg, 0, 60000);
			break;
		default: vc_usage();
		}
	}
	if (argc - optind < 2)
		vc_usage();
	c = vc_tool_conn();
	if (vc_dom_sendkey(c, argv[optind], set, holdtime, argv + optind + 1,
	    (size_t)(argc - optind - 1)) < 0)
		vc_die();
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
