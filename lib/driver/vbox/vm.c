/* vm.c: a VirtualBox machine <-> the domain model: what define asks of
 * VBoxManage, and what showvminfo --machinereadable says back */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "vbox.h"
#include "conf/sections.h"
#include "conf/devs_storage.h"
#include "conf/dev_net.h"

const char *const vbox_nic_names[] = {
	"none", "nat", "bridged", "intnet", "hostonly", "null", "generic", "natnetwork", NULL,
};
const char *const vbox_bus_add[] = { "ide", "sata", "scsi", "floppy", "virtio", "sas" };
const char *const vbox_bus_ctl[] = { "IDE", "SATA", "SCSI", "Floppy", "VirtIO", "SAS" };
/* the disk bus and target prefix each storage bus stands for in domain XML */
static const int bus_disk[] = { VC_DISK_BUS_IDE, VC_DISK_BUS_SATA, VC_DISK_BUS_SCSI,
	VC_DISK_BUS_FDC, VC_DISK_BUS_VIRTIO, VC_DISK_BUS_SCSI };
static const char *const bus_prefix[] = { "hd", "sd", "sd", "fd", "vd", "sd" };

void
vbox_vm_free(struct vbox_vm *v)
{
	size_t i;

	free(v->name);
	free(v->ostype);
	free(v->state);
	for (i = 0; i < VBOX_NICS; i++) {
		free(v->nic[i].adapter);
		free(v->nic[i].model);
	}
	for (i = 0; i < v->nctl; i++)
		free(v->ctl[i].name);
	free(v->ctl);
	for (i = 0; i < v->natt; i++) {
		free(v->att[i].ctl);
		free(v->att[i].medium);
	}
	free(v->att);
	memset(v, 0, sizeof(*v));
}

