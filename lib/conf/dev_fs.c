/* dev_fs.c: <filesystem>: parse, format */
#include <stdlib.h>
#include <string.h>
#include "devs_storage.h"

const char *const vc_fs_type_names[] = {
	"", "mount", "block", "file", "template", "ram", "bind", "volume", NULL,
};
const char *const vc_fs_access_names[] = { "", "passthrough", "mapped", "squash", NULL };
const char *const vc_fs_driver_names[] = {
	"", "default", "path", "handle", "loop", "nbd", "ploop", "virtiofs", "mtp", NULL,
};
const char *const vc_fs_multidevs_names[] = { "", "default", "remap", "forbid", "warn", NULL };
const char *const vc_fs_wrpolicy_names[] = { "", "immediate", NULL };
static const char *const fs_model_names[] = {
	"", "virtio", "virtio-transitional", "virtio-non-transitional", NULL,
};
static const char *const cache_mode_names[] = { "", "none", "always", "metadata", "never", "auto", NULL };
static const char *const sandbox_names[] = { "", "namespace", "chroot", NULL };

void
vc_dev_filesystem_free(void *dev)
{
	struct vc_filesystem *f = dev;

	if (!f)
		return;
	free(f->binary_path);
	free(f->src_dir);
	free(f->src_file);
	free(f->src_name);
	free(f->src_socket);
	free(f->src_pool);
	free(f->src_volume);
	free(f->units);
	free(f->target_dir);
	vc_sinfo_clear(&f->info);
	free(f);
}

/* "0644" -> 0644; mode bits only */
static int
mode_attr(struct vc_x *x, xmlNodePtr n, const char *attr, unsigned *v, int *has)
{
	char *s = vc_x_attr(x, n, attr), *e;
	unsigned long u;

	if (!s)
		return 0;
	u = strtoul(s, &e, 8);
	if (!*s || *e || *s == '-' || *s == '+' || u > 0777) {
		vc_x_err(x, n, "%s '%s' is not an octal mode up to 0777", attr, s);
		free(s);
		return -1;
	}
	free(s);
	*v = (unsigned)u;
	*has = 1;
	return 1;
}

static int
limit_parse(struct vc_x *x, xmlNodePtr n, const char *name,
            unsigned long long *bytes, int *has)
{
	xmlNodePtr c = vc_x_child(x, n, name);
	char *u;
	unsigned long long v, m;

	if (!c)
		return 0;
	u = vc_x_attr(x, c, "unit");
	m = vc_unit_scale(u ? u : "bytes");
	if (!m)
		vc_x_err(x, c, "unknown unit '%s'", u);
	free(u);
	if (!m || vc_x_text_ull(x, c, 0, ~0ULL / m, &v) < 0)
		return -1;
	*bytes = v * m;
	*has = 1;
	return 0;
}

