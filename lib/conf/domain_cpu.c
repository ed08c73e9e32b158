/* domain_cpu.c: <cpu>, <vcpus>, <iothreads> and <cputune> of a domain, and cpu lists */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/sections.h"

const char *const vc_cpu_mode_names[] = { "", "custom", "host-model", "host-passthrough",
	"maximum", NULL };
const char *const vc_cpu_match_names[] = { "", "minimum", "exact", "strict", NULL };
const char *const vc_cpu_check_names[] = { "", "none", "partial", "full", NULL };
const char *const vc_cpu_fallback_names[] = { "", "allow", "forbid", NULL };
const char *const vc_cpu_policy_names[] = { "", "force", "require", "optional", "disable",
	"forbid", NULL };
const char *const vc_cpu_cache_mode_names[] = { "", "emulate", "passthrough", "disable", NULL };
const char *const vc_memaccess_names[] = { "", "shared", "private", NULL };
const char *const vc_sched_names[] = { "", "other", "batch", "idle", "fifo", "rr", NULL };
static const char *const physaddr_names[] = { "", "emulate", "passthrough", NULL };
static const char *const cache_type_names[] = { "", "both", "code", "data", NULL };

/* ---- cpu lists ---- */

static int
num(const char **p, unsigned long *v)
{
	const char *s = *p;
	unsigned long n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		n = n * 10 + (unsigned long)(*s++ - '0');
		if (n >= VC_BITMAP_MAX)
			return -1;
	}
	*v = n;
	*p = s;
	return 0;
}

static void
bitmap_set(struct vc_bitmap *m, size_t i, int v)
{
	if (i >= m->n) {
		if (!v)
			return;
		m->bits = vc_realloc(m->bits, i + 1);
		memset(m->bits + m->n, 0, i + 1 - m->n);
		m->n = i + 1;
	}
	m->bits[i] = (unsigned char)v;
}

int
vc_bitmap_parse(const char *s, struct vc_bitmap *m)
{
	const char *p = s;
	unsigned long a, z, i;
	int neg;

	m->bits = NULL;
	m->n = 0;
	for (;;) {
		while (*p == ' ')
			p++;
		neg = *p == '^';
		if (neg)
			p++;
		if (num(&p, &a) < 0)
			goto bad;
		z = a;
		if (!neg && *p == '-') {
			p++;
			if (num(&p, &z) < 0 || z < a)
				goto bad;
		}
		for (i = a; i <= z; i++)
			bitmap_set(m, i, !neg);
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (*p++ != ',')
			goto bad;
	}
	return 0;
bad:
	vc_bitmap_clear(m);
	return vc_err("invalid cpu list '%s'", s);
}

char *
vc_bitmap_format(const struct vc_bitmap *m)
{
	struct vc_buf b = {0};
	size_t i, j;
	int first = 1;

	vc_buf_puts(&b, "");
	for (i = 0; i < m->n; i++) {
		if (!m->bits[i])
			continue;
		for (j = i; j + 1 < m->n && m->bits[j + 1]; j++)
			;
		vc_buf_printf(&b, first ? "%zu" : ",%zu", i);
		if (j > i)
			vc_buf_printf(&b, "-%zu", j);
		first = 0;
		i = j;
	}
	return vc_buf_take(&b);
}

int
vc_bitmap_isset(const struct vc_bitmap *m, size_t i)
{
	return i < m->n && m->bits[i];
}

size_t
vc_bitmap_count(const struct vc_bitmap *m)
{
	size_t i, c = 0;

	for (i = 0; i < m->n; i++)
		c += m->bits[i];
	return c;
}

void
vc_bitmap_clear(struct vc_bitmap *m)
{
	free(m->bits);
	m->bits = NULL;
	m->n = 0;
}

/* parse a list attribute into canonical text; NULL on error (recorded) */
static char *
list_attr(struct vc_x *x, xmlNodePtr n, const char *attr, int req, struct vc_bitmap *out)
{
	char *s = vc_x_attr(x, n, attr), *r;
	struct vc_bitmap m;

	if (!s) {
		if (req)
			vc_x_err(x, n, "missing attribute %s", attr);
		return NULL;
	}
	if (vc_bitmap_parse(s, &m) < 0) {
		vc_x_err(x, n, "%s: %s", attr, vc_errmsg());
		free(s);
		return NULL;
	}
	free(s);
	r = vc_bitmap_format(&m);
	if (out)
		*out = m;
	else
		vc_bitmap_clear(&m);
	return r;
}

/* the domain's <vcpu> and <iothreads> counts, read (not consumed) from the tree */
static unsigned long long
dom_count(xmlNodePtr sect, const char *elem)
{
	xmlNodePtr c;
	xmlChar *t;
	unsigned long long v = 0;

	if (!sect->parent)
		return 0;
	for (c = sect->parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, elem)) {
			t = xmlNodeGetContent(c);
			if (!t || vc_parse_ull((const char *)t, 0, 0xffffffffu, &v) < 0) {
				vc_err_clear();
				v = 0;
			}
			xmlFree(t);
			break;
		}
	return v;
}

/* ---- <cpu> ---- */

void
vc_sect_cpu_free(void *p)
{
	struct vc_cpu *c = p;
	size_t i;

	if (!c)
		return;
	free(c->model);
	free(c->vendor_id);
	free(c->vendor);
	for (i = 0; i < c->nfeatures; i++)
		free(c->features[i].name);
	free(c->features);
	for (i = 0; i < c->ncells; i++) {
		free(c->cells[i].cpus);
		free(c->cells[i].dist);
	}
	free(c->cells);
	free(c);
}