int
vbox_word(const char *const *names, const char *s)
{
	int i;

	for (i = 0; s && names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int
vbox_state(const char *s)
{
	static const struct { const char *w; int st; } map[] = {
		{"running", VC_STATE_RUNNING}, {"starting", VC_STATE_RUNNING},
		{"restoring", VC_STATE_RUNNING}, {"teleporting", VC_STATE_RUNNING},
		{"livesnapshotting", VC_STATE_RUNNING},
		{"paused", VC_STATE_PAUSED}, {"teleportingpausedvm", VC_STATE_PAUSED},
		{"stopping", VC_STATE_SHUTDOWN}, {"saving", VC_STATE_SHUTDOWN},
		{"poweroff", VC_STATE_SHUTOFF}, {"saved", VC_STATE_SHUTOFF},
		{"aborted", VC_STATE_CRASHED}, {"gurumeditation", VC_STATE_CRASHED},
		{"aborted-saved", VC_STATE_CRASHED},
	};
	size_t i;

	for (i = 0; s && i < VC_NELEM(map); i++)
		if (strcmp(map[i].w, s) == 0)
			return map[i].st;
	return VC_STATE_NOSTATE;
}

int
vbox_bus_of_type(const char *t)
{
	static const struct { const char *t; int bus; } map[] = {
		{"PIIX3", VBOX_BUS_IDE}, {"PIIX4", VBOX_BUS_IDE}, {"ICH6", VBOX_BUS_IDE},
		{"IntelAhci", VBOX_BUS_SATA}, {"LsiLogic", VBOX_BUS_SCSI},
		{"BusLogic", VBOX_BUS_SCSI}, {"LsiLogicSas", VBOX_BUS_SAS},
		{"I82078", VBOX_BUS_FLOPPY}, {"VirtioSCSI", VBOX_BUS_VIRTIO},
	};
	size_t i;

	for (i = 0; t && i < VC_NELEM(map); i++)
		if (strcasecmp(map[i].t, t) == 0)
			return map[i].bus;
	return -1;
}

/* ---- the domain -> the machine ---- */

static int
target_index(const char *dev, const char *prefix)
{
	size_t n = strlen(prefix);

	if (!dev || strncmp(dev, prefix, n) != 0 || dev[n] < 'a' || dev[n] > 'z' || dev[n + 1])
		return -1;
	return dev[n] - 'a';
}

static int
add_ctl(struct vbox_vm *v, int bus)
{
	size_t i;

	for (i = 0; i < v->nctl; i++)
		if (v->ctl[i].bus == bus)
			return 0;
	v->ctl = vc_realloc(v->ctl, (v->nctl + 1) * sizeof(*v->ctl));
	v->ctl[v->nctl].name = vc_strdup(vbox_bus_ctl[bus]);
	v->ctl[v->nctl++].bus = bus;
	return 0;
}

static int
disk_from(struct vbox_vm *v, const struct vc_disk *k)
{
	struct vbox_att *a;
	int bus, idx;

	switch (k->bus) {
	case VC_DISK_BUS_IDE: bus = VBOX_BUS_IDE; break;
	case VC_DISK_BUS_SATA: bus = VBOX_BUS_SATA; break;
	case VC_DISK_BUS_SCSI: bus = VBOX_BUS_SCSI; break;
	case VC_DISK_BUS_FDC: bus = VBOX_BUS_FLOPPY; break;
	case VC_DISK_BUS_VIRTIO: bus = VBOX_BUS_VIRTIO; break;
	case VC_DISK_BUS_NONE:
		/* as libvirt picks a bus from the target's prefix */
		bus = k->target_dev && !strncmp(k->target_dev, "hd", 2) ? VBOX_BUS_IDE
		    : k->target_dev && !strncmp(k->target_dev, "fd", 2) ? VBOX_BUS_FLOPPY
		    : k->target_dev && !strncmp(k->target_dev, "vd", 2) ? VBOX_BUS_VIRTIO
		    : VBOX_BUS_SATA;
		break;
	default:
		return vc_err("disk %s: bus '%s' is unsupported by the vbox driver",
		    k->target_dev ? k->target_dev : "?", vc_disk_bus_names[k->bus]);
	}
	if (k->src.present && k->type != VC_DISK_TYPE_FILE)
		return vc_err("disk %s: type '%s' is unsupported by the vbox driver (files only)",
		    k->target_dev ? k->target_dev : "?", vc_disk_type_names[k->type]);
	if (k->device == VC_DISK_DEV_LUN)
		return vc_err("disk %s: device 'lun' is unsupported by the vbox driver",
		    k->target_dev ? k->target_dev : "?");
	if ((idx = target_index(k->target_dev, bus_prefix[bus])) < 0)
		return vc_err("disk %s: target must be %sa..%sz on bus %s", k->target_dev ? k->target_dev : "?",
		    bus_prefix[bus], bus_prefix[bus], vbox_bus_add[bus]);
	if ((bus == VBOX_BUS_IDE && idx > 3) || (bus == VBOX_BUS_FLOPPY && idx > 1))
		return vc_err("disk %s: VirtualBox has only %s on that bus", k->target_dev,
		    bus == VBOX_BUS_IDE ? "hda..hdd" : "fda..fdb");
	add_ctl(v, bus);
	v->att = vc_realloc(v->att, (v->natt + 1) * sizeof(*v->att));
	a = &v->att[v->natt++];
	memset(a, 0, sizeof(*a));
	a->bus = bus;
	a->ctl = vc_strdup(vbox_bus_ctl[bus]);
	a->port = bus == VBOX_BUS_IDE ? idx / 2 : bus == VBOX_BUS_FLOPPY ? 0 : idx;
	a->dev = bus == VBOX_BUS_IDE ? idx % 2 : bus == VBOX_BUS_FLOPPY ? idx : 0;
	a->kind = k->device == VC_DISK_DEV_CDROM ? VBOX_MED_DVD
	    : k->device == VC_DISK_DEV_FLOPPY || bus == VBOX_BUS_FLOPPY ? VBOX_MED_FDD : VBOX_MED_HDD;
	if (k->src.path && *k->src.path)
		a->medium = vc_strdup(k->src.path);
	else if (a->kind == VBOX_MED_HDD)
		return vc_err("disk %s: a hard disk needs a source file", k->target_dev);
	return 0;
}

static int
nic_from(struct vbox_nic *n, const struct vc_iface *i, size_t slot)
{
	const char *src = NULL;

	switch (i->type) {
	case VC_IFACE_USER: n->att = VBOX_NIC_NAT; break;
	case VC_IFACE_BRIDGE: n->att = VBOX_NIC_BRIDGED; src = i->source_bridge; break;
	case VC_IFACE_INTERNAL: n->att = VBOX_NIC_INTNET; src = i->source_name; break;
	case VC_IFACE_NETWORK: n->att = VBOX_NIC_HOSTONLY; src = i->source_network; break;
	default:
		return vc_err("interface %zu: type '%s' is unsupported by the vbox driver", slot + 1,
		    vc_iface_type_names[i->type]);
	}
	if (n->att != VBOX_NIC_NAT && (!src || !*src))
		return vc_err("interface %zu: type '%s' needs a source", slot + 1, vc_iface_type_names[i->type]);
	n->adapter = src ? vc_strdup(src) : NULL;
	if (i->has_mac)
		snprintf(n->mac, sizeof(n->mac), "%02X%02X%02X%02X%02X%02X",
		    i->mac[0], i->mac[1], i->mac[2], i->mac[3], i->mac[4], i->mac[5]);
	if (i->model)
		n->model = vc_strdup(i->model);
	return 0;
}

int
vbox_from_domain(const struct vc_domain *d, struct vbox_vm *v)
{
	const struct vc_os *os = d->sect[VC_SECT_OS];
	static const char *const bootw[] = { "none", "floppy", "dvd", "disk", "net" };
	size_t i;

	memset(v, 0, sizeof(*v));
	v->name = vc_strdup(d->name);
	if (d->has_uuid)
		vc_uuid_format(d->uuid, v->uuid);
	if (d->type != VC_VIRT_VBOX) {
		vc_err("%s: domain type '%s': the vbox driver takes <domain type='vbox'>", d->name,
		    vc_virt_type_names[d->type]);
		goto fail;
	}
	if (os && os->type != VC_OS_HVM && os->type != VC_OS_NONE) {
		vc_err("%s: os type '%s' is unsupported by the vbox driver", d->name, vc_os_type_names[os->type]);
		goto fail;
	}
	v->arch64 = !os || !os->arch || strcmp(os->arch, "i686") != 0;
	v->mem_mib = (d->memory + 1023) / 1024;
	v->cpus = d->vcpus ? d->vcpus : 1;
	v->efi = os && os->firmware == VC_FW_EFI;
	for (i = 0; i < 4; i++)
		strcpy(v->boot[i], os && i < os->nboot ? bootw[os->boot[i]] : i == 0 && (!os || !os->nboot) ? "disk" : "none");
	if (d->ndev[VC_DEV_INTERFACE] > VBOX_NICS) {
		vc_err("%s: VirtualBox has %d network adapters, the domain has %zu", d->name, VBOX_NICS,
		    d->ndev[VC_DEV_INTERFACE]);
		goto fail;
	}
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++)
		if (nic_from(&v->nic[i], d->dev[VC_DEV_INTERFACE][i], i) < 0)
			goto prefix;
	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++)
		if (disk_from(v, d->dev[VC_DEV_DISK][i]) < 0)
			goto prefix;
	return 0;
prefix:
	vc_err_prefix("%s", d->name);
fail:
	vbox_vm_free(v);
	return -1;
}