static int
fs_parse(struct vc_x *x, xmlNodePtr n, struct vc_filesystem *f)
{
	xmlNodePtr c, k;
	int r;

	if (vc_x_enum(x, n, "type", vc_fs_type_names, &f->type) < 0 ||
	    vc_x_enum(x, n, "accessmode", vc_fs_access_names, &f->accessmode) < 0 ||
	    vc_x_enum(x, n, "model", fs_model_names, &f->model) < 0 ||
	    vc_x_enum(x, n, "multidevs", vc_fs_multidevs_names, &f->multidevs) < 0 ||
	    mode_attr(x, n, "fmode", &f->fmode, &f->has_fmode) < 0 ||
	    mode_attr(x, n, "dmode", &f->dmode, &f->has_dmode) < 0)
		return -1;
	if (!f->type)
		f->type = VC_FS_MOUNT;
	if (!f->accessmode)
		f->accessmode = VC_FS_ACCESS_PASSTHROUGH;
	if ((c = vc_x_child(x, n, "driver"))) {
		char *fmt;

		if (vc_x_enum(x, c, "type", vc_fs_driver_names, &f->driver_type) < 0 ||
		    vc_x_enum(x, c, "wrpolicy", vc_fs_wrpolicy_names, &f->wrpolicy) < 0 ||
		    vc_x_uint(x, c, "queue", 1, ~0U, &f->queue) < 0 ||
		    vc_x_onoff(x, c, "iommu", &f->iommu) < 0 ||
		    vc_x_onoff(x, c, "ats", &f->ats) < 0 ||
		    vc_x_onoff(x, c, "packed", &f->packed) < 0 ||
		    vc_x_onoff(x, c, "page_per_vq", &f->page_per_vq) < 0)
			return -1;
		if ((fmt = vc_x_attr(x, c, "format"))) {
			f->driver_format = vc_enum_find(vc_disk_format_names, fmt);
			if (f->driver_format < 0)
				vc_x_err(x, c, "unknown driver format '%s'", fmt);
			free(fmt);
			if (f->driver_format < 0)
				return -1;
		}
	}
	if ((c = vc_x_child(x, n, "binary"))) {
		f->binary_path = vc_x_attr(x, c, "path");
		if (vc_x_onoff(x, c, "xattr", &f->binary_xattr) < 0)
			return -1;
		if ((k = vc_x_child(x, c, "cache")) &&
		    vc_x_enum(x, k, "mode", cache_mode_names, &f->binary_cache) < 0)
			return -1;
		if ((k = vc_x_child(x, c, "sandbox")) &&
		    vc_x_enum(x, k, "mode", sandbox_names, &f->binary_sandbox) < 0)
			return -1;
		if ((k = vc_x_child(x, c, "lock")) &&
		    (vc_x_onoff(x, k, "posix", &f->lock_posix) < 0 ||
		     vc_x_onoff(x, k, "flock", &f->lock_flock) < 0))
			return -1;
		if ((k = vc_x_child(x, c, "thread_pool")) &&
		    (r = vc_x_uint(x, k, "size", 0, 0x7fffffff, &f->thread_pool)) != 0) {
			if (r < 0)
				return -1;
			f->has_thread_pool = 1;
		}
	}
	if ((c = vc_x_child(x, n, "source"))) {
		switch (f->type) {
		case VC_FS_MOUNT:
		case VC_FS_BIND:
			f->src_dir = vc_x_attr(x, c, "dir");
			f->src_socket = vc_x_attr(x, c, "socket");
			break;
		case VC_FS_BLOCK:
			f->src_dir = vc_x_attr(x, c, "dev");
			break;
		case VC_FS_FILE:
			f->src_file = vc_x_attr(x, c, "file");
			break;
		case VC_FS_TEMPLATE:
			f->src_name = vc_x_attr(x, c, "name");
			break;
		case VC_FS_VOLUME:
			f->src_pool = vc_x_attr(x, c, "pool");
			f->src_volume = vc_x_attr(x, c, "volume");
			break;
		case VC_FS_RAM: {
			char *u = vc_x_attr(x, c, "units"), *t = vc_x_attr_req(x, c, "usage");

			r = t ? vc_parse_scaled(t, u, "KiB", &f->usage) : -1;
			if (r < 0 && t)
				vc_x_err(x, c, "bad usage '%s'", t);
			free(u);
			free(t);
			if (r < 0)
				return -1;
			f->has_usage = 1;
			break;
		}
		}
	}
	if (f->type == VC_FS_RAM && !f->has_usage)
		return vc_x_err(x, n, "missing source usage for a ram filesystem");
	if (f->type != VC_FS_RAM && !f->src_dir && !f->src_file && !f->src_name &&
	    !f->src_socket && !f->src_volume)
		return vc_x_err(x, n, "missing source");
	if (f->src_socket && f->src_dir)
		return vc_x_err(x, n, "source dir and socket are mutually exclusive");
	if (!(c = vc_x_child(x, n, "target")))
		return vc_x_err(x, n, "missing <target>");
	if (!(f->target_dir = vc_x_attr_req(x, c, "dir")))
		return -1;
	if ((c = vc_x_child(x, n, "readonly"))) {
		vc_x_use(c);
		f->readonly = 1;
	}
	if (limit_parse(x, n, "space_hard_limit", &f->space_hard, &f->has_space_hard) < 0 ||
	    limit_parse(x, n, "space_soft_limit", &f->space_soft, &f->has_space_soft) < 0)
		return -1;
	if (vc_sinfo_parse(x, n, &f->info, VC_SINFO_BOOT) < 0)
		return -1;
	return x->err ? -1 : 0;
}

void *
vc_dev_filesystem_parse(struct vc_x *x, xmlNodePtr n, int kind)
{
	struct vc_filesystem *f = vc_calloc(1, sizeof(*f));

	(void)kind;
	if (fs_parse(x, n, f) < 0) {
		if (!x->err)
			vc_x_err(x, n, "invalid filesystem");
		vc_dev_filesystem_free(f);
		return NULL;
	}
	return f;
}

