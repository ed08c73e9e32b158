/* vmxml.c: a VirtualMachine's config as domain XML, and a domain as the
 * VirtualMachineConfigSpec that CreateVM_Task/ReconfigVM_Task take */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlstring.h>
#include "esx.h"
#include "../../conf/devs_storage.h"
#include "../../conf/dev_net.h"
#include "../../conf/sections.h"


const char *const esx_xml_paths[] = {
	"name", "config.uuid", "config.hardware.memoryMB", "config.hardware.numCPU",
	"config.hardware.numCoresPerSocket", "config.guestId", "config.annotation",
	"config.hardware.device",
};
const size_t esx_nxml_paths = VC_NELEM(esx_xml_paths);
enum { P_NAME, P_UUID, P_MEM, P_CPU, P_CORES, P_GUEST, P_NOTE, P_DEV };

static const struct { const char *type, *model; } scsi_models[] = {
	{"VirtualLsiLogicController", "lsilogic"},
	{"VirtualBusLogicController", "buslogic"},
	{"ParaVirtualSCSIController", "vmpvscsi"},
	{"VirtualLsiLogicSASController", "lsisas1068"},
};
static const struct { const char *type, *model; } nic_models[] = {
	{"VirtualE1000", "e1000"}, {"VirtualE1000e", "e1000e"},
	{"VirtualVmxnet3", "vmxnet3"}, {"VirtualVmxnet2", "vmxnet2"},
	{"VirtualVmxnet", "vmxnet"}, {"VirtualPCNet32", "vlance"},
};

/* sda, sdb, ..., sdz, sdaa */
static void
dev_name(struct vc_buf *b, const char *prefix, unsigned idx)
{
	char s[16];

	vc_disk_name(s, sizeof(s), prefix, idx);
	vc_buf_puts(b, s);
}

static int
dev_index(const char *dev, const char *prefix, unsigned *idx)
{
	size_t pl = strlen(prefix);
	const char *p;
	unsigned v = 0;

	if (!dev || strncmp(dev, prefix, pl) != 0 || !dev[pl])
		return -1;
	for (p = dev + pl; *p; p++) {
		if (*p < 'a' || *p > 'z' || v > 10000)
			return -1;
		v = v * 26 + (unsigned)(*p - 'a') + 1;
	}
	*idx = v - 1;
	return 0;
}

static long
num(xmlNodePtr n, const char *name, long dflt)
{
	char *s = esx_child_text(n, name), *end;
	long v;

	if (!s)
		return dflt;
	v = strtol(s, &end, 10);
	if (end == s || *end)
		v = dflt;
	free(s);
	return v;
}

struct ctrl {
	long key, bus;
	const char *kind;        /* scsi, ide, sata */
	const char *model;
};

static const struct ctrl *
ctrl_of(const struct ctrl *c, size_t n, long key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i].key == key)
			return &c[i];
	return NULL;
}

static void
attr(struct vc_buf *b, const char *name, const char *v)
{
	vc_buf_printf(b, " %s='", name);
	vc_buf_esc(b, v, 1);
	vc_buf_putc(b, '\'');
}

