/* esx.h: a small vSphere Web Services client (SOAP over HTTP(S), libcurl
 * and libxml2) and what the esx, gsx and vpx drivers build on it */
#ifndef VC_ESX_H
#define VC_ESX_H

#include <libxml/tree.h>
#include "../../driver.h"

/* a managed object reference: <obj type="VirtualMachine">vm-42</obj> */
struct esx_mor {
	char *type, *value;
};

/* a session with one endpoint, kept for the tool's run */
struct esx {
	void *curl;                 /* CURL * */
	char *url;                  /* https://host[:port]/sdk */
	char *action;               /* SOAPAction: urn:vim25/API */
	char errbuf[256];           /* CURL_ERROR_SIZE */
	int vpx;                    /* a vCenter: the path names DATACENTER/[CLUSTER/]HOST */
	int logged_in;
	char *api_type, *api_version;
	/* from the ServiceContent */
	char *root_folder, *property_collector, *view_manager;
	char *session_manager, *search_index;
	/* cached for the run */
	char *scope;                /* where guests are listed: a Folder */
	char *view;                 /* container view of the scope's VirtualMachines */
	int task_timeout_ms;
};

/* soap.c */
int esx_http_open(struct esx *e, const char *url, int no_verify, const char *proxy);
void esx_http_close(struct esx *e);
/* send METHOD to (this_type, this_value) with args (inner XML after
 * _this); args_shown, when set, is what --dry-run prints instead of args
 * (the password masked). A change (mutating) under --dry-run is printed
 * and not sent: returns 0 and *resp NULL. Otherwise 1 and *resp the
 * response element (its document to free with esx_reply_free), or -1 +
 * vc_err naming the fault: "InvalidLogin: Login failure" */
int esx_call(struct esx *e, const char *method, const char *this_type, const char *this_value,
             const char *args, const char *args_shown, int mutating, xmlNodePtr *resp);
void esx_reply_free(xmlNodePtr resp);
/* a raw POST (another SOAP dialect: WS-Management), and basic auth */
int esx_http_post(struct esx *e, const char *ctype, const char *body, size_t len, struct vc_buf *out, long *code);
void esx_http_basic_auth(struct esx *e, const char *user, const char *password);
/* XML text of an element, escaped into b */
void esx_buf_el(struct vc_buf *b, const char *name, const char *text);
void esx_buf_mor(struct vc_buf *b, const char *name, const char *type, const char *value);
/* reading replies: first child element named name, its text (malloc'd) */
xmlNodePtr esx_child(xmlNodePtr n, const char *name);
char *esx_text(xmlNodePtr n);
char *esx_child_text(xmlNodePtr n, const char *name);
/* xsi:type of an element, or its name */
const char *esx_xsi_type(xmlNodePtr n);
int esx_mor_read(xmlNodePtr n, struct esx_mor *m);
void esx_mor_clear(struct esx_mor *m);

/* vi.c: the calls */
int esx_service_content(struct esx *e);
int esx_login(struct esx *e, const char *user, const char *password);
void esx_logout(struct esx *e);
/* one object's (or a view's) properties: objects[i].val[k] is the <val>
 * of paths[k], or NULL when missing */
struct esx_obj {
	struct esx_mor mor;
	xmlNodePtr *val;
};
struct esx_objs {
	xmlNodePtr *replies;
	size_t nreplies;
	struct esx_obj *v;
	size_t n;
};
/* RetrievePropertiesEx (+ ContinueRetrievePropertiesEx while a token
 * comes back) of type's paths over objset (one or more <objectSet>) */
int esx_retrieve(struct esx *e, const char *objset, const char *type,
                 const char *const *paths, size_t npaths, struct esx_objs *out);
/* the same over one object */
int esx_retrieve_one(struct esx *e, const char *type, const char *value,
                     const char *const *paths, size_t npaths, struct esx_objs *out);
void esx_objs_free(struct esx_objs *o);
/* a container view of type's objects under container (recursive) */
int esx_view_create(struct esx *e, const char *container, const char *type, char **view);
int esx_view_destroy(struct esx *e, const char *view);
/* SearchIndex.FindByInventoryPath: 1 found (m filled), 0 not found */
int esx_find_path(struct esx *e, const char *path, struct esx_mor *m);
/* a method on an object that returns a Task, then waits for the task
 * (bounded by e->task_timeout_ms); result: the task's result moref value
 * when wanted. Returns 1 done, 0 dry run (not sent), -1 + vc_err */
int esx_task(struct esx *e, const char *method, const char *type, const char *value,
             const char *args, struct esx_mor *result);
/* a method without a task (ShutdownGuest, RebootGuest, UnregisterVM) */
int esx_simple(struct esx *e, const char *method, const char *type, const char *value, const char *args);

/* auth.c: the user and password: the URI's user (or the auth file's,
 * or dflt_user), VIRTCORE_ESX_PASSWORD, the auth file, a prompt on a tty */
int esx_credentials(const struct vc_conn *c, const char *dflt_user, char **user, char **password);

/* vmxml.c: VirtualMachine config <-> domain XML; the guest OS identifier
 * travels in <metadata> as <esx:guest id='otherGuest64'/> in this namespace */
#define ESX_NS "http://virtcore.org/schemas/esx/1.0"
extern const char *const esx_xml_paths[];
extern const size_t esx_nxml_paths;
/* domain XML (canonical, through the model) of a VM's esx_xml_paths */
char *esx_vm_domain_xml(const struct esx_obj *o);
/* what a new VM needs from the host */
struct esx_target {
	struct esx_mor folder, pool, host;
	char *datastore;            /* name of the default datastore */
	char **networks;            /* names the host reaches */
	size_t nnetworks;
	char **net_types;           /* Network, DistributedVirtualPortgroup */
	char **net_values;          /* their morefs */
	char **dvs_uuids;           /* portgroups: the switch's uuid */
	char **pg_keys;             /* portgroups: their key */
};
/* VirtualMachineConfigSpec for CreateVM_Task (devices added), or for
 * ReconfigVM_Task (reconf: no devices, only the scalar settings) */
int esx_config_spec(const struct vc_domain *d, const struct esx_target *t, int reconf, struct vc_buf *b);

/* driver.c */
extern const struct vc_driver vc_esx_driver, vc_gsx_driver, vc_vpx_driver;

#endif
