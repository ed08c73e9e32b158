/* xl.h: Xen's xl.cfg: the file's syntax (xl_conf.c), xl.cfg -> domain
 * (xl_parse.c), domain -> xl.cfg (xl_format.c); shared with the driver */
#ifndef VC_XEN_XL_H
#define VC_XEN_XL_H

#include "../../driver.h"

enum { XL_NUM, XL_STR, XL_LIST };
struct xl_val {
	int type;
	char *s;                  /* number's text or the unquoted string */
	struct xl_val *items;     /* list */
	size_t n;
	int line;
};
struct xl_ent {
	char *key;
	struct xl_val v;
	int line;
	int used;
};
struct xl_cfg {
	const char *file;
	struct xl_ent *e;
	size_t n;
};

/* parse the text; -1 + vc_err "FILE:LINE: ..." */
int vc_xl_cfg_parse(struct xl_cfg *c, const char *text, size_t len, const char *file);
void vc_xl_cfg_clear(struct xl_cfg *c);
/* the entry of key (marked used), NULL when absent */
struct xl_ent *vc_xl_get(struct xl_cfg *c, const char *key);
/* is key one xl.cfg(5) documents? */
int vc_xl_key_known(const char *key);

/* native.c's converters */
struct vc_domain *vc_xl_from_native(const char *text, size_t len, const char *file, int strict);
char *vc_xl_to_native(struct vc_conn *c, struct vc_domain *d, int strict);
/* the xl.cfg text of a domain, for the driver (drops are reported) */
char *vc_xl_format(struct vc_domain *d, int strict);

/* one xl disk spec / vif spec of a device, for block-attach and
 * network-attach (malloc'd) */
char *vc_xl_disk_spec(const void *disk);
char *vc_xl_vif_spec(const void *iface, int hvm);
char *vc_xl_pci_spec(const void *hostdev);

#endif
