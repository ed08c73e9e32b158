/* vdom-from-native: domain XML from a native configuration (virsh domxml-from-native) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"format", required_argument, NULL, 'f'},
		{"strict", no_argument, NULL, 's'},
		{0, 0, 0, 0},
	};
	const char *format = NULL, *file = "-";
	const struct vc_native_fmt *f;
	struct vc_domain *d;
	char *text, *out;
	size_t len;
	int ch, strict = 0;

	vc_tool_init(argc, argv, "--format FMT [--strict] [file]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'f': format = optarg; break;
		case 's': strict = 1; break;
		default: vc_usage();
		}
	}
	if (!format || argc - optind > 1)
		vc_usage();
	if (argc - optind == 1)
		file = argv[optind];
	if (!(f = vc_native_find(format)) || !f->from) {
		char *k = vc_native_names(1);
		vc_die_msg(VC_EXIT_USAGE, "--format %s: unknown format (known: %s)", format, *k ? k : "none yet");
	}
	/* the XML cap for native files too: a converter holds it all */
	if (!(text = vc_file_read_max(file, VC_XML_MAX, &len)))
		vc_die();
	d = vc_native_from(f, text, len, strcmp(file, "-") ? file : "-", strict);
	free(text);
	if (!d)
		vc_die();
	out = vc_domain_format(d, 0);
	vc_domain_free(d);
	fputs(out, stdout);
	free(out);
	return vc_exit(VC_EXIT_OK);
}
