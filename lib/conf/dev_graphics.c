/* dev_graphics.c: <graphics> (vnc, spice, sdl, rdp, desktop, egl-headless, dbus) and its <listen> elements */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/devs_misc.h"

const char *const vc_gfx_type_names[] = {
	"", "sdl", "vnc", "rdp", "desktop", "spice", "egl-headless", "dbus", NULL,
};
const char *const vc_listen_type_names[] = {
	"", "none", "address", "network", "socket", NULL,
};
static const char *const share_names[] = {
	"", "allow-exclusive", "force-shared", "ignore", NULL,
};
static const char *const connected_names[] = {
	"", "fail", "disconnect", "keep", NULL,
};
static const char *const mode_names[] = { "", "any", "secure", "insecure", NULL };
static const char *const channel_names[] = {
	"", "main", "display", "inputs", "cursor", "playback", "record",
	"smartcard", "usbredir", NULL,
};
static const char *const image_names[] = {
	"", "auto_glz", "auto_lz", "quic", "glz", "lz", "off", NULL,
};
static const char *const jpeg_names[] = { "", "auto", "never", "always", NULL };
static const char *const streaming_names[] = { "", "filter", "all", "off", NULL };
static const char *const mouse_names[] = { "", "server", "client", NULL };
static const char *const onoff_names[] = { "", "on", "off", NULL };

/* spice children with one enum attribute each, in libvirt's order */
static const struct {
	const char *elem, *attr;
	const char *const *names;
	size_t off;
} spice_opts[] = {
	{ "image", "compression", image_names, offsetof(struct vc_dev_graphics, image) },
	{ "jpeg", "compression", jpeg_names, offsetof(struct vc_dev_graphics, jpeg) },
	{ "zlib", "compression", jpeg_names, offsetof(struct vc_dev_graphics, zlib) },
	{ "playback", "compression", onoff_names, offsetof(struct vc_dev_graphics, playback) },
	{ "streaming", "mode", streaming_names, offsetof(struct vc_dev_graphics, streaming) },
	{ "mouse", "mode", mouse_names, offsetof(struct vc_dev_graphics, mouse) },
};

static int
uses_listens(int type)
{
	return type == VC_GFX_VNC || type == VC_GFX_SPICE || type == VC_GFX_RDP;
}

static struct vc_gfx_listen *
listen_add(struct vc_dev_graphics *g, int type)
{
	struct vc_gfx_listen *l;

	VC_GROW(g->listens, g->nlistens);
	l = &g->listens[g->nlistens++];
	memset(l, 0, sizeof(*l));
	l->type = type;
	return l;
}

static void
listen_clear(struct vc_gfx_listen *l)
{
	free(l->address);
	free(l->network);
	free(l->socket);
	memset(l, 0, sizeof(*l));
}

static int
listen_parse(struct vc_x *x, xmlNodePtr c, struct vc_dev_graphics *g)
{
	struct vc_gfx_listen *l;
	int type = 0, r;

	if ((r = vc_x_enum(x, c, "type", vc_listen_type_names, &type)) < 0)
		return -1;
	if (r == 0 || type == 0)
		return vc_x_err(x, c, "missing attribute 'type'");
	l = listen_add(g, type);
	switch (type) {
	case VC_LISTEN_ADDRESS:
		l->address = vc_x_attr(x, c, "address");
		if (l->address && !*l->address) {
			free(l->address);
			l->address = NULL;
		}
		break;
	case VC_LISTEN_NETWORK:
		/* the address resolved from the network is live state */
		free(vc_x_attr(x, c, "address"));
		if (!(l->network = vc_x_attr(x, c, "network")))
			return vc_x_err(x, c, "'network' attribute is required for listen type 'network'");
		break;
	case VC_LISTEN_SOCKET:
		l->socket = vc_x_attr(x, c, "socket");
		if (g->type != VC_GFX_VNC && g->type != VC_GFX_SPICE)
			return vc_x_err(x, c, "listen type 'socket' is not supported for this graphics type");
		break;
	}
	return 0;
}

