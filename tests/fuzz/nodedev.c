/* fuzz target: node device XML (vnode-validate: the safe reader, then the
 * nodedev schema). Oracle: a document that reads and validates, written
 * out and read again, validates too and writes out the same text. */
#include <libxml/tree.h>
#include "fuzz.h"
#include "conf.h"

static char *
dump(xmlDocPtr doc)
{
	xmlChar *out = NULL;
	char *s;
	int n = 0;

	xmlDocDumpMemory(doc, &out, &n);
	if (!out)
		FUZZ_FAIL("nodedev: cannot write the document out");
	s = vc_strndup((const char *)out, (size_t)n);
	xmlFree(out);
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDocPtr doc, doc2;
	char *a, *b;

	if (!(doc = vc_x_read((const char *)data, size, "fuzz.xml"))) {
		vc_err_clear();
		return 0;
	}
	if (vc_schema_validate("nodedev", doc, "fuzz.xml") < 0) {
		vc_err_clear();
		xmlFreeDoc(doc);
		return 0;
	}
	a = dump(doc);
	xmlFreeDoc(doc);
	if (!(doc2 = vc_x_read(a, strlen(a), "written.xml")))
		FUZZ_FAIL("nodedev: written document does not read: %s\n%s", vc_errmsg(), a);
	if (vc_schema_validate("nodedev", doc2, "written.xml") < 0)
		FUZZ_FAIL("nodedev: written document is not valid: %s\n%s", vc_errmsg(), a);
	b = dump(doc2);
	xmlFreeDoc(doc2);
	fuzz_same("nodedev", a, b);
	free(a);
	free(b);
	return 0;
}
