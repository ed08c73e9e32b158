/* vdom-validate: check domain XML against the schema and the model */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	struct vc_domain *d;
	const char *file = "-";
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
	if (!(xml = vc_file_read_max(file, VC_XML_MAX, &len)))
		vc_die();
	d = vc_domain_parse_validate(xml, len, strcmp(file, "-") == 0 ? "stdin" : file);
	free(xml);
	if (!d)
		vc_die();
	vc_domain_free(d);
	printf("%s: valid\n", strcmp(file, "-") == 0 ? "stdin" : file);
	return vc_exit(VC_EXIT_OK);
}
