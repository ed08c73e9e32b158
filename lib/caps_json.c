/* caps_json.c: vnode-info --json: the capabilities XML (any driver's) as
 * one JSON object with the same facts: host CPU and topology, IOMMU,
 * NUMA cells with their memory and CPUs, guest types */
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "virtcore.h"

static xmlNode *
child(xmlNode *n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

/* the text of n's child name as key k (absent: left out) */
static void
text(struct vc_json *o, const char *k, xmlNode *n, const char *name)
{
	xmlNode *c = child(n, name);
	xmlChar *t;

	if (!c)
		return;
	t = xmlNodeGetContent(c);
	vc_json_str(o, k, (const char *)t);
	xmlFree(t);
}

/* attribute a of n: a number when it is one, else a string */
static void
attr(struct vc_json *o, const char *k, xmlNode *n, const char *a)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)a);
	unsigned long long u;

	if (!v)
		return;
	if (vc_parse_ull((const char *)v, 0, ~0ULL, &u) == 0)
		vc_json_uint(o, k, u);
	else {
		vc_err_clear();
		vc_json_str(o, k, (const char *)v);
	}
	xmlFree(v);
}

/* attribute a of n as a string: a CPU list ("0,2", or "1") */
static void
attr_str(struct vc_json *o, const char *k, xmlNode *n, const char *a)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)a);

	if (v)
		vc_json_str(o, k, (const char *)v);
	xmlFree(v);
}

static unsigned long long
num(xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	unsigned long long u = 0;

	if (t && vc_parse_ull((const char *)t, 0, ~0ULL, &u) < 0)
		vc_err_clear();
	xmlFree(t);
	return u;
}

static struct vc_json *
cells(xmlNode *topo)
{
	struct vc_json *a = vc_json_array(), *cell, *cpus, *cpu;
	xmlNode *n, *c, *m;

	for (n = child(child(topo, "cells"), "cell"); n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "cell") != 0)
			continue;
		cell = vc_json_object();
		attr(cell, "id", n, "id");
		if ((m = child(n, "memory")))
			vc_json_uint(cell, "memory_kib", num(m));
		cpus = vc_json_array();
		for (c = child(child(n, "cpus"), "cpu"); c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			cpu = vc_json_object();
			attr(cpu, "id", c, "id");
			attr(cpu, "socket_id", c, "socket_id");
			attr(cpu, "die_id", c, "die_id");
			attr(cpu, "cluster_id", c, "cluster_id");
			attr(cpu, "core_id", c, "core_id");
			attr_str(cpu, "siblings", c, "siblings");
			vc_json_push(cpus, cpu);
		}
		vc_json_put(cell, "cpus", cpus);
		vc_json_push(a, cell);
	}
	return a;
}

static struct vc_json *
guests(xmlNode *root)
{
	struct vc_json *a = vc_json_array(), *g, *doms, *d;
	xmlNode *n, *arch, *m;

	for (n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "guest") != 0)
			continue;
		g = vc_json_object();
		text(g, "os_type", n, "os_type");
		if ((arch = child(n, "arch"))) {
			attr(g, "arch", arch, "name");
			if ((m = child(arch, "wordsize")))
				vc_json_uint(g, "wordsize", num(m));
			text(g, "emulator", arch, "emulator");
			doms = vc_json_array();
			for (m = arch->children; m; m = m->next) {
				if (m->type != XML_ELEMENT_NODE || strcmp((const char *)m->name, "domain") != 0)
					continue;
				d = vc_json_object();
				attr(d, "type", m, "type");
				vc_json_push(doms, d);
			}
			vc_json_put(g, "domains", doms);
		}
		vc_json_push(a, g);
	}
	return a;
}

struct vc_json *
vc_json_caps(const char *xml)
{
	xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "capabilities.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	struct vc_json *o, *h, *cpu, *t;
	xmlNode *root, *host, *c, *n;
	xmlChar *v;

	if (!doc || !(root = xmlDocGetRootElement(doc)) ||
	    strcmp((const char *)root->name, "capabilities") != 0) {
		xmlFreeDoc(doc);
		return vc_err("the driver's capabilities XML does not parse"), NULL;
	}
	o = vc_json_object();
	h = vc_json_object();
	host = child(root, "host");
	text(h, "uuid", host, "uuid");
	if ((c = child(host, "cpu"))) {
		cpu = vc_json_object();
		text(cpu, "arch", c, "arch");
		text(cpu, "model", c, "model");
		text(cpu, "vendor", c, "vendor");
		if ((n = child(c, "topology"))) {
			t = vc_json_object();
			attr(t, "sockets", n, "sockets");
			attr(t, "dies", n, "dies");
			attr(t, "clusters", n, "clusters");
			attr(t, "cores", n, "cores");
			attr(t, "threads", n, "threads");
			vc_json_put(cpu, "topology", t);
		}
		vc_json_put(h, "cpu", cpu);
	}
	if ((n = child(host, "iommu"))) {
		v = xmlGetProp(n, (const xmlChar *)"support");
		vc_json_bool(h, "iommu", v && strcmp((const char *)v, "yes") == 0);
		xmlFree(v);
	}
	vc_json_put(h, "cells", cells(child(host, "topology")));
	vc_json_put(o, "host", h);
	vc_json_put(o, "guests", guests(root));
	xmlFreeDoc(doc);
	return o;
}
