/* vnet-undefine: forget a network's persistent config (it keeps running) */
#include "virtcore.h"
#include "driver/network_ops.h"

int
main(int argc, char *argv[])
{
	return vc_main_keyop(argc, argv, "if-exists", 0, vc_net_undefine);
}
