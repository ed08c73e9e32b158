/* driver.c: the vbox driver (vbox:///session): VirtualBox keeps the guests;
 * every question and change goes through VBoxManage */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "vbox.h"

#define VBM "VBoxManage"

/* a command line being built */
struct cmd {
	char **a;
	size_t n;
};

static void
arg(struct cmd *c, const char *s)
{
	c->a = vc_realloc(c->a, (c->n + 2) * sizeof(*c->a));
	c->a[c->n++] = vc_strdup(s);
	c->a[c->n] = NULL;
}

static void
argf(struct cmd *c, const char *fmt, ...) VC_PRINTF(2, 3);
static void
argf(struct cmd *c, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	arg(c, buf);
}

static void
cmd_free(struct cmd *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->a[i]);
	free(c->a);
	c->a = NULL;
	c->n = 0;
}

static struct cmd
vbm(const char *sub, const char *vm)
{
	struct cmd c = {0};

	arg(&c, VBM);
	arg(&c, sub);
	if (vm)
		arg(&c, vm);
	return c;
}

/* run it; a failure becomes "VBoxManage: its first error line (exit N)".
 * *notfound (if given) says VirtualBox did not know the machine */
static int
run(struct cmd *c, char **out, int *notfound)
{
	char *err = NULL, *o = NULL;
	int r = vc_exec((const char *const *)c->a, NULL, 0, &o, NULL, &err);

	if (notfound)
		*notfound = 0;
	if (r > 0) {
		/* "VBoxManage: error: MESSAGE", then Details: and Context: lines */
		const char *p = err, *msg = NULL;
		size_t len = 0;
		while (p && *p) {
			const char *e = strchr(p, '\n'), *m = strstr(p, "error: ");
			size_t l = e ? (size_t)(e - p) : strlen(p);
			if (m && m < p + l) {
				m += 7;
				if (strncmp(m, "Details:", 8) && strncmp(m, "Context:", 8)) {
					msg = m;
					len = l - (size_t)(m - p);
					break;
				}
			} else if (!msg && l) {
				msg = p;
				len = l;
			}
			p = e ? e + 1 : p + l;
		}
		if (notfound && err && (strstr(err, "Could not find a registered machine") ||
		    strstr(err, "VBOX_E_OBJECT_NOT_FOUND")))
			*notfound = 1;
		vc_err(VBM ": %.*s (exit %d)", (int)len, msg ? msg : "failed", r);
		free(o);
		o = NULL;
		r = -1;
	}
	free(err);
	if (out)
		*out = o;
	else
		free(o);
	return r < 0 ? -1 : 0;
}

static int
run_free(struct cmd *c)
{
	int r = run(c, NULL, NULL);

	cmd_free(c);
	return r;
}

/* 1 found, 0 VirtualBox does not know it (error set), 2 dry run (nothing
 * known: v has the name only), -1 error */
static int
lookup(const char *key, struct vbox_vm *v)
{
	struct cmd c = vbm("showvminfo", key);
	char *out;
	int nf, r;

	memset(v, 0, sizeof(*v));
	arg(&c, "--machinereadable");
	r = run(&c, &out, &nf);
	cmd_free(&c);
	if (r < 0) {
		vc_err_prefix("%s", key);
		return nf ? 0 : -1;
	}
	if (vc_dry_run()) {
		free(out);
		v->name = vc_strdup(key);
		return 2;
	}
	r = vbox_from_info(out, v);
	free(out);
	if (r < 0)
		vc_err_prefix("%s", key);
	return r < 0 ? -1 : 1;
}

static int
active(const struct vbox_vm *v)
{
	static const char *const off[] = { "poweroff", "saved", "aborted", "aborted-saved", NULL };

	return v->state && vbox_word(off, v->state) < 0;
}

/* ---- define ---- */

static const struct vbox_ctl *
ctl_of_bus(const struct vbox_vm *v, int bus)
{
	size_t i;

	for (i = 0; i < v->nctl; i++)
		if (v->ctl[i].bus == bus)
			return &v->ctl[i];
	return NULL;
}

static const struct vbox_att *
att_at(const struct vbox_vm *v, int bus, int port, int dev)
{
	size_t i;

	for (i = 0; i < v->natt; i++)
		if (v->att[i].bus == bus && v->att[i].port == port && v->att[i].dev == dev)
			return &v->att[i];
	return NULL;
}

