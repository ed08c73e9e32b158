/* driver.c: the esx://, gsx:// and vpx:// drivers: the product keeps the
 * guests; every operation is a vSphere call through the SOAP client */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "esx.h"
#include "../../conf/devs_storage.h"
#include "../../conf/dev_net.h"

#define TASK_TIMEOUT_MS 300000

struct esxc {
	struct esx e;
	char **path;            /* vpx: the URI path's components */
	size_t npath;
	char *dcpath;           /* inventory path of the datacenter, once found */
	size_t dcn;             /* how many path components it took */
	struct esx_objs *listing;   /* the run's listing, for list and info */
};

static struct esx *
E(struct vc_conn *c)
{
	return &((struct esxc *)c->priv)->e;
}

static int
split_path(const char *p, char ***v, size_t *n)
{
	*v = NULL;
	*n = 0;
	while (*p) {
		size_t l;
		while (*p == '/')
			p++;
		if (!(l = strcspn(p, "/")))
			break;
		VC_APPEND(*v, *n, vc_strndup(p, l));
		p += l;
	}
	return 0;
}

/* ?no_verify=1&transport=https&auto_answer=0&proxy=socks5://h:1080 */
static int
check_query(struct vc_conn *c, int *no_verify, char **transport, char **proxy)
{
	static const char *const known[] = { "no_verify", "transport", "auto_answer", "proxy" };
	const char *p = c->query;
	char *v;
	size_t i;

	while (p && *p) {
		size_t n = strcspn(p, "&"), kl = strcspn(p, "=&");
		for (i = 0; i < VC_NELEM(known); i++)
			if (kl == strlen(known[i]) && strncmp(p, known[i], kl) == 0)
				break;
		if (i == VC_NELEM(known))
			return vc_err_kind(VC_ERR_USAGE, "%s: unknown parameter '%.*s' (no_verify, transport, auto_answer, proxy)",
			    c->uri, (int)kl, p);
		p += n;
		if (*p == '&')
			p++;
	}
	for (i = 0; i < 2; i++) {
		const char *k = i ? "auto_answer" : "no_verify";
		if ((v = vc_uri_param(c, k)) && strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
			free(v);
			return vc_err_kind(VC_ERR_USAGE, "%s: %s must be 0 or 1", c->uri, k);
		}
		if (i == 0)
			*no_verify = v && strcmp(v, "1") == 0;
		free(v);
	}
	*transport = vc_uri_param(c, "transport");
	if (*transport && strcmp(*transport, "http") != 0 && strcmp(*transport, "https") != 0)
		return vc_err_kind(VC_ERR_USAGE, "%s: transport must be http or https", c->uri);
	if ((*proxy = vc_uri_param(c, "proxy"))) {
		static const char *const types[] = { "http://", "socks://", "socks4://", "socks4a://", "socks5://" };
		char *sep = strstr(*proxy, "://"), *fixed;
		for (i = 0; sep && i < VC_NELEM(types); i++)
			if (strncmp(*proxy, types[i], strlen(types[i])) == 0)
				break;
		if (!**proxy || (sep && i == VC_NELEM(types)))
			return vc_err_kind(VC_ERR_USAGE, "%s: proxy is [http|socks|socks4|socks4a|socks5://]HOST[:PORT]", c->uri);
		if (sep && i == 1) {       /* libvirt's socks is socks5 */
			fixed = vc_asprintf("socks5://%s", sep + 3);
			free(*proxy);
			*proxy = fixed;
		}
	}
	return 0;
}

static int
esx_open(struct vc_conn *c)
{
	struct esxc *x;
	struct esx *e;
	int no_verify = 0, r = -1, gsx = strcmp(c->scheme, "gsx") == 0;
	int vpx = strcmp(c->scheme, "vpx") == 0;
	char *transport = NULL, *proxy = NULL, *url = NULL, *user = NULL, *pass = NULL;
	const char *want;

	if (!c->host)
		return vc_err_kind(VC_ERR_USAGE, "%s: %s URIs name a host: %s://[USER@]HOST[:PORT]/%s[?no_verify=1]",
		    c->uri, c->scheme, c->scheme, vpx ? "DATACENTER/[CLUSTER/]HOST" : "");
	if (check_query(c, &no_verify, &transport, &proxy) < 0)
		goto out0;
	x = vc_calloc(1, sizeof(*x));
	c->priv = x;
	e = &x->e;
	e->vpx = vpx;
	e->task_timeout_ms = TASK_TIMEOUT_MS;
	split_path(c->path ? c->path : "/", &x->path, &x->npath);
	if (vpx && x->npath < 2) {
		r = vc_err_kind(VC_ERR_USAGE, "%s: vpx URIs name DATACENTER/[CLUSTER/]HOST after the vCenter", c->uri);
		goto out0;
	}
	if (!vpx && x->npath) {
		r = vc_err_kind(VC_ERR_USAGE, "%s: %s URIs take no path (a vCenter's hosts are vpx://VCENTER/DATACENTER/HOST)",
		    c->uri, c->scheme);
		goto out0;
	}
	if (!transport)
		transport = vc_strdup("https");
	url = vc_asprintf("%s://%s%s%s%s%.0d/sdk", transport, strchr(c->host, ':') ? "[" : "", c->host,
	    strchr(c->host, ':') ? "]" : "", c->port ? ":" : "", c->port);
	if (!c->port && gsx) {     /* GSX listens on its own ports */
		free(url);
		url = vc_asprintf("%s://%s%s%s:%d/sdk", transport, strchr(c->host, ':') ? "[" : "", c->host,
		    strchr(c->host, ':') ? "]" : "", strcmp(transport, "http") == 0 ? 8222 : 8333);
	}
	if (esx_http_open(e, url, no_verify, proxy) < 0 || esx_service_content(e) < 0)
		goto out0;
	want = vpx ? "VirtualCenter" : "HostAgent";
	if (strcmp(e->api_type, want) != 0) {
		if (vpx)
			vc_err("%s: %s is not a vCenter (its API is %s): use esx://%s/", c->uri, c->host, e->api_type, c->host);
		else
			vc_err("%s: %s is a vCenter (its API is %s): use vpx://%s/DATACENTER/[CLUSTER/]HOST", c->uri,
			    c->host, e->api_type, c->host);
		goto out0;
	}
	if (esx_credentials(c, vpx ? "administrator" : "root", &user, &pass) < 0 || esx_login(e, user, pass) < 0)
		goto out0;
	r = 0;
out0:
	if (pass) {
		memset(pass, 0, strlen(pass));
		free(pass);
	}
	free(user);
	free(url);
	free(transport);
	free(proxy);
	return r;
}

