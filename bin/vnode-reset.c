/* vnode-reset: function level reset of a PCI device through sysfs */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"
#include "host.h"
#include "host/detach.h"
#include "driver/hostdev/hostdev.h"

int
main(int argc, char *argv[])
{
	struct vc_conn *c;
	int ch;

	vc_tool_init(argc, argv, "[-c uri] name");
	while ((ch = vc_getopt(argc, argv, "", NULL)) != -1)
		vc_usage();
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_host_use_conn(c) < 0 || vc_hostdev_check_free(c, argv[optind]) < 0)
		vc_die();
	/* a reset always acts: there is no "unchanged" */
	vc_report(vc_nodedev_reset(argv[optind]) < 0 ? -1 : 1);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
