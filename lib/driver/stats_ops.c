/* stats_ops.c: guest statistics for all guests in one pass (virsh
 * domstats), and the one-guest views built on it (blklist, iflist,
 * memstat, vcpuinfo) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>
#include <libxml/parser.h>

#include "../driver.h"

/* ---- the stored config, read without building the model ----
 * A domstats of a thousand guests reads a thousand configs: a SAX pass
 * over each takes a sixth of what building the model does.  The files
 * were written by vc_domain_format, so only the elements below count. */

struct rd {
	struct vc_domstats *s;
	int depth, dev;             /* dev: 1 in a <disk>, 2 in an <interface> */
	int text;                   /* 1 memory, 2 currentMemory, 3 vcpu */
	char unit[16];
	struct vc_buf t;
};

static const char *
attr(const xmlChar **at, int n, const char *name)
{
	int i;

	/* SAX2 attributes: localname, prefix, URI, value, end */
	for (i = 0; i < n; i++)
		if (strcmp((const char *)at[i * 5], name) == 0)
			return vc_strndup((const char *)at[i * 5 + 3],
			    (size_t)(at[i * 5 + 4] - at[i * 5 + 3]));
	return NULL;
}

static void
set(char **dst, char *v)
{
	if (!v)
		return;
	free(*dst);
	*dst = v;
}

static void
sax_start(void *ctx, const xmlChar *ln, const xmlChar *pf, const xmlChar *uri,
          int nns, const xmlChar **ns, int na, int nd, const xmlChar **at)
{
	struct rd *r = ctx;
	struct vc_domstats *s = r->s;
	const char *e = (const char *)ln;
	char *v;

	(void)pf; (void)uri; (void)nns; (void)ns; (void)nd;
	r->depth++;
	if (r->depth == 2) {
		r->text = strcmp(e, "memory") == 0 ? 1 : strcmp(e, "currentMemory") == 0 ? 2 :
		    strcmp(e, "vcpu") == 0 ? 3 : 0;
		r->t.len = 0;
		r->unit[0] = '\0';
		if (r->text && (v = (char *)attr(at, na, r->text == 3 ? "current" : "unit"))) {
			if (r->text == 3) {
				unsigned long long n;
				if (vc_parse_ull(v, 0, 1 << 20, &n) == 0)
					s->vcpu_cur = (unsigned)n;
			} else {
				snprintf(r->unit, sizeof(r->unit), "%s", v);
			}
			free(v);
		}
		return;
	}
	if (r->depth == 3) {
		r->dev = 0;
		if (strcmp(e, "disk") == 0) {
			struct vc_blkstat *b;
			s->blk = vc_realloc(s->blk, (s->nblk + 1) * sizeof(*s->blk));
			b = &s->blk[s->nblk++];
			memset(b, 0, sizeof(*b));
			b->type = (char *)attr(at, na, "type");
			b->device = (char *)attr(at, na, "device");
			r->dev = 1;
		} else if (strcmp(e, "interface") == 0) {
			struct vc_ifstat *f;
			s->net = vc_realloc(s->net, (s->nnet + 1) * sizeof(*s->net));
			f = &s->net[s->nnet++];
			memset(f, 0, sizeof(*f));
			f->type = (char *)attr(at, na, "type");
			r->dev = 2;
		} else if (strcmp(e, "memballoon") == 0) {
			v = (char *)attr(at, na, "model");
			s->balloon = !v || strcmp(v, "none") != 0;
			free(v);
		}
		return;
	}
	if (r->depth != 4 || !r->dev)
		return;
	if (r->dev == 1) {
		struct vc_blkstat *b = &s->blk[s->nblk - 1];
		if (strcmp(e, "source") == 0) {
			static const char *const k[] = { "file", "dev", "dir", "name", "volume" };
			size_t i;
			for (i = 0; i < VC_NELEM(k) && !b->path; i++)
				b->path = (char *)attr(at, na, k[i]);
		} else if (strcmp(e, "target") == 0) {
			set(&b->dev, (char *)attr(at, na, "dev"));
		} else if (strcmp(e, "driver") == 0) {
			set(&b->format, (char *)attr(at, na, "type"));
		}
	} else {
		struct vc_ifstat *f = &s->net[s->nnet - 1];
		if (strcmp(e, "source") == 0) {
			static const char *const k[] = { "bridge", "network", "dev", "path", "address" };
			size_t i;
			for (i = 0; i < VC_NELEM(k) && !f->source; i++)
				f->source = (char *)attr(at, na, k[i]);
		} else if (strcmp(e, "target") == 0) {
			set(&f->name, (char *)attr(at, na, "dev"));
		} else if (strcmp(e, "model") == 0) {
			set(&f->model, (char *)attr(at, na, "type"));
		} else if (strcmp(e, "mac") == 0 && (v = (char *)attr(at, na, "address"))) {
			snprintf(f->mac, sizeof(f->mac), "%s", v);
			free(v);
		}
	}
}

