/* native.c: a VirtualBox machine file (NAME.vbox, the XML VirtualBox 7
 * writes) -> domain XML, for vdom-from-native --format vbox */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "vbox.h"

struct vf {
	const char *file;
	char *dir;             /* relative media locations are relative to the file */
	int strict;
	xmlNodePtr registry;   /* MediaRegistry */
};

static int
is(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (is(n, name))
			return n;
	return NULL;
}

/* the first element of that name anywhere below n (VirtualBox 7.1 moved
 * firmware and CPU under <Platform>) */
static xmlNodePtr
find(xmlNodePtr n, const char *name)
{
	xmlNodePtr c, r;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, name))
			return c;
		if ((r = find(c, name)))
			return r;
	}
	return NULL;
}

static char *
attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
	char *s = v ? vc_strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static int
attr_num(struct vf *f, xmlNodePtr n, const char *name, unsigned long long max, unsigned long long *v)
{
	char *s = attr(n, name);
	int r = 0;

	if (s && vc_parse_ull(s, 0, max, v) < 0)
		r = vc_err("%s:%d: %s %s='%s': %s", f->file, n->line, (const char *)n->name, name, s, vc_errmsg());
	free(s);
	return s ? (r < 0 ? -1 : 1) : 0;
}

/* "{uuid}" -> "uuid" */
static void
unbrace(char *dst, size_t n, const char *s)
{
	size_t l;

	if (*s == '{')
		s++;
	l = strcspn(s, "}");
	snprintf(dst, n, "%.*s", (int)l, s);
}

/* the medium an <Image uuid=> names, through the machine's media registry
 * (hard disks may nest: a differencing image under its parent) */
static xmlNodePtr
medium(xmlNodePtr n, const char *uuid)
{
	xmlNodePtr c, r;

	for (c = n ? n->children : NULL; c; c = c->next) {
		char *u, b[64];
		int hit;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((u = attr(c, "uuid"))) {
			unbrace(b, sizeof(b), u);
			hit = (is(c, "HardDisk") || is(c, "Image")) && strcasecmp(b, uuid) == 0;
			free(u);
			if (hit)
				return c;
		}
		if ((r = medium(c, uuid)))
			return r;
	}
	return NULL;
}

static int
drop(struct vf *f, xmlNodePtr n, const char *what)
{
	return vc_native_drop(f->strict, f->file, n ? n->line : 0, "%s", what);
}

static int
storage(struct vf *f, xmlNodePtr ctls, struct vbox_vm *v)
{
	static const struct { const char *t; int bus; } types[] = {
		{"AHCI", VBOX_BUS_SATA}, {"PIIX3", VBOX_BUS_IDE}, {"PIIX4", VBOX_BUS_IDE},
		{"ICH6", VBOX_BUS_IDE}, {"LsiLogic", VBOX_BUS_SCSI}, {"BusLogic", VBOX_BUS_SCSI},
		{"LsiLogicSas", VBOX_BUS_SAS}, {"I82078", VBOX_BUS_FLOPPY}, {"VirtioSCSI", VBOX_BUS_VIRTIO},
	};
	xmlNodePtr sc, ad;

	for (sc = ctls ? ctls->children : NULL; sc; sc = sc->next) {
		char *name, *type;
		size_t i;
		int bus = -1;
		if (!is(sc, "StorageController"))
			continue;
		name = attr(sc, "name");
		type = attr(sc, "type");
		for (i = 0; type && i < VC_NELEM(types); i++)
			if (strcmp(types[i].t, type) == 0)
				bus = types[i].bus;
		if (bus < 0 || !name) {
			char msg[160];
			snprintf(msg, sizeof(msg), "storage controller '%s' of type '%s'", name ? name : "?",
			    type ? type : "?");
			free(name);
			free(type);
			if (drop(f, sc, msg) < 0)
				return -1;
			continue;
		}
		free(type);
		v->ctl = vc_realloc(v->ctl, (v->nctl + 1) * sizeof(*v->ctl));
		v->ctl[v->nctl].name = vc_strdup(name);
		v->ctl[v->nctl++].bus = bus;
		for (ad = sc->children; ad; ad = ad->next) {
			unsigned long long port = 0, dev = 0;
			struct vbox_att *a;
			xmlNodePtr img, med;
			char *t, *u, *loc = NULL, ub[64];
			int kind;
			if (!is(ad, "AttachedDevice"))
				continue;
			t = attr(ad, "type");
			kind = !t ? -1 : !strcmp(t, "HardDisk") ? VBOX_MED_HDD : !strcmp(t, "DVD") ? VBOX_MED_DVD
			    : !strcmp(t, "Floppy") ? VBOX_MED_FDD : -1;
			free(t);
			if (attr_num(f, ad, "port", 64, &port) < 0 || attr_num(f, ad, "device", 1, &dev) < 0) {
				free(name);
				return -1;
			}
			if (kind < 0 || child(ad, "HostDrive")) {
				if (drop(f, ad, kind < 0 ? "an attached device of unknown type" : "a host drive") < 0) {
					free(name);
					return -1;
				}
				continue;
			}
			if ((img = child(ad, "Image")) && (u = attr(img, "uuid"))) {
				unbrace(ub, sizeof(ub), u);
				free(u);
				if (!(med = medium(f->registry, ub)) || !(loc = attr(med, "location"))) {
					vc_err("%s:%d: AttachedDevice: image {%s} is not in the media registry", f->file,
					    img->line, ub);
					free(name);
					return -1;
				}
				if (*loc != '/' && f->dir) {
					char *p = vc_asprintf("%s/%s", f->dir, loc);
					free(loc);
					loc = p;
				}
			}
			if (kind == VBOX_MED_HDD && !loc) {
				vc_err("%s:%d: AttachedDevice: a hard disk without an image", f->file, ad->line);
				free(name);
				return -1;
			}
			v->att = vc_realloc(v->att, (v->natt + 1) * sizeof(*v->att));
			a = &v->att[v->natt++];
			memset(a, 0, sizeof(*a));
			a->bus = bus;
			a->ctl = vc_strdup(name);
			a->port = (int)port;
			a->dev = (int)dev;
			a->kind = bus == VBOX_BUS_FLOPPY ? VBOX_MED_FDD : kind;
			a->medium = loc;
		}
		free(name);
	}
	return 0;
}

