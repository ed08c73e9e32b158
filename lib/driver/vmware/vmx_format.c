/* vmx_format.c: domain -> VMware .vmx, the keys in the order libvirt's
 * vmx.c writes them; read from the domain's own XML through XPath */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include "vmware.h"

extern const char *vc_progname;

struct fx {
	xmlXPathContextPtr x;
	const struct vmx_paths *paths;
	int strict, hwver;
	const char *name;
	struct vc_buf b;
};

/* the string value of expr at n; NULL when empty */
static char *
xs(struct fx *f, xmlNodePtr n, const char *expr)
{
	xmlXPathObjectPtr o;
	char *r = NULL;

	f->x->node = n;
	o = xmlXPathEvalExpression((const xmlChar *)expr, f->x);
	if (o && o->type == XPATH_STRING && o->stringval && *o->stringval)
		r = vc_strdup((const char *)o->stringval);
	xmlXPathFreeObject(o);
	return r;
}

static xmlNodeSetPtr
nodes(struct fx *f, xmlNodePtr n, const char *expr, xmlXPathObjectPtr *keep)
{
	f->x->node = n;
	*keep = xmlXPathEvalExpression((const xmlChar *)expr, f->x);
	return *keep && (*keep)->type == XPATH_NODESET ? (*keep)->nodesetval : NULL;
}

static void
kv(struct fx *f, const char *key, const char *val)
{
	vc_buf_printf(&f->b, "%s = \"%s\"\n", key, val);
}

static void
kvf(struct fx *f, const char *keyfmt, const char *a, const char *val)
{
	vc_buf_printf(&f->b, keyfmt, a);
	vc_buf_printf(&f->b, " = \"%s\"\n", val);
}

static char *
escape(const char *s)
{
	struct vc_buf b = {0};

	for (; *s; s++) {
		if (*s == '|' || *s == '"' || *s == '\n' || *s == '#')
			vc_buf_printf(&b, "|%02x", (unsigned char)*s);
		else
			vc_buf_putc(&b, *s);
	}
	if (!b.s)
		vc_buf_puts(&b, "");
	return vc_buf_take(&b);
}

static int
drop(struct fx *f, const char *what)
{
	return vc_native_drop(f->strict, f->name, 0, "%s: a .vmx file has no place for it", what);
}

/* a domain source as a .vmx file name */
static char *
file_name(struct fx *f, const char *src)
{
	if (!f->paths || !f->paths->dir) {
		if (src[0] == '[') {
			const char *e = strchr(src, ']'), *p;

			if (!e || e == src + 1) {
				vc_err("%s: '%s': not a datastore path ([DATASTORE] PATH)", f->name, src);
				return NULL;
			}
			p = e + 1;
			while (*p == ' ')
				p++;
			return vc_asprintf("/vmfs/volumes/%.*s/%s", (int)(e - src - 1), src + 1, p);
		}
		if (src[0] == '/')
			return vc_strdup(src);
		vc_err("%s: '%s': neither a datastore path nor an absolute one", f->name, src);
		return NULL;
	}
	{
		size_t dl = strlen(f->paths->dir);
		if (strncmp(src, f->paths->dir, dl) == 0 && src[dl] == '/' && !strchr(src + dl + 1, '/'))
			return vc_strdup(src + dl + 1);
	}
	return vc_strdup(src);
}

static int
target_index(const char *dev, const char *prefix)
{
	size_t pl = strlen(prefix);
	const char *p;
	int v = 0;

	if (!dev || strncmp(dev, prefix, pl) != 0 || !dev[pl])
		return -1;
	for (p = dev + pl; *p; p++) {
		if (*p < 'a' || *p > 'z' || v > 100000)
			return -1;
		v = v * 26 + (*p - 'a') + 1;
	}
	return v - 1;
}

