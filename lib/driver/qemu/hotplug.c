/* hotplug.c: live attach and detach of disks, interfaces and host devices through QMP */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "conf/dev_net.h"
#include "conf/devs_storage.h"
#include "driver/qemu/argv.h"
#include "driver/qemu/qmp.h"
#include "driver/qemu/qemu.h"
#include "driver/hostdev/hostdev.h"

#define QMP_MS          5000
#define DEL_WAIT_MS     10000   /* the guest must let go of the device */

/* cleanup must not replace the error that made us clean up */
static char *
err_keep(void)
{
	return vc_strdup(vc_errmsg() ? vc_errmsg() : "");
}

static int
err_back(char *msg)
{
	vc_err("%s", msg);
	free(msg);
	return -1;
}

static struct vc_qmp *
mon(struct vc_conn *c, const struct vc_domain *def, const struct vc_live *l)
{
	char *p = l->monitor ? vc_strdup(l->monitor) : vc_qemu_path(c->rundir, def->name, VC_QEMU_QMP);
	struct vc_qmp *q = vc_qmp_open(p, (pid_t)l->pid, QMP_MS);

	free(p);
	if (q)
		vc_qmp_set_timeout(q, QMP_MS);
	return q;
}

/* ---- RUNDIR/NAME.devids: "KEY ID NETDEV TAP" a line, "-" for none ----
 * Interfaces and host devices get their QEMU ids by position at start;
 * after a detach the positions move, so the ids are written down. */

static void
key_iface(const struct vc_iface *i, char out[40])
{
	char m[18];

	vc_mac_format(i->mac, m);
	snprintf(out, 40, "mac:%s", m);
}

static void
key_hostdev(const struct vc_hostdev *h, char out[40])
{
	if (h->type == VC_HOSTDEV_PCI)
		snprintf(out, 40, "pci:%04x:%02x:%02x.%x", h->pci_domain, h->pci_bus,
		    h->pci_slot, h->pci_function);
	else if (h->has_usb_address)
		snprintf(out, 40, "usb:%03u-%03u", h->usb_bus, h->usb_device);
	else
		snprintf(out, 40, "usb:%04x:%04x", h->usb_vendor, h->usb_product);
}

/* the lines of a per-guest list file, without the one starting with drop */
static char *
lines_without(const char *path, const char *drop)
{
	struct vc_buf b = { 0 };
	char *s = vc_file_read(path, NULL), *line, *save = NULL;
	size_t dl = drop ? strlen(drop) : 0;

	vc_err_clear();
	for (line = s ? strtok_r(s, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		if (drop && strncmp(line, drop, dl) == 0 && (line[dl] == ' ' || !line[dl]))
			continue;
		vc_buf_printf(&b, "%s\n", line);
	}
	free(s);
	if (!b.s)
		vc_buf_puts(&b, "");
	return vc_buf_take(&b);
}

static int
list_edit(struct vc_conn *c, const char *name, const char *ext, const char *drop, const char *add)
{
	char *p = vc_qemu_path(c->rundir, name, ext);
	char *s = lines_without(p, drop), *t;
	int r;

	t = add ? vc_asprintf("%s%s\n", s, add) : vc_strdup(s);
	r = vc_file_write_atomic(p, t, strlen(t), 0600);
	free(s);
	free(t);
	free(p);
	return r;
}

/* a tap made for the guest, removed with it (launch.c's rule) */
static int
own_tap(const struct vc_iface *i)
{
	if (i->type == VC_IFACE_BRIDGE || i->type == VC_IFACE_NETWORK)
		return 1;
	return i->type == VC_IFACE_ETHERNET && i->target_managed != VC_TRI_NO;
}

int
vc_qemu_devids_init(struct vc_conn *c, const struct vc_domain *def)
{
	struct vc_buf b = { 0 };
	char key[40], *p;
	unsigned nh = 0;
	size_t i;
	int r;

	/* the same numbering as the command line (argv.c) */
	for (i = 0; i < def->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *f = def->dev[VC_DEV_INTERFACE][i];
		key_iface(f, key);
		if (f->type == VC_IFACE_HOSTDEV)
			vc_buf_printf(&b, "%s hostdev%u - -\n", key, nh++);
		else
			vc_buf_printf(&b, "%s net%zu hostnet%zu %s\n", key, i, i,
			    f->target_dev && own_tap(f) ? f->target_dev : "-");
	}
	for (i = 0; i < def->ndev[VC_DEV_HOSTDEV]; i++) {
		const struct vc_hostdev *h = def->dev[VC_DEV_HOSTDEV][i];
		if (h->mode == VC_HOSTDEV_CAPS)
			continue;
		key_hostdev(h, key);
		vc_buf_printf(&b, "%s hostdev%u - -\n", key, nh++);
	}
	p = vc_qemu_path(c->rundir, def->name, VC_QEMU_DEVIDS);
	r = vc_file_write_atomic(p, b.s ? b.s : "", b.len, 0600);
	free(p);
	vc_buf_free(&b);
	return r;
}

/* the ids of key: 0 found (strings to free), -1 not recorded */
static int
ids_find(struct vc_conn *c, const char *name, const char *key, char **id, char **netdev, char **tap)
{
	char *p = vc_qemu_path(c->rundir, name, VC_QEMU_DEVIDS);
	char *s = vc_file_read(p, NULL), *line, *save = NULL, *f[4], *fs;
	size_t kl = strlen(key);
	int i, r = -1;

	free(p);
	vc_err_clear();
	for (line = s ? strtok_r(s, "\n", &save) : NULL; line && r < 0; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, key, kl) || line[kl] != ' ')
			continue;
		for (i = 0, fs = NULL; i < 4; i++)
			f[i] = strtok_r(i ? NULL : line, " ", &fs);
		if (!f[1] || !f[2] || !f[3])
			continue;
		*id = vc_strdup(f[1]);
		*netdev = strcmp(f[2], "-") ? vc_strdup(f[2]) : NULL;
		*tap = strcmp(f[3], "-") ? vc_strdup(f[3]) : NULL;
		r = 0;
	}
	free(s);
	return r;
}

