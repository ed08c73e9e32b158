/* phyp.c: the phyp driver (phyp://[user@]hmc[:port]/MANAGED_SYSTEM): an IBM
 * PowerVM HMC keeps the logical partitions; every question and change is an
 * HMC command (lssyscfg, lshwres, mksyscfg, chsyscfg, chsysstate,
 * rmsyscfg) run over OpenSSH's ssh, whose config, agent and keys apply */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "driver.h"
#include "conf/sections.h"
#include "conf/dev_net.h"

struct phyp {
	const char **ssh;            /* argv up to and including the host */
	size_t nssh;
	char *sys;                   /* the managed system */
	char *host;
	char *port, *sshcmd, *key;   /* owned strings of ssh[] */
};

/* one virtual ethernet adapter: slot/ieee/pvid/vlans/trunk/required/vswitch/mac */
struct phyp_eth {
	int slot;
	unsigned pvid;
	char *vswitch;
	char mac[13];
};

struct lpar {
	char *name, *state, *profile;
	int id;
	unsigned long long mem, max_mem;   /* MiB, the profile's desired and max */
	unsigned procs, max_procs;
	struct phyp_eth *eth;
	size_t neth;
};

static void
lpar_free(struct lpar *l)
{
	size_t i;

	for (i = 0; i < l->neth; i++)
		free(l->eth[i].vswitch);
	free(l->eth);
	free(l->name); free(l->state); free(l->profile);
	memset(l, 0, sizeof(*l));
}

static struct phyp *
P(struct vc_conn *c)
{
	return c->priv;
}

/* ---- running an HMC command ---- */

static void
q(struct vc_buf *b, const char *s)
{
	const char *v[] = { s, NULL };

	vc_buf_putc(b, ' ');
	vc_buf_argv(b, v);
}

/* run the command line; its stdout in *out. The HMC's own last line on
 * failure; ssh's when ssh itself failed (exit 255) */
static int
hmc(struct vc_conn *c, const char *cmd, char **out)
{
	struct phyp *p = P(c);
	const char **av = vc_calloc(p->nssh + 2, sizeof(*av));
	char *o = NULL, *err = NULL, *e;
	size_t n;
	int r;

	memcpy(av, p->ssh, p->nssh * sizeof(*av));
	av[p->nssh] = cmd;
	r = vc_exec(av, NULL, 0, &o, NULL, &err);
	free(av);
	if (r > 0) {
		n = err ? strlen(err) : 0;
		while (n && (err[n - 1] == '\n' || err[n - 1] == '\r' || err[n - 1] == ' '))
			err[--n] = 0;
		/* the HMC writes some refusals on stdout */
		if (!n && o) {
			free(err);
			err = o;
			o = NULL;
			n = strlen(err);
			while (n && (err[n - 1] == '\n' || err[n - 1] == '\r' || err[n - 1] == ' '))
				err[--n] = 0;
		}
		e = err ? strrchr(err, '\n') : NULL;
		e = e ? e + 1 : err;
		if (r == 255)
			vc_err("ssh to %s failed: %s", p->host, e && *e ? e : "no reason given");
		else
			vc_err("HMC %s: %s (exit %d)", p->host, e && *e ? e : "failed", r);
		r = -1;
	}
	free(err);
	if (r < 0) {
		free(o);
		o = NULL;
	}
	if (out)
		*out = o;
	else
		free(o);
	return r < 0 ? -1 : 0;
}

static int hmcf(struct vc_conn *c, char **out, const char *fmt, ...) VC_PRINTF(3, 4);
static int
hmcf(struct vc_conn *c, char **out, const char *fmt, ...)
{
	char *s;
	va_list ap;
	struct vc_buf b = {0};
	int r;

	va_start(ap, fmt);
	vc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = vc_buf_take(&b);
	r = hmc(c, s, out);
	free(s);
	return r;
}

/* "-m SYSTEM" quoted for the HMC's shell */
static char *
sysarg(struct vc_conn *c)
{
	struct vc_buf b = {0};

	vc_buf_puts(&b, "-m");
	q(&b, P(c)->sys);
	return vc_buf_take(&b);
}

