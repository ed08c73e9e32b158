/* vz.c: the vz driver (vz:///system): Virtuozzo keeps the virtual machines
 * and system containers; every question and change goes through prlctl
 * (list -a -i -j for what exists, create/set/start/stop/pause/resume/
 * restart/delete for changes) */
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "driver.h"
#include "conf/sections.h"
#include "conf/devs_storage.h"
#include "conf/dev_net.h"

#define PRL "prlctl"

enum { VZ_HDD, VZ_CDROM, VZ_NET };
static const char *const kind_names[] = { "hdd", "cdrom", "net" };

struct vz_dev {
	int kind, idx;               /* hdd0, cdrom1, net0 */
	char *bus;                   /* ide, sata, scsi, virtio */
	int pos;
	char *image, *mnt;           /* mnt: a container's disk mount point */
	char *type, *iface, *network;  /* net: bridged|host|shared|routed */
	char mac[13];
	char *card;
};

struct vz_vm {
	char *name;
	char uuid[37];
	int ct;
	unsigned long long mem_mib;
	unsigned cpus;
	int efi, autostart;
	char *state;
	char *ostemplate;
	char *bootorder;             /* "hdd0 cdrom0 net0" */
	struct vz_dev *dev;
	size_t ndev;
};

static void
vm_free(struct vz_vm *v)
{
	size_t i;

	for (i = 0; i < v->ndev; i++) {
		struct vz_dev *d = &v->dev[i];
		free(d->bus); free(d->image); free(d->mnt); free(d->type);
		free(d->iface); free(d->network); free(d->card);
	}
	free(v->dev);
	free(v->name); free(v->state); free(v->ostemplate); free(v->bootorder);
	memset(v, 0, sizeof(*v));
}