static int
req_uint(struct vc_x *x, xmlNodePtr n, const char *attr, unsigned min, unsigned max,
         unsigned *v, unsigned def)
{
	int r = vc_x_uint(x, n, attr, min, max, v);

	if (r < 0)
		return -1;
	if (r == 0) {
		if (!def)
			return vc_x_err(x, n, "missing attribute %s", attr);
		*v = def;
	}
	return 0;
}

static int
parse_topology(struct vc_x *x, xmlNodePtr t, struct vc_cpu *c)
{
	if (req_uint(x, t, "sockets", 1, 0xffffffffu, &c->sockets, 0) < 0 ||
	    req_uint(x, t, "dies", 1, 0xffffffffu, &c->dies, 1) < 0 ||
	    req_uint(x, t, "clusters", 1, 0xffffffffu, &c->clusters, 1) < 0 ||
	    req_uint(x, t, "cores", 1, 0xffffffffu, &c->cores, 0) < 0 ||
	    req_uint(x, t, "threads", 1, 0xffffffffu, &c->threads, 0) < 0)
		return -1;
	return 0;
}

static int
cell_cmp(const void *a, const void *b)
{
	const struct vc_numa_cell *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
parse_numa(struct vc_x *x, xmlNodePtr n, struct vc_cpu *c)
{
	xmlNodePtr e, d, s;
	size_t i, j;

	for (e = vc_x_child(x, n, "cell"); e; e = vc_x_next(e, "cell")) {
		struct vc_numa_cell cell;
		char *mem, *unit, *cpus;
		int r;

		memset(&cell, 0, sizeof(cell));
		if ((r = vc_x_uint(x, e, "id", 0, 0xffffffffu, &cell.id)) < 0)
			return -1;
		if (r == 0)
			cell.id = (unsigned)c->ncells;
		if ((cpus = vc_x_attr(x, e, "cpus"))) {
			struct vc_bitmap m;

			if (vc_bitmap_parse(cpus, &m) < 0) {
				free(cpus);
				return vc_x_err(x, e, "cpus: %s", vc_errmsg());
			}
			free(cpus);
			cell.cpus = vc_bitmap_format(&m);
			vc_bitmap_clear(&m);
		}
		VC_GROW(c->cells, c->ncells);
		c->cells[c->ncells++] = cell;
		if (!(mem = vc_x_attr_req(x, e, "memory")))
			return -1;
		unit = vc_x_attr(x, e, "unit");
		r = vc_parse_scaled(mem, unit, "KiB", &c->cells[c->ncells - 1].memory);
		if (r < 0)
			vc_x_err(x, e, "invalid memory '%s': %s", mem, vc_errmsg());
		free(mem);
		free(unit);
		if (r < 0)
			return -1;
		if (vc_x_enum(x, e, "memAccess", vc_memaccess_names, &c->cells[c->ncells - 1].mem_access) < 0 ||
		    vc_x_yesno(x, e, "discard", &c->cells[c->ncells - 1].discard) < 0)
			return -1;
		if ((d = vc_x_child(x, e, "distances"))) {
			struct vc_numa_cell *cl = &c->cells[c->ncells - 1];

			for (s = vc_x_child(x, d, "sibling"); s; s = vc_x_next(s, "sibling")) {
				struct vc_numa_sibling sb;

				if (req_uint(x, s, "id", 0, 0xffffffffu, &sb.id, 0) < 0 ||
				    req_uint(x, s, "value", 10, 255, &sb.value, 0) < 0)
					return -1;
				VC_GROW(cl->dist, cl->ndist);
				cl->dist[cl->ndist++] = sb;
			}
		}
	}
	if (c->ncells)         /* <numa/> without cells: qsort wants a base */
		qsort(c->cells, c->ncells, sizeof(*c->cells), cell_cmp);
	for (i = 0; i < c->ncells; i++) {
		if (c->cells[i].id != i)
			return vc_x_err(x, n, "NUMA cell ids must be unique and contiguous from 0");
		for (j = 0; j < c->cells[i].ndist; j++)
			if (c->cells[i].dist[j].id >= c->ncells)
				return vc_x_err(x, n, "NUMA distance sibling id %u out of range",
				                c->cells[i].dist[j].id);
	}
	return 0;
}

static int
parse_cpu_features(struct vc_x *x, xmlNodePtr n, struct vc_cpu *c)
{
	xmlNodePtr e;
	size_t i;

	for (e = vc_x_child(x, n, "feature"); e; e = vc_x_next(e, "feature")) {
		struct vc_cpu_feature f = { NULL, 0 };

		if (vc_x_enum(x, e, "policy", vc_cpu_policy_names, &f.policy) < 0)
			return -1;
		if (!f.policy)
			f.policy = VC_CPU_POLICY_REQUIRE;
		if (!(f.name = vc_x_attr_req(x, e, "name")))
			return -1;
		for (i = 0; i < c->nfeatures; i++)
			if (!strcmp(c->features[i].name, f.name)) {
				vc_x_err(x, e, "CPU feature '%s' specified more than once", f.name);
				free(f.name);
				return -1;
			}
		VC_GROW(c->features, c->nfeatures);
		c->features[c->nfeatures++] = f;
	}
	return 0;
}

void *
vc_sect_cpu_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_cpu *c = vc_calloc(1, sizeof(*c));
	xmlNodePtr e;
	int r;

	c->cache_level = -1;
	c->maxphysaddr_bits = -1;
	if (vc_x_enum(x, n, "mode", vc_cpu_mode_names, &c->mode) < 0 ||
	    vc_x_enum(x, n, "match", vc_cpu_match_names, &c->match) < 0 ||
	    vc_x_enum(x, n, "check", vc_cpu_check_names, &c->check) < 0 ||
	    vc_x_onoff(x, n, "migratable", &c->migratable) < 0)
		goto bad;
	if (!c->mode)
		c->mode = VC_CPU_MODE_CUSTOM;
	if (c->migratable && c->mode != VC_CPU_MODE_HOST_PASSTHROUGH &&
	    c->mode != VC_CPU_MODE_MAXIMUM) {
		vc_x_err(x, n, "attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode");
		goto bad;
	}
	if ((e = vc_x_child(x, n, "model"))) {
		char *t;

		c->has_model_elem = 1;
		if (vc_x_enum(x, e, "fallback", vc_cpu_fallback_names, &c->fallback) < 0)
			goto bad;
		if ((c->vendor_id = vc_x_attr(x, e, "vendor_id")) && strlen(c->vendor_id) != 12) {
			vc_x_err(x, e, "vendor_id must be exactly 12 characters long");
			goto bad;
		}
		t = vc_x_text(e);
		if (*t)
			c->model = t;
		else
			free(t);
	}
	if (!c->fallback)
		c->fallback = VC_CPU_FALLBACK_ALLOW;
	if (c->mode == VC_CPU_MODE_CUSTOM && !c->match && c->model)
		c->match = VC_CPU_MATCH_EXACT;
	c->vendor = vc_x_child_text(x, n, "vendor");
	if (c->vendor && !c->model) {
		vc_x_err(x, n, "CPU vendor specified without CPU model");
		goto bad;
	}
	if ((e = vc_x_child(x, n, "topology")) && parse_topology(x, e, c) < 0)
		goto bad;
	if ((e = vc_x_child(x, n, "cache"))) {
		c->has_cache = 1;
		if (vc_x_int(x, e, "level", 1, 3, &c->cache_level) < 0)
			goto bad;
		if ((r = vc_x_enum(x, e, "mode", vc_cpu_cache_mode_names, &c->cache_mode)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, e, "missing CPU cache mode");
			goto bad;
		}
	}
	if ((e = vc_x_child(x, n, "maxphysaddr"))) {
		c->has_maxphysaddr = 1;
		if ((r = vc_x_enum(x, e, "mode", physaddr_names, &c->maxphysaddr_mode)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, e, "missing attribute mode");
			goto bad;
		}
		if (vc_x_int(x, e, "bits", 0, 255, &c->maxphysaddr_bits) < 0 ||
		    vc_x_int(x, e, "limit", 0, 255, &c->maxphysaddr_limit) < 0)
			goto bad;
	}
	if (parse_cpu_features(x, n, c) < 0)
		goto bad;
	if (c->nfeatures && !c->model && c->mode == VC_CPU_MODE_CUSTOM) {
		vc_x_err(x, n, "non-empty feature list specified without CPU model");
		goto bad;
	}
	if ((e = vc_x_child(x, n, "numa")) && parse_numa(x, e, c) < 0)
		goto bad;
	return c;
bad:
	vc_sect_cpu_free(c);
	return NULL;
}