/* controller, bus, unit of a disk: its drive address, else from its target */
static int
disk_addr(struct fx *f, xmlNodePtr d, const char *bus, const char *tgt, int *ctrl, int *busn, int *unit)
{
	char *a = xs(f, d, "string(address[@type='drive']/@unit)");
	int idx;

	if (a) {
		char *c = xs(f, d, "string(address/@controller)"), *b = xs(f, d, "string(address/@bus)");
		int qc = -1, qu = -1;

		*unit = atoi(a);
		*ctrl = c ? atoi(c) : 0;
		*busn = b ? atoi(b) : 0;
		free(a);
		free(c);
		free(b);
		/* the address the parse gives a disk without one (QEMU's: 7 SCSI
		 * units, 6 SATA ports a controller) is VMware's from the target */
		if (strcmp(bus, "scsi") == 0 && (idx = target_index(tgt, "sd")) >= 0) {
			qc = idx / 7;
			qu = idx % 7;
		} else if (strcmp(bus, "sata") == 0 && (idx = target_index(tgt, "sd")) >= 0) {
			qc = idx / 6;
			qu = idx % 6;
		}
		if (qc < 0 || qc != *ctrl || qu != *unit || *busn != 0)
			return 0;
	}
	*ctrl = *busn = 0;
	if (strcmp(bus, "scsi") == 0 && (idx = target_index(tgt, "sd")) >= 0) {
		*ctrl = idx / 15;
		*unit = idx % 15;
		if (*unit >= 7)
			(*unit)++;
	} else if (strcmp(bus, "ide") == 0 && (idx = target_index(tgt, "hd")) >= 0) {
		*busn = idx / 2;
		*unit = idx % 2;
	} else if (strcmp(bus, "sata") == 0 && (idx = target_index(tgt, "sd")) >= 0) {
		*ctrl = idx / 30;
		*unit = idx % 30;
	} else if (strcmp(bus, "fdc") == 0 && (idx = target_index(tgt, "fd")) >= 0) {
		*unit = idx;
	} else {
		return vc_err("%s: disk '%s': target not on a VMware bus (scsi, ide, sata, fdc)", f->name, tgt ? tgt : "?");
	}
	return 0;
}

