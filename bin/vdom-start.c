/* vdom-start: start a defined guest */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_op(argc, argv, VC_OP_START, "[-c uri] [--check] name|uuid");
}
