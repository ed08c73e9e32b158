/* vnode-reattach: give a detached PCI device back to the host driver it had */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"
#include "host.h"
#include "host/detach.h"
#include "driver/hostdev/hostdev.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, check = 0, r;

	vc_tool_init(argc, argv, "[-c uri] [--check] name");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': check = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_host_use_conn(c) < 0 || vc_hostdev_check_free(c, argv[optind]) < 0)
		vc_die();
	r = vc_nodedev_reattach(c->rundir, argv[optind], check);
	vc_report(r);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
