/* hyperv.c: the hyperv driver (hyperv://[user@]host[:port]/?transport=http|https):
 * Microsoft Hyper-V through WS-Management (SOAP 1.2 over HTTP(S), the ESX
 * driver's libcurl session) against WMI's root/virtualization/v2:
 * Enumerate/Pull with WQL, Invoke of Msvm_ComputerSystem.RequestStateChange,
 * Msvm_ShutdownComponent.InitiateShutdown and the
 * Msvm_VirtualSystemManagementService's DefineSystem, ModifyResourceSettings
 * and DestroySystem, their Msvm_ConcreteJob polled with a bounded wait */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <libxml/parser.h>
#include "driver.h"
#include "conf/sections.h"
#include "../esx/esx.h"

#define NS_S "http://www.w3.org/2003/05/soap-envelope"
#define NS_A "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define NS_W "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define NS_N "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
#define NS_T "http://schemas.xmlsoap.org/ws/2004/09/transfer"
#define V2 "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/"
#define WQL "http://schemas.microsoft.com/wbem/wsman/1/WQL"

struct hv {
	struct esx e;
	char *url;
	unsigned long long msgid;
	int job_timeout_ms;
};

static struct hv *
H(struct vc_conn *c)
{
	return c->priv;
}

/* ---- requests ---- */

struct reply {
	xmlDocPtr doc;
	xmlNodePtr body;             /* the first element of the Body */
};

static void
reply_free(struct reply *r)
{
	if (r->doc)
		xmlFreeDoc(r->doc);
	r->doc = NULL;
	r->body = NULL;
}

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	return esx_child(n, name);
}

static char *
prop(xmlNodePtr n, const char *name)
{
	return esx_child_text(n, name);
}

/* <s:Fault>: Reason/Text, the WSManFault's Message when there is one */
static int
fault(struct hv *h, const char *what, xmlNodePtr f)
{
	xmlNodePtr code = child(f, "Code"), sub = code ? child(code, "Subcode") : NULL;
	char *reason = prop(child(f, "Reason"), "Text"), *sv = sub ? prop(sub, "Value") : NULL;
	const char *s = sv ? strchr(sv, ':') : NULL;
	int r;

	s = s ? s + 1 : sv;
	r = vc_err("%s: %s: %s%s%s", h->url, what, s && *s ? s : "fault", reason && *reason ? ": " : "",
	    reason ? reason : "");
	free(reason);
	free(sv);
	return r;
}

/* one WS-Management request. selectors: <w:Selector> elements or NULL.
 * A mutating request under --dry-run is printed and not sent (returns 0). */