static int
disks(struct fx *f, xmlNodePtr root)
{
	xmlXPathObjectPtr o, oc;
	xmlNodeSetPtr ns, cs;
	int scsi[4] = {0}, sata[4] = {0}, floppy[2] = {0}, i;
	char *scsimodel[4] = {0};
	int rc = -1;

	ns = nodes(f, root, "devices/disk", &o);
	cs = nodes(f, root, "devices/controller[@type='scsi']", &oc);
	for (i = 0; cs && i < cs->nodeNr; i++) {
		char *ix = xs(f, cs->nodeTab[i], "string(@index)"), *m = xs(f, cs->nodeTab[i], "string(@model)");
		int n = ix ? atoi(ix) : 0;

		free(ix);
		if (n < 0 || n > 3) {
			free(m);
			continue;     /* checked where a disk uses it */
		}
		if (m && strcmp(m, "vmpvscsi") == 0) {
			free(m);
			m = vc_strdup("pvscsi");
		} else if (m && strcmp(m, "buslogic") && strcmp(m, "lsilogic") && strcmp(m, "lsisas1068")) {
			vc_err("%s: SCSI controller model '%s': VMware has buslogic, lsilogic, lsisas1068, vmpvscsi", f->name, m);
			free(m);
			goto out;
		}
		free(scsimodel[n]);
		scsimodel[n] = m;
	}
	for (i = 0; ns && i < ns->nodeNr; i++) {
		char *bus = xs(f, ns->nodeTab[i], "string(target/@bus)"), *tgt = xs(f, ns->nodeTab[i], "string(target/@dev)");
		int c, b, u;

		if (bus && strcmp(bus, "scsi") == 0 && disk_addr(f, ns->nodeTab[i], bus, tgt, &c, &b, &u) == 0) {
			char *drv = xs(f, ns->nodeTab[i], "string(driver/@name)");

			if (c < 0 || c > 3) {
				vc_err("%s: disk '%s': SCSI controller %d: VMware has 0 to 3", f->name, tgt, c);
				free(drv);
				free(bus);
				free(tgt);
				goto out;
			}
			scsi[c] = 1;
			/* libvirt's older form: the controller's model as the disk's driver */
			if (drv && !scsimodel[c] && (!strcmp(drv, "buslogic") || !strcmp(drv, "lsilogic") ||
			    !strcmp(drv, "lsisas1068") || !strcmp(drv, "vmpvscsi")))
				scsimodel[c] = vc_strdup(strcmp(drv, "vmpvscsi") == 0 ? "pvscsi" : drv);
			free(drv);
		} else if (bus && strcmp(bus, "sata") == 0 && disk_addr(f, ns->nodeTab[i], bus, tgt, &c, &b, &u) == 0 &&
		    c >= 0 && c < 4) {
			sata[c] = 1;
		}
		free(bus);
		free(tgt);
	}
	for (i = 0; i < 4; i++) {
		char k[32];
		if (!scsi[i])
			continue;
		snprintf(k, sizeof(k), "scsi%d.present", i);
		kv(f, k, "true");
		if (scsimodel[i]) {
			snprintf(k, sizeof(k), "scsi%d.virtualDev", i);
			kv(f, k, scsimodel[i]);
		}
	}
	for (i = 0; i < 4; i++)
		if (sata[i])
			vc_buf_printf(&f->b, "sata%d.present = \"true\"\n", i);
	for (i = 0; ns && i < ns->nodeNr; i++) {
		xmlNodePtr d = ns->nodeTab[i];
		char *type = xs(f, d, "string(@type)"), *dev = xs(f, d, "string(@device)");
		char *bus = xs(f, d, "string(target/@bus)"), *tgt = xs(f, d, "string(target/@dev)");
		char *src = xs(f, d, "string(source/@file|source/@dev)");
		char *pol = xs(f, d, "string(source/@startupPolicy)");
		char *cache = xs(f, d, "string(driver/@cache)");
		char *trans = xs(f, d, "name(transient)");
		char pre[32], *fn = NULL;
		const char *dt = NULL;
		int c, b, u, ok = -1;

		if (!dev)
			dev = vc_strdup("disk");
		if (!type)
			type = vc_strdup("file");
		if (!bus || disk_addr(f, d, bus, tgt, &c, &b, &u) < 0) {
			if (!bus)
				vc_err("%s: disk '%s': no target bus", f->name, tgt ? tgt : "?");
			goto next;
		}
		if (strcmp(dev, "floppy") == 0) {
			if (u < 0 || u > 1) {
				vc_err("%s: floppy '%s': VMware has fda and fdb", f->name, tgt);
				goto next;
			}
			floppy[u] = 1;
			snprintf(pre, sizeof(pre), "floppy%d", u);
			kvf(f, "%s.present", pre, "true");
			if (src && !(fn = strcmp(type, "file") == 0 ? file_name(f, src) : vc_strdup(src)))
				goto next;
			kvf(f, "%s.fileType", pre, strcmp(type, "block") == 0 ? "device" : "file");
			if (fn)
				kvf(f, "%s.fileName", pre, fn);
			ok = 0;
			goto next;
		}
		if (strcmp(bus, "scsi") == 0)
			snprintf(pre, sizeof(pre), "scsi%d:%d", c, u);
		else if (strcmp(bus, "ide") == 0)
			snprintf(pre, sizeof(pre), "ide%d:%d", b, u);
		else if (strcmp(bus, "sata") == 0)
			snprintf(pre, sizeof(pre), "sata%d:%d", c, u);
		else {
			vc_err("%s: disk '%s': bus '%s' is not one VMware has (scsi, ide, sata)", f->name, tgt, bus);
			goto next;
		}
		if (strcmp(dev, "disk") == 0 && strcmp(type, "file") == 0)
			dt = strcmp(bus, "ide") == 0 ? "ata-hardDisk" : strcmp(bus, "scsi") == 0 ? "scsi-hardDisk" : "disk";
		else if (strcmp(dev, "cdrom") == 0 && strcmp(type, "file") == 0)
			dt = "cdrom-image";
		else if (strcmp(dev, "cdrom") == 0 && strcmp(type, "block") == 0)
			dt = "atapi-cdrom";
		else if (strcmp(dev, "lun") == 0 && strcmp(type, "block") == 0)
			dt = "cdrom-raw";
		else {
			vc_err("%s: disk '%s': a %s %s has no VMware form", f->name, tgt, type, dev);
			goto next;
		}
		kvf(f, "%s.present", pre, "true");
		kvf(f, "%s.deviceType", pre, dt);
		if (strcmp(dev, "disk") == 0) {
			size_t l = src ? strlen(src) : 0;
			if (l < 5 || strcmp(src + l - 5, ".vmdk") != 0) {
				vc_err("%s: disk '%s': a VMware hard disk is a .vmdk file, not '%s'", f->name, tgt, src ? src : "");
				goto next;
			}
		}
		if (strcmp(type, "block") == 0 && !src && pol && strcmp(pol, "optional") == 0) {
			kvf(f, "%s.autodetect", pre, "true");
			kvf(f, "%s.fileName", pre, "auto detect");
		} else if (src) {
			if (!(fn = strcmp(type, "file") == 0 ? file_name(f, src) : vc_strdup(src)))
				goto next;
			kvf(f, "%s.fileName", pre, fn);
		} else if (strcmp(dev, "cdrom") == 0 && strcmp(type, "file") == 0) {
			kvf(f, "%s.fileName", pre, "emptyBackingString");
		}
		if (cache && strcmp(cache, "writethrough") == 0 && strcmp(dev, "disk") == 0)
			kvf(f, "%s.writeThrough", pre, "true");
		else if (cache && strcmp(cache, "default") != 0 && drop(f, "disk cache mode") < 0)
			goto next;
		if (trans && strcmp(dev, "disk") == 0)
			kvf(f, "%s.mode", pre, "independent-nonpersistent");
		ok = 0;
next:
		free(type);
		free(dev);
		free(bus);
		free(tgt);
		free(src);
		free(pol);
		free(cache);
		free(trans);
		free(fn);
		if (ok < 0)
			goto out;
	}
	for (i = 0; i < 2; i++)
		if (!floppy[i])
			vc_buf_printf(&f->b, "floppy%d.present = \"false\"\n", i);
	rc = 0;
out:
	for (i = 0; i < 4; i++)
		free(scsimodel[i]);
	xmlXPathFreeObject(o);
	xmlXPathFreeObject(oc);
	return rc;
}

