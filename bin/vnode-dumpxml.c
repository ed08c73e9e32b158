/* vnode-dumpxml: print the node device XML of one host device */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"
#include "host.h"
#include "host/detach.h"

int
main(int argc, char *argv[])
{
	struct vc_conn *c;
	struct vc_pciaddr a;
	char nm[24], *xml;
	const char *name;
	int ch;

	vc_tool_init(argc, argv, "[-c uri] name");
	while ((ch = vc_getopt(argc, argv, "", NULL)) != -1)
		vc_usage();
	if (argc - optind != 1)
		vc_usage();
	name = argv[optind];
	c = vc_tool_conn();
	if (vc_host_use_conn(c) < 0)
		vc_die();
	/* a PCI address names its device too: 0000:04:00.0, 04:00.0 */
	if (strchr(name, ':') && strncmp(name, "pci_", 4) != 0) {
		if (vc_pci_addr_scan(name, &a) < 0)
			vc_die();
		vc_pci_nodedev_name(&a, nm);
		name = nm;
	}
	if (!(xml = vc_host_nodedev_xml(name)))
		vc_die();
	fputs(xml, stdout);
	free(xml);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
