/* change_ops.c: memory and vCPU changes (virsh setmem, setmaxmem, setvcpus): the rules every driver shares */
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "conf/devs_misc.h"
#include "conf/sections.h"
#include "driver/device_ops.h"

static const struct vc_guest_ops *
ops(struct vc_conn *c)
{
	static const struct vc_guest_ops none;

	return c->drv->guest ? c->drv->guest : &none;
}

static int
unsupported(struct vc_conn *c, const char *guest, const char *what)
{
	return vc_err("%s: %s is unsupported by the %s driver", guest, what, c->drv->name);
}

static unsigned long long
cur_mem(const struct vc_domain *d)
{
	return d->has_current_memory && d->current_memory ? d->current_memory : d->memory;
}

static unsigned
cur_vcpus(const struct vc_domain *d)
{
	return d->has_vcpus_current && d->vcpus_current ? d->vcpus_current : d->vcpus;
}

/* a guest without a balloon cannot be given memory back or taken it from */
static int
has_balloon(const struct vc_domain *d)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_MEMBALLOON]; i++) {
		const struct vc_dev_memballoon *m = d->dev[VC_DEV_MEMBALLOON][i];
		if (m->model > 0 && strcmp(vc_memballoon_model_names[m->model], "none") == 0)
			return 0;
	}
	return 1;
}

static int
target_open(struct vc_conn *c, const char *key, int affect, const char *what,
            struct vc_dev_target *t)
{
	if (c->drv->inv) {
		memset(t, 0, sizeof(*t));
		t->fd = -1;
		return unsupported(c, key, what);
	}
	return vc_dev_target_open(c, key, affect, t);
}

static void
set_cur_mem(struct vc_domain *d, unsigned long long kib)
{
	d->current_memory = kib;
	d->has_current_memory = 1;
}

int
vc_dom_setmem(struct vc_conn *c, const char *key, unsigned long long kib,
              int affect, int check)
{
	struct vc_dev_target t;
	int inlive = 1, inconf = 1, r = -1;

	if (target_open(c, key, affect, "setmem", &t) < 0)
		goto out;
	if (kib == 0) {
		vc_err("%s: memory size must be greater than 0", t.name);
		goto out;
	}
	if (t.live) {
		if (kib > t.live->memory) {
			vc_err("%s: cannot set memory higher than max memory (%llu KiB > %llu KiB)",
			    t.name, kib, t.live->memory);
			goto out;
		}
		inlive = cur_mem(t.live) == kib;
		if (!inlive && !ops(c)->setmem) {
			unsupported(c, t.name, "live setmem");
			goto out;
		}
		if (!inlive && !has_balloon(t.live)) {
			vc_err("%s: cannot change the memory of a running guest without a balloon "
			    "device (memballoon model='none')", t.name);
			goto out;
		}
	}
	if (t.conf) {
		if (kib > t.conf->memory) {
			vc_err("%s: cannot set memory higher than max memory (%llu KiB > %llu KiB)",
			    t.name, kib, t.conf->memory);
			goto out;
		}
		inconf = cur_mem(t.conf) == kib;
	}
	if (inlive && inconf) {
		r = 0;
		goto out;
	}
	if (check) {
		r = 1;
		goto out;
	}
	if (!inlive) {
		if (ops(c)->setmem(c, t.live, &t.l, kib) < 0) {
			vc_err_prefix("%s: setmem", t.name);
			goto out;
		}
		set_cur_mem(t.live, kib);
		if (vc_store_save_live(c, t.live, &t.l) < 0)
			goto out;
	}
	if (!inconf) {
		set_cur_mem(t.conf, kib);
		if (vc_dev_save_conf(c, t.conf) < 0)
			goto out;
	}
	r = 1;
out:
	vc_dev_target_close(&t);
	return r;
}

