/* vdom-shutdown: ask a guest to power off (ACPI) */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_op(argc, argv, VC_OP_SHUTDOWN, "[-c uri] [--check] [--timeout seconds] name|uuid");
}