static void
fmt_disk(struct vc_buf *b, xmlNodePtr dv, const char *type, const struct ctrl *ct, size_t nct,
    unsigned char used[2][256])
{
	xmlNodePtr bk = esx_child(dv, "backing");
	const char *btype = bk ? esx_xsi_type(bk) : "";
	const struct ctrl *c = ctrl_of(ct, nct, num(dv, "controllerKey", -1));
	long unit = num(dv, "unitNumber", 0);
	int cdrom = strcmp(type, "VirtualCdrom") == 0;
	char *file = bk ? esx_child_text(bk, "fileName") : NULL;
	unsigned idx;

	if (!c || unit < 0)
		goto out;
	vc_buf_printf(b, "<disk type='file' device='%s'>", cdrom ? "cdrom" : "disk");
	if (file && *file && (!cdrom || strcmp(btype, "VirtualCdromIsoBackingInfo") == 0)) {
		vc_buf_puts(b, "<source");
		attr(b, "file", file);
		vc_buf_puts(b, "/>");
	}
	if (strcmp(c->kind, "ide") == 0) {
		idx = (unsigned)(c->bus * 2 + unit) & 255;
		vc_buf_puts(b, "<target dev='");
		if (used[0][idx]) {
			/* two devices on one slot (the simulator does that):
			 * the next free name, and no address to clash */
			while (idx < 255 && used[0][idx])
				idx++;
			used[0][idx] = 1;
			dev_name(b, "hd", idx);
			vc_buf_puts(b, "' bus='ide'/>");
		} else {
			used[0][idx] = 1;
			dev_name(b, "hd", idx);
			vc_buf_printf(b, "' bus='ide'/><address type='drive' controller='0' bus='%ld' target='0' unit='%ld'/>",
			    c->bus, unit);
		}
	} else {
		int sata = strcmp(c->kind, "sata") == 0;
		/* SCSI and SATA share the sd names: SCSI's four controllers
		 * take sda to sdbh (15 units each), SATA's come after them */
		idx = sata ? (unsigned)(4 * 15 + c->bus * 30 + unit)
		    : (unsigned)(c->bus * 15 + unit - (unit > 7 ? 1 : 0));
		idx &= 255;
		vc_buf_puts(b, "<target dev='");
		if (used[1][idx]) {
			while (idx < 255 && used[1][idx])
				idx++;
			used[1][idx] = 1;
			dev_name(b, "sd", idx);
			vc_buf_printf(b, "' bus='%s'/>", c->kind);
		} else {
			used[1][idx] = 1;
			dev_name(b, "sd", idx);
			vc_buf_printf(b, "' bus='%s'/><address type='drive' controller='%ld' bus='0' target='0' unit='%ld'/>",
			    c->kind, c->bus, unit);
		}
	}
	if (cdrom)
		vc_buf_puts(b, "<readonly/>");
	vc_buf_puts(b, "</disk>");
out:
	free(file);
}

/* DVS uuids come as "50 2a 8e ... 4c-5d 6e ..." from ESX, or as a plain uuid */
static int
dvs_uuid(const char *s, char out[37])
{
	char hex[33];
	unsigned char u[16];
	size_t n = 0;

	for (; *s && n < 32; s++)
		if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F'))
			hex[n++] = *s;
		else if (*s != ' ' && *s != '-')
			return -1;
	if (n != 32 || *s)
		return -1;
	hex[32] = 0;
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
	return vc_uuid_parse(out, u);
}

static void
fmt_nic(struct vc_buf *b, xmlNodePtr dv, const char *model)
{
	xmlNodePtr bk = esx_child(dv, "backing"), port;
	const char *btype = bk ? esx_xsi_type(bk) : "";
	char *mac = esx_child_text(dv, "macAddress"), *at = esx_child_text(dv, "addressType");
	char *s = NULL, *pg = NULL, *pk = NULL, *cc = NULL, u[37];
	unsigned char m[6];

	if (strcmp(btype, "VirtualEthernetCardNetworkBackingInfo") == 0) {
		s = esx_child_text(bk, "deviceName");
		vc_buf_puts(b, "<interface type='bridge'>");
	} else if (strcmp(btype, "VirtualEthernetCardDistributedVirtualPortBackingInfo") == 0 &&
	    (port = esx_child(bk, "port")) && (s = esx_child_text(port, "switchUuid")) && dvs_uuid(s, u) == 0) {
		pg = esx_child_text(port, "portgroupKey");
		pk = esx_child_text(port, "portKey");
		cc = esx_child_text(port, "connectionCookie");
		vc_buf_puts(b, "<interface type='vds'>");
	} else {
		goto out;     /* opaque (NSX) and other backings have no domain XML form */
	}
	if (mac && vc_mac_parse(mac, m) == 0) {
		vc_buf_puts(b, "<mac");
		attr(b, "address", mac);
		if (at && (strcmp(at, "generated") == 0 || strcmp(at, "assigned") == 0))
			vc_buf_puts(b, " type='generated'");
		else if (at && strcmp(at, "manual") == 0)
			vc_buf_puts(b, " type='static'");
		vc_buf_puts(b, "/>");
	}
	if (!pg) {
		vc_buf_puts(b, "<source");
		attr(b, "bridge", s ? s : "");
		vc_buf_puts(b, "/>");
	} else {
		vc_buf_puts(b, "<source");
		attr(b, "switchid", u);
		if (pk && *pk && strspn(pk, "0123456789") == strlen(pk) && strlen(pk) < 10)
			attr(b, "portid", pk);
		if (*pg)
			attr(b, "portgroupid", pg);
		if (cc && *cc && strspn(cc, "0123456789") == strlen(cc) && strlen(cc) < 10)
			attr(b, "connectionid", cc);
		vc_buf_puts(b, "/>");
	}
	vc_buf_printf(b, "<model type='%s'/></interface>", model);
out:
	free(mac);
	free(at);
	free(s);
	free(pg);
	free(pk);
	free(cc);
}

