/* vdom-define: define or update a guest from its XML */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_define(argc, argv, vc_dom_define);
}
