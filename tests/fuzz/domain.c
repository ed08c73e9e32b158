/* fuzz target: domain XML, with a round-trip oracle: parse, format,
 * parse the output, format again; the two texts must be identical,
 * and what we format must parse */
#include "fuzz.h"
#include "conf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_domain *d, *d2;
	char *a, *b;

	if (!(d = vc_domain_parse((const char *)data, size, "fuzz.xml"))) {
		vc_err_clear();
		return 0;
	}
	a = vc_domain_format(d, 0);
	vc_domain_free(d);
	if (!(d2 = vc_domain_parse(a, strlen(a), "formatted.xml")))
		FUZZ_FAIL("domain: our own output does not parse: %s\n%s", vc_errmsg(), a);
	b = vc_domain_format(d2, 0);
	vc_domain_free(d2);
	fuzz_same("domain", a, b);
	free(a);
	free(b);
	return 0;
}