static void
esx_close(struct vc_conn *c)
{
	struct esxc *x = c->priv;
	struct esx *e;

	if (!x)
		return;
	e = &x->e;
	esx_logout(e);
	esx_http_close(e);
	free(e->action);
	free(e->api_type);
	free(e->api_version);
	free(e->root_folder);
	free(e->property_collector);
	free(e->view_manager);
	free(e->session_manager);
	free(e->search_index);
	free(e->scope);
	free(e->view);
	vc_strv_free(x->path, x->npath);
	free(x->dcpath);
	if (x->listing)
		esx_objs_free(x->listing);
	free(x->listing);
	free(x);
	c->priv = NULL;
}

/* the datacenter's folder (vm, host): on ESX the one ha-datacenter; on
 * a vCenter the longest start of the path that is a datacenter */
static int
dc_folder(struct vc_conn *c, const char *which, struct esx_mor *m)
{
	struct esxc *x = c->priv;
	struct esx_mor *found = NULL;
	size_t k;

	if (!x->e.vpx) {
		if (!x->dcpath)
			x->dcpath = vc_strdup("ha-datacenter");
	}
	for (k = 1; !x->dcpath && k < x->npath; k++) {
		struct vc_buf p = {0};
		size_t i;
		int r;
		for (i = 0; i < k; i++)
			vc_buf_printf(&p, "%s%s", i ? "/" : "", x->path[i]);
		vc_buf_puts(&p, "/vm");
		r = esx_find_path(&x->e, p.s, m);
		if (r > 0 && strcmp(m->type, "Folder") == 0) {
			x->dcpath = vc_strndup(p.s, p.len - 3);
			x->dcn = k;
			found = vc_malloc(sizeof(*found));
			*found = *m;
			memset(m, 0, sizeof(*m));
		}
		vc_buf_free(&p);
		esx_mor_clear(m);
		if (r < 0)
			return -1;
	}
	if (!x->dcpath)
		return vc_err("%s: no datacenter %s in the vCenter", c->uri, x->path[0]);
	if (found && strcmp(which, "vm") == 0) {
		*m = *found;
		free(found);
		return 0;
	}
	if (found) {
		esx_mor_clear(found);
		free(found);
	}
	{
		char *p = vc_asprintf("%s/%s", x->dcpath, which);
		int r = esx_find_path(&x->e, p, m);
		if (r == 0)
			vc_err("%s: no folder %s", c->uri, p);
		free(p);
		if (r <= 0)
			return -1;
	}
	return 0;
}

/* ONE RetrievePropertiesEx over a container view of every VM in scope */
static int
list_vms(struct vc_conn *c, const char *const *paths, size_t n, struct esx_objs *o)
{
	struct esx *e = E(c);
	struct vc_buf os = {0};
	int r;

	if (!e->scope) {
		struct esx_mor m;
		if (!e->vpx)
			e->scope = vc_strdup(e->root_folder);
		else if (dc_folder(c, "vm", &m) < 0)
			return -1;
		else {
			e->scope = m.value;
			free(m.type);
		}
	}
	if (!e->view && esx_view_create(e, e->scope, "VirtualMachine", &e->view) < 0)
		return -1;
	vc_buf_puts(&os, "<objectSet>");
	esx_buf_mor(&os, "obj", "ContainerView", e->view);
	vc_buf_puts(&os, "<skip>true</skip><selectSet xsi:type=\"TraversalSpec\"><name>view</name>"
	    "<type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet>");
	r = esx_retrieve(e, os.s, "VirtualMachine", paths, n, o);
	vc_buf_free(&os);
	return r;
}

enum { L_NAME, L_UUID, L_POWER, L_TEMPLATE, L_MEM, L_CPU };
static const char *const lpaths[] = {
	"name", "config.uuid", "runtime.powerState", "config.template",
	"config.hardware.memoryMB", "config.hardware.numCPU",
};

static int
vm_state(const struct esx_obj *o)
{
	char *s = esx_text(o->val[L_POWER]);
	int st = !s ? VC_STATE_NOSTATE : strcmp(s, "poweredOn") == 0 ? VC_STATE_RUNNING
	    : strcmp(s, "suspended") == 0 ? VC_STATE_PAUSED
	    : strcmp(s, "poweredOff") == 0 ? VC_STATE_SHUTOFF : VC_STATE_NOSTATE;

	free(s);
	return st;
}

/* the number in a moref (vm-42, 42) */
static int
mor_id(const char *v)
{
	const char *p = strrchr(v, '-');
	unsigned long long n;

	p = p ? p + 1 : v;
	return vc_parse_ull(p, 0, 0x7fffffff, &n) < 0 ? (vc_err_clear(), 0) : (int)n;
}

