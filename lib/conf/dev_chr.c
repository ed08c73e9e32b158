/* dev_chr.c: character devices: <serial>, <parallel>, <console>, <channel> and their backend source */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/devs_misc.h"

const char *const vc_chr_type_names[] = {
	"", "null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp", "tcp",
	"unix", "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus", NULL,
};
const char *const vc_chr_mode_names[] = { "", "bind", "connect", NULL };
const char *const vc_chr_proto_names[] = {
	"", "raw", "telnet", "telnets", "tls", NULL,
};
const char *const vc_serial_target_names[] = {
	"", "isa-serial", "usb-serial", "pci-serial", "spapr-vio-serial",
	"system-serial", "sclp-serial", "isa-debug", NULL,
};
const char *const vc_serial_model_names[] = {
	"", "isa-serial", "usb-serial", "pci-serial", "spapr-vty", "pl011",
	"sclpconsole", "sclplmconsole", "16550a", "isa-debugcon", NULL,
};
const char *const vc_console_target_names[] = {
	"", "serial", "xen", "uml", "virtio", "lxc", "openvz", "sclp",
	"sclplm", NULL,
};
const char *const vc_channel_target_names[] = {
	"", "guestfwd", "virtio", "xen", NULL,
};
const char *const vc_channel_state_names[] = {
	"", "connected", "disconnected", NULL,
};
static const char *const vdagent_mouse_names[] = { "", "server", "client", NULL };

static const char *const chr_elem[VC_DEV_LAST] = {
	[VC_DEV_SERIAL] = "serial", [VC_DEV_PARALLEL] = "parallel",
	[VC_DEV_CONSOLE] = "console", [VC_DEV_CHANNEL] = "channel",
};

/* ---- the source ---- */

static int
seclabel_parse(struct vc_x *x, xmlNodePtr src, struct vc_chr_source *s)
{
	struct vc_seclabel_dev *l;
	xmlNodePtr c;

	for (c = vc_x_child(x, src, "seclabel"); c; c = vc_x_next(c, "seclabel")) {
		s->seclabels = vc_realloc(s->seclabels,
		    (s->nseclabels + 1) * sizeof(*s->seclabels));
		l = &s->seclabels[s->nseclabels++];
		memset(l, 0, sizeof(*l));
		l->model = vc_x_attr(x, c, "model");
		if (vc_x_yesno(x, c, "relabel", &l->relabel) < 0)
			return -1;
		l->label = vc_x_child_text(x, c, "label");
	}
	return 0;
}

static int
reconnect_parse(struct vc_x *x, xmlNodePtr src, struct vc_chr_source *s)
{
	xmlNodePtr c;
	int r;

	if (!(c = vc_x_child(x, src, "reconnect")))
		return 0;
	if ((r = vc_x_yesno(x, c, "enabled", &s->reconnect)) < 0)
		return -1;
	if (r == 0)
		return vc_x_err(x, c, "missing attribute 'enabled'");
	if ((r = vc_x_uint(x, c, "timeout", 0, 0xffffffffu, &s->reconnect_timeout)) < 0)
		return -1;
	s->has_reconnect_timeout = r;
	if (s->reconnect == VC_TRI_YES && !r)
		return vc_x_err(x, c, "chardev reconnect is enabled but timeout is missing");
	if (s->reconnect == VC_TRI_NO && r)
		return vc_x_err(x, c, "chardev reconnect is disabled but has a timeout");
	return 0;
}