static void
binary_format(struct vc_buf *b, int lvl, const struct vc_filesystem *f)
{
	int kids = f->binary_cache || f->binary_sandbox || f->lock_posix ||
	    f->lock_flock || f->has_thread_pool;

	if (!f->binary_path && !f->binary_xattr && !kids)
		return;
	vc_f_open(b, lvl, "binary");
	vc_f_attr(b, "path", f->binary_path);
	vc_f_attr_onoff(b, "xattr", f->binary_xattr);
	if (!kids) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	if (f->binary_cache) {
		vc_f_open(b, lvl + 1, "cache");
		vc_f_attr_enum(b, "mode", cache_mode_names, f->binary_cache);
		vc_f_close_empty(b);
	}
	if (f->binary_sandbox) {
		vc_f_open(b, lvl + 1, "sandbox");
		vc_f_attr_enum(b, "mode", sandbox_names, f->binary_sandbox);
		vc_f_close_empty(b);
	}
	if (f->lock_posix || f->lock_flock) {
		vc_f_open(b, lvl + 1, "lock");
		vc_f_attr_onoff(b, "posix", f->lock_posix);
		vc_f_attr_onoff(b, "flock", f->lock_flock);
		vc_f_close_empty(b);
	}
	if (f->has_thread_pool) {
		vc_f_open(b, lvl + 1, "thread_pool");
		vc_f_attr_u(b, "size", f->thread_pool);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "binary");
}

void
vc_dev_filesystem_format(struct vc_buf *b, int lvl, const void *dev, int kind)
{
	const struct vc_filesystem *f = dev;
	int in = lvl + 1;

	(void)kind;
	vc_f_open(b, lvl, "filesystem");
	vc_f_attr_enum(b, "type", vc_fs_type_names, f->type);
	vc_f_attr_enum(b, "accessmode", vc_fs_access_names, f->accessmode);
	vc_f_attr_enum(b, "model", fs_model_names, f->model);
	vc_f_attr_enum(b, "multidevs", vc_fs_multidevs_names, f->multidevs);
	if (f->has_fmode)
		vc_buf_printf(b, " fmode='%04o'", f->fmode);
	if (f->has_dmode)
		vc_buf_printf(b, " dmode='%04o'", f->dmode);
	vc_f_close_open(b);
	if (f->driver_type || f->driver_format || f->wrpolicy || f->queue ||
	    f->iommu || f->ats || f->packed || f->page_per_vq) {
		vc_f_open(b, in, "driver");
		vc_f_attr_enum(b, "type", vc_fs_driver_names, f->driver_type);
		vc_f_attr_enum(b, "format", vc_disk_format_names, f->driver_format);
		vc_f_attr_enum(b, "wrpolicy", vc_fs_wrpolicy_names, f->wrpolicy);
		if (f->queue)
			vc_f_attr_u(b, "queue", f->queue);
		vc_f_attr_onoff(b, "iommu", f->iommu);
		vc_f_attr_onoff(b, "ats", f->ats);
		vc_f_attr_onoff(b, "packed", f->packed);
		vc_f_attr_onoff(b, "page_per_vq", f->page_per_vq);
		vc_f_close_empty(b);
	}
	binary_format(b, in, f);
	vc_f_open(b, in, "source");
	switch (f->type) {
	case VC_FS_MOUNT:
	case VC_FS_BIND:
		if (f->src_socket)
			vc_f_attr(b, "socket", f->src_socket);
		else
			vc_f_attr(b, "dir", f->src_dir);
		break;
	case VC_FS_BLOCK:
		vc_f_attr(b, "dev", f->src_dir);
		break;
	case VC_FS_FILE:
		vc_f_attr(b, "file", f->src_file);
		break;
	case VC_FS_TEMPLATE:
		vc_f_attr(b, "name", f->src_name);
		break;
	case VC_FS_VOLUME:
		vc_f_attr(b, "pool", f->src_pool);
		vc_f_attr(b, "volume", f->src_volume);
		break;
	case VC_FS_RAM:
		vc_f_attr_u(b, "usage", f->usage);
		vc_f_attr(b, "units", "KiB");
		break;
	}
	vc_f_close_empty(b);
	vc_f_open(b, in, "target");
	vc_f_attr(b, "dir", f->target_dir);
	vc_f_close_empty(b);
	if (f->readonly) {
		vc_f_open(b, in, "readonly");
		vc_f_close_empty(b);
	}
	vc_sinfo_format(b, in, &f->info);
	if (f->has_space_hard) {
		vc_buf_indent(b, in);
		vc_buf_printf(b, "<space_hard_limit unit='bytes'>%llu</space_hard_limit>\n", f->space_hard);
	}
	if (f->has_space_soft) {
		vc_buf_indent(b, in);
		vc_buf_printf(b, "<space_soft_limit unit='bytes'>%llu</space_soft_limit>\n", f->space_soft);
	}
	vc_f_end(b, lvl, "filesystem");
}
