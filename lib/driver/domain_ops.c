/* domain_ops.c: define, undefine, lifecycle, inspect: the rules every
 * driver shares (locks, idempotency, live vs persistent) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../driver.h"

static const char *const op_names[] = {
	"start", "shutdown", "destroy", "reboot", "suspend", "resume", "reset",
};

static int
unsupported(struct vc_conn *c, const char *name, const char *what)
{
	return vc_err("%s: %s: unsupported by the %s driver", name, what, c->drv->name);
}

/* a guest whose process died is inactive: let the driver notice and
 * release what it held, then drop its live record. The release changes
 * state, so it happens under the guest's lock: a caller that holds it
 * says so; a reader takes it here, only when there is something to do,
 * and looks again once it has it. */
int
vc_dom_refresh(struct vc_conn *c, const char *name, struct vc_live *l, int locked)
{
	struct vc_domain *live;
	int r = vc_store_live_read(c, name, l), fd;

	if (r <= 0 || !c->drv->poll)
		return r;
	live = vc_store_load_live(c, name);
	r = c->drv->poll(c, live, l);
	vc_domain_free(live);
	if (r == 0)
		return 1;
	if (r < 0)
		return -1;
	if (!locked) {
		if ((fd = vc_lock(c->confdir, name)) < 0) {
			/* busy: whoever holds the lock will see it; report what we saw */
			vc_err_clear();
			vc_live_clear(l);
			l->state = VC_STATE_SHUTOFF;
			l->id = -1;
			return 0;
		}
		vc_live_clear(l);
		r = vc_dom_refresh(c, name, l, 1);
		vc_unlock(fd);
		return r;
	}
	vc_store_remove_live(c, name);
	vc_live_clear(l);
	l->state = VC_STATE_SHUTOFF;
	l->id = -1;
	return 0;
}

/* What a define of d stands on: the stored config of its name (old,
 * oldxml) or, for a running transient guest, its live XML (base), and
 * whether d may have its uuid. Read-only: a refusal changes nothing. */
static int
define_look(struct vc_conn *c, const struct vc_domain *d, const char *path,
            char **oldxml, struct vc_domain **old, struct vc_domain **base)
{
	const struct vc_domain *had;
	char u[37], *other;

	*oldxml = NULL;
	*old = *base = NULL;
	if ((*oldxml = vc_file_read(path, NULL))) {
		if (!(*old = vc_domain_parse(*oldxml, strlen(*oldxml), path)))
			return -1;
	} else if (errno != ENOENT) {
		return -1;
	} else {
		vc_err_clear();
		/* a transient guest of this name runs: as libvirt, its config
		 * becomes persistent again and keeps the running guest's uuid */
		*base = vc_store_load_live(c, d->name);
		vc_err_clear();
	}
	had = *old ? *old : *base;
	if (had && d->has_uuid && memcmp(d->uuid, had->uuid, 16) != 0) {
		vc_uuid_format(had->uuid, u);
		return vc_err("%s: already defined with uuid %s", d->name, u);
	}
	if (!had && d->has_uuid && (other = vc_store_uuid_owner(c, d->uuid, d->name))) {
		vc_uuid_format(d->uuid, u);
		vc_err("%s: uuid %s is already used by domain %s", d->name, u, other);
		free(other);
		return -1;
	}
	return 0;
}

static void
look_free(char **oldxml, struct vc_domain **old, struct vc_domain **base)
{
	free(*oldxml);
	vc_domain_free(*old);
	vc_domain_free(*base);
	*oldxml = NULL;
	*old = *base = NULL;
}

