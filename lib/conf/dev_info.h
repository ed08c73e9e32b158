/* dev_info.h: alias + address of every device, virtio driver options (dev_info.c) */
#ifndef VC_DEV_INFO_H
#define VC_DEV_INFO_H

#include "conf.h"

/* <alias name/> and <address/>: every device carries them */
struct vc_devinfo {
	char *alias;               /* only user aliases ("ua-") survive a define */
	struct vc_addr addr;
};
int vc_devinfo_parse(struct vc_x *x, xmlNodePtr dev, struct vc_devinfo *i);
void vc_devinfo_format(struct vc_buf *b, int lvl, const struct vc_devinfo *i);
void vc_devinfo_clear(struct vc_devinfo *i);

/* virtio <driver iommu ats packed page_per_vq/> attributes, VC_TRI_* on/off */
struct vc_virtio_opts {
	int iommu, ats, packed, page_per_vq;
};
int vc_virtio_opts_parse(struct vc_x *x, xmlNodePtr drv, struct vc_virtio_opts *o);
void vc_virtio_opts_format(struct vc_buf *b, const struct vc_virtio_opts *o);
int vc_virtio_opts_set(const struct vc_virtio_opts *o);

#endif