/* the old attributes listen= and socket= against the <listen> elements */
static int
listens_compat(struct vc_x *x, xmlNodePtr n, struct vc_dev_graphics *g)
{
	struct vc_gfx_listen *l;
	char *addr = vc_x_attr(x, n, "listen");
	char *sock = NULL;
	int r = 0;

	if (g->type == VC_GFX_VNC)
		sock = vc_x_attr(x, n, "socket");
	if (addr && !*addr) {
		free(addr);
		addr = NULL;
	}
	if (g->nlistens == 0) {
		if (sock) {
			l = listen_add(g, VC_LISTEN_SOCKET);
			l->socket = sock;
			sock = NULL;
		} else if (addr) {
			l = listen_add(g, VC_LISTEN_ADDRESS);
			l->address = addr;
			addr = NULL;
		} else if (g->type == VC_GFX_SPICE && !g->port && !g->tls_port &&
		           !g->autoport) {
			listen_add(g, VC_LISTEN_NONE);
		} else {
			listen_add(g, VC_LISTEN_ADDRESS);
		}
		goto out;
	}
	l = &g->listens[0];
	if (addr && l->type == VC_LISTEN_ADDRESS) {
		if (!l->address) {
			l->address = addr;
			addr = NULL;
		} else if (strcmp(l->address, addr) != 0) {
			r = vc_x_err(x, n, "graphics 'listen' attribute '%s' must match "
			             "'address' attribute of first listen element (found '%s')",
			             addr, l->address);
			goto out;
		}
	}
	if (sock) {
		if (l->type == VC_LISTEN_ADDRESS) {
			listen_clear(l);
			l->type = VC_LISTEN_SOCKET;
		}
		if (l->type == VC_LISTEN_SOCKET) {
			if (!l->socket) {
				l->socket = sock;
				sock = NULL;
			} else if (strcmp(l->socket, sock) != 0) {
				r = vc_x_err(x, n, "graphics 'socket' attribute '%s' must match "
				             "'socket' attribute of first listen element (found '%s')",
				             sock, l->socket);
				goto out;
			}
		}
	}
out:
	free(addr);
	free(sock);
	return r;
}

/* port='-1' is the old spelling of autoport */
static int
port_parse(struct vc_x *x, xmlNodePtr n, const char *attr, struct vc_dev_graphics *g,
           int *port)
{
	int r, v = 0;

	if ((r = vc_x_int(x, n, attr, -1, 65535, &v)) < 0)
		return -1;
	if (r == 1 && v == -1) {
		g->autoport = 1;
		v = 0;
	}
	*port = v;
	return r;
}

static int
gl_parse(struct vc_x *x, xmlNodePtr n, struct vc_dev_graphics *g)
{
	xmlNodePtr c;

	if (!(c = vc_x_child(x, n, "gl")))
		return 0;
	g->has_gl = 1;
	if (vc_x_yesno(x, c, "enable", &g->gl) < 0)
		return -1;
	g->rendernode = vc_x_attr(x, c, "rendernode");
	if (g->type != VC_GFX_EGL_HEADLESS && !g->gl)
		return vc_x_err(x, c, "missing attribute 'enable'");
	return 0;
}

static int
audio_parse(struct vc_x *x, xmlNodePtr n, struct vc_dev_graphics *g)
{
	xmlNodePtr c;
	int r;

	if (!(c = vc_x_child(x, n, "audio")))
		return 0;
	if ((r = vc_x_uint(x, c, "id", 1, 0xffffffffu, &g->audio_id)) < 0)
		return -1;
	if (r == 0)
		return vc_x_err(x, c, "missing attribute 'id'");
	return 0;
}

static int
auth_parse(struct vc_x *x, xmlNodePtr n, struct vc_dev_graphics *g)
{
	g->passwd = vc_x_attr(x, n, "passwd");
	g->passwd_valid_to = vc_x_attr(x, n, "passwdValidTo");
	if (vc_x_enum(x, n, "connected", connected_names, &g->connected) < 0)
		return -1;
	if (g->type == VC_GFX_VNC && g->connected && g->connected != 3)
		return vc_x_err(x, n, "VNC supports connected='keep' only");
	return 0;
}

