/* domain_tune.c: resource and platform sections of a domain: blkiotune, memtune,
 * memoryBacking, numatune, resource, sysinfo, clock, seclabel, keywrap, launchSecurity */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/sections.h"

const char *const vc_clock_offset_names[] = { "", "utc", "localtime", "variable", "timezone",
	"absolute", NULL };
const char *const vc_timer_names[] = { "", "platform", "pit", "rtc", "hpet", "tsc", "kvmclock",
	"hypervclock", "armvtimer", NULL };
const char *const vc_tickpolicy_names[] = { "", "delay", "catchup", "merge", "discard", NULL };
const char *const vc_timer_track_names[] = { "", "boot", "guest", "wall", "realtime", NULL };
const char *const vc_timer_mode_names[] = { "", "auto", "native", "emulate", "paravirt",
	"smpsafe", NULL };
const char *const vc_numa_mode_names[] = { "", "strict", "preferred", "interleave",
	"restrictive", NULL };
const char *const vc_launch_names[] = { "", "sev", "sev-snp", "s390-pv", NULL };
const char *const vc_sysinfo_bios_names[] = { "", "vendor", "version", "date", "release", NULL };
const char *const vc_sysinfo_system_names[] = { "", "manufacturer", "product", "version",
	"serial", "uuid", "sku", "family", NULL };
const char *const vc_sysinfo_board_names[] = { "", "manufacturer", "product", "version",
	"serial", "asset", "location", NULL };
const char *const vc_sysinfo_chassis_names[] = { "", "manufacturer", "version", "serial",
	"asset", "sku", NULL };
static const char *const basis_names[] = { "", "utc", "localtime", NULL };
static const char *const placement_names[] = { "", "static", "auto", NULL };
static const char *const mb_source_names[] = { "", "file", "anonymous", "memfd", NULL };
static const char *const mb_access_names[] = { "", "shared", "private", NULL };
static const char *const mb_alloc_names[] = { "", "immediate", "ondemand", NULL };
static const char *const sysinfo_type_names[] = { "", "smbios", "fwcfg", NULL };
static const char *const seclabel_type_names[] = { "", "dynamic", "static", "none", NULL };
static const char *const cipher_names[] = { "", "aes", "dea", NULL };

/* memory values at or above this are "unlimited" and not printed */
#define MEM_UNLIMITED 9007199254740991ULL

/* <elem unit='...'>N</elem> into KiB */
static int
scaled_text(struct vc_x *x, xmlNodePtr c, unsigned long long *kib)
{
	char *unit = vc_x_attr(x, c, "unit"), *t = vc_x_text(c);
	int r = vc_parse_scaled(t, unit, "KiB", kib);

	if (r < 0)
		vc_x_err(x, c, "invalid value '%s': %s", t, vc_errmsg());
	free(unit);
	free(t);
	return r < 0 ? -1 : 0;
}

static int
text_ull(struct vc_x *x, xmlNodePtr n, const char *elem, unsigned long long max,
         unsigned long long *v, int *has)
{
	xmlNodePtr c = vc_x_child(x, n, elem);

	if (!c)
		return 0;
	if (vc_x_text_ull(x, c, 0, max, v) < 0)
		return -1;
	if (has)
		*has = 1;
	return 1;
}

static void
num_elem(struct vc_buf *b, int lvl, const char *elem, unsigned long long v)
{
	vc_buf_indent(b, lvl);
	vc_buf_printf(b, "<%s>%llu</%s>\n", elem, v, elem);
}

static void
kib_elem(struct vc_buf *b, int lvl, const char *elem, unsigned long long v)
{
	vc_buf_indent(b, lvl);
	vc_buf_printf(b, "<%s unit='KiB'>%llu</%s>\n", elem, v, elem);
}

/* canonical form of a node list attribute; NULL (recorded) on error */
static char *
nodeset_attr(struct vc_x *x, xmlNodePtr n, const char *attr, int req)
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
	vc_bitmap_clear(&m);
	return r;
}

/* ---- <blkiotune> ---- */

void
vc_sect_blkiotune_free(void *p)
{
	struct vc_blkiotune *t = p;
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->ndev; i++)
		free(t->dev[i].path);
	free(t->dev);
	free(t);
}

void *
vc_sect_blkiotune_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_blkiotune *t = vc_calloc(1, sizeof(*t));
	unsigned long long v;
	xmlNodePtr c;
	size_t i;

	v = 0;
	if (text_ull(x, n, "weight", 0xffffffffu, &v, &t->has_weight) < 0)
		goto bad;
	t->weight = (unsigned)v;
	for (c = vc_x_child(x, n, "device"); c; c = vc_x_next(c, "device")) {
		struct vc_blkio_dev d;

		memset(&d, 0, sizeof(d));
		if (!(d.path = vc_x_child_text(x, c, "path"))) {
			vc_x_err(x, c, "missing blkio device path");
			goto bad;
		}
		for (i = 0; i < t->ndev; i++)
			if (!strcmp(t->dev[i].path, d.path)) {
				vc_x_err(x, c, "duplicate blkio device path '%s'", d.path);
				free(d.path);
				goto bad;
			}
		VC_GROW(t->dev, t->ndev);
		t->dev[t->ndev++] = d;
		v = 0;
		if (text_ull(x, c, "weight", 0xffffffffu, &v, NULL) < 0)
			goto bad;
		t->dev[t->ndev - 1].weight = (unsigned)v;
		if (text_ull(x, c, "read_iops_sec", ~0ULL, &t->dev[t->ndev - 1].riops, NULL) < 0 ||
		    text_ull(x, c, "write_iops_sec", ~0ULL, &t->dev[t->ndev - 1].wiops, NULL) < 0 ||
		    text_ull(x, c, "read_bytes_sec", ~0ULL, &t->dev[t->ndev - 1].rbps, NULL) < 0 ||
		    text_ull(x, c, "write_bytes_sec", ~0ULL, &t->dev[t->ndev - 1].wbps, NULL) < 0)
			goto bad;
	}
	return t;