/* ---- showvminfo --machinereadable ---- */

struct kv { char *k, *v; };

/* key="value" or key=value lines; keys may be quoted; \" and \\ escaped */
static char *
unquote(const char **pp, const char *end, int stop)
{
	struct vc_buf b = {0};
	const char *p = *pp;

	vc_buf_puts(&b, "");
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p == '\\' && p + 1 < end)
				p++;
			vc_buf_putc(&b, *p);
		}
		if (p < end)
			p++;
	} else {
		for (; p < end && *p != stop; p++)
			vc_buf_putc(&b, *p);
	}
	*pp = p;
	return vc_buf_take(&b);
}

static struct kv *
kv_parse(const char *text, size_t *n)
{
	struct kv *v = NULL;
	const char *p = text;

	*n = 0;
	while (p && *p) {
		const char *end = strchr(p, '\n');
		char *k, *val;
		if (!end)
			end = p + strlen(p);
		k = unquote(&p, end, '=');
		if (p < end && *p == '=') {
			p++;
			val = unquote(&p, end, '\n');
			v = vc_realloc(v, (*n + 1) * sizeof(*v));
			v[*n].k = k;
			v[(*n)++].v = val;
		} else
			free(k);
		p = *end ? end + 1 : end;
	}
	return v;
}

static const char *
kv_get(const struct kv *v, size_t n, const char *k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].k, k) == 0)
			return v[i].v;
	return NULL;
}