static int
network(struct vf *f, xmlNodePtr net, struct vbox_vm *v)
{
	static const struct { const char *elem; int att; } modes[] = {
		{"NAT", VBOX_NIC_NAT}, {"BridgedInterface", VBOX_NIC_BRIDGED},
		{"InternalNetwork", VBOX_NIC_INTNET}, {"HostOnlyInterface", VBOX_NIC_HOSTONLY},
	};
	xmlNodePtr ad, m;

	for (ad = net ? net->children : NULL; ad; ad = ad->next) {
		unsigned long long slot = 0;
		struct vbox_nic *n;
		char *en, *mac;
		size_t i;
		if (!is(ad, "Adapter"))
			continue;
		if (attr_num(f, ad, "slot", 35, &slot) < 0)
			return -1;
		en = attr(ad, "enabled");
		i = en && strcmp(en, "true") == 0;
		free(en);
		if (!i)
			continue;
		if (slot >= VBOX_NICS) {
			if (drop(f, ad, "a network adapter past slot 7") < 0)
				return -1;
			continue;
		}
		n = &v->nic[slot];
		if (n->model) {
			vc_err("%s:%d: Adapter: a second enabled adapter in slot %llu", f->file, ad->line, slot);
			return -1;
		}
		n->model = attr(ad, "type");
		if (!n->model)
			n->model = vc_strdup("Am79C973");   /* VirtualBox's default adapter */
		if ((mac = attr(ad, "MACAddress"))) {
			if (strlen(mac) != 12 || mac[strspn(mac, "0123456789abcdefABCDEF")]) {
				vc_err("%s:%d: Adapter: MACAddress '%s' is not 12 hex digits", f->file, ad->line, mac);
				free(mac);
				return -1;
			}
			memcpy(n->mac, mac, 13);
			free(mac);
		}
		/* the attachment in use is the child that is not under <DisabledModes> */
		for (m = ad->children; m; m = m->next)
			for (i = 0; i < VC_NELEM(modes); i++)
				if (is(m, modes[i].elem)) {
					n->att = modes[i].att;
					free(n->adapter);   /* the last attachment counts */
					n->adapter = n->att != VBOX_NIC_NAT ? attr(m, "name") : NULL;
				}
		if (n->att == VBOX_NIC_NONE || (n->att != VBOX_NIC_NAT && !n->adapter)) {
			n->att = VBOX_NIC_NONE;
			if (drop(f, ad, "a network adapter with no attachment libvirt names (generic, NAT network, cloud)") < 0)
				return -1;
		}
	}
	return 0;
}

