/* fuzz target: one native format of vdom-from-native, named by FMT at
 * compile time (native-xen-xl, native-vmware-vmx, ...). Oracle: the
 * domain a converter makes formats to XML that parses; from there on
 * parse and format are a fixed point (the first parse may add defaults
 * a converter leaves out, as libvirt's does: <boot dev='hd'/>). */
#include "fuzz.h"
#include "conf.h"
#include "driver.h"

#ifndef FMT
#error "compile with -DFMT='\"xen-xl\"'"
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct vc_native_fmt *f;
	struct vc_domain *d, *d2;
	char *text, *a, *b;

	if (!f && (!(f = vc_native_find(FMT)) || !f->from))
		FUZZ_FAIL("no native format '%s' that converts from", FMT);
	/* the converters take text with a length, as read from a file */
	text = fuzz_str(data, size);
	d = f->from(text, size, "fuzz.native", 0);   /* not strict: more of it converts */
	free(text);
	if (!d) {
		vc_err_clear();
		return 0;
	}
	a = vc_domain_format(d, 0);
	vc_domain_free(d);
	if (!(d2 = vc_domain_parse(a, strlen(a), "converted.xml"))) {
		/* the one refusal kept on purpose: vmx2xml names a SATA disk
		 * as a SCSI one even where the names meet (sata0:0 and scsi0:0
		 * are both sda), and vmware-vmx gives libvirt's output exactly */
		if (strcmp(FMT, "vmware-vmx") == 0 && strstr(vc_errmsg(), "is used by two disks")) {
			vc_err_clear();
			free(a);
			return 0;
		}
		FUZZ_FAIL("%s: the converted domain does not parse: %s\n%s", FMT, vc_errmsg(), a);
	}
	b = vc_domain_format(d2, 0);
	vc_domain_free(d2);
	if (!(d2 = vc_domain_parse(b, strlen(b), "formatted.xml")))
		FUZZ_FAIL("%s: our own output does not parse: %s\n%s", FMT, vc_errmsg(), b);
	free(a);
	a = vc_domain_format(d2, 0);
	vc_domain_free(d2);
	fuzz_same(FMT, b, a);
	free(a);
	free(b);
	return 0;
}
