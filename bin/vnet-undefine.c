/* vnet-undefine: forget a network's persistent config (it keeps running) */
#include "virtcore.h"
#include "driver/network_ops.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"check", no_argument, NULL, 'n'},
		{"if-exists", no_argument, NULL, 'e'},
		{0, 0, 0, 0},
	};
	struct vc_conn *c;
	int ch, r, check = 0, if_exists = 0;

	vc_tool_init(argc, argv, "[-c uri] [--check] [--if-exists] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'n': check = 1; break;
		case 'e': if_exists = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	r = vc_net_undefine(c, argv[optind], if_exists, check);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
