/* vdom-setmem: set the memory a guest's balloon gives it, live and/or in its config (virsh setmem) */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_setmem(argc, argv, 0);
}
