/* driver.c: xen:///system: guests kept in the local store, run through
 * Xen's own xl (create, shutdown, destroy, reboot, pause, unpause, list -l,
 * block/network/pci attach and detach); every command through vc_exec */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include "xl.h"
#include "conf/sections.h"
#include "conf/devs_storage.h"
#include "conf/dev_net.h"

extern const char *vc_progname;   /* tool.c */

static int
xl(const char *a0, const char *a1, const char *a2, const char *a3)
{
	const char *argv[6] = {"xl", a0, a1, a2, a3, NULL};

	return vc_exec_ok(argv, NULL) < 0 ? -1 : 0;
}

static char *
cfg_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/%s.cfg", c->rundir, name);
}

static void
bdf(const struct vc_hostdev *h, char out[16])
{
	snprintf(out, 16, "%04x:%02x:%02x.%x", h->pci_domain, h->pci_bus, h->pci_slot, h->pci_function);
}

/* managed PCI devices are bound to pciback (xen-pciback) before the guest
 * gets them and given back to their host driver after */
static int
pci_assign(const struct vc_domain *d, size_t upto)
{
	size_t i;
	char b[16];

	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV] && i < upto; i++) {
		const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

		if (h->mode != VC_HOSTDEV_SUBSYS || h->type != VC_HOSTDEV_PCI || !h->managed)
			continue;
		bdf(h, b);
		if (xl("pci-assignable-add", b, NULL, NULL) < 0)
			return (int)i;
	}
	return -1;
}

static void
pci_release(const struct vc_domain *d, size_t upto)
{
	size_t i;
	char b[16];
	char *msg = vc_errmsg() && *vc_errmsg() ? vc_strdup(vc_errmsg()) : NULL;

	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV] && i < upto; i++) {
		const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

		if (h->mode != VC_HOSTDEV_SUBSYS || h->type != VC_HOSTDEV_PCI || !h->managed)
			continue;
		bdf(h, b);
		if (xl("pci-assignable-remove", "-r", b, NULL) < 0)
			fprintf(stderr, "%s: %s: %s\n", vc_progname, d->name, vc_errmsg());
	}
	if (msg) {
		vc_err("%s", msg);
		free(msg);
	} else
		vc_err_clear();
}

static int
x_check(struct vc_conn *c, const struct vc_domain *def)
{
	char *cfg;

	(void)c;
	if (def->type != VC_VIRT_XEN)
		return vc_err("%s: domain type '%s' is not supported by the xen driver (xen)",
		    def->name, vc_virt_type_names[def->type]);
	/* what cannot become an xl.cfg is refused at define, not at start */
	if (!(cfg = vc_xl_format((struct vc_domain *)def, 0)))
		return -1;
	free(cfg);
	return 0;
}

/* the domain's id from xl domid */
static int
domid(const char *name)
{
	const char *argv[] = {"xl", "domid", name, NULL};
	char *out = NULL;
	long long id;

	if (vc_exec_ok(argv, &out) < 0)
		return -1;
	if (vc_dry_run()) {
		free(out);
		return 0;
	}
	out[strcspn(out, "\n")] = '\0';
	if (vc_parse_ll(out, 0, 65535, &id) < 0) {
		vc_err("%s: xl domid answered '%s', not a domain id", name, out);
		free(out);
		return -1;
	}
	free(out);
	return (int)id;
}