static char *
quoted(const char *s)
{
	struct vc_buf b = {0};
	const char *v[] = { s, NULL };

	vc_buf_argv(&b, v);
	return vc_buf_take(&b);
}

/* ---- the HMC's -F output: comma-separated, a list value in "..." ---- */

static size_t
csv_split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line, *w;

	while (n < max) {
		f[n++] = w = p;
		if (*p == '"') {
			p++;
			while (*p && !(*p == '"' && p[1] != '"')) {
				if (*p == '"')
					p++;
				*w++ = *p++;
			}
			if (*p == '"')
				p++;
		} else
			while (*p && *p != ',')
				*w++ = *p++;
		if (*p != ',') {
			*w = 0;
			break;
		}
		*w = 0;
		p++;
	}
	return n;
}

static int
no_results(const char *out)
{
	return !out || !*out || strncmp(out, "No results were found", 21) == 0;
}

/* ---- states ---- */

static int
state_of(const char *s)
{
	if (!s) return VC_STATE_NOSTATE;
	if (!strcmp(s, "Running") || !strcmp(s, "Starting") || !strcmp(s, "Open Firmware"))
		return VC_STATE_RUNNING;
	if (!strcmp(s, "Shutting Down")) return VC_STATE_SHUTDOWN;
	if (!strcmp(s, "Not Activated")) return VC_STATE_SHUTOFF;
	if (!strcmp(s, "Error")) return VC_STATE_CRASHED;
	return VC_STATE_NOSTATE;
}

static int
active(const struct lpar *l)
{
	return l->state && strcmp(l->state, "Not Activated") != 0;
}

/* a stable uuid for an LPAR: the HMC has none to give, so it is derived
 * from the managed system and the partition's name (FNV-1a, version 5 bits) */
static void
lpar_uuid(struct vc_conn *c, const char *name, unsigned char u[16])
{
	unsigned long long h1 = 1469598103934665603ULL, h2 = 1099511628211ULL * 31;
	const char *parts[] = { "phyp:", P(c)->sys, "/", name };
	size_t i, k;

	for (k = 0; k < VC_NELEM(parts); k++)
		for (i = 0; parts[k][i]; i++) {
			h1 = (h1 ^ (unsigned char)parts[k][i]) * 1099511628211ULL;
			h2 = (h2 ^ (unsigned char)parts[k][i]) * 1099511628211ULL + (h1 >> 29);
		}
	for (i = 0; i < 8; i++) {
		u[i] = (unsigned char)(h1 >> (8 * i));
		u[8 + i] = (unsigned char)(h2 >> (8 * i));
	}
	u[6] = (u[6] & 0x0f) | 0x50;
	u[8] = (u[8] & 0x3f) | 0x80;
}

/* ---- reading ---- */

static int
parse_eth(const char *v, struct lpar *l)
{
	char *s, *p, *item;

	if (!v || !*v || !strcmp(v, "none"))
		return 0;
	s = vc_strdup(v);
	for (item = strtok_r(s, ",", &p); item; item = strtok_r(NULL, ",", &p)) {
		char *f[10], *w = vc_strdup(item), *x = w;
		size_t n = 0;
		struct phyp_eth *e;
		while (n < 10) {
			f[n++] = x;
			if (!(x = strchr(x, '/')))
				break;
			*x++ = 0;
		}
		if (n < 3) {
			free(w);
			free(s);
			return vc_err("HMC: virtual_eth_adapters: '%s' is not slot/ieee/vlan/...", item);
		}
		l->eth = vc_realloc(l->eth, (l->neth + 1) * sizeof(*l->eth));
		e = &l->eth[l->neth++];
		memset(e, 0, sizeof(*e));
		e->slot = atoi(f[0]);
		e->pvid = (unsigned)strtoul(f[2], NULL, 10);
		e->vswitch = vc_strdup(n > 6 && *f[6] ? f[6] : "ETHERNET0");
		if (n > 7)
			snprintf(e->mac, sizeof(e->mac), "%s", f[7]);
		free(w);
	}
	free(s);
	return 0;
}

