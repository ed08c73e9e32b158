/* vdom-attach-device: attach a disk, interface or host device to a guest, live and/or in its config */
#include <string.h>
#include <stdlib.h>
#include "virtcore.h"
#include "driver/device_ops.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"live", no_argument, NULL, 'l'},
		{"config", no_argument, NULL, 'C'},
		{"persistent", no_argument, NULL, 'C'},
		{"check", no_argument, NULL, 'n'},
		{0, 0, 0, 0},
	};
	struct vc_device_opts o = {0};
	struct vc_conn *c;
	const char *file = "-";
	char *xml;
	size_t len;
	int ch, r;

	vc_tool_init(argc, argv, "[-c uri] [--live] [--config] [--check] name|uuid [file.xml]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'l': o.affect |= VC_AFFECT_LIVE; break;
		case 'C': o.affect |= VC_AFFECT_CONFIG; break;
		case 'n': o.check = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		vc_usage();
	if (argc - optind == 2)
		file = argv[optind + 1];
	if (!(xml = vc_file_read(file, &len)))
		vc_die();
	o.file = strcmp(file, "-") == 0 ? "stdin" : file;
	c = vc_tool_conn();
	r = vc_dom_attach_device(c, argv[optind], xml, len, &o);
	free(xml);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
