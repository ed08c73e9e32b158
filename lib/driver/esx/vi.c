/* vi.c: the vSphere calls the drivers use: service content, session,
 * property collector (one round trip for a whole listing), views, tasks */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "esx.h"

int
esx_service_content(struct esx *e)
{
	xmlNodePtr r, rv, about;
	struct { const char *el; char **to; } refs[] = {
		{"rootFolder", &e->root_folder}, {"propertyCollector", &e->property_collector},
		{"viewManager", &e->view_manager}, {"sessionManager", &e->session_manager},
		{"searchIndex", &e->search_index},
	};
	size_t i;

	if (esx_call(e, "RetrieveServiceContent", "ServiceInstance", "ServiceInstance", NULL, NULL, 0, &r) < 0)
		return -1;
	rv = esx_child(r, "returnval");
	about = esx_child(rv, "about");
	for (i = 0; i < VC_NELEM(refs); i++)
		if (!(*refs[i].to = esx_child_text(rv, refs[i].el)) || !**refs[i].to) {
			esx_reply_free(r);
			return vc_err("%s: the service content has no %s: not a vSphere endpoint?", e->url, refs[i].el);
		}
	e->api_type = esx_child_text(about, "apiType");
	e->api_version = esx_child_text(about, "apiVersion");
	esx_reply_free(r);
	if (!e->api_type || !e->api_version || !*e->api_version)
		return vc_err("%s: the service content names no API type or version", e->url);
	e->action = vc_asprintf("urn:vim25/%s", e->api_version);
	return 0;
}

int
esx_login(struct esx *e, const char *user, const char *password)
{
	struct vc_buf a = {0}, shown = {0};
	xmlNodePtr r;
	int rc;

	esx_buf_el(&a, "userName", user);
	esx_buf_el(&a, "password", password);
	esx_buf_el(&shown, "userName", user);
	esx_buf_el(&shown, "password", "********");
	rc = esx_call(e, "Login", "SessionManager", e->session_manager, a.s, shown.s, 0, &r);
	/* the password does not outlive the request in our memory */
	memset(a.s, 0, a.len);
	vc_buf_free(&a);
	vc_buf_free(&shown);
	if (rc < 0) {
		vc_err_prefix("%s: login as %s refused", e->url, user);
		return -1;
	}
	esx_reply_free(r);
	e->logged_in = 1;
	return 0;
}

void
esx_logout(struct esx *e)
{
	enum vc_errkind k = vc_errkind_get();
	char *pending = k != VC_ERR_NONE ? vc_strdup(vc_errmsg()) : NULL;
	xmlNodePtr r;

	if (!e->logged_in) {
		free(pending);
		return;
	}
	/* the tool closes the connection before it prints a pending error */
	if (e->view)
		esx_view_destroy(e, e->view);
	if (esx_call(e, "Logout", "SessionManager", e->session_manager, NULL, NULL, 0, &r) > 0)
		esx_reply_free(r);
	vc_err_clear();
	if (pending)
		vc_err_kind(k, "%s", pending);
	free(pending);
	e->logged_in = 0;
}

void
esx_objs_free(struct esx_objs *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		esx_mor_clear(&o->v[i].mor);
		free(o->v[i].val);
	}
	for (i = 0; i < o->nreplies; i++)
		esx_reply_free(o->replies[i]);
	free(o->v);
	free(o->replies);
	memset(o, 0, sizeof(*o));
}

/* objects of one reply's returnval into out; the token, if any, in *token */
static int
take_objects(xmlNodePtr rv, const char *const *paths, size_t npaths, struct esx_objs *out, char **token)
{
	xmlNodePtr ob, ps;
	size_t k;

	*token = esx_child_text(rv, "token");
	for (ob = rv ? rv->children : NULL; ob; ob = ob->next) {
		struct esx_obj *o;
		if (ob->type != XML_ELEMENT_NODE || strcmp((const char *)ob->name, "objects") != 0)
			continue;
		out->v = vc_realloc(out->v, (out->n + 1) * sizeof(*out->v));
		o = &out->v[out->n];
		if (esx_mor_read(esx_child(ob, "obj"), &o->mor) < 0)
			return -1;
		o->val = vc_calloc(npaths ? npaths : 1, sizeof(*o->val));
		out->n++;
		for (ps = ob->children; ps; ps = ps->next) {
			xmlNodePtr nm;
			xmlChar *name;
			if (ps->type != XML_ELEMENT_NODE || strcmp((const char *)ps->name, "propSet") != 0 ||
			    !(nm = esx_child(ps, "name")))
				continue;
			name = xmlNodeGetContent(nm);
			for (k = 0; k < npaths; k++)
				if (name && strcmp((const char *)name, paths[k]) == 0)
					o->val[k] = esx_child(ps, "val");
			xmlFree(name);
		}
	}
	return 0;
}

int
esx_retrieve(struct esx *e, const char *objset, const char *type,
             const char *const *paths, size_t npaths, struct esx_objs *out)
{
	struct vc_buf a = {0};
	xmlNodePtr r;
	char *token = NULL;
	size_t i, rounds = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	vc_buf_puts(&a, "<specSet><propSet>");
	esx_buf_el(&a, "type", type);
	for (i = 0; i < npaths; i++)
		esx_buf_el(&a, "pathSet", paths[i]);
	vc_buf_puts(&a, "</propSet>");
	vc_buf_puts(&a, objset);
	vc_buf_puts(&a, "</specSet><options></options>");
	rc = esx_call(e, "RetrievePropertiesEx", "PropertyCollector", e->property_collector, a.s, NULL, 0, &r);
	vc_buf_free(&a);
	if (rc < 0)
		return -1;
	for (;;) {
		VC_APPEND(out->replies, out->nreplies, r);
		free(token);
		if (take_objects(esx_child(r, "returnval"), paths, npaths, out, &token) < 0)
			goto fail;
		if (!token || !*token)
			break;
		/* pages of a long result; bounded all the same */
		if (++rounds > 100000) {
			vc_err("%s: RetrievePropertiesEx: no end to the result pages", e->url);
			goto fail;
		}
		esx_buf_el(&a, "token", token);
		rc = esx_call(e, "ContinueRetrievePropertiesEx", "PropertyCollector", e->property_collector, a.s, NULL, 0, &r);
		vc_buf_free(&a);
		if (rc < 0)
			goto fail;
	}
	free(token);
	return 0;
fail:
	free(token);
	esx_objs_free(out);
	return -1;
}

