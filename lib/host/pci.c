/* pci.c: PCI devices from sysfs: identity, IOMMU, SR-IOV, and driver binding */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pciaccess.h>

#include "host.h"

static int
hexfield(const char **s, unsigned max, char sep, unsigned *v)
{
	unsigned long x = 0;
	int n = 0;

	while (n < 8) {
		char c = **s;
		int d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		x = x * 16 + d;
		(*s)++;
		n++;
	}
	if (n == 0 || x > max)
		return -1;
	if (sep) {
		if (**s != sep)
			return -1;
		(*s)++;
	}
	*v = x;
	return 0;
}

int
vc_pci_addr_scan(const char *s, struct vc_pciaddr *a)
{
	const char *p = s;
	char sep = ':', fsep = '.';
	int colons = 0;
	const char *q;

	if (strncmp(p, "pci_", 4) == 0) {
		p += 4;
		sep = fsep = '_';
		colons = 3;
	} else {
		for (q = p; *q; q++)
			colons += *q == ':';
		colons = colons == 2 ? 3 : colons == 1 ? 2 : 0;
	}
	if (colons == 3) {
		if (hexfield(&p, 0xffff, sep, &a->dom) < 0)
			goto bad;
	} else if (colons == 2) {
		a->dom = 0;
	} else {
		goto bad;
	}
	if (hexfield(&p, 0xff, sep, &a->bus) < 0 ||
	    hexfield(&p, 0x1f, fsep, &a->slot) < 0 ||
	    hexfield(&p, 7, 0, &a->fn) < 0 || *p)
		goto bad;
	return 0;
bad:
	return vc_err("%s: malformed PCI address", s);
}

void
vc_pci_addr_str(const struct vc_pciaddr *a, char out[16])
{
	snprintf(out, 16, "%04x:%02x:%02x.%x", a->dom & 0xffff, a->bus & 0xff,
	         a->slot & 0x1f, a->fn & 7);
}

int
vc_pci_addr_cmp(const struct vc_pciaddr *a, const struct vc_pciaddr *b)
{
	if (a->dom != b->dom)
		return a->dom < b->dom ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	return 0;
}

static int
addrcmp(const void *a, const void *b)
{
	return vc_pci_addr_cmp(a, b);
}

int
vc_pci_exists(const struct vc_pciaddr *a)
{
	char name[16], *p;
	int r;

	vc_pci_addr_str(a, name);
	p = vc_host_path("bus/pci/devices/%s", name);
	r = access(p, F_OK) == 0;
	free(p);
	return r;
}

/* "8.0 GT/s PCIe" -> "8", "2.5 GT/s" -> "2.5"; "" when unknown */
static void
linkspeed(const char *s, char out[8])
{
	size_t n;

	out[0] = '\0';
	if (!s || !(*s >= '0' && *s <= '9'))
		return;
	n = strspn(s, "0123456789.");
	if (n >= 8)
		return;
	memcpy(out, s, n);
	out[n] = '\0';
	if (n > 2 && strcmp(out + n - 2, ".0") == 0)
		out[n - 2] = '\0';
}

static void
readlink_attrs(const char *name, const char *speed, const char *width,
               struct vc_pci_link *l)
{
	char *s;
	unsigned long long w;

	s = vc_host_read("bus/pci/devices/%s/%s", name, speed);
	linkspeed(s, l->speed);
	free(s);
	if (vc_host_read_ull(&w, "bus/pci/devices/%s/%s", name, width) == 0 &&
	    w <= 32)
		l->width = w;
	l->present = l->speed[0] || l->width;
}