/* 1 found, 0 no such LPAR, 2 dry run, -1 error. prof: read the profile too */
static int
lookup(struct vc_conn *c, const char *key, struct lpar *l, int prof)
{
	char *m = sysarg(c), *k = quoted(key), *out = NULL, *f[8], *nl;
	int r = -1;

	memset(l, 0, sizeof(*l));
	if (hmcf(c, &out, "lssyscfg -r lpar %s --filter lpar_names=%s -F name,lpar_id,state", m, k) < 0) {
		vc_err_prefix("%s", key);
		goto out;
	}
	if (vc_dry_run()) {
		l->name = vc_strdup(key);
		l->state = vc_strdup("Not Activated");
		r = 2;
		goto out;
	}
	if (no_results(out)) {
		vc_err("%s: no such domain (no partition of that name on %s)", key, P(c)->sys);
		r = 0;
		goto out;
	}
	if ((nl = strchr(out, '\n')))
		*nl = 0;
	if (csv_split(out, f, 8) < 3) {
		vc_err("%s: HMC: lssyscfg: unexpected output '%s'", key, out);
		goto out;
	}
	l->name = vc_strdup(f[0]);
	l->id = atoi(f[1]);
	l->state = vc_strdup(f[2]);
	free(out);
	out = NULL;
	if (!prof) {
		r = 1;
		goto out;
	}
	if (hmcf(c, &out, "lssyscfg -r prof %s --filter lpar_names=%s -F name,desired_mem,max_mem,desired_procs,max_procs,virtual_eth_adapters",
	    m, k) < 0) {
		vc_err_prefix("%s", key);
		goto out;
	}
	if (no_results(out)) {
		vc_err("%s: the partition has no profile", key);
		goto out;
	}
	if ((nl = strchr(out, '\n')))
		*nl = 0;
	if (csv_split(out, f, 8) < 6) {
		vc_err("%s: HMC: lssyscfg -r prof: unexpected output '%s'", key, out);
		goto out;
	}
	l->profile = vc_strdup(f[0]);
	l->mem = strtoull(f[1], NULL, 10);
	l->max_mem = strtoull(f[2], NULL, 10);
	l->procs = (unsigned)strtoul(f[3], NULL, 10);
	l->max_procs = (unsigned)strtoul(f[4], NULL, 10);
	if (parse_eth(f[5], l) < 0) {
		vc_err_prefix("%s", key);
		goto out;
	}
	r = 1;
out:
	free(out);
	free(m);
	free(k);
	return r;
}

static int
eth_cmp(const void *pa, const void *pb)
{
	return ((const struct phyp_eth *)pa)->slot - ((const struct phyp_eth *)pb)->slot;
}

static char *
to_xml(struct vc_conn *c, struct lpar *l)
{
	struct vc_buf b = {0};
	struct vc_domain *d;
	unsigned char u[16];
	char us[37], *xml;
	size_t i;

	lpar_uuid(c, l->name, u);
	vc_uuid_format(u, us);
	qsort(l->eth, l->neth, sizeof(*l->eth), eth_cmp);
	vc_buf_puts(&b, "<domain type='phyp'>\n  <name>");
	vc_buf_esc(&b, l->name, 0);
	vc_buf_printf(&b, "</name>\n  <uuid>%s</uuid>\n", us);
	vc_buf_printf(&b, "  <memory unit='MiB'>%llu</memory>\n  <currentMemory unit='MiB'>%llu</currentMemory>\n",
	    l->max_mem, l->mem);
	vc_buf_printf(&b, "  <vcpu current='%u'>%u</vcpu>\n", l->procs, l->max_procs);
	vc_buf_puts(&b, "  <os>\n    <type>linux</type>\n  </os>\n  <devices>\n");
	for (i = 0; i < l->neth; i++) {
		const struct phyp_eth *e = &l->eth[i];
		vc_buf_puts(&b, "    <interface type='bridge'>\n");
		if (strlen(e->mac) == 12)
			vc_buf_printf(&b, "      <mac address='%.2s:%.2s:%.2s:%.2s:%.2s:%.2s'/>\n", e->mac, e->mac + 2,
			    e->mac + 4, e->mac + 6, e->mac + 8, e->mac + 10);
		vc_buf_puts(&b, "      <source bridge='");
		vc_buf_esc(&b, e->vswitch, 1);
		vc_buf_printf(&b, "'/>\n      <vlan>\n        <tag id='%u'/>\n      </vlan>\n    </interface>\n", e->pvid);
	}
	vc_buf_puts(&b, "  </devices>\n</domain>\n");
	d = vc_domain_parse(b.s, b.len, "(HMC)");
	vc_buf_free(&b);
	if (!d) {
		vc_err_prefix("%s: the partition as the HMC gives it", l->name);
		return NULL;
	}
	xml = vc_domain_format(d, 0);
	vc_domain_free(d);
	return xml;
}

