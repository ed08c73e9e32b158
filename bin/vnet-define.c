/* vnet-define: define or update a network from its XML */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"
#include "driver/network_ops.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"diff", no_argument, NULL, 'd'},
		{"print-name", no_argument, NULL, 'p'},
		{"validate", no_argument, NULL, 'v'},
		{0, 0, 0, 0},
	};
	struct vc_define_opts o = {0};
	struct vc_conn *c;
	char *xml, *diff = NULL, *name = NULL;
	const char *file = "-";
	size_t len;
	int ch, r, print_name = 0;

	vc_tool_init(argc, argv, "[-c uri] [--check] [--diff] [--validate] [--print-name] [file.xml]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': o.check = 1; break;
		case 'd': o.diff = &diff; break;
		case 'p': print_name = 1; break;
		case 'v': o.validate = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind > 1)
		vc_usage();
	if (argc - optind == 1)
		file = argv[optind];
	if (!(xml = vc_file_read(file, &len)))
		vc_die();
	o.file = strcmp(file, "-") == 0 ? "stdin" : file;
	c = vc_tool_conn();
	r = vc_net_define(c, xml, len, &o, &name);
	free(xml);
	vc_conn_close(c);
	if (r < 0)
		vc_die();
	if (diff)
		fputs(diff, stdout);
	if (print_name)
		printf("%s\n", name);
	free(diff);
	free(name);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