static const char *
kv_getf(const struct kv *v, size_t n, const char *fmt, ...) VC_PRINTF(3, 4);
static const char *
kv_getf(const struct kv *v, size_t n, const char *fmt, ...)
{
	char k[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k, sizeof(k), fmt, ap);
	va_end(ap);
	return kv_get(v, n, k);
}

static void
kv_free(struct kv *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].k);
		free(v[i].v);
	}
	free(v);
}

static int
num(const char *s, unsigned long long max, unsigned long long *out)
{
	return s && vc_parse_ull(s, 0, max, out) == 0 ? 0 : -1;
}

int
vbox_from_info(const char *text, struct vbox_vm *v)
{
	size_t n, i, j;
	struct kv *kv = kv_parse(text, &n);
	unsigned long long u;
	const char *s;

	memset(v, 0, sizeof(*v));
	if (!(s = kv_get(kv, n, "name"))) {
		kv_free(kv, n);
		return vc_err("VBoxManage showvminfo: no name= in its output");
	}
	v->name = vc_strdup(s);
	if ((s = kv_get(kv, n, "UUID")))
		snprintf(v->uuid, sizeof(v->uuid), "%s", s);
	if ((s = kv_get(kv, n, "ostype")))
		v->ostype = vc_strdup(s);
	v->arch64 = !s || strstr(s, "64") != NULL;
	if (num(kv_get(kv, n, "memory"), 1ULL << 40, &u) == 0)
		v->mem_mib = u;
	if (num(kv_get(kv, n, "cpus"), 1024, &u) == 0)
		v->cpus = (unsigned)u;
	s = kv_get(kv, n, "firmware");
	v->efi = s && strncasecmp(s, "efi", 3) == 0;
	for (i = 0; i < 4; i++) {
		s = kv_getf(kv, n, "boot%zu", i + 1);
		snprintf(v->boot[i], sizeof(v->boot[i]), "%s", s ? s : "none");
	}
	for (i = 0; i < VBOX_NICS; i++) {
		struct vbox_nic *c = &v->nic[i];
		int a;
		s = kv_getf(kv, n, "nic%zu", i + 1);
		if (!s || (a = vbox_word(vbox_nic_names, s)) <= 0)
			continue;
		c->att = a;
		if ((s = kv_getf(kv, n, "macaddress%zu", i + 1)))
			snprintf(c->mac, sizeof(c->mac), "%s", s);
		if ((s = kv_getf(kv, n, "nictype%zu", i + 1)))
			c->model = vc_strdup(s);
		s = a == VBOX_NIC_BRIDGED ? kv_getf(kv, n, "bridgeadapter%zu", i + 1)
		    : a == VBOX_NIC_HOSTONLY ? kv_getf(kv, n, "hostonlyadapter%zu", i + 1)
		    : a == VBOX_NIC_INTNET ? kv_getf(kv, n, "intnet%zu", i + 1)
		    : a == VBOX_NIC_NATNETWORK ? kv_getf(kv, n, "nat-network%zu", i + 1) : NULL;
		if (s)
			c->adapter = vc_strdup(s);
	}
	for (i = 0; (s = kv_getf(kv, n, "storagecontrollername%zu", i)); i++) {
		const char *t = kv_getf(kv, n, "storagecontrollertype%zu", i);
		int bus = vbox_bus_of_type(t);
		size_t cl = strlen(s);
		if (bus < 0)
			continue;   /* USB, NVMe: not expressible; left alone */
		v->ctl = vc_realloc(v->ctl, (v->nctl + 1) * sizeof(*v->ctl));
		v->ctl[v->nctl].name = vc_strdup(s);
		v->ctl[v->nctl++].bus = bus;
		/* attachments: "CTL-PORT-DEVICE"="medium" */
		for (j = 0; j < n; j++) {
			const char *k = kv[j].k;
			struct vbox_att *a;
			char *e;
			long port, dev;
			if (strncmp(k, s, cl) != 0 || k[cl] != '-' || k[cl + 1] < '0' || k[cl + 1] > '9')
				continue;
			port = strtol(k + cl + 1, &e, 10);
			if (*e != '-' || e[1] < '0' || e[1] > '9')
				continue;
			dev = strtol(e + 1, &e, 10);
			if (*e || strcmp(kv[j].v, "none") == 0)
				continue;
			v->att = vc_realloc(v->att, (v->natt + 1) * sizeof(*v->att));
			a = &v->att[v->natt++];
			memset(a, 0, sizeof(*a));
			a->bus = bus;
			a->ctl = vc_strdup(s);
			a->port = (int)port;
			a->dev = (int)dev;
			/* a DVD drive says whether it is ejected; a floppy sits on a floppy controller */
			a->kind = bus == VBOX_BUS_FLOPPY ? VBOX_MED_FDD
			    : kv_getf(kv, n, "%s-IsEjected-%ld-%ld", s, port, dev) || !strcmp(kv[j].v, "emptydrive")
			    ? VBOX_MED_DVD : VBOX_MED_HDD;
			if (strcmp(kv[j].v, "emptydrive") != 0)
				a->medium = vc_strdup(kv[j].v);
		}
	}
	if ((s = kv_get(kv, n, "VMState")))
		v->state = vc_strdup(s);
	s = kv_get(kv, n, "autostart-enabled");
	v->autostart = s && strcmp(s, "on") == 0;
	kv_free(kv, n);
	return 0;
}