char *
esx_vm_domain_xml(const struct esx_obj *o)
{
	xmlNodePtr const *v = o->val;
	xmlNodePtr dv;
	struct vc_buf b = {0};
	struct ctrl *ct = NULL;
	unsigned char used[2][256] = {{0}};
	size_t nct = 0, i;
	char *name = esx_text(v[P_NAME]), *uuid = esx_text(v[P_UUID]);
	char *guest = esx_text(v[P_GUEST]), *note = esx_text(v[P_NOTE]), *xml = NULL;
	long mem = v[P_MEM] ? strtol((const char *)v[P_MEM]->children->content, NULL, 10) : 0;
	long cpu = 1, cores = 1;
	unsigned char u[16];
	struct vc_domain *d;

	if (v[P_CPU] && v[P_CPU]->children)
		cpu = strtol((const char *)v[P_CPU]->children->content, NULL, 10);
	if (v[P_CORES] && v[P_CORES]->children)
		cores = strtol((const char *)v[P_CORES]->children->content, NULL, 10);
	if (!name || !*name) {
		vc_err("%s: the VM has no name", o->mor.value);
		goto out;
	}
	vc_buf_puts(&b, "<domain type='vmware'><name>");
	vc_buf_esc(&b, name, 0);
	vc_buf_puts(&b, "</name>");
	if (uuid && vc_uuid_parse(uuid, u) == 0) {
		char us[37];
		vc_uuid_format(u, us);
		vc_buf_printf(&b, "<uuid>%s</uuid>", us);
	}
	if (note && *note) {
		vc_buf_puts(&b, "<description>");
		vc_buf_esc(&b, note, 0);
		vc_buf_puts(&b, "</description>");
	}
	if (guest && *guest) {
		vc_buf_puts(&b, "<metadata><esx:guest xmlns:esx='" ESX_NS "'");
		attr(&b, "id", guest);
		vc_buf_puts(&b, "/></metadata>");
	}
	vc_buf_printf(&b, "<memory unit='KiB'>%lld</memory>", (long long)(mem > 0 ? mem : 1) * 1024);
	vc_buf_printf(&b, "<vcpu>%ld</vcpu>", cpu > 0 ? cpu : 1);
	if (cores > 1 && cpu % cores == 0)
		vc_buf_printf(&b, "<cpu><topology sockets='%ld' dies='1' cores='%ld' threads='1'/></cpu>", cpu / cores, cores);
	vc_buf_printf(&b, "<os><type arch='%s'>hvm</type></os><devices>",
	    guest && strstr(guest, "64") ? "x86_64" : "i686");
	/* controllers first: disks name them by key */
	for (dv = v[P_DEV] ? v[P_DEV]->children : NULL; dv; dv = dv->next) {
		const char *t;
		struct ctrl c = {0};
		if (dv->type != XML_ELEMENT_NODE)
			continue;
		t = esx_xsi_type(dv);
		c.key = num(dv, "key", -1);
		c.bus = num(dv, "busNumber", 0);
		if (strcmp(t, "VirtualIDEController") == 0)
			c.kind = "ide";
		else if (strcmp(t, "VirtualAHCIController") == 0)
			c.kind = "sata";
		for (i = 0; i < VC_NELEM(scsi_models); i++)
			if (strcmp(t, scsi_models[i].type) == 0) {
				c.kind = "scsi";
				c.model = scsi_models[i].model;
			}
		if (c.kind)
			VC_APPEND(ct, nct, c);
	}
	for (dv = v[P_DEV] ? v[P_DEV]->children : NULL; dv; dv = dv->next) {
		const char *t;
		if (dv->type != XML_ELEMENT_NODE)
			continue;
		t = esx_xsi_type(dv);
		if (strcmp(t, "VirtualDisk") == 0 || strcmp(t, "VirtualCdrom") == 0)
			fmt_disk(&b, dv, t, ct, nct, used);
	}
	for (i = 0; i < nct; i++)
		if (ct[i].model)
			vc_buf_printf(&b, "<controller type='scsi' index='%ld' model='%s'/>", ct[i].bus, ct[i].model);
	for (dv = v[P_DEV] ? v[P_DEV]->children : NULL; dv; dv = dv->next) {
		const char *t;
		if (dv->type != XML_ELEMENT_NODE)
			continue;
		t = esx_xsi_type(dv);
		for (i = 0; i < VC_NELEM(nic_models); i++)
			if (strcmp(t, nic_models[i].type) == 0)
				fmt_nic(&b, dv, nic_models[i].model);
		if (strcmp(t, "VirtualMachineVideoCard") == 0) {
			long vram = num(dv, "videoRamSizeInKB", 0), heads = num(dv, "numDisplays", 0);
			vc_buf_puts(&b, "<video><model type='vmvga'");
			if (vram > 0)
				vc_buf_printf(&b, " vram='%ld'", vram);
			if (heads > 0)
				vc_buf_printf(&b, " heads='%ld'", heads);
			vc_buf_puts(&b, "/></video>");
		}
	}
	vc_buf_puts(&b, "</devices></domain>");
	if (!(d = vc_domain_parse(b.s, b.len, name))) {
		vc_err_prefix("%s: the VM's config as domain XML", name);
		goto out;
	}
	xml = vc_domain_format(d, 0);
	vc_domain_free(d);
out:
	vc_buf_free(&b);
	free(ct);
	free(name);
	free(uuid);
	free(guest);
	free(note);
	return xml;
}

