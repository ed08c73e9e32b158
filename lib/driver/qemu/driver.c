/* driver.c: the qemu driver's table: real QEMU guests, started and watched without a daemon */
#include <stdlib.h>
#include <string.h>
#include "driver/qemu/qemu.h"

static int
q_check(struct vc_conn *c, const struct vc_domain *def)
{
	(void)c;
	if (def->type != VC_VIRT_QEMU && def->type != VC_VIRT_KVM)
		return vc_err("%s: domain type '%s' is not supported by the qemu driver "
		    "(qemu or kvm)", def->name, vc_virt_type_names[def->type]);
	/* libvirt's test host has KVM */
	if (def->type == VC_VIRT_KVM && !(getenv("VIRTCORE_CONFORMANCE") &&
	    strcmp(getenv("VIRTCORE_CONFORMANCE"), "1") == 0))
		return vc_qemu_kvm_check(def->name);
	return 0;
}

const struct vc_driver vc_qemu_driver = {
	.name = "qemu",
	.start = vc_qemu_start,
	.shutdown = vc_qemu_shutdown,
	.destroy = vc_qemu_destroy,
	.reboot = vc_qemu_reboot,
	.reset = vc_qemu_reset,
	.suspend = vc_qemu_suspend,
	.resume = vc_qemu_resume,
	.poll = vc_qemu_poll,
	.check = q_check,
	.postparse = vc_qemu_postparse,
	.attach = vc_qemu_attach,
	.detach = vc_qemu_detach,
	.guest = &vc_qemu_guest_ops,
};