bad:
	vc_sect_blkiotune_free(t);
	return NULL;
}

void
vc_sect_blkiotune_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_blkiotune *t = p;
	struct vc_buf ch = {0};
	size_t i;

	if (!t)
		return;
	if (t->has_weight)
		num_elem(&ch, lvl + 1, "weight", t->weight);
	for (i = 0; i < t->ndev; i++) {
		const struct vc_blkio_dev *d = &t->dev[i];

		if (!d->weight && !d->riops && !d->wiops && !d->rbps && !d->wbps)
			continue;
		vc_f_open(&ch, lvl + 1, "device");
		vc_f_close_open(&ch);
		vc_f_text_elem(&ch, lvl + 2, "path", d->path);
		if (d->weight)
			num_elem(&ch, lvl + 2, "weight", d->weight);
		if (d->riops)
			num_elem(&ch, lvl + 2, "read_iops_sec", d->riops);
		if (d->wiops)
			num_elem(&ch, lvl + 2, "write_iops_sec", d->wiops);
		if (d->rbps)
			num_elem(&ch, lvl + 2, "read_bytes_sec", d->rbps);
		if (d->wbps)
			num_elem(&ch, lvl + 2, "write_bytes_sec", d->wbps);
		vc_f_end(&ch, lvl + 1, "device");
	}
	if (!ch.len)
		return;
	vc_f_open(b, lvl, "blkiotune");
	vc_f_close_open(b);
	vc_buf_add(b, ch.s, ch.len);
	vc_buf_free(&ch);
	vc_f_end(b, lvl, "blkiotune");
}

/* ---- <memtune> ---- */

static const char *const memtune_names[VC_MEMTUNE_NVAL] = {
	"hard_limit", "soft_limit", "min_guarantee", "swap_hard_limit",
};

void
vc_sect_memtune_free(void *p)
{
	free(p);
}

void *
vc_sect_memtune_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_memtune *t = vc_calloc(1, sizeof(*t));
	xmlNodePtr c;
	int i;

	for (i = 0; i < VC_MEMTUNE_NVAL; i++) {
		if (!(c = vc_x_child(x, n, memtune_names[i])))
			continue;
		if (scaled_text(x, c, &t->kib[i]) < 0) {
			free(t);
			return NULL;
		}
		t->has[i] = t->kib[i] < MEM_UNLIMITED;
	}
	if (t->has[VC_MEMTUNE_HARD] && t->has[VC_MEMTUNE_SWAP] &&
	    t->kib[VC_MEMTUNE_HARD] > t->kib[VC_MEMTUNE_SWAP]) {
		vc_x_err(x, n, "memory hard_limit tunable value must be lower than or equal to swap_hard_limit");
		free(t);
		return NULL;
	}
	return t;
}

void
vc_sect_memtune_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_memtune *t = p;
	int i, any = 0;

	if (!t)
		return;
	for (i = 0; i < VC_MEMTUNE_NVAL; i++)
		any |= t->has[i];
	if (!any)
		return;
	vc_f_open(b, lvl, "memtune");
	vc_f_close_open(b);
	for (i = 0; i < VC_MEMTUNE_NVAL; i++)
		if (t->has[i])
			kib_elem(b, lvl + 1, memtune_names[i], t->kib[i]);
	vc_f_end(b, lvl, "memtune");
}

/* ---- <memoryBacking> ---- */

void
vc_sect_memorybacking_free(void *p)
{
	struct vc_memorybacking *m = p;
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->npages; i++)
		free(m->pages[i].nodeset);
	free(m->pages);
	free(m);
}

void *
vc_sect_memorybacking_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_memorybacking *m = vc_calloc(1, sizeof(*m));
	xmlNodePtr c, e;
	int r;

	if ((c = vc_x_child(x, n, "hugepages"))) {
		m->hugepages = 1;
		for (e = vc_x_child(x, c, "page"); e; e = vc_x_next(e, "page")) {
			struct vc_hugepage hp = { 0, NULL };
			char *size, *unit;

			if (!(size = vc_x_attr_req(x, e, "size")))
				goto bad;
			unit = vc_x_attr(x, e, "unit");
			r = vc_parse_scaled(size, unit, "KiB", &hp.size);
			if (r < 0)
				vc_x_err(x, e, "invalid hugepage size '%s': %s", size, vc_errmsg());
			free(size);
			free(unit);
			if (r < 0)
				goto bad;
			hp.nodeset = nodeset_attr(x, e, "nodeset", 0);
			if (x->err)
				goto bad;
			VC_GROW(m->pages, m->npages);
			m->pages[m->npages++] = hp;
		}
	}
	if ((c = vc_x_child(x, n, "nosharepages")))
		m->nosharepages = 1;
	if ((c = vc_x_child(x, n, "locked")))
		m->locked = 1;
	if ((c = vc_x_child(x, n, "source"))) {
		if ((r = vc_x_enum(x, c, "type", mb_source_names, &m->source)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, c, "missing memory source type");
			goto bad;
		}
	}
	if ((c = vc_x_child(x, n, "access"))) {
		if ((r = vc_x_enum(x, c, "mode", mb_access_names, &m->access)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, c, "missing memory access mode");
			goto bad;
		}
	}
	if ((c = vc_x_child(x, n, "allocation"))) {
		m->has_allocation = 1;
		if (vc_x_enum(x, c, "mode", mb_alloc_names, &m->allocation) < 0 ||
		    vc_x_uint(x, c, "threads", 0, 0xffffffffu, &m->alloc_threads) < 0)
			goto bad;
	}
	if ((c = vc_x_child(x, n, "discard")))
		m->discard = 1;
	return m;