static int
filesystems(struct fx *f, xmlNodePtr root)
{
	xmlXPathObjectPtr o;
	xmlNodeSetPtr ns = nodes(f, root, "devices/filesystem", &o);
	int i, rc = 0;

	if (ns && ns->nodeNr > 0) {
		kv(f, "isolation.tools.hgfs.disable", "false");
		vc_buf_printf(&f->b, "sharedFolder.maxNum = \"%d\"\n", ns->nodeNr);
	}
	for (i = 0; ns && i < ns->nodeNr; i++) {
		xmlNodePtr n = ns->nodeTab[i];
		char *t = xs(f, n, "string(@type)"), *s = xs(f, n, "string(source/@dir)"), *g = xs(f, n, "string(target/@dir)");
		char *ro = xs(f, n, "name(readonly)"), pre[32];

		if ((t && strcmp(t, "mount") != 0) || !s || !g) {
			rc = vc_err("%s: filesystem %d: VMware shares a host directory (type mount, source dir, target dir)", f->name, i);
		} else {
			snprintf(pre, sizeof(pre), "sharedFolder%d", i);
			kvf(f, "%s.present", pre, "true");
			kvf(f, "%s.enabled", pre, "true");
			kvf(f, "%s.readAccess", pre, "true");
			kvf(f, "%s.writeAccess", pre, ro ? "false" : "true");
			kvf(f, "%s.hostPath", pre, s);
			kvf(f, "%s.guestName", pre, g);
		}
		free(t);
		free(s);
		free(g);
		free(ro);
		if (rc < 0)
			break;
	}
	xmlXPathFreeObject(o);
	return rc;
}

static int
uuid_vmx(const char *u, char out[48])
{
	int i, n = 0;
	char hex[33];

	for (; *u && n < 32; u++)
		if (isxdigit((unsigned char)*u))
			hex[n++] = (char)tolower((unsigned char)*u);
	if (n != 32)
		return -1;
	hex[32] = 0;
	out[0] = 0;
	for (i = 0; i < 16; i++) {
		char two[4] = {hex[2 * i], hex[2 * i + 1], 0, 0};
		strcat(out, two);
		if (i < 15)
			strcat(out, i == 7 ? "-" : " ");
	}
	return 0;
}