static int
spice_parse(struct vc_x *x, xmlNodePtr n, struct vc_dev_graphics *g)
{
	xmlNodePtr c;
	char *name;
	int i, r, mode;
	size_t k;

	for (c = vc_x_child(x, n, "channel"); c; c = vc_x_next(c, "channel")) {
		if (!(name = vc_x_attr_req(x, c, "name")))
			return -1;
		i = vc_enum_find(channel_names, name);
		if (i <= 0) {
			vc_x_err(x, c, "unknown spice channel name '%s'", name);
			free(name);
			return -1;
		}
		free(name);
		if ((r = vc_x_enum(x, c, "mode", mode_names, &mode)) < 0)
			return -1;
		if (r == 0)
			return vc_x_err(x, c, "missing attribute 'mode'");
		g->channel_mode[i - 1] = mode;
	}
	for (k = 0; k < VC_NELEM(spice_opts); k++) {
		int *f = (int *)((char *)g + spice_opts[k].off);

		if (!(c = vc_x_child(x, n, spice_opts[k].elem)))
			continue;
		if ((r = vc_x_enum(x, c, spice_opts[k].attr, spice_opts[k].names, f)) < 0)
			return -1;
		if (r == 0)
			return vc_x_err(x, c, "missing attribute '%s'", spice_opts[k].attr);
	}
	if ((c = vc_x_child(x, n, "clipboard"))) {
		if ((r = vc_x_yesno(x, c, "copypaste", &g->clipboard)) <= 0)
			return r < 0 ? -1 : vc_x_err(x, c, "missing attribute 'copypaste'");
	}
	if ((c = vc_x_child(x, n, "filetransfer"))) {
		if ((r = vc_x_yesno(x, c, "enable", &g->filetransfer)) <= 0)
			return r < 0 ? -1 : vc_x_err(x, c, "missing attribute 'enable'");
	}
	return gl_parse(x, n, g);
}

static int
type_parse(struct vc_x *x, xmlNodePtr n, struct vc_dev_graphics *g)
{
	int r, ap = 0;

	switch (g->type) {
	case VC_GFX_VNC:
		if ((r = port_parse(x, n, "port", g, &g->port)) < 0)
			return -1;
		if (r == 0)
			g->autoport = 1;
		if (vc_x_yesno(x, n, "autoport", &ap) < 0)
			return -1;
		if (ap)
			g->autoport = ap == VC_TRI_YES;
		if (g->autoport)
			g->port = 0;
		if (vc_x_int(x, n, "websocket", -1, 65535, &g->websocket) < 0)
			return -1;
		g->keymap = vc_x_attr(x, n, "keymap");
		if (vc_x_enum(x, n, "sharePolicy", share_names, &g->share_policy) < 0 ||
		    vc_x_yesno(x, n, "powerControl", &g->power_control) < 0)
			return -1;
		if (auth_parse(x, n, g) < 0)
			return -1;
		return audio_parse(x, n, g);
	case VC_GFX_SPICE:
		if (port_parse(x, n, "port", g, &g->port) < 0 ||
		    port_parse(x, n, "tlsPort", g, &g->tls_port) < 0)
			return -1;
		if (vc_x_yesno(x, n, "autoport", &ap) < 0)
			return -1;
		if (ap == VC_TRI_YES) {
			g->autoport = 1;
			g->port = g->tls_port = 0;
		} else if (ap == VC_TRI_NO) {
			g->autoport = 0;
		}
		g->keymap = vc_x_attr(x, n, "keymap");
		if (vc_x_enum(x, n, "defaultMode", mode_names, &g->default_mode) < 0)
			return -1;
		if (auth_parse(x, n, g) < 0)
			return -1;
		return spice_parse(x, n, g);
	case VC_GFX_RDP:
		if ((r = port_parse(x, n, "port", g, &g->port)) < 0)
			return -1;
		if (vc_x_yesno(x, n, "autoport", &ap) < 0)
			return -1;
		if (ap)
			g->autoport = ap == VC_TRI_YES;
		if (g->autoport)
			g->port = 0;
		if (vc_x_yesno(x, n, "replaceUser", &g->replace_user) < 0 ||
		    vc_x_yesno(x, n, "multiUser", &g->multi_user) < 0)
			return -1;
		return auth_parse(x, n, g);
	case VC_GFX_SDL:
		g->display = vc_x_attr(x, n, "display");
		g->xauth = vc_x_attr(x, n, "xauth");
		if (vc_x_yesno(x, n, "fullscreen", &g->fullscreen) < 0)
			return -1;
		return gl_parse(x, n, g);
	case VC_GFX_DESKTOP:
		g->display = vc_x_attr(x, n, "display");
		return vc_x_yesno(x, n, "fullscreen", &g->fullscreen) < 0 ? -1 : 0;
	case VC_GFX_EGL_HEADLESS:
		return gl_parse(x, n, g);
	case VC_GFX_DBUS:
		g->address = vc_x_attr(x, n, "address");
		if (vc_x_yesno(x, n, "p2p", &g->p2p) < 0)
			return -1;
		if (g->address && g->p2p == VC_TRI_YES)
			return vc_x_err(x, n, "'address' and 'p2p' are mutually exclusive");
		if (gl_parse(x, n, g) < 0)
			return -1;
		return audio_parse(x, n, g);
	}
	return 0;
}