bad:
	vc_sect_memorybacking_free(m);
	return NULL;
}

void
vc_sect_memorybacking_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_memorybacking *m = p;
	size_t i;

	if (!m || !(m->hugepages || m->nosharepages || m->locked || m->source ||
	            m->access || m->has_allocation || m->discard))
		return;
	vc_f_open(b, lvl, "memoryBacking");
	vc_f_close_open(b);
	if (m->hugepages) {
		vc_f_open(b, lvl + 1, "hugepages");
		if (!m->npages) {
			vc_f_close_empty(b);
		} else {
			vc_f_close_open(b);
			for (i = 0; i < m->npages; i++) {
				vc_f_open(b, lvl + 2, "page");
				vc_f_attr_u(b, "size", m->pages[i].size);
				vc_f_attr(b, "unit", "KiB");
				vc_f_attr(b, "nodeset", m->pages[i].nodeset);
				vc_f_close_empty(b);
			}
			vc_f_end(b, lvl + 1, "hugepages");
		}
	}
	if (m->nosharepages) {
		vc_f_open(b, lvl + 1, "nosharepages");
		vc_f_close_empty(b);
	}
	if (m->locked) {
		vc_f_open(b, lvl + 1, "locked");
		vc_f_close_empty(b);
	}
	if (m->source) {
		vc_f_open(b, lvl + 1, "source");
		vc_f_attr_enum(b, "type", mb_source_names, m->source);
		vc_f_close_empty(b);
	}
	if (m->access) {
		vc_f_open(b, lvl + 1, "access");
		vc_f_attr_enum(b, "mode", mb_access_names, m->access);
		vc_f_close_empty(b);
	}
	if (m->has_allocation) {
		vc_f_open(b, lvl + 1, "allocation");
		vc_f_attr_enum(b, "mode", mb_alloc_names, m->allocation);
		if (m->alloc_threads)
			vc_f_attr_u(b, "threads", m->alloc_threads);
		vc_f_close_empty(b);
	}
	if (m->discard) {
		vc_f_open(b, lvl + 1, "discard");
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "memoryBacking");
}

/* ---- <numatune> ---- */

void
vc_sect_numatune_free(void *p)
{
	struct vc_numatune *t = p;
	size_t i;

	if (!t)
		return;
	free(t->nodeset);
	for (i = 0; i < t->nmemnode; i++)
		free(t->memnode[i].nodeset);
	free(t->memnode);
	free(t);
}

static int
memnode_cmp(const void *a, const void *b)
{
	const struct vc_memnode *x = a, *y = b;

	return x->cellid < y->cellid ? -1 : x->cellid > y->cellid;
}

void *
vc_sect_numatune_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_numatune *t = vc_calloc(1, sizeof(*t));
	xmlNodePtr c;
	size_t i;
	int r;

	if ((c = vc_x_child(x, n, "memory"))) {
		t->has_memory = 1;
		if (vc_x_enum(x, c, "mode", vc_numa_mode_names, &t->mode) < 0 ||
		    vc_x_enum(x, c, "placement", placement_names, &t->placement) < 0)
			goto bad;
		if (!t->mode)
			t->mode = VC_NUMA_MODE_STRICT;
		t->nodeset = nodeset_attr(x, c, "nodeset", 0);
		if (x->err)
			goto bad;
		if (!t->placement)
			t->placement = t->nodeset ? 1 : 2;
		if (t->placement == 1 && !t->nodeset) {
			vc_x_err(x, c, "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
			goto bad;
		}
		if (t->placement == 2) {
			free(t->nodeset);
			t->nodeset = NULL;
		}
	}
	for (c = vc_x_child(x, n, "memnode"); c; c = vc_x_next(c, "memnode")) {
		struct vc_memnode mn = { 0, 0, NULL };

		if ((r = vc_x_uint(x, c, "cellid", 0, 0xffffffffu, &mn.cellid)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, c, "missing required cellid attribute in memnode element");
			goto bad;
		}
		for (i = 0; i < t->nmemnode; i++)
			if (t->memnode[i].cellid == mn.cellid) {
				vc_x_err(x, c, "multiple memnode elements with cellid %u", mn.cellid);
				goto bad;
			}
		if (vc_x_enum(x, c, "mode", vc_numa_mode_names, &mn.mode) < 0)
			goto bad;
		if (!mn.mode)
			mn.mode = VC_NUMA_MODE_STRICT;
		if (!(mn.nodeset = nodeset_attr(x, c, "nodeset", 1)))
			goto bad;
		VC_GROW(t->memnode, t->nmemnode);
		t->memnode[t->nmemnode++] = mn;
	}
	if (t->nmemnode)
		qsort(t->memnode, t->nmemnode, sizeof(*t->memnode), memnode_cmp);
	return t;
bad:
	vc_sect_numatune_free(t);
	return NULL;
}

