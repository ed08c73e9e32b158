/* dev_info.c: what every device carries (alias, address) and virtio driver options; below every device family */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/dev_info.h"

int
vc_devinfo_parse(struct vc_x *x, xmlNodePtr dev, struct vc_devinfo *i)
{
	xmlNodePtr c;
	char *name;

	if ((c = vc_x_child(x, dev, "alias"))) {
		if (!(name = vc_x_attr_req(x, c, "name")))
			return -1;
		/* as in a define: only user aliases are kept */
		if (strncmp(name, "ua-", 3) == 0)
			i->alias = name;
		else
			free(name);
	}
	return vc_addr_parse_child(x, dev, &i->addr);
}

void
vc_devinfo_format(struct vc_buf *b, int lvl, const struct vc_devinfo *i)
{
	if (i->alias) {
		vc_f_open(b, lvl, "alias");
		vc_f_attr(b, "name", i->alias);
		vc_f_close_empty(b);
	}
	vc_addr_format(b, lvl, &i->addr);
}

void
vc_devinfo_clear(struct vc_devinfo *i)
{
	free(i->alias);
	i->alias = NULL;
	vc_addr_clear(&i->addr);
}

int
vc_virtio_opts_parse(struct vc_x *x, xmlNodePtr drv, struct vc_virtio_opts *o)
{
	if (vc_x_onoff(x, drv, "iommu", &o->iommu) < 0 ||
	    vc_x_onoff(x, drv, "ats", &o->ats) < 0 ||
	    vc_x_onoff(x, drv, "packed", &o->packed) < 0 ||
	    vc_x_onoff(x, drv, "page_per_vq", &o->page_per_vq) < 0)
		return -1;
	return 0;
}

void
vc_virtio_opts_format(struct vc_buf *b, const struct vc_virtio_opts *o)
{
	vc_f_attr_onoff(b, "iommu", o->iommu);
	vc_f_attr_onoff(b, "ats", o->ats);
	vc_f_attr_onoff(b, "packed", o->packed);
	vc_f_attr_onoff(b, "page_per_vq", o->page_per_vq);
}

int
vc_virtio_opts_set(const struct vc_virtio_opts *o)
{
	return o->iommu || o->ats || o->packed || o->page_per_vq;
}