static int
is_template(const struct esx_obj *o)
{
	char *s = esx_text(o->val[L_TEMPLATE]);
	int t = s && strcmp(s, "true") == 0;

	free(s);
	return t;
}

/* the VM named key (name or uuid) among o; -1 + "no such domain" */
static long
find_vm(const struct esx_objs *o, const char *key)
{
	unsigned char u[16], v[16];
	int by_uuid = vc_uuid_parse(key, u) == 0;
	size_t i;

	vc_err_clear();
	for (i = 0; i < o->n; i++) {
		char *s;
		int hit;
		if (is_template(&o->v[i]))
			continue;
		s = esx_text(o->v[i].val[by_uuid ? L_UUID : L_NAME]);
		hit = s && (by_uuid ? vc_uuid_parse(s, v) == 0 && memcmp(u, v, 16) == 0 : strcmp(s, key) == 0);
		free(s);
		if (hit)
			return (long)i;
	}
	vc_err_clear();
	vc_err("%s: no such domain", key);
	return -1;
}

static int
cmp_info(const void *a, const void *b)
{
	return strcmp(((const struct vc_dominfo *)a)->name, ((const struct vc_dominfo *)b)->name);
}

static void
fill_info(const struct esx_obj *o, size_t npaths, struct vc_dominfo *d)
{
	char *s;

	memset(d, 0, sizeof(*d));
	d->name = esx_text(o->val[L_NAME]);
	if ((s = esx_text(o->val[L_UUID])) && vc_uuid_parse(s, d->uuid) < 0)
		vc_err_clear();
	free(s);
	d->state = vm_state(o);
	d->id = d->state == VC_STATE_RUNNING || d->state == VC_STATE_PAUSED ? mor_id(o->mor.value) : -1;
	d->persistent = 1;
	d->type = vc_strdup("vmware");
	if (npaths <= L_CPU)
		return;
	if ((s = esx_text(o->val[L_MEM])))
		d->max_kib = d->cur_kib = strtoull(s, NULL, 10) * 1024;
	free(s);
	if ((s = esx_text(o->val[L_CPU])))
		d->vcpus = (unsigned)strtoul(s, NULL, 10);
	free(s);
}

/* a tool that lists, then asks each guest's info (vdom-list --uuid),
 * reads the one listing of this run, not one round trip per guest */
static int
listing(struct vc_conn *c, struct esx_objs **o)
{
	struct esxc *x = c->priv;

	if (!x->listing) {
		struct esx_objs *n = vc_calloc(1, sizeof(*n));
		if (list_vms(c, lpaths, VC_NELEM(lpaths), n) < 0) {
			free(n);
			return -1;
		}
		x->listing = n;
	}
	*o = x->listing;
	return 0;
}

static int
inv_list(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n)
{
	struct esx_objs *o;
	size_t i;

	*out = NULL;
	*n = 0;
	if (listing(c, &o) < 0)
		return -1;
	for (i = 0; i < o->n; i++) {
		struct vc_dominfo d;
		int active;
		if (is_template(&o->v[i]))
			continue;
		fill_info(&o->v[i], VC_NELEM(lpaths), &d);
		active = d.state == VC_STATE_RUNNING || d.state == VC_STATE_PAUSED;
		if (!d.name || !((active && (which & VC_LIST_ACTIVE)) || (!active && (which & VC_LIST_INACTIVE)))) {
			vc_dominfo_clear(&d);
			continue;
		}
		*out = vc_realloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = d;
	}
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_info);
	return 0;
}

static int autostart_get(struct vc_conn *c, const char *value, struct esx_mor *mgr, int *on);

static int
inv_info(struct vc_conn *c, const char *key, struct vc_dominfo *i)
{
	struct esx_objs *o;
	long k;

	if (listing(c, &o) < 0)
		return -1;
	if ((k = find_vm(o, key)) < 0)
		return -1;
	fill_info(&o->v[k], VC_NELEM(lpaths), i);
	{
		/* a host without an autostart manager: autostart is off */
		struct esx_mor mgr;
		if (autostart_get(c, o->v[k].mor.value, &mgr, &i->autostart) < 0)
			vc_err_clear();
		esx_mor_clear(&mgr);
	}
	return 0;
}

/* the domain XML of one VM: its moref from the listing, its config by itself */
static char *
vm_xml(struct vc_conn *c, const char *value)
{
	struct esx_objs o;
	char *xml = NULL;

	if (esx_retrieve_one(E(c), "VirtualMachine", value, esx_xml_paths, esx_nxml_paths, &o) < 0)
		return NULL;
	if (o.n == 1)
		xml = esx_vm_domain_xml(&o.v[0]);
	else
		vc_err("%s: the VM vanished", value);
	esx_objs_free(&o);
	return xml;
}

static char *
inv_xml(struct vc_conn *c, const char *key, int inactive)
{
	struct esx_objs o;
	char *xml = NULL;
	long k;

	(void)inactive;      /* vSphere keeps one config for both */
	if (list_vms(c, lpaths, 4, &o) < 0)
		return NULL;
	if ((k = find_vm(&o, key)) >= 0)
		xml = vm_xml(c, o.v[k].mor.value);
	esx_objs_free(&o);
	return xml;
}