static int
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* what the new machine keeps from the old one: the MACs VirtualBox picked
 * and the NIC models it chose, where the domain says nothing */
static void
merge(struct vbox_vm *want, const struct vbox_vm *cur)
{
	size_t i;

	for (i = 0; i < VBOX_NICS; i++) {
		struct vbox_nic *w = &want->nic[i];
		const struct vbox_nic *c = &cur->nic[i];
		if (w->att == VBOX_NIC_NONE || c->att == VBOX_NIC_NONE)
			continue;
		if (!w->mac[0])
			memcpy(w->mac, c->mac, sizeof(w->mac));
		if (!w->model && c->model)
			w->model = vc_strdup(c->model);
	}
	if (!want->uuid[0])
		memcpy(want->uuid, cur->uuid, sizeof(want->uuid));
	if (!want->ostype && cur->ostype)
		want->ostype = vc_strdup(cur->ostype);
}

/* the commands that turn cur into want, in order */
static size_t
plan(const struct vbox_vm *cur, const struct vbox_vm *want, struct cmd **out)
{
	static const char *const type[] = { "hdd", "dvddrive", "fdd" };
	struct cmd *v = NULL, m = vbm("modifyvm", want->name);
	size_t n = 0, i, base = m.n;

#define PUSH(c) do { v = vc_realloc(v, (n + 1) * sizeof(*v)); v[n++] = (c); } while (0)
	if (cur->mem_mib != want->mem_mib) {
		arg(&m, "--memory");
		argf(&m, "%llu", want->mem_mib);
	}
	if (cur->cpus != want->cpus) {
		arg(&m, "--cpus");
		argf(&m, "%u", want->cpus);
	}
	if (cur->efi != want->efi) {
		arg(&m, "--firmware");
		arg(&m, want->efi ? "efi" : "bios");
	}
	for (i = 0; i < 4; i++)
		if (strcmp(cur->boot[i], want->boot[i]) != 0) {
			argf(&m, "--boot%zu", i + 1);
			arg(&m, want->boot[i]);
		}
	for (i = 0; i < VBOX_NICS; i++) {
		const struct vbox_nic *c = &cur->nic[i], *w = &want->nic[i];
		static const char *const opt[] = { NULL, NULL, "bridgeadapter", "intnet", "hostonlyadapter",
			NULL, NULL, "nat-network" };
		if (c->att != w->att) {
			argf(&m, "--nic%zu", i + 1);
			arg(&m, vbox_nic_names[w->att]);
		}
		if (w->att == VBOX_NIC_NONE)
			continue;
		if (opt[w->att] && (c->att != w->att || !same(c->adapter, w->adapter))) {
			argf(&m, "--%s%zu", opt[w->att], i + 1);
			arg(&m, w->adapter);
		}
		if (w->model && !same(c->model, w->model)) {
			argf(&m, "--nictype%zu", i + 1);
			arg(&m, w->model);
		}
		if (w->mac[0] && strcasecmp(c->mac, w->mac) != 0) {
			argf(&m, "--macaddress%zu", i + 1);
			arg(&m, w->mac);
		}
	}
	if (m.n > base)
		PUSH(m);
	else
		cmd_free(&m);
	/* storage: what goes away first, then controllers, then what comes */
	for (i = 0; i < cur->natt; i++) {
		const struct vbox_att *a = &cur->att[i];
		struct cmd s;
		if (att_at(want, a->bus, a->port, a->dev))
			continue;
		s = vbm("storageattach", want->name);
		arg(&s, "--storagectl"); arg(&s, a->ctl);
		arg(&s, "--port"); argf(&s, "%d", a->port);
		arg(&s, "--device"); argf(&s, "%d", a->dev);
		arg(&s, "--medium"); arg(&s, "none");
		PUSH(s);
	}
	for (i = 0; i < want->nctl; i++) {
		struct cmd s;
		if (ctl_of_bus(cur, want->ctl[i].bus))
			continue;
		s = vbm("storagectl", want->name);
		arg(&s, "--name"); arg(&s, want->ctl[i].name);
		arg(&s, "--add"); arg(&s, vbox_bus_add[want->ctl[i].bus]);
		PUSH(s);
	}
	for (i = 0; i < want->natt; i++) {
		const struct vbox_att *a = &want->att[i], *h = att_at(cur, a->bus, a->port, a->dev);
		const struct vbox_ctl *cc = ctl_of_bus(cur, a->bus);
		struct cmd s;
		if (h && h->kind == a->kind && same(h->medium, a->medium))
			continue;
		s = vbm("storageattach", want->name);
		arg(&s, "--storagectl"); arg(&s, cc ? cc->name : a->ctl);
		arg(&s, "--port"); argf(&s, "%d", a->port);
		arg(&s, "--device"); argf(&s, "%d", a->dev);
		arg(&s, "--type"); arg(&s, type[a->kind]);
		arg(&s, "--medium"); arg(&s, a->medium ? a->medium : "emptydrive");
		PUSH(s);
	}
#undef PUSH
	*out = v;
	return n;
}

