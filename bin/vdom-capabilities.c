/* vdom-capabilities: what the driver and its emulator offer guests, as libvirt's domainCapabilities XML (virsh domcapabilities) */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"virttype", required_argument, NULL, 't'},
		{"emulatorbin", required_argument, NULL, 'e'},
		{"arch", required_argument, NULL, 'a'},
		{"machine", required_argument, NULL, 'm'},
		{0, 0, 0, 0},
	};
	struct vc_domcaps_req r = { 0 };
	struct vc_conn *c;
	char *xml;
	int ch;

	vc_tool_init(argc, argv,
	             "[-c uri] [--virttype t] [--emulatorbin path] [--arch a] [--machine m]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 't': r.virttype = optarg; break;
		case 'e': r.emulator = optarg; break;
		case 'a': r.arch = optarg; break;
		case 'm': r.machine = optarg; break;
		default: vc_usage();
		}
	}
	if (argc != optind)
		vc_usage();
	c = vc_tool_conn();
	if (!(xml = vc_dom_capabilities(c, &r)))
		vc_die();
	fputs(xml, stdout);
	free(xml);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