void
vc_sect_numatune_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_numatune *t = p;
	size_t i;

	if (!t || (!t->has_memory && !t->nmemnode))
		return;
	vc_f_open(b, lvl, "numatune");
	vc_f_close_open(b);
	if (t->has_memory) {
		vc_f_open(b, lvl + 1, "memory");
		vc_f_attr_enum(b, "mode", vc_numa_mode_names, t->mode);
		if (t->placement == 1)
			vc_f_attr(b, "nodeset", t->nodeset);
		else
			vc_f_attr_enum(b, "placement", placement_names, t->placement);
		vc_f_close_empty(b);
	}
	for (i = 0; i < t->nmemnode; i++) {
		vc_f_open(b, lvl + 1, "memnode");
		vc_f_attr_u(b, "cellid", t->memnode[i].cellid);
		vc_f_attr_enum(b, "mode", vc_numa_mode_names, t->memnode[i].mode);
		vc_f_attr(b, "nodeset", t->memnode[i].nodeset);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "numatune");
}

/* ---- <resource> ---- */

void
vc_sect_resource_free(void *p)
{
	struct vc_resource *r = p;

	if (!r)
		return;
	free(r->partition);
	free(r->appid);
	free(r);
}

void *
vc_sect_resource_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_resource *r = vc_calloc(1, sizeof(*r));
	xmlNodePtr c;
	const char *s;

	if ((r->partition = vc_x_child_text(x, n, "partition")) && r->partition[0] != '/') {
		vc_x_err(x, n, "resource partition '%s' must start with '/'", r->partition);
		goto bad;
	}
	if ((c = vc_x_child(x, n, "fibrechannel"))) {
		if (!(r->appid = vc_x_attr_req(x, c, "appid")))
			goto bad;
		if (!*r->appid || strlen(r->appid) > 128) {
			vc_x_err(x, c, "fibrechannel appid must be 1-128 characters");
			goto bad;
		}
		for (s = r->appid; *s; s++)
			if (*s < 0x20 || *s > 0x7e) {
				vc_x_err(x, c, "fibrechannel appid must be printable characters");
				goto bad;
			}
	}
	return r;
bad:
	vc_sect_resource_free(r);
	return NULL;
}

void
vc_sect_resource_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_resource *r = p;

	if (!r || (!r->partition && !r->appid))
		return;
	vc_f_open(b, lvl, "resource");
	vc_f_close_open(b);
	vc_f_text_elem(b, lvl + 1, "partition", r->partition);
	if (r->appid) {
		vc_f_open(b, lvl + 1, "fibrechannel");
		vc_f_attr(b, "appid", r->appid);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "resource");
}

/* ---- <sysinfo> ---- */

void
vc_sect_sysinfo_free(void *p)
{
	struct vc_sysinfo *s = p;
	size_t i;
	int k;

	if (!s)
		return;
	for (k = 0; k < 5; k++)
		free(s->bios[k]);
	for (k = 0; k < 8; k++)
		free(s->system[k]);
	for (k = 0; k < 6; k++)
		free(s->chassis[k]);
	for (i = 0; i < s->nboards; i++)
		for (k = 0; k < 7; k++)
			free(s->boards[i].v[k]);
	free(s->boards);
	for (i = 0; i < s->noem; i++)
		free(s->oem[i]);
	free(s->oem);
	for (i = 0; i < s->nfw; i++) {
		free(s->fw[i].name);
		free(s->fw[i].value);
		free(s->fw[i].file);
	}
	free(s->fw);
	free(s);
}

/* <group><entry name='...'>v</entry>...</group> into vals[] by name index */
static int
parse_entries(struct vc_x *x, xmlNodePtr g, const char *const *names, char **vals)
{
	xmlNodePtr e;
	char *name;
	int i;

	for (e = vc_x_child(x, g, "entry"); e; e = vc_x_next(e, "entry")) {
		if (!(name = vc_x_attr_req(x, e, "name")))
			return -1;
		i = vc_enum_find(names, name);
		if (i < 0) {
			vc_x_err(x, e, "unknown sysinfo entry name '%s'", name);
			free(name);
			return -1;
		}
		free(name);
		free(vals[i]);
		vals[i] = vc_x_text(e);
	}
	return 0;
}

static int
bios_date_ok(const char *d)
{
	size_t i, n = strlen(d);

	/* mm/dd/yy or mm/dd/yyyy */
	if (n != 8 && n != 10)
		return 0;
	for (i = 0; i < n; i++)
		if ((i == 2 || i == 5) ? d[i] != '/' : (d[i] < '0' || d[i] > '9'))
			return 0;
	return 1;
}