static void
format_numa(struct vc_buf *b, int lvl, const struct vc_cpu *c)
{
	size_t i, j;

	vc_f_open(b, lvl, "numa");
	vc_f_close_open(b);
	for (i = 0; i < c->ncells; i++) {
		const struct vc_numa_cell *cl = &c->cells[i];

		vc_f_open(b, lvl + 1, "cell");
		vc_f_attr_u(b, "id", cl->id);
		if (cl->cpus && *cl->cpus)
			vc_f_attr(b, "cpus", cl->cpus);
		vc_f_attr_u(b, "memory", cl->memory);
		vc_f_attr(b, "unit", "KiB");
		vc_f_attr_enum(b, "memAccess", vc_memaccess_names, cl->mem_access);
		vc_f_attr_yesno(b, "discard", cl->discard);
		if (!cl->ndist) {
			vc_f_close_empty(b);
			continue;
		}
		vc_f_close_open(b);
		vc_f_open(b, lvl + 2, "distances");
		vc_f_close_open(b);
		for (j = 0; j < cl->ndist; j++) {
			vc_f_open(b, lvl + 3, "sibling");
			vc_f_attr_u(b, "id", cl->dist[j].id);
			vc_f_attr_u(b, "value", cl->dist[j].value);
			vc_f_close_empty(b);
		}
		vc_f_end(b, lvl + 2, "distances");
		vc_f_end(b, lvl + 1, "cell");
	}
	vc_f_end(b, lvl, "numa");
}

