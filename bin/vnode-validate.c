/* vnode-validate: check node device XML against the nodedev schema */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	const char *file = "-", *shown;
	xmlDocPtr doc;
	char *xml;
	size_t len;
	int ch;

	vc_tool_init(argc, argv, "[file.xml]");
	while ((ch = vc_getopt(argc, argv, "", NULL)) != -1)
		vc_usage();
	if (argc - optind > 1)
		vc_usage();
	if (argc - optind == 1)
		file = argv[optind];
	shown = strcmp(file, "-") == 0 ? "stdin" : file;
	if (!(xml = vc_file_read_max(file, VC_XML_MAX, &len)))
		vc_die();
	doc = vc_x_read(xml, len, shown);
	free(xml);
	if (!doc)
		vc_die();
	if (vc_schema_validate("nodedev", doc, shown) < 0) {
		xmlFreeDoc(doc);
		vc_die();
	}
	xmlFreeDoc(doc);
	printf("%s: valid\n", shown);
	return vc_exit(VC_EXIT_OK);
}