static int
x_start(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	char *cfg = vc_xl_format(def, 0), *path = NULL;
	const char *argv[] = {"xl", "create", NULL, NULL};
	int failed, id = -1;

	if (!cfg)
		return -1;
	path = cfg_path(c, def->name);
	if (!vc_dry_run() && (vc_mkdir_p(c->rundir, 0700) < 0 ||
	    vc_file_replace(path, cfg, strlen(cfg), 0600) < 0))
		goto fail_free;
	if ((failed = pci_assign(def, (size_t)-1)) >= 0) {
		pci_release(def, (size_t)failed);
		goto fail_cfg;
	}
	argv[2] = path;
	if (vc_exec_ok(argv, NULL) < 0)
		goto fail_pci;
	if (vc_dry_run())
		goto done;
	if ((id = domid(def->name)) < 0) {
		/* it is not there to run: take it down again */
		char *msg = vc_strdup(vc_errmsg());
		xl("destroy", def->name, NULL, NULL);
		vc_err("%s", msg);
		free(msg);
		goto fail_pci;
	}
	l->state = VC_STATE_RUNNING;
	l->id = id;
	l->pid = 0;
	l->start_ms = vc_now_ms();
	l->cpu_ms = 0;
	def->id = id;
	if (vc_store_save_live(c, def, l) < 0) {
		char *msg = vc_strdup(vc_errmsg());
		xl("destroy", def->name, NULL, NULL);
		vc_err("%s", msg);
		free(msg);
		goto fail_pci;
	}
done:
	free(cfg);
	free(path);
	return 0;
fail_pci:
	pci_release(def, (size_t)-1);
fail_cfg:
	if (!vc_dry_run())
		unlink(path);
fail_free:
	vc_err_prefix("%s: start", def->name);
	free(cfg);
	free(path);
	return -1;
}

/* the guest is gone: its record, its xl.cfg, its devices */
static int
gone(struct vc_conn *c, struct vc_domain *def)
{
	char *path = cfg_path(c, def->name);

	unlink(path);
	free(path);
	pci_release(def, (size_t)-1);
	return vc_store_remove_live(c, def->name);
}

static int
x_destroy(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	(void)l;
	if (xl("destroy", def->name, NULL, NULL) < 0)
		return -1;
	return vc_dry_run() ? 0 : gone(c, def);
}

/* is NAME among the domains of xl list -l? 1 yes, 0 no, -1 error */
static int
listed(const char *name)
{
	const char *argv[] = {"xl", "list", "-l", NULL};
	char *out = NULL;
	struct json_object *j, *e, *cfg, *ci, *n;
	size_t i;
	int r = 0;

	if (vc_exec_ok(argv, &out) < 0)
		return -1;
	j = json_tokener_parse(out && *out ? out : "[]");
	free(out);
	if (!j || !json_object_is_type(j, json_type_array)) {
		json_object_put(j);
		return vc_err("xl list -l: not the JSON list of domains it prints");
	}
	for (i = 0; i < json_object_array_length(j) && !r; i++) {
		e = json_object_array_get_idx(j, i);
		if (json_object_object_get_ex(e, "config", &cfg) &&
		    json_object_object_get_ex(cfg, "c_info", &ci) &&
		    json_object_object_get_ex(ci, "name", &n) &&
		    strcmp(json_object_get_string(n), name) == 0)
			r = 1;
	}
	json_object_put(j);
	return r;
}

static int
x_poll(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	int r;

	(void)l;
	if (vc_dry_run() || !def)
		return 0;
	if ((r = listed(def->name)) < 0)
		return -1;
	if (r)
		return 0;
	{
		/* polled again under the lock: the first poll gave it all back */
		char *path = cfg_path(c, def->name);

		if (vc_exists(path))
			pci_release(def, (size_t)-1);
		unlink(path);
		free(path);
	}
	return 1;
}

static int
x_shutdown(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int timeout)
{
	unsigned long long end;
	int r;

	if (xl("shutdown", def->name, NULL, NULL) < 0)
		return -1;
	if (vc_dry_run())
		return 0;
	if (timeout < 0) {
		/* asked: the guest goes when it goes; poll notices */
		l->state = VC_STATE_SHUTDOWN;
		return vc_store_save_live(c, def, l);
	}
	end = vc_now_ms() + (unsigned long long)timeout * 1000;
	for (;;) {
		if ((r = listed(def->name)) < 0)
			return -1;
		if (!r)
			return gone(c, def);
		if (vc_now_ms() >= end)
			break;
		usleep(100 * 1000);
	}
	return x_destroy(c, def, l);
}

static int
x_simple(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, const char *op, int state)
{
	if (xl(op, def->name, NULL, NULL) < 0)
		return -1;
	if (vc_dry_run())
		return 0;
	l->state = state;
	return vc_store_save_live(c, def, l);
}

static int
x_reboot(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	return x_simple(c, def, l, "reboot", VC_STATE_RUNNING);
}

static int
x_suspend(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	return x_simple(c, def, l, "pause", VC_STATE_PAUSED);
}