static int
vbox_define(struct vc_conn *c, struct vc_domain *d, const struct vc_define_opts *o)
{
	struct vbox_vm want, cur = {0};
	struct cmd *steps = NULL;
	size_t n = 0, i;
	int found, created = 0, r = -1;
	char *a = NULL, *b = NULL;

	(void)c;
	if (vbox_from_domain(d, &want) < 0)
		return -1;
	if ((found = lookup(want.name, &cur)) < 0)
		goto out;
	vc_err_clear();
	if (found == 1 && want.uuid[0] && strcasecmp(want.uuid, cur.uuid) != 0) {
		vc_err("%s: already defined with uuid %s", want.name, cur.uuid);
		goto out;
	}
	if (found != 1) {
		if (o->diff)
			*o->diff = vc_diff("", (b = vbox_to_xml(&want)) ? b : "", "/dev/null", want.name);
		if (o->check) {
			r = 1;
			goto out;
		}
		struct cmd cr = vbm("createvm", NULL);
		arg(&cr, "--name"); arg(&cr, want.name);
		if (want.uuid[0]) {
			arg(&cr, "--uuid"); arg(&cr, want.uuid);
		}
		arg(&cr, "--ostype"); arg(&cr, want.arch64 ? "Other_64" : "Other");
		arg(&cr, "--register");
		if (run_free(&cr) < 0) {
			vc_err_prefix("%s", want.name);
			goto out;
		}
		created = 1;
		vbox_vm_free(&cur);
		/* what VirtualBox made of it: its defaults are the starting point */
		if (lookup(want.name, &cur) < 0)
			goto undo;
	}
	merge(&want, &cur);
	if (found == 1 && o->diff) {
		a = vbox_to_xml(&cur);
		b = vbox_to_xml(&want);
		*o->diff = vc_diff(a ? a : "", b ? b : "", want.name, want.name);
	}
	n = plan(&cur, &want, &steps);
	if (o->check) {
		r = n > 0;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (run(&steps[i], NULL, NULL) < 0) {
			vc_err_prefix("%s", want.name);
			goto undo;
		}
	r = created || n > 0;
	goto out;
undo:
	if (created) {
		/* a machine this define made and could not finish goes away again */
		struct cmd u = vbm("unregistervm", want.name);
		char *msg = vc_strdup(vc_errmsg());
		enum vc_errkind k = vc_errkind_get();
		arg(&u, "--delete");
		run_free(&u);
		vc_err_kind(k == VC_ERR_NONE ? VC_ERR_FAIL : k, "%s", msg);
		free(msg);
	}
out:
	for (i = 0; i < n; i++)
		cmd_free(&steps[i]);
	free(steps);
	free(a);
	free(b);
	vbox_vm_free(&want);
	vbox_vm_free(&cur);
	return r;
}

/* ---- undefine: the machine goes, its disk images stay (as libvirt) ---- */

static int
vbox_undefine(struct vc_conn *c, const char *key, int if_exists, int check)
{
	struct vbox_vm v;
	struct cmd u;
	size_t i;
	int r;

	(void)c;
	if ((r = lookup(key, &v)) <= 0) {
		if (r == 0 && if_exists) {
			vc_err_clear();
			r = 0;
		} else
			r = -1;
		vbox_vm_free(&v);
		return r;
	}
	if (check) {
		vbox_vm_free(&v);
		return 1;
	}
	/* unregistervm --delete removes the settings file and every hard disk
	 * still attached: detach those first so that only the machine goes */
	for (i = 0; i < v.natt; i++) {
		const struct vbox_att *a = &v.att[i];
		struct cmd s;
		if (a->kind != VBOX_MED_HDD || !a->medium)
			continue;
		s = vbm("storageattach", v.name);
		arg(&s, "--storagectl"); arg(&s, a->ctl);
		arg(&s, "--port"); argf(&s, "%d", a->port);
		arg(&s, "--device"); argf(&s, "%d", a->dev);
		arg(&s, "--medium"); arg(&s, "none");
		if (run_free(&s) < 0) {
			vc_err_prefix("%s", v.name);
			vbox_vm_free(&v);
			return -1;
		}
	}
	u = vbm("unregistervm", v.uuid[0] ? v.uuid : v.name);
	arg(&u, "--delete");
	r = run_free(&u);
	if (r < 0)
		vc_err_prefix("%s", v.name);
	vbox_vm_free(&v);
	return r < 0 ? -1 : 1;
}

/* ---- lifecycle ---- */

static int
control(const char *name, const char *what)
{
	struct cmd c = vbm("controlvm", name);

	arg(&c, what);
	if (run_free(&c) < 0) {
		vc_err_prefix("%s", name);
		return -1;
	}
	return 0;
}

static int
start(const char *name)
{
	struct cmd c = vbm("startvm", name);
	struct vbox_vm v;
	char *msg;

	arg(&c, "--type");
	arg(&c, "headless");
	if (run_free(&c) == 0)
		return 0;
	vc_err_prefix("%s", name);
	/* a machine left half started is powered off again */
	msg = vc_strdup(vc_errmsg());
	if (lookup(name, &v) == 1 && active(&v))
		control(name, "poweroff");
	vbox_vm_free(&v);
	vc_err("%s", msg);
	free(msg);
	return -1;
}

static int
shutdown_wait(const char *name, int timeout)
{
	unsigned long long deadline;
	struct vbox_vm v;
	int r;

	if (control(name, "acpipowerbutton") < 0)
		return -1;
	if (timeout < 0)
		return 0;
	if (vc_dry_run())
		return control(name, "poweroff");
	deadline = vc_now_ms() + (unsigned long long)timeout * 1000;
	for (;;) {
		struct timespec ts = {0, 100 * 1000000L};
		if ((r = lookup(name, &v)) < 0) {
			vbox_vm_free(&v);
			return -1;
		}
		r = r == 1 && active(&v);
		vbox_vm_free(&v);
		if (!r)
			return 0;
		if (vc_now_ms() >= deadline)
			break;
		nanosleep(&ts, NULL);
	}
	/* the guest did not answer the power button in time */
	return control(name, "poweroff");
}

static int
vbox_op(struct vc_conn *c, const char *key, int op, int check, int timeout)
{
	struct vbox_vm v;
	int found, on, st, r = -1;

	(void)c;
	if ((found = lookup(key, &v)) <= 0) {
		vbox_vm_free(&v);
		return -1;
	}
	/* a dry run knows nothing: it shows what the operation would run */
	on = found == 2 ? op != VC_OP_START : active(&v);
	st = found == 2 ? (op == VC_OP_RESUME ? VC_STATE_PAUSED : VC_STATE_RUNNING) : vbox_state(v.state);
	switch (op) {
	case VC_OP_START:
		r = on ? 0 : check ? 1 : start(v.name) < 0 ? -1 : 1;
		break;
	case VC_OP_SHUTDOWN:
		r = !on || (st == VC_STATE_SHUTDOWN && timeout < 0) ? 0 : check ? 1
		    : shutdown_wait(v.name, timeout) < 0 ? -1 : 1;
		break;
	case VC_OP_DESTROY:
		r = !on ? 0 : check ? 1 : control(v.name, "poweroff") < 0 ? -1 : 1;
		break;
	case VC_OP_REBOOT:
	case VC_OP_RESET:
		if (!on)
			vc_err("%s: domain is not running", v.name);
		else
			r = check ? 1 : control(v.name, "reset") < 0 ? -1 : 1;
		break;
	case VC_OP_SUSPEND:
	case VC_OP_RESUME:
		if (!on)
			vc_err("%s: domain is not running", v.name);
		else if ((op == VC_OP_SUSPEND) == (st == VC_STATE_PAUSED))
			r = 0;
		else
			r = check ? 1 : control(v.name, op == VC_OP_SUSPEND ? "pause" : "resume") < 0 ? -1 : 1;
		break;
	default:
		vc_err("%s: operation unsupported by the vbox driver", key);
	}
	vbox_vm_free(&v);
	return r;
}

static int
vbox_autostart(struct vc_conn *c, const char *key, int on, int check)
{
	struct vbox_vm v;
	struct cmd m;
	int r;

	(void)c;
	if ((r = lookup(key, &v)) <= 0) {
		vbox_vm_free(&v);
		return -1;
	}
	if (r == 1 && v.autostart == on) {
		vbox_vm_free(&v);
		return 0;
	}
	if (check) {
		vbox_vm_free(&v);
		return 1;
	}
	m = vbm("modifyvm", v.name);
	arg(&m, "--autostart-enabled");
	arg(&m, on ? "on" : "off");
	r = run_free(&m);
	if (r < 0)
		vc_err_prefix("%s", v.name);
	vbox_vm_free(&v);
	return r < 0 ? -1 : 1;
}

/* ---- inspect ---- */

static int
no_dry(const char *key)
{
	return vc_err("%s: --dry-run: nothing was asked of " VBM ", so there is nothing to show", key);
}

static char *
vbox_xml(struct vc_conn *c, const char *key, int inactive)
{
	struct vbox_vm v;
	char *s = NULL;
	int r;

	(void)c;
	(void)inactive;   /* VirtualBox has one configuration per machine */
	if ((r = lookup(key, &v)) == 1)
		s = vbox_to_xml(&v);
	else if (r == 2)
		no_dry(key);
	vbox_vm_free(&v);
	return s;
}

/* `list runningvms` (one call): uuid -> position; `--long` gives states */
struct running {
	char (*uuid)[37];
	char **state;
	size_t n;
};

static void
running_free(struct running *rv)
{
	size_t i;

	for (i = 0; i < rv->n; i++)
		free(rv->state[i]);
	free(rv->uuid);
	free(rv->state);
	memset(rv, 0, sizeof(*rv));
}

/* human state words of `list --long` ("powered off", "guru meditation")
 * -> the machine-readable ones */
static char *
state_word(const char *s, size_t n)
{
	struct vc_buf b = {0};
	size_t i;

	vc_buf_puts(&b, "");
	if (n >= 11 && strncmp(s, "powered off", 11) == 0)
		vc_buf_puts(&b, "poweroff");
	else
		for (i = 0; i < n && s[i] != '(' ; i++)
			if (s[i] != ' ')
				vc_buf_putc(&b, s[i]);
	return vc_buf_take(&b);
}

static int
parse_running(const char *out, struct running *rv)
{
	const char *p = out;

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l > 5 && strncmp(p, "UUID:", 5) == 0) {
			const char *u = p + 5;
			while (*u == ' ')
				u++;
			rv->uuid = vc_realloc(rv->uuid, (rv->n + 1) * sizeof(*rv->uuid));
			rv->state = vc_realloc(rv->state, (rv->n + 1) * sizeof(*rv->state));
			snprintf(rv->uuid[rv->n], 37, "%.*s", (int)(l - (size_t)(u - p)), u);
			rv->state[rv->n++] = vc_strdup("running");
		} else if (l > 6 && strncmp(p, "State:", 6) == 0 && rv->n) {
			const char *s = p + 6;
			while (*s == ' ')
				s++;
			free(rv->state[rv->n - 1]);
			rv->state[rv->n - 1] = state_word(s, l - (size_t)(s - p));
		}
		p = e ? e + 1 : p + l;
	}
	return 0;
}