int
vc_dom_setmaxmem(struct vc_conn *c, const char *key, unsigned long long kib,
                 int affect, int check)
{
	struct vc_dev_target t;
	int r = -1;

	if (target_open(c, key, affect, "setmaxmem", &t) < 0)
		goto out;
	if (t.live) {
		vc_err("%s: cannot resize the maximum memory of a running guest "
		    "(--config changes it from its next start)", t.name);
		goto out;
	}
	if (kib == 0) {
		vc_err("%s: memory size must be greater than 0", t.name);
		goto out;
	}
	if (t.conf->has_max_memory && kib > t.conf->max_memory) {
		vc_err("%s: memory %llu KiB is above maxMemory (%llu KiB)", t.name, kib,
		    t.conf->max_memory);
		goto out;
	}
	if (t.conf->memory == kib && cur_mem(t.conf) <= kib) {
		r = 0;
		goto out;
	}
	if (check) {
		r = 1;
		goto out;
	}
	if (cur_mem(t.conf) > kib)
		set_cur_mem(t.conf, kib);
	t.conf->memory = kib;
	if (vc_dev_save_conf(c, t.conf) < 0)
		goto out;
	r = 1;
out:
	vc_dev_target_close(&t);
	return r;
}

/* the vCPUs <cpu><topology> makes room for, 0 without one */
static unsigned long long
topology_vcpus(const struct vc_domain *d)
{
	const struct vc_cpu *p = d->sect[VC_SECT_CPU];

	if (!p || !p->sockets)
		return 0;
	return (unsigned long long)p->sockets * (p->dies ? p->dies : 1) *
	    (p->clusters ? p->clusters : 1) * p->cores * p->threads;
}

static void
set_cur_vcpus(struct vc_domain *d, unsigned n)
{
	d->vcpus_current = n;
	d->has_vcpus_current = n != d->vcpus;
}

int
vc_dom_setvcpus(struct vc_conn *c, const char *key, unsigned n, int affect,
                int maximum, int check)
{
	struct vc_dev_target t;
	int inlive = 1, inconf = 1, r = -1;

	if (target_open(c, key, affect, "setvcpus", &t) < 0)
		goto out;
	if (n == 0) {
		vc_err("%s: vcpu count must be greater than 0", t.name);
		goto out;
	}
	if (maximum && t.live) {
		vc_err("%s: the maximum vcpu count of a running guest cannot be changed "
		    "(--maximum goes with --config)", t.name);
		goto out;
	}
	if (t.live) {
		if (n > t.live->vcpus) {
			vc_err("%s: requested vcpus is greater than max allowable vcpus "
			    "for the live domain: %u > %u", t.name, n, t.live->vcpus);
			goto out;
		}
		inlive = cur_vcpus(t.live) == n;
		if (!inlive && !ops(c)->setvcpus) {
			unsupported(c, t.name, "live setvcpus");
			goto out;
		}
	}
	if (t.conf) {
		if (maximum && topology_vcpus(t.conf) && topology_vcpus(t.conf) != n) {
			vc_err("%s: the CPU topology holds %llu vCPUs, not %u: change "
			    "<cpu><topology> with vdom-edit", t.name, topology_vcpus(t.conf), n);
			goto out;
		}
		if (maximum)
			inconf = t.conf->vcpus == n && cur_vcpus(t.conf) <= n;
		else if (n > t.conf->vcpus) {
			vc_err("%s: requested vcpus is greater than max allowable vcpus "
			    "for the persistent domain: %u > %u", t.name, n, t.conf->vcpus);
			goto out;
		} else
			inconf = cur_vcpus(t.conf) == n;
	}
	if (inlive && inconf) {
		r = 0;
		goto out;
	}
	if (check) {
		r = 1;
		goto out;
	}
	if (!inlive) {
		if (ops(c)->setvcpus(c, t.live, &t.l, n) < 0) {
			vc_err_prefix("%s: setvcpus", t.name);
			goto out;
		}
		set_cur_vcpus(t.live, n);
		if (vc_store_save_live(c, t.live, &t.l) < 0)
			goto out;
	}
	if (!inconf) {
		if (maximum) {
			unsigned cur = cur_vcpus(t.conf);
			t.conf->vcpus = n;
			set_cur_vcpus(t.conf, cur < n ? cur : n);
		} else
			set_cur_vcpus(t.conf, n);
		if (vc_dev_save_conf(c, t.conf) < 0)
			goto out;
	}
	r = 1;
out:
	vc_dev_target_close(&t);
	return r;
}
