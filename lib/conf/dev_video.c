/* dev_video.c: <video> devices and the rule that makes one of them primary */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/devs_misc.h"

const char *const vc_video_type_names[] = {
	"", "vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels",
	"virtio", "gop", "none", "bochs", "ramfb", NULL,
};
static const char *const driver_names[] = { "", "qemu", "vhostuser", NULL };
static const char *const vgaconf_names[] = { "", "io", "on", "off", NULL };

static int
model_parse(struct vc_x *x, xmlNodePtr m, struct vc_dev_video *v)
{
	xmlNodePtr c;
	int r, prim = 0;

	if (vc_x_enum(x, m, "type", vc_video_type_names, &v->type) < 0)
		return -1;
#define U(a, f, h) \
	if ((r = vc_x_uint(x, m, a, 0, 0xffffffffu, &v->f)) < 0) \
		return -1; \
	v->h = r;
	U("ram", ram, has_ram)
	U("vram", vram, has_vram)
	U("vram64", vram64, has_vram64)
	U("vgamem", vgamem, has_vgamem)
#undef U
	if ((r = vc_x_uint(x, m, "heads", 1, 0xffffffffu, &v->heads)) < 0)
		return -1;
	v->has_heads = r;
	if (vc_x_yesno(x, m, "primary", &prim) < 0 ||
	    vc_x_onoff(x, m, "blob", &v->blob) < 0)
		return -1;
	v->primary = prim == VC_TRI_YES;
	if ((c = vc_x_child(x, m, "acceleration"))) {
		v->has_accel = 1;
		if (vc_x_yesno(x, c, "accel3d", &v->accel3d) < 0 ||
		    vc_x_yesno(x, c, "accel2d", &v->accel2d) < 0)
			return -1;
		v->rendernode = vc_x_attr(x, c, "rendernode");
	}
	if ((c = vc_x_child(x, m, "resolution"))) {
		if ((r = vc_x_uint(x, c, "x", 1, 0xffffffffu, &v->res_x)) <= 0 ||
		    (r = vc_x_uint(x, c, "y", 1, 0xffffffffu, &v->res_y)) <= 0) {
			if (r == 0)
				vc_x_err(x, c, "resolution needs 'x' and 'y'");
			return -1;
		}
		v->has_res = 1;
	}
	return 0;
}

void *
vc_dev_video_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_video *v = vc_calloc(1, sizeof(*v));
	xmlNodePtr c;

	if ((c = vc_x_child(x, n, "model")) && model_parse(x, c, v) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "driver"))) {
		if (vc_x_enum(x, c, "name", driver_names, &v->driver_name) < 0 ||
		    vc_x_enum(x, c, "vgaconf", vgaconf_names, &v->vgaconf) < 0 ||
		    vc_virtio_opts_parse(x, c, &v->virtio) < 0)
			goto bad;
	}
	if (v->type == VC_VIDEO_NONE && (v->primary || v->has_heads)) {
		vc_x_err(x, n, "video type 'none' takes no other model attributes");
		goto bad;
	}
	if (vc_devinfo_parse(x, n, &v->info) < 0)
		goto bad;
	return v;
bad:
	vc_dev_video_free(v);
	return NULL;
}

static void
model_format(struct vc_buf *b, int lvl, const struct vc_dev_video *v)
{
	vc_f_open(b, lvl, "model");
	vc_f_attr_enum(b, "type", vc_video_type_names, v->type);
	if (v->has_ram)
		vc_f_attr_u(b, "ram", v->ram);
	if (v->has_vram)
		vc_f_attr_u(b, "vram", v->vram);
	if (v->has_vram64)
		vc_f_attr_u(b, "vram64", v->vram64);
	if (v->has_vgamem)
		vc_f_attr_u(b, "vgamem", v->vgamem);
	if (v->has_heads)
		vc_f_attr_u(b, "heads", v->heads);
	vc_f_attr_onoff(b, "blob", v->blob);
	if (v->primary)
		vc_f_attr(b, "primary", "yes");
	if (!v->has_accel && !v->has_res) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	if (v->has_accel) {
		vc_f_open(b, lvl + 1, "acceleration");
		vc_f_attr_yesno(b, "accel3d", v->accel3d);
		vc_f_attr_yesno(b, "accel2d", v->accel2d);
		vc_f_attr(b, "rendernode", v->rendernode);
		vc_f_close_empty(b);
	}
	if (v->has_res) {
		vc_f_open(b, lvl + 1, "resolution");
		vc_f_attr_u(b, "x", v->res_x);
		vc_f_attr_u(b, "y", v->res_y);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "model");
}

void
vc_dev_video_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_video *v = dev;

	vc_f_open(b, lvl, "video");
	vc_f_close_open(b);
	if (v->driver_name || v->vgaconf || vc_virtio_opts_set(&v->virtio)) {
		vc_f_open(b, lvl + 1, "driver");
		vc_virtio_opts_format(b, &v->virtio);
		vc_f_attr_enum(b, "name", driver_names, v->driver_name);
		vc_f_attr_enum(b, "vgaconf", vgaconf_names, v->vgaconf);
		vc_f_close_empty(b);
	}
	if (v->type)
		model_format(b, lvl + 1, v);
	vc_devinfo_format(b, lvl + 1, &v->info);
	vc_f_end(b, lvl, "video");
}

void
vc_dev_video_free(void *dev)
{
	struct vc_dev_video *v = dev;

	if (!v)
		return;
	free(v->rendernode);
	vc_devinfo_clear(&v->info);
	free(v);
}

int
vc_dev_video_order(void **videos, size_t n)
{
	struct vc_dev_video *v;
	size_t i, p = n;

	for (i = 0; i < n; i++) {
		v = videos[i];
		if (!v->primary)
			continue;
		if (p != n)
			return vc_err("only one primary video device is supported");
		p = i;
	}
	if (p != n && p != 0) {
		void *t = videos[p];

		memmove(&videos[1], &videos[0], p * sizeof(*videos));
		videos[0] = t;
	}
	if (n > 0) {
		v = videos[0];
		if (v->type != VC_VIDEO_NONE)
			v->primary = 1;
	}
	return 0;
}

/* what QEMU's driver fills in: one head, the video RAM its devices use */
void
vc_dev_video_qemu_defaults(struct vc_dev_video *v)
{
	if (v->type == VC_VIDEO_NONE || v->type == VC_VIDEO_RAMFB)
		return;
	if (!v->has_heads) {
		v->heads = 1;
		v->has_heads = 1;
	}
	if (!v->has_vram) {
		switch (v->type) {
		case VC_VIDEO_VGA:
		case VC_VIDEO_CIRRUS:
		case VC_VIDEO_VMVGA:
		case VC_VIDEO_BOCHS:
			v->vram = 16384;
			v->has_vram = 1;
			break;
		case VC_VIDEO_QXL:
			v->vram = 65536;
			v->has_vram = 1;
			break;
		case VC_VIDEO_XEN:
			v->vram = 4096;
			v->has_vram = 1;
			break;
		}
	}
	if (v->type == VC_VIDEO_QXL) {
		if (!v->has_ram) {
			v->ram = 65536;
			v->has_ram = 1;
		}
		if (!v->has_vgamem) {
			v->vgamem = 16384;
			v->has_vgamem = 1;
		}
	}
}