int
vc_dom_define(struct vc_conn *c, const char *xml, size_t len,
              const struct vc_define_opts *o, char **name_out)
{
	struct vc_domain *d, *old = NULL, *base = NULL;
	char *path = NULL, *oldxml = NULL, *newxml = NULL;
	int fd = -1, sfd = -1, r = -1;

	/* the model's parser refuses unknown elements and bad values by itself;
	 * compiling the schema costs more than the rest of a define, so it
	 * runs when asked, as virsh define --validate */
	d = o->validate ? vc_domain_parse_validate(xml, len, o->file)
	    : vc_domain_parse(xml, len, o->file);
	if (!d)
		return -1;
	if (c->drv->check && c->drv->check(c, d) < 0)
		goto out;
	if (c->drv->inv) {
		/* the product keeps the guest: it decides changed/unchanged */
		if (!c->drv->inv->define)
			unsupported(c, d->name, "define");
		else if ((r = c->drv->inv->define(c, d, o)) >= 0 && name_out)
			*name_out = vc_strdup(d->name);
		goto out;
	}
	path = vc_store_conf_path(c, d->name);
	/* first a look without locks: a refusal, and --check, leave the
	 * filesystem as it was (no directory, no lock file made) */
	if (define_look(c, d, path, &oldxml, &old, &base) < 0)
		goto out;
	if (!o->check) {
		/* then again under the guest's lock and the store's: uuids are
		 * unique across names, so check and write are one step for all */
		look_free(&oldxml, &old, &base);
		if ((fd = vc_lock(c->confdir, d->name)) < 0 ||
		    (sfd = vc_lock_dir(c->confdir, d->name)) < 0 ||
		    define_look(c, d, path, &oldxml, &old, &base) < 0)
			goto out;
	}
	vc_err_clear();
	vc_domain_fill_defaults(d, old ? old : base);
	if (c->drv->postparse && c->drv->postparse(c, d, old ? old : base) < 0)
		goto out;
	newxml = vc_domain_format(d, 0);
	if (o->diff)
		*o->diff = vc_diff(oldxml ? oldxml : "", newxml,
		    oldxml ? path : "/dev/null", d->name);
	if (name_out)
		*name_out = vc_strdup(d->name);
	if (oldxml && strcmp(oldxml, newxml) == 0) {
		r = 0;
		goto out;
	}
	if (!o->check && vc_store_save_conf(c, d, newxml) < 0)
		goto out;
	r = 1;
out:
	vc_unlock(sfd);
	vc_unlock(fd);
	free(path);
	free(newxml);
	look_free(&oldxml, &old, &base);
	vc_domain_free(d);
	return r;
}

int
vc_dom_undefine(struct vc_conn *c, const char *key, int if_exists, int check)
{
	char *name, *path;
	int fd, r;
	if (c->drv->inv)
		return c->drv->inv->undefine ? c->drv->inv->undefine(c, key, if_exists, check)
		    : (unsupported(c, key, "undefine"));

	if (!(name = vc_store_resolve(c, key))) {
		if (if_exists && strstr(vc_errmsg(), "no such domain")) {
			vc_err_clear();
			return 0;
		}
		return -1;
	}
	if ((fd = vc_lock(c->confdir, name)) < 0) {
		free(name);
		return -1;
	}
	path = vc_store_conf_path(c, name);
	if (!vc_exists(path)) {
		/* active but transient: nothing persistent to remove */
		r = if_exists ? 0 : vc_err("%s: domain is not persistent", name);
	} else if (vc_dom_has_managedsave(c, name)) {
		r = vc_err("%s: refusing to undefine while a managed save image exists "
		    "(vdom-managedsave-remove discards it)", name);
	} else {
		r = check ? 1 : (vc_store_remove_conf(c, name) < 0 ? -1 : 1);
	}
	vc_unlock(fd);
	free(path);
	free(name);
	return r;
}