void *
vc_dev_graphics_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_graphics *g = vc_calloc(1, sizeof(*g));
	xmlNodePtr c;
	int r;

	if ((r = vc_x_enum(x, n, "type", vc_gfx_type_names, &g->type)) < 0)
		goto bad;
	if (r == 0 || !g->type) {
		vc_x_err(x, n, "missing attribute 'type'");
		goto bad;
	}
	if (type_parse(x, n, g) < 0)
		goto bad;
	if (uses_listens(g->type)) {
		for (c = vc_x_child(x, n, "listen"); c; c = vc_x_next(c, "listen"))
			if (listen_parse(x, c, g) < 0)
				goto bad;
		if (listens_compat(x, n, g) < 0)
			goto bad;
	}
	return g;
bad:
	vc_dev_graphics_free(g);
	return NULL;
}

static void
ports_format(struct vc_buf *b, const struct vc_dev_graphics *g)
{
	const struct vc_gfx_listen *l = g->nlistens ? &g->listens[0] : NULL;

	if (l && l->type == VC_LISTEN_SOCKET) {
		if (g->type == VC_GFX_VNC)
			vc_f_attr(b, "socket", l->socket);
		return;
	}
	if (l && l->type == VC_LISTEN_NONE)
		return;
	switch (g->type) {
	case VC_GFX_VNC:
		if (g->port && !g->autoport)
			vc_f_attr_i(b, "port", g->port);
		else if (g->autoport)
			vc_f_attr(b, "port", "-1");
		vc_f_attr(b, "autoport", g->autoport ? "yes" : "no");
		if (g->websocket)
			vc_f_attr_i(b, "websocket", g->websocket);
		break;
	case VC_GFX_SPICE:
		if (g->port)
			vc_f_attr_i(b, "port", g->port);
		if (g->tls_port)
			vc_f_attr_i(b, "tlsPort", g->tls_port);
		vc_f_attr(b, "autoport", g->autoport ? "yes" : "no");
		break;
	case VC_GFX_RDP:
		if (g->port)
			vc_f_attr_i(b, "port", g->port);
		if (g->autoport)
			vc_f_attr(b, "autoport", "yes");
		vc_f_attr_yesno(b, "replaceUser", g->replace_user);
		vc_f_attr_yesno(b, "multiUser", g->multi_user);
		break;
	}
	if (l && l->type == VC_LISTEN_ADDRESS)
		vc_f_attr(b, "listen", l->address);
}

static void
auth_format(struct vc_buf *b, const struct vc_dev_graphics *g)
{
	vc_f_attr(b, "passwd", g->passwd);
	vc_f_attr(b, "passwdValidTo", g->passwd_valid_to);
	vc_f_attr_enum(b, "connected", connected_names, g->connected);
}

static void
attrs_format(struct vc_buf *b, const struct vc_dev_graphics *g)
{
	switch (g->type) {
	case VC_GFX_VNC:
		ports_format(b, g);
		vc_f_attr(b, "keymap", g->keymap);
		vc_f_attr_enum(b, "sharePolicy", share_names, g->share_policy);
		vc_f_attr_yesno(b, "powerControl", g->power_control);
		auth_format(b, g);
		break;
	case VC_GFX_SPICE:
		ports_format(b, g);
		vc_f_attr(b, "keymap", g->keymap);
		vc_f_attr_enum(b, "defaultMode", mode_names, g->default_mode);
		auth_format(b, g);
		break;
	case VC_GFX_RDP:
		ports_format(b, g);
		auth_format(b, g);
		break;
	case VC_GFX_SDL:
		vc_f_attr(b, "display", g->display);
		vc_f_attr(b, "xauth", g->xauth);
		vc_f_attr_yesno(b, "fullscreen", g->fullscreen);
		break;
	case VC_GFX_DESKTOP:
		vc_f_attr(b, "display", g->display);
		vc_f_attr_yesno(b, "fullscreen", g->fullscreen);
		break;
	case VC_GFX_DBUS:
		vc_f_attr_yesno(b, "p2p", g->p2p);
		vc_f_attr(b, "address", g->address);
		break;
	}
}

