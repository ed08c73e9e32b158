/* soap.c: SOAP over HTTP(S) to a vSphere endpoint: libcurl keeps the
 * session cookie and the connection for the run, libxml2 reads replies */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include "esx.h"

#define SOAP_ENV "http://schemas.xmlsoap.org/soap/envelope/"
#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

/* libcurl and its thirty libraries cost every tool ~17 ms at start when
 * linked (bench: vdom-dumpxml 24 ms against 7 ms): only a connection to a
 * vSphere endpoint loads it */
static struct {
	void *so;
	CURLcode (*global_init)(long);
	CURL *(*init)(void);
	CURLcode (*setopt)(CURL *, CURLoption, ...);
	CURLcode (*perform)(CURL *);
	void (*cleanup)(CURL *);
	CURLcode (*getinfo)(CURL *, CURLINFO, ...);
	const char *(*strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} cu;

static int
load_curl(const char *url)
{
	static const char *const names[] = { "curl_global_init", "curl_easy_init", "curl_easy_setopt",
	    "curl_easy_perform", "curl_easy_cleanup", "curl_easy_getinfo", "curl_easy_strerror",
	    "curl_slist_append", "curl_slist_free_all" };
	void **slots[] = { (void **)&cu.global_init, (void **)&cu.init, (void **)&cu.setopt,
	    (void **)&cu.perform, (void **)&cu.cleanup, (void **)&cu.getinfo, (void **)&cu.strerror,
	    (void **)&cu.slist_append, (void **)&cu.slist_free_all };
	size_t i;

	if (cu.so)
		return 0;
	if (!(cu.so = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL)))
		return vc_err("%s: cannot load libcurl.so.4 (Debian's libcurl4): %s", url, dlerror());
	for (i = 0; i < VC_NELEM(names); i++)
		if (!(*slots[i] = dlsym(cu.so, names[i]))) {
			dlclose(cu.so);
			cu.so = NULL;
			return vc_err("%s: libcurl.so.4 has no %s", url, names[i]);
		}
	return 0;
}

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	vc_buf_add(arg, p, size * n);
	return size * n;
}

int
esx_http_open(struct esx *e, const char *url, int no_verify, const char *proxy)
{
	CURL *h;

	if (load_curl(url) < 0)
		return -1;
	if (cu.global_init(CURL_GLOBAL_DEFAULT) != 0)
		return vc_err("%s: cannot initialise libcurl", url);
	if (!(h = cu.init()))
		return vc_err("%s: cannot initialise libcurl", url);
	e->curl = h;
	e->url = vc_strdup(url);
	cu.setopt(h, CURLOPT_URL, e->url);
	cu.setopt(h, CURLOPT_NOSIGNAL, 1L);
	cu.setopt(h, CURLOPT_NOPROGRESS, 1L);
	cu.setopt(h, CURLOPT_ERRORBUFFER, e->errbuf);
	cu.setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	cu.setopt(h, CURLOPT_USERAGENT, "virtcore-esx/" "0.1");
	cu.setopt(h, CURLOPT_COOKIEFILE, "");      /* cookies in memory: the session */
	cu.setopt(h, CURLOPT_CONNECTTIMEOUT, 15L);
	cu.setopt(h, CURLOPT_TIMEOUT, 600L);
	cu.setopt(h, CURLOPT_SSL_VERIFYPEER, no_verify ? 0L : 1L);
	cu.setopt(h, CURLOPT_SSL_VERIFYHOST, no_verify ? 0L : 2L);
	/* only the URI's proxy= is used, never one from the environment */
	cu.setopt(h, CURLOPT_PROXY, proxy ? proxy : "");
	cu.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	return 0;
}

void
esx_http_close(struct esx *e)
{
	if (e->curl)
		cu.cleanup(e->curl);
	e->curl = NULL;
	free(e->url);
	e->url = NULL;
}

void
esx_buf_el(struct vc_buf *b, const char *name, const char *text)
{
	vc_buf_printf(b, "<%s>", name);
	vc_buf_esc(b, text, 0);
	vc_buf_printf(b, "</%s>", name);
}

void
esx_buf_mor(struct vc_buf *b, const char *name, const char *type, const char *value)
{
	vc_buf_printf(b, "<%s type=\"", name);
	vc_buf_esc(b, type, 1);
	vc_buf_puts(b, "\">");
	vc_buf_esc(b, value, 0);
	vc_buf_printf(b, "</%s>", name);
}