void *
vc_sect_sysinfo_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_sysinfo *s = vc_calloc(1, sizeof(*s));
	xmlNodePtr c, e;
	int r;

	if ((r = vc_x_enum(x, n, "type", sysinfo_type_names, &s->type)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, n, "sysinfo must contain a type attribute");
		goto bad;
	}
	if (s->type == VC_SYSINFO_FWCFG) {
		for (e = vc_x_child(x, n, "entry"); e; e = vc_x_next(e, "entry")) {
			struct vc_sysinfo_fw f = { NULL, NULL, NULL };
			char *v;

			if (!(f.name = vc_x_attr_req(x, e, "name")))
				goto bad;
			f.file = vc_x_attr(x, e, "file");
			v = vc_x_text(e);
			if (*v)
				f.value = v;
			else
				free(v);
			VC_GROW(s->fw, s->nfw);
			s->fw[s->nfw++] = f;
			if (!f.value == !f.file) {
				vc_x_err(x, e, "exactly one of value or file must be given for fwcfg entry '%s'", f.name);
				goto bad;
			}
		}
		return s;
	}
	if ((c = vc_x_child(x, n, "bios"))) {
		if (parse_entries(x, c, vc_sysinfo_bios_names, s->bios) < 0)
			goto bad;
		if (s->bios[3] && !bios_date_ok(s->bios[3])) {
			vc_x_err(x, c, "invalid BIOS 'date' format: %s", s->bios[3]);
			goto bad;
		}
	}
	if ((c = vc_x_child(x, n, "system")) &&
	    parse_entries(x, c, vc_sysinfo_system_names, s->system) < 0)
		goto bad;
	for (c = vc_x_child(x, n, "baseBoard"); c; c = vc_x_next(c, "baseBoard")) {
		VC_GROW(s->boards, s->nboards);
		memset(&s->boards[s->nboards], 0, sizeof(*s->boards));
		s->nboards++;
		if (parse_entries(x, c, vc_sysinfo_board_names, s->boards[s->nboards - 1].v) < 0)
			goto bad;
	}
	if ((c = vc_x_child(x, n, "chassis")) &&
	    parse_entries(x, c, vc_sysinfo_chassis_names, s->chassis) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "oemStrings")))
		for (e = vc_x_child(x, c, "entry"); e; e = vc_x_next(e, "entry"))
			VC_APPEND(s->oem, s->noem, vc_x_text(e));
	return s;
bad:
	vc_sect_sysinfo_free(s);
	return NULL;
}

static void
format_group(struct vc_buf *b, int lvl, const char *elem, const char *const *names,
             char *const *vals)
{
	int i, any = 0;

	for (i = 1; names[i]; i++) {
		if (!vals[i])
			continue;
		if (!any++) {
			vc_f_open(b, lvl, elem);
			vc_f_close_open(b);
		}
		vc_f_open(b, lvl + 1, "entry");
		vc_f_attr(b, "name", names[i]);
		vc_buf_putc(b, '>');
		vc_buf_esc(b, vals[i], 0);
		vc_buf_puts(b, "</entry>\n");
	}
	if (any)
		vc_f_end(b, lvl, elem);
}

void
vc_sect_sysinfo_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_sysinfo *s = p;
	size_t i;

	if (!s)
		return;
	vc_f_open(b, lvl, "sysinfo");
	vc_f_attr_enum(b, "type", sysinfo_type_names, s->type);
	if (s->type == VC_SYSINFO_FWCFG) {
		if (!s->nfw) {
			vc_f_close_empty(b);
			return;
		}
		vc_f_close_open(b);
		for (i = 0; i < s->nfw; i++) {
			vc_f_open(b, lvl + 1, "entry");
			vc_f_attr(b, "name", s->fw[i].name);
			vc_f_attr(b, "file", s->fw[i].file);
			if (!s->fw[i].value) {
				vc_f_close_empty(b);
				continue;
			}
			vc_buf_putc(b, '>');
			vc_buf_esc(b, s->fw[i].value, 0);
			vc_buf_puts(b, "</entry>\n");
		}
		vc_f_end(b, lvl, "sysinfo");
		return;
	}
	vc_f_close_open(b);
	format_group(b, lvl + 1, "bios", vc_sysinfo_bios_names, s->bios);
	format_group(b, lvl + 1, "system", vc_sysinfo_system_names, s->system);
	for (i = 0; i < s->nboards; i++)
		format_group(b, lvl + 1, "baseBoard", vc_sysinfo_board_names, s->boards[i].v);
	format_group(b, lvl + 1, "chassis", vc_sysinfo_chassis_names, s->chassis);
	if (s->noem) {
		vc_f_open(b, lvl + 1, "oemStrings");
		vc_f_close_open(b);
		for (i = 0; i < s->noem; i++)
			vc_f_text_elem(b, lvl + 2, "entry", s->oem[i]);
		vc_f_end(b, lvl + 1, "oemStrings");
	}
	vc_f_end(b, lvl, "sysinfo");
}

/* ---- <clock> ---- */

void
vc_sect_clock_free(void *p)
{
	struct vc_clock *c = p;

	if (!c)
		return;
	free(c->timezone);
	free(c->timers);
	free(c);
}

