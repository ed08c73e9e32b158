/* schema.c: validation against the RELAX NG schemas built into the library */
#include <stdlib.h>
#include <string.h>
#include <libxml/relaxng.h>
#include "../conf.h"

struct vc_schema_text { const char *name, *text; };
extern const struct vc_schema_text vc_schemas[];

struct ctx {
	int quiet;          /* while searching for the culprit */
	long budget;        /* validations the search may still run */
	char msg[512];      /* first message of the last failed run */
	long line;
	char *path;
};

static void
on_error(void *data, const xmlError *e)
{
	struct ctx *c = data;

	if (c->quiet || c->msg[0])
		return;
	snprintf(c->msg, sizeof(c->msg), "%s", e->message ? e->message : "invalid");
	c->msg[strcspn(c->msg, "\n")] = '\0';
	if (e->node) {
		c->line = vc_x_line((xmlNodePtr)e->node);
		free(c->path);
		c->path = vc_x_path((xmlNodePtr)e->node);
	}
}

static int
valid(xmlRelaxNGPtr rng, xmlDocPtr doc, struct ctx *c)
{
	xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(rng);
	int r;

	xmlRelaxNGSetValidStructuredErrors(v, (xmlStructuredErrorFunc)on_error, c);
	r = xmlRelaxNGValidateDoc(v, doc);
	xmlRelaxNGFreeValidCtxt(v);
	return r == 0;
}

/* elements in the tree under n (libxml2 caps the depth at 256) */
static long
elements(xmlNodePtr n)
{
	long k = 0;

	for (; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			k += 1 + elements(n->children);
	return k;
}

/* How many validations the culprit search may run: each costs at least
 * the document's size, so a document of n elements gets 10^9 / n^2 of
 * them (at most 512): a few thousand elements are searched through, a
 * large document keeps libxml2's own message. Without the bound a
 * document of 4,000 children and one bad one took 14 s, 100,000 hours. */
static long
search_budget(xmlDocPtr doc)
{
	long n = elements(xmlDocGetRootElement(doc));

	if (n <= 1397)
		return 512;
	return 1000000000L / n / n;
}

/* libxml2 reports interleave failures at the parent, often without a
 * line: find the element whose removal makes the document valid, then
 * look inside it for the deepest such element. Only on the error path. */
static xmlNodePtr
culprit(xmlRelaxNGPtr rng, xmlDocPtr doc, xmlNodePtr parent, struct ctx *c)
{
	xmlNodePtr ch, next, found = NULL, deeper;
	int ok;

	for (ch = parent->children; ch && !found; ch = next) {
		next = ch->next;
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		if (c->budget-- <= 0)
			return NULL;
		xmlUnlinkNode(ch);
		ok = valid(rng, doc, c);
		if (next)
			xmlAddPrevSibling(next, ch);
		else
			xmlAddChild(parent, ch);
		if (ok)
			found = ch;
	}
	if (!found) {
		/* no single child is at fault: maybe one deeper down */
		for (ch = parent->children; ch; ch = ch->next)
			if (ch->type == XML_ELEMENT_NODE && ch->children &&
			    (deeper = culprit(rng, doc, ch, c)))
				return deeper;
		return NULL;
	}
	deeper = found->children ? culprit(rng, doc, found, c) : NULL;
	return deeper ? deeper : found;
}

/* is it one attribute's value rather than the element itself? */
static int
bad_attr(xmlRelaxNGPtr rng, xmlDocPtr doc, xmlNodePtr bad, struct ctx *c,
         const char *file, const char *path, const char *schema)
{
	xmlChar *names[32], *v;
	xmlAttrPtr a;
	int n = 0, i, ok, found = 0;

	for (a = bad->properties; a && n < 32; a = a->next)
		names[n++] = xmlStrdup(a->name);
	for (i = 0; i < n && !found && c->budget-- > 0; i++) {
		v = xmlGetProp(bad, names[i]);
		xmlUnsetProp(bad, names[i]);
		ok = valid(rng, doc, c);
		xmlSetProp(bad, names[i], v);
		if (ok) {
			vc_err("%s:%ld: %s: %s='%s' is not allowed by the %s schema",
			    file, vc_x_line(bad), path, (const char *)names[i],
			    (const char *)v, schema);
			found = 1;
		}
		xmlFree(v);
	}
	for (i = 0; i < n; i++)
		xmlFree(names[i]);
	return found;
}

int
vc_schema_validate(const char *schema, xmlDocPtr doc, const char *file)
{
	xmlRelaxNGParserCtxtPtr pctx;
	xmlRelaxNGPtr rng;
	struct ctx c = {0};
	xmlNodePtr bad;
	char *path;
	int i;

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
	if (valid(rng, doc, &c)) {
		xmlRelaxNGFree(rng);
		free(c.path);
		return 0;
	}
	c.quiet = 1;
	c.budget = search_budget(doc);
	bad = culprit(rng, doc, xmlDocGetRootElement(doc), &c);
	if (bad) {
		path = vc_x_path(bad);
		if (bad_attr(rng, doc, bad, &c, file, path, schema)) {
			free(path);
			goto out;
		}
		vc_err("%s:%ld: %s: <%s> is not allowed here by the %s schema",
		    file, vc_x_line(bad), path, (const char *)bad->name, schema);
		free(path);
	} else if (c.path) {
		vc_err("%s:%ld: %s: %s", file, c.line, c.path, c.msg);
	} else {
		vc_err("%s: does not match the %s schema: %s", file, schema, c.msg);
	}
out:
	free(c.path);
	xmlRelaxNGFree(rng);
	return -1;
}