static int
wait_off(struct vc_conn *c, const char *value, int timeout)
{
	unsigned long long end = vc_now_ms() + (unsigned long long)timeout * 1000;
	static const char *const p[] = { "name", "config.uuid", "runtime.powerState" };

	for (;;) {
		struct esx_objs o;
		int st;
		if (esx_retrieve_one(E(c), "VirtualMachine", value, p, 3, &o) < 0)
			return -1;
		st = o.n == 1 ? vm_state(&o.v[0]) : VC_STATE_SHUTOFF;
		esx_objs_free(&o);
		if (st == VC_STATE_SHUTOFF)
			return 0;
		if (vc_now_ms() >= end)
			return vc_err_kind(VC_ERR_TEMP, "still running after %d s", timeout);
		{
			struct timespec ts = { 0, 200 * 1000000L };
			nanosleep(&ts, NULL);
		}
	}
}

static int
inv_op(struct vc_conn *c, const char *key, int op, int check, int timeout)
{
	struct esx *e = E(c);
	struct esx_objs o;
	const char *method = NULL, *vm;
	char *name = NULL;
	long k;
	int st, r = -1, task = 1;

	if (list_vms(c, lpaths, 4, &o) < 0)
		return -1;
	if ((k = find_vm(&o, key)) < 0)
		goto out;
	st = vm_state(&o.v[k]);
	vm = o.v[k].mor.value;
	name = esx_text(o.v[k].val[L_NAME]);
	switch (op) {
	case VC_OP_START:
		if (st == VC_STATE_RUNNING || st == VC_STATE_PAUSED) { r = 0; goto out; }
		method = "PowerOnVM_Task";
		break;
	case VC_OP_SHUTDOWN:
		if (st == VC_STATE_SHUTOFF) { r = 0; goto out; }
		if (st == VC_STATE_PAUSED) { vc_err("%s: domain is suspended: resume it first", name); goto out; }
		method = "ShutdownGuest";
		task = 0;
		break;
	case VC_OP_DESTROY:
		if (st == VC_STATE_SHUTOFF) { r = 0; goto out; }
		method = "PowerOffVM_Task";
		break;
	case VC_OP_REBOOT:
		if (st != VC_STATE_RUNNING) { vc_err("%s: domain is not running", name); goto out; }
		method = "RebootGuest";
		task = 0;
		break;
	case VC_OP_RESET:
		if (st != VC_STATE_RUNNING) { vc_err("%s: domain is not running", name); goto out; }
		method = "ResetVM_Task";
		break;
	case VC_OP_SUSPEND:
	case VC_OP_RESUME:
		if (st == VC_STATE_SHUTOFF) { vc_err("%s: domain is not running", name); goto out; }
		if ((op == VC_OP_SUSPEND) == (st == VC_STATE_PAUSED)) { r = 0; goto out; }
		method = op == VC_OP_SUSPEND ? "SuspendVM_Task" : "PowerOnVM_Task";
		break;
	default:
		vc_err("unknown operation");
		goto out;
	}
	if (check) {
		r = 1;
		goto out;
	}
	r = task ? esx_task(e, method, "VirtualMachine", vm, NULL, NULL) : esx_simple(e, method, "VirtualMachine", vm, NULL);
	if (r > 0 && op == VC_OP_SHUTDOWN && timeout >= 0 && wait_off(c, vm, timeout) < 0)
		r = -1;
	if (r < 0) {
		vc_err_prefix("%s", name);
		goto out;
	}
	r = 1;      /* a dry run changes nothing, but says what would change */
out:
	free(name);
	esx_objs_free(&o);
	return r;
}

static int
inv_undefine(struct vc_conn *c, const char *key, int if_exists, int check)
{
	struct esx_objs o;
	char *name = NULL;
	long k;
	int r = -1;

	if (list_vms(c, lpaths, 4, &o) < 0)
		return -1;
	if ((k = find_vm(&o, key)) < 0) {
		if (if_exists) {
			vc_err_clear();
			r = 0;
		}
		goto out;
	}
	name = esx_text(o.v[k].val[L_NAME]);
	if (vm_state(&o.v[k]) == VC_STATE_RUNNING) {
		vc_err("%s: domain is running: shut it down or destroy it first", name);
		goto out;
	}
	if (check) {
		r = 1;
		goto out;
	}
	if (esx_simple(E(c), "UnregisterVM", "VirtualMachine", o.v[k].mor.value, NULL) < 0) {
		vc_err_prefix("%s", name);
		goto out;
	}
	r = 1;
out:
	free(name);
	esx_objs_free(&o);
	return r;
}

static void
target_free(struct esx_target *t)
{
	size_t i;

	esx_mor_clear(&t->folder);
	esx_mor_clear(&t->pool);
	esx_mor_clear(&t->host);
	free(t->datastore);
	for (i = 0; i < t->nnetworks; i++) {
		free(t->networks[i]);
		free(t->net_types[i]);
		free(t->net_values[i]);
		free(t->dvs_uuids[i]);
		free(t->pg_keys[i]);
	}
	free(t->networks);
	free(t->net_types);
	free(t->net_values);
	free(t->dvs_uuids);
	free(t->pg_keys);
	memset(t, 0, sizeof(*t));
}

/* the morefs in an ArrayOfManagedObjectReference <val> */
static size_t
mors(xmlNodePtr val, struct esx_mor **out)
{
	xmlNodePtr n;
	size_t k = 0;

	*out = NULL;
	for (n = val ? val->children : NULL; n; n = n->next) {
		struct esx_mor m;
		if (n->type != XML_ELEMENT_NODE || esx_mor_read(n, &m) < 0)
			continue;
		*out = vc_realloc(*out, (k + 1) * sizeof(**out));
		(*out)[k++] = m;
	}
	vc_err_clear();
	return k;
}

static void
mors_free(struct esx_mor *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		esx_mor_clear(&m[i]);
	free(m);
}