static int
get_running(struct running *rv)
{
	struct cmd c = vbm("list", NULL);
	char *out;
	int r;

	memset(rv, 0, sizeof(*rv));
	arg(&c, "--long");
	arg(&c, "runningvms");
	r = run(&c, &out, NULL);
	cmd_free(&c);
	if (r < 0)
		return -1;
	parse_running(out, rv);
	free(out);
	return 0;
}

static int
running_index(const struct running *rv, const char *uuid)
{
	size_t i;

	for (i = 0; i < rv->n; i++)
		if (strcasecmp(rv->uuid[i], uuid) == 0)
			return (int)i;
	return -1;
}

static int
vbox_info(struct vc_conn *c, const char *key, struct vc_dominfo *i)
{
	struct vbox_vm v;
	struct running rv = {0};
	int r;

	(void)c;
	memset(i, 0, sizeof(*i));
	if ((r = lookup(key, &v)) != 1) {
		if (r == 2)
			no_dry(key);
		vbox_vm_free(&v);
		return -1;
	}
	i->name = vc_strdup(v.name);
	if (vc_uuid_parse(v.uuid, i->uuid) < 0)
		vc_err_clear();
	i->type = vc_strdup("vbox");
	i->state = vbox_state(v.state);
	i->id = -1;
	if (active(&v) && get_running(&rv) == 0 && (r = running_index(&rv, v.uuid)) >= 0)
		i->id = r + 1;
	vc_err_clear();
	running_free(&rv);
	i->persistent = 1;
	i->autostart = v.autostart;
	i->max_kib = i->cur_kib = v.mem_mib * 1024;
	i->vcpus = v.cpus;
	vbox_vm_free(&v);
	return 0;
}

