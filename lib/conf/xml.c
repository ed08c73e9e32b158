/* xml.c: reading XML safely, and parse helpers that remember what they read */
#include <string.h>
#include <stdlib.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include "../conf.h"

#define USED ((void *)1)

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

xmlDocPtr
vc_x_read(const char *data, size_t len, const char *file)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlNodePtr n;
	const xmlError *e;

	xmlSetGenericErrorFunc(NULL, quiet);
	/* libxml2 takes an int length; the cap keeps every document far
	 * below it, and a NUL would end the text libxml2 reads early, so
	 * whatever follows it would never be looked at */
	if (len > VC_XML_MAX) {
		vc_err("%s: document is %zu bytes, more than the %u bytes allowed",
		    file, len, VC_XML_MAX);
		return NULL;
	}
	if (memchr(data, '\0', len)) {
		vc_err("%s: NUL byte at offset %zu", file,
		    (size_t)((const char *)memchr(data, '\0', len) - data));
		return NULL;
	}
	if (!(ctxt = xmlNewParserCtxt())) {
		vc_err("%s: out of memory", file);
		return NULL;
	}
	/* no network, no DTD loading, no entity substitution: a document
	 * cannot make us fetch anything or expand anything */
	doc = xmlCtxtReadMemory(ctxt, data, (int)len /* <= VC_XML_MAX */, file, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_BIG_LINES /* line numbers past 65535 in messages */);
	if (!doc) {
		e = xmlCtxtGetLastError(ctxt);
		if (e && e->message) {
			char *m = vc_strdup(e->message);
			m[strcspn(m, "\n")] = '\0';
			vc_err("%s:%d: malformed XML: %s", file, e->line, m);
			free(m);
		} else {
			vc_err("%s: malformed XML", file);
		}
		xmlFreeParserCtxt(ctxt);
		return NULL;
	}
	xmlFreeParserCtxt(ctxt);
	if (doc->intSubset || doc->extSubset) {
		vc_err("%s: DOCTYPE declarations are not allowed (no entities, no external references)",
		    file);
		xmlFreeDoc(doc);
		return NULL;
	}
	if (!xmlDocGetRootElement(doc)) {
		vc_err("%s: empty document", file);
		xmlFreeDoc(doc);
		return NULL;
	}
	/* after the root element only comments (libxml2 refuses elements
	 * and text there itself; a processing instruction is refused here) */
	for (n = xmlDocGetRootElement(doc)->next; n; n = n->next)
		if (n->type != XML_COMMENT_NODE) {
			vc_err("%s:%ld: content after the root element", file, vc_x_line(n));
			xmlFreeDoc(doc);
			return NULL;
		}
	return doc;
}

int
vc_x_peek_uuid(const char *data, size_t len, unsigned char u[16])
{
	xmlTextReaderPtr r;
	xmlChar *v;
	int ret = -1, k;

	if (len > VC_XML_MAX || memchr(data, '\0', len))
		return -1;
	xmlSetGenericErrorFunc(NULL, quiet);
	if (!(r = xmlReaderForMemory(data, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)))
		return -1;
	/* a stream read that stops at the root's <uuid>: what precedes it
	 * (a long escaped name, comments) cannot hide it */
	while ((k = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    xmlTextReaderDepth(r) != 1 ||
		    strcmp((const char *)xmlTextReaderConstLocalName(r), "uuid") != 0)
			continue;
		if ((v = xmlTextReaderReadString(r))) {
			ret = vc_uuid_parse((const char *)v, u);
			xmlFree(v);
		}
		break;
	}
	xmlFreeTextReader(r);
	vc_err_clear();
	return ret;
}

long
vc_x_line(xmlNodePtr n)
{
	xmlNodePtr m;
	long l;

	if (!n)
		return 0;
	if ((l = xmlGetLineNo(n)) != 65535 || n->type != XML_ELEMENT_NODE)
		return l;
	/* libxml2 2.9 keeps a line past 65535 (XML_PARSE_BIG_LINES) on text
	 * nodes only, as the line the text ended on: the white space just
	 * before an element ends where the element starts. Without it, the
	 * element before (or the parent) is on the same line or close. */
	for (m = n; m && m->type == XML_ELEMENT_NODE; ) {
		if (m->prev) {
			m = m->prev;
			if (m->type == XML_TEXT_NODE && m->line == 65535 && m->psvi)
				return (long)(ptrdiff_t)m->psvi;
		} else
			m = m->parent;
		if (m && m->type == XML_ELEMENT_NODE && m->line != 65535)
			return m->line;
		if (m && m->type == XML_COMMENT_NODE)
			m = m->parent;          /* keep walking through elements only */
	}
	return l;
}

char *
vc_x_path(xmlNodePtr n)
{
	const char *names[64];
	struct vc_buf b = {0};
	int k = 0, i;

	for (; n && n->type == XML_ELEMENT_NODE && k < 64; n = n->parent)
		names[k++] = (const char *)n->name;
	/* drop the root element's name unless it is all there is */
	if (k > 1)
		k--;
	for (i = k - 1; i >= 0; i--) {
		vc_buf_puts(&b, names[i]);
		if (i)
			vc_buf_putc(&b, '/');
	}
	return vc_buf_take(&b);
}