static void
sax_end(void *ctx, const xmlChar *ln, const xmlChar *pf, const xmlChar *uri)
{
	struct rd *r = ctx;
	unsigned long long v;
	char *t;

	(void)ln; (void)pf; (void)uri;
	if (r->depth == 2 && r->text) {
		vc_buf_putc(&r->t, '\0');
		t = r->t.s;
		if (r->text == 3) {
			if (vc_parse_ull(t, 0, 1 << 20, &v) == 0)
				r->s->vcpu_max = (unsigned)v;
		} else if (vc_parse_scaled(t, r->unit[0] ? r->unit : NULL, "KiB", &v) == 0) {
			if (r->text == 1)
				r->s->mem_max_kib = v;
			else
				r->s->mem_cur_kib = v;
		}
		r->text = 0;
	}
	r->depth--;
}

static void
sax_text(void *ctx, const xmlChar *ch, int len)
{
	struct rd *r = ctx;

	if (r->text && r->depth == 2)
		vc_buf_add(&r->t, (const char *)ch, (size_t)len);
}

static int
read_config(const char *path, struct vc_domstats *s)
{
	xmlSAXHandler h;
	struct rd r = { .s = s };
	size_t len;
	char *x;
	int rc;

	if (!(x = vc_file_read(path, &len)))
		return errno == ENOENT ? -2 : -1;
	memset(&h, 0, sizeof(h));
	h.initialized = XML_SAX2_MAGIC;
	h.startElementNs = sax_start;
	h.endElementNs = sax_end;
	h.characters = sax_text;
	s->balloon = 1;     /* a guest has one unless it says model='none' */
	rc = xmlSAXUserParseMemory(&h, &r, x, (int)len);
	vc_buf_free(&r.t);
	free(x);
	if (rc != 0)
		return vc_err("%s: not well-formed XML", path);
	if (!s->vcpu_cur || s->vcpu_cur > s->vcpu_max)
		s->vcpu_cur = s->vcpu_max;
	if (!s->mem_cur_kib || s->mem_cur_kib > s->mem_max_kib)
		s->mem_cur_kib = s->mem_max_kib;
	return 0;
}