/* name (and for portgroups the switch and key) of the host's networks */
static int
host_networks(struct esx *e, struct esx_mor *nets, size_t nn, struct esx_target *t)
{
	static const char *const types[] = { "Network", "DistributedVirtualPortgroup", "OpaqueNetwork" };
	static const char *const paths[] = { "name", "key", "config.distributedVirtualSwitch" };
	size_t ti, i, j;

	for (ti = 0; ti < VC_NELEM(types); ti++) {
		struct vc_buf os = {0};
		struct esx_objs o;
		int dvpg = ti == 1, r;
		for (i = 0; i < nn; i++)
			if (strcmp(nets[i].type, types[ti]) == 0) {
				vc_buf_puts(&os, "<objectSet>");
				esx_buf_mor(&os, "obj", nets[i].type, nets[i].value);
				vc_buf_puts(&os, "</objectSet>");
			}
		if (!os.len)
			continue;
		r = esx_retrieve(e, os.s, types[ti], paths, dvpg ? 3 : 1, &o);
		vc_buf_free(&os);
		if (r < 0)
			return -1;
		for (j = 0; j < o.n; j++) {
			char *uuid = NULL;
			if (dvpg && o.v[j].val[2]) {
				struct esx_mor sw;
				static const char *const up[] = { "uuid" };
				struct esx_objs so;
				if (esx_mor_read(o.v[j].val[2], &sw) == 0 &&
				    esx_retrieve_one(e, sw.type, sw.value, up, 1, &so) == 0) {
					if (so.n == 1)
						uuid = esx_text(so.v[0].val[0]);
					esx_objs_free(&so);
				}
				esx_mor_clear(&sw);
				vc_err_clear();
			}
			VC_APPEND(t->networks, t->nnetworks, esx_text(o.v[j].val[0]));
			t->net_types = vc_realloc(t->net_types, t->nnetworks * sizeof(char *));
			t->net_values = vc_realloc(t->net_values, t->nnetworks * sizeof(char *));
			t->dvs_uuids = vc_realloc(t->dvs_uuids, t->nnetworks * sizeof(char *));
			t->pg_keys = vc_realloc(t->pg_keys, t->nnetworks * sizeof(char *));
			t->net_types[t->nnetworks - 1] = vc_strdup(o.v[j].mor.type);
			t->net_values[t->nnetworks - 1] = vc_strdup(o.v[j].mor.value);
			t->dvs_uuids[t->nnetworks - 1] = uuid;
			t->pg_keys[t->nnetworks - 1] = dvpg ? esx_text(o.v[j].val[1]) : NULL;
		}
		esx_objs_free(&o);
	}
	return 0;
}

/* where a new VM goes: the datacenter's vm folder, the host (from the
 * URI's path on a vCenter), its resource pool, datastores and networks */
static int
resolve_target(struct vc_conn *c, struct esx_target *t)
{
	struct esxc *x = c->priv;
	struct esx *e = &x->e;
	struct esx_mor cr = {0}, *list = NULL;
	struct esx_objs o = {0};
	size_t n = 0, i;
	int r = -1;

	memset(t, 0, sizeof(*t));
	if (dc_folder(c, "vm", &t->folder) < 0)
		return -1;
	if (e->vpx) {
		struct vc_buf p = {0};
		size_t k;
		vc_buf_printf(&p, "%s/host", x->dcpath);
		for (k = x->dcn; k < x->npath; k++)
			vc_buf_printf(&p, "/%s", x->path[k]);
		i = esx_find_path(e, p.s, &cr);
		if (i == 0)
			vc_err("%s: no host %s", c->uri, p.s);
		vc_buf_free(&p);
		if ((int)i <= 0)
			goto out;
	} else {
		static const char *const cp[] = { "childEntity" };
		struct esx_mor hf;
		if (dc_folder(c, "host", &hf) < 0)
			goto out;
		r = esx_retrieve_one(e, "Folder", hf.value, cp, 1, &o);
		esx_mor_clear(&hf);
		if (r < 0)
			goto out;
		r = -1;
		n = o.n == 1 ? mors(o.v[0].val[0], &list) : 0;
		esx_objs_free(&o);
		if (!n) {
			vc_err("%s: the host has no compute resource", c->uri);
			goto out;
		}
		cr = list[0];
		list[0].type = list[0].value = NULL;
		mors_free(list, n);
		list = NULL;
	}
	if (strcmp(cr.type, "HostSystem") == 0) {
		static const char *const hp[] = { "parent" };
		t->host = cr;
		memset(&cr, 0, sizeof(cr));
		if (esx_retrieve_one(e, "HostSystem", t->host.value, hp, 1, &o) < 0)
			goto out;
		if (o.n != 1 || esx_mor_read(o.v[0].val[0], &cr) < 0)
			goto out;
		esx_objs_free(&o);
	} else if (strcmp(cr.type, "ComputeResource") != 0 && strcmp(cr.type, "ClusterComputeResource") != 0) {
		vc_err("%s: %s is a %s, not a host", c->uri, cr.value, cr.type);
		goto out;
	}
	{
		static const char *const rp[] = { "resourcePool", "host" };
		if (esx_retrieve_one(e, cr.type, cr.value, rp, 2, &o) < 0)
			goto out;
		if (o.n != 1 || esx_mor_read(o.v[0].val[0], &t->pool) < 0)
			goto out;
		if (!t->host.value) {
			if (!(n = mors(o.v[0].val[1], &list))) {
				vc_err("%s: compute resource %s has no host", c->uri, cr.value);
				goto out;
			}
			if (strcmp(cr.type, "ClusterComputeResource") == 0 && n > 1) {
				vc_err("%s: %s is a cluster: name one of its hosts", c->uri, cr.value);
				goto out;
			}
			t->host = list[0];
			list[0].type = list[0].value = NULL;
			mors_free(list, n);
			list = NULL;
		}
		esx_objs_free(&o);
	}
	{
		static const char *const dp[] = { "datastore", "network" };
		static const char *const np[] = { "name" };
		struct vc_buf os = {0};
		struct esx_objs ds;
		size_t nn;
		struct esx_mor *nets;
		if (esx_retrieve_one(e, "HostSystem", t->host.value, dp, 2, &o) < 0 || o.n != 1)
			goto out;
		n = mors(o.v[0].val[0], &list);
		nn = mors(o.v[0].val[1], &nets);
		r = host_networks(e, nets, nn, t);
		mors_free(nets, nn);
		if (r < 0)
			goto out;
		r = -1;
		if (!n) {
			vc_err("%s: host %s has no datastore", c->uri, t->host.value);
			goto out;
		}
		vc_buf_puts(&os, "<objectSet>");
		esx_buf_mor(&os, "obj", list[0].type, list[0].value);
		vc_buf_puts(&os, "</objectSet>");
		i = esx_retrieve(e, os.s, "Datastore", np, 1, &ds) < 0 ? 1 : 0;
		vc_buf_free(&os);
		if (i)
			goto out;
		if (ds.n == 1)
			t->datastore = esx_text(ds.v[0].val[0]);
		esx_objs_free(&ds);
		if (!t->datastore) {
			vc_err("%s: datastore %s has no name", c->uri, list[0].value);
			goto out;
		}
	}
	r = 0;
out:
	mors_free(list, n);
	esx_mor_clear(&cr);
	esx_objs_free(&o);
	if (r < 0)
		target_free(t);
	return r;
}

