/* dev_input.c: <input> devices: mouse, tablet, keyboard, virtio passthrough, host evdev */
#include <stdlib.h>

#include "conf.h"
#include "conf/devs_misc.h"

const char *const vc_input_type_names[] = {
	"", "mouse", "tablet", "keyboard", "passthrough", "evdev", NULL,
};
const char *const vc_input_bus_names[] = {
	"", "ps2", "usb", "xen", "parallels", "virtio", "none", NULL,
};
const char *const vc_input_model_names[] = {
	"", "virtio", "virtio-transitional", "virtio-non-transitional", NULL,
};
const char *const vc_input_grab_names[] = { "", "all", NULL };
const char *const vc_input_grabtoggle_names[] = {
	"", "ctrl-ctrl", "alt-alt", "shift-shift", "meta-meta", "scrolllock",
	"ctrl-scrolllock", NULL,
};

void *
vc_dev_input_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_input *d = vc_calloc(1, sizeof(*d));
	xmlNodePtr c;
	int r;

	if ((r = vc_x_enum(x, n, "type", vc_input_type_names, &d->type)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, n, "missing attribute 'type'");
		goto bad;
	}
	if (vc_x_enum(x, n, "bus", vc_input_bus_names, &d->bus) < 0 ||
	    vc_x_enum(x, n, "model", vc_input_model_names, &d->model) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "driver")) &&
	    vc_virtio_opts_parse(x, c, &d->virtio) < 0)
		goto bad;
	c = vc_x_child(x, n, "source");
	switch (d->type) {
	case VC_INPUT_PASSTHROUGH:
		if (!c || !(d->evdev = vc_x_attr_req(x, c, "evdev"))) {
			if (!c)
				vc_x_err(x, n, "missing <source evdev> for passthrough input");
			goto bad;
		}
		if (d->bus && d->bus != VC_INPUT_BUS_VIRTIO) {
			vc_x_err(x, n, "passthrough input needs bus 'virtio'");
			goto bad;
		}
		break;
	case VC_INPUT_EVDEV:
		if (!c || !(d->evdev = vc_x_attr_req(x, c, "dev"))) {
			if (!c)
				vc_x_err(x, n, "missing <source dev> for evdev input");
			goto bad;
		}
		if (vc_x_enum(x, c, "grab", vc_input_grab_names, &d->grab) < 0 ||
		    vc_x_enum(x, c, "grabToggle", vc_input_grabtoggle_names,
		              &d->grab_toggle) < 0 ||
		    vc_x_onoff(x, c, "repeat", &d->repeat) < 0)
			goto bad;
		break;
	default:
		/* a source on other types stays unread: an unknown element */
		break;
	}
	if (vc_devinfo_parse(x, n, &d->info) < 0)
		goto bad;
	return d;
bad:
	vc_dev_input_free(d);
	return NULL;
}

void
vc_dev_input_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_input *d = dev;
	int kids;

	vc_f_open(b, lvl, "input");
	vc_f_attr_enum(b, "type", vc_input_type_names, d->type);
	vc_f_attr_enum(b, "bus", vc_input_bus_names, d->bus);
	vc_f_attr_enum(b, "model", vc_input_model_names, d->model);
	kids = vc_virtio_opts_set(&d->virtio) || d->evdev || d->info.alias ||
	       d->info.addr.type != VC_ADDR_NONE;
	if (!kids) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	if (vc_virtio_opts_set(&d->virtio)) {
		vc_f_open(b, lvl + 1, "driver");
		vc_virtio_opts_format(b, &d->virtio);
		vc_f_close_empty(b);
	}
	if (d->evdev) {
		vc_f_open(b, lvl + 1, "source");
		if (d->type == VC_INPUT_EVDEV) {
			vc_f_attr(b, "dev", d->evdev);
			vc_f_attr_enum(b, "grab", vc_input_grab_names, d->grab);
			vc_f_attr_enum(b, "grabToggle", vc_input_grabtoggle_names,
			               d->grab_toggle);
			vc_f_attr_onoff(b, "repeat", d->repeat);
		} else {
			vc_f_attr(b, "evdev", d->evdev);
		}
		vc_f_close_empty(b);
	}
	vc_devinfo_format(b, lvl + 1, &d->info);
	vc_f_end(b, lvl, "input");
}

void
vc_dev_input_free(void *dev)
{
	struct vc_dev_input *d = dev;

	if (!d)
		return;
	free(d->evdev);
	vc_devinfo_clear(&d->info);
	free(d);
}