static int
source_one(struct vc_x *x, xmlNodePtr c, struct vc_chr_source *s, int *seen_bind,
           int *seen_connect)
{
	xmlNodePtr e;
	int mode = 0;

	switch (s->type) {
	case VC_CHR_PTY:
		/* the pty path is live state; a define drops it */
		free(vc_x_attr(x, c, "path"));
		return seclabel_parse(x, c, s);
	case VC_CHR_DEV:
	case VC_CHR_FILE:
	case VC_CHR_PIPE:
		s->path = vc_x_attr(x, c, "path");
		if (s->type == VC_CHR_FILE &&
		    vc_x_onoff(x, c, "append", &s->append) < 0)
			return -1;
		return seclabel_parse(x, c, s);
	case VC_CHR_UNIX:
		if (vc_x_enum(x, c, "mode", vc_chr_mode_names, &s->mode) < 0)
			return -1;
		s->path = vc_x_attr(x, c, "path");
		if (reconnect_parse(x, c, s) < 0)
			return -1;
		return seclabel_parse(x, c, s);
	case VC_CHR_TCP:
		if (vc_x_enum(x, c, "mode", vc_chr_mode_names, &s->mode) < 0)
			return -1;
		s->host = vc_x_attr(x, c, "host");
		s->service = vc_x_attr(x, c, "service");
		if (vc_x_yesno(x, c, "tls", &s->tls) < 0)
			return -1;
		return reconnect_parse(x, c, s);
	case VC_CHR_UDP:
		if (vc_x_enum(x, c, "mode", vc_chr_mode_names, &mode) < 0)
			return -1;
		if (mode == VC_CHR_MODE_BIND) {
			if ((*seen_bind)++)
				return vc_x_err(x, c, "only one bind <source> is allowed");
			s->bind_host = vc_x_attr(x, c, "host");
			s->bind_service = vc_x_attr(x, c, "service");
		} else {
			if ((*seen_connect)++)
				return vc_x_err(x, c, "only one connect <source> is allowed");
			s->host = vc_x_attr(x, c, "host");
			s->service = vc_x_attr(x, c, "service");
		}
		return 0;
	case VC_CHR_NMDM:
		s->master = vc_x_attr(x, c, "master");
		s->slave = vc_x_attr(x, c, "slave");
		return 0;
	case VC_CHR_SPICEPORT:
	case VC_CHR_DBUS:
		s->channel = vc_x_attr(x, c, "channel");
		return 0;
	case VC_CHR_QEMU_VDAGENT:
		if ((e = vc_x_child(x, c, "clipboard")) &&
		    vc_x_yesno(x, e, "copypaste", &s->clipboard) < 0)
			return -1;
		if ((e = vc_x_child(x, c, "mouse")) &&
		    vc_x_enum(x, e, "mode", vdagent_mouse_names, &s->mouse) < 0)
			return -1;
		return 0;
	default:
		return vc_x_err(x, c, "<source> is not used with type '%s'",
		                vc_chr_type_names[s->type]);
	}
}

static int
source_check(struct vc_x *x, xmlNodePtr n, struct vc_chr_source *s, int path_optional)
{
	switch (s->type) {
	case VC_CHR_DEV:
	case VC_CHR_FILE:
	case VC_CHR_PIPE:
		if (!s->path)
			return vc_x_err(x, n, "missing source path attribute for char device");
		break;
	case VC_CHR_UNIX:
		if (!s->path && !path_optional)
			return vc_x_err(x, n, "missing source path attribute for char device");
		break;
	case VC_CHR_TCP:
		if (!s->host)
			return vc_x_err(x, n, "missing source host attribute for char device");
		if (!s->service)
			return vc_x_err(x, n, "missing source service attribute for char device");
		break;
	case VC_CHR_UDP:
		if (!s->service)
			return vc_x_err(x, n, "missing source service attribute for char device");
		break;
	case VC_CHR_NMDM:
		if (!s->master || !s->slave)
			return vc_x_err(x, n, "nmdm char device needs source 'master' and 'slave'");
		break;
	}
	return 0;
}

int
vc_chr_source_parse(struct vc_x *x, xmlNodePtr n, struct vc_chr_source *s,
                    int path_optional)
{
	xmlNodePtr c;
	int nsrc = 0, seen_bind = 0, seen_connect = 0;

	for (c = vc_x_child(x, n, "source"); c; c = vc_x_next(c, "source")) {
		if (nsrc++ && s->type != VC_CHR_UDP)
			return vc_x_err(x, c, "only one <source> is allowed");
		if (source_one(x, c, s, &seen_bind, &seen_connect) < 0)
			return -1;
	}
	if (s->type == VC_CHR_TCP) {
		if ((c = vc_x_child(x, n, "protocol")) &&
		    vc_x_enum(x, c, "type", vc_chr_proto_names, &s->protocol) < 0)
			return -1;
		if (!s->protocol)
			s->protocol = VC_CHR_PROTO_RAW;
		if (!s->mode)
			s->mode = VC_CHR_MODE_CONNECT;
	}
	if (s->type == VC_CHR_UNIX && !s->mode)
		s->mode = VC_CHR_MODE_CONNECT;
	if ((c = vc_x_child(x, n, "log"))) {
		if (!(s->log_file = vc_x_attr_req(x, c, "file")))
			return -1;
		if (vc_x_onoff(x, c, "append", &s->log_append) < 0)
			return -1;
	}
	return source_check(x, n, s, path_optional);
}