/* `list vms`: "NAME" {UUID} lines */
static int
vbox_list(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n)
{
	struct cmd cm = vbm("list", NULL);
	struct running rv;
	char *text;
	const char *p;
	int r;

	(void)c;
	*out = NULL;
	*n = 0;
	arg(&cm, "vms");
	r = run(&cm, &text, NULL);
	cmd_free(&cm);
	if (r < 0)
		return -1;
	if (get_running(&rv) < 0) {
		free(text);
		return -1;
	}
	for (p = text; p && *p; ) {
		const char *e = strchr(p, '\n'), *q, *u;
		size_t l = e ? (size_t)(e - p) : strlen(p);
		struct vc_dominfo *d;
		char uuid[37] = "";
		int idx;
		/* the name is quoted and may hold quotes: the uuid is the last {...} */
		q = memchr(p, '{', l);
		while (q && (u = memchr(q + 1, '{', l - (size_t)(q + 1 - p))))
			q = u;
		if (l < 4 || *p != '"' || !q || q < p + 3 || q[-1] != ' ' || q[-2] != '"') {
			p = e ? e + 1 : p + l;
			continue;
		}
		snprintf(uuid, sizeof(uuid), "%.*s", (int)(l - (size_t)(q + 1 - p) - 1), q + 1);
		idx = running_index(&rv, uuid);
		if ((idx >= 0 && (which & VC_LIST_ACTIVE)) || (idx < 0 && (which & VC_LIST_INACTIVE))) {
			*out = vc_realloc(*out, (*n + 1) * sizeof(**out));
			d = &(*out)[(*n)++];
			memset(d, 0, sizeof(*d));
			d->name = vc_strndup(p + 1, (size_t)(q - 2 - (p + 1)));
			if (vc_uuid_parse(uuid, d->uuid) < 0)
				vc_err_clear();
			d->id = idx >= 0 ? idx + 1 : -1;
			d->state = idx >= 0 ? vbox_state(rv.state[idx]) : VC_STATE_SHUTOFF;
			d->persistent = 1;
			d->type = vc_strdup("vbox");
		}
		p = e ? e + 1 : p + l;
	}
	free(text);
	running_free(&rv);
	return 0;
}

static int
vbox_open(struct vc_conn *c)
{
	if (strcmp(c->path, "/session") != 0)
		return vc_err_kind(VC_ERR_USAGE, "%s: the vbox driver's URI is vbox:///session", c->uri);
	return 0;
}

static const struct vc_inventory vbox_inv = {
	.define = vbox_define,
	.undefine = vbox_undefine,
	.xml = vbox_xml,
	.info = vbox_info,
	.list = vbox_list,
	.op = vbox_op,
	.autostart = vbox_autostart,
};

const struct vc_driver vc_vbox_driver = {
	.name = "vbox",
	.inv = &vbox_inv,
	.open = vbox_open,
};
