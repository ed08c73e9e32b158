/* device_ops.c: attach and detach devices, live and persistent: the rules every driver shares */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "conf/dev_net.h"
#include "conf/device.h"
#include "driver/device_ops.h"

void
vc_dev_target_close(struct vc_dev_target *t)
{
	vc_domain_free(t->live);
	vc_domain_free(t->conf);
	vc_live_clear(&t->l);
	if (t->fd >= 0)
		vc_unlock(t->fd);
	free(t->name);
}

int
vc_dev_target_open(struct vc_conn *c, const char *key, int affect, struct vc_dev_target *t)
{
	char *p;
	int persistent;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	if (!(t->name = vc_store_resolve(c, key)))
		return -1;
	if ((t->fd = vc_lock(c->confdir, t->name)) < 0)
		return -1;
	if ((t->active = vc_dom_refresh(c, t->name, &t->l, 1)) < 0)
		return -1;
	p = vc_store_conf_path(c, t->name);
	persistent = vc_exists(p);
	free(p);
	if (affect & VC_AFFECT_PERSISTENT)
		affect = (affect & ~VC_AFFECT_PERSISTENT) | VC_AFFECT_CONFIG |
		         (t->active ? VC_AFFECT_LIVE : 0);
	t->affect = affect ? affect : t->active ? VC_AFFECT_LIVE : VC_AFFECT_CONFIG;
	if ((t->affect & VC_AFFECT_LIVE) && !t->active)
		return vc_err("%s: domain is not running", t->name);
	if ((t->affect & VC_AFFECT_CONFIG) && !persistent)
		return vc_err("%s: domain is not persistent", t->name);
	if ((t->affect & VC_AFFECT_LIVE) && !(t->live = vc_store_load_live(c, t->name))) {
		if (vc_errkind_get() == VC_ERR_NONE)
			vc_err("%s: live config is missing", t->name);
		return -1;
	}
	if ((t->affect & VC_AFFECT_CONFIG) && !(t->conf = vc_store_load_conf(c, t->name))) {
		if (vc_errkind_get() == VC_ERR_NONE)
			vc_err("%s: no such domain", t->name);
		return -1;
	}
	return 0;
}

/* attach: 1 an identical device is there, 0 not there, -1 a different
 * device holds its place (same target, MAC or source) */
static int
present(const char *name, struct vc_domain *d, int kind, const void *dev)
{
	char *what;
	size_t i;

	for (i = 0; i < d->ndev[kind]; i++) {
		void *h = d->dev[kind][i];
		if (vc_device_has_key(kind, dev)) {
			if (!vc_device_match(kind, dev, h))
				continue;
			if (vc_device_same(kind, dev, h))
				return 1;
			what = vc_device_describe(kind, dev);
			vc_err("%s: %s: attached already, with a different configuration", name, what);
			free(what);
			return -1;
		}
		/* an interface without a MAC: any identical one will do */
		if (vc_device_same(kind, dev, h))
			return 1;
	}
	return 0;
}

/* detach: index of the device dev names, -1 none, -2 error */
static long
find(const char *name, struct vc_domain *d, int kind, const void *dev)
{
	long found = -1;
	size_t i;

	for (i = 0; i < d->ndev[kind]; i++) {
		if (!vc_device_match(kind, dev, d->dev[kind][i]))
			continue;
		if (found >= 0) {
			vc_err("%s: several interfaces of type '%s': give the <mac address> "
			    "of the one to detach", name,
			    vc_iface_type_names[((const struct vc_iface *)dev)->type]);
			return -2;
		}
		found = (long)i;
	}
	return found;
}

static void
drop(struct vc_domain *d, int kind, size_t i)
{
	vc_devtypes[kind].free(d->dev[kind][i]);
	memmove(d->dev[kind] + i, d->dev[kind] + i + 1, (d->ndev[kind] - i - 1) * sizeof(void *));
	d->ndev[kind]--;
}

/* the persistent config after a change: formatted, read back (the rules
 * across devices run again), stored */
int
vc_dev_save_conf(struct vc_conn *c, struct vc_domain *d)
{
	char *xml = vc_domain_format(d, 0), *again = NULL;
	struct vc_domain *back;
	int r = -1;

	if (!(back = vc_domain_parse(xml, strlen(xml), d->name)))
		goto out;
	/* what define fills in, for the new device too: its address, the
	 * controller it needs; what is stored keeps its place */
	vc_domain_fill_defaults(back, d);
	if (c->drv->postparse && c->drv->postparse(c, back, d) < 0)
		goto out;
	again = vc_domain_format(back, 0);
	r = vc_store_save_conf(c, back, again);
out:
	vc_domain_free(back);
	free(again);
	free(xml);
	return r;
}

