/* driver.c: the qemu driver's table; configs are stored like every
 * driver's, and lifecycle operations arrive with the QEMU launcher */
#include "../../driver.h"

static int
q_check(struct vc_conn *c, const struct vc_domain *def)
{
	(void)c;
	if (def->type != VC_VIRT_QEMU && def->type != VC_VIRT_KVM)
		return vc_err("%s: domain type '%s' is not supported by the qemu driver "
		    "(qemu or kvm)", def->name, vc_virt_type_names[def->type]);
	return 0;
}

const struct vc_driver vc_qemu_driver = {
	.name = "qemu",
	.check = q_check,
};