/* ---- the domain -> the partition ---- */

static int
from_domain(struct vc_conn *c, const struct vc_domain *dom, struct lpar *l)
{
	const struct vc_os *os = dom->sect[VC_SECT_OS];
	size_t i;
	const char *bad;

	memset(l, 0, sizeof(*l));
	l->name = vc_strdup(dom->name);
	if (dom->type != VC_VIRT_PHYP)
		return vc_err("%s: domain type '%s': the phyp driver takes <domain type='phyp'>", dom->name,
		    vc_virt_type_names[dom->type]);
	if (strlen(dom->name) > 47 || (bad = strpbrk(dom->name, "()<>*$&?|[]'\"`")))
		return vc_err("%s: an HMC partition name has at most 47 characters, none of ()<>*$&?|[]'\"`", dom->name);
	if (os && os->type != VC_OS_LINUX && os->type != VC_OS_NONE)
		return vc_err("%s: os type '%s' is unsupported by the phyp driver (linux)", dom->name,
		    vc_os_type_names[os->type]);
	if (dom->has_uuid) {
		unsigned char u[16];
		lpar_uuid(c, dom->name, u);
		if (memcmp(u, dom->uuid, 16) != 0) {
			char want[37];
			vc_uuid_format(u, want);
			return vc_err("%s: the HMC keeps no uuid: a partition's is derived from its system and name (%s)",
			    dom->name, want);
		}
	}
	l->max_mem = (dom->memory + 1023) / 1024;
	l->mem = dom->has_current_memory && dom->current_memory ? (dom->current_memory + 1023) / 1024 : l->max_mem;
	l->max_procs = dom->vcpus ? dom->vcpus : 1;
	l->procs = dom->has_vcpus_current ? dom->vcpus_current : l->max_procs;
	if (dom->ndev[VC_DEV_DISK])
		return vc_err("%s: disks are unsupported by the phyp driver (storage is mapped on the VIOS)", dom->name);
	for (i = 0; i < dom->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *n = dom->dev[VC_DEV_INTERFACE][i];
		struct phyp_eth *e;
		if (n->type != VC_IFACE_BRIDGE)
			return vc_err("%s: interface %zu: type '%s' is unsupported by the phyp driver (bridge: a virtual switch)",
			    dom->name, i + 1, vc_iface_type_names[n->type]);
		if (n->nvlan_tags > 1 || n->vlan_trunk)
			return vc_err("%s: interface %zu: one VLAN tag (the port VLAN id), no trunk, on the phyp driver",
			    dom->name, i + 1);
		l->eth = vc_realloc(l->eth, (l->neth + 1) * sizeof(*l->eth));
		e = &l->eth[l->neth++];
		memset(e, 0, sizeof(*e));
		e->slot = (int)i + 2;      /* slots 0 and 1 are the virtual serial adapters */
		e->pvid = n->nvlan_tags ? n->vlan_tags[0] : 1;
		e->vswitch = vc_strdup(n->source_bridge && *n->source_bridge ? n->source_bridge : "ETHERNET0");
		if (strpbrk(e->vswitch, ",/\"'"))
			return vc_err("%s: interface %zu: virtual switch '%s': no , / or quotes", dom->name, i + 1, e->vswitch);
		if (n->has_mac)
			snprintf(e->mac, sizeof(e->mac), "%02X%02X%02X%02X%02X%02X", n->mac[0], n->mac[1], n->mac[2],
			    n->mac[3], n->mac[4], n->mac[5]);
	}
	if (l->mem > l->max_mem || l->procs > l->max_procs)
		return vc_err("%s: the current memory and vcpus cannot exceed the maximum", dom->name);
	return 0;
}