/* index of "virtfnN" links of a PF, sorted by N */
static int
virtfns(const char *name, struct vc_pciaddr **vfs, size_t *nvfs)
{
	char **ents;
	size_t n, i;
	unsigned long long idx, max = 0;
	char *l;
	int found = 0;

	*vfs = NULL;
	*nvfs = 0;
	if (vc_host_dir(&ents, &n, "bus/pci/devices/%s", name) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (strncmp(ents[i], "virtfn", 6) == 0 &&
		    vc_parse_ull(ents[i] + 6, 0, 4095, &idx) == 0) {
			if (idx + 1 > max)
				max = idx + 1;
			found = 1;
		}
	vc_err_clear();
	if (found) {
		*vfs = vc_calloc(max, sizeof(**vfs));
		*nvfs = max;
		for (i = 0; i < n; i++) {
			if (strncmp(ents[i], "virtfn", 6) != 0 ||
			    vc_parse_ull(ents[i] + 6, 0, 4095, &idx) < 0)
				continue;
			l = vc_host_link_name("bus/pci/devices/%s/%s", name, ents[i]);
			if (l)
				vc_pci_addr_scan(l, &(*vfs)[idx]);
			free(l);
		}
		vc_err_clear();
	}
	vc_host_strv_free(ents, n);
	return 0;
}

/* "vvvv  name" / "\tdddd  name" lines of pci.ids: the name, or NULL */
static char *
idsline(const char *line, int tabs, unsigned id)
{
	unsigned long v;
	char *end, *s;
	int i;

	for (i = 0; i < tabs; i++)
		if (line[i] != '\t')
			return NULL;
	line += tabs;
	if (line[0] == '\t' || line[0] == '#')
		return NULL;
	v = strtoul(line, &end, 16);
	if (end != line + 4 || v != id || (*end != ' ' && *end != '\t'))
		return NULL;
	while (*end == ' ' || *end == '\t')
		end++;
	s = vc_strdup(end);
	s[strcspn(s, "\n")] = '\0';
	return s;
}

/* Names from pci.ids, read directly: libpciaccess's pci_get_strings
 * reallocates once per device entry while loading a vendor, which takes
 * tens of seconds under AddressSanitizer. It stays as the fallback for a
 * database we cannot find. */
static int
idsfile(unsigned vendor, unsigned device, char **vn, char **dn)
{
	static const char *const paths[] = {
		"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids",
		"/usr/share/pci.ids",
	};
	const char *env = getenv("VIRTCORE_PCI_IDS");
	char line[512];
	FILE *f = NULL;
	size_t i;

	if (env && *env)
		f = fopen(env, "r");
	for (i = 0; !f && !env && i < VC_NELEM(paths); i++)
		f = fopen(paths[i], "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!*vn) {
			*vn = idsline(line, 0, vendor);
			continue;
		}
		if (line[0] != '\t' && line[0] != '#')
			break;          /* the next vendor */
		if ((*dn = idsline(line, 1, device)))
			break;
	}
	fclose(f);
	return 0;
}

void
vc_pci_names(struct vc_pci_dev *d)
{
	struct pci_id_match m;
	const char *dn = NULL, *vn = NULL, *sdn = NULL, *svn = NULL;

	if (d->names_done)
		return;
	d->names_done = 1;
	if (idsfile(d->vendor, d->device, &d->vendor_name, &d->device_name) == 0)
		return;
	memset(&m, 0, sizeof(m));
	m.vendor_id = d->vendor;
	m.device_id = d->device;
	m.subvendor_id = PCI_MATCH_ANY;
	m.subdevice_id = PCI_MATCH_ANY;
	pci_get_strings(&m, &dn, &vn, &sdn, &svn);
	d->vendor_name = vn ? vc_strdup(vn) : NULL;
	d->device_name = dn ? vc_strdup(dn) : NULL;
}