static void
seclabels_format(struct vc_buf *b, int lvl, const struct vc_chr_source *s)
{
	size_t i;

	for (i = 0; i < s->nseclabels; i++) {
		const struct vc_seclabel_dev *l = &s->seclabels[i];

		vc_f_open(b, lvl, "seclabel");
		vc_f_attr(b, "model", l->model);
		vc_f_attr_yesno(b, "relabel", l->relabel);
		if (!l->label) {
			vc_f_close_empty(b);
			continue;
		}
		vc_f_close_open(b);
		vc_f_text_elem(b, lvl + 1, "label", l->label);
		vc_f_end(b, lvl, "seclabel");
	}
}

static void
reconnect_format(struct vc_buf *b, int lvl, const struct vc_chr_source *s)
{
	vc_f_open(b, lvl, "reconnect");
	vc_f_attr_yesno(b, "enabled", s->reconnect);
	if (s->has_reconnect_timeout)
		vc_f_attr_u(b, "timeout", s->reconnect_timeout);
	vc_f_close_empty(b);
}

/* close an open <source ...; with children when there are any */
static void
source_close(struct vc_buf *b, int lvl, const struct vc_chr_source *s, int reconnect)
{
	if (!s->nseclabels && !(reconnect && s->reconnect)) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	if (reconnect && s->reconnect)
		reconnect_format(b, lvl + 1, s);
	seclabels_format(b, lvl + 1, s);
	vc_f_end(b, lvl, "source");
}

void
vc_chr_source_format(struct vc_buf *b, int lvl, const struct vc_chr_source *s)
{
	switch (s->type) {
	case VC_CHR_PTY:
	case VC_CHR_DEV:
	case VC_CHR_FILE:
	case VC_CHR_PIPE:
		if (!s->path && !s->nseclabels)
			break;
		vc_f_open(b, lvl, "source");
		vc_f_attr(b, "path", s->path);
		if (s->type == VC_CHR_FILE)
			vc_f_attr_onoff(b, "append", s->append);
		source_close(b, lvl, s, 0);
		break;
	case VC_CHR_NMDM:
		vc_f_open(b, lvl, "source");
		vc_f_attr(b, "master", s->master);
		vc_f_attr(b, "slave", s->slave);
		vc_f_close_empty(b);
		break;
	case VC_CHR_UDP:
		if (s->bind_host || s->bind_service) {
			vc_f_open(b, lvl, "source");
			vc_f_attr(b, "mode", "bind");
			vc_f_attr(b, "host", s->bind_host);
			vc_f_attr(b, "service", s->bind_service);
			vc_f_close_empty(b);
		}
		if (s->host || s->service) {
			vc_f_open(b, lvl, "source");
			vc_f_attr(b, "mode", "connect");
			vc_f_attr(b, "host", s->host);
			vc_f_attr(b, "service", s->service);
			vc_f_close_empty(b);
		}
		break;
	case VC_CHR_TCP:
		vc_f_open(b, lvl, "source");
		vc_f_attr_enum(b, "mode", vc_chr_mode_names, s->mode);
		vc_f_attr(b, "host", s->host);
		vc_f_attr(b, "service", s->service);
		vc_f_attr_yesno(b, "tls", s->tls);
		source_close(b, lvl, s, 1);
		vc_f_open(b, lvl, "protocol");
		vc_f_attr_enum(b, "type", vc_chr_proto_names, s->protocol);
		vc_f_close_empty(b);
		break;
	case VC_CHR_UNIX:
		if (!s->path)
			break;
		vc_f_open(b, lvl, "source");
		vc_f_attr_enum(b, "mode", vc_chr_mode_names, s->mode);
		vc_f_attr(b, "path", s->path);
		source_close(b, lvl, s, 1);
		break;
	case VC_CHR_SPICEPORT:
	case VC_CHR_DBUS:
		if (!s->channel)
			break;
		vc_f_open(b, lvl, "source");
		vc_f_attr(b, "channel", s->channel);
		vc_f_close_empty(b);
		break;
	case VC_CHR_QEMU_VDAGENT:
		if (!s->clipboard && !s->mouse)
			break;
		vc_f_open(b, lvl, "source");
		vc_f_close_open(b);
		if (s->clipboard) {
			vc_f_open(b, lvl + 1, "clipboard");
			vc_f_attr_yesno(b, "copypaste", s->clipboard);
			vc_f_close_empty(b);
		}
		if (s->mouse) {
			vc_f_open(b, lvl + 1, "mouse");
			vc_f_attr_enum(b, "mode", vdagent_mouse_names, s->mouse);
			vc_f_close_empty(b);
		}
		vc_f_end(b, lvl, "source");
		break;
	}
	if (s->log_file) {
		vc_f_open(b, lvl, "log");
		vc_f_attr(b, "file", s->log_file);
		vc_f_attr_onoff(b, "append", s->log_append);
		vc_f_close_empty(b);
	}
}