static void
eth_attr(struct vc_buf *b, const struct lpar *l)
{
	size_t i;

	if (!l->neth) {
		vc_buf_puts(b, "virtual_eth_adapters=none");
		return;
	}
	vc_buf_puts(b, "\"virtual_eth_adapters=");
	for (i = 0; i < l->neth; i++)
		vc_buf_printf(b, "%s%d/0/%u//0/0/%s%s%s", i ? "," : "", l->eth[i].slot, l->eth[i].pvid,
		    l->eth[i].vswitch, l->eth[i].mac[0] ? "/" : "", l->eth[i].mac);
	vc_buf_putc(b, '"');
}

static int
same_eth(const struct lpar *a, const struct lpar *b)
{
	size_t i;

	if (a->neth != b->neth)
		return 0;
	for (i = 0; i < a->neth; i++)
		if (a->eth[i].pvid != b->eth[i].pvid || strcmp(a->eth[i].vswitch, b->eth[i].vswitch) ||
		    (b->eth[i].mac[0] && strcasecmp(a->eth[i].mac, b->eth[i].mac)))
			return 0;
	return 1;
}

static int
phyp_define(struct vc_conn *c, struct vc_domain *d, const struct vc_define_opts *o)
{
	struct lpar want, cur;
	struct vc_buf a = {0}, cmd = {0};
	char *m = sysarg(c), *x = NULL, *y = NULL;
	int found, r = -1;
	size_t i;

	memset(&cur, 0, sizeof(cur));
	if (from_domain(c, d, &want) < 0)
		goto out;
	if ((found = lookup(c, want.name, &cur, 1)) < 0)
		goto out;
	vc_err_clear();
	if (found != 1) {
		if (o->diff)
			*o->diff = vc_diff("", (y = to_xml(c, &want)) ? y : "", "/dev/null", want.name);
		if (o->check) {
			r = 1;
			goto out;
		}
		vc_buf_printf(&a, "name=%s,profile_name=default,lpar_env=aixlinux,min_mem=%llu,desired_mem=%llu,max_mem=%llu,"
		    "proc_mode=ded,min_procs=1,desired_procs=%u,max_procs=%u,sharing_mode=share_idle_procs,",
		    want.name, want.mem, want.mem, want.max_mem, want.procs, want.max_procs);
		eth_attr(&a, &want);
		vc_buf_printf(&cmd, "mksyscfg -r lpar %s -i", m);
		q(&cmd, a.s);
		if (hmc(c, cmd.s, NULL) < 0) {
			vc_err_prefix("%s", want.name);
			goto out;
		}
		r = 1;
		goto out;
	}
	/* the adapters the HMC gave MACs keep them */
	for (i = 0; i < want.neth && i < cur.neth; i++)
		if (!want.eth[i].mac[0])
			memcpy(want.eth[i].mac, cur.eth[i].mac, sizeof(want.eth[i].mac));
	vc_buf_printf(&a, "name=%s,lpar_name=%s", cur.profile, cur.name);
	i = a.len;
	if (want.mem != cur.mem || want.max_mem != cur.max_mem)
		vc_buf_printf(&a, ",min_mem=%llu,desired_mem=%llu,max_mem=%llu", want.mem, want.mem, want.max_mem);
	if (want.procs != cur.procs || want.max_procs != cur.max_procs)
		vc_buf_printf(&a, ",desired_procs=%u,max_procs=%u", want.procs, want.max_procs);
	if (!same_eth(&cur, &want)) {
		vc_buf_putc(&a, ',');
		eth_attr(&a, &want);
	}
	if (o->diff) {
		x = to_xml(c, &cur);
		y = to_xml(c, &want);
		*o->diff = vc_diff(x ? x : "", y ? y : "", want.name, want.name);
	}
	if (a.len == i) {
		r = 0;
		goto out;
	}
	if (o->check) {
		r = 1;
		goto out;
	}
	vc_buf_printf(&cmd, "chsyscfg -r prof %s -i", m);
	q(&cmd, a.s);
	if (hmc(c, cmd.s, NULL) < 0) {
		vc_err_prefix("%s", want.name);
		goto out;
	}
	r = 1;
out:
	vc_buf_free(&a);
	vc_buf_free(&cmd);
	free(m);
	free(x);
	free(y);
	lpar_free(&want);
	lpar_free(&cur);
	return r;
}