static struct vc_pci_dev *
readdev(const struct vc_pciaddr *a)
{
	struct vc_pci_dev *d;
	char *p, *rp, *rroot, *s, *slash;
	unsigned long long v;
	long long ll;
	char **ents;
	size_t n, i;
	struct vc_pciaddr ga;
	const char *nm;

	d = vc_calloc(1, sizeof(*d));
	d->addr = *a;
	vc_pci_addr_str(a, d->name);
	nm = d->name;
	d->iommu_group = VC_PCI_NONE;
	d->numa_node = VC_PCI_NONE;
	d->vf_index = -1;

	p = vc_host_path("bus/pci/devices/%s", nm);
	rp = realpath(p, NULL);
	free(p);
	if (!rp) {
		vc_err("no PCI device %s", nm);
		free(d);
		return NULL;
	}
	rroot = realpath(vc_host_root(), NULL);
	if (rroot && strncmp(rp, rroot, strlen(rroot)) == 0)
		d->path = vc_strdup(rp + strlen(rroot));
	else
		d->path = vc_strdup(rp);
	free(rroot);
	if ((slash = strrchr(rp, '/'))) {
		*slash = '\0';
		slash = strrchr(rp, '/');
		if (slash && vc_pci_addr_scan(slash + 1, &ga) == 0) {
			d->parent = vc_malloc(16);
			vc_pci_addr_str(&ga, d->parent);
		}
		vc_err_clear();
	}
	free(rp);

	if (vc_host_read_ull(&v, "bus/pci/devices/%s/vendor", nm) == 0)
		d->vendor = v & 0xffff;
	if (vc_host_read_ull(&v, "bus/pci/devices/%s/device", nm) == 0)
		d->device = v & 0xffff;
	if (vc_host_read_ull(&v, "bus/pci/devices/%s/subsystem_vendor", nm) == 0)
		d->subvendor = v & 0xffff;
	if (vc_host_read_ull(&v, "bus/pci/devices/%s/subsystem_device", nm) == 0)
		d->subdevice = v & 0xffff;
	if (vc_host_read_ull(&v, "bus/pci/devices/%s/class", nm) == 0)
		d->class = v & 0xffffff;

	d->driver = vc_host_link_name("bus/pci/devices/%s/driver", nm);
	s = vc_host_read("bus/pci/devices/%s/driver_override", nm);
	if (s && *s && strcmp(s, "(null)") != 0)
		d->driver_override = s;
	else
		free(s);

	if ((s = vc_host_link_name("bus/pci/devices/%s/iommu_group", nm))) {
		if (vc_parse_ull(s, 0, INT_MAX, &v) == 0)
			d->iommu_group = v;
		free(s);
		vc_err_clear();
	}
	if (d->iommu_group != VC_PCI_NONE &&
	    vc_host_dir(&ents, &n, "kernel/iommu_groups/%d/devices",
	                d->iommu_group) == 0) {
		for (i = 0; i < n; i++) {
			if (vc_pci_addr_scan(ents[i], &ga) < 0)
				continue;
			d->group = vc_realloc(d->group,
			                      (d->ngroup + 1) * sizeof(*d->group));
			d->group[d->ngroup++] = ga;
		}
		if (d->ngroup)
			qsort(d->group, d->ngroup, sizeof(*d->group), addrcmp);
		vc_host_strv_free(ents, n);
	}
	vc_err_clear();

	if ((s = vc_host_read("bus/pci/devices/%s/numa_node", nm))) {
		if (vc_parse_ll(s, -1, INT_MAX, &ll) == 0)
			d->numa_node = ll;
		free(s);
		vc_err_clear();
	}
	readlink_attrs(nm, "max_link_speed", "max_link_width", &d->link_cap);
	readlink_attrs(nm, "current_link_speed", "current_link_width", &d->link_sta);

	if (vc_host_read_ull(&v, "bus/pci/devices/%s/sriov_totalvfs", nm) == 0) {
		d->is_pf = 1;
		d->totalvfs = v;
		if (vc_host_read_ull(&v, "bus/pci/devices/%s/sriov_numvfs", nm) == 0)
			d->numvfs = v;
		virtfns(nm, &d->vfs, &d->nvfs);
	}
	if ((s = vc_host_link_name("bus/pci/devices/%s/physfn", nm))) {
		if (vc_pci_addr_scan(s, &d->pf) == 0) {
			char pfn[16];
			struct vc_pciaddr *vfs;
			size_t nv;

			d->is_vf = 1;
			vc_pci_addr_str(&d->pf, pfn);
			if (virtfns(pfn, &vfs, &nv) == 0) {
				for (i = 0; i < nv; i++)
					if (vc_pci_addr_cmp(&vfs[i], a) == 0)
						d->vf_index = i;
				free(vfs);
			}
		}
		free(s);
		vc_err_clear();
	}
	if (vc_host_dir(&d->netdevs, &d->nnetdevs, "bus/pci/devices/%s/net", nm) < 0)
		vc_err_clear();
	p = vc_host_path("bus/pci/devices/%s/reset", nm);
	d->has_reset = access(p, F_OK) == 0;
	free(p);
	return d;
}

