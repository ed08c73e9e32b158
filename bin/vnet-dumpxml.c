/* vnet-dumpxml: print a network's XML (live when active) */
#include "virtcore.h"
#include "driver/network_ops.h"

int
main(int argc, char *argv[])
{
	return vc_main_xml(argc, argv, vc_net_xml);
}