void
vc_chr_source_clear(struct vc_chr_source *s)
{
	size_t i;

	free(s->path);
	free(s->host);
	free(s->service);
	free(s->bind_host);
	free(s->bind_service);
	free(s->master);
	free(s->slave);
	free(s->channel);
	free(s->log_file);
	for (i = 0; i < s->nseclabels; i++) {
		free(s->seclabels[i].model);
		free(s->seclabels[i].label);
	}
	free(s->seclabels);
	memset(s, 0, sizeof(*s));
}

static char *
dup0(const char *s)
{
	return s ? vc_strdup(s) : NULL;
}

void
vc_chr_source_copy(struct vc_chr_source *d, const struct vc_chr_source *s)
{
	size_t i;

	*d = *s;
	d->path = dup0(s->path);
	d->host = dup0(s->host);
	d->service = dup0(s->service);
	d->bind_host = dup0(s->bind_host);
	d->bind_service = dup0(s->bind_service);
	d->master = dup0(s->master);
	d->slave = dup0(s->slave);
	d->channel = dup0(s->channel);
	d->log_file = dup0(s->log_file);
	d->seclabels = s->nseclabels ? vc_calloc(s->nseclabels, sizeof(*d->seclabels)) : NULL;
	for (i = 0; i < s->nseclabels; i++) {
		d->seclabels[i] = s->seclabels[i];
		d->seclabels[i].model = dup0(s->seclabels[i].model);
		d->seclabels[i].label = dup0(s->seclabels[i].label);
	}
}

int
vc_chr_source_equal(const struct vc_chr_source *a, const struct vc_chr_source *b)
{
	struct vc_buf x = { 0 }, y = { 0 };
	int r;

	if (a->type != b->type)
		return 0;
	vc_chr_source_format(&x, 0, a);
	vc_chr_source_format(&y, 0, b);
	r = x.len == y.len && (!x.len || memcmp(x.s, y.s, x.len) == 0);
	vc_buf_free(&x);
	vc_buf_free(&y);
	return r;
}

/* ---- the device ---- */

static int
target_parse(struct vc_x *x, xmlNodePtr n, struct vc_dev_chr *d)
{
	xmlNodePtr t, m;
	const char *const *names = NULL;
	unsigned long long port;
	int r;

	if (!(t = vc_x_child(x, n, "target"))) {
		if (d->kind == VC_DEV_CHANNEL)
			return vc_x_err(x, n, "missing <target>");
		return 0;
	}
	switch (d->kind) {
	case VC_DEV_SERIAL: names = vc_serial_target_names; break;
	case VC_DEV_CONSOLE: names = vc_console_target_names; break;
	case VC_DEV_CHANNEL: names = vc_channel_target_names; break;
	}
	if (names && vc_x_enum(x, t, "type", names, &d->target_type) < 0)
		return -1;
	if (d->kind != VC_DEV_CHANNEL) {
		if (vc_x_int(x, t, "port", 0, 0xffff, &d->port) < 0)
			return -1;
		if (d->kind == VC_DEV_SERIAL && (m = vc_x_child(x, t, "model"))) {
			if ((r = vc_x_enum(x, m, "name", vc_serial_model_names, &d->model)) < 0)
				return -1;
			if (r == 0)
				return vc_x_err(x, m, "missing attribute 'name'");
		}
		return 0;
	}
	switch (d->target_type) {
	case VC_CHANNEL_TGT_NONE:
		return vc_x_err(x, t, "missing channel target type");
	case VC_CHANNEL_TGT_GUESTFWD:
		d->fwd_address = vc_x_attr(x, t, "address");
		d->fwd_port = vc_x_attr(x, t, "port");
		if (!d->fwd_address || !d->fwd_port)
			return vc_x_err(x, t, "guestfwd channel needs 'address' and 'port'");
		if (vc_parse_ull(d->fwd_port, 1, 65535, &port) < 0)
			return vc_x_err(x, t, "invalid port '%s'", d->fwd_port);
		break;
	case VC_CHANNEL_TGT_VIRTIO:
		d->target_name = vc_x_attr(x, t, "name");
		/* connection state is live only: read, not kept */
		if (vc_x_enum(x, t, "state", vc_channel_state_names, &r) < 0)
			return -1;
		break;
	case VC_CHANNEL_TGT_XEN:
		d->target_name = vc_x_attr(x, t, "name");
		break;
	}
	return 0;
}