/* does redefining old as d change anything but what ReconfigVM_Task sets? */
static int
devices_differ(const struct vc_domain *old, const struct vc_domain *d, const struct esx_target *t)
{
	size_t i;

	if (old->ndev[VC_DEV_DISK] != d->ndev[VC_DEV_DISK] ||
	    old->ndev[VC_DEV_INTERFACE] != d->ndev[VC_DEV_INTERFACE])
		return 1;
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *a = old->dev[VC_DEV_DISK][i], *b = d->dev[VC_DEV_DISK][i];
		if (a->device != b->device || !a->target_dev != !b->target_dev ||
		    (a->target_dev && strcmp(a->target_dev, b->target_dev) != 0) ||
		    !a->src.path != !b->src.path || (a->src.path && strcmp(a->src.path, b->src.path) != 0))
			return 1;
	}
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *a = old->dev[VC_DEV_INTERFACE][i], *b = d->dev[VC_DEV_INTERFACE][i];
		const char *na = a->source_bridge ? a->source_bridge : a->source_network;
		const char *nb = b->source_bridge ? b->source_bridge : b->source_network;
		size_t j;
		/* a portgroup named as a bridge is the vds interface it became */
		if (a->type == VC_IFACE_VDS && nb)
			for (j = 0; j < t->nnetworks; j++)
				if (strcmp(t->networks[j], nb) == 0 && t->pg_keys[j] && a->vds_portgroupid &&
				    strcmp(t->pg_keys[j], a->vds_portgroupid) == 0)
					na = nb;
		if (a->type == VC_IFACE_VDS && b->type == VC_IFACE_VDS)
			na = nb = (a->vds_portgroupid && b->vds_portgroupid &&
			    strcmp(a->vds_portgroupid, b->vds_portgroupid) == 0) ? "" : NULL;
		if ((b->has_mac && memcmp(a->mac, b->mac, 6) != 0) || !na != !nb || (na && strcmp(na, nb) != 0) ||
		    (b->model && (!a->model || strcmp(a->model, b->model) != 0)))
			return 1;
	}
	return 0;
}