int
vbox_from_file(const char *text, size_t len, const char *file, int strict, struct vbox_vm *v)
{
	static const struct { const char *dev, *word; } boots[] = {
		{"Floppy", "floppy"}, {"DVD", "dvd"}, {"HardDisk", "disk"}, {"Network", "net"},
		{"None", "none"},
	};
	struct vf f = {file, NULL, 0, NULL};
	xmlDocPtr doc;
	xmlNodePtr root, m, hw, n;
	unsigned long long u;
	char *s, *slash;
	int r = -1;
	size_t i;

	memset(v, 0, sizeof(*v));
	if (!(doc = vc_x_read(text, len, file)))
		return -1;
	f.strict = strict;
	root = xmlDocGetRootElement(doc);
	if (!is(root, "VirtualBox") || !(m = child(root, "Machine"))) {
		vc_err("%s: not a VirtualBox machine file (<VirtualBox><Machine>)", file);
		goto out;
	}
	/* media paths come out absolute, as VirtualBox resolves them */
	if (strcmp(file, "-") != 0) {
		char *real = realpath(file, NULL);
		const char *p = real ? real : file;
		if ((slash = strrchr(p, '/')))
			f.dir = vc_strndup(p, (size_t)(slash - p));
		free(real);
	}
	f.registry = child(m, "MediaRegistry");
	if (!(v->name = attr(m, "name"))) {
		vc_err("%s:%d: Machine: no name", file, m->line);
		goto out;
	}
	if ((s = attr(m, "uuid"))) {
		unbrace(v->uuid, sizeof(v->uuid), s);
		free(s);
	}
	v->ostype = attr(m, "OSType");
	v->arch64 = v->ostype && strstr(v->ostype, "_64") != NULL;
	v->cpus = 1;
	strcpy(v->boot[0], "floppy");
	strcpy(v->boot[1], "dvd");
	strcpy(v->boot[2], "disk");
	strcpy(v->boot[3], "none");
	if (!(hw = child(m, "Hardware"))) {
		vc_err("%s:%d: Machine: no <Hardware>", file, m->line);
		goto out;
	}
	if ((n = find(hw, "CPU"))) {
		int k = attr_num(&f, n, "count", 1024, &u);
		if (k < 0)
			goto out;
		if (k > 0 && u > 0)
			v->cpus = (unsigned)u;
	}
	if ((n = find(hw, "Memory"))) {
		if (attr_num(&f, n, "RAMSize", 1ULL << 40, &u) < 0)
			goto out;
		v->mem_mib = u;
	}
	if ((n = find(hw, "Firmware")) && (s = attr(n, "type"))) {
		v->efi = strncasecmp(s, "EFI", 3) == 0;
		free(s);
	}
	if ((n = find(hw, "Boot"))) {
		xmlNodePtr o;
		for (o = n->children; o; o = o->next) {
			unsigned long long pos = 0;     /* no position: no place */
			char *d;
			if (!is(o, "Order"))
				continue;
			if (attr_num(&f, o, "position", 4, &pos) < 0)
				goto out;
			d = attr(o, "device");
			for (i = 0; d && i < VC_NELEM(boots); i++)
				if (strcmp(boots[i].dev, d) == 0 && pos >= 1)
					strcpy(v->boot[pos - 1], boots[i].word);
			free(d);
		}
	}
	if (network(&f, find(hw, "Network"), v) < 0)
		goto out;
	/* VirtualBox 4 and later keep controllers under Hardware; older files beside it */
	if (storage(&f, (n = child(hw, "StorageControllers")) ? n : child(m, "StorageControllers"), v) < 0)
		goto out;
	if ((n = find(hw, "Autostart")) && (s = attr(n, "enabled"))) {
		v->autostart = strcmp(s, "true") == 0;
		free(s);
	}
	r = 0;
out:
	free(f.dir);
	xmlFreeDoc(doc);
	if (r < 0)
		vbox_vm_free(v);
	return r;
}

struct vc_domain *
vc_vbox_native_from(const char *text, size_t len, const char *file, int strict)
{
	struct vc_domain *d;
	struct vbox_vm v;
	char *xml;

	if (vbox_from_file(text, len, file, strict, &v) < 0)
		return NULL;
	xml = vbox_to_xml(&v);
	vbox_vm_free(&v);
	if (!xml)
		return NULL;
	d = vc_domain_parse(xml, strlen(xml), file);
	free(xml);
	return d;
}