void
vc_domstats_clear(struct vc_domstats *s)
{
	size_t i;

	for (i = 0; i < s->nblk; i++) {
		free(s->blk[i].dev);
		free(s->blk[i].path);
		free(s->blk[i].type);
		free(s->blk[i].device);
		free(s->blk[i].format);
	}
	for (i = 0; i < s->nnet; i++) {
		free(s->net[i].name);
		free(s->net[i].type);
		free(s->net[i].source);
		free(s->net[i].model);
	}
	free(s->blk);
	free(s->net);
	free(s->vcpu);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

void
vc_domstats_free(struct vc_domstats *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		vc_domstats_clear(&v[i]);
	free(v);
}

static unsigned long long
realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

/* one guest: name is canonical; active says whether it has a live
 * record (l read); inactive: its persistent config regardless */
static int
collect(struct vc_conn *c, const char *name, int active, const struct vc_live *l,
        int groups, int inactive, struct vc_domstats *s)
{
	char *p;
	int r;

	memset(s, 0, sizeof(*s));
	s->name = vc_strdup(name);
	s->active = active;
	s->state = active ? l->state : VC_STATE_SHUTOFF;
	p = active && !inactive ? vc_store_live_path(c, name) : vc_store_conf_path(c, name);
	r = read_config(p, s);
	free(p);
	if (r < 0) {
		if (r != -2)
			return -1;
		vc_err("%s: %s", name, inactive ? "domain is not persistent" : "no such domain");
		return -2;
	}
	if (!active)
		return 0;
	s->cpu_ns = l->cpu_ms * 1000000ULL;
	if (l->state == VC_STATE_RUNNING && l->start_ms) {
		unsigned long long now = realtime_ms();
		if (now > l->start_ms)
			s->cpu_ns += (now - l->start_ms) * 1000000ULL;
	}
	if (inactive || !c->drv->guest || !c->drv->guest->stats)
		return 0;
	if (c->drv->guest->stats(c, name, l, groups, s) < 0) {
		vc_err_prefix("%s: stats", name);
		return -1;
	}
	return 0;
}

static int
wanted(int list, const struct vc_domstats *s)
{
	if (!list)
		return 1;
	if ((list & (VC_STATS_LIST_ACTIVE | VC_STATS_LIST_INACTIVE)) &&
	    !(list & (s->active ? VC_STATS_LIST_ACTIVE : VC_STATS_LIST_INACTIVE)))
		return 0;
	if (list & (VC_STATS_LIST_RUNNING | VC_STATS_LIST_PAUSED | VC_STATS_LIST_SHUTOFF |
	    VC_STATS_LIST_OTHER)) {
		int bit = s->state == VC_STATE_RUNNING ? VC_STATS_LIST_RUNNING :
		    s->state == VC_STATE_PAUSED ? VC_STATS_LIST_PAUSED :
		    s->state == VC_STATE_SHUTOFF ? VC_STATS_LIST_SHUTOFF : VC_STATS_LIST_OTHER;
		return (list & bit) != 0;
	}
	return 1;
}

int
vc_dom_stats1(struct vc_conn *c, const char *key, int groups, int inactive,
              struct vc_domstats *s)
{
	struct vc_live l = { 0 };
	char *name;
	int active, r = -1;

	memset(s, 0, sizeof(*s));
	if (c->drv->inv)
		return vc_err("%s: stats: unsupported by the %s driver", key, c->drv->name);
	if (!(name = vc_store_resolve(c, key)))
		return -1;
	if ((active = vc_dom_refresh(c, name, &l, 0)) >= 0)
		r = collect(c, name, active, &l, groups, inactive, s) < 0 ? -1 : 0;
	if (r < 0)
		vc_domstats_clear(s);
	vc_live_clear(&l);
	free(name);
	return r;
}

int
vc_dom_stats(struct vc_conn *c, char *const *keys, size_t nkeys, int list,
             int groups, struct vc_domstats **out, size_t *n)
{
	struct vc_domstats *v = NULL, s;
	struct vc_live l;
	char **names = NULL, **act = NULL;
	size_t k = 0, na = 0, i, j = 0;
	int active, r = -1;

	*out = NULL;
	*n = 0;
	if (c->drv->inv)
		return vc_err("domains: stats: unsupported by the %s driver", c->drv->name);
	if (nkeys) {
		/* named guests: in the order given; the first bad name fails */
		for (i = 0; i < nkeys; i++) {
			if (vc_dom_stats1(c, keys[i], groups, 0, &s) < 0)
				goto out;
			v = vc_realloc(v, (*n + 1) * sizeof(*v));
			v[(*n)++] = s;
		}
		r = 0;
		goto out;
	}
	/* one directory read each tells the guests and which are active */
	if (vc_store_names(c, &names, &k) < 0 || vc_store_active_names(c, &act, &na) < 0)
		goto out;
	for (i = 0; i < k; i++) {
		while (j < na && strcmp(act[j], names[i]) < 0)
			j++;
		memset(&l, 0, sizeof(l));
		active = 0;
		if (j < na && strcmp(act[j], names[i]) == 0 &&
		    (active = vc_dom_refresh(c, names[i], &l, 0)) < 0) {
			vc_live_clear(&l);
			goto out;
		}
		if ((r = collect(c, names[i], active, &l, groups, 0, &s)) < 0) {
			vc_live_clear(&l);
			/* gone between the directory read and now: not an error */
			if (r == -2) {
				r = -1;
				vc_err_clear();
				vc_domstats_clear(&s);
				continue;
			}
			vc_domstats_clear(&s);
			goto out;
		}
		vc_live_clear(&l);
		if (!wanted(list, &s)) {
			vc_domstats_clear(&s);
			continue;
		}
		v = vc_realloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = s;
	}
	r = 0;
out:
	vc_strv_free(names, k);
	vc_strv_free(act, na);
	if (r < 0) {
		vc_domstats_free(v, *n);
		*n = 0;
		return -1;
	}
	*out = v;
	return 0;
}

/* ---- output: one list of typed fields, as text or JSON ---- */

struct emit {
	int json;
	struct vc_buf b;
	struct json_object *o;
};

static void
num(struct emit *e, const char *k, unsigned long long v)
{
	if (e->json)
		json_object_object_add(e->o, k, json_object_new_uint64(v));
	else
		vc_buf_printf(&e->b, "  %s=%llu\n", k, v);
}

static void
str(struct emit *e, const char *k, const char *v)
{
	if (e->json)
		json_object_object_add(e->o, k, json_object_new_string(v));
	else
		vc_buf_printf(&e->b, "  %s=%s\n", k, v);
}

static void
numf(struct emit *e, unsigned long long v, const char *fmt, ...) VC_PRINTF(3, 4);
static void
numf(struct emit *e, unsigned long long v, const char *fmt, ...)
{
	char k[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k, sizeof(k), fmt, ap);
	va_end(ap);
	num(e, k, v);
}

static void
strf(struct emit *e, const char *v, const char *fmt, ...) VC_PRINTF(3, 4);
static void
strf(struct emit *e, const char *v, const char *fmt, ...)
{
	char k[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k, sizeof(k), fmt, ap);
	va_end(ap);
	str(e, k, v);
}

static void
one(struct emit *e, const struct vc_domstats *s, int g)
{
	size_t i;

	if (g & VC_STATS_STATE)
		num(e, "state.state", (unsigned long long)s->state);
	if ((g & VC_STATS_CPU) && s->active) {
		num(e, "cpu.time", s->cpu_ns);
		if (s->has_cpu_split) {
			num(e, "cpu.user", s->user_ns);
			num(e, "cpu.system", s->system_ns);
		}
	}
	if (g & VC_STATS_BALLOON) {
		num(e, "balloon.current", s->mem_cur_kib);
		num(e, "balloon.maximum", s->mem_max_kib);
		if (s->has_rss)
			num(e, "balloon.rss", s->rss_kib);
	}
	if (g & VC_STATS_VCPU) {
		num(e, "vcpu.current", s->vcpu_cur);
		num(e, "vcpu.maximum", s->vcpu_max);
		for (i = 0; i < s->nvcpu; i++) {
			numf(e, (unsigned long long)s->vcpu[i].state, "vcpu.%zu.state", i);
			numf(e, s->vcpu[i].time_ns, "vcpu.%zu.time", i);
		}
	}
	if (g & VC_STATS_NET) {
		num(e, "net.count", s->nnet);
		for (i = 0; i < s->nnet; i++) {
			const struct vc_ifstat *f = &s->net[i];
			strf(e, f->name ? f->name : "-", "net.%zu.name", i);
			if (!f->has_io)
				continue;
			numf(e, f->rx_bytes, "net.%zu.rx.bytes", i);
			numf(e, f->rx_pkts, "net.%zu.rx.pkts", i);
			numf(e, f->rx_errs, "net.%zu.rx.errs", i);
			numf(e, f->rx_drop, "net.%zu.rx.drop", i);
			numf(e, f->tx_bytes, "net.%zu.tx.bytes", i);
			numf(e, f->tx_pkts, "net.%zu.tx.pkts", i);
			numf(e, f->tx_errs, "net.%zu.tx.errs", i);
			numf(e, f->tx_drop, "net.%zu.tx.drop", i);
		}
	}
	if (g & VC_STATS_BLOCK) {
		num(e, "block.count", s->nblk);
		for (i = 0; i < s->nblk; i++) {
			const struct vc_blkstat *b = &s->blk[i];
			strf(e, b->dev ? b->dev : "-", "block.%zu.name", i);
			if (b->path)
				strf(e, b->path, "block.%zu.path", i);
			if (b->has_io) {
				numf(e, b->rd_reqs, "block.%zu.rd.reqs", i);
				numf(e, b->rd_bytes, "block.%zu.rd.bytes", i);
				numf(e, b->rd_ns, "block.%zu.rd.times", i);
				numf(e, b->wr_reqs, "block.%zu.wr.reqs", i);
				numf(e, b->wr_bytes, "block.%zu.wr.bytes", i);
				numf(e, b->wr_ns, "block.%zu.wr.times", i);
				numf(e, b->fl_reqs, "block.%zu.fl.reqs", i);
				numf(e, b->fl_ns, "block.%zu.fl.times", i);
			}
			if (b->has_size) {
				numf(e, b->allocation, "block.%zu.allocation", i);
				numf(e, b->capacity, "block.%zu.capacity", i);
			}
		}
	}
}

char *
vc_domstats_format(const struct vc_domstats *v, size_t n, int groups, int json)
{
	struct emit e = { .json = json };
	struct json_object *arr = NULL;
	size_t i;
	char *s;

	if (!groups)
		groups = VC_STATS_ALL;
	if (json)
		arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (json) {
			e.o = json_object_new_object();
			json_object_object_add(e.o, "name", json_object_new_string(v[i].name));
		} else {
			vc_buf_printf(&e.b, "Domain: '%s'\n", v[i].name);
		}
		one(&e, &v[i], groups);
		if (json)
			json_object_array_add(arr, e.o);
		else
			vc_buf_putc(&e.b, '\n');
	}
	if (!json) {
		s = vc_buf_take(&e.b);
		return s ? s : vc_strdup("");
	}
	s = vc_asprintf("%s\n", json_object_to_json_string_ext(arr,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
	return s;
}