static int
ethernets(struct fx *f, xmlNodePtr root)
{
	xmlXPathObjectPtr o;
	xmlNodeSetPtr ns = nodes(f, root, "devices/interface", &o);
	int i, rc = 0;

	for (i = 0; rc == 0 && ns && i < ns->nodeNr; i++) {
		xmlNodePtr n = ns->nodeTab[i];
		char *t = xs(f, n, "string(@type)"), *model = xs(f, n, "string(model/@type)");
		char *br = xs(f, n, "string(source/@bridge)"), *ifn = xs(f, n, "string(target/@dev)");
		char *mac = xs(f, n, "string(mac/@address)"), *mt = xs(f, n, "string(mac/@type)");
		char *chk = xs(f, n, "string(mac/@check)");
		char pre[24];
		int check_false = 0;

		snprintf(pre, sizeof(pre), "ethernet%d", i);
		if (i > 9) {
			rc = vc_err("%s: interface %d: VMware has ethernet0 to ethernet9", f->name, i);
			goto next;
		}
		kvf(f, "%s.present", pre, "true");
		if (model) {
			if (strcmp(model, "vmxnet2") == 0) {
				kvf(f, "%s.virtualDev", pre, "vmxnet");
				kvf(f, "%s.features", pre, "15");
			} else if (!strcmp(model, "vlance") || !strcmp(model, "vmxnet") || !strcmp(model, "vmxnet3") ||
			    !strcmp(model, "e1000") || !strcmp(model, "e1000e")) {
				kvf(f, "%s.virtualDev", pre, model);
			} else {
				rc = vc_err("%s: interface %d: model '%s': VMware has vlance, vmxnet, vmxnet2, vmxnet3, e1000, e1000e",
				    f->name, i, model);
				goto next;
			}
		}
		if (t && strcmp(t, "bridge") == 0) {
			kvf(f, "%s.networkName", pre, br ? br : "");
			if (ifn) {
				kvf(f, "%s.connectionType", pre, "custom");
				kvf(f, "%s.vnet", pre, ifn);
			} else {
				kvf(f, "%s.connectionType", pre, "bridged");
			}
		} else if (t && strcmp(t, "user") == 0) {
			kvf(f, "%s.connectionType", pre, "nat");
		} else if (t && strcmp(t, "vds") == 0) {
			char *sw = xs(f, n, "string(source/@switchid)"), *pid = xs(f, n, "string(source/@portid)");
			char *pg = xs(f, n, "string(source/@portgroupid)"), *cid = xs(f, n, "string(source/@connectionid)");
			char u[48];

			if (!sw || uuid_vmx(sw, u) < 0) {
				rc = vc_err("%s: interface %d: a vds interface needs its switchid", f->name, i);
			} else {
				kvf(f, "%s.dvs.switchId", pre, u);
				if (pid)
					kvf(f, "%s.dvs.portId", pre, pid);
				if (pg)
					kvf(f, "%s.dvs.portgroupId", pre, pg);
				if (cid)
					kvf(f, "%s.dvs.connectionId", pre, cid);
			}
			free(sw);
			free(pid);
			free(pg);
			free(cid);
			if (rc < 0)
				goto next;
		} else if (!t || strcmp(t, "null") != 0) {
			rc = vc_err("%s: interface %d: type '%s': VMware has bridge, user, vds, null", f->name, i, t ? t : "?");
			goto next;
		}
		if (mac) {
			unsigned m[6] = {0};
			unsigned long pfx, sfx;

			sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]);
			pfx = (unsigned long)m[0] << 16 | m[1] << 8 | m[2];
			sfx = (unsigned long)m[3] << 16 | m[4] << 8 | m[5];
			if (mt && strcmp(mt, "static") == 0) {
				kvf(f, "%s.addressType", pre, "static");
				kvf(f, "%s.address", pre, mac);
			} else if (pfx == 0x000c29 || (mt && strcmp(mt, "generated") == 0 && pfx != 0x005056)) {
				kvf(f, "%s.addressType", pre, "generated");
				kvf(f, "%s.generatedAddress", pre, mac);
				kvf(f, "%s.generatedAddressOffset", pre, "0");
			} else if (pfx == 0x005056 && sfx <= 0x3fffff) {
				kvf(f, "%s.addressType", pre, "static");
				kvf(f, "%s.address", pre, mac);
			} else if (pfx == 0x005056 && sfx >= 0x800000 && sfx <= 0xbfffff) {
				kvf(f, "%s.addressType", pre, "vpx");
				kvf(f, "%s.generatedAddress", pre, mac);
			} else {
				kvf(f, "%s.addressType", pre, "static");
				kvf(f, "%s.address", pre, mac);
				check_false = 1;
			}
			if (chk)
				kvf(f, "%s.checkMACAddress", pre, strcmp(chk, "yes") == 0 ? "true" : "false");
			else if (check_false)
				kvf(f, "%s.checkMACAddress", pre, "false");
		}
next:
		free(t);
		free(model);
		free(br);
		free(ifn);
		free(mac);
		free(mt);
		free(chk);
	}
	xmlXPathFreeObject(o);
	return rc;
}