void
vc_sect_cpu_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_cpu *c = p;
	struct vc_buf ch = {0};
	int fmodel, ffallback;
	size_t i;

	if (!c)
		return;
	fmodel = c->mode == VC_CPU_MODE_CUSTOM || c->mode == VC_CPU_MODE_HOST_MODEL;
	ffallback = (c->mode == VC_CPU_MODE_HOST_MODEL && c->has_model_elem) ||
	            (c->mode == VC_CPU_MODE_CUSTOM && c->model);
	if ((fmodel && c->model) || ffallback) {
		vc_f_open(&ch, lvl + 1, "model");
		if (ffallback) {
			vc_f_attr_enum(&ch, "fallback", vc_cpu_fallback_names, c->fallback);
			vc_f_attr(&ch, "vendor_id", c->vendor_id);
		}
		if (fmodel && c->model) {
			vc_buf_putc(&ch, '>');
			vc_buf_esc(&ch, c->model, 0);
			vc_buf_puts(&ch, "</model>\n");
		} else {
			vc_f_close_empty(&ch);
		}
	}
	if (fmodel)
		vc_f_text_elem(&ch, lvl + 1, "vendor", c->vendor);
	if (c->sockets) {
		vc_f_open(&ch, lvl + 1, "topology");
		vc_f_attr_u(&ch, "sockets", c->sockets);
		vc_f_attr_u(&ch, "dies", c->dies);
		vc_f_attr_u(&ch, "clusters", c->clusters);
		vc_f_attr_u(&ch, "cores", c->cores);
		vc_f_attr_u(&ch, "threads", c->threads);
		vc_f_close_empty(&ch);
	}
	if (c->has_cache) {
		vc_f_open(&ch, lvl + 1, "cache");
		if (c->cache_level >= 0)
			vc_f_attr_i(&ch, "level", c->cache_level);
		vc_f_attr_enum(&ch, "mode", vc_cpu_cache_mode_names, c->cache_mode);
		vc_f_close_empty(&ch);
	}
	if (c->has_maxphysaddr) {
		vc_f_open(&ch, lvl + 1, "maxphysaddr");
		vc_f_attr_enum(&ch, "mode", physaddr_names, c->maxphysaddr_mode);
		if (c->maxphysaddr_bits >= 0)
			vc_f_attr_i(&ch, "bits", c->maxphysaddr_bits);
		if (c->maxphysaddr_limit > 0)
			vc_f_attr_i(&ch, "limit", c->maxphysaddr_limit);
		vc_f_close_empty(&ch);
	}
	for (i = 0; i < c->nfeatures; i++) {
		vc_f_open(&ch, lvl + 1, "feature");
		vc_f_attr_enum(&ch, "policy", vc_cpu_policy_names, c->features[i].policy);
		vc_f_attr(&ch, "name", c->features[i].name);
		vc_f_close_empty(&ch);
	}
	if (c->ncells)
		format_numa(&ch, lvl + 1, c);

	vc_f_open(b, lvl, "cpu");
	if (c->mode != VC_CPU_MODE_CUSTOM || c->model) {
		vc_f_attr_enum(b, "mode", vc_cpu_mode_names, c->mode);
		if (c->mode == VC_CPU_MODE_CUSTOM)
			vc_f_attr_enum(b, "match", vc_cpu_match_names, c->match);
		vc_f_attr_enum(b, "check", vc_cpu_check_names, c->check);
		if (c->mode == VC_CPU_MODE_HOST_PASSTHROUGH || c->mode == VC_CPU_MODE_MAXIMUM)
			vc_f_attr_onoff(b, "migratable", c->migratable);
	}
	if (!ch.len) {
		vc_f_close_empty(b);
		vc_buf_free(&ch);
		return;
	}
	vc_f_close_open(b);
	vc_buf_add(b, ch.s, ch.len);
	vc_buf_free(&ch);
	vc_f_end(b, lvl, "cpu");
}

/* ---- <vcpus> ---- */

static int
vcpu_cmp(const void *a, const void *b)
{
	const struct vc_vcpu_ent *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

void
vc_sect_vcpus_free(void *p)
{
	struct vc_vcpus *v = p;

	if (v)
		free(v->v);
	free(v);
}

void *
vc_sect_vcpus_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_vcpus *v = vc_calloc(1, sizeof(*v));
	unsigned long long max = dom_count(n, "vcpu");
	xmlNodePtr c;
	size_t i;
	int r;

	for (c = vc_x_child(x, n, "vcpu"); c; c = vc_x_next(c, "vcpu")) {
		struct vc_vcpu_ent e;

		memset(&e, 0, sizeof(e));
		if (req_uint(x, c, "id", 0, 0xffffffffu, &e.id, 0) < 0)
			goto bad;
		if (max && e.id >= max) {
			vc_x_err(x, c, "vcpu id %u must be lower than the vcpu count %llu", e.id, max);
			goto bad;
		}
		for (i = 0; i < v->n; i++)
			if (v->v[i].id == e.id) {
				vc_x_err(x, c, "duplicate vcpu id %u", e.id);
				goto bad;
			}
		if ((r = vc_x_yesno(x, c, "enabled", &e.enabled)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, c, "missing vcpu enabled state");
			goto bad;
		}
		if (vc_x_yesno(x, c, "hotpluggable", &e.hotpluggable) < 0)
			goto bad;
		if (!e.hotpluggable)
			e.hotpluggable = VC_TRI_NO;
		if ((r = vc_x_uint(x, c, "order", 0, 0xffffffffu, &e.order)) < 0)
			goto bad;
		e.has_order = r && e.order;
		VC_GROW(v->v, v->n);
		v->v[v->n++] = e;
	}
	if (v->n)
		qsort(v->v, v->n, sizeof(*v->v), vcpu_cmp);
	return v;
bad:
	vc_sect_vcpus_free(v);
	return NULL;
}

void
vc_sect_vcpus_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_vcpus *v = p;
	size_t i;

	if (!v || !v->n)
		return;
	vc_f_open(b, lvl, "vcpus");
	vc_f_close_open(b);
	for (i = 0; i < v->n; i++) {
		vc_f_open(b, lvl + 1, "vcpu");
		vc_f_attr_u(b, "id", v->v[i].id);
		vc_f_attr_yesno(b, "enabled", v->v[i].enabled);
		vc_f_attr_yesno(b, "hotpluggable", v->v[i].hotpluggable);
		if (v->v[i].has_order)
			vc_f_attr_u(b, "order", v->v[i].order);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "vcpus");
}