void *
vc_dev_chr_parse(struct vc_x *x, xmlNodePtr n, int kind)
{
	struct vc_dev_chr *d = vc_calloc(1, sizeof(*d));
	int r, optional;

	d->kind = kind;
	d->port = -1;
	if ((r = vc_x_enum(x, n, "type", vc_chr_type_names, &d->src.type)) < 0)
		goto bad;
	if (r == 0)
		d->src.type = VC_CHR_PTY;
	if (kind == VC_DEV_CONSOLE)
		free(vc_x_attr(x, n, "tty"));   /* live only */
	if (target_parse(x, n, d) < 0)
		goto bad;
	optional = kind == VC_DEV_CHANNEL && d->target_type == VC_CHANNEL_TGT_VIRTIO;
	if (vc_chr_source_parse(x, n, &d->src, optional) < 0)
		goto bad;
	if (vc_devinfo_parse(x, n, &d->info) < 0)
		goto bad;
	return d;
bad:
	vc_dev_chr_free(d);
	return NULL;
}

static void
target_format(struct vc_buf *b, int lvl, const struct vc_dev_chr *d)
{
	switch (d->kind) {
	case VC_DEV_CHANNEL:
		vc_f_open(b, lvl, "target");
		vc_f_attr_enum(b, "type", vc_channel_target_names, d->target_type);
		if (d->target_type == VC_CHANNEL_TGT_GUESTFWD) {
			vc_f_attr(b, "address", d->fwd_address);
			vc_f_attr(b, "port", d->fwd_port);
		} else {
			vc_f_attr(b, "name", d->target_name);
		}
		vc_f_close_empty(b);
		break;
	case VC_DEV_SERIAL:
		if (!d->target_type && d->port < 0 && !d->model)
			break;
		vc_f_open(b, lvl, "target");
		vc_f_attr_enum(b, "type", vc_serial_target_names, d->target_type);
		if (d->port >= 0)
			vc_f_attr_i(b, "port", d->port);
		if (!d->model) {
			vc_f_close_empty(b);
			break;
		}
		vc_f_close_open(b);
		vc_f_open(b, lvl + 1, "model");
		vc_f_attr_enum(b, "name", vc_serial_model_names, d->model);
		vc_f_close_empty(b);
		vc_f_end(b, lvl, "target");
		break;
	case VC_DEV_CONSOLE:
	case VC_DEV_PARALLEL:
		if (!d->target_type && d->port < 0)
			break;
		vc_f_open(b, lvl, "target");
		if (d->kind == VC_DEV_CONSOLE)
			vc_f_attr_enum(b, "type", vc_console_target_names, d->target_type);
		if (d->port >= 0)
			vc_f_attr_i(b, "port", d->port);
		vc_f_close_empty(b);
		break;
	}
}

void
vc_dev_chr_format(struct vc_buf *b, int lvl, const void *dev, int kind)
{
	const struct vc_dev_chr *d = dev;
	const char *elem = chr_elem[kind] ? chr_elem[kind] : "serial";

	vc_f_open(b, lvl, elem);
	vc_f_attr_enum(b, "type", vc_chr_type_names, d->src.type);
	vc_f_close_open(b);
	vc_chr_source_format(b, lvl + 1, &d->src);
	target_format(b, lvl + 1, d);
	vc_devinfo_format(b, lvl + 1, &d->info);
	vc_f_end(b, lvl, elem);
}

void
vc_dev_chr_free(void *dev)
{
	struct vc_dev_chr *d = dev;

	if (!d)
		return;
	vc_chr_source_clear(&d->src);
	free(d->target_name);
	free(d->fwd_address);
	free(d->fwd_port);
	vc_devinfo_clear(&d->info);
	free(d);
}