/* ---- the machine -> domain XML ---- */

static void
fmt_mac(char out[18], const char *hex)
{
	size_t i;

	for (i = 0; i < 6; i++) {
		out[i * 3] = (char)(hex[i * 2] >= 'A' && hex[i * 2] <= 'F' ? hex[i * 2] + 32 : hex[i * 2]);
		out[i * 3 + 1] = (char)(hex[i * 2 + 1] >= 'A' && hex[i * 2 + 1] <= 'F' ? hex[i * 2 + 1] + 32 : hex[i * 2 + 1]);
		out[i * 3 + 2] = i < 5 ? ':' : 0;
	}
}

static int
att_cmp(const void *pa, const void *pb)
{
	const struct vbox_att *a = pa, *b = pb;

	if (a->bus != b->bus)
		return a->bus - b->bus;
	if (a->port != b->port)
		return a->port - b->port;
	return a->dev - b->dev;
}

char *
vbox_to_xml(const struct vbox_vm *v)
{
	static const char *const bootw[] = { "floppy", "dvd", "disk", "net", NULL };
	static const char *const bootd[] = { "fd", "cdrom", "hd", "network" };
	static const char *const devw[] = { "disk", "cdrom", "floppy" };
	struct vc_buf b = {0};
	struct vbox_att *att;
	struct vc_domain *d;
	char *xml;
	size_t i;
	int k;

	vc_buf_puts(&b, "<domain type='vbox'>\n  <name>");
	vc_buf_esc(&b, v->name, 0);
	vc_buf_puts(&b, "</name>\n");
	if (v->uuid[0]) {
		vc_buf_puts(&b, "  <uuid>");
		vc_buf_esc(&b, v->uuid, 0);
		vc_buf_puts(&b, "</uuid>\n");
	}
	vc_buf_printf(&b, "  <memory unit='KiB'>%llu</memory>\n", v->mem_mib * 1024);
	vc_buf_printf(&b, "  <vcpu>%u</vcpu>\n", v->cpus ? v->cpus : 1);
	vc_buf_printf(&b, "  <os%s>\n    <type arch='%s'>hvm</type>\n",
	    v->efi ? " firmware='efi'" : "", v->arch64 ? "x86_64" : "i686");
	for (i = 0; i < 4; i++)
		if ((k = vbox_word(bootw, v->boot[i])) >= 0)
			vc_buf_printf(&b, "    <boot dev='%s'/>\n", bootd[k]);
	vc_buf_puts(&b, "  </os>\n  <devices>\n");
	att = v->natt ? vc_malloc(v->natt * sizeof(*att)) : NULL;
	if (att)
		memcpy(att, v->att, v->natt * sizeof(*att));
	if (att)                /* no attachments: qsort wants a base */
		qsort(att, v->natt, sizeof(*att), att_cmp);
	for (i = 0; i < v->natt; i++) {
		const struct vbox_att *a = &att[i];
		int idx = a->bus == VBOX_BUS_IDE ? a->port * 2 + a->dev
		    : a->bus == VBOX_BUS_FLOPPY ? a->dev : a->port;
		if (idx < 0 || idx > 25)
			continue;
		vc_buf_printf(&b, "    <disk type='file' device='%s'>\n", devw[a->kind]);
		if (a->medium) {
			vc_buf_puts(&b, "      <source file='");
			vc_buf_esc(&b, a->medium, 1);
			vc_buf_puts(&b, "'/>\n");
		}
		vc_buf_printf(&b, "      <target dev='%s%c' bus='%s'/>\n", bus_prefix[a->bus], 'a' + idx,
		    vc_disk_bus_names[bus_disk[a->bus]]);
		if (a->kind == VBOX_MED_DVD)
			vc_buf_puts(&b, "      <readonly/>\n");
		vc_buf_puts(&b, "    </disk>\n");
	}
	free(att);
	for (i = 0; i < VBOX_NICS; i++) {
		const struct vbox_nic *n = &v->nic[i];
		static const char *const t[] = { NULL, "user", "bridge", "internal", "network" };
		static const char *const sa[] = { NULL, NULL, "bridge", "name", "network" };
		char mac[18];
		if (n->att == VBOX_NIC_NONE || n->att > VBOX_NIC_HOSTONLY)
			continue;
		vc_buf_printf(&b, "    <interface type='%s'>\n", t[n->att]);
		if (strlen(n->mac) == 12) {
			fmt_mac(mac, n->mac);
			vc_buf_printf(&b, "      <mac address='%s'/>\n", mac);
		}
		if (sa[n->att] && n->adapter) {
			vc_buf_printf(&b, "      <source %s='", sa[n->att]);
			vc_buf_esc(&b, n->adapter, 1);
			vc_buf_puts(&b, "'/>\n");
		}
		if (n->model) {
			vc_buf_puts(&b, "      <model type='");
			vc_buf_esc(&b, n->model, 1);
			vc_buf_puts(&b, "'/>\n");
		}
		vc_buf_puts(&b, "    </interface>\n");
	}
	vc_buf_puts(&b, "  </devices>\n</domain>\n");
	xml = vc_buf_take(&b);
	/* through the model: the same canonical form every driver prints */
	d = vc_domain_parse(xml, strlen(xml), v->name);
	free(xml);
	if (!d)
		return NULL;
	xml = vc_domain_format(d, 0);
	vc_domain_free(d);
	return xml;
}