/* ---- <iothreads> ---- */

void
vc_sect_iothreads_free(void *p)
{
	free(p);
}

void *
vc_sect_iothreads_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_iothreads *t = vc_calloc(1, sizeof(*t));
	unsigned long long v;

	if (vc_x_text_ull(x, n, 0, 0xffffffffu, &v) < 0) {
		free(t);
		return NULL;
	}
	t->count = (unsigned)v;
	return t;
}

void
vc_sect_iothreads_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_iothreads *t = p;

	if (!t || !t->count)
		return;
	vc_buf_indent(b, lvl);
	vc_buf_printf(b, "<iothreads>%u</iothreads>\n", t->count);
}

/* ---- <cputune> ---- */

static const char *const cputune_names[VC_CPUTUNE_NVAL] = {
	"shares", "period", "quota", "global_period", "global_quota",
	"emulator_period", "emulator_quota", "iothread_period", "iothread_quota",
};

static void
rdt_mon_free(struct vc_rdt_monitor *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(m[i].vcpus);
	free(m);
}

void
vc_sect_cputune_free(void *p)
{
	struct vc_cputune *t = p;
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nvcpupin; i++)
		free(t->vcpupin[i].cpuset);
	free(t->vcpupin);
	for (i = 0; i < t->niothreadpin; i++)
		free(t->iothreadpin[i].cpuset);
	free(t->iothreadpin);
	free(t->emulatorpin);
	free(t->vcpusched);
	free(t->iothreadsched);
	for (i = 0; i < t->ncachetune; i++) {
		free(t->cachetune[i].vcpus);
		free(t->cachetune[i].id);
		free(t->cachetune[i].cache);
		rdt_mon_free(t->cachetune[i].mon, t->cachetune[i].nmon);
	}
	free(t->cachetune);
	for (i = 0; i < t->nmemorytune; i++) {
		free(t->memorytune[i].vcpus);
		free(t->memorytune[i].id);
		free(t->memorytune[i].node);
		rdt_mon_free(t->memorytune[i].mon, t->memorytune[i].nmon);
	}
	free(t->memorytune);
	free(t);
}

static int
parse_tune_values(struct vc_x *x, xmlNodePtr n, struct vc_cputune *t)
{
	xmlNodePtr c;
	unsigned long long u;
	long long v;
	char *s;
	int i;

	for (i = 0; i < VC_CPUTUNE_NVAL; i++) {
		if (!(c = vc_x_child(x, n, cputune_names[i])))
			continue;
		s = vc_x_text(c);
		if (i % 2 == 1 && i != VC_CPUTUNE_SHARES) {
			/* periods */
			if (vc_parse_ull(s, 0, 1000000, &u) < 0 || (u && u < 1000)) {
				vc_x_err(x, c, "value of cputune '%s' must be in range [1000, 1000000]",
				         cputune_names[i]);
				free(s);
				return -1;
			}
			v = (long long)u;
		} else if (i == VC_CPUTUNE_SHARES) {
			if (vc_parse_ull(s, 0, 262144, &u) < 0) {
				vc_x_err(x, c, "invalid cputune shares '%s'", s);
				free(s);
				return -1;
			}
			v = (long long)u;
		} else {
			/* quotas */
			if (vc_parse_ll(s, -1, 17592186044415LL, &v) < 0 ||
			    (v > 0 && v < 1000)) {
				vc_x_err(x, c, "value of cputune '%s' must be in range [1000, 17592186044415] or less than 0",
				         cputune_names[i]);
				free(s);
				return -1;
			}
		}
		free(s);
		vc_err_clear();
		t->val[i] = v;
		t->has[i] = i == VC_CPUTUNE_SHARES || v != 0;
	}
	return 0;
}