int
vc_dom_op(struct vc_conn *c, const char *key, int op, int check, int timeout)
{
	struct vc_domain *def = NULL;
	struct vc_live l = {0};
	char *name;
	int fd, active, r = -1;
	if (c->drv->inv)
		return c->drv->inv->op ? c->drv->inv->op(c, key, op, check, timeout)
		    : (unsupported(c, key, op_names[op]));

	if (!(name = vc_store_resolve(c, key)))
		return -1;
	if ((fd = vc_lock(c->confdir, name)) < 0) {
		free(name);
		return -1;
	}
	if ((active = vc_dom_refresh(c, name, &l, 1)) < 0)
		goto out;
	def = active ? vc_store_load_live(c, name) : vc_store_load_conf(c, name);
	if (!def) {
		if (!active && vc_errkind_get() == VC_ERR_NONE)
			vc_err("%s: no such domain", name);
		goto out;
	}
	switch (op) {
	case VC_OP_START:
		if (active) { r = 0; break; }
		/* a managed save image: the guest goes on from it (virsh start) */
		if ((r = vc_save_managed_start(c, name, &l, check)) != 0)
			break;
		if (!c->drv->start) { unsupported(c, name, "start"); r = -1; break; }
		r = check ? 1 : (c->drv->start(c, def, &l) < 0 ? -1 : 1);
		break;
	case VC_OP_SHUTDOWN:
	case VC_OP_DESTROY:
		if (!active) { r = 0; break; }
		/* asked already (the driver recorded "in shutdown"): the guest is
		 * on its way out; only --timeout has more to do */
		if (op == VC_OP_SHUTDOWN && timeout < 0 && l.state == VC_STATE_SHUTDOWN) { r = 0; break; }
		if (op == VC_OP_SHUTDOWN ? !c->drv->shutdown : !c->drv->destroy) {
			unsupported(c, name, op_names[op]);
			break;
		}
		if (check) { r = 1; break; }
		if (op == VC_OP_SHUTDOWN && timeout >= 0)
			vc_progress_begin("%s: waiting for the guest to shut down (--timeout %d)", name, timeout);
		r = op == VC_OP_SHUTDOWN ? c->drv->shutdown(c, def, &l, timeout)
		    : c->drv->destroy(c, def, &l);
		if (op == VC_OP_SHUTDOWN && timeout >= 0)
			vc_progress_end();
		r = r < 0 ? -1 : 1;
		break;
	case VC_OP_REBOOT:
		if (!active) { vc_err("%s: domain is not running", name); break; }
		if (!c->drv->reboot) { unsupported(c, name, "reboot"); break; }
		r = check ? 1 : (c->drv->reboot(c, def, &l) < 0 ? -1 : 1);
		break;
	case VC_OP_RESET:
		/* the reset button: no word to the guest (virsh reset) */
		if (!active) { vc_err("%s: domain is not running", name); break; }
		if (!c->drv->reset) { unsupported(c, name, "reset"); break; }
		r = check ? 1 : (c->drv->reset(c, def, &l) < 0 ? -1 : 1);
		break;
	case VC_OP_SUSPEND:
	case VC_OP_RESUME:
		if (!active) { vc_err("%s: domain is not running", name); break; }
		if ((op == VC_OP_SUSPEND) == (l.state == VC_STATE_PAUSED)) { r = 0; break; }
		if (!(op == VC_OP_SUSPEND ? c->drv->suspend : c->drv->resume)) {
			unsupported(c, name, op_names[op]);
			break;
		}
		if (check) { r = 1; break; }
		r = (op == VC_OP_SUSPEND ? c->drv->suspend(c, def, &l) : c->drv->resume(c, def, &l)) < 0 ? -1 : 1;
		break;
	default:
		vc_err("unknown operation");
	}
out:
	vc_live_clear(&l);
	vc_domain_free(def);
	vc_unlock(fd);
	free(name);
	return r;
}

/* a stored config under its file's name: one whose <name> differs is a
 * rename killed before its commit (vc_dom_rename), read as the store
 * reads it (vc_store_load_conf) */
static char *
own_name(char *s, const char *name, const char *path)
{
	struct vc_domain *d;
	struct vc_buf b = {0};
	int found;

	vc_buf_puts(&b, "<name>");
	vc_buf_esc(&b, name, 0);
	vc_buf_puts(&b, "</name>");
	found = strstr(s, b.s) != NULL;
	vc_buf_free(&b);
	if (found || !(d = vc_domain_parse(s, strlen(s), path))) {
		vc_err_clear();
		return s;
	}
	free(s);
	free(d->name);
	d->name = vc_strdup(name);
	s = vc_domain_format(d, 0);
	vc_domain_free(d);
	return s;
}

char *
vc_dom_xml(struct vc_conn *c, const char *key, int inactive)
{
	struct vc_live l = {0};
	char *name, *path, *s = NULL;
	int active;
	if (c->drv->inv)
		return c->drv->inv->xml ? c->drv->inv->xml(c, key, inactive)
		    : (unsupported(c, key, "dumpxml"), (char *)NULL);

	if (!(name = vc_store_resolve(c, key)))
		return NULL;
	active = inactive ? 0 : vc_dom_refresh(c, name, &l, 0);
	vc_live_clear(&l);
	if (active < 0) {
		free(name);
		return NULL;
	}
	/* stored files are canonical output already: no parse needed */
	path = active ? vc_store_live_path(c, name) : vc_store_conf_path(c, name);
	s = vc_file_read(path, NULL);
	if (s && !active)
		s = own_name(s, name, path);
	if (!s && errno == ENOENT) {
		if (inactive)
			vc_err("%s: domain is not persistent", name);
		else
			vc_err("%s: no such domain", name);
	}
	free(path);
	free(name);
	return s;
}

void
vc_dominfo_clear(struct vc_dominfo *i)
{
	free(i->name);
	free(i->type);
	memset(i, 0, sizeof(*i));
}

static unsigned long long
realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

static void
fill_live(struct vc_dominfo *i, const struct vc_live *l, int active)
{
	i->state = active ? l->state : VC_STATE_SHUTOFF;
	i->id = active ? l->id : -1;
	i->cpu_ms = l->cpu_ms;
	if (active && l->state == VC_STATE_RUNNING && l->start_ms) {
		unsigned long long now = realtime_ms();
		if (now > l->start_ms)
			i->cpu_ms += now - l->start_ms;
	}
}