static int
phyp_undefine(struct vc_conn *c, const char *key, int if_exists, int check)
{
	struct lpar l;
	char *m, *k;
	int r;

	if ((r = lookup(c, key, &l, 0)) <= 0) {
		lpar_free(&l);
		if (r == 0 && if_exists) {
			vc_err_clear();
			return 0;
		}
		return -1;
	}
	if (check) {
		lpar_free(&l);
		return 1;
	}
	m = sysarg(c);
	k = quoted(l.name);
	r = hmcf(c, NULL, "rmsyscfg -r lpar %s -n %s", m, k);
	if (r < 0)
		vc_err_prefix("%s", l.name);
	free(m);
	free(k);
	lpar_free(&l);
	return r < 0 ? -1 : 1;
}

/* ---- lifecycle ---- */

static int
chsysstate(struct vc_conn *c, const struct lpar *l, const char *how)
{
	char *m = sysarg(c), *k = quoted(l->name), *p = l->profile ? quoted(l->profile) : NULL;
	int r = hmcf(c, NULL, "chsysstate -r lpar %s %s -n %s%s%s", m, how, k, p ? " -f " : "", p ? p : "");

	if (r < 0)
		vc_err_prefix("%s", l->name);
	free(m);
	free(k);
	free(p);
	return r;
}

static int
start(struct vc_conn *c, struct lpar *l)
{
	struct lpar now;
	char *msg;

	if (chsysstate(c, l, "-o on") == 0)
		return 0;
	/* a partition left half activated is powered off again */
	msg = vc_strdup(vc_errmsg());
	free(l->profile);
	l->profile = NULL;
	if (lookup(c, l->name, &now, 0) == 1 && active(&now))
		chsysstate(c, l, "-o shutdown --immed");
	lpar_free(&now);
	vc_err("%s", msg);
	free(msg);
	return -1;
}

static int
shutdown_wait(struct vc_conn *c, struct lpar *l, int timeout)
{
	unsigned long long deadline;
	struct lpar now;
	int r;

	if (chsysstate(c, l, "-o osshutdown") < 0)
		return -1;
	if (timeout < 0)
		return 0;
	if (vc_dry_run())
		return chsysstate(c, l, "-o shutdown --immed");
	deadline = vc_now_ms() + (unsigned long long)timeout * 1000;
	for (;;) {
		struct timespec ts = {0, 100 * 1000000L};
		if ((r = lookup(c, l->name, &now, 0)) < 0) {
			lpar_free(&now);
			return -1;
		}
		r = r == 1 && active(&now);
		lpar_free(&now);
		if (!r)
			return 0;
		if (vc_now_ms() >= deadline)
			break;
		nanosleep(&ts, NULL);
	}
	return chsysstate(c, l, "-o shutdown --immed");
}

