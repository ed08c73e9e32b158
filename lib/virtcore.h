/* virtcore.h: what bin/ tools include: the layers below plus tool helpers */
#ifndef VIRTCORE_H
#define VIRTCORE_H

#include <getopt.h>
#include "util.h"
#include "conf.h"
#include "driver.h"

/* VC_VERSION comes from config.mk (VERSION), given to lib/tool.c by the Makefile */

/* tool.c */
extern const char *vc_progname;
/* common options: -c URI, -h/--help, --version; a tool adds its own.
 * Returns the next tool option (like getopt_long), -1 at the end. */
enum { VC_OPT_BASE = 0x100 };
void vc_tool_init(int argc, char **argv, const char *usage);
int vc_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);
const char *vc_opt_uri(void);
void vc_usage(void) __attribute__((noreturn));

/* the whole of vdom-define and vnet-define: read the XML (file or stdin),
 * define it through define(), print --diff and --print-name, report */
typedef int (*vc_define_fn)(struct vc_conn *c, const char *xml, size_t len,
                            const struct vc_define_opts *o, char **name_out);
int vc_main_define(int argc, char **argv, vc_define_fn define);
/* vdom-/vnet-dumpxml: [--inactive] NAME, the XML on stdout */
int vc_main_xml(int argc, char **argv, char *(*xml)(struct vc_conn *, const char *, int));
/* vdom-/vnet-undefine and -autostart: [--check] [--FLAG] NAME, where
 * --FLAG turns op's third argument from dflt to !dflt; reports */
int vc_main_keyop(int argc, char **argv, const char *flag, int dflt,
                  int (*op)(struct vc_conn *, const char *, int, int));
/* vdom-attach-device (detach 0) and vdom-detach-device (detach 1) */
int vc_main_device(int argc, char **argv, int detach);
/* print "prog: message" for the pending error and exit with its status */
void vc_die(void) __attribute__((noreturn));
void vc_die_msg(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* open the connection or die */
struct vc_conn *vc_tool_conn(void);
/* print changed/unchanged for a mutator's result, or die on error */
void vc_report(int r);
/* flush and close stdout, checking for errors; returns the exit status */
int vc_exit(int status);
/* parse a number argument or die with a usage error */
unsigned long long vc_arg_ull(const char *what, const char *s, unsigned long long min,
                              unsigned long long max);
/* a whole tool for NAME-only lifecycle operations */
int vc_main_op(int argc, char **argv, int op, const char *usage);
/* vdom-setmem (max 0) and vdom-setmaxmem (max 1); vdom-setvcpus */
int vc_main_setmem(int argc, char **argv, int max);
int vc_main_setvcpus(int argc, char **argv);

/* json.c: --json output (json-c underneath) */
struct vc_json;
struct vc_json *vc_json_object(void);
struct vc_json *vc_json_array(void);
void vc_json_str(struct vc_json *o, const char *k, const char *v);   /* NULL: null */
void vc_json_int(struct vc_json *o, const char *k, long long v);
void vc_json_uint(struct vc_json *o, const char *k, unsigned long long v);
void vc_json_double(struct vc_json *o, const char *k, double v);
void vc_json_bool(struct vc_json *o, const char *k, int v);
void vc_json_null(struct vc_json *o, const char *k);
void vc_json_put(struct vc_json *o, const char *k, struct vc_json *v);
void vc_json_push(struct vc_json *a, struct vc_json *v);
/* print the document on stdout (pretty, one newline at the end) and free it */
void vc_json_print(struct vc_json *o);
/* a guest as vdom-info --json shows it (only id, name, state from a list) */
struct vc_json *vc_json_dominfo(const struct vc_dominfo *i);
/* caps_json.c: a capabilities XML as vnode-info --json shows it */
struct vc_json *vc_json_caps(const char *xml);

#endif