static int
unsupported(struct vc_conn *c, const char *name, const char *what)
{
	return vc_err("%s: live %s is unsupported by the %s driver", name, what, c->drv->name);
}

int
vc_dom_attach_device(struct vc_conn *c, const char *key, const char *xml, size_t len,
                     const struct vc_device_opts *o)
{
	struct vc_dev_target t;
	void *dev = NULL, *cp;
	int kind = 0, inlive = 1, inconf = 1, r = -1;

	if (vc_device_parse_string(xml, len, o->file ? o->file : "-", &kind, &dev) < 0)
		return -1;
	if (vc_dev_target_open(c, key, o->affect, &t) < 0)
		goto out;
	if (t.live && (inlive = present(t.name, t.live, kind, dev)) < 0)
		goto out;
	if (t.conf && (inconf = present(t.name, t.conf, kind, dev)) < 0)
		goto out;
	if (inlive && inconf) {
		r = 0;
		goto out;
	}
	if (!inlive && !c->drv->attach) {
		unsupported(c, t.name, "attach");
		goto out;
	}
	if (o->check) {
		r = 1;
		goto out;
	}
	/* the same MAC in the running guest and its config */
	if (kind == VC_DEV_INTERFACE && !((struct vc_iface *)dev)->has_mac) {
		unsigned char mac[6];
		vc_mac_generate(mac);
		vc_iface_set_mac(dev, mac);
	}
	if (!inlive) {
		if (!(cp = vc_device_copy(kind, dev)))
			goto out;
		VC_APPEND(t.live->dev[kind], t.live->ndev[kind], cp);
		if (c->drv->attach(c, t.live, &t.l, kind, cp) < 0) {
			drop(t.live, kind, t.live->ndev[kind] - 1);
			vc_err_prefix("%s: attach", t.name);
			goto out;
		}
		if (vc_store_save_live(c, t.live, &t.l) < 0)
			goto out;
		/* the config gets the address the running guest has it on */
		if (!inconf) {
			struct vc_addr *a = vc_device_addr(kind, dev), *la = vc_device_addr(kind, cp);

			if (a && la && a->type == VC_ADDR_NONE)
				*a = *la;
		}
	}
	if (!inconf) {
		VC_APPEND(t.conf->dev[kind], t.conf->ndev[kind], dev);
		dev = NULL;
		if (vc_dev_save_conf(c, t.conf) < 0)
			goto out;
	}
	r = 1;
out:
	vc_device_free(kind, dev);
	vc_dev_target_close(&t);
	return r;
}

int
vc_dom_detach_device(struct vc_conn *c, const char *key, const char *xml, size_t len,
                     const struct vc_device_opts *o)
{
	struct vc_dev_target t;
	long il = -1, ic = -1;
	void *dev = NULL;
	char *what;
	int kind = 0, r = -1;

	if (vc_device_parse_string(xml, len, o->file ? o->file : "-", &kind, &dev) < 0)
		return -1;
	if (vc_dev_target_open(c, key, o->affect, &t) < 0)
		goto out;
	if (t.live && (il = find(t.name, t.live, kind, dev)) == -2)
		goto out;
	if (t.conf && (ic = find(t.name, t.conf, kind, dev)) == -2)
		goto out;
	if ((t.live && il < 0) || (t.conf && ic < 0)) {
		if (!o->if_exists) {
			what = vc_device_describe(kind, dev);
			vc_err("%s: no such device: %s%s", t.name, what,
			    t.live && t.conf ? (il < 0 ? " (live)" : " (config)") : "");
			free(what);
			goto out;
		}
		if (il < 0 && ic < 0) {
			r = 0;
			goto out;
		}
	}
	if (il >= 0 && !c->drv->detach) {
		unsupported(c, t.name, "detach");
		goto out;
	}
	if (o->check) {
		r = 1;
		goto out;
	}
	if (il >= 0) {
		if (c->drv->detach(c, t.live, &t.l, kind, t.live->dev[kind][il]) < 0) {
			vc_err_prefix("%s: detach", t.name);
			goto out;
		}
		drop(t.live, kind, (size_t)il);
		if (vc_store_save_live(c, t.live, &t.l) < 0)
			goto out;
	}
	if (ic >= 0) {
		drop(t.conf, kind, (size_t)ic);
		if (vc_dev_save_conf(c, t.conf) < 0)
			goto out;
	}
	r = 1;
out:
	vc_device_free(kind, dev);
	vc_dev_target_close(&t);
	return r;
}
