/* remote.h: the URI file and aliases (conf.c), the +ssh transport (ssh.c) */
#ifndef VC_REMOTE_H
#define VC_REMOTE_H

#include "driver.h"

/* the URI to use: uri (from -c) or $VIRTCORE_URI or virtcore.conf's
 * uri_default or the legacy uri file or test:///default, with an alias
 * name replaced by its URI. malloc'd; NULL + vc_err for a bad config
 * file (FILE:LINE: ...) or an unknown alias */
char *vc_uri_resolve(const char *uri);
/* "name=uri" of virtcore.conf's uri_aliases (none: NULL, *n 0) */
char **vc_uri_aliases(size_t *n);
char *vc_conf_path(void);
/* uri.c: split a URI into c's scheme, transport, user, host, port, path, query */
int vc_uri_split(struct vc_conn *c, const char *uri);
/* run this tool (argv as given) on the remote host of a +ssh URI; plus:
 * options end at the first operand (vsh); file_operand: the last operand
 * may be a local file, sent on stdin. The remote exit status, or -1 + vc_err */
int vc_remote_run(const char *uri, int argc, char **argv, int plus, int file_operand);

#endif