static int
chardevs(struct fx *f, xmlNodePtr root, int par)
{
	xmlXPathObjectPtr o;
	xmlNodeSetPtr ns = nodes(f, root, par ? "devices/parallel" : "devices/serial", &o);
	const char *el = par ? "parallel" : "serial";
	int i, rc = 0;

	for (i = 0; rc == 0 && ns && i < ns->nodeNr; i++) {
		xmlNodePtr n = ns->nodeTab[i];
		char *t = xs(f, n, "string(@type)"), *path = xs(f, n, "string(source/@path)");
		char *port = xs(f, n, "string(target/@port)"), *mode = xs(f, n, "string(source/@mode)");
		char *host = xs(f, n, "string(source/@host)"), *svc = xs(f, n, "string(source/@service)");
		char *proto = xs(f, n, "string(protocol/@type)");
		char pre[16], *fn = NULL;
		int p = port ? atoi(port) : i;

		snprintf(pre, sizeof(pre), "%s%d", el, p);
		if (p > (par ? 2 : 3)) {
			rc = vc_err("%s: %s port %d: VMware has %s0 to %s%d", f->name, el, p, el, el, par ? 2 : 3);
			goto next;
		}
		if (t && strcmp(t, "dev") == 0) {
			kvf(f, "%s.present", pre, "true");
			kvf(f, "%s.fileType", pre, "device");
			kvf(f, "%s.fileName", pre, path ? path : "");
		} else if (t && strcmp(t, "file") == 0 && path) {
			if (!(fn = file_name(f, path))) {
				rc = -1;
				goto next;
			}
			kvf(f, "%s.present", pre, "true");
			kvf(f, "%s.fileType", pre, "file");
			kvf(f, "%s.fileName", pre, fn);
		} else if (!par && t && strcmp(t, "pipe") == 0) {
			kvf(f, "%s.present", pre, "true");
			kvf(f, "%s.fileType", pre, "pipe");
			kvf(f, "%s.pipe.endPoint", pre, "client");
			kvf(f, "%s.fileName", pre, path ? path : "");
		} else if (!par && t && strcmp(t, "tcp") == 0 && host && svc) {
			const char *sch = !proto || strcmp(proto, "raw") == 0 ? "tcp" :
			    strcmp(proto, "tls") == 0 ? "ssl" : proto;
			char *u = vc_asprintf("%s://%s:%s", sch, host, svc);

			if (f->hwver < 7) {
				free(u);
				rc = vc_err("%s: serial over the network needs virtualHW.version 7 or later", f->name);
				goto next;
			}
			kvf(f, "%s.present", pre, "true");
			kvf(f, "%s.fileType", pre, "network");
			kvf(f, "%s.fileName", pre, u);
			kvf(f, "%s.network.endPoint", pre, mode && strcmp(mode, "bind") == 0 ? "server" : "client");
			free(u);
		} else {
			rc = vc_err("%s: %s %d: type '%s' has no VMware form", f->name, el, p, t ? t : "?");
			goto next;
		}
		if (!par)
			kvf(f, "%s.yieldOnMsrRead", pre, "true");
next:
		free(t);
		free(path);
		free(port);
		free(mode);
		free(host);
		free(svc);
		free(proto);
		free(fn);
	}
	xmlXPathFreeObject(o);
	return rc;
}

