/* vdom-detach-device: detach a disk, interface or host device from a guest, live and/or from its config */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_device(argc, argv, 1);
}
