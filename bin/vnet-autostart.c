/* vnet-autostart: mark a network to start with the host (or --disable) */
#include "virtcore.h"
#include "driver/network_ops.h"

int
main(int argc, char *argv[])
{
	return vc_main_keyop(argc, argv, "disable", 1, vc_net_autostart);
}