static int
phyp_op(struct vc_conn *c, const char *key, int op, int check, int timeout)
{
	struct lpar l;
	int found, on, st, r = -1;

	if ((found = lookup(c, key, &l, op == VC_OP_START)) <= 0) {
		lpar_free(&l);
		return -1;
	}
	on = found == 2 ? op != VC_OP_START : active(&l);
	st = state_of(l.state);
	switch (op) {
	case VC_OP_START:
		r = on ? 0 : check ? 1 : start(c, &l) < 0 ? -1 : 1;
		break;
	case VC_OP_SHUTDOWN:
		r = !on || (st == VC_STATE_SHUTDOWN && timeout < 0) ? 0 : check ? 1
		    : shutdown_wait(c, &l, timeout) < 0 ? -1 : 1;
		break;
	case VC_OP_DESTROY:
		r = !on ? 0 : check ? 1 : chsysstate(c, &l, "-o shutdown --immed") < 0 ? -1 : 1;
		break;
	case VC_OP_REBOOT:
	case VC_OP_RESET:
		if (!on)
			vc_err("%s: domain is not running", l.name);
		else
			r = check ? 1 : chsysstate(c, &l, op == VC_OP_REBOOT ? "-o osshutdown --restart"
			    : "-o shutdown --immed --restart") < 0 ? -1 : 1;
		break;
	default:
		vc_err("%s: operation unsupported by the phyp driver", l.name);
	}
	lpar_free(&l);
	return r;
}

/* ---- inspect ---- */

static int
no_dry(const char *key)
{
	return vc_err("%s: --dry-run: nothing was asked of the HMC, so there is nothing to show", key);
}

static char *
phyp_xml(struct vc_conn *c, const char *key, int inactive)
{
	struct lpar l;
	char *s = NULL;
	int r;

	(void)inactive;
	if ((r = lookup(c, key, &l, 1)) == 1)
		s = to_xml(c, &l);
	else if (r == 2)
		no_dry(key);
	lpar_free(&l);
	return s;
}

static void
fill(struct vc_conn *c, struct vc_dominfo *i, const struct lpar *l)
{
	i->name = vc_strdup(l->name);
	lpar_uuid(c, l->name, i->uuid);
	i->type = vc_strdup("phyp");
	i->state = state_of(l->state);
	i->id = active(l) ? l->id : -1;
	i->persistent = 1;
	i->max_kib = l->max_mem * 1024;
	i->cur_kib = l->mem * 1024;
	i->vcpus = l->procs;
}

static int
phyp_list(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n)
{
	char *m = sysarg(c), *text = NULL, *line, *sp;
	int r;

	*out = NULL;
	*n = 0;
	r = hmcf(c, &text, "lssyscfg -r lpar %s -F name,lpar_id,state", m);
	free(m);
	if (r < 0 || vc_dry_run() || no_results(text)) {
		free(text);
		return r;
	}
	for (line = strtok_r(text, "\n", &sp); line; line = strtok_r(NULL, "\n", &sp)) {
		struct lpar l = {0};
		char *f[4];
		int on;
		if (csv_split(line, f, 4) < 3)
			continue;
		l.name = f[0];
		l.id = atoi(f[1]);
		l.state = f[2];
		on = active(&l);
		if ((on && (which & VC_LIST_ACTIVE)) || (!on && (which & VC_LIST_INACTIVE))) {
			*out = vc_realloc(*out, (*n + 1) * sizeof(**out));
			memset(&(*out)[*n], 0, sizeof(**out));
			fill(c, &(*out)[(*n)++], &l);
		}
	}
	free(text);
	return 0;
}