static int
pin_cmp(const void *a, const void *b)
{
	const struct vc_pin *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
sched_cmp(const void *a, const void *b)
{
	const struct vc_sched *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
parse_pins(struct vc_x *x, xmlNodePtr n, const char *elem, const char *idattr,
           unsigned min, unsigned long long max, struct vc_pin **arr, size_t *len)
{
	xmlNodePtr c;
	size_t i;

	for (c = vc_x_child(x, n, elem); c; c = vc_x_next(c, elem)) {
		struct vc_pin p;

		if (req_uint(x, c, idattr, min, 0xffffffffu, &p.id, 0) < 0)
			return -1;
		if (max && p.id >= max)
			return vc_x_err(x, c, "%s %u out of range", idattr, p.id);
		for (i = 0; i < *len; i++)
			if ((*arr)[i].id == p.id)
				return vc_x_err(x, c, "duplicate %s for %s %u", elem, idattr, p.id);
		if (!(p.cpuset = list_attr(x, c, "cpuset", 1, NULL)))
			return -1;
		VC_GROW(*arr, *len);
		(*arr)[(*len)++] = p;
	}
	if (*len)
		qsort(*arr, *len, sizeof(**arr), pin_cmp);
	return 0;
}

static int
parse_sched_attrs(struct vc_x *x, xmlNodePtr c, struct vc_sched *s)
{
	int r;

	if ((r = vc_x_enum(x, c, "scheduler", vc_sched_names, &s->policy)) < 0)
		return -1;
	if (r == 0)
		return vc_x_err(x, c, "missing scheduler type");
	r = vc_x_int(x, c, "priority", -2147483647, 2147483647, &s->priority);
	if (r < 0)
		return -1;
	if (s->policy == VC_SCHED_FIFO || s->policy == VC_SCHED_RR) {
		if (r == 0)
			return vc_x_err(x, c, "missing scheduler priority");
	} else {
		s->priority = 0;
	}
	return 0;
}

static int
parse_scheds(struct vc_x *x, xmlNodePtr n, const char *elem, const char *attr,
             unsigned long long lo, unsigned long long hi,
             struct vc_sched **arr, size_t *len)
{
	xmlNodePtr c;
	struct vc_bitmap m;
	struct vc_sched s;
	size_t i, j;
	char *l;

	for (c = vc_x_child(x, n, elem); c; c = vc_x_next(c, elem)) {
		memset(&s, 0, sizeof(s));
		if (!(l = list_attr(x, c, attr, 1, &m)))
			return -1;
		free(l);
		if (parse_sched_attrs(x, c, &s) < 0 || !vc_bitmap_count(&m)) {
			if (!x->err)
				vc_x_err(x, c, "%s: empty list", attr);
			vc_bitmap_clear(&m);
			return -1;
		}
		for (i = 0; i < m.n; i++) {
			if (!m.bits[i])
				continue;
			if (i < lo || (hi && i > hi)) {
				vc_bitmap_clear(&m);
				return vc_x_err(x, c, "cannot find %s '%zu'", attr, i);
			}
			for (j = 0; j < *len; j++)
				if ((*arr)[j].id == i) {
					vc_bitmap_clear(&m);
					return vc_x_err(x, c, "%s attributes '%s' must not overlap", elem, attr);
				}
			s.id = (unsigned)i;
			VC_GROW(*arr, *len);
			(*arr)[(*len)++] = s;
		}
		vc_bitmap_clear(&m);
	}
	if (*len)
		qsort(*arr, *len, sizeof(**arr), sched_cmp);
	return 0;
}

/* vcpus of a cachetune/memorytune, clamped to the vcpu count; 1 empty */
static int
rdt_vcpus(struct vc_x *x, xmlNodePtr c, unsigned long long max, struct vc_bitmap *m)
{
	char *l;
	size_t i;

	if (!(l = list_attr(x, c, "vcpus", 1, m)))
		return -1;
	free(l);
	if (max)
		for (i = max; i < m->n; i++)
			m->bits[i] = 0;
	return vc_bitmap_count(m) == 0;
}

static int
bitmap_overlap(const struct vc_bitmap *a, const struct vc_bitmap *b)
{
	size_t i;

	for (i = 0; i < a->n && i < b->n; i++)
		if (a->bits[i] && b->bits[i])
			return 1;
	return 0;
}

static int
parse_monitors(struct vc_x *x, xmlNodePtr c, int level, const struct vc_bitmap *all,
               struct vc_rdt_monitor **arr, size_t *len)
{
	xmlNodePtr e;
	struct vc_bitmap m;
	size_t i, j;
	int r;

	for (e = vc_x_child(x, c, "monitor"); e; e = vc_x_next(e, "monitor")) {
		struct vc_rdt_monitor mon;

		memset(&mon, 0, sizeof(mon));
		if (level) {
			if ((r = vc_x_uint(x, e, "level", 0, 0xffffffffu, &mon.level)) < 0)
				return -1;
			mon.has_level = r;
			if (r && mon.level != 3)
				return vc_x_err(x, e, "invalid monitor cache level '%u'", mon.level);
		}
		if (!(mon.vcpus = list_attr(x, e, "vcpus", 1, &m)))
			return -1;
		for (i = 0; i < m.n; i++)
			if (m.bits[i] && !vc_bitmap_isset(all, i)) {
				vc_bitmap_clear(&m);
				free(mon.vcpus);
				return vc_x_err(x, e, "monitor vcpus conflict with allocation");
			}
		vc_bitmap_clear(&m);
		for (j = 0; j < *len; j++)
			if (!strcmp((*arr)[j].vcpus, mon.vcpus)) {
				free(mon.vcpus);
				return vc_x_err(x, e, "identical vcpus found in same monitor group");
			}
		VC_GROW(*arr, *len);
		(*arr)[(*len)++] = mon;
	}
	return 0;
}

static int
parse_cachetune(struct vc_x *x, xmlNodePtr c, unsigned long long max,
                struct vc_cputune *t, struct vc_bitmap *used)
{
	struct vc_cachetune ct;
	struct vc_bitmap m;
	xmlNodePtr e;
	size_t i, k;
	int r;

	memset(&ct, 0, sizeof(ct));
	if ((r = rdt_vcpus(x, c, max, &m)) < 0)
		return -1;
	if (r == 1) {
		/* every vcpu out of range: libvirt drops the whole element */
		vc_bitmap_clear(&m);
		vc_x_use_tree(c);
		return 0;
	}
	if (bitmap_overlap(&m, used)) {
		vc_bitmap_clear(&m);
		return vc_x_err(x, c, "overlapping vcpus in cachetunes");
	}
	for (i = 0; i < m.n; i++)
		if (m.bits[i])
			bitmap_set(used, i, 1);
	ct.vcpus = vc_bitmap_format(&m);
	ct.id = vc_x_attr(x, c, "id");
	VC_GROW(t->cachetune, t->ncachetune);
	t->cachetune[t->ncachetune++] = ct;
	for (e = vc_x_child(x, c, "cache"); e; e = vc_x_next(e, "cache")) {
		struct vc_cachetune_cache cc;
		struct vc_cachetune *cp = &t->cachetune[t->ncachetune - 1];
		char *size, *unit;
		unsigned long long kib;

		memset(&cc, 0, sizeof(cc));
		if (req_uint(x, e, "id", 0, 0xffffffffu, &cc.id, 0) < 0 ||
		    req_uint(x, e, "level", 0, 0xffffffffu, &cc.level, 0) < 0)
			goto bad;
		if ((r = vc_x_enum(x, e, "type", cache_type_names, &cc.type)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, e, "missing cache type");
			goto bad;
		}
		if (!(size = vc_x_attr_req(x, e, "size")))
			goto bad;
		unit = vc_x_attr(x, e, "unit");
		if (unit && !strcmp(unit, "B") ) {
			r = vc_parse_ull(size, 0, ~0ULL, &cc.bytes);
		} else {
			r = vc_parse_scaled(size, unit, "KiB", &kib);
			cc.bytes = kib * 1024;
		}
		if (r < 0)
			vc_x_err(x, e, "invalid cache size '%s': %s", size, vc_errmsg());
		free(size);
		free(unit);
		if (r < 0)
			goto bad;
		for (k = 0; k < cp->ncache; k++)
			if (cp->cache[k].id == cc.id && cp->cache[k].level == cc.level &&
			    (cp->cache[k].type == cc.type || cp->cache[k].type == 1 || cc.type == 1)) {
				vc_x_err(x, e, "colliding cache allocations for cache id %u level %u",
				         cc.id, cc.level);
				goto bad;
			}
		VC_GROW(cp->cache, cp->ncache);
		cp->cache[cp->ncache++] = cc;
	}
	if (parse_monitors(x, c, 1, &m, &t->cachetune[t->ncachetune - 1].mon,
	                   &t->cachetune[t->ncachetune - 1].nmon) < 0)
		goto bad;
	vc_bitmap_clear(&m);
	return 0;
bad:
	vc_bitmap_clear(&m);
	return -1;
}

static int
parse_memorytune(struct vc_x *x, xmlNodePtr c, unsigned long long max,
                 struct vc_cputune *t, struct vc_bitmap *used)
{
	struct vc_memorytune mt;
	struct vc_memorytune *mp;
	struct vc_bitmap m;
	xmlNodePtr e;
	size_t i, k;
	int r;

	memset(&mt, 0, sizeof(mt));
	if ((r = rdt_vcpus(x, c, max, &m)) < 0)
		return -1;
	if (r == 1) {
		vc_bitmap_clear(&m);
		vc_x_use_tree(c);
		return 0;
	}
	if (bitmap_overlap(&m, used)) {
		vc_bitmap_clear(&m);
		return vc_x_err(x, c, "overlapping vcpus in memorytunes");
	}
	for (i = 0; i < m.n; i++)
		if (m.bits[i])
			bitmap_set(used, i, 1);
	mt.vcpus = vc_bitmap_format(&m);
	mt.id = vc_x_attr(x, c, "id");
	VC_GROW(t->memorytune, t->nmemorytune);
	t->memorytune[t->nmemorytune++] = mt;
	mp = &t->memorytune[t->nmemorytune - 1];
	for (e = vc_x_child(x, c, "node"); e; e = vc_x_next(e, "node")) {
		struct vc_memtune_node nd;

		if (req_uint(x, e, "id", 0, 0xffffffffu, &nd.id, 0) < 0 ||
		    req_uint(x, e, "bandwidth", 0, 100, &nd.bandwidth, 0) < 0)
			goto bad;
		for (k = 0; k < mp->nnode; k++)
			if (mp->node[k].id == nd.id) {
				vc_x_err(x, e, "memory bandwidth already set for node %u", nd.id);
				goto bad;
			}
		VC_GROW(mp->node, mp->nnode);
		mp->node[mp->nnode++] = nd;
	}
	if (parse_monitors(x, c, 0, &m, &mp->mon, &mp->nmon) < 0)
		goto bad;
	vc_bitmap_clear(&m);
	return 0;
bad:
	vc_bitmap_clear(&m);
	return -1;
}

void *
vc_sect_cputune_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_cputune *t = vc_calloc(1, sizeof(*t));
	unsigned long long nvcpu = dom_count(n, "vcpu");
	unsigned long long niothr = dom_count(n, "iothreads");
	struct vc_bitmap ctused = {0}, mtused = {0};
	xmlNodePtr c;

	if (parse_tune_values(x, n, t) < 0)
		goto bad;
	if (parse_pins(x, n, "vcpupin", "vcpu", 0, nvcpu, &t->vcpupin, &t->nvcpupin) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "emulatorpin"))) {
		if (vc_x_next(c, "emulatorpin")) {
			vc_x_err(x, c, "only one emulatorpin is supported");
			goto bad;
		}
		if (!(t->emulatorpin = list_attr(x, c, "cpuset", 1, NULL)))
			goto bad;
	}
	if (parse_pins(x, n, "iothreadpin", "iothread", 1, 0, &t->iothreadpin, &t->niothreadpin) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "emulatorsched")) && parse_sched_attrs(x, c, &t->emulatorsched) < 0)
		goto bad;
	if (parse_scheds(x, n, "vcpusched", "vcpus", 0, nvcpu ? nvcpu - 1 : 0,
	                 &t->vcpusched, &t->nvcpusched) < 0)
		goto bad;
	if (parse_scheds(x, n, "iothreadsched", "iothreads", 1, niothr,
	                 &t->iothreadsched, &t->niothreadsched) < 0)
		goto bad;
	for (c = vc_x_child(x, n, "cachetune"); c; c = vc_x_next(c, "cachetune"))
		if (parse_cachetune(x, c, nvcpu, t, &ctused) < 0)
			goto bad;
	for (c = vc_x_child(x, n, "memorytune"); c; c = vc_x_next(c, "memorytune"))
		if (parse_memorytune(x, c, nvcpu, t, &mtused) < 0)
			goto bad;
	vc_bitmap_clear(&ctused);
	vc_bitmap_clear(&mtused);
	return t;
