/* vdom-undefine: forget a guest's persistent config */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_keyop(argc, argv, "if-exists", 0, vc_dom_undefine);
}
