/* vdom-reset: reset a running guest at once, as its reset button would (virsh reset) */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_op(argc, argv, VC_OP_RESET, "[-c uri] [--check] name|uuid");
}