/* ---- QMP pieces ---- */

static void
put_s(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static void
put_addr(struct json_object *o, const struct vc_domain *def, const struct vc_addr *a)
{
	char buf[16];

	if (a->type != VC_ADDR_PCI)
		return;
	if (a->bus == 0)
		put_s(o, "bus", vc_qemu_rootbus(def));
	else {
		snprintf(buf, sizeof(buf), "pci.%u", a->bus);
		put_s(o, "bus", buf);
	}
	if (a->function)
		snprintf(buf, sizeof(buf), "0x%x.0x%x", a->slot, a->function);
	else
		snprintf(buf, sizeof(buf), "0x%x", a->slot);
	put_s(o, "addr", buf);
}

static int
cmd_obj(struct vc_qmp *q, const char *cmd, struct json_object *args)
{
	int r = vc_qmp_cmd(q, cmd, args, NULL);

	json_object_put(args);
	return r;
}

static int
cmd_id(struct vc_qmp *q, const char *cmd, const char *key, const char *val)
{
	struct json_object *o = json_object_new_object();

	put_s(o, key, val);
	return cmd_obj(q, cmd, o);
}

/* undo steps: their own failures are not the story */
static void
quiet_id(struct vc_qmp *q, const char *cmd, const char *key, const char *val)
{
	char *e = err_keep();

	cmd_id(q, cmd, key, val);
	err_back(e);
}

/* a new device's PCI slot, in the live config the caller saves: on the
 * guest's own buses (a free root port on q35); a guest stored without
 * controllers falls back to bus 0 */
static int
slot_for(struct vc_domain *def)
{
	if (vc_qemu_pci_assign_hot(def) < 0)
		return -1;
	return vc_qemu_assign_pci(def) < 0 ? -1 : 0;
}

/* ---- disks ---- */

static char *
disk_id(const struct vc_disk *k)
{
	int idx = vc_qemu_disk_index(k->target_dev);

	return idx >= 0 ? vc_asprintf("virtio-disk%d", idx) : vc_asprintf("virtio-%s", k->target_dev);
}

static int
disk_check(const struct vc_disk *k)
{
	if (!k->target_dev)
		return vc_err("disk: no <target dev>");
	if (k->bus != VC_DISK_BUS_VIRTIO)
		return vc_err("disk %s: only virtio disks can be attached or detached live "
		    "(bus '%s')", k->target_dev, vc_disk_bus_names[k->bus]);
	return 0;
}

static int
disk_attach(struct vc_qmp *q, struct vc_domain *def, struct vc_disk *k)
{
	struct json_object *o;
	char *id, *file, *drive;
	const char *fmt;
	int ro = k->readonly, r = -1;

	if (disk_check(k) < 0)
		return -1;
	if (k->device != VC_DISK_DEV_DISK && k->device != VC_DISK_DEV_NONE)
		return vc_err("disk %s: a %s cannot sit on the virtio bus", k->target_dev,
		    vc_disk_device_names[k->device]);
	if (!k->src.path || (k->src.type != VC_DISK_TYPE_FILE && k->src.type != VC_DISK_TYPE_BLOCK))
		return vc_err("disk %s: live attach needs a file or block <source>", k->target_dev);
	fmt = k->src.format == VC_FMT_NONE || k->src.format == VC_FMT_ISO ? "raw"
	    : vc_disk_format_names[k->src.format];
	if (slot_for(def) < 0)
		return -1;
	id = disk_id(k);
	file = vc_asprintf("file-%s", id);
	drive = vc_asprintf("drive-%s", id);
	o = json_object_new_object();
	put_s(o, "driver", k->src.type == VC_DISK_TYPE_BLOCK ? "host_device" : "file");
	put_s(o, "filename", k->src.path);
	put_s(o, "node-name", file);
	json_object_object_add(o, "read-only", json_object_new_boolean(ro));
	if (cmd_obj(q, "blockdev-add", o) < 0)
		goto out;
	o = json_object_new_object();
	put_s(o, "node-name", drive);
	json_object_object_add(o, "read-only", json_object_new_boolean(ro));
	put_s(o, "driver", fmt);
	put_s(o, "file", file);
	if (cmd_obj(q, "blockdev-add", o) < 0) {
		quiet_id(q, "blockdev-del", "node-name", file);
		goto out;
	}
	o = json_object_new_object();
	put_s(o, "driver", "virtio-blk-pci");
	put_s(o, "drive", drive);
	put_s(o, "id", id);
	put_addr(o, def, &k->info.addr);
	if (k->serial)
		put_s(o, "serial", k->serial);
	if (cmd_obj(q, "device_add", o) < 0) {
		quiet_id(q, "blockdev-del", "node-name", drive);
		quiet_id(q, "blockdev-del", "node-name", file);
		goto out;
	}
	r = 0;
out:
	free(id);
	free(file);
	free(drive);
	return r;
}

static int
disk_detach(struct vc_qmp *q, struct vc_disk *k)
{
	char *id, *file, *drive;
	int r = -1;

	if (disk_check(k) < 0)
		return -1;
	id = disk_id(k);
	file = vc_asprintf("file-%s", id);
	drive = vc_asprintf("drive-%s", id);
	if (vc_qmp_device_del(q, id, DEL_WAIT_MS) < 0)
		goto out;
	/* a cdrom without a medium has no nodes */
	if (k->src.path && (cmd_id(q, "blockdev-del", "node-name", drive) < 0 ||
	    cmd_id(q, "blockdev-del", "node-name", file) < 0))
		goto out;
	r = 0;
out:
	free(id);
	free(file);
	free(drive);
	return r;
}

/* ---- host devices (vfio-pci) ---- */

static int
vfio_add(struct vc_qmp *q, const struct vc_domain *def, const char *id, unsigned dom,
         unsigned bus, unsigned slot, unsigned fn, const struct vc_addr *a)
{
	struct json_object *o = json_object_new_object();
	char host[16];

	snprintf(host, sizeof(host), "%04x:%02x:%02x.%x", dom, bus, slot, fn);
	put_s(o, "driver", "vfio-pci");
	put_s(o, "host", host);
	put_s(o, "id", id);
	put_addr(o, def, a);
	return cmd_obj(q, "device_add", o);
}

static int
hostdev_attach(struct vc_conn *c, struct vc_qmp *q, struct vc_domain *def, struct vc_hostdev *h)
{
	char key[40], *id;
	int r;

	if (h->mode == VC_HOSTDEV_CAPS || h->type != VC_HOSTDEV_PCI)
		return vc_err("hostdev: only PCI host devices can be attached live");
	key_hostdev(h, key);
	if (slot_for(def) < 0)
		return -1;
	/* the hostdev manager gives the device to vfio-pci (managed) first */
	if (vc_hostdev_prepare_hostdev(c, def->name, h) < 0)
		return -1;
	id = vc_asprintf("hostdev-%04x-%02x-%02x-%x", h->pci_domain, h->pci_bus, h->pci_slot,
	    h->pci_function);
	r = vfio_add(q, def, id, h->pci_domain, h->pci_bus, h->pci_slot, h->pci_function,
	    &h->info.addr);
	if (r == 0) {
		char *line = vc_asprintf("%s %s - -", key, id);
		r = list_edit(c, def->name, VC_QEMU_DEVIDS, key, line);
		free(line);
		if (r < 0)
			quiet_id(q, "device_del", "id", id);
	}
	if (r < 0) {
		char *e = err_keep();
		vc_hostdev_release_dev(c, def->name, key + 4);
		err_back(e);
	}
	free(id);
	return r;
}

static int
hostdev_detach(struct vc_conn *c, struct vc_qmp *q, struct vc_domain *def, const char *key,
               const char *devkey)
{
	char *id = NULL, *nd = NULL, *tap = NULL;
	int r = -1;

	if (ids_find(c, def->name, key, &id, &nd, &tap) < 0)
		return vc_err("%s: no QEMU id recorded for it", key + 4);
	if (vc_qmp_device_del(q, id, DEL_WAIT_MS) < 0)
		goto out;
	list_edit(c, def->name, VC_QEMU_DEVIDS, key, NULL);
	if (devkey && vc_hostdev_release_dev(c, def->name, devkey) < 0)
		goto out;
	r = 0;
out:
	free(id);
	free(nd);
	free(tap);
	return r;
}

/* ---- interfaces ---- */

static int
iface_attach(struct vc_conn *c, struct vc_qmp *q, struct vc_domain *def, struct vc_iface *i)
{
	struct json_object *o;
	char key[40], mac[18], hex[13], *id = NULL, *nd = NULL, *line;
	const char *model;
	char tap[16] = "";
	int r = -1;

	key_iface(i, key);
	vc_mac_format(i->mac, mac);
	snprintf(hex, sizeof(hex), "%02x%02x%02x%02x%02x%02x", i->mac[0], i->mac[1], i->mac[2],
	    i->mac[3], i->mac[4], i->mac[5]);
	if (i->type == VC_IFACE_HOSTDEV) {
		if (i->hostdev_src.type != VC_ADDR_PCI)
			return vc_err("interface %s: only PCI hostdev interfaces can be attached live", mac);
		if (slot_for(def) < 0 || vc_hostdev_prepare_iface(c, def->name, i) < 0)
			return -1;
		id = vc_asprintf("hostdev-%s", hex);
		r = vfio_add(q, def, id, i->hostdev_src.domain, i->hostdev_src.bus,
		    i->hostdev_src.slot, i->hostdev_src.function, &i->addr);
		if (r == 0) {
			line = vc_asprintf("%s %s - -", key, id);
			if ((r = list_edit(c, def->name, VC_QEMU_DEVIDS, key, line)) < 0)
				quiet_id(q, "device_del", "id", id);
			free(line);
		}
		if (r < 0) {
			char *e = err_keep(), k[16];
			if (vc_hostdev_iface_key(i, k) == 0)
				vc_hostdev_release_dev(c, def->name, k);
			err_back(e);
		}
		free(id);
		return r;
	}
	switch (i->type) {
	case VC_IFACE_USER:
	case VC_IFACE_BRIDGE:
		break;
	case VC_IFACE_ETHERNET:
		if (i->target_managed == VC_TRI_NO && !i->target_dev)
			return vc_err("interface %s: managed='no' needs a <target dev>", mac);
		break;
	case VC_IFACE_DIRECT:
		return vc_err("interface %s: type='direct' cannot be attached live yet "
		    "(its macvtap fd would have to pass through QMP)", mac);
	default:
		return vc_err("interface %s: type '%s' cannot be attached live by the qemu driver",
		    mac, vc_iface_type_names[i->type]);
	}
	if (!(model = vc_qemu_nic_device(i->model)))
		return vc_err("interface %s: model '%s' is not supported by the qemu driver",
		    mac, i->model);
	if (slot_for(def) < 0)
		return -1;
	id = vc_asprintf("net-%s", hex);
	nd = vc_asprintf("hostnet-%s", hex);
	o = json_object_new_object();
	put_s(o, "id", nd);
	if (i->type == VC_IFACE_USER) {
		put_s(o, "type", "user");
	} else {
		if (i->type == VC_IFACE_ETHERNET && i->target_managed == VC_TRI_NO) {
			snprintf(tap, sizeof(tap), "%s", i->target_dev);
		} else {
			if (vc_tap_create(i->target_dev ? i->target_dev : "vnet%d", i->mac, tap) < 0)
				goto fail_obj;
			if (list_edit(c, def->name, VC_QEMU_TAPS, tap, tap) < 0 ||
			    (i->type == VC_IFACE_BRIDGE && i->source_bridge &&
			     vc_tap_bridge(tap, i->source_bridge) < 0))
				goto fail_tap_obj;
		}
		put_s(o, "type", "tap");
		put_s(o, "ifname", tap);
		put_s(o, "script", "no");
		put_s(o, "downscript", "no");
		if (i->drv_name == VC_IFACE_DRV_VHOST)
			json_object_object_add(o, "vhost", json_object_new_boolean(1));
	}
	if (cmd_obj(q, "netdev_add", o) < 0)
		goto fail_tap;
	o = json_object_new_object();
	put_s(o, "driver", model);
	put_s(o, "netdev", nd);
	put_s(o, "id", id);
	put_s(o, "mac", mac);
	put_addr(o, def, &i->addr);
	if (cmd_obj(q, "device_add", o) < 0)
		goto fail_netdev;
	line = vc_asprintf("%s %s %s %s", key, id, nd,
	    tap[0] && !(i->type == VC_IFACE_ETHERNET && i->target_managed == VC_TRI_NO) ? tap : "-");
	r = list_edit(c, def->name, VC_QEMU_DEVIDS, key, line);
	free(line);
	if (r < 0) {
		quiet_id(q, "device_del", "id", id);
		goto fail_netdev;
	}
	if (tap[0] && !i->target_dev)
		i->target_dev = vc_strdup(tap);
	free(id);
	free(nd);
	return 0;
fail_tap_obj:
	json_object_put(o);
	goto fail_tap;
fail_obj:
	json_object_put(o);
	goto out;
fail_netdev:
	quiet_id(q, "netdev_del", "id", nd);
fail_tap:
	if (tap[0] && !(i->type == VC_IFACE_ETHERNET && i->target_managed == VC_TRI_NO)) {
		char *e = err_keep();
		vc_tap_delete(tap);
		list_edit(c, def->name, VC_QEMU_TAPS, tap, NULL);
		err_back(e);
	}
out:
	free(id);
	free(nd);
	return -1;
}

static int
iface_detach(struct vc_conn *c, struct vc_qmp *q, struct vc_domain *def, struct vc_iface *i)
{
	char key[40], *id = NULL, *nd = NULL, *tap = NULL, k[16];
	int r = -1;

	key_iface(i, key);
	if (i->type == VC_IFACE_HOSTDEV)
		return hostdev_detach(c, q, def, key,
		    vc_hostdev_iface_key(i, k) == 0 ? k : NULL);
	if (ids_find(c, def->name, key, &id, &nd, &tap) < 0)
		return vc_err("interface %s: no QEMU id recorded for it", key + 4);
	if (vc_qmp_device_del(q, id, DEL_WAIT_MS) < 0)
		goto out;
	if (nd && cmd_id(q, "netdev_del", "id", nd) < 0)
		goto out;
	if (tap) {
		if (vc_tap_delete(tap) < 0)
			goto out;
		list_edit(c, def->name, VC_QEMU_TAPS, tap, NULL);
	}
	if (i->type == VC_IFACE_DIRECT && i->target_dev) {
		if (vc_macvtap_delete(i->target_dev) < 0)
			goto out;
		list_edit(c, def->name, VC_QEMU_MACVTAPS, i->target_dev, NULL);
	}
	list_edit(c, def->name, VC_QEMU_DEVIDS, key, NULL);
	r = 0;
out:
	free(id);
	free(nd);
	free(tap);
	return r;
}

/* ---- the driver ops ---- */

int
vc_qemu_attach(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev)
{
	struct vc_qmp *q;
	int r;

	if (kind != VC_DEV_DISK && kind != VC_DEV_INTERFACE && kind != VC_DEV_HOSTDEV)
		return vc_err("<%s>: live attach is not supported by the qemu driver",
		    vc_devtypes[kind].elem);
	if (!(q = mon(c, live, l)))
		return -1;
	r = kind == VC_DEV_DISK ? disk_attach(q, live, dev)
	    : kind == VC_DEV_INTERFACE ? iface_attach(c, q, live, dev)
	    : hostdev_attach(c, q, live, dev);
	vc_qmp_close(q);
	return r;
}

int
vc_qemu_detach(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev)
{
	struct vc_hostdev *h = dev;
	struct vc_qmp *q;
	char key[40];
	int r;

	if (kind != VC_DEV_DISK && kind != VC_DEV_INTERFACE && kind != VC_DEV_HOSTDEV)
		return vc_err("<%s>: live detach is not supported by the qemu driver",
		    vc_devtypes[kind].elem);
	if (kind == VC_DEV_HOSTDEV && (h->mode == VC_HOSTDEV_CAPS || h->type != VC_HOSTDEV_PCI))
		return vc_err("hostdev: only PCI host devices can be detached live");
	if (!(q = mon(c, live, l)))
		return -1;
	if (kind == VC_DEV_DISK) {
		r = disk_detach(q, dev);
	} else if (kind == VC_DEV_INTERFACE) {
		r = iface_detach(c, q, live, dev);
	} else {
		key_hostdev(h, key);
		r = hostdev_detach(c, q, live, key, key + 4);
	}
	vc_qmp_close(q);
	return r;
}
