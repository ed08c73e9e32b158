/* vdom-dumpxml: print a guest's XML (live when running) */
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	return vc_main_xml(argc, argv, vc_dom_xml);
}