int
esx_retrieve_one(struct esx *e, const char *type, const char *value,
                 const char *const *paths, size_t npaths, struct esx_objs *out)
{
	struct vc_buf os = {0};
	int r;

	vc_buf_puts(&os, "<objectSet>");
	esx_buf_mor(&os, "obj", type, value);
	vc_buf_puts(&os, "</objectSet>");
	r = esx_retrieve(e, os.s, type, paths, npaths, out);
	vc_buf_free(&os);
	return r;
}

int
esx_view_create(struct esx *e, const char *container, const char *type, char **view)
{
	struct vc_buf a = {0};
	xmlNodePtr r;
	int rc;

	esx_buf_mor(&a, "container", "Folder", container);
	esx_buf_el(&a, "type", type);
	vc_buf_puts(&a, "<recursive>true</recursive>");
	rc = esx_call(e, "CreateContainerView", "ViewManager", e->view_manager, a.s, NULL, 0, &r);
	vc_buf_free(&a);
	if (rc < 0)
		return -1;
	*view = esx_child_text(r, "returnval");
	esx_reply_free(r);
	return 0;
}

int
esx_view_destroy(struct esx *e, const char *view)
{
	xmlNodePtr r;

	if (esx_call(e, "DestroyView", "ContainerView", view, NULL, NULL, 0, &r) < 0)
		return -1;
	esx_reply_free(r);
	return 0;
}

int
esx_find_path(struct esx *e, const char *path, struct esx_mor *m)
{
	struct vc_buf a = {0};
	xmlNodePtr r, rv;
	int rc;

	memset(m, 0, sizeof(*m));
	esx_buf_el(&a, "inventoryPath", path);
	rc = esx_call(e, "FindByInventoryPath", "SearchIndex", e->search_index, a.s, NULL, 0, &r);
	vc_buf_free(&a);
	if (rc < 0)
		return -1;
	rv = esx_child(r, "returnval");
	rc = rv ? (esx_mor_read(rv, m) < 0 ? -1 : 1) : 0;
	esx_reply_free(r);
	return rc;
}

int
esx_simple(struct esx *e, const char *method, const char *type, const char *value, const char *args)
{
	xmlNodePtr r;
	int rc = esx_call(e, method, type, value, args, NULL, 1, &r);

	if (rc > 0)
		esx_reply_free(r);
	return rc;
}

static void
sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* poll the task's info until it ends, with a deadline */
static int
task_wait(struct esx *e, const char *method, const char *task, struct esx_mor *result)
{
	static const char *const paths[] = { "info.state", "info.error", "info.result" };
	unsigned long long deadline = vc_now_ms() + (unsigned long long)e->task_timeout_ms;
	unsigned pause = 10;

	for (;;) {
		struct esx_objs o;
		char *state;
		int r = 0;

		if (esx_retrieve_one(e, "Task", task, paths, 3, &o) < 0)
			return -1;
		if (o.n != 1) {
			esx_objs_free(&o);
			return vc_err("%s: task %s of %s vanished", e->url, task, method);
		}
		state = esx_text(o.v[0].val[0]);
		if (state && strcmp(state, "success") == 0) {
			if (result && o.v[0].val[2])
				r = esx_mor_read(o.v[0].val[2], result) < 0 ? -1 : 1;
			else
				r = 1;
		} else if (state && strcmp(state, "error") == 0) {
			xmlNodePtr err = o.v[0].val[1], f = esx_child(err, "fault");
			char *msg = esx_child_text(err, "localizedMessage");
			const char *name = f ? esx_xsi_type(f) : "fault";
			size_t nl = strlen(name), ml = msg ? strlen(msg) : 0;
			/* a message that only repeats the fault's name says nothing more */
			if (!msg || !*msg || (ml >= nl && strcmp(msg + ml - nl, name) == 0))
				r = vc_err("%s: %s failed", name, method);
			else
				r = vc_err("%s: %s", name, msg);
			free(msg);
		}
		free(state);
		esx_objs_free(&o);
		if (r != 0)
			return r;
		if (vc_now_ms() >= deadline)
			return vc_err_kind(VC_ERR_TEMP, "%s: task %s of %s still running after %d s",
			    e->url, task, method, e->task_timeout_ms / 1000);
		sleep_ms(pause);
		if (pause < 500)
			pause *= 2;
	}
}

int
esx_task(struct esx *e, const char *method, const char *type, const char *value,
         const char *args, struct esx_mor *result)
{
	xmlNodePtr r;
	char *task;
	int rc;

	if (result)
		memset(result, 0, sizeof(*result));
	if ((rc = esx_call(e, method, type, value, args, NULL, 1, &r)) <= 0)
		return rc;
	task = esx_child_text(r, "returnval");
	esx_reply_free(r);
	if (!task || !*task) {
		free(task);
		return vc_err("%s: %s returned no task", e->url, method);
	}
	rc = task_wait(e, method, task, result);
	free(task);
	return rc;
}
