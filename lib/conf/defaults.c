/* defaults.c: what a define fills in: the uuid, MACs of interfaces
 * without one, and the instance id of an 802.1Qbg virtualport (kept
 * from the stored config so a re-define is unchanged) */
#include <string.h>
#include <sys/utsname.h>
#include "../conf.h"
#include "dev_net.h"
#include "sections.h"

void
vc_domain_fill_defaults(struct vc_domain *d, const struct vc_domain *old)
{
	struct vc_iface *ifc, *o;
	unsigned char mac[6];
	struct vc_os *os;
	struct utsname u;
	size_t i;

	/* the host's architecture when the <os><type> names none, as libvirt's
	 * post-parse does (x86_64 on x86_64 hosts) */
	os = d->sect[VC_SECT_OS];
	if (os && !os->arch) {
		if (old && old->sect[VC_SECT_OS] &&
		    ((struct vc_os *)old->sect[VC_SECT_OS])->arch)
			os->arch = vc_strdup(((struct vc_os *)old->sect[VC_SECT_OS])->arch);
		else if (uname(&u) == 0)
			os->arch = vc_strdup(u.machine);
	}
	if (!d->has_uuid) {
		if (old && old->has_uuid)
			memcpy(d->uuid, old->uuid, 16);
		else
			vc_uuid_generate(d->uuid);
		d->has_uuid = 1;
	}
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		ifc = d->dev[VC_DEV_INTERFACE][i];
		/* the interface at the same position keeps what was generated */
		o = old && i < old->ndev[VC_DEV_INTERFACE] ? old->dev[VC_DEV_INTERFACE][i] : NULL;
		if (ifc->has_vport && !ifc->has_vport_instanceid &&
		    ifc->vport_type == VC_VPORT_8021QBG) {
			if (o && o->has_vport && o->vport_type == ifc->vport_type &&
			    o->has_vport_instanceid)
				memcpy(ifc->vport_instanceid, o->vport_instanceid, 16);
			else
				vc_uuid_generate(ifc->vport_instanceid);
			ifc->has_vport_instanceid = 1;
		}
		if (ifc->has_mac)
			continue;
		if (o && o->has_mac && o->type == ifc->type)
			memcpy(mac, o->mac, 6);
		else
			vc_mac_generate(mac);
		vc_iface_set_mac(ifc, mac);
	}
}
