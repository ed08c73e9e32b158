/* vdom-setvcpus: set the number of a guest's vCPUs, live and/or in its config (virsh setvcpus) */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_setvcpus(argc, argv);
}
