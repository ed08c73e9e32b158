/* vdom-destroy: stop a guest at once */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_op(argc, argv, VC_OP_DESTROY, "[-c uri] [--check] name|uuid");
}
