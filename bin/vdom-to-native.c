/* vdom-to-native: a domain's native configuration (virsh domxml-to-native) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"format", required_argument, NULL, 'f'},
		{"domain", required_argument, NULL, 'd'},
		{"strict", no_argument, NULL, 's'},
		{0, 0, 0, 0},
	};
	const char *format = "qemu-argv", *dom = NULL, *file = "-";
	const struct vc_native_fmt *f;
	struct vc_conn *c = NULL;
	struct vc_domain *d;
	char *out;
	int ch, strict = 0;

	vc_tool_init(argc, argv, "[-c uri] [--format FMT] [--strict] [file.xml | --domain name|uuid]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'f': format = optarg; break;
		case 'd': dom = optarg; break;
		case 's': strict = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind > (dom ? 0 : 1))
		vc_usage();
	if (argc - optind == 1)
		file = argv[optind];
	if (!(f = vc_native_find(format)) || !f->to) {
		char *k = vc_native_names(0);
		vc_die_msg(VC_EXIT_USAGE, "--format %s: unknown format (known: %s)", format, k);
	}
	/* a file needs no host: it is converted for the format's own driver
	 * (the default test driver runs no QEMU) */
	if (dom || !f->driver || vc_opt_uri() || strncmp(vc_uri_default(), f->driver, strlen(f->driver)) == 0)
		c = vc_tool_conn();
	else {
		char *u = vc_asprintf("%s:///session", f->driver);
		c = vc_conn_open(u);
		free(u);
		if (!c)
			vc_die();
	}
	if (dom) {
		char *xml = vc_dom_xml(c, dom, 1);
		if (!xml)
			vc_die();
		d = vc_domain_parse(xml, strlen(xml), dom);
		free(xml);
	} else {
		size_t len;
		char *xml = vc_file_read_max(file, VC_XML_MAX, &len);
		if (!xml) {
			vc_err_prefix("%s", file);
			vc_die();
		}
		d = vc_domain_parse_validate(xml, len, strcmp(file, "-") ? file : "-");
		free(xml);
	}
	if (!d)
		vc_die();
	out = f->to(c, d, strict);
	vc_domain_free(d);
	vc_conn_close(c);
	if (!out)
		vc_die();
	fputs(out, stdout);
	free(out);
	return vc_exit(VC_EXIT_OK);
}