static int
parse_timer(struct vc_x *x, xmlNodePtr e, struct vc_timer *t)
{
	xmlNodePtr c;
	unsigned long long v;
	int r;

	memset(t, 0, sizeof(*t));
	if ((r = vc_x_enum(x, e, "name", vc_timer_names, &t->name)) < 0)
		return -1;
	if (r == 0)
		return vc_x_err(x, e, "missing timer name");
	if (vc_x_yesno(x, e, "present", &t->present) < 0 ||
	    vc_x_enum(x, e, "tickpolicy", vc_tickpolicy_names, &t->tickpolicy) < 0 ||
	    vc_x_enum(x, e, "track", vc_timer_track_names, &t->track) < 0 ||
	    vc_x_ull(x, e, "frequency", 0, ~0ULL, &t->frequency) < 0 ||
	    vc_x_enum(x, e, "mode", vc_timer_mode_names, &t->mode) < 0)
		return -1;
	if (t->track && t->name != VC_TIMER_PLATFORM && t->name != VC_TIMER_RTC)
		return vc_x_err(x, e, "track is only valid for RTC and platform timers");
	if ((t->frequency || t->mode) && t->name != VC_TIMER_TSC)
		return vc_x_err(x, e, "frequency and mode are only valid for the TSC timer");
	if ((c = vc_x_child(x, e, "catchup"))) {
		if ((r = vc_x_ull(x, c, "threshold", 0, 0xffffffffu, &v)) < 0)
			return -1;
		t->catchup_threshold = r ? (unsigned long)v : 0;
		if ((r = vc_x_ull(x, c, "slew", 0, 0xffffffffu, &v)) < 0)
			return -1;
		t->catchup_slew = r ? (unsigned long)v : 0;
		if ((r = vc_x_ull(x, c, "limit", 0, 0xffffffffu, &v)) < 0)
			return -1;
		t->catchup_limit = r ? (unsigned long)v : 0;
	}
	return 0;
}

void *
vc_sect_clock_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_clock *c = vc_calloc(1, sizeof(*c));
	xmlNodePtr e;
	char *adj = NULL;
	size_t i;
	int r;

	if (vc_x_enum(x, n, "offset", vc_clock_offset_names, &c->offset) < 0)
		goto bad;
	if (!c->offset)
		c->offset = VC_CLOCK_UTC;
	adj = vc_x_attr(x, n, "adjustment");
	switch (c->offset) {
	case VC_CLOCK_UTC:
	case VC_CLOCK_LOCALTIME:
		if (!adj)
			break;
		if (!strcmp(adj, "reset")) {
			c->adjustment_reset = 1;
			break;
		}
		/* a numeric adjustment turns it into a variable clock */
		if (vc_parse_ll(adj, -9223372036854775807LL, 9223372036854775807LL, &c->adjustment) < 0) {
			vc_x_err(x, n, "invalid clock adjustment '%s'", adj);
			goto bad;
		}
		c->basis = c->offset == VC_CLOCK_UTC ? 1 : 2;
		c->offset = VC_CLOCK_VARIABLE;
		break;
	case VC_CLOCK_VARIABLE:
		if (adj && vc_parse_ll(adj, -9223372036854775807LL, 9223372036854775807LL,
		                       &c->adjustment) < 0) {
			vc_x_err(x, n, "invalid clock adjustment '%s'", adj);
			goto bad;
		}
		if (vc_x_enum(x, n, "basis", basis_names, &c->basis) < 0)
			goto bad;
		if (!c->basis)
			c->basis = 1;
		break;
	case VC_CLOCK_TIMEZONE:
		if (adj) {
			vc_x_err(x, n, "clock adjustment is not valid with offset 'timezone'");
			goto bad;
		}
		if (!(c->timezone = vc_x_attr_req(x, n, "timezone")))
			goto bad;
		break;
	case VC_CLOCK_ABSOLUTE:
		if (adj) {
			vc_x_err(x, n, "clock adjustment is not valid with offset 'absolute'");
			goto bad;
		}
		if ((r = vc_x_ull(x, n, "start", 0, ~0ULL, &c->start)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, n, "missing 'start' attribute with offset='absolute'");
			goto bad;
		}
		break;
	}
	free(adj);
	adj = NULL;
	for (e = vc_x_child(x, n, "timer"); e; e = vc_x_next(e, "timer")) {
		struct vc_timer t;

		if (parse_timer(x, e, &t) < 0)
			goto bad;
		for (i = 0; i < c->ntimers; i++)
			if (c->timers[i].name == t.name) {
				vc_x_err(x, e, "duplicate timer '%s'", vc_timer_names[t.name]);
				goto bad;
			}
		VC_GROW(c->timers, c->ntimers);
		c->timers[c->ntimers++] = t;
	}
	return c;
bad:
	free(adj);
	vc_sect_clock_free(c);
	return NULL;
}

static void
format_timer(struct vc_buf *b, int lvl, const struct vc_timer *t)
{
	vc_f_open(b, lvl, "timer");
	vc_f_attr_enum(b, "name", vc_timer_names, t->name);
	vc_f_attr_yesno(b, "present", t->present);
	vc_f_attr_enum(b, "tickpolicy", vc_tickpolicy_names, t->tickpolicy);
	vc_f_attr_enum(b, "track", vc_timer_track_names, t->track);
	if (t->frequency)
		vc_f_attr_u(b, "frequency", t->frequency);
	vc_f_attr_enum(b, "mode", vc_timer_mode_names, t->mode);
	if (!t->catchup_threshold && !t->catchup_slew && !t->catchup_limit) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_f_open(b, lvl + 1, "catchup");
	if (t->catchup_threshold)
		vc_f_attr_u(b, "threshold", t->catchup_threshold);
	if (t->catchup_slew)
		vc_f_attr_u(b, "slew", t->catchup_slew);
	if (t->catchup_limit)
		vc_f_attr_u(b, "limit", t->catchup_limit);
	vc_f_close_empty(b);
	vc_f_end(b, lvl, "timer");
}