static int
wsman(struct hv *h, const char *action, const char *resource, const char *selectors,
      const char *body, int mutating, const char *what, struct reply *out)
{
	struct vc_buf b = {0}, resp = {0};
	long code;
	int r;

	memset(out, 0, sizeof(*out));
	vc_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<s:Envelope xmlns:s=\"" NS_S "\" xmlns:a=\"" NS_A "\" xmlns:w=\"" NS_W "\" xmlns:n=\"" NS_N "\">"
	    "<s:Header><a:To>");
	vc_buf_esc(&b, h->url, 0);
	vc_buf_printf(&b, "</a:To><w:ResourceURI s:mustUnderstand=\"true\">%s</w:ResourceURI>"
	    "<a:ReplyTo><a:Address s:mustUnderstand=\"true\">" NS_A "/role/anonymous</a:Address></a:ReplyTo>"
	    "<a:Action s:mustUnderstand=\"true\">%s</a:Action>"
	    "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">512000</w:MaxEnvelopeSize>"
	    "<a:MessageID>uuid:00000000-0000-4000-8000-%012llx</a:MessageID>"
	    "<w:Locale xml:lang=\"en-US\" s:mustUnderstand=\"false\"/><w:OperationTimeout>PT60S</w:OperationTimeout>",
	    resource, action, ++h->msgid);
	if (selectors)
		vc_buf_printf(&b, "<w:SelectorSet>%s</w:SelectorSet>", selectors);
	vc_buf_printf(&b, "</s:Header><s:Body>%s</s:Body></s:Envelope>", body ? body : "");
	if (vc_dry_run()) {
		printf("POST %s %s%s\n%s\n", h->url, what, mutating ? " (not sent: --dry-run)" : "", b.s);
		fflush(stdout);
		if (mutating) {
			vc_buf_free(&b);
			return 0;
		}
	}
	r = esx_http_post(&h->e, "application/soap+xml;charset=UTF-8", b.s, b.len, &resp, &code);
	vc_buf_free(&b);
	if (r < 0) {
		vc_buf_free(&resp);
		return -1;
	}
	if (code == 401) {
		vc_buf_free(&resp);
		return vc_err("%s: HTTP 401: the user or password is refused", h->url);
	}
	if (code != 200 && code != 400 && code != 500) {
		vc_buf_free(&resp);
		return vc_err("%s: %s: HTTP status %ld", h->url, what, code);
	}
	out->doc = resp.len ? xmlReadMemory(resp.s, (int)resp.len, "reply.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE) : NULL;
	vc_buf_free(&resp);
	if (!out->doc)
		return vc_err("%s: %s: the reply is not XML (HTTP status %ld)", h->url, what, code);
	{
		xmlNodePtr n = child(xmlDocGetRootElement(out->doc), "Body");
		for (n = n ? n->children : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
			;
		out->body = n;
	}
	if (!out->body) {
		reply_free(out);
		return vc_err("%s: %s: the reply has no SOAP body", h->url, what);
	}
	if (!strcmp((const char *)out->body->name, "Fault")) {
		fault(h, what, out->body);
		reply_free(out);
		return -1;
	}
	return 1;
}

/* ---- Enumerate / Pull ---- */

struct items {
	struct reply *r;
	size_t nr;
	xmlNodePtr *v;
	size_t n;
};

static void
items_free(struct items *it)
{
	size_t i;

	for (i = 0; i < it->nr; i++)
		reply_free(&it->r[i]);
	free(it->r);
	free(it->v);
	memset(it, 0, sizeof(*it));
}

static void
take_items(struct items *it, xmlNodePtr list)
{
	xmlNodePtr n;

	for (n = list ? list->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			VC_APPEND(it->v, it->n, n);
}

/* every instance a WQL query selects */
static int
query(struct hv *h, const char *wql, struct items *it)
{
	struct vc_buf b = {0};
	struct reply r;
	char *ctx = NULL;
	int done, k;

	memset(it, 0, sizeof(*it));
	vc_buf_puts(&b, "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>32</w:MaxElements>"
	    "<w:Filter Dialect=\"" WQL "\">");
	vc_buf_esc(&b, wql, 0);
	vc_buf_puts(&b, "</w:Filter></n:Enumerate>");
	k = wsman(h, NS_N "/Enumerate", V2 "*", NULL, b.s, 0, "Enumerate", &r);
	vc_buf_free(&b);
	if (k < 0)
		return -1;
	if (vc_dry_run()) {
		reply_free(&r);
		return 0;
	}
	for (;;) {
		VC_APPEND(it->r, it->nr, r);
		take_items(it, child(r.body, "Items"));
		done = child(r.body, "EndOfSequence") != NULL;
		free(ctx);
		ctx = prop(r.body, "EnumerationContext");
		if (done || !ctx || !*ctx)
			break;
		vc_buf_puts(&b, "<n:Pull><n:EnumerationContext>");
		vc_buf_esc(&b, ctx, 0);
		vc_buf_puts(&b, "</n:EnumerationContext><n:MaxElements>32</n:MaxElements></n:Pull>");
		k = wsman(h, NS_N "/Pull", V2 "*", NULL, b.s, 0, "Pull", &r);
		vc_buf_free(&b);
		if (k < 0) {
			free(ctx);
			items_free(it);
			return -1;
		}
	}
	free(ctx);
	return 0;
}

/* ---- the guests ---- */

struct vm {
	char *name, *guid;
	int enabled;                 /* EnabledState */
	long pid;
	unsigned long long mem, max_mem;  /* MB */
	unsigned cpus;
	char *mem_id, *cpu_id;       /* the settings' InstanceID */
	int dynamic;
};

static void
vm_free(struct vm *v)
{
	free(v->name); free(v->guid); free(v->mem_id); free(v->cpu_id);
	memset(v, 0, sizeof(*v));
}

static void
vm_read(xmlNodePtr n, struct vm *v)
{
	char *s;

	memset(v, 0, sizeof(*v));
	v->name = prop(n, "ElementName");
	v->guid = prop(n, "Name");
	s = prop(n, "EnabledState");
	v->enabled = s ? atoi(s) : 0;
	free(s);
	s = prop(n, "ProcessID");
	v->pid = s ? atol(s) : 0;
	free(s);
}

static int
state_of(int e)
{
	switch (e) {
	case 2: case 32770: case 32777: case 10: case 11: return VC_STATE_RUNNING;
	case 9: case 32768: case 32776: return VC_STATE_PAUSED;
	case 4: case 32774: return VC_STATE_SHUTDOWN;
	case 3: case 6: case 32769: case 32773: return VC_STATE_SHUTOFF;
	default: return VC_STATE_NOSTATE;
	}
}

static int
active(const struct vm *v)
{
	return state_of(v->enabled) != VC_STATE_SHUTOFF && v->enabled != 0;
}

/* a WQL string literal */
static void
wql_str(struct vc_buf *b, const char *s)
{
	vc_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			vc_buf_putc(b, '\\');
		vc_buf_putc(b, *s);
	}
	vc_buf_putc(b, '"');
}

#define VM_WQL "select * from Msvm_ComputerSystem where Description = \"Microsoft Virtual Machine\""

/* resources of the VM's settings: memory and processors */
static int
settings(struct hv *h, struct vm *v)
{
	static const char *const cls[] = { "Msvm_MemorySettingData", "Msvm_ProcessorSettingData" };
	size_t k;

	for (k = 0; k < 2; k++) {
		struct vc_buf b = {0};
		struct items it;
		char *s;
		vc_buf_printf(&b, "associators of {Msvm_VirtualSystemSettingData.InstanceID=\"Microsoft:%s\"} "
		    "where AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = %s", v->guid, cls[k]);
		if (query(h, b.s, &it) < 0) {
			vc_buf_free(&b);
			return -1;
		}
		vc_buf_free(&b);
		if (!it.n) {
			items_free(&it);
			if (vc_dry_run())
				continue;
			return vc_err("%s: Hyper-V gave no %s", v->name, cls[k]);
		}
		s = prop(it.v[0], "VirtualQuantity");
		if (k == 0) {
			char *lim = prop(it.v[0], "Limit"), *dyn = prop(it.v[0], "DynamicMemoryEnabled");
			v->mem = s ? strtoull(s, NULL, 10) : 0;
			v->dynamic = dyn && !strcasecmp(dyn, "true");
			v->max_mem = v->dynamic && lim ? strtoull(lim, NULL, 10) : v->mem;
			v->mem_id = prop(it.v[0], "InstanceID");
			free(lim);
			free(dyn);
		} else {
			v->cpus = s ? (unsigned)strtoul(s, NULL, 10) : 1;
			v->cpu_id = prop(it.v[0], "InstanceID");
		}
		free(s);
		items_free(&it);
	}
	return 0;
}

/* 1 found, 0 no such guest, 2 dry run, -1 error */
static int
lookup(struct hv *h, const char *key, struct vm *v, int full)
{
	struct vc_buf b = {0};
	struct items it;
	unsigned char u[16];
	int r;

	memset(v, 0, sizeof(*v));
	vc_buf_puts(&b, VM_WQL " and ");
	vc_buf_puts(&b, vc_uuid_parse(key, u) == 0 ? "Name = " : "ElementName = ");
	vc_err_clear();
	wql_str(&b, key);
	r = query(h, b.s, &it);
	vc_buf_free(&b);
	if (r < 0) {
		vc_err_prefix("%s", key);
		return -1;
	}
	if (vc_dry_run()) {
		v->name = vc_strdup(key);
		v->guid = vc_strdup("00000000-0000-0000-0000-000000000000");
		v->enabled = 3;
		return 2;
	}
	if (!it.n) {
		items_free(&it);
		return vc_err("%s: no such domain", key), 0;
	}
	vm_read(it.v[0], v);
	items_free(&it);
	if (full && settings(h, v) < 0) {
		vc_err_prefix("%s", key);
		return -1;
	}
	return 1;
}

/* ---- methods and jobs ---- */

static const char *
rv_text(unsigned long rv)
{
	switch (rv) {
	case 1: return "Not Supported";
	case 2: return "Failed";
	case 3: return "Timeout";
	case 4: return "Invalid Parameter";
	case 5: return "Invalid State";
	case 32768: return "Failed";
	case 32769: return "Access Denied";
	case 32770: return "Not Supported";
	case 32773: return "Invalid parameter";
	case 32775: return "Invalid state for this operation";
	default: return "error";
	}
}

/* wait for a Msvm_ConcreteJob (bounded) */
static int
job_wait(struct hv *h, xmlNodePtr jobref, const char *what)
{
	xmlNodePtr rp = child(jobref, "ReferenceParameters"), ss = rp ? child(rp, "SelectorSet") : NULL, s;
	unsigned long long deadline = vc_now_ms() + (unsigned long long)h->job_timeout_ms;
	struct vc_buf sel = {0};
	int r = -1;

	for (s = ss ? ss->children : NULL; s; s = s->next) {
		xmlChar *nm;
		char *t;
		if (s->type != XML_ELEMENT_NODE || !(nm = xmlGetNoNsProp(s, (const xmlChar *)"Name")))
			continue;
		t = esx_text(s);
		vc_buf_printf(&sel, "<w:Selector Name=\"%s\">", (const char *)nm);
		vc_buf_esc(&sel, t, 0);
		vc_buf_puts(&sel, "</w:Selector>");
		xmlFree(nm);
		free(t);
	}
	if (!sel.s)
		return vc_err("%s: %s: a job without a reference", h->url, what);
	for (;;) {
		struct reply j;
		char *st, *desc;
		int js;
		struct timespec ts = {0, 100 * 1000000L};
		if (wsman(h, NS_T "/Get", V2 "Msvm_ConcreteJob", sel.s, NULL, 0, "Get Msvm_ConcreteJob", &j) < 0)
			break;
		st = prop(j.body, "JobState");
		js = st ? atoi(st) : 0;
		free(st);
		if (js == 7) {
			reply_free(&j);
			r = 0;
			break;
		}
		if (js >= 8) {
			desc = prop(j.body, "ErrorDescription");
			vc_err("%s: %s", what, desc && *desc ? desc : "the job failed");
			free(desc);
			reply_free(&j);
			break;
		}
		reply_free(&j);
		if (vc_now_ms() >= deadline) {
			vc_err("%s: the job did not finish in %d s", what, h->job_timeout_ms / 1000);
			break;
		}
		nanosleep(&ts, NULL);
	}
	vc_buf_free(&sel);
	return r;
}

/* Invoke METHOD on (class, selectors) with the inner XML of METHOD_INPUT;
 * waits for a job. 1 done, 0 dry run, -1 + vc_err */
static int
invoke(struct hv *h, const char *cls, const char *selectors, const char *method, const char *args,
       struct reply *keep)
{
	struct vc_buf b = {0};
	struct reply r;
	char *action = vc_asprintf(V2 "%s/%s", cls, method), *res = vc_asprintf(V2 "%s", cls),
	    *what = vc_asprintf("%s.%s", cls, method), *rv;
	unsigned long v;
	int k;

	vc_buf_printf(&b, "<p:%s_INPUT xmlns:p=\"" V2 "%s\">%s</p:%s_INPUT>", method, cls, args, method);
	k = wsman(h, action, res, selectors, b.s, 1, what, &r);
	vc_buf_free(&b);
	free(action);
	free(res);
	if (k <= 0) {
		free(what);
		return k;
	}
	rv = prop(r.body, "ReturnValue");
	v = rv ? strtoul(rv, NULL, 10) : 2;
	free(rv);
	if (v == 4096)
		k = job_wait(h, child(r.body, "Job"), what) < 0 ? -1 : 1;
	else if (v != 0)
		k = vc_err("%s: returned %lu (%s)", what, v, rv_text(v));
	free(what);
	if (keep && k > 0)
		*keep = r;
	else
		reply_free(&r);
	return k;
}

static char *
cs_sel(const struct vm *v)
{
	struct vc_buf b = {0};

	vc_buf_puts(&b, "<w:Selector Name=\"CreationClassName\">Msvm_ComputerSystem</w:Selector><w:Selector Name=\"Name\">");
	vc_buf_esc(&b, v->guid, 0);
	vc_buf_puts(&b, "</w:Selector>");
	return vc_buf_take(&b);
}

/* the selectors of an instance, from its key properties */
static char *
inst_sel(xmlNodePtr n, const char *const *keys)
{
	struct vc_buf b = {0};
	size_t i;

	for (i = 0; keys[i]; i++) {
		char *t = prop(n, keys[i]);
		vc_buf_printf(&b, "<w:Selector Name=\"%s\">", keys[i]);
		vc_buf_esc(&b, t ? t : "", 0);
		vc_buf_puts(&b, "</w:Selector>");
		free(t);
	}
	return vc_buf_take(&b);
}

static int
state_change(struct hv *h, const struct vm *v, int st)
{
	char *sel = cs_sel(v), *args = vc_asprintf("<p:RequestedState>%d</p:RequestedState>", st);
	int r = invoke(h, "Msvm_ComputerSystem", sel, "RequestStateChange", args, NULL);

	free(sel);
	free(args);
	if (r < 0)
		vc_err_prefix("%s", v->name);
	return r < 0 ? -1 : 0;
}

static int
shutdown_guest(struct hv *h, const struct vm *v)
{
	static const char *const keys[] = { "CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName", NULL };
	struct vc_buf b = {0};
	struct items it;
	char *sel;
	int r;

	vc_buf_puts(&b, "select * from Msvm_ShutdownComponent where SystemName = ");
	wql_str(&b, v->guid);
	r = query(h, b.s, &it);
	vc_buf_free(&b);
	if (r < 0) {
		vc_err_prefix("%s", v->name);
		return -1;
	}
	if (!it.n && !vc_dry_run()) {
		items_free(&it);
		return vc_err("%s: no Msvm_ShutdownComponent: the guest's integration services are not running", v->name);
	}
	sel = it.n ? inst_sel(it.v[0], keys) : vc_strdup("");
	items_free(&it);
	r = invoke(h, "Msvm_ShutdownComponent", sel, "InitiateShutdown",
	    "<p:Force>true</p:Force><p:Reason>virtcore: vdom-shutdown</p:Reason>", NULL);
	free(sel);
	if (r < 0)
		vc_err_prefix("%s", v->name);
	return r < 0 ? -1 : 0;
}

/* ---- define / undefine ---- */

static int
vsms(struct hv *h, char **sel)
{
	static const char *const keys[] = { "CreationClassName", "Name", "SystemCreationClassName", "SystemName", NULL };
	struct items it;

	*sel = NULL;
	if (query(h, "select * from Msvm_VirtualSystemManagementService", &it) < 0)
		return -1;
	if (!it.n && !vc_dry_run()) {
		items_free(&it);
		return vc_err("%s: no Msvm_VirtualSystemManagementService", h->url);
	}
	*sel = it.n ? inst_sel(it.v[0], keys) : vc_strdup("");
	items_free(&it);
	return 0;
}

/* an embedded instance (CIM-XML INSTANCE), escaped as element text */
static void
embedded(struct vc_buf *b, const char *el, const char *cls, const char *const *kv)
{
	struct vc_buf i = {0};
	size_t k;

	vc_buf_printf(&i, "<INSTANCE CLASSNAME=\"%s\">", cls);
	for (k = 0; kv[k]; k += 2) {
		vc_buf_printf(&i, "<PROPERTY NAME=\"%s\" TYPE=\"%s\"><VALUE>", kv[k],
		    !strcmp(kv[k], "VirtualQuantity") || !strcmp(kv[k], "Limit") || !strcmp(kv[k], "Reservation")
		    ? "uint64" : "string");
		vc_buf_esc(&i, kv[k + 1], 0);
		vc_buf_puts(&i, "</VALUE></PROPERTY>");
	}
	vc_buf_puts(&i, "</INSTANCE>");
	vc_buf_printf(b, "<p:%s>", el);
	vc_buf_esc(b, i.s, 0);
	vc_buf_printf(b, "</p:%s>", el);
	vc_buf_free(&i);
}

static int
modify(struct hv *h, const char *sel, const struct vm *cur, unsigned long long mem, unsigned cpus)
{
	struct vc_buf b = {0};
	char q1[32], q2[32];
	int r = 0;

	snprintf(q1, sizeof(q1), "%llu", mem);
	snprintf(q2, sizeof(q2), "%u", cpus);
	if (mem != cur->mem || cur->max_mem != mem) {
		const char *kv[] = { "InstanceID", cur->mem_id ? cur->mem_id : "", "VirtualQuantity", q1,
		    "Reservation", q1, "Limit", q1, "DynamicMemoryEnabled", "False", NULL };
		embedded(&b, "ResourceSettings", "Msvm_MemorySettingData", kv);
	}
	if (cpus != cur->cpus) {
		const char *kv[] = { "InstanceID", cur->cpu_id ? cur->cpu_id : "", "VirtualQuantity", q2, NULL };
		embedded(&b, "ResourceSettings", "Msvm_ProcessorSettingData", kv);
	}
	if (b.len)
		r = invoke(h, "Msvm_VirtualSystemManagementService", sel, "ModifyResourceSettings", b.s, NULL);
	vc_buf_free(&b);
	return r < 0 ? -1 : 0;
}

static char *
to_xml(const struct vm *v)
{
	struct vc_buf b = {0};
	struct vc_domain *d;
	char *xml;

	vc_buf_puts(&b, "<domain type='hyperv'>\n  <name>");
	vc_buf_esc(&b, v->name, 0);
	vc_buf_puts(&b, "</name>\n");
	if (v->guid)
		vc_buf_printf(&b, "  <uuid>%s</uuid>\n", v->guid);
	vc_buf_printf(&b, "  <memory unit='MiB'>%llu</memory>\n  <currentMemory unit='MiB'>%llu</currentMemory>\n"
	    "  <vcpu>%u</vcpu>\n  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices/>\n</domain>\n",
	    v->max_mem, v->mem, v->cpus);
	d = vc_domain_parse(b.s, b.len, "(Hyper-V)");
	vc_buf_free(&b);
	if (!d) {
		vc_err_prefix("%s: the guest as Hyper-V gives it", v->name);
		return NULL;
	}
	xml = vc_domain_format(d, 0);
	vc_domain_free(d);
	return xml;
}

static int
hv_define(struct vc_conn *c, struct vc_domain *d, const struct vc_define_opts *o)
{
	struct hv *h = H(c);
	struct vm cur, want = {0};
	char *sel = NULL, *a = NULL, *b = NULL;
	int found, r = -1;

	memset(&cur, 0, sizeof(cur));
	if (d->type != VC_VIRT_HYPERV)
		return vc_err("%s: domain type '%s': the hyperv driver takes <domain type='hyperv'>", d->name,
		    vc_virt_type_names[d->type]);
	if (d->ndev[VC_DEV_DISK] || d->ndev[VC_DEV_INTERFACE])
		return vc_err("%s: disks and interfaces are not yet supported by the hyperv driver", d->name);
	want.name = d->name;
	want.mem = want.max_mem = (d->memory + 1023) / 1024;
	want.cpus = d->vcpus ? d->vcpus : 1;
	if ((found = lookup(h, d->name, &cur, 1)) < 0)
		return -1;
	vc_err_clear();
	if (found == 1 && d->has_uuid) {
		char us[37];
		vc_uuid_format(d->uuid, us);
		if (strcasecmp(us, cur.guid)) {
			vc_err("%s: already defined with uuid %s", d->name, cur.guid);
			goto out;
		}
	}
	if (o->diff) {
		want.guid = found == 1 ? cur.guid : NULL;
		a = found == 1 ? to_xml(&cur) : vc_strdup("");
		b = to_xml(&want);
		*o->diff = vc_diff(a ? a : "", b ? b : "", found == 1 ? d->name : "/dev/null", d->name);
		want.guid = NULL;
	}
	if (found == 1 && cur.mem == want.mem && cur.max_mem == want.max_mem && cur.cpus == want.cpus) {
		r = 0;
		goto out;
	}
	if (o->check) {
		r = 1;
		goto out;
	}
	if (vsms(h, &sel) < 0)
		goto out;
	if (found != 1) {
		struct vc_buf args = {0};
		const char *kv[] = { "ElementName", d->name, "VirtualSystemSubType", "Microsoft:Hyper-V:SubType:2", NULL };
		int k;
		embedded(&args, "SystemSettings", "Msvm_VirtualSystemSettingData", kv);
		k = invoke(h, "Msvm_VirtualSystemManagementService", sel, "DefineSystem", args.s, NULL);
		vc_buf_free(&args);
		if (k < 0)
			goto out;
		if (k == 0) {            /* dry run */
			r = 1;
			goto out;
		}
		vm_free(&cur);
		if (lookup(h, d->name, &cur, 1) != 1 || modify(h, sel, &cur, want.mem, want.cpus) < 0) {
			/* a guest this define made and could not finish goes away again */
			char *msg = vc_strdup(vc_errmsg()), *cs;
			struct vc_buf u = {0};
			if (cur.guid) {
				cs = cs_sel(&cur);
				vc_buf_puts(&u, "<p:AffectedSystem><a:Address>" NS_A "/role/anonymous</a:Address>"
				    "<a:ReferenceParameters><w:ResourceURI>" V2 "Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet>");
				vc_buf_puts(&u, cs);
				vc_buf_puts(&u, "</w:SelectorSet></a:ReferenceParameters></p:AffectedSystem>");
				invoke(h, "Msvm_VirtualSystemManagementService", sel, "DestroySystem", u.s, NULL);
				free(cs);
				vc_buf_free(&u);
			}
			vc_err("%s", msg);
			free(msg);
			vc_err_prefix("%s", d->name);
			goto out;
		}
		r = 1;
		goto out;
	}
	if (modify(h, sel, &cur, want.mem, want.cpus) < 0) {
		vc_err_prefix("%s", d->name);
		goto out;
	}
	r = 1;
out:
	free(sel);
	free(a);
	free(b);
	vm_free(&cur);
	return r;
}

static int
hv_undefine(struct vc_conn *c, const char *key, int if_exists, int check)
{
	struct hv *h = H(c);
	struct vm v;
	struct vc_buf u = {0};
	char *sel = NULL, *cs;
	int r;

	if ((r = lookup(h, key, &v, 0)) <= 0) {
		vm_free(&v);
		if (r == 0 && if_exists) {
			vc_err_clear();
			return 0;
		}
		return -1;
	}
	if (check) {
		vm_free(&v);
		return 1;
	}
	if (vsms(h, &sel) < 0) {
		vm_free(&v);
		return -1;
	}
	cs = cs_sel(&v);
	vc_buf_puts(&u, "<p:AffectedSystem><a:Address>" NS_A "/role/anonymous</a:Address>"
	    "<a:ReferenceParameters><w:ResourceURI>" V2 "Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet>");
	vc_buf_puts(&u, cs);
	vc_buf_puts(&u, "</w:SelectorSet></a:ReferenceParameters></p:AffectedSystem>");
	r = invoke(h, "Msvm_VirtualSystemManagementService", sel, "DestroySystem", u.s, NULL);
	if (r < 0)
		vc_err_prefix("%s", v.name);
	free(cs);
	free(sel);
	vc_buf_free(&u);
	vm_free(&v);
	return r < 0 ? -1 : 1;
}

/* ---- lifecycle ---- */

static int
start(struct hv *h, struct vm *v)
{
	struct vm now;
	char *msg;

	if (state_change(h, v, 2) == 0)
		return 0;
	/* a guest left starting is turned off again */
	msg = vc_strdup(vc_errmsg());
	if (lookup(h, v->guid, &now, 0) == 1 && active(&now))
		state_change(h, &now, 3);
	vm_free(&now);
	vc_err("%s", msg);
	free(msg);
	return -1;
}

static int
shutdown_wait(struct hv *h, struct vm *v, int timeout)
{
	unsigned long long deadline;
	struct vm now;
	int r;

	if (shutdown_guest(h, v) < 0)
		return -1;
	if (timeout < 0)
		return 0;
	if (vc_dry_run())
		return state_change(h, v, 3);
	deadline = vc_now_ms() + (unsigned long long)timeout * 1000;
	for (;;) {
		struct timespec ts = {0, 100 * 1000000L};
		if ((r = lookup(h, v->guid, &now, 0)) < 0) {
			vm_free(&now);
			return -1;
		}
		r = r == 1 && active(&now);
		vm_free(&now);
		if (!r)
			return 0;
		if (vc_now_ms() >= deadline)
			break;
		nanosleep(&ts, NULL);
	}
	return state_change(h, v, 3);
}

static int
hv_op(struct vc_conn *c, const char *key, int op, int check, int timeout)
{
	struct hv *h = H(c);
	struct vm v;
	int found, on, st, r = -1;

	if ((found = lookup(h, key, &v, 0)) <= 0) {
		vm_free(&v);
		return -1;
	}
	on = found == 2 ? op != VC_OP_START : active(&v);
	st = found == 2 ? (op == VC_OP_RESUME ? VC_STATE_PAUSED : VC_STATE_RUNNING) : state_of(v.enabled);
	switch (op) {
	case VC_OP_START:
		r = on ? 0 : check ? 1 : start(h, &v) < 0 ? -1 : 1;
		break;
	case VC_OP_SHUTDOWN:
		r = !on || (st == VC_STATE_SHUTDOWN && timeout < 0) ? 0 : check ? 1
		    : shutdown_wait(h, &v, timeout) < 0 ? -1 : 1;
		break;
	case VC_OP_DESTROY:
		r = !on ? 0 : check ? 1 : state_change(h, &v, 3) < 0 ? -1 : 1;
		break;
	case VC_OP_REBOOT:
	case VC_OP_RESET:
		if (!on)
			vc_err("%s: domain is not running", v.name);
		else if (op == VC_OP_REBOOT)
			vc_err("%s: operation unsupported by the hyperv driver (vdom-reset is Hyper-V's reset)", v.name);
		else
			r = check ? 1 : state_change(h, &v, 11) < 0 ? -1 : 1;
		break;
	case VC_OP_SUSPEND:
	case VC_OP_RESUME:
		if (!on)
			vc_err("%s: domain is not running", v.name);
		else if ((op == VC_OP_SUSPEND) == (st == VC_STATE_PAUSED))
			r = 0;
		else
			r = check ? 1 : state_change(h, &v, op == VC_OP_SUSPEND ? 9 : 2) < 0 ? -1 : 1;
		break;
	default:
		vc_err("%s: operation unsupported by the hyperv driver", v.name);
	}
	vm_free(&v);
	return r;
}

/* ---- inspect ---- */

static int
no_dry(const char *key)
{
	return vc_err("%s: --dry-run: nothing was asked of Hyper-V, so there is nothing to show", key);
}

static char *
hv_xml(struct vc_conn *c, const char *key, int inactive)
{
	struct vm v;
	char *s = NULL;
	int r;

	(void)inactive;
	if ((r = lookup(H(c), key, &v, 1)) == 1)
		s = to_xml(&v);
	else if (r == 2)
		no_dry(key);
	vm_free(&v);
	return s;
}

static void
fill(struct vc_dominfo *i, const struct vm *v)
{
	i->name = vc_strdup(v->name ? v->name : "");
	if (!v->guid || vc_uuid_parse(v->guid, i->uuid) < 0)
		vc_err_clear();
	i->type = vc_strdup("hyperv");
	i->state = state_of(v->enabled);
	i->id = active(v) && v->pid > 0 ? (int)v->pid : -1;
	i->persistent = 1;
	i->max_kib = v->max_mem * 1024;
	i->cur_kib = v->mem * 1024;
	i->vcpus = v->cpus;
}

static int
hv_list(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n)
{
	struct items it;
	size_t i;

	*out = NULL;
	*n = 0;
	if (query(H(c), VM_WQL, &it) < 0)
		return -1;
	for (i = 0; i < it.n; i++) {
		struct vm v;
		int on;
		vm_read(it.v[i], &v);
		on = active(&v);
		if ((on && (which & VC_LIST_ACTIVE)) || (!on && (which & VC_LIST_INACTIVE))) {
			*out = vc_realloc(*out, (*n + 1) * sizeof(**out));
			memset(&(*out)[*n], 0, sizeof(**out));
			fill(&(*out)[(*n)++], &v);
		}
		vm_free(&v);
	}
	items_free(&it);
	return 0;
}

static int
hv_info(struct vc_conn *c, const char *key, struct vc_dominfo *i)
{
	struct vm v;
	int r;

	memset(i, 0, sizeof(*i));
	if (vc_dry_run())
		return no_dry(key);
	if ((r = lookup(H(c), key, &v, 1)) == 1)
		fill(i, &v);
	vm_free(&v);
	return r == 1 ? 0 : -1;
}

/* ---- the connection ---- */

static void
hv_close(struct vc_conn *c)
{
	struct hv *h = c->priv;

	if (!h)
		return;
	esx_http_close(&h->e);
	free(h->url);
	free(h);
	c->priv = NULL;
}

static int
hv_open(struct vc_conn *c)
{
	struct hv *h;
	char *tr = vc_uri_param(c, "transport"), *nv = vc_uri_param(c, "no_verify"), *user = NULL, *pw = NULL,
	    *jt = getenv("VIRTCORE_HYPERV_JOB_TIMEOUT") ? vc_strdup(getenv("VIRTCORE_HYPERV_JOB_TIMEOUT")) : NULL;
	int https, r = -1;

	if (!c->host || (strcmp(c->path, "/") != 0 && *c->path)) {
		vc_err_kind(VC_ERR_USAGE, "%s: the hyperv driver's URI is hyperv://[user@]host[:port]/?transport=http|https", c->uri);
		goto out;
	}
	if (tr && strcmp(tr, "http") && strcmp(tr, "https")) {
		vc_err_kind(VC_ERR_USAGE, "%s: transport '%s': http or https", c->uri, tr);
		goto out;
	}
	https = !tr || !strcmp(tr, "https");
	c->priv = h = vc_calloc(1, sizeof(*h));
	h->job_timeout_ms = (jt ? atoi(jt) : 300) * 1000;
	h->url = vc_asprintf("%s://%s:%d/wsman", https ? "https" : "http", c->host, c->port ? c->port : https ? 5986 : 5985);
	if (esx_http_open(&h->e, h->url, nv && strcmp(nv, "0"), NULL) < 0)
		goto out;
	if (vc_dry_run() && !getenv("VIRTCORE_ESX_PASSWORD"))
		user = vc_strdup(c->user ? c->user : "administrator"), pw = vc_strdup("");
	else if (esx_credentials(c, "administrator", &user, &pw) < 0)
		goto out;
	esx_http_basic_auth(&h->e, user, pw);
	r = 0;
out:
	free(tr);
	free(nv);
	free(jt);
	free(user);
	if (pw)
		memset(pw, 0, strlen(pw));
	free(pw);
	return r;
}

static const struct vc_inventory hv_inv = {
	.define = hv_define,
	.undefine = hv_undefine,
	.xml = hv_xml,
	.info = hv_info,
	.list = hv_list,
	.op = hv_op,
};

const struct vc_driver vc_hyperv_driver = {
	.name = "hyperv",
	.flags = VC_DRV_HOST,
	.inv = &hv_inv,
	.open = hv_open,
	.close = hv_close,
};
