/* vnet-define: define or update a network from its XML */
#include "virtcore.h"
#include "driver/network_ops.h"

int
main(int argc, char *argv[])
{
	return vc_main_define(argc, argv, vc_net_define);
}