/* also called with NULL: libvirt always prints a clock, utc by default */
void
vc_sect_clock_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_clock *c = p;
	size_t i;

	vc_f_open(b, lvl, "clock");
	if (!c) {
		vc_f_attr(b, "offset", "utc");
		vc_f_close_empty(b);
		return;
	}
	vc_f_attr_enum(b, "offset", vc_clock_offset_names, c->offset);
	switch (c->offset) {
	case VC_CLOCK_UTC:
	case VC_CLOCK_LOCALTIME:
		if (c->adjustment_reset)
			vc_f_attr(b, "adjustment", "reset");
		break;
	case VC_CLOCK_VARIABLE:
		vc_f_attr_i(b, "adjustment", c->adjustment);
		vc_f_attr_enum(b, "basis", basis_names, c->basis);
		break;
	case VC_CLOCK_TIMEZONE:
		vc_f_attr(b, "timezone", c->timezone);
		break;
	case VC_CLOCK_ABSOLUTE:
		vc_f_attr_u(b, "start", c->start);
		break;
	}
	if (!c->ntimers) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	for (i = 0; i < c->ntimers; i++)
		format_timer(b, lvl + 1, &c->timers[i]);
	vc_f_end(b, lvl, "clock");
}

/* ---- <seclabel> ---- */

void
vc_sect_seclabel_free(void *p)
{
	struct vc_seclabel *s = p;

	if (!s)
		return;
	free(s->model);
	free(s->label);
	free(s->imagelabel);
	free(s->baselabel);
	free(s);
}

void *
vc_sect_seclabel_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_seclabel *s = vc_calloc(1, sizeof(*s));
	char *label, *image;

	if (vc_x_enum(x, n, "type", seclabel_type_names, &s->type) < 0 ||
	    vc_x_yesno(x, n, "relabel", &s->relabel) < 0)
		goto bad;
	if (!s->type)
		s->type = 1;
	s->model = vc_x_attr(x, n, "model");
	if (!s->relabel)
		s->relabel = s->type == 1 ? VC_TRI_YES : VC_TRI_NO;
	if (s->type == 1 && s->relabel == VC_TRI_NO) {
		vc_x_err(x, n, "dynamic label type must use resource relabeling");
		goto bad;
	}
	if (s->type == 3 && s->relabel == VC_TRI_YES) {
		vc_x_err(x, n, "resource relabeling is not compatible with 'none' label type");
		goto bad;
	}
	label = vc_x_child_text(x, n, "label");
	image = vc_x_child_text(x, n, "imagelabel");
	s->baselabel = vc_x_child_text(x, n, "baselabel");
	if (s->type == 2) {
		/* static labels are kept; generated ones are live state */
		s->label = label;
		free(image);
		if (!s->label) {
			vc_x_err(x, n, "security label is missing");
			goto bad;
		}
	} else {
		free(label);
		free(image);
	}
	if (s->baselabel && s->type != 1) {
		vc_x_err(x, n, "only dynamic labels can have a baselabel");
		goto bad;
	}
	return s;
bad:
	vc_sect_seclabel_free(s);
	return NULL;
}

void
vc_sect_seclabel_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_seclabel *s = p;

	if (!s)
		return;
	vc_f_open(b, lvl, "seclabel");
	vc_f_attr_enum(b, "type", seclabel_type_names, s->type);
	vc_f_attr(b, "model", s->model);
	if (s->type == 3) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_attr_yesno(b, "relabel", s->relabel);
	if (!s->label && !s->imagelabel && !s->baselabel) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_f_text_elem(b, lvl + 1, "label", s->label);
	vc_f_text_elem(b, lvl + 1, "imagelabel", s->imagelabel);
	vc_f_text_elem(b, lvl + 1, "baselabel", s->baselabel);
	vc_f_end(b, lvl, "seclabel");
}

/* ---- <keywrap> ---- */

void
vc_sect_keywrap_free(void *p)
{
	free(p);
}

void *
vc_sect_keywrap_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_keywrap *k = vc_calloc(1, sizeof(*k));
	xmlNodePtr c;
	int name, st, r;

	for (c = vc_x_child(x, n, "cipher"); c; c = vc_x_next(c, "cipher")) {
		if ((r = vc_x_enum(x, c, "name", cipher_names, &name)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, c, "missing name for cipher");
			goto bad;
		}
		if ((r = vc_x_onoff(x, c, "state", &st)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, c, "missing state for cipher named %s", cipher_names[name]);
			goto bad;
		}
		if ((name == 1 ? k->aes : k->dea) != 0) {
			vc_x_err(x, c, "a domain definition can have no more than one cipher node with name %s",
			         cipher_names[name]);
			goto bad;
		}
		if (name == 1)
			k->aes = st;
		else
			k->dea = st;
	}
	return k;
bad:
	free(k);
	return NULL;
}

void
vc_sect_keywrap_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_keywrap *k = p;

	if (!k || (!k->aes && !k->dea))
		return;
	vc_f_open(b, lvl, "keywrap");
	vc_f_close_open(b);
	if (k->aes) {
		vc_f_open(b, lvl + 1, "cipher");
		vc_f_attr(b, "name", "aes");
		vc_f_attr_onoff(b, "state", k->aes);
		vc_f_close_empty(b);
	}
	if (k->dea) {
		vc_f_open(b, lvl + 1, "cipher");
		vc_f_attr(b, "name", "dea");
		vc_f_attr_onoff(b, "state", k->dea);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "keywrap");
}

