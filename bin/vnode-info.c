/* vnode-info: print the host's capabilities XML: CPU, NUMA cells, IOMMU, guest types */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"
#include "host.h"
#include "host/detach.h"

int
main(int argc, char *argv[])
{
	struct vc_caps_opts o;
	struct vc_conn *c;
	char *emu, *xml;
	int ch, sim;

	vc_tool_init(argc, argv, "[-c uri]");
	while ((ch = vc_getopt(argc, argv, "", NULL)) != -1)
		vc_usage();
	if (argc != optind)
		vc_usage();
	c = vc_tool_conn();
	if (c->drv->inv && c->drv->inv->caps) {
		/* the driver's own host (esx://host): its answer, not ours */
		if (!(xml = c->drv->inv->caps(c)))
			vc_die();
		fputs(xml, stdout);
		free(xml);
		vc_conn_close(c);
		return vc_exit(VC_EXIT_OK);
	}
	if ((sim = vc_host_use_conn(c)) < 0)
		vc_die();
	vc_caps_opts_default(&o, &emu);
	if (sim) {
		/* the simulated host runs every guest type the test driver takes */
		o.emulator = "/usr/bin/qemu-system-x86_64";
		o.kvm = 1;
	}
	xml = vc_host_capabilities(&o);
	fputs(xml, stdout);
	free(xml);
	free(emu);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
