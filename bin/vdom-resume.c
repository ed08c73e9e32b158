/* vdom-resume: continue a paused guest */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_op(argc, argv, VC_OP_RESUME, "[-c uri] [--check] name|uuid");
}