static void
envelope(struct vc_buf *b, const char *method, const char *type, const char *value, const char *args)
{
	vc_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<soapenv:Envelope xmlns:soapenv=\"" SOAP_ENV "\""
	    " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"" XSI_NS "\">"
	    "<soapenv:Body>");
	vc_buf_printf(b, "<%s xmlns=\"urn:vim25\">", method);
	esx_buf_mor(b, "_this", type, value);
	if (args)
		vc_buf_puts(b, args);
	vc_buf_printf(b, "</%s></soapenv:Body></soapenv:Envelope>", method);
}

xmlNodePtr
esx_child(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

char *
esx_text(xmlNodePtr n)
{
	xmlChar *s;
	char *r;

	if (!n)
		return NULL;
	s = xmlNodeGetContent(n);
	r = vc_strdup(s ? (const char *)s : "");
	xmlFree(s);
	return r;
}

char *
esx_child_text(xmlNodePtr n, const char *name)
{
	return esx_text(esx_child(n, name));
}

const char *
esx_xsi_type(xmlNodePtr n)
{
	xmlAttrPtr a;

	for (a = n->properties; a; a = a->next)
		if (a->ns && a->ns->href && strcmp((const char *)a->ns->href, XSI_NS) == 0 &&
		    strcmp((const char *)a->name, "type") == 0 && a->children && a->children->content) {
			const char *t = (const char *)a->children->content, *colon = strchr(t, ':');
			return colon ? colon + 1 : t;
		}
	return (const char *)n->name;
}

int
esx_mor_read(xmlNodePtr n, struct esx_mor *m)
{
	xmlChar *t;

	memset(m, 0, sizeof(*m));
	if (!n || !(t = xmlGetNoNsProp(n, (const xmlChar *)"type")))
		return vc_err("reply without a managed object reference");
	m->type = vc_strdup((const char *)t);
	xmlFree(t);
	m->value = esx_text(n);
	return 0;
}

void
esx_mor_clear(struct esx_mor *m)
{
	free(m->type);
	free(m->value);
	m->type = m->value = NULL;
}

void
esx_reply_free(xmlNodePtr resp)
{
	if (resp)
		xmlFreeDoc(resp->doc);
}

/* the first element of /Envelope/Body, by XPath */
static xmlNodePtr
body_first(xmlDocPtr doc)
{
	xmlXPathContextPtr xp = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	xmlNodePtr n = NULL;

	if (!xp)
		return NULL;
	xmlXPathRegisterNs(xp, (const xmlChar *)"s", (const xmlChar *)SOAP_ENV);
	o = xmlXPathEvalExpression((const xmlChar *)"/s:Envelope/s:Body/*[1]", xp);
	if (o && o->nodesetval && o->nodesetval->nodeNr > 0)
		n = o->nodesetval->nodeTab[0];
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(xp);
	return n;
}

/* <Fault><faultstring/><detail><XFault xsi:type="X"/></detail> -> "X: string" */
static int
fault_err(xmlNodePtr f)
{
	xmlNodePtr d = esx_child(f, "detail"), x;
	char *msg = esx_child_text(f, "faultstring");
	const char *name = NULL;
	char *trim = NULL;
	int r;

	for (x = d ? d->children : NULL; x; x = x->next)
		if (x->type == XML_ELEMENT_NODE)
			break;
	if (x) {
		name = esx_xsi_type(x);
		if (name == (const char *)x->name && strlen(name) > 5 &&
		    strcmp(name + strlen(name) - 5, "Fault") == 0)
			name = trim = vc_strndup(name, strlen(name) - 5);
	}
	if (!name) {
		char *code = esx_child_text(f, "faultcode");
		r = vc_err("SOAP fault %s: %s", code && *code ? code : "(no code)", msg && *msg ? msg : "(no message)");
		free(code);
	} else if (msg && *msg)
		r = vc_err("%s: %s", name, msg);
	else
		r = vc_err("%s", name);
	free(msg);
	free(trim);
	return r;
}

int
esx_call(struct esx *e, const char *method, const char *this_type, const char *this_value,
         const char *args, const char *args_shown, int mutating, xmlNodePtr *resp)
{
	struct vc_buf req = {0}, out = {0};
	struct curl_slist *hd;
	char *action;
	xmlDocPtr doc;
	xmlNodePtr n;
	long code = 0;
	CURLcode cr;

	*resp = NULL;
	if (vc_dry_run()) {
		struct vc_buf shown = {0};
		envelope(&shown, method, this_type, this_value, args_shown ? args_shown : args);
		printf("POST %s %s%s\n%s\n", e->url, method, mutating ? " (not sent: --dry-run)" : "", shown.s);
		vc_buf_free(&shown);
		if (mutating)
			return 0;
	}
	envelope(&req, method, this_type, this_value, args);
	action = vc_asprintf("SOAPAction: \"%s\"", e->action ? e->action : "urn:vim25");
	hd = cu.slist_append(cu.slist_append(NULL, action), "Content-Type: text/xml; charset=utf-8");
	hd = cu.slist_append(hd, "Expect:");
	free(action);
	cu.setopt(e->curl, CURLOPT_HTTPHEADER, hd);
	cu.setopt(e->curl, CURLOPT_POSTFIELDS, req.s);
	cu.setopt(e->curl, CURLOPT_POSTFIELDSIZE, (long)req.len);
	cu.setopt(e->curl, CURLOPT_WRITEDATA, &out);
	e->errbuf[0] = 0;
	cr = cu.perform(e->curl);
	cu.setopt(e->curl, CURLOPT_HTTPHEADER, NULL);
	cu.slist_free_all(hd);
	vc_buf_free(&req);
	if (cr != CURLE_OK) {
		const char *why = e->errbuf[0] ? e->errbuf : cu.strerror(cr);
		int tls = cr == CURLE_PEER_FAILED_VERIFICATION || cr == CURLE_SSL_CACERT_BADFILE ||
		    strstr(why, "certificate") != NULL;
		vc_buf_free(&out);
		return vc_err("%s: %s%s", e->url, why, tls ? " (the certificate does not verify; ?no_verify=1 accepts it)" : "");
	}
	cu.getinfo(e->curl, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200 && code != 500) {
		vc_buf_free(&out);
		return vc_err("%s: %s: HTTP status %ld", e->url, method, code);
	}
	doc = out.len ? xmlReadMemory(out.s, (int)out.len, "reply.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE) : NULL;
	vc_buf_free(&out);
	if (!doc)
		return vc_err("%s: %s: the reply is not XML (HTTP status %ld)", e->url, method, code);
	if (!(n = body_first(doc))) {
		xmlFreeDoc(doc);
		return vc_err("%s: %s: the reply has no SOAP body", e->url, method);
	}
	if (strcmp((const char *)n->name, "Fault") == 0) {
		fault_err(n);
		xmlFreeDoc(doc);
		return -1;
	}
	*resp = n;
	return 1;
}

/* a raw POST on the session's connection, for other SOAP dialects (the
 * hyperv driver's WS-Management): body with content type ctype; the reply
 * in *out and its HTTP status in *code. -1 + vc_err when nothing came back */
int
esx_http_post(struct esx *e, const char *ctype, const char *body, size_t len, struct vc_buf *out, long *code)
{
	struct curl_slist *hd;
	char *ct = vc_asprintf("Content-Type: %s", ctype);
	CURLcode cr;

	*code = 0;
	hd = cu.slist_append(cu.slist_append(NULL, ct), "Expect:");
	free(ct);
	cu.setopt(e->curl, CURLOPT_HTTPHEADER, hd);
	cu.setopt(e->curl, CURLOPT_POSTFIELDS, body);
	cu.setopt(e->curl, CURLOPT_POSTFIELDSIZE, (long)len);
	cu.setopt(e->curl, CURLOPT_WRITEDATA, out);
	e->errbuf[0] = 0;
	cr = cu.perform(e->curl);
	cu.setopt(e->curl, CURLOPT_HTTPHEADER, NULL);
	cu.slist_free_all(hd);
	if (cr != CURLE_OK) {
		const char *why = e->errbuf[0] ? e->errbuf : cu.strerror(cr);
		return vc_err("%s: %s", e->url, why);
	}
	cu.getinfo(e->curl, CURLINFO_RESPONSE_CODE, code);
	return 0;
}

/* HTTP basic authentication for every request of the session */
void
esx_http_basic_auth(struct esx *e, const char *user, const char *password)
{
	cu.setopt(e->curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	cu.setopt(e->curl, CURLOPT_USERNAME, user);
	cu.setopt(e->curl, CURLOPT_PASSWORD, password);
}
