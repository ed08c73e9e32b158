/* bhyve.h: FreeBSD bhyve: command lines of the loader and of bhyve
 * (argv.c), shared by vdom-to-native and the bhyve:///system driver */
#ifndef VC_BHYVE_H
#define VC_BHYVE_H

#include "../../driver.h"

struct vc_bhyve_cmd {
	char **loader;        /* bhyveload / grub-bhyve / custom; NULL for UEFI */
	char **bhyve;
	char *devmap;         /* grub-bhyve's device map text, or NULL */
	char *cons;           /* the nmdm master of com1, or NULL */
};

struct vc_bhyve_opts {
	char **taps;          /* tap name of each interface, in order; NULL: taken
	                         from <target dev>, else tapN */
	const char *devmap_path;   /* where grub-bhyve reads its device map */
	int conformance;      /* libvirt's test placeholders (faketapdev, ...) */
};

/* checks the domain and builds both command lines; -1 + vc_err */
int vc_bhyve_build(const struct vc_domain *d, const struct vc_bhyve_opts *o, struct vc_bhyve_cmd *c);
void vc_bhyve_cmd_clear(struct vc_bhyve_cmd *c);
struct vc_domain *vc_bhyve_from_native(const char *text, size_t len, const char *file, int strict);
char *vc_bhyve_to_native(struct vc_conn *c, struct vc_domain *d, int strict);

#endif
