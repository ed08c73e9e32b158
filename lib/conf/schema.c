/* schema.c: validation against the RELAX NG schemas built into the library */
#include <stdlib.h>
#include <string.h>
#include <libxml/relaxng.h>
#include "../conf.h"

struct vc_schema_text { const char *name, *text; };
extern const struct vc_schema_text vc_schemas[];

struct ctx {
	const char *file;
	int seen;
};

static void
on_error(void *data, const xmlError *e)
{
	struct ctx *c = data;
	char *m, *path;

	if (c->seen++)
		return;
	m = vc_strdup(e->message ? e->message : "invalid");
	m[strcspn(m, "\n")] = '\0';
	path = e->node ? vc_x_path((xmlNodePtr)e->node) : vc_strdup("");
	vc_err("%s:%d: %s: %s", c->file, e->line, path, m);
	free(path);
	free(m);
}

int
vc_schema_validate(const char *schema, xmlDocPtr doc, const char *file)
{
	xmlRelaxNGParserCtxtPtr pctx;
	xmlRelaxNGValidCtxtPtr vctx;
	xmlRelaxNGPtr rng;
	struct ctx c = {file, 0};
	int i, r;

	for (i = 0; vc_schemas[i].name; i++)
		if (strcmp(vc_schemas[i].name, schema) == 0)
			break;
	if (!vc_schemas[i].name)
		return vc_err("no built-in schema '%s'", schema);
	pctx = xmlRelaxNGNewMemParserCtxt(vc_schemas[i].text, (int)strlen(vc_schemas[i].text));
	rng = xmlRelaxNGParse(pctx);
	xmlRelaxNGFreeParserCtxt(pctx);
	if (!rng)
		return vc_err("built-in schema '%s' does not compile", schema);
	vctx = xmlRelaxNGNewValidCtxt(rng);
	xmlRelaxNGSetValidStructuredErrors(vctx, (xmlStructuredErrorFunc)on_error, &c);
	r = xmlRelaxNGValidateDoc(vctx, doc);
	xmlRelaxNGFreeValidCtxt(vctx);
	xmlRelaxNGFree(rng);
	if (r != 0) {
		if (!c.seen)
			vc_err("%s: does not match the %s schema", file, schema);
		return -1;
	}
	return 0;
}