/* <metadata><esx:guest id='...'/> -> the id */
static char *
meta_guest(const char *metadata)
{
	char *wrapped, *id = NULL;
	xmlDocPtr doc;
	xmlNodePtr n;

	if (!metadata || !strstr(metadata, ESX_NS))
		return NULL;
	wrapped = vc_asprintf("<m>%s</m>", metadata);
	doc = xmlReadMemory(wrapped, (int)strlen(wrapped), "metadata", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(wrapped);
	for (n = doc ? xmlDocGetRootElement(doc)->children : NULL; n && !id; n = n->next) {
		xmlChar *a;
		if (n->type != XML_ELEMENT_NODE || !n->ns || strcmp((const char *)n->ns->href, ESX_NS) != 0 ||
		    strcmp((const char *)n->name, "guest") != 0)
			continue;
		if ((a = xmlGetProp(n, (const xmlChar *)"id"))) {
			id = vc_strdup((const char *)a);
			xmlFree(a);
		}
	}
	xmlFreeDoc(doc);
	return id;
}

/* "[datastore] dir/file.vmdk": the datastore's name, or NULL */
static char *
ds_of(const char *path)
{
	const char *e;

	if (!path || path[0] != '[' || !(e = strchr(path, ']')) || e == path + 1)
		return NULL;
	return vc_strndup(path + 1, (size_t)(e - path - 1));
}

static void
connectable(struct vc_buf *b)
{
	vc_buf_puts(b, "<connectable><startConnected>true</startConnected>"
	    "<allowGuestControl>true</allowGuestControl><connected>true</connected></connectable>");
}

#define FAIL(...) do { vc_err(__VA_ARGS__); goto out; } while (0)

static int
spec_disks(const struct vc_domain *d, struct vc_buf *out, int *key)
{
	struct vc_buf disks = {0}, *b = &disks;
	int scsi_used[4] = {0};
	size_t i;
	int ci, r = -1;

	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];
		const char *tgt = k->target_dev ? k->target_dev : "?";
		int cdrom = k->device == VC_DISK_DEV_CDROM;
		long ckey, unit;
		unsigned idx;

		char *ds = ds_of(k->src.path);
		int in_ds = ds != NULL;

		free(ds);
		if (k->device != VC_DISK_DEV_DISK && !cdrom)
			FAIL("%s: disk %s: only disks and cdroms go to an ESX host", d->name, tgt);
		if (k->src.path && !in_ds)
			FAIL("%s: disk %s: source '%s' is not in datastore form '[datastore] dir/file.vmdk'",
			    d->name, tgt, k->src.path);
		if (k->src.path && k->src.type != VC_DISK_TYPE_FILE)
			FAIL("%s: disk %s: only type='file' disks go to an ESX host", d->name, tgt);
		if (!cdrom && !k->src.path)
			FAIL("%s: disk %s: a disk needs a source file", d->name, tgt);
		if (k->bus == VC_DISK_BUS_IDE || (k->bus == VC_DISK_BUS_NONE && tgt[0] == 'h')) {
			if (dev_index(tgt, "hd", &idx) < 0 || idx > 3)
				FAIL("%s: disk %s: IDE targets are hda to hdd", d->name, tgt);
			ckey = 200 + idx / 2;       /* the two IDE controllers every VM has */
			unit = idx % 2;
		} else if (k->bus == VC_DISK_BUS_SCSI || k->bus == VC_DISK_BUS_NONE) {
			if (dev_index(tgt, "sd", &idx) < 0 || idx >= 4 * 15)
				FAIL("%s: disk %s: SCSI targets are sda to sdbh", d->name, tgt);
			ci = (int)(idx / 15);
			unit = idx % 15;
			if (unit >= 7)
				unit++;     /* unit 7 is the controller's own */
			scsi_used[ci] = 1;
			ckey = -100 - ci;
		} else {
			FAIL("%s: disk %s: bus '%s' is not available on an ESX host (scsi, ide)",
			    d->name, tgt, vc_disk_bus_names[k->bus]);
		}
		vc_buf_puts(b, "<deviceChange><operation>add</operation>");
		vc_buf_printf(b, "<device xsi:type=\"%s\"><key>%d</key>", cdrom ? "VirtualCdrom" : "VirtualDisk", (*key)--);
		if (cdrom && k->src.path) {
			vc_buf_puts(b, "<backing xsi:type=\"VirtualCdromIsoBackingInfo\">");
			esx_buf_el(b, "fileName", k->src.path);
			vc_buf_puts(b, "</backing>");
		} else if (cdrom) {
			vc_buf_puts(b, "<backing xsi:type=\"VirtualCdromRemotePassthroughBackingInfo\">"
			    "<deviceName></deviceName><useAutoDetect>false</useAutoDetect><exclusive>false</exclusive></backing>");
		} else {
			vc_buf_puts(b, "<backing xsi:type=\"VirtualDiskFlatVer2BackingInfo\">");
			esx_buf_el(b, "fileName", k->src.path);
			vc_buf_printf(b, "<diskMode>%s</diskMode></backing>", k->readonly ? "independent_nonpersistent" : "persistent");
		}
		if (cdrom)
			connectable(b);
		vc_buf_printf(b, "<controllerKey>%ld</controllerKey><unitNumber>%ld</unitNumber>", ckey, unit);
		if (!cdrom)
			vc_buf_puts(b, "<capacityInKB>0</capacityInKB>");
		vc_buf_puts(b, "</device></deviceChange>");
	}
	/* the SCSI controllers those disks sit on, with the XML's model, first */
	b = out;
	for (ci = 0; ci < 4; ci++) {
		const char *type = "VirtualLsiLogicController";
		size_t j, m;
		if (!scsi_used[ci])
			continue;
		for (i = 0; i < d->ndev[VC_DEV_CONTROLLER]; i++) {
			const struct vc_controller *c = d->dev[VC_DEV_CONTROLLER][i];
			const char *model;
			if (c->type != VC_CTRL_SCSI || c->index != ci || !c->model)
				continue;
			model = vc_ctrl_model_scsi_names[c->model];
			for (j = 0, m = VC_NELEM(scsi_models); j < VC_NELEM(scsi_models); j++)
				if (strcmp(model, scsi_models[j].model) == 0)
					m = j;
			if (m == VC_NELEM(scsi_models) && strcmp(model, "auto") != 0) {
				vc_err("%s: controller scsi %d: model '%s' is not available on an ESX host "
				    "(lsilogic, buslogic, vmpvscsi, lsisas1068)", d->name, ci, model);
				goto out;
			}
			if (m < VC_NELEM(scsi_models))
				type = scsi_models[m].type;
		}
		vc_buf_printf(b, "<deviceChange><operation>add</operation><device xsi:type=\"%s\">"
		    "<key>%d</key><busNumber>%d</busNumber><sharedBus>noSharing</sharedBus></device></deviceChange>",
		    type, -100 - ci, ci);
	}
	vc_buf_add(out, disks.s ? disks.s : "", disks.len);
	r = 0;
