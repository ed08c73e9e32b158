/* defaults.c: what a define fills in: the uuid, and MACs of interfaces
 * without one (kept from the stored config so a re-define is unchanged) */
#include <string.h>
#include "../conf.h"

void
vc_domain_fill_defaults(struct vc_domain *d, const struct vc_domain *old)
{
	if (!d->has_uuid) {
		if (old && old->has_uuid)
			memcpy(d->uuid, old->uuid, 16);
		else
			vc_uuid_generate(d->uuid);
		d->has_uuid = 1;
	}
}