struct vc_pci_dev *
vc_pci_get(const char *addr)
{
	struct vc_pciaddr a;
	char name[16];

	if (vc_pci_addr_scan(addr, &a) < 0)
		return NULL;
	if (!vc_pci_exists(&a)) {
		vc_pci_addr_str(&a, name);
		vc_err("no PCI device %s", name);
		return NULL;
	}
	return readdev(&a);
}

void
vc_pci_free(struct vc_pci_dev *d)
{
	if (!d)
		return;
	free(d->path);
	free(d->parent);
	free(d->vendor_name);
	free(d->device_name);
	free(d->driver);
	free(d->driver_override);
	free(d->group);
	free(d->vfs);
	vc_host_strv_free(d->netdevs, d->nnetdevs);
	free(d);
}

static int
devcmp(const void *a, const void *b)
{
	const struct vc_pci_dev *x = *(const struct vc_pci_dev *const *)a;
	const struct vc_pci_dev *y = *(const struct vc_pci_dev *const *)b;

	return vc_pci_addr_cmp(&x->addr, &y->addr);
}

int
vc_pci_list(struct vc_pci_dev ***devs, size_t *n)
{
	char **ents;
	size_t ne, i;
	struct vc_pciaddr a;
	struct vc_pci_dev *d;

	*devs = NULL;
	*n = 0;
	if (vc_host_dir(&ents, &ne, "bus/pci/devices") < 0) {
		/* a host without PCI has an empty list */
		vc_err_clear();
		return 0;
	}
	for (i = 0; i < ne; i++) {
		if (vc_pci_addr_scan(ents[i], &a) < 0) {
			vc_err_clear();
			continue;
		}
		if (!(d = readdev(&a))) {
			vc_err_clear();
			continue;
		}
		VC_APPEND(*devs, *n, d);
	}
	vc_host_strv_free(ents, ne);
	if (*n)
		qsort(*devs, *n, sizeof(**devs), devcmp);
	return 0;
}

void
vc_pci_list_free(struct vc_pci_dev **devs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		vc_pci_free(devs[i]);
	free(devs);
}

/* ---- driver binding ---- */

char *
vc_pci_driver(const char *addr)
{
	return vc_host_link_name("bus/pci/devices/%s/driver", addr);
}

/* unbind from cur, the driver just read: 1 when there is none */
static int
unbind_from(const char *addr, const char *cur)
{
	int r;

	if (!cur)
		return 1;
	r = vc_host_write(addr, "bus/pci/drivers/%s/unbind", cur);
	if (r < 0)
		vc_err_prefix("%s: unbind from %s", addr, cur);
	return r;
}

int
vc_pci_unbind(const char *addr)
{
	char *cur = vc_pci_driver(addr);
	int r;

	r = unbind_from(addr, cur);
	free(cur);
	return r;
}

int
vc_pci_set_override(const char *addr, const char *drv)
{
	/* the kernel clears the override on a lone newline */
	if (vc_host_write(drv && *drv ? drv : "\n",
	                  "bus/pci/devices/%s/driver_override", addr) < 0) {
		vc_err_prefix("%s: driver_override", addr);
		return -1;
	}
	return 0;
}

int
vc_pci_probe(const char *addr)
{
	if (vc_host_write(addr, "bus/pci/drivers_probe") < 0) {
		vc_err_prefix("%s: drivers_probe", addr);
		return -1;
	}
	return 0;
}

int
vc_pci_bind(const char *addr, const char *drv)
{
	if (vc_host_write(addr, "bus/pci/drivers/%s/bind", drv) < 0) {
		vc_err_prefix("%s: bind to %s", addr, drv);
		return -1;
	}
	return 0;
}

/* cur, the driver just read, is drv */
static int
verify_cur(const char *addr, const char *cur, const char *drv)
{
	if (!cur)
		return vc_err("%s: not bound to any driver, expected %s", addr, drv);
	if (strcmp(cur, drv) != 0)
		return vc_err("%s: bound to %s, expected %s", addr, cur, drv);
	return 0;
}