bad:
	vc_bitmap_clear(&ctused);
	vc_bitmap_clear(&mtused);
	vc_sect_cputune_free(t);
	return NULL;
}

static void
format_sched(struct vc_buf *b, int lvl, const char *elem, const char *attr,
             const struct vc_sched *s)
{
	vc_f_open(b, lvl, elem);
	if (attr)
		vc_buf_printf(b, " %s='%u'", attr, s->id);
	vc_f_attr_enum(b, "scheduler", vc_sched_names, s->policy);
	if (s->policy == VC_SCHED_FIFO || s->policy == VC_SCHED_RR)
		vc_f_attr_i(b, "priority", s->priority);
	vc_f_close_empty(b);
}

static void
format_monitors(struct vc_buf *b, int lvl, const struct vc_rdt_monitor *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		vc_f_open(b, lvl, "monitor");
		if (m[i].has_level)
			vc_f_attr_u(b, "level", m[i].level);
		vc_f_attr(b, "vcpus", m[i].vcpus);
		vc_f_close_empty(b);
	}
}

static void
format_cache_size(struct vc_buf *b, unsigned long long bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (u < 4 && bytes && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	vc_f_attr_u(b, "size", bytes);
	vc_f_attr(b, "unit", units[u]);
}

void
vc_sect_cputune_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_cputune *t = p;
	struct vc_buf ch = {0};
	size_t i, j;
	int k;

	if (!t)
		return;
	for (k = 0; k < VC_CPUTUNE_NVAL; k++)
		if (t->has[k]) {
			vc_buf_indent(&ch, lvl + 1);
			vc_buf_printf(&ch, "<%s>%lld</%s>\n", cputune_names[k], t->val[k], cputune_names[k]);
		}
	for (i = 0; i < t->nvcpupin; i++) {
		vc_f_open(&ch, lvl + 1, "vcpupin");
		vc_f_attr_u(&ch, "vcpu", t->vcpupin[i].id);
		vc_f_attr(&ch, "cpuset", t->vcpupin[i].cpuset);
		vc_f_close_empty(&ch);
	}
	if (t->emulatorpin) {
		vc_f_open(&ch, lvl + 1, "emulatorpin");
		vc_f_attr(&ch, "cpuset", t->emulatorpin);
		vc_f_close_empty(&ch);
	}
	for (i = 0; i < t->niothreadpin; i++) {
		vc_f_open(&ch, lvl + 1, "iothreadpin");
		vc_f_attr_u(&ch, "iothread", t->iothreadpin[i].id);
		vc_f_attr(&ch, "cpuset", t->iothreadpin[i].cpuset);
		vc_f_close_empty(&ch);
	}
	if (t->emulatorsched.policy)
		format_sched(&ch, lvl + 1, "emulatorsched", NULL, &t->emulatorsched);
	for (i = 0; i < t->nvcpusched; i++)
		format_sched(&ch, lvl + 1, "vcpusched", "vcpus", &t->vcpusched[i]);
	for (i = 0; i < t->niothreadsched; i++)
		format_sched(&ch, lvl + 1, "iothreadsched", "iothreads", &t->iothreadsched[i]);
	for (i = 0; i < t->ncachetune; i++) {
		const struct vc_cachetune *ct = &t->cachetune[i];

		if (!ct->ncache && !ct->nmon)
			continue;
		vc_f_open(&ch, lvl + 1, "cachetune");
		vc_f_attr(&ch, "vcpus", ct->vcpus);
		vc_f_attr(&ch, "id", ct->id);
		vc_f_close_open(&ch);
		for (j = 0; j < ct->ncache; j++) {
			vc_f_open(&ch, lvl + 2, "cache");
			vc_f_attr_u(&ch, "id", ct->cache[j].id);
			vc_f_attr_u(&ch, "level", ct->cache[j].level);
			vc_f_attr_enum(&ch, "type", cache_type_names, ct->cache[j].type);
			format_cache_size(&ch, ct->cache[j].bytes);
			vc_f_close_empty(&ch);
		}
		format_monitors(&ch, lvl + 2, ct->mon, ct->nmon);
		vc_f_end(&ch, lvl + 1, "cachetune");
	}
	for (i = 0; i < t->nmemorytune; i++) {
		const struct vc_memorytune *mt = &t->memorytune[i];

		if (!mt->nnode && !mt->nmon)
			continue;
		vc_f_open(&ch, lvl + 1, "memorytune");
		vc_f_attr(&ch, "vcpus", mt->vcpus);
		vc_f_attr(&ch, "id", mt->id);
		vc_f_close_open(&ch);
		for (j = 0; j < mt->nnode; j++) {
			vc_f_open(&ch, lvl + 2, "node");
			vc_f_attr_u(&ch, "id", mt->node[j].id);
			vc_f_attr_u(&ch, "bandwidth", mt->node[j].bandwidth);
			vc_f_close_empty(&ch);
		}
		format_monitors(&ch, lvl + 2, mt->mon, mt->nmon);
		vc_f_end(&ch, lvl + 1, "memorytune");
	}
	if (!ch.len)
		return;
	vc_f_open(b, lvl, "cputune");
	vc_f_close_open(b);
	vc_buf_add(b, ch.s, ch.len);
	vc_buf_free(&ch);
	vc_f_end(b, lvl, "cputune");
}