/* ---- <launchSecurity> ---- */

void
vc_sect_launchsecurity_free(void *p)
{
	struct vc_launchsec *l = p;

	if (!l)
		return;
	free(l->dh_cert);
	free(l->session);
	free(l->guest_visible_workarounds);
	free(l->id_block);
	free(l->id_auth);
	free(l->host_data);
	free(l);
}

/* an unsigned number element in decimal or 0x hex */
static int
hex_text(struct vc_x *x, xmlNodePtr c, unsigned long long max, unsigned long long *v)
{
	char *t = vc_x_text(c), *end;
	const char *s = t;

	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	errno = 0;
	*v = strtoull(s, &end, 0);
	while (*end == ' ' || *end == '\n' || *end == '\t')
		end++;
	if (errno || end == s || *end || *s == '-' || *v > max) {
		vc_x_err(x, c, "invalid value '%s'", t);
		free(t);
		return -1;
	}
	free(t);
	return 0;
}

static int
uint_child(struct vc_x *x, xmlNodePtr n, const char *elem, unsigned *v, int *has)
{
	xmlNodePtr c = vc_x_child(x, n, elem);
	unsigned long long u;

	if (!c)
		return 0;
	if (vc_x_text_ull(x, c, 0, 0xffffffffu, &u) < 0)
		return -1;
	*v = (unsigned)u;
	*has = 1;
	return 0;
}

void *
vc_sect_launchsecurity_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_launchsec *l = vc_calloc(1, sizeof(*l));
	xmlNodePtr c;
	int r;

	if ((r = vc_x_enum(x, n, "type", vc_launch_names, &l->type)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, n, "missing launch security type");
		goto bad;
	}
	if (l->type == VC_LAUNCH_S390_PV)
		return l;
	if (vc_x_yesno(x, n, "kernelHashes", &l->kernel_hashes) < 0)
		goto bad;
	if (uint_child(x, n, "cbitpos", &l->cbitpos, &l->has_cbitpos) < 0 ||
	    uint_child(x, n, "reducedPhysBits", &l->reduced_phys_bits, &l->has_reduced_phys_bits) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "policy"))) {
		if (hex_text(x, c, l->type == VC_LAUNCH_SEV ? 0xffffffffULL : ~0ULL, &l->policy) < 0)
			goto bad;
		l->has_policy = 1;
	} else if (l->type == VC_LAUNCH_SEV) {
		vc_x_err(x, n, "failed to get launch security policy");
		goto bad;
	}
	if (l->type == VC_LAUNCH_SEV) {
		l->dh_cert = vc_x_child_text(x, n, "dhCert");
		l->session = vc_x_child_text(x, n, "session");
	} else {
		if (vc_x_yesno(x, n, "authorKey", &l->author_key) < 0 ||
		    vc_x_yesno(x, n, "vcek", &l->vcek) < 0)
			goto bad;
		l->guest_visible_workarounds = vc_x_child_text(x, n, "guestVisibleWorkarounds");
		l->id_block = vc_x_child_text(x, n, "idBlock");
		l->id_auth = vc_x_child_text(x, n, "idAuth");
		l->host_data = vc_x_child_text(x, n, "hostData");
	}
	return l;
bad:
	vc_sect_launchsecurity_free(l);
	return NULL;
}

void
vc_sect_launchsecurity_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_launchsec *l = p;

	if (!l)
		return;
	vc_f_open(b, lvl, "launchSecurity");
	vc_f_attr_enum(b, "type", vc_launch_names, l->type);
	if (l->type == VC_LAUNCH_S390_PV) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_attr_yesno(b, "kernelHashes", l->kernel_hashes);
	if (l->type == VC_LAUNCH_SEV_SNP) {
		vc_f_attr_yesno(b, "authorKey", l->author_key);
		vc_f_attr_yesno(b, "vcek", l->vcek);
	}
	vc_f_close_open(b);
	if (l->has_cbitpos)
		num_elem(b, lvl + 1, "cbitpos", l->cbitpos);
	if (l->has_reduced_phys_bits)
		num_elem(b, lvl + 1, "reducedPhysBits", l->reduced_phys_bits);
	if (l->has_policy) {
		vc_buf_indent(b, lvl + 1);
		if (l->type == VC_LAUNCH_SEV)
			vc_buf_printf(b, "<policy>0x%04llx</policy>\n", l->policy);
		else
			vc_buf_printf(b, "<policy>0x%llx</policy>\n", l->policy);
	}
	vc_f_text_elem(b, lvl + 1, "dhCert", l->dh_cert);
	vc_f_text_elem(b, lvl + 1, "session", l->session);
	vc_f_text_elem(b, lvl + 1, "guestVisibleWorkarounds", l->guest_visible_workarounds);
	vc_f_text_elem(b, lvl + 1, "idBlock", l->id_block);
	vc_f_text_elem(b, lvl + 1, "idAuth", l->id_auth);
	vc_f_text_elem(b, lvl + 1, "hostData", l->host_data);
	vc_f_end(b, lvl, "launchSecurity");
}