int
vc_pci_verify(const char *addr, const char *drv)
{
	char *cur = vc_pci_driver(addr);
	int r;

	r = verify_cur(addr, cur, drv);
	free(cur);
	return r;
}

static char *
override(const char *addr)
{
	char *s = vc_host_read("bus/pci/devices/%s/driver_override", addr);

	if (s && (!*s || strcmp(s, "(null)") == 0)) {
		free(s);
		s = NULL;
	}
	return s;
}

int
vc_pci_rebind(const char *addr, const char *drv)
{
	struct vc_pciaddr a;
	char *cur, *ov, *p;
	int same, r;

	if (vc_pci_addr_scan(addr, &a) < 0)
		return -1;
	if (!vc_pci_exists(&a))
		return vc_err("no PCI device %s", addr);
	p = vc_host_path("bus/pci/drivers/%s", drv);
	if (access(p, F_OK) < 0) {
		free(p);
		return vc_err("%s: driver %s is not loaded", addr, drv);
	}
	free(p);
	cur = vc_pci_driver(addr);
	ov = override(addr);
	same = cur && strcmp(cur, drv) == 0;
	if (same && ov && strcmp(ov, drv) == 0) {
		free(cur);
		free(ov);
		return 1;
	}
	free(ov);
	r = same ? 0 : unbind_from(addr, cur);
	free(cur);
	if (r < 0)
		return -1;
	if (vc_pci_set_override(addr, drv) < 0)
		return -1;
	if (!same && vc_pci_probe(addr) < 0)
		return -1;
	return vc_pci_verify(addr, drv) < 0 ? -1 : 0;
}

int
vc_pci_restore(const char *addr, const char *orig)
{
	struct vc_pciaddr a;
	char *cur, *ov;
	int same, r;

	if (vc_pci_addr_scan(addr, &a) < 0)
		return -1;
	if (!vc_pci_exists(&a))
		return vc_err("no PCI device %s", addr);
	cur = vc_pci_driver(addr);
	ov = override(addr);
	same = orig ? cur && strcmp(cur, orig) == 0 : cur != NULL && !ov;
	if (same && !ov) {
		free(cur);
		return 1;
	}
	free(ov);
	r = same ? 0 : unbind_from(addr, cur);
	free(cur);
	if (r < 0)
		return -1;
	if (vc_pci_set_override(addr, NULL) < 0)
		return -1;
	if (same)
		return 0;
	if (vc_pci_probe(addr) < 0)
		return -1;
	if (!orig)
		return 0;
	/* drivers_probe found nothing: the ids may be known only via new_id */
	if (!(cur = vc_pci_driver(addr))) {
		if (vc_pci_bind(addr, orig) < 0)
			return -1;
		return vc_pci_verify(addr, orig) < 0 ? -1 : 0;
	}
	r = verify_cur(addr, cur, orig);
	free(cur);
	return r < 0 ? -1 : 0;
}

int
vc_pci_reset(const char *addr)
{
	struct vc_pciaddr a;
	char *p;
	int ok;

	if (vc_pci_addr_scan(addr, &a) < 0)
		return -1;
	if (!vc_pci_exists(&a))
		return vc_err("no PCI device %s", addr);
	p = vc_host_path("bus/pci/devices/%s/reset", addr);
	ok = access(p, F_OK) == 0;
	free(p);
	if (!ok)
		return vc_err("%s: device has no function reset", addr);
	if (vc_host_write("1", "bus/pci/devices/%s/reset", addr) < 0) {
		vc_err_prefix("%s: reset", addr);
		return -1;
	}
	return 0;
}

/* ---- SR-IOV relations ---- */

int
vc_vf_addr(const char *pf, unsigned index, struct vc_pciaddr *out)
{
	char *l;
	int r;

	if (!(l = vc_host_link_name("bus/pci/devices/%s/virtfn%u", pf, index)))
		return vc_err("%s: no virtual function %u", pf, index);
	r = vc_pci_addr_scan(l, out);
	free(l);
	return r;
}