static int
format(struct fx *f, xmlNodePtr root)
{
	char *s, *v, *cur, *mem, *min, *arch, *cores, *sock, *thr, *shares, *fw;
	char u[48];
	unsigned long long memk, curk;
	long vcpus;
	int rc = -1;

	s = xs(f, root, "string(@type)");
	if (!s || strcmp(s, "vmware") != 0) {
		vc_err("%s: domain type '%s' has no .vmx file", f->name, s ? s : "?");
		free(s);
		return -1;
	}
	free(s);
	vc_buf_puts(&f->b, ".encoding = \"UTF-8\"\nconfig.version = \"8\"\n");
	vc_buf_printf(&f->b, "virtualHW.version = \"%d\"\n", f->hwver);
	arch = xs(f, root, "string(os/type/@arch)");
	if (arch && strcmp(arch, "x86_64") != 0 && strcmp(arch, "i686") != 0) {
		vc_err("%s: arch '%s': VMware guests are i686 or x86_64", f->name, arch);
		free(arch);
		return -1;
	}
	kv(f, "guestOS", arch && strcmp(arch, "x86_64") == 0 ? "other-64" : "other");
	free(arch);
	if ((s = xs(f, root, "string(os/smbios/@mode)"))) {
		if (strcmp(s, "host") == 0)
			kv(f, "smbios.reflecthost", "true");
		free(s);
	}
	if ((s = xs(f, root, "string(uuid)"))) {
		if (uuid_vmx(s, u) == 0)
			kv(f, "uuid.bios", u);
		free(s);
	}
	if ((s = xs(f, root, "string(name)"))) {
		v = escape(s);
		kv(f, "displayName", v);
		free(v);
		free(s);
	}
	if ((s = xs(f, root, "string(description)"))) {
		v = escape(s);
		kv(f, "annotation", v);
		free(v);
		free(s);
	}
	mem = xs(f, root, "string(memory)");
	cur = xs(f, root, "string(currentMemory)");
	min = xs(f, root, "string(memtune/min_guarantee)");
	memk = mem ? strtoull(mem, NULL, 10) : 0;
	memk = (memk + 4095) / 4096 * 4096;
	vc_buf_printf(&f->b, "memsize = \"%llu\"\n", memk / 1024);
	curk = cur ? strtoull(cur, NULL, 10) : memk;
	if (curk < memk)
		vc_buf_printf(&f->b, "sched.mem.max = \"%llu\"\n", (curk + 1023) / 1024);
	if (min && strtoull(min, NULL, 10) > 0)
		vc_buf_printf(&f->b, "sched.mem.minsize = \"%llu\"\n", (strtoull(min, NULL, 10) + 1023) / 1024);
	free(mem);
	free(cur);
	free(min);
	s = xs(f, root, "string(vcpu)");
	vcpus = s ? atol(s) : 1;
	free(s);
	if (vcpus <= 0 || (vcpus != 1 && vcpus % 2)) {
		vc_err("%s: vcpu %ld: VMware takes 1 or a multiple of 2", f->name, vcpus);
		return -1;
	}
	vc_buf_printf(&f->b, "numvcpus = \"%ld\"\n", vcpus);
	cores = xs(f, root, "string(cpu/topology/@cores)");
	sock = xs(f, root, "string(cpu/topology/@sockets)");
	thr = xs(f, root, "string(cpu/topology/@threads)");
	if (cores) {
		if ((thr && atoi(thr) != 1) || (sock && atol(sock) * atol(cores) != vcpus)) {
			vc_err("%s: cpu topology: sockets times cores must be the vcpus, threads 1", f->name);
			goto out;
		}
		kv(f, "cpuid.coresPerSocket", cores);
	}
	if ((s = xs(f, root, "string(vcpu/@cpuset)"))) {
		/* ranges to the list VMware takes */
		struct vc_buf l = {0};
		char *p = s;

		while (*p) {
			long a = strtol(p, &p, 10), b = a;
			if (*p == '-')
				b = strtol(p + 1, &p, 10);
			for (; a <= b; a++)
				vc_buf_printf(&l, l.len ? ",%ld" : "%ld", a);
			if (*p == ',')
				p++;
			else if (*p) {
				vc_buf_free(&l);
				free(s);
				vc_err("%s: vcpu cpuset: '^' exclusions are not expressible", f->name);
				goto out;
			}
		}
		kv(f, "sched.cpu.affinity", l.s ? l.s : "");
		vc_buf_free(&l);
		free(s);
	}
	if ((shares = xs(f, root, "string(cputune/shares)"))) {
		long sh = atol(shares) / vcpus;
		if (sh == 500)
			kv(f, "sched.cpu.shares", "low");
		else if (sh == 1000)
			kv(f, "sched.cpu.shares", "normal");
		else if (sh == 2000)
			kv(f, "sched.cpu.shares", "high");
		else
			kv(f, "sched.cpu.shares", shares);
		free(shares);
	}
	/* graphics */
	{
		xmlXPathObjectPtr o;
		xmlNodeSetPtr ns = nodes(f, root, "devices/graphics", &o);
		int i;

		for (i = 0; ns && i < ns->nodeNr; i++) {
			xmlNodePtr g = ns->nodeTab[i];
			char *t = xs(f, g, "string(@type)"), *port = xs(f, g, "string(@port)");
			char *ap = xs(f, g, "string(@autoport)"), *ip = xs(f, g, "string(listen/@address|@listen)");
			char *km = xs(f, g, "string(@keymap)"), *pw = xs(f, g, "string(@passwd)");

			if (t && strcmp(t, "vnc") == 0) {
				kv(f, "RemoteDisplay.vnc.enabled", "true");
				if (port && !(ap && strcmp(ap, "yes") == 0) && atoi(port) > 0)
					kv(f, "RemoteDisplay.vnc.port", port);
				if (ip)
					kv(f, "RemoteDisplay.vnc.ip", ip);
				if (km)
					kv(f, "RemoteDisplay.vnc.keymap", km);
				if (pw)
					kv(f, "RemoteDisplay.vnc.password", pw);
			} else if (t) {
				char *w = vc_asprintf("graphics type '%s'", t);
				int r = drop(f, w);
				free(w);
				if (r < 0) {
					free(t); free(port); free(ap); free(ip); free(km); free(pw);
					xmlXPathFreeObject(o);
					goto out;
				}
			}
			free(t); free(port); free(ap); free(ip); free(km); free(pw);
		}
		xmlXPathFreeObject(o);
	}
	if (disks(f, root) < 0)
		goto out;
	if ((fw = xs(f, root, "string(os/@firmware)"))) {
		if (strcmp(fw, "efi") == 0) {
			char *sb = xs(f, root, "string(os/firmware/feature[@name='secure-boot']/@enabled)");

			kv(f, "firmware", "efi");
			if (sb && strcmp(sb, "yes") == 0)
				kv(f, "uefi.secureBoot.enabled", "true");
			free(sb);
		}
		free(fw);
	}
	if (filesystems(f, root) < 0 || ethernets(f, root) < 0 ||
	    chardevs(f, root, 0) < 0 || chardevs(f, root, 1) < 0)
		goto out;
	{
		xmlXPathObjectPtr o;
		xmlNodeSetPtr ns = nodes(f, root, "devices/video", &o);

		if (ns && ns->nodeNr > 1) {
			xmlXPathFreeObject(o);
			vc_err("%s: VMware has one video card", f->name);
			goto out;
		}
		if (ns && ns->nodeNr == 1) {
			char *t = xs(f, ns->nodeTab[0], "string(model/@type)"), *vr = xs(f, ns->nodeTab[0], "string(model/@vram)");

			if (t && strcmp(t, "vmvga") != 0) {
				vc_err("%s: video model '%s': VMware has vmvga", f->name, t);
				free(t);
				free(vr);
				xmlXPathFreeObject(o);
				goto out;
			}
			if (vr) {
				unsigned long long k = (strtoull(vr, NULL, 10) + 63) / 64 * 64;
				vc_buf_printf(&f->b, "svga.vramSize = \"%llu\"\n", k * 1024);
			}
			free(t);
			free(vr);
		} else {
			/* graphics without a video card: the one libvirt adds */
			xmlXPathFreeObject(o);
			ns = nodes(f, root, "devices/graphics", &o);
			if (ns && ns->nodeNr > 0)
				kv(f, "svga.vramSize", "4194304");
		}
		xmlXPathFreeObject(o);
	}
	if (f->hwver >= 7)
		kv(f, "vmci0.present", "true");
	/* what a .vmx has no key for: named, one line each */
	{
		static const char *const none[] = {
			"devices/sound", "devices/hostdev", "devices/channel", "devices/watchdog",
			"devices/rng", "devices/tpm", "devices/redirdev", "devices/smartcard",
			"devices/hub", "devices/panic", "devices/input", "devices/memballoon",
			"features", "devices/console[target/@type and target/@type!='serial']",
		};
		size_t k;

		for (k = 0; k < VC_NELEM(none); k++) {
			xmlXPathObjectPtr o;
			xmlNodeSetPtr ns = nodes(f, root, none[k], &o);
			int j, bad = 0;

			for (j = 0; ns && j < ns->nodeNr && !bad; j++) {
				char *w = vc_asprintf("<%s>", (const char *)ns->nodeTab[j]->name);
				bad = drop(f, w) < 0;
				free(w);
			}
			xmlXPathFreeObject(o);
			if (bad)
				goto out;
		}
		if ((s = xs(f, root, "string(clock/@offset)")) && strcmp(s, "utc") != 0) {
			int bad = drop(f, "<clock offset> other than utc");
			free(s);
			if (bad)
				goto out;
		} else {
			free(s);
		}
	}
	rc = 0;
out:
	free(cores);
	free(sock);
	free(thr);
	return rc;
}