int
vc_dom_info(struct vc_conn *c, const char *key, struct vc_dominfo *i)
{
	struct vc_domain *d;
	struct vc_live l = {0};
	char *name, *p;
	int active;
	memset(i, 0, sizeof(*i));
	if (c->drv->inv)
		return c->drv->inv->info ? c->drv->inv->info(c, key, i)
		    : (unsupported(c, key, "info"));
	if (!(name = vc_store_resolve(c, key)))
		return -1;
	if ((active = vc_dom_refresh(c, name, &l, 0)) < 0)
		goto fail;
	d = active ? vc_store_load_live(c, name) : vc_store_load_conf(c, name);
	if (!d) {
		if (!vc_errmsg()[0] || vc_errkind_get() == VC_ERR_NONE)
			vc_err("%s: no such domain", name);
		goto fail;
	}
	i->name = name;
	memcpy(i->uuid, d->uuid, 16);
	i->type = vc_strdup(vc_virt_type_names[d->type]);
	i->max_kib = d->memory;
	i->cur_kib = d->current_memory;
	if (active && l.mem_kib)
		i->cur_kib = l.mem_kib;
	i->vcpus = d->has_vcpus_current ? d->vcpus_current : d->vcpus;
	p = vc_store_conf_path(c, name);
	i->persistent = vc_exists(p);
	free(p);
	i->autostart = vc_store_autostart_get(c, name);
	i->managed_save = !active && vc_dom_has_managedsave(c, name);
	fill_live(i, &l, active);
	vc_live_clear(&l);
	vc_domain_free(d);
	return 0;
fail:
	vc_live_clear(&l);
	free(name);
	return -1;
}

int
vc_dom_list(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n)
{
	struct vc_dominfo *v = NULL;
	struct vc_live l;
	char **names, **act;
	size_t k, i, na, j = 0;
	int active;
	if (c->drv->inv)
		return c->drv->inv->list ? c->drv->inv->list(c, which, out, n)
		    : (unsupported(c, "domains", "list"));

	*out = NULL;
	*n = 0;
	/* one directory read tells which guests have a live record: a list
	 * of many stopped guests opens no file per guest */
	vc_store_names(c, &names, &k);
	vc_store_active_names(c, &act, &na);
	for (i = 0; i < k; i++) {
		while (j < na && strcmp(act[j], names[i]) < 0)
			j++;
		memset(&l, 0, sizeof(l));
		active = 0;
		if (j < na && strcmp(act[j], names[i]) == 0 &&
		    (active = vc_dom_refresh(c, names[i], &l, 0)) < 0)
			active = 0;
		if (!active) {
			l.state = VC_STATE_SHUTOFF;
			l.id = -1;
		}
		if ((active && (which & VC_LIST_ACTIVE)) || (!active && (which & VC_LIST_INACTIVE))) {
			struct vc_dominfo *d;
			VC_GROW(v, *n);
			d = &v[(*n)++];
			memset(d, 0, sizeof(*d));
			d->name = names[i];
			names[i] = NULL;
			fill_live(d, &l, active);
		}
		vc_live_clear(&l);
	}
	vc_strv_free(names, k);
	vc_strv_free(act, na);
	vc_err_clear();
	*out = v;
	return 0;
}

int
vc_dom_autostart_get(struct vc_conn *c, const char *key)
{
	struct vc_dominfo i;
	int on;

	if (!c->drv->inv)
		return vc_store_autostart_get(c, key);
	/* the driver's own answer (esx: the host's autostart manager) */
	if (vc_dom_info(c, key, &i) < 0)
		return -1;
	on = i.autostart;
	vc_dominfo_clear(&i);
	return on;
}

int
vc_dom_autostart(struct vc_conn *c, const char *key, int on, int check)
{
	char *name, *p;
	int fd, r;
	if (c->drv->inv)
		return c->drv->inv->autostart ? c->drv->inv->autostart(c, key, on, check)
		    : (unsupported(c, key, "autostart"));

	if (!(name = vc_store_resolve(c, key)))
		return -1;
	if ((fd = vc_lock(c->confdir, name)) < 0) {
		free(name);
		return -1;
	}
	p = vc_store_conf_path(c, name);
	if (!vc_exists(p))
		r = vc_err("%s: cannot autostart a transient domain", name);
	else if (vc_store_autostart_get(c, name) == on)
		r = 0;
	else
		r = check ? 1 : (vc_store_autostart_set(c, name, on) < 0 ? -1 : 1);
	free(p);
	vc_unlock(fd);
	free(name);
	return r;
}
