/* native.c: the QEMU command line a domain would run, for vdom-to-native */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "driver/qemu/argv.h"
#include "driver/qemu/qemu.h"

char **
vc_qemu_native(struct vc_conn *c, const char *file, const char *key)
{
	struct vc_domain *d;
	char *xml, *name, *emu, **argv;
	size_t len;

	if (file) {
		if (!(xml = vc_file_read(file, &len)))
			return vc_err_prefix("%s", file), NULL;
		d = vc_domain_parse_validate(xml, len, strcmp(file, "-") ? file : "-");
		free(xml);
		if (d)
			vc_domain_fill_defaults(d, NULL);   /* MACs, as a define gives */
	} else {
		if (!(name = vc_store_resolve(c, key)))
			return NULL;
		d = vc_store_load_conf(c, name);
		if (!d && vc_errkind_get() == VC_ERR_NONE)
			vc_err("%s: domain is not persistent", name);
		free(name);
	}
	if (!d)
		return NULL;
	if (d->type != VC_VIRT_QEMU && d->type != VC_VIRT_KVM) {
		vc_err("%s: domain type '%s' has no QEMU command line", d->name,
		    vc_virt_type_names[d->type]);
		vc_domain_free(d);
		return NULL;
	}
	/* what start would do: addresses filled in, the emulator found */
	if (vc_qemu_assign_pci(d) < 0) {
		vc_domain_free(d);
		return NULL;
	}
	emu = vc_qemu_emulator(d, 0);
	argv = vc_qemu_argv(d, emu, c->rundir);
	free(emu);
	vc_domain_free(d);
	return argv;
}