static int
inv_define(struct vc_conn *c, struct vc_domain *d, const struct vc_define_opts *opt)
{
	struct esx *e = E(c);
	struct esx_objs o;
	struct esx_target t = {0};
	struct vc_buf spec = {0}, args = {0};
	struct vc_domain *old = NULL;
	char *oldxml = NULL, *newxml = NULL;
	long k = -1;
	size_t i;
	int r = -1;

	if (list_vms(c, lpaths, 4, &o) < 0)
		return -1;
	for (i = 0; i < o.n; i++) {
		char *nm = esx_text(o.v[i].val[L_NAME]), *us = esx_text(o.v[i].val[L_UUID]);
		unsigned char u[16];
		int same_name = nm && strcmp(nm, d->name) == 0;
		int same_uuid = d->has_uuid && us && vc_uuid_parse(us, u) == 0 && memcmp(u, d->uuid, 16) == 0;
		vc_err_clear();
		if (same_name)
			k = (long)i;
		if (same_name && d->has_uuid && !same_uuid)
			vc_err("%s: already defined with uuid %s", d->name, us);
		else if (!same_name && same_uuid)
			vc_err("%s: uuid %s is already used by domain %s", d->name, us, nm);
		free(nm);
		free(us);
		if (vc_errkind_get() != VC_ERR_NONE)
			goto out;
	}
	newxml = vc_domain_format(d, 0);
	if (k >= 0) {
		if (!(oldxml = vm_xml(c, o.v[k].mor.value)) || !(old = vc_domain_parse(oldxml, strlen(oldxml), d->name)))
			goto out;
	}
	if (opt->diff)
		*opt->diff = vc_diff(oldxml ? oldxml : "", newxml, oldxml ? d->name : "/dev/null", d->name);
	if (old) {
		char *og = NULL, *ng = NULL;
		/* XML without our guest OS element keeps the VM's */
		if (old->metadata && (!d->metadata || !strstr(d->metadata, ESX_NS))) {
			char *m = vc_asprintf("%s%s", d->metadata ? d->metadata : "", old->metadata);
			free(d->metadata);
			d->metadata = m;
		}
		struct esx_target none = {0};
		int same;
		if (resolve_target(c, &t) < 0)
			goto out;
		if (devices_differ(old, d, &t)) {
			vc_err("%s: already defined with other disks or interfaces: changing them is not "
			    "supported over %s; undefine the guest first", d->name, c->scheme);
			goto out;
		}
		/* the settings ReconfigVM_Task carries, as each side would send them */
		if (esx_config_spec(old, &none, 1, &spec) < 0)
			goto out;
		og = vc_buf_take(&spec);
		if (esx_config_spec(d, &none, 1, &spec) < 0) {
			free(og);
			goto out;
		}
		ng = vc_buf_take(&spec);
		same = strcmp(og, ng) == 0;
		if (!same && !opt->check) {
			vc_buf_printf(&args, "<spec>%s</spec>", ng);
			same = esx_task(e, "ReconfigVM_Task", "VirtualMachine", o.v[k].mor.value, args.s, NULL) < 0 ? -1 : 0;
		}
		free(og);
		free(ng);
		if (same < 0) {
			vc_err_prefix("%s", d->name);
			goto out;
		}
		r = same ? 0 : 1;
		goto out;
	}
	if (resolve_target(c, &t) < 0 || esx_config_spec(d, &t, 0, &spec) < 0)
		goto out;
	if (opt->check) {
		r = 1;
		goto out;
	}
	vc_buf_puts(&args, "<config>");
	vc_buf_add(&args, spec.s, spec.len);
	vc_buf_puts(&args, "</config>");
	esx_buf_mor(&args, "pool", t.pool.type, t.pool.value);
	esx_buf_mor(&args, "host", t.host.type, t.host.value);
	if (esx_task(e, "CreateVM_Task", t.folder.type, t.folder.value, args.s, NULL) < 0) {
		vc_err_prefix("%s", d->name);
		goto out;
	}
	r = 1;
out:
	target_free(&t);
	vc_buf_free(&spec);
	vc_buf_free(&args);
	vc_domain_free(old);
	free(oldxml);
	free(newxml);
	esx_objs_free(&o);
	return r;
}

static int
esx_check(struct vc_conn *c, const struct vc_domain *d)
{
	if (d->type != VC_VIRT_VMWARE)
		return vc_err("%s: domain type '%s' cannot run on %s: use <domain type='vmware'>",
		    d->name, vc_virt_type_names[d->type], c->scheme);
	return 0;
}

/* ---- autostart: the host's HostAutoStartManager ---- */

/* the autostart manager of the host that runs VM value, and whether
 * that VM starts with the host (its powerInfo's startAction powerOn) */
static int
autostart_get(struct vc_conn *c, const char *value, struct esx_mor *mgr, int *on)
{
	static const char *const vp[] = { "runtime.host" };
	static const char *const hp[] = { "configManager.autoStartManager" };
	static const char *const mp[] = { "config.powerInfo" };
	struct esx *e = E(c);
	struct esx_objs o = {0};
	struct esx_mor host = {0};
	xmlNodePtr pi;
	int r = -1;

	memset(mgr, 0, sizeof(*mgr));
	*on = 0;
	if (esx_retrieve_one(e, "VirtualMachine", value, vp, 1, &o) < 0)
		return -1;
	if (o.n != 1 || !o.v[0].val[0] || esx_mor_read(o.v[0].val[0], &host) < 0) {
		vc_err("%s: VM %s runs on no host", c->uri, value);
		goto out;
	}
	esx_objs_free(&o);
	if (esx_retrieve_one(e, "HostSystem", host.value, hp, 1, &o) < 0)
		goto out;
	if (o.n != 1 || !o.v[0].val[0] || esx_mor_read(o.v[0].val[0], mgr) < 0) {
		vc_err("%s: host %s has no autostart manager: autostart unsupported there", c->uri, host.value);
		goto out;
	}
	esx_objs_free(&o);
	if (esx_retrieve_one(e, "HostAutoStartManager", mgr->value, mp, 1, &o) < 0)
		goto out;
	/* <val><AutoStartPowerInfo><key type="VirtualMachine">vm-1</key>...</AutoStartPowerInfo>... */
	for (pi = o.n == 1 && o.v[0].val[0] ? o.v[0].val[0]->children : NULL; pi; pi = pi->next) {
		struct esx_mor k = {0};
		char *act;
		xmlNodePtr kn;
		if (pi->type != XML_ELEMENT_NODE || !(kn = esx_child(pi, "key")) || esx_mor_read(kn, &k) < 0)
			continue;
		if (strcmp(k.value, value) == 0) {
			act = esx_child_text(pi, "startAction");
			*on = act && strcasecmp(act, "powerOn") == 0;
			free(act);
		}
		esx_mor_clear(&k);
	}
	r = 0;
out:
	if (r < 0)
		esx_mor_clear(mgr);
	esx_mor_clear(&host);
	esx_objs_free(&o);
	return r;
}

