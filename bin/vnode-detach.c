/* vnode-detach: take a PCI device from its host driver and bind it to vfio-pci or pci-stub */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"
#include "host.h"
#include "host/detach.h"
#include "driver/hostdev/hostdev.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"driver", required_argument, NULL, 'd'},
		{"force", no_argument, NULL, 'f'},
		{"check", no_argument, NULL, 'n'},
		{0, 0, 0, 0},
	};
	struct vc_detach_opts o = {0};
	struct vc_conn *c;
	int ch, r;

	vc_tool_init(argc, argv, "[-c uri] [--driver vfio|pci-stub] [--force] "
	    "[--check] name");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'd':
			if (strcmp(optarg, "vfio") == 0 || strcmp(optarg, "vfio-pci") == 0)
				o.driver = "vfio-pci";
			else if (strcmp(optarg, "pci-stub") == 0 || strcmp(optarg, "stub") == 0)
				o.driver = "pci-stub";
			else {
				fprintf(stderr, "%s: --driver: '%s' is not vfio or pci-stub\n",
				        vc_progname, optarg);
				vc_usage();
			}
			break;
		case 'f': o.force = 1; break;
		case 'n': o.check = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_host_use_conn(c) < 0 || vc_hostdev_check_free(c, argv[optind]) < 0)
		vc_die();
	r = vc_nodedev_detach(c->rundir, argv[optind], &o);
	vc_report(r);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