static struct vz_dev *
add_dev(struct vz_vm *v, int kind)
{
	struct vz_dev *d;

	v->dev = vc_realloc(v->dev, (v->ndev + 1) * sizeof(*v->dev));
	d = &v->dev[v->ndev++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->idx = -1;
	return d;
}

/* ---- commands ---- */

struct cmd { char **a; size_t n; };

static void
arg(struct cmd *c, const char *s)
{
	c->a = vc_realloc(c->a, (c->n + 2) * sizeof(*c->a));
	c->a[c->n++] = vc_strdup(s);
	c->a[c->n] = NULL;
}

static void argf(struct cmd *c, const char *fmt, ...) VC_PRINTF(2, 3);
static void
argf(struct cmd *c, const char *fmt, ...)
{
	char b[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	arg(c, b);
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
prl(const char *sub, const char *name)
{
	struct cmd c = {0};

	arg(&c, PRL);
	arg(&c, sub);
	if (name)
		arg(&c, name);
	return c;
}

/* run and free; prlctl's own last error line on failure */
static int
run(struct cmd *c, char **out, const char *who)
{
	int r = vc_exec_ok((const char *const *)c->a, out);

	cmd_free(c);
	if (r < 0 && who)
		vc_err_prefix("%s", who);
	return r;
}

/* ---- prlctl list -i -j ---- */

static const char *
jstr(json_object *o, const char *k)
{
	json_object *v;

	return o && json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string)
	    ? json_object_get_string(v) : NULL;
}

static char *
jdup(json_object *o, const char *k)
{
	const char *s = jstr(o, k);

	return s ? vc_strdup(s) : NULL;
}

static int
from_json(json_object *o, struct vz_vm *v)
{
	json_object *hw, *x;
	const char *s;

	memset(v, 0, sizeof(*v));
	if (!(s = jstr(o, "Name")))
		return vc_err(PRL ": list -i -j: an entry without a Name");
	v->name = vc_strdup(s);
	if ((s = jstr(o, "ID")))
		snprintf(v->uuid, sizeof(v->uuid), "%.*s", (int)strcspn(s + (*s == '{'), "}"), s + (*s == '{'));
	v->ct = (s = jstr(o, "Type")) && strcmp(s, "CT") == 0;
	v->state = jdup(o, "State");
	v->autostart = (s = jstr(o, "Autostart")) && strcmp(s, "on") == 0;
	v->efi = (s = jstr(o, "EFI boot")) && strcmp(s, "on") == 0;
	v->bootorder = jdup(o, "Boot order");
	v->ostemplate = jdup(o, "OS template");
	v->cpus = 1;
	if (!json_object_object_get_ex(o, "Hardware", &hw))
		return 0;
	if (json_object_object_get_ex(hw, "cpu", &x) && json_object_object_get_ex(x, "cpus", &x))
		v->cpus = (unsigned)json_object_get_int(x);
	if (json_object_object_get_ex(hw, "memory", &x) && (s = jstr(x, "size")))
		v->mem_mib = strtoull(s, NULL, 10);   /* "1024Mb" */
	json_object_object_foreach(hw, key, val) {
		int k;
		char *e;
		long idx;
		struct vz_dev *d;
		for (k = 0; k < 3; k++)
			if (strncmp(key, kind_names[k], strlen(kind_names[k])) == 0)
				break;
		if (k == 3 || !json_object_is_type(val, json_type_object))
			continue;
		idx = strtol(key + strlen(kind_names[k]), &e, 10);
		if (*e || e == key + strlen(kind_names[k]))
			continue;
		d = add_dev(v, k);
		d->idx = (int)idx;
		if (k == VZ_NET) {
			d->type = jdup(val, "type");
			d->iface = jdup(val, "iface");
			d->network = jdup(val, "network");
			d->card = jdup(val, "card");
			if ((s = jstr(val, "mac")))
				snprintf(d->mac, sizeof(d->mac), "%s", s);
		} else {
			d->image = jdup(val, "image");
			d->mnt = jdup(val, "mnt");
			if ((s = jstr(val, "port"))) {      /* "sata:0" */
				const char *c = strchr(s, ':');
				d->bus = c ? vc_strndup(s, (size_t)(c - s)) : vc_strdup(s);
				d->pos = c ? atoi(c + 1) : 0;
			}
		}
	}
	return 0;
}

/* the JSON array of prlctl list -i -j (some versions print "INFO" first) */
static json_object *
parse_list(const char *out)
{
	json_object *j;

	if (strncmp(out, "INFO", 4) == 0)
		out += 4;
	if (!(j = json_tokener_parse(out)) || !json_object_is_type(j, json_type_array)) {
		json_object_put(j);
		vc_err(PRL ": list -j: not a JSON array");
		return NULL;
	}
	return j;
}

/* 1 found, 0 unknown to Virtuozzo, 2 dry run, -1 error */
static int
lookup(const char *key, struct vz_vm *v)
{
	struct cmd c = prl("list", NULL);
	json_object *j;
	char *out;
	int r;

	memset(v, 0, sizeof(*v));
	arg(&c, "-i");
	arg(&c, "-j");
	arg(&c, key);
	if (run(&c, &out, NULL) < 0) {
		int nf = strstr(vc_errmsg(), "could not be found") || strstr(vc_errmsg(), "not found");
		vc_err_prefix("%s", key);
		return nf ? 0 : -1;
	}
	if (vc_dry_run()) {
		free(out);
		v->name = vc_strdup(key);
		return 2;
	}
	j = parse_list(out);
	free(out);
	if (!j)
		return -1;
	if (json_object_array_length(j) < 1) {
		json_object_put(j);
		vc_err("%s: no such domain", key);
		return 0;
	}
	r = from_json(json_object_array_get_idx(j, 0), v);
	json_object_put(j);
	return r < 0 ? -1 : 1;
}

static int
active(const struct vz_vm *v)
{
	static const char *const off[] = { "stopped", "suspended", "mounted", NULL };
	size_t i;

	if (!v->state)
		return 0;
	for (i = 0; off[i]; i++)
		if (strcmp(off[i], v->state) == 0)
			return 0;
	return 1;
}

static int
state_of(const char *s)
{
	if (!s) return VC_STATE_NOSTATE;
	if (!strcmp(s, "running") || !strcmp(s, "starting") || !strcmp(s, "resuming")) return VC_STATE_RUNNING;
	if (!strcmp(s, "paused") || !strcmp(s, "pausing")) return VC_STATE_PAUSED;
	if (!strcmp(s, "stopping") || !strcmp(s, "suspending")) return VC_STATE_SHUTDOWN;
	if (!strcmp(s, "stopped") || !strcmp(s, "suspended") || !strcmp(s, "mounted")) return VC_STATE_SHUTOFF;
	return VC_STATE_NOSTATE;
}

/* ---- the machine -> domain XML ---- */

static const char *
prefix_of(const char *bus)
{
	return !bus ? "sd" : !strcmp(bus, "ide") ? "hd" : !strcmp(bus, "virtio") ? "vd" : "sd";
}

static int
dev_cmp(const void *pa, const void *pb)
{
	const struct vz_dev *a = pa, *b = pb;

	return a->kind != b->kind ? a->kind - b->kind : a->idx - b->idx;
}

static char *
to_xml(struct vz_vm *v)
{
	struct vc_buf b = {0};
	struct vc_domain *d;
	char *xml;
	const char *p;
	size_t i;

	qsort(v->dev, v->ndev, sizeof(*v->dev), dev_cmp);
	vc_buf_puts(&b, "<domain type='vz'>\n  <name>");
	vc_buf_esc(&b, v->name, 0);
	vc_buf_puts(&b, "</name>\n");
	if (v->uuid[0])
		vc_buf_printf(&b, "  <uuid>%s</uuid>\n", v->uuid);
	vc_buf_printf(&b, "  <memory unit='KiB'>%llu</memory>\n  <vcpu>%u</vcpu>\n", v->mem_mib * 1024, v->cpus);
	if (v->ct)
		vc_buf_puts(&b, "  <os>\n    <type arch='x86_64'>exe</type>\n    <init>/sbin/init</init>\n  </os>\n");
	else {
		vc_buf_printf(&b, "  <os%s>\n    <type arch='x86_64'>hvm</type>\n", v->efi ? " firmware='efi'" : "");
		/* the first of each class in prlctl's boot order */
		int seen[3] = {0};
		for (p = v->bootorder; p && *p; ) {
			size_t l = strcspn(p, " ");
			int k;
			for (k = 0; k < 3; k++)
				if (l > strlen(kind_names[k]) && !strncmp(p, kind_names[k], strlen(kind_names[k])) && !seen[k]) {
					static const char *const dev[] = { "hd", "cdrom", "network" };
					vc_buf_printf(&b, "    <boot dev='%s'/>\n", dev[k]);
					seen[k] = 1;
				}
			p += l;
			p += strspn(p, " ");
		}
		vc_buf_puts(&b, "  </os>\n");
	}
	vc_buf_puts(&b, "  <devices>\n");
	for (i = 0; i < v->ndev; i++) {
		struct vz_dev *d = &v->dev[i];
		if (d->kind == VZ_NET)
			continue;
		if (v->ct && d->mnt) {
			vc_buf_puts(&b, "    <filesystem type='file'>\n      <source file='");
			vc_buf_esc(&b, d->image ? d->image : "", 1);
			vc_buf_puts(&b, "'/>\n      <target dir='");
			vc_buf_esc(&b, d->mnt, 1);
			vc_buf_puts(&b, "'/>\n    </filesystem>\n");
			continue;
		}
		if (d->pos < 0 || d->pos > 25)
			continue;
		vc_buf_printf(&b, "    <disk type='file' device='%s'>\n", d->kind == VZ_HDD ? "disk" : "cdrom");
		if (d->image && *d->image) {
			vc_buf_puts(&b, "      <source file='");
			vc_buf_esc(&b, d->image, 1);
			vc_buf_puts(&b, "'/>\n");
		}
		vc_buf_printf(&b, "      <target dev='%s%c' bus='%s'/>\n", prefix_of(d->bus), 'a' + d->pos,
		    d->bus && !strcmp(d->bus, "virtio") ? "virtio" : d->bus ? d->bus : "sata");
		if (d->kind == VZ_CDROM)
			vc_buf_puts(&b, "      <readonly/>\n");
		vc_buf_puts(&b, "    </disk>\n");
	}
	for (i = 0; i < v->ndev; i++) {
		struct vz_dev *d = &v->dev[i];
		if (d->kind != VZ_NET)
			continue;
		if (d->network && *d->network) {
			vc_buf_puts(&b, "    <interface type='network'>\n");
		} else if (d->iface && *d->iface) {
			vc_buf_puts(&b, "    <interface type='bridge'>\n");
		} else
			continue;     /* shared/routed without a name: nothing libvirt's XML names */
		if (strlen(d->mac) == 12)
			vc_buf_printf(&b, "      <mac address='%.2s:%.2s:%.2s:%.2s:%.2s:%.2s'/>\n", d->mac, d->mac + 2,
			    d->mac + 4, d->mac + 6, d->mac + 8, d->mac + 10);
		vc_buf_printf(&b, "      <source %s='", d->network && *d->network ? "network" : "bridge");
		vc_buf_esc(&b, d->network && *d->network ? d->network : d->iface, 1);
		vc_buf_puts(&b, "'/>\n");
		if (d->card) {
			vc_buf_puts(&b, "      <model type='");
			vc_buf_esc(&b, d->card, 1);
			vc_buf_puts(&b, "'/>\n");
		}
		vc_buf_puts(&b, "    </interface>\n");
	}
	vc_buf_puts(&b, "  </devices>\n</domain>\n");
	xml = vc_buf_take(&b);
	d = vc_domain_parse(xml, strlen(xml), v->name);
	free(xml);
	if (!d)
		return NULL;
	xml = vc_domain_format(d, 0);
	vc_domain_free(d);
	return xml;
}

/* ---- the domain -> the machine ---- */

static int
from_domain(const struct vc_domain *dom, struct vz_vm *v)
{
	const struct vc_os *os = dom->sect[VC_SECT_OS];
	struct vc_buf bo = {0};
	size_t i;
	int nh = 0, nc = 0, nn = 0;

	memset(v, 0, sizeof(*v));
	v->name = vc_strdup(dom->name);
	if (dom->has_uuid)
		vc_uuid_format(dom->uuid, v->uuid);
	if (dom->type != VC_VIRT_VZ && dom->type != VC_VIRT_PARALLELS)
		return vc_err("%s: domain type '%s': the vz driver takes <domain type='vz'>", dom->name,
		    vc_virt_type_names[dom->type]);
	v->ct = os && os->type == VC_OS_EXE;
	if (os && os->type != VC_OS_EXE && os->type != VC_OS_HVM)
		return vc_err("%s: os type '%s' is unsupported by the vz driver (hvm or exe)", dom->name,
		    vc_os_type_names[os->type]);
	v->mem_mib = (dom->memory + 1023) / 1024;
	v->cpus = dom->vcpus ? dom->vcpus : 1;
	v->efi = os && os->firmware == VC_FW_EFI;
	for (i = 0; i < dom->ndev[VC_DEV_FILESYSTEM]; i++) {
		const struct vc_filesystem *f = dom->dev[VC_DEV_FILESYSTEM][i];
		struct vz_dev *d;
		if (!v->ct || !f->target_dir)
			return vc_err("%s: filesystems are for containers (os type exe) on the vz driver", dom->name);
		if (f->type == 4 /* template */ && f->src_name && !strcmp(f->target_dir, "/")) {
			free(v->ostemplate);
			v->ostemplate = vc_strdup(f->src_name);
			continue;
		}
		if (f->type != 3 /* file */ || !f->src_file)
			return vc_err("%s: filesystem %s: only type 'file' and the root 'template' are supported by the vz driver",
			    dom->name, f->target_dir);
		d = add_dev(v, VZ_HDD);
		d->image = vc_strdup(f->src_file);
		d->mnt = vc_strdup(f->target_dir);
		d->bus = vc_strdup("scsi");
		d->pos = nh++;
	}
	for (i = 0; i < dom->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = dom->dev[VC_DEV_DISK][i];
		struct vz_dev *d;
		const char *bus = k->bus == VC_DISK_BUS_IDE ? "ide" : k->bus == VC_DISK_BUS_SATA ? "sata"
		    : k->bus == VC_DISK_BUS_SCSI ? "scsi" : k->bus == VC_DISK_BUS_VIRTIO ? "virtio" : NULL;
		const char *t = k->target_dev ? k->target_dev : "";
		if (v->ct)
			return vc_err("%s: disk %s: a container's disks are <filesystem> elements", dom->name, t);
		if (!bus || (k->device != VC_DISK_DEV_DISK && k->device != VC_DISK_DEV_CDROM))
			return vc_err("%s: disk %s: bus '%s' device '%s' is unsupported by the vz driver", dom->name, t,
			    vc_disk_bus_names[k->bus], vc_disk_device_names[k->device]);
		if (strlen(t) != 3 || strncmp(t, prefix_of(bus), 2) || t[2] < 'a' || t[2] > 'z')
			return vc_err("%s: disk %s: target must be %sa..%sz on bus %s", dom->name, t,
			    prefix_of(bus), prefix_of(bus), bus);
		if (k->src.present && k->type != VC_DISK_TYPE_FILE)
			return vc_err("%s: disk %s: type '%s' is unsupported by the vz driver (files only)", dom->name, t,
			    vc_disk_type_names[k->type]);
		d = add_dev(v, k->device == VC_DISK_DEV_CDROM ? VZ_CDROM : VZ_HDD);
		d->bus = vc_strdup(bus);
		d->pos = t[2] - 'a';
		if (k->src.path)
			d->image = vc_strdup(k->src.path);
		if (d->kind == VZ_HDD && !d->image)
			return vc_err("%s: disk %s: a hard disk needs a source file", dom->name, t);
	}
	for (i = 0; i < dom->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *n = dom->dev[VC_DEV_INTERFACE][i];
		struct vz_dev *d;
		if (n->type != VC_IFACE_BRIDGE && n->type != VC_IFACE_NETWORK)
			return vc_err("%s: interface %zu: type '%s' is unsupported by the vz driver", dom->name, i + 1,
			    vc_iface_type_names[n->type]);
		d = add_dev(v, VZ_NET);
		if (n->type == VC_IFACE_BRIDGE) {
			d->type = vc_strdup("bridged");
			d->iface = vc_strdup(n->source_bridge ? n->source_bridge : "");
		} else
			d->network = vc_strdup(n->source_network ? n->source_network : "");
		if (n->has_mac)
			snprintf(d->mac, sizeof(d->mac), "%02X%02X%02X%02X%02X%02X", n->mac[0], n->mac[1],
			    n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
		if (n->model)
			d->card = vc_strdup(n->model);
		nn++;
	}
	for (i = 0; os && !v->ct && i < os->nboot; i++) {
		const char *w = os->boot[i] == VC_BOOT_HD ? "hdd" : os->boot[i] == VC_BOOT_CDROM ? "cdrom"
		    : os->boot[i] == VC_BOOT_NETWORK ? "net" : NULL;
		if (!w)
			continue;
		if (bo.len)
			vc_buf_putc(&bo, ' ');
		vc_buf_printf(&bo, "%s0", w);
	}
	(void)nc;
	v->bootorder = bo.len ? vc_buf_take(&bo) : NULL;
	vc_buf_free(&bo);
	return 0;
}

/* ---- define ---- */

static struct vz_dev *
match(struct vz_vm *v, const struct vz_dev *w, int nth)
{
	size_t i;
	int n = 0;

	for (i = 0; i < v->ndev; i++) {
		struct vz_dev *d = &v->dev[i];
		if (d->kind != w->kind)
			continue;
		if (w->kind == VZ_NET ? n++ == nth
		    : (w->mnt ? d->mnt && !strcmp(d->mnt, w->mnt)
		       : !d->mnt && d->bus && w->bus && !strcmp(d->bus, w->bus) && d->pos == w->pos))
			return d;
	}
	return NULL;
}

static int
same(const char *a, const char *b)
{
	return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

static size_t
plan(struct vz_vm *cur, struct vz_vm *want, struct cmd **out)
{
	struct cmd *v = NULL, s = prl("set", want->name);
	size_t n = 0, i;
	int *used = cur->ndev ? vc_calloc(cur->ndev, sizeof(int)) : NULL, nth = 0;
	char name[32];

#define PUSH(c) do { v = vc_realloc(v, (n + 1) * sizeof(*v)); v[n++] = (c); } while (0)
	if (cur->mem_mib != want->mem_mib) {
		arg(&s, "--memsize");
		argf(&s, "%llu", want->mem_mib);
	}
	if (cur->cpus != want->cpus) {
		arg(&s, "--cpus");
		argf(&s, "%u", want->cpus);
	}
	if (!want->ct && cur->efi != want->efi) {
		arg(&s, "--efi-boot");
		arg(&s, want->efi ? "on" : "off");
	}
	if (s.n > 3)
		PUSH(s);
	else
		cmd_free(&s);
	/* which wanted device is which existing one */
	for (i = 0; i < want->ndev; i++) {
		struct vz_dev *w = &want->dev[i], *h = match(cur, w, w->kind == VZ_NET ? nth++ : 0);
		if (h) {
			used[h - cur->dev] = 1;
			w->idx = h->idx;
			if (!w->mac[0])
				memcpy(w->mac, h->mac, sizeof(w->mac));
			if (!w->card && h->card)
				w->card = vc_strdup(h->card);
		}
	}
	for (i = 0; i < cur->ndev; i++) {
		if (used[i] || (cur->ct && cur->dev[i].mnt && !strcmp(cur->dev[i].mnt, "/")))
			continue;   /* a container's root disk comes with it */
		s = prl("set", want->name);
		arg(&s, "--device-del");
		argf(&s, "%s%d", kind_names[cur->dev[i].kind], cur->dev[i].idx);
		if (cur->dev[i].kind != VZ_NET)
			arg(&s, "--detach-only");
		PUSH(s);
	}
	for (i = 0; i < want->ndev; i++) {
		struct vz_dev *w = &want->dev[i], *h = NULL;
		size_t j;
		for (j = 0; j < cur->ndev; j++)
			if (used[j] && cur->dev[j].kind == w->kind && cur->dev[j].idx == w->idx)
				h = &cur->dev[j];
		if (h && w->kind != VZ_NET && same(h->image, w->image))
			continue;
		if (h && w->kind == VZ_NET && (w->network && *w->network ? same(h->network, w->network)
		    : (!h->network || !*h->network) && same(h->iface, w->iface)) &&
		    !strcasecmp(h->mac, w->mac) && (!w->card || same(h->card, w->card)))
			continue;
		if (h && cur->ct && h->mnt && !strcmp(h->mnt, "/"))
			continue;
		s = prl("set", want->name);
		if (h) {
			arg(&s, "--device-set");
			snprintf(name, sizeof(name), "%s%d", kind_names[w->kind], h->idx);
			arg(&s, name);
		} else {
			arg(&s, "--device-add");
			arg(&s, kind_names[w->kind]);
		}
		if (w->kind == VZ_NET) {
			if (w->network && *w->network) {
				arg(&s, "--network"); arg(&s, w->network);
			} else {
				arg(&s, "--type"); arg(&s, "bridged");
				arg(&s, "--iface"); arg(&s, w->iface);
			}
			if (w->mac[0] && (!h || strcasecmp(h->mac, w->mac))) {
				arg(&s, "--mac"); arg(&s, w->mac);
			}
			if (w->card && (!h || !same(h->card, w->card))) {
				arg(&s, "--adapter-type"); arg(&s, w->card);
			}
		} else {
			if (w->image) {
				arg(&s, "--image"); arg(&s, w->image);
			}
			if (!h && w->mnt) {
				arg(&s, "--mnt"); arg(&s, w->mnt);
			} else if (!h) {
				arg(&s, "--iface"); arg(&s, w->bus);
				arg(&s, "--position"); argf(&s, "%d", w->pos);
			}
		}
		PUSH(s);
	}
	if (!want->ct && want->bootorder && !same(cur->bootorder, want->bootorder)) {
		s = prl("set", want->name);
		arg(&s, "--device-bootorder");
		arg(&s, want->bootorder);
		PUSH(s);
	}
#undef PUSH
	free(used);
	*out = v;
	return n;
}

static int
vz_define(struct vc_conn *c, struct vc_domain *d, const struct vc_define_opts *o)
{
	struct vz_vm want, cur = {0};
	struct cmd *steps = NULL;
	size_t n = 0, i;
	int found, created = 0, r = -1;
	char *a = NULL, *b = NULL;

	(void)c;
	if (from_domain(d, &want) < 0) {
		vm_free(&want);
		return -1;
	}
	if ((found = lookup(want.name, &cur)) < 0)
		goto out;
	vc_err_clear();
	if (found == 1 && want.uuid[0] && strcasecmp(want.uuid, cur.uuid) != 0) {
		vc_err("%s: already defined with uuid %s", want.name, cur.uuid);
		goto out;
	}
	if (found == 1 && cur.ct != want.ct) {
		vc_err("%s: already defined as a %s", want.name, cur.ct ? "container" : "virtual machine");
		goto out;
	}
	if (found != 1) {
		struct cmd cr = prl("create", want.name);
		if (o->diff)
			*o->diff = vc_diff("", (b = to_xml(&want)) ? b : "", "/dev/null", want.name);
		if (o->check) {
			r = 1;
			goto out;
		}
		arg(&cr, "--vmtype");
		arg(&cr, want.ct ? "ct" : "vm");
		if (want.ct && want.ostemplate) {
			arg(&cr, "--ostemplate");
			arg(&cr, want.ostemplate);
		}
		if (run(&cr, NULL, want.name) < 0)
			goto out;
		created = 1;
		vm_free(&cur);
		/* what Virtuozzo made of it: its defaults are the starting point */
		if (lookup(want.name, &cur) < 0)
			goto undo;
	}
	n = plan(&cur, &want, &steps);
	if (found == 1 && o->diff) {
		a = to_xml(&cur);
		b = to_xml(&want);
		*o->diff = vc_diff(a ? a : "", b ? b : "", want.name, want.name);
	}
	if (o->check) {
		r = n > 0;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct cmd s = steps[i];
		steps[i].a = NULL;
		steps[i].n = 0;
		if (run(&s, NULL, want.name) < 0)
			goto undo;
	}
	r = created || n > 0;
	goto out;
undo:
	if (created) {
		/* a guest this define made and could not finish goes away again */
		struct cmd u = prl("delete", want.name);
		char *msg = vc_strdup(vc_errmsg());
		run(&u, NULL, NULL);
		vc_err("%s", msg);
		free(msg);
	}
out:
	for (i = 0; i < n; i++)
		cmd_free(&steps[i]);
	free(steps);
	free(a);
	free(b);
	vm_free(&want);
	vm_free(&cur);
	return r;
}

static int
vz_undefine(struct vc_conn *c, const char *key, int if_exists, int check)
{
	struct vz_vm v;
	struct cmd d;
	int r;

	(void)c;
	if ((r = lookup(key, &v)) <= 0) {
		vm_free(&v);
		if (r == 0 && if_exists) {
			vc_err_clear();
			return 0;
		}
		return -1;
	}
	if (check) {
		vm_free(&v);
		return 1;
	}
	d = prl("delete", v.name);
	r = run(&d, NULL, v.name);
	vm_free(&v);
	return r < 0 ? -1 : 1;
}

/* ---- lifecycle ---- */

static int
simple(const char *sub, const char *name, const char *flag)
{
	struct cmd c = prl(sub, name);

	if (flag)
		arg(&c, flag);
	return run(&c, NULL, name);
}

static int
start(const char *name)
{
	struct vz_vm v;
	char *msg;

	if (simple("start", name, NULL) == 0)
		return 0;
	/* a guest left half started is stopped again */
	msg = vc_strdup(vc_errmsg());
	if (lookup(name, &v) == 1 && active(&v))
		simple("stop", name, "--kill");
	vm_free(&v);
	vc_err("%s", msg);
	free(msg);
	return -1;
}

static int
shutdown_wait(const char *name, int timeout)
{
	unsigned long long deadline;
	struct vz_vm v;
	int r;

	if (simple("stop", name, NULL) < 0)
		return -1;
	if (timeout < 0)
		return 0;
	if (vc_dry_run())
		return simple("stop", name, "--kill");
	deadline = vc_now_ms() + (unsigned long long)timeout * 1000;
	for (;;) {
		struct timespec ts = {0, 100 * 1000000L};
		if ((r = lookup(name, &v)) < 0) {
			vm_free(&v);
			return -1;
		}
		r = r == 1 && active(&v);
		vm_free(&v);
		if (!r)
			return 0;
		if (vc_now_ms() >= deadline)
			break;
		nanosleep(&ts, NULL);
	}
	return simple("stop", name, "--kill");
}

static int
vz_op(struct vc_conn *c, const char *key, int op, int check, int timeout)
{
	struct vz_vm v;
	int found, on, st, r = -1;

	(void)c;
	if ((found = lookup(key, &v)) <= 0) {
		vm_free(&v);
		return -1;
	}
	on = found == 2 ? op != VC_OP_START : active(&v);
	st = found == 2 ? (op == VC_OP_RESUME ? VC_STATE_PAUSED : VC_STATE_RUNNING) : state_of(v.state);
	switch (op) {
	case VC_OP_START:
		r = on ? 0 : check ? 1 : start(v.name) < 0 ? -1 : 1;
		break;
	case VC_OP_SHUTDOWN:
		r = !on || (st == VC_STATE_SHUTDOWN && timeout < 0) ? 0 : check ? 1
		    : shutdown_wait(v.name, timeout) < 0 ? -1 : 1;
		break;
	case VC_OP_DESTROY:
		r = !on ? 0 : check ? 1 : simple("stop", v.name, "--kill") < 0 ? -1 : 1;
		break;
	case VC_OP_REBOOT:
		if (!on)
			vc_err("%s: domain is not running", v.name);
		else
			r = check ? 1 : simple("restart", v.name, NULL) < 0 ? -1 : 1;
		break;
	case VC_OP_SUSPEND:
	case VC_OP_RESUME:
		/* libvirt's suspend is a pause (prlctl suspend saves to disk) */
		if (!on)
			vc_err("%s: domain is not running", v.name);
		else if ((op == VC_OP_SUSPEND) == (st == VC_STATE_PAUSED))
			r = 0;
		else
			r = check ? 1 : simple(op == VC_OP_SUSPEND ? "pause" : "resume", v.name, NULL) < 0 ? -1 : 1;
		break;
	default:
		vc_err("%s: operation unsupported by the vz driver", key);
	}
	vm_free(&v);
	return r;
}

static int
vz_autostart(struct vc_conn *c, const char *key, int on, int check)
{
	struct vz_vm v;
	struct cmd s;
	int r;

	(void)c;
	if ((r = lookup(key, &v)) <= 0) {
		vm_free(&v);
		return -1;
	}
	if (r == 1 && v.autostart == on) {
		vm_free(&v);
		return 0;
	}
	if (check) {
		vm_free(&v);
		return 1;
	}
	s = prl("set", v.name);
	arg(&s, "--autostart");
	arg(&s, on ? "on" : "off");
	r = run(&s, NULL, v.name);
	vm_free(&v);
	return r < 0 ? -1 : 1;
}

/* ---- inspect ---- */

static int
no_dry(const char *key)
{
	return vc_err("%s: --dry-run: nothing was asked of " PRL ", so there is nothing to show", key);
}

static char *
vz_xml(struct vc_conn *c, const char *key, int inactive)
{
	struct vz_vm v;
	char *s = NULL;
	int r;

	(void)c;
	(void)inactive;
	if ((r = lookup(key, &v)) == 1)
		s = to_xml(&v);
	else if (r == 2)
		no_dry(key);
	vm_free(&v);
	return s;
}

/* every guest, in one call */
static int
all(struct vz_vm **out, size_t *n)
{
	struct cmd c = prl("list", NULL);
	json_object *j;
	char *text;
	size_t i;

	*out = NULL;
	*n = 0;
	arg(&c, "-a");
	arg(&c, "-i");
	arg(&c, "-j");
	if (run(&c, &text, NULL) < 0)
		return -1;
	if (vc_dry_run()) {
		free(text);
		return 0;
	}
	j = parse_list(text);
	free(text);
	if (!j)
		return -1;
	*out = vc_calloc(json_object_array_length(j) + 1, sizeof(**out));
	for (i = 0; i < json_object_array_length(j); i++)
		if (from_json(json_object_array_get_idx(j, i), &(*out)[*n]) == 0)
			(*n)++;
	json_object_put(j);
	return 0;
}

static void
fill(struct vc_dominfo *i, const struct vz_vm *v, int id)
{
	i->name = vc_strdup(v->name);
	if (vc_uuid_parse(v->uuid, i->uuid) < 0)
		vc_err_clear();
	i->type = vc_strdup("vz");
	i->state = state_of(v->state);
	i->id = id;
	i->persistent = 1;
	i->autostart = v->autostart;
	i->max_kib = i->cur_kib = v->mem_mib * 1024;
	i->vcpus = v->cpus;
}

static int
vz_list(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n)
{
	struct vz_vm *v;
	size_t k, i;
	int run_n = 0;

	(void)c;
	*out = NULL;
	*n = 0;
	if (all(&v, &k) < 0)
		return -1;
	for (i = 0; i < k; i++) {
		int on = active(&v[i]), id = on ? ++run_n : -1;
		if ((on && (which & VC_LIST_ACTIVE)) || (!on && (which & VC_LIST_INACTIVE))) {
			*out = vc_realloc(*out, (*n + 1) * sizeof(**out));
			memset(&(*out)[*n], 0, sizeof(**out));
			fill(&(*out)[(*n)++], &v[i], id);
		}
		vm_free(&v[i]);
	}
	free(v);
	return 0;
}

static int
vz_info(struct vc_conn *c, const char *key, struct vc_dominfo *i)
{
	struct vz_vm *v;
	size_t k, j;
	int run_n = 0, r = -1;

	(void)c;
	memset(i, 0, sizeof(*i));
	if (vc_dry_run())
		return no_dry(key);
	/* one call answers the state and the id (its place among running guests) */
	if (all(&v, &k) < 0) {
		vc_err_prefix("%s", key);
		return -1;
	}
	for (j = 0; j < k; j++) {
		int on = active(&v[j]);
		if (on)
			run_n++;
		if (r < 0 && (!strcmp(v[j].name, key) || !strcasecmp(v[j].uuid, key))) {
			fill(i, &v[j], on ? run_n : -1);
			r = 0;
		}
		vm_free(&v[j]);
	}
	free(v);
	if (r < 0)
		vc_err("%s: no such domain", key);
	return r;
}

static int
vz_open(struct vc_conn *c)
{
	if (strcmp(c->path, "/system") != 0)
		return vc_err_kind(VC_ERR_USAGE, "%s: the vz driver's URI is vz:///system", c->uri);
	return 0;
}

static const struct vc_inventory vz_inv = {
	.define = vz_define,
	.undefine = vz_undefine,
	.xml = vz_xml,
	.info = vz_info,
	.list = vz_list,
	.op = vz_op,
	.autostart = vz_autostart,
};

const struct vc_driver vc_vz_driver = {
	.name = "vz",
	.inv = &vz_inv,
	.open = vz_open,
};