static int
x_resume(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	return x_simple(c, def, l, "unpause", VC_STATE_RUNNING);
}

/* xl NAME SUBCOMMAND with a spec given as key=value words */
static int
xl_spec(const char *sub, const char *name, const char *spec)
{
	const char **argv = vc_calloc(64, sizeof(char *));
	char *s = vc_strdup(spec), *p, *save = NULL;
	size_t n = 0;
	int r;

	argv[n++] = "xl";
	argv[n++] = sub;
	argv[n++] = name;
	for (p = strtok_r(s, ",", &save); p && n < 62; p = strtok_r(NULL, ",", &save))
		argv[n++] = p;
	argv[n] = NULL;
	r = vc_exec_ok(argv, NULL);
	free(s);
	free(argv);
	return r < 0 ? -1 : 0;
}

static int
x_attach(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev)
{
	const struct vc_os *o = live->sect[VC_SECT_OS];
	char *spec;
	int r;

	(void)c;
	(void)l;
	switch (kind) {
	case VC_DEV_DISK:
		spec = vc_xl_disk_spec(dev);
		/* the disk spec's target= takes the rest: one word */
		{
			const char *argv[] = {"xl", "block-attach", live->name, spec, NULL};
			r = vc_exec_ok(argv, NULL) < 0 ? -1 : 0;
		}
		free(spec);
		return r;
	case VC_DEV_INTERFACE:
		spec = vc_xl_vif_spec(dev, o && o->type == VC_OS_HVM);
		r = xl_spec("network-attach", live->name, spec);
		free(spec);
		return r;
	case VC_DEV_HOSTDEV: {
		const struct vc_hostdev *h = dev;
		char b[16];

		if (h->mode != VC_HOSTDEV_SUBSYS || h->type != VC_HOSTDEV_PCI)
			return vc_err("xen attaches PCI host devices only");
		bdf(h, b);
		if (h->managed && xl("pci-assignable-add", b, NULL, NULL) < 0)
			return -1;
		spec = vc_xl_pci_spec(h);
		if (xl("pci-attach", live->name, spec, NULL) < 0) {
			if (h->managed) {
				char *msg = vc_strdup(vc_errmsg());
				xl("pci-assignable-remove", "-r", b, NULL);
				vc_err("%s", msg);
				free(msg);
			}
			free(spec);
			return -1;
		}
		free(spec);
		return 0;
	}
	default:
		return vc_err("devices/%s: xl attaches disks, interfaces and PCI devices",
		    vc_devtypes[kind].elem);
	}
}

static int
x_detach(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev)
{
	(void)c;
	(void)l;
	switch (kind) {
	case VC_DEV_DISK: {
		const struct vc_disk *k = dev;

		return xl("block-detach", live->name, k->target_dev ? k->target_dev : "", NULL);
	}
	case VC_DEV_INTERFACE: {
		const struct vc_iface *n = dev;
		char mac[18];

		if (!n->has_mac)
			return vc_err("an interface without a MAC cannot be told apart for xl network-detach");
		vc_mac_format(n->mac, mac);
		return xl("network-detach", live->name, mac, NULL);
	}
	case VC_DEV_HOSTDEV: {
		const struct vc_hostdev *h = dev;
		char b[16];

		if (h->mode != VC_HOSTDEV_SUBSYS || h->type != VC_HOSTDEV_PCI)
			return vc_err("xen detaches PCI host devices only");
		bdf(h, b);
		if (xl("pci-detach", live->name, b, NULL) < 0)
			return -1;
		if (h->managed && xl("pci-assignable-remove", "-r", b, NULL) < 0)
			return -1;
		return 0;
	}
	default:
		return vc_err("devices/%s: xl detaches disks, interfaces and PCI devices",
		    vc_devtypes[kind].elem);
	}
}

const struct vc_driver vc_xen_driver = {
	.name = "xen",
	.start = x_start,
	.shutdown = x_shutdown,
	.destroy = x_destroy,
	.reboot = x_reboot,
	.suspend = x_suspend,
	.resume = x_resume,
	.poll = x_poll,
	.check = x_check,
	.attach = x_attach,
	.detach = x_detach,
};