/* a running partition's memory and processors, as lshwres sees them now */
static int
hwres(struct vc_conn *c, struct lpar *l)
{
	char *m = sysarg(c), *k = quoted(l->name), *out = NULL, *f[3];
	int r = -1;

	if (hmcf(c, &out, "lshwres -r mem %s --level lpar --filter lpar_names=%s -F curr_mem,curr_max_mem", m, k) < 0 ||
	    no_results(out) || csv_split(strtok(out, "\n"), f, 3) < 2)
		goto out;
	l->mem = strtoull(f[0], NULL, 10);
	l->max_mem = strtoull(f[1], NULL, 10);
	free(out);
	out = NULL;
	if (hmcf(c, &out, "lshwres -r proc %s --level lpar --filter lpar_names=%s -F curr_procs,curr_max_procs", m, k) < 0 ||
	    no_results(out) || csv_split(strtok(out, "\n"), f, 3) < 2)
		goto out;
	l->procs = (unsigned)strtoul(f[0], NULL, 10);
	l->max_procs = (unsigned)strtoul(f[1], NULL, 10);
	r = 0;
out:
	if (r < 0 && !*vc_errmsg())
		vc_err("HMC %s: lshwres: no resources for the partition", P(c)->host);
	free(out);
	free(m);
	free(k);
	return r;
}

static int
phyp_info(struct vc_conn *c, const char *key, struct vc_dominfo *i)
{
	struct lpar l;
	int r;

	memset(i, 0, sizeof(*i));
	if (vc_dry_run())
		return no_dry(key);
	if ((r = lookup(c, key, &l, 1)) == 1 && active(&l) && hwres(c, &l) < 0) {
		vc_err_prefix("%s", key);
		r = -1;
	}
	if (r == 1)
		fill(c, i, &l);
	lpar_free(&l);
	return r == 1 ? 0 : -1;
}

/* ---- the connection ---- */

static void
phyp_close(struct vc_conn *c)
{
	struct phyp *p = c->priv;

	if (!p)
		return;
	free(p->ssh);
	free(p->sys);
	free(p->host);
	free(p->port);
	free(p->sshcmd);
	free(p->key);
	free(p);
	c->priv = NULL;
}

static int
phyp_open(struct vc_conn *c)
{
	struct phyp *p;
	const char *s = c->path + (c->path[0] == '/');
	char *notty;

	if (!c->host || !*s || strchr(s, '/'))
		return vc_err_kind(VC_ERR_USAGE, "%s: the phyp driver's URI is phyp://[user@]hmc[:port]/MANAGED_SYSTEM",
		    c->uri);
	c->priv = p = vc_calloc(1, sizeof(*p));
	p->sys = vc_strdup(s);
	p->host = vc_strdup(c->host);
	p->sshcmd = vc_uri_param(c, "command");
	p->key = vc_uri_param(c, "keyfile");
	notty = vc_uri_param(c, "no_tty");
	VC_APPEND(p->ssh, p->nssh, p->sshcmd && *p->sshcmd ? p->sshcmd : "ssh");
	if (c->port) {
		p->port = vc_asprintf("%d", c->port);
		VC_APPEND(p->ssh, p->nssh, "-p");
		VC_APPEND(p->ssh, p->nssh, p->port);
	}
	if (c->user) {
		VC_APPEND(p->ssh, p->nssh, "-l");
		VC_APPEND(p->ssh, p->nssh, c->user);
	}
	if (p->key && *p->key) {
		VC_APPEND(p->ssh, p->nssh, "-i");
		VC_APPEND(p->ssh, p->nssh, p->key);
	}
	/* nobody reads stdin: no password prompt on a pipe */
	if (notty && strcmp(notty, "0") != 0) {
		VC_APPEND(p->ssh, p->nssh, "-o");
		VC_APPEND(p->ssh, p->nssh, "BatchMode=yes");
	}
	free(notty);
	VC_APPEND(p->ssh, p->nssh, "-e");
	VC_APPEND(p->ssh, p->nssh, "none");
	VC_APPEND(p->ssh, p->nssh, "-T");
	VC_APPEND(p->ssh, p->nssh, "--");
	VC_APPEND(p->ssh, p->nssh, p->host);
	return 0;
}

static const struct vc_inventory phyp_inv = {
	.define = phyp_define,
	.undefine = phyp_undefine,
	.xml = phyp_xml,
	.info = phyp_info,
	.list = phyp_list,
	.op = phyp_op,
};

const struct vc_driver vc_phyp_driver = {
	.name = "phyp",
	.flags = VC_DRV_HOST,
	.inv = &phyp_inv,
	.open = phyp_open,
	.close = phyp_close,
};