out:
	vc_buf_free(&disks);
	return r;
}

static int
spec_nics(const struct vc_domain *d, const struct esx_target *t, struct vc_buf *b, int *key)
{
	size_t i, j, m;

	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		const struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];
		const char *net = f->type == VC_IFACE_BRIDGE ? f->source_bridge
		    : f->type == VC_IFACE_NETWORK ? f->source_network : NULL;
		const char *model = f->model ? f->model : "e1000", *type = NULL;
		char mac[18];

		for (m = 0; m < VC_NELEM(nic_models); m++)
			if (strcmp(model, nic_models[m].model) == 0)
				type = nic_models[m].type;
		if (!type)
			return vc_err("%s: interface %zu: model '%s' is not available on an ESX host "
			    "(e1000, e1000e, vmxnet3, vmxnet2, vmxnet, vlance)", d->name, i + 1, model);
		vc_buf_printf(b, "<deviceChange><operation>add</operation><device xsi:type=\"%s\"><key>%d</key>", type, (*key)--);
		if (f->type == VC_IFACE_VDS) {
			char u[37];
			vc_uuid_format(f->vds_switchid, u);
			vc_buf_puts(b, "<backing xsi:type=\"VirtualEthernetCardDistributedVirtualPortBackingInfo\"><port>");
			esx_buf_el(b, "switchUuid", u);
			if (f->vds_portgroupid)
				esx_buf_el(b, "portgroupKey", f->vds_portgroupid);
			if (f->has_vds_portid)
				vc_buf_printf(b, "<portKey>%lld</portKey>", f->vds_portid);
			if (f->has_vds_connectionid)
				vc_buf_printf(b, "<connectionCookie>%lld</connectionCookie>", f->vds_connectionid);
			vc_buf_puts(b, "</port></backing>");
		} else if (net) {
			for (j = 0; j < t->nnetworks; j++)
				if (strcmp(t->networks[j], net) == 0)
					break;
			if (j == t->nnetworks)
				return vc_err("%s: interface %zu: network '%s' is not on host %s",
				    d->name, i + 1, net, t->host.value ? t->host.value : "?");
			if (strcmp(t->net_types[j], "DistributedVirtualPortgroup") == 0 && t->dvs_uuids[j]) {
				vc_buf_puts(b, "<backing xsi:type=\"VirtualEthernetCardDistributedVirtualPortBackingInfo\"><port>");
				esx_buf_el(b, "switchUuid", t->dvs_uuids[j]);
				esx_buf_el(b, "portgroupKey", t->pg_keys[j]);
				vc_buf_puts(b, "</port></backing>");
			} else {
				vc_buf_puts(b, "<backing xsi:type=\"VirtualEthernetCardNetworkBackingInfo\">");
				esx_buf_el(b, "deviceName", net);
				vc_buf_puts(b, "<useAutoDetect>false</useAutoDetect>");
				esx_buf_mor(b, "network", t->net_types[j], t->net_values[j]);
				vc_buf_puts(b, "</backing>");
			}
		} else {
			return vc_err("%s: interface %zu: type '%s' is not available on an ESX host (bridge, network, vds)",
			    d->name, i + 1, vc_iface_type_names[f->type]);
		}
		connectable(b);
		if (f->has_mac) {
			vc_mac_format(f->mac, mac);
			vc_buf_printf(b, "<addressType>%s</addressType><macAddress>%s</macAddress>",
			    f->mac_type == VC_MAC_TYPE_GENERATED ? "generated" : "manual", mac);
		} else
			vc_buf_puts(b, "<addressType>generated</addressType>");
		vc_buf_puts(b, "</device></deviceChange>");
	}
	return 0;
}

