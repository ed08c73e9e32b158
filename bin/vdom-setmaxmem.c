/* vdom-setmaxmem: set a guest's maximum memory in its config (virsh setmaxmem) */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_setmem(argc, argv, 1);
}
