/* vdom-autostart: mark a guest to start with the host (or --disable) */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_keyop(argc, argv, "disable", 1, vc_dom_autostart);
}