/* the lowest virtualHW.version that holds the domain (4, or 7 for a
 * networked serial port) */
static int
hw_version(xmlXPathContextPtr x, xmlNodePtr root)
{
	xmlXPathObjectPtr o;
	int v = 4;

	x->node = root;
	o = xmlXPathEvalExpression((const xmlChar *)"count(devices/serial[@type='tcp'])", x);
	if (o && o->type == XPATH_NUMBER && o->floatval > 0)
		v = 7;
	xmlXPathFreeObject(o);
	return v;
}

char *
vc_vmx_from_domain(struct vc_domain *d, const struct vmx_paths *p, int strict)
{
	char *xml = vc_domain_format(d, 0);
	xmlDocPtr doc;
	struct fx f = {0};
	char *out = NULL;

	doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL, XML_PARSE_NONET);
	free(xml);
	if (!doc) {
		vc_err("%s: cannot read the domain's XML", d->name ? d->name : "domain");
		return NULL;
	}
	f.x = xmlXPathNewContext(doc);
	f.paths = p;
	f.strict = strict;
	f.name = d->name ? d->name : "domain";
	f.hwver = hw_version(f.x, xmlDocGetRootElement(doc));
	if (format(&f, xmlDocGetRootElement(doc)) == 0)
		out = vc_buf_take(&f.b);
	vc_buf_free(&f.b);
	xmlXPathFreeContext(f.x);
	xmlFreeDoc(doc);
	return out;
}

char *
vc_vmx_to_native(struct vc_conn *c, struct vc_domain *d, int strict)
{
	struct vmx_paths p = {NULL};

	(void)c;
	return vc_vmx_from_domain(d, &p, strict);
}
