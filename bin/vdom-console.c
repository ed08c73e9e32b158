/* vdom-console: attach to a guest's serial console, or print what it wrote (--log) */
#include <stdio.h>
#include "virtcore.h"
#include "driver/qemu/qemu.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"log", no_argument, NULL, 'l'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, log = 0, r;

	vc_tool_init(argc, argv, "[-c uri] [--log] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'l': log = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	fflush(stdout);
	if (log)
		r = vc_qemu_console_log(c, argv[optind], 1);
	else
		r = vc_qemu_console_attach(c, argv[optind], 0x1d);   /* ^] */
	vc_conn_close(c);
	if (r < 0)
		vc_die();
	return vc_exit(VC_EXIT_OK);
}