static int
inv_autostart(struct vc_conn *c, const char *key, int on, int check)
{
	struct esx_objs *o;
	struct esx_mor mgr;
	struct vc_buf a = {0};
	long k;
	int cur, r;

	if (listing(c, &o) < 0 || (k = find_vm(o, key)) < 0)
		return -1;
	if (autostart_get(c, o->v[k].mor.value, &mgr, &cur) < 0)
		return -1;
	if (cur == on) {
		esx_mor_clear(&mgr);
		return 0;
	}
	if (check) {
		esx_mor_clear(&mgr);
		return 1;
	}
	/* as libvirt does: turning one on enables the host's autostart */
	vc_buf_puts(&a, "<spec>");
	if (on)
		vc_buf_puts(&a, "<defaults><enabled>true</enabled></defaults>");
	vc_buf_puts(&a, "<powerInfo>");
	esx_buf_mor(&a, "key", "VirtualMachine", o->v[k].mor.value);
	vc_buf_printf(&a, "<startOrder>-1</startOrder><startDelay>-1</startDelay>"
	    "<waitForHeartbeat>systemDefault</waitForHeartbeat><startAction>%s</startAction>"
	    "<stopDelay>-1</stopDelay><stopAction>systemDefault</stopAction></powerInfo></spec>",
	    on ? "powerOn" : "none");
	r = esx_simple(E(c), "ReconfigureAutostart", mgr.type, mgr.value, a.s);
	vc_buf_free(&a);
	esx_mor_clear(&mgr);
	return r < 0 ? -1 : 1;
}

/* the host's capabilities XML, as libvirt's esx driver gives them: the
 * host's CPU (model, topology) and its memory as one
 * NUMA cell from the hardware summary; guests i686 and x86_64 of type
 * vmware */
static char *
inv_caps(struct vc_conn *c)
{
	static const char *const hp[] = {
		"summary.hardware.uuid", "summary.hardware.cpuModel",
		"summary.hardware.numCpuPkgs", "summary.hardware.numCpuCores",
		"summary.hardware.numCpuThreads", "summary.hardware.memorySize",
	};
	enum { H_UUID, H_MODEL, H_PKGS, H_CORES, H_THREADS, H_MEM };
	struct esx_target t;
	struct esx_objs o = {0};
	struct vc_buf b = {0};
	char *v[VC_NELEM(hp)] = {0};
	long pkgs, cores, threads;
	unsigned char u[16];
	size_t i;
	int j;

	if (resolve_target(c, &t) < 0)
		return NULL;
	if ((j = esx_retrieve_one(E(c), "HostSystem", t.host.value, hp, VC_NELEM(hp), &o)) < 0 || o.n != 1) {
		if (j >= 0)
			vc_err("%s: host %s has no hardware summary", c->uri, t.host.value);
		target_free(&t);
		esx_objs_free(&o);
		return NULL;
	}
	for (i = 0; i < VC_NELEM(hp); i++)
		v[i] = esx_text(o.v[0].val[i]);
	pkgs = v[H_PKGS] ? strtol(v[H_PKGS], NULL, 10) : 1;
	cores = v[H_CORES] ? strtol(v[H_CORES], NULL, 10) : 1;
	threads = v[H_THREADS] ? strtol(v[H_THREADS], NULL, 10) : cores;
	if (pkgs < 1)
		pkgs = 1;
	if (cores < pkgs)
		cores = pkgs;
	if (threads < cores)
		threads = cores;
	vc_buf_puts(&b, "<capabilities>\n  <host>\n");
	if (v[H_UUID] && vc_uuid_parse(v[H_UUID], u) == 0)
		vc_buf_printf(&b, "    <uuid>%s</uuid>\n", v[H_UUID]);
	vc_buf_puts(&b, "    <cpu>\n      <arch>x86_64</arch>\n");
	if (v[H_MODEL]) {
		vc_buf_puts(&b, "      ");
		esx_buf_el(&b, "model", v[H_MODEL]);
		vc_buf_puts(&b, "\n");
	}
	vc_buf_printf(&b, "      <topology sockets='%ld' dies='1' cores='%ld' threads='%ld'/>\n",
	    pkgs, cores / pkgs, threads / cores);
	vc_buf_puts(&b, "    </cpu>\n    <power_management/>\n    <iommu support='no'/>\n");
	if (v[H_MEM])
		vc_buf_printf(&b, "    <topology>\n      <cells num='1'>\n        <cell id='0'>\n"
		    "          <memory unit='KiB'>%lld</memory>\n        </cell>\n      </cells>\n    </topology>\n",
		    strtoll(v[H_MEM], NULL, 10) / 1024);
	vc_buf_puts(&b, "  </host>\n");
	for (j = 0; j < 2; j++)
		vc_buf_printf(&b, "  <guest>\n    <os_type>hvm</os_type>\n    <arch name='%s'>\n"
		    "      <wordsize>%d</wordsize>\n      <domain type='vmware'/>\n    </arch>\n  </guest>\n",
		    j ? "x86_64" : "i686", j ? 64 : 32);
	vc_buf_puts(&b, "</capabilities>\n");
	for (i = 0; i < VC_NELEM(hp); i++)
		free(v[i]);
	esx_objs_free(&o);
	target_free(&t);
	return b.s;
}

static const struct vc_inventory esx_inv = {
	.define = inv_define,
	.undefine = inv_undefine,
	.xml = inv_xml,
	.info = inv_info,
	.list = inv_list,
	.op = inv_op,
	.caps = inv_caps,
	.autostart = inv_autostart,
};

const struct vc_driver vc_esx_driver = {
	.name = "esx", .flags = VC_DRV_HOST, .inv = &esx_inv,
	.open = esx_open, .close = esx_close, .check = esx_check,
};
const struct vc_driver vc_gsx_driver = {
	.name = "gsx", .flags = VC_DRV_HOST, .inv = &esx_inv,
	.open = esx_open, .close = esx_close, .check = esx_check,
};
const struct vc_driver vc_vpx_driver = {
	.name = "vpx", .flags = VC_DRV_HOST, .inv = &esx_inv,
	.open = esx_open, .close = esx_close, .check = esx_check,
};