static char *
firstnet(const char *addr)
{
	char **ents, *s = NULL;
	size_t n;

	if (vc_host_dir(&ents, &n, "bus/pci/devices/%s/net", addr) < 0) {
		vc_err_clear();
		return NULL;
	}
	if (n)
		s = vc_strdup(ents[0]);
	vc_host_strv_free(ents, n);
	return s;
}

/* index of VF a among the virtfnN links of PF pf, -1 if none: virtfn0,
 * virtfn1, ... in turn, stopping at the match; the whole directory only
 * when the links have a gap (what virtfns() and so readdev() find) */
static int
vfindex(const char *pf, const struct vc_pciaddr *a)
{
	struct vc_pciaddr v, *vfs;
	size_t nv, i;
	char *l;
	unsigned k;
	int idx = -1, ok;

	for (k = 0; k < 4096; k++) {
		if (!(l = vc_host_link_name("bus/pci/devices/%s/virtfn%u", pf, k)))
			break;
		ok = vc_pci_addr_scan(l, &v) == 0;
		free(l);
		if (ok && vc_pci_addr_cmp(&v, a) == 0)
			return k;
	}
	vc_err_clear();
	if (virtfns(pf, &vfs, &nv) == 0) {
		for (i = 0; i < nv; i++)
			if (vc_pci_addr_cmp(&vfs[i], a) == 0)
				idx = i;
		free(vfs);
	}
	vc_err_clear();
	return idx;
}

/* what vc_pci_get() would say of a VF, reading only what a locate needs
 * (a prepare asks once per VF: the whole device is five times the work) */
int
vc_vf_locate(const char *addr, struct vc_vf_loc *loc)
{
	struct vc_pciaddr a;
	char *l, **ents;
	size_t n;
	int vf;

	memset(loc, 0, sizeof(*loc));
	loc->index = -1;
	if (vc_pci_addr_scan(addr, &a) < 0)
		return -1;
	vc_pci_addr_str(&a, loc->vfname);
	if (!vc_pci_exists(&a))
		return vc_err("no PCI device %s", loc->vfname);
	loc->vf = a;
	l = vc_host_link_name("bus/pci/devices/%s/physfn", loc->vfname);
	vf = l && vc_pci_addr_scan(l, &loc->pf) == 0;
	free(l);
	vc_err_clear();
	if (!vf)
		return vc_err("%s is not an SR-IOV virtual function", loc->vfname);
	vc_pci_addr_str(&loc->pf, loc->pfname);
	if ((loc->index = vfindex(loc->pfname, &a)) < 0)
		return vc_err("%s: not found among the virtual functions of %04x:%02x:%02x.%x",
		              loc->vfname, loc->pf.dom, loc->pf.bus, loc->pf.slot, loc->pf.fn);
	loc->pf_netdev = firstnet(loc->pfname);
	if (vc_host_dir(&ents, &n, "bus/pci/devices/%s/net", loc->vfname) < 0)
		vc_err_clear();
	else {
		loc->vf_netdev = n ? vc_strdup(ents[0]) : NULL;
		vc_host_strv_free(ents, n);
	}
	return 0;
}

void
vc_vf_loc_free(struct vc_vf_loc *loc)
{
	free(loc->pf_netdev);
	free(loc->vf_netdev);
	loc->pf_netdev = loc->vf_netdev = NULL;
}

int
vc_netdev_ifindex_sysfs(const char *ifname)
{
	unsigned long long v;

	if (vc_host_read_ull(&v, "class/net/%s/ifindex", ifname) < 0 ||
	    v == 0 || v > INT_MAX)
		return vc_err("no network interface %s", ifname);
	return v;
}

char *
vc_netdev_pci(const char *ifname)
{
	struct vc_pciaddr a;
	char *l, *s;

	if (!(l = vc_host_link_name("class/net/%s/device", ifname)))
		return NULL;
	if (vc_pci_addr_scan(l, &a) < 0) {
		vc_err_clear();
		free(l);
		return NULL;
	}
	free(l);
	s = vc_malloc(16);
	vc_pci_addr_str(&a, s);
	return s;
}
