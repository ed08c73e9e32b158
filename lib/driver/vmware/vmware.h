/* vmware.h: VMware's .vmx files (vmx.c: syntax, .vmx -> domain; vmx_format.c:
 * domain -> .vmx) and the desktop driver (driver.c: Workstation, Player,
 * Fusion through vmrun) */
#ifndef VC_VMWARE_H
#define VC_VMWARE_H

#include "../../driver.h"

struct vmx_ent {
	char *key, *val;
	int line;
};
struct vmx {
	const char *file;
	struct vmx_ent *e;
	size_t n;
};

/* key = "value" lines; -1 + vc_err "FILE:LINE: ..." */
int vc_vmx_parse(struct vmx *x, const char *text, size_t len, const char *file);
void vc_vmx_clear(struct vmx *x);
/* the value of key, case-insensitive as VMware reads them; NULL when absent */
const char *vc_vmx_get(const struct vmx *x, const char *key);

/* how file names map: datastore form ([datastore] dir/file, as ESX and
 * libvirt's vmx tests), or the desktop's (relative to dir) */
struct vmx_paths {
	const char *dir;     /* NULL: datastore form */
};

struct vc_domain *vc_vmx_to_domain(const char *text, size_t len, const char *file,
                                   const struct vmx_paths *p, int strict);
char *vc_vmx_from_domain(struct vc_domain *d, const struct vmx_paths *p, int strict);

/* native.c's converters */
struct vc_domain *vc_vmx_from_native(const char *text, size_t len, const char *file, int strict);
char *vc_vmx_to_native(struct vc_conn *c, struct vc_domain *d, int strict);

#endif