static void
children_format(struct vc_buf *b, int lvl, const struct vc_dev_graphics *g)
{
	size_t i, k;

	for (i = 0; i < g->nlistens; i++) {
		const struct vc_gfx_listen *l = &g->listens[i];

		vc_f_open(b, lvl, "listen");
		vc_f_attr_enum(b, "type", vc_listen_type_names, l->type);
		vc_f_attr(b, "address", l->address);
		vc_f_attr(b, "network", l->network);
		vc_f_attr(b, "socket", l->socket);
		vc_f_close_empty(b);
	}
	for (i = 0; i < VC_SPICE_CH_LAST; i++) {
		if (!g->channel_mode[i] || g->channel_mode[i] == 1)
			continue;
		vc_f_open(b, lvl, "channel");
		vc_f_attr(b, "name", channel_names[i + 1]);
		vc_f_attr_enum(b, "mode", mode_names, g->channel_mode[i]);
		vc_f_close_empty(b);
	}
	for (k = 0; k < VC_NELEM(spice_opts); k++) {
		int v = *(const int *)((const char *)g + spice_opts[k].off);

		if (!v)
			continue;
		vc_f_open(b, lvl, spice_opts[k].elem);
		vc_f_attr_enum(b, spice_opts[k].attr, spice_opts[k].names, v);
		vc_f_close_empty(b);
	}
	if (g->clipboard) {
		vc_f_open(b, lvl, "clipboard");
		vc_f_attr_yesno(b, "copypaste", g->clipboard);
		vc_f_close_empty(b);
	}
	if (g->filetransfer) {
		vc_f_open(b, lvl, "filetransfer");
		vc_f_attr_yesno(b, "enable", g->filetransfer);
		vc_f_close_empty(b);
	}
	if (g->has_gl && (g->type != VC_GFX_EGL_HEADLESS || g->rendernode)) {
		vc_f_open(b, lvl, "gl");
		if (g->type != VC_GFX_EGL_HEADLESS)
			vc_f_attr_yesno(b, "enable", g->gl);
		vc_f_attr(b, "rendernode", g->rendernode);
		vc_f_close_empty(b);
	}
	if (g->audio_id) {
		vc_f_open(b, lvl, "audio");
		vc_f_attr_u(b, "id", g->audio_id);
		vc_f_close_empty(b);
	}
}

static int
has_children(const struct vc_dev_graphics *g)
{
	size_t i;

	if (g->nlistens || g->clipboard || g->filetransfer || g->audio_id ||
	    (g->has_gl && (g->type != VC_GFX_EGL_HEADLESS || g->rendernode)))
		return 1;
	for (i = 0; i < VC_SPICE_CH_LAST; i++)
		if (g->channel_mode[i] > 1)
			return 1;
	for (i = 0; i < VC_NELEM(spice_opts); i++)
		if (*(const int *)((const char *)g + spice_opts[i].off))
			return 1;
	return 0;
}

void
vc_dev_graphics_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_graphics *g = dev;

	vc_f_open(b, lvl, "graphics");
	vc_f_attr_enum(b, "type", vc_gfx_type_names, g->type);
	attrs_format(b, g);
	if (!has_children(g)) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	children_format(b, lvl + 1, g);
	vc_f_end(b, lvl, "graphics");
}

void
vc_dev_graphics_free(void *dev)
{
	struct vc_dev_graphics *g = dev;
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nlistens; i++)
		listen_clear(&g->listens[i]);
	free(g->listens);
	free(g->keymap);
	free(g->passwd);
	free(g->passwd_valid_to);
	free(g->display);
	free(g->xauth);
	free(g->address);
	free(g->rendernode);
	free(g);
}
