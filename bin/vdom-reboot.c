/* vdom-reboot: restart a running guest */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_op(argc, argv, VC_OP_REBOOT, "[-c uri] [--check] name|uuid");
}