int
esx_config_spec(const struct vc_domain *d, const struct esx_target *t, int reconf, struct vc_buf *b)
{
	static const int ok_kinds[] = { VC_DEV_DISK, VC_DEV_CONTROLLER, VC_DEV_INTERFACE, VC_DEV_VIDEO,
	    VC_DEV_INPUT, VC_DEV_GRAPHICS, VC_DEV_MEMBALLOON };
	char *guest = meta_guest(d->metadata), *ds = NULL;
	unsigned long long mib = (d->memory + 1023) / 1024;
	size_t i, j;
	int key = -1000, r = -1;

	for (i = 0; i < VC_DEV_LAST; i++) {
		for (j = 0; j < VC_NELEM(ok_kinds); j++)
			if ((int)i == ok_kinds[j])
				break;
		if (j == VC_NELEM(ok_kinds) && d->ndev[i]) {
			vc_err("%s: <%s> devices are not available through the esx driver", d->name, vc_devtypes[i].elem);
			goto out;
		}
	}
	for (i = 0; i < d->ndev[VC_DEV_DISK] && !ds; i++)
		ds = ds_of(((struct vc_disk *)d->dev[VC_DEV_DISK][i])->src.path);
	if (!reconf)
		esx_buf_el(b, "name", d->name);
	if (d->has_uuid && !reconf) {
		char u[37];
		vc_uuid_format(d->uuid, u);
		esx_buf_el(b, "uuid", u);
	}
	if (!guest) {
		/* no identifier of ours: "other" of the XML's word size */
		const struct vc_os *os = d->sect[VC_SECT_OS];
		guest = vc_strdup(os && os->arch && strcmp(os->arch, "i686") == 0 ? "otherGuest" : "otherGuest64");
	}
	esx_buf_el(b, "guestId", guest);
	esx_buf_el(b, "annotation", d->description ? d->description : "");
	if (!reconf) {
		struct vc_buf p = {0};
		vc_buf_printf(&p, "[%s]", ds ? ds : t->datastore);
		vc_buf_puts(b, "<files>");
		esx_buf_el(b, "vmPathName", p.s);
		vc_buf_puts(b, "</files>");
		vc_buf_free(&p);
	}
	vc_buf_printf(b, "<numCPUs>%u</numCPUs><memoryMB>%llu</memoryMB>", d->vcpus ? d->vcpus : 1, mib ? mib : 1);
	if (!reconf && (spec_disks(d, b, &key) < 0 || spec_nics(d, t, b, &key) < 0))
		goto out;
	r = 0;
out:
	free(guest);
	free(ds);
	return r;
}
