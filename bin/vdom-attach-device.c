/* vdom-attach-device: attach a disk, interface or host device to a guest, live and/or in its config */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_device(argc, argv, 0);
}