int
vc_x_err(struct vc_x *x, xmlNodePtr n, const char *fmt, ...)
{
	char msg[768], *path;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (x->err)   /* keep the first error: it is the cause */
		return -1;
	x->err = 1;
	path = vc_x_path(n);
	vc_err("%s:%ld: %s: %s", x->file, vc_x_line(n), path, msg);
	free(path);
	return -1;
}

void
vc_x_use(xmlNodePtr n)
{
	if (n)
		n->_private = USED;
}

xmlNodePtr
vc_x_next(xmlNodePtr c, const char *name)
{
	for (c = c ? c->next : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0) {
			c->_private = USED;
			return c;
		}
	return NULL;
}

xmlNodePtr
vc_x_child(struct vc_x *x, xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	(void)x;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0) {
			c->_private = USED;
			return c;
		}
	return NULL;
}

int
vc_x_count(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;
	int k = 0;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			k++;
	return k;
}

static xmlAttrPtr
find_attr(xmlNodePtr n, const char *name, const char *href)
{
	xmlAttrPtr a;

	for (a = n->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) != 0)
			continue;
		if (href ? (a->ns && strcmp((const char *)a->ns->href, href) == 0) : !a->ns)
			return a;
	}
	return NULL;
}

static char *
attr_value(xmlAttrPtr a)
{
	xmlChar *v = xmlNodeListGetString(a->doc, a->children, 1);
	char *s = vc_strdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

char *
vc_x_attr(struct vc_x *x, xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;

	(void)x;
	if (!n || !(a = find_attr(n, name, NULL)))
		return NULL;
	a->_private = USED;
	return attr_value(a);
}

char *
vc_x_attr_ns(struct vc_x *x, xmlNodePtr n, const char *name, const char *href)
{
	xmlAttrPtr a;

	(void)x;
	if (!n || !(a = find_attr(n, name, href)))
		return NULL;
	a->_private = USED;
	return attr_value(a);
}

char *
vc_x_attr_req(struct vc_x *x, xmlNodePtr n, const char *name)
{
	char *v = vc_x_attr(x, n, name);

	if (!v)
		vc_x_err(x, n, "missing attribute '%s'", name);
	return v;
}

char *
vc_x_text(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = vc_strdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

char *
vc_x_child_text(struct vc_x *x, xmlNodePtr n, const char *name)
{
	xmlNodePtr c = vc_x_child(x, n, name);

	return c ? vc_x_text(c) : NULL;
}

static int
x_ull(struct vc_x *x, xmlNodePtr n, const char *attr, unsigned long long min,
      unsigned long long max, unsigned long long *v, int hex)
{
	char *s = vc_x_attr(x, n, attr);
	int r = 1;

	if (!s)
		return 0;
	if ((hex ? vc_parse_ull_x : vc_parse_ull)(s, min, max, v) < 0) {
		if (strstr(vc_errmsg(), "out of range"))
			r = vc_x_err(x, n, "%s %s out of range %llu-%llu", attr, s, min, max);
		else
			r = vc_x_err(x, n, "%s '%s' is not a number", attr, s);
	}
	free(s);
	return r;
}

int
vc_x_ull(struct vc_x *x, xmlNodePtr n, const char *attr,
         unsigned long long min, unsigned long long max, unsigned long long *v)
{
	return x_ull(x, n, attr, min, max, v, 0);
}

int
vc_x_ull_x(struct vc_x *x, xmlNodePtr n, const char *attr,
           unsigned long long min, unsigned long long max, unsigned long long *v)
{
	return x_ull(x, n, attr, min, max, v, 1);
}

int
vc_x_uint(struct vc_x *x, xmlNodePtr n, const char *attr,
          unsigned min, unsigned max, unsigned *v)
{
	unsigned long long u;
	int r = x_ull(x, n, attr, min, max, &u, 0);

	if (r == 1)
		*v = (unsigned)u;
	return r;
}

int
vc_x_uint_x(struct vc_x *x, xmlNodePtr n, const char *attr,
            unsigned min, unsigned max, unsigned *v)
{
	unsigned long long u;
	int r = x_ull(x, n, attr, min, max, &u, 1);

	if (r == 1)
		*v = (unsigned)u;
	return r;
}

int
vc_x_int(struct vc_x *x, xmlNodePtr n, const char *attr, int min, int max, int *v)
{
	char *s = vc_x_attr(x, n, attr);
	long long l;
	int r = 1;

	if (!s)
		return 0;
	if (vc_parse_ll(s, min, max, &l) < 0)
		r = vc_x_err(x, n, "%s '%s' is not a number in range %d-%d", attr, s, min, max);
	else
		*v = (int)l;
	free(s);
	return r;
}

int
vc_x_text_ull(struct vc_x *x, xmlNodePtr n, unsigned long long min,
              unsigned long long max, unsigned long long *v)
{
	char *s = vc_x_text(n), *p = s, *e;
	int r = 0;

	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	for (e = p + strlen(p); e > p && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t'); e--)
		;
	*e = '\0';
	if (vc_parse_ull(p, min, max, v) < 0)
		r = vc_x_err(x, n, "'%s' is not a number in range %llu-%llu", p, min, max);
	free(s);
	return r;
}

int
vc_enum_find(const char *const *names, const char *s)
{
	int i;

	for (i = 1; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int
vc_x_enum(struct vc_x *x, xmlNodePtr n, const char *attr,
          const char *const *names, int *v)
{
	char *s = vc_x_attr(x, n, attr);
	int i;

	if (!s)
		return 0;
	if ((i = vc_enum_find(names, s)) < 0) {
		vc_x_err(x, n, "%s '%s' is not one of the allowed values", attr, s);
		free(s);
		return -1;
	}
	free(s);
	*v = i;
	return 1;
}

static const char *const yesno_names[] = {"", "yes", "no", NULL};
static const char *const onoff_names[] = {"", "on", "off", NULL};

int
vc_x_yesno(struct vc_x *x, xmlNodePtr n, const char *attr, int *v)
{
	*v = 0;
	return vc_x_enum(x, n, attr, yesno_names, v);
}

int
vc_x_onoff(struct vc_x *x, xmlNodePtr n, const char *attr, int *v)
{
	*v = 0;
	return vc_x_enum(x, n, attr, onoff_names, v);
}

void
vc_x_use_tree(xmlNodePtr n)
{
	xmlNodePtr c;
	xmlAttrPtr a;

	n->_private = USED;
	for (a = n->properties; a; a = a->next)
		a->_private = USED;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			vc_x_use_tree(c);
}

char *
vc_x_dump(xmlNodePtr n, int lvl)
{
	xmlBufferPtr xb = xmlBufferCreate();
	struct vc_buf b = {0};
	xmlNodePtr c;

	vc_x_use_tree(n);
	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		xmlBufferEmpty(xb);
		xmlNodeDump(xb, n->doc, c, lvl, 1);
		vc_buf_indent(&b, lvl);
		vc_buf_puts(&b, (const char *)xmlBufferContent(xb));
		vc_buf_putc(&b, '\n');
	}
	xmlBufferFree(xb);
	return vc_buf_take(&b);
}

static int
finish(struct vc_x *x, xmlNodePtr n)
{
	xmlNodePtr c;
	xmlAttrPtr a;

	if (n->_private != USED)
		return vc_x_err(x, n, "unknown element <%s>", (const char *)n->name);
	for (a = n->properties; a; a = a->next)
		if (a->_private != USED)
			return vc_x_err(x, n, "unknown attribute '%s'", (const char *)a->name);
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && finish(x, c) < 0)
			return -1;
	return 0;
}

int
vc_x_finish(struct vc_x *x, xmlNodePtr root)
{
	root->_private = USED;
	return finish(x, root);
}

/* ---- formatting ---- */

void
vc_f_open(struct vc_buf *b, int lvl, const char *elem)
{
	vc_buf_indent(b, lvl);
	vc_buf_putc(b, '<');
	vc_buf_puts(b, elem);
}

void
vc_f_attr(struct vc_buf *b, const char *name, const char *val)
{
	if (!val)
		return;
	vc_buf_putc(b, ' ');
	vc_buf_puts(b, name);
	vc_buf_puts(b, "='");
	vc_buf_esc(b, val, 1);
	vc_buf_putc(b, '\'');
}

void
vc_f_attr_u(struct vc_buf *b, const char *name, unsigned long long v)
{
	vc_buf_printf(b, " %s='%llu'", name, v);
}

void
vc_f_attr_i(struct vc_buf *b, const char *name, long long v)
{
	vc_buf_printf(b, " %s='%lld'", name, v);
}

void
vc_f_attr_x(struct vc_buf *b, const char *name, unsigned v, int width)
{
	vc_buf_printf(b, " %s='0x%0*x'", name, width, v);
}

void
vc_f_attr_enum(struct vc_buf *b, const char *name, const char *const *names, int v)
{
	if (v > 0)
		vc_f_attr(b, name, names[v]);
}

void
vc_f_attr_yesno(struct vc_buf *b, const char *name, int tri)
{
	vc_f_attr_enum(b, name, yesno_names, tri);
}

void
vc_f_attr_onoff(struct vc_buf *b, const char *name, int tri)
{
	vc_f_attr_enum(b, name, onoff_names, tri);
}

void vc_f_close_empty(struct vc_buf *b) { vc_buf_puts(b, "/>\n"); }
void vc_f_close_open(struct vc_buf *b) { vc_buf_puts(b, ">\n"); }

void
vc_f_end(struct vc_buf *b, int lvl, const char *elem)
{
	vc_buf_indent(b, lvl);
	vc_buf_printf(b, "</%s>\n", elem);
}

void
vc_f_text_elem(struct vc_buf *b, int lvl, const char *elem, const char *text)
{
	if (!text)
		return;
	vc_buf_indent(b, lvl);
	vc_buf_printf(b, "<%s>", elem);
	vc_buf_esc(b, text, 0);
	vc_buf_printf(b, "</%s>\n", elem);
}
