/* vmx.c: VMware's .vmx files: the syntax (key = "value", keys read
 * case-insensitively as VMware reads them) and .vmx -> domain XML, as
 * libvirt's vmx.c maps them */
#include <ctype.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "vmware.h"
#include "../../conf/devs_storage.h"
#include "../../conf/sections.h"
#include "../../conf/dev_net.h"

int
vc_vmx_parse(struct vmx *x, const char *text, size_t len, const char *file)
{
	const char *p = text, *end = text + len;
	int line = 0;

	memset(x, 0, sizeof(*x));
	x->file = file;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
		const char *k, *ke, *v, *ve;
		struct vmx_ent e;

		line++;
		while (p < le && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		ve = le;
		while (ve > p && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
			ve--;
		if (p == ve || *p == '#') {
			p = le + 1;
			continue;
		}
		k = p;
		while (p < ve && (isalnum((unsigned char)*p) || strchr("._:-[]*", *p)))
			p++;
		ke = p;
		while (p < ve && (*p == ' ' || *p == '\t'))
			p++;
		if (ke == k || p >= ve || *p != '=') {
			vc_vmx_clear(x);
			return vc_err("%s:%d: expected 'key = \"value\"'", file, line);
		}
		p++;
		while (p < ve && (*p == ' ' || *p == '\t'))
			p++;
		if (p < ve && *p == '"') {
			v = ++p;
			while (p < ve && *p != '"')
				p++;
			if (p >= ve) {
				vc_vmx_clear(x);
				return vc_err("%s:%d: unterminated string", file, line);
			}
			e.val = vc_strndup(v, (size_t)(p - v));
			p++;
			while (p < ve && (*p == ' ' || *p == '\t'))
				p++;
			if (p < ve && *p != '#') {
				free(e.val);
				vc_vmx_clear(x);
				return vc_err("%s:%d: text after the value", file, line);
			}
		} else {
			v = p;
			while (p < ve && *p != '#' && *p != ' ' && *p != '\t')
				p++;
			if (p == v) {
				vc_vmx_clear(x);
				return vc_err("%s:%d: '%.*s' has no value", file, line, (int)(ke - k), k);
			}
			e.val = vc_strndup(v, (size_t)(p - v));
		}
		e.key = vc_strndup(k, (size_t)(ke - k));
		e.line = line;
		VC_APPEND(x->e, x->n, e);
		p = le + 1;
	}
	return 0;
}

void
vc_vmx_clear(struct vmx *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		free(x->e[i].key);
		free(x->e[i].val);
	}
	free(x->e);
	x->e = NULL;
	x->n = 0;
}

static const struct vmx_ent *
ent(const struct vmx *x, const char *key)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (strcasecmp(x->e[i].key, key) == 0)
			return &x->e[i];
	return NULL;
}

const char *
vc_vmx_get(const struct vmx *x, const char *key)
{
	const struct vmx_ent *e = ent(x, key);

	return e ? e->val : NULL;
}

/* conversion state */
struct cv {
	const struct vmx *x;
	const struct vmx_paths *paths;
	int strict;
	struct vc_buf b, disks, ctrls, fs, nets, chr, con, gfx;
	int hwver, secboot;
	int nifaces;
	unsigned long long zeromac;       /* interfaces whose MAC is 00:00:00:00:00:00 */
	int ndisks;
	struct { int disk; char tgt[24]; int optional; } fix[64];   /* set after the parse */
	int nfix;
	int ctrl_max[4];        /* highest index used: scsi, fdc, ide, sata; -1 none */
	const char *scsi_model[4];
};
enum { C_SCSI, C_FDC, C_IDE, C_SATA };

static int
err_at(struct cv *c, const char *key, const char *fmt, const char *val)
{
	const struct vmx_ent *e = ent(c->x, key);

	if (e)
		return vc_err("%s:%d: %s: %s '%s'", c->x->file, e->line, e->key, fmt, val ? val : e->val);
	return vc_err("%s: %s: %s", c->x->file, key, fmt);
}

static const char *
gets(struct cv *c, const char *fmt, const char *a)
{
	char k[128];

	snprintf(k, sizeof(k), fmt, a);
	return vc_vmx_get(c->x, k);
}

static int
getbool(struct cv *c, const char *key, int def, int *v)
{
	const char *s = vc_vmx_get(c->x, key);

	if (!s) {
		*v = def;
		return 0;
	}
	if (strcasecmp(s, "true") == 0)
		*v = 1;
	else if (strcasecmp(s, "false") == 0)
		*v = 0;
	else
		return err_at(c, key, "expected 'true' or 'false', not", s);
	return 0;
}

/* a number, or -1 for "unlimited" when allowed */
static int
getlong(struct cv *c, const char *key, long long def, int unlimited, long long *v)
{
	const char *s = vc_vmx_get(c->x, key);
	char *e;

	if (!s) {
		*v = def;
		return 0;
	}
	if (unlimited && strcasecmp(s, "unlimited") == 0) {
		*v = -1;
		return 0;
	}
	*v = strtoll(s, &e, 10);
	if (!*s || *e || *v < 0)
		return err_at(c, key, "expected an unsigned integer, not", s);
	return 0;
}

/* |XX hex escapes, as VMware writes them; NULL + vc_err when malformed */
static char *
unescape(struct cv *c, const char *key, const char *s)
{
	struct vc_buf b = {0};
	const char *p;

	for (p = s; *p; p++) {
		if (*p != '|') {
			vc_buf_putc(&b, *p);
			continue;
		}
		if (!isxdigit((unsigned char)p[1]) || !isxdigit((unsigned char)p[2])) {
			vc_buf_free(&b);
			err_at(c, key, "malformed |XX escape in", s);
			return NULL;
		}
		{
			char h[3] = {p[1], p[2], 0};
			vc_buf_putc(&b, (char)strtol(h, NULL, 16));
		}
		p += 2;
	}
	if (!b.s)
		vc_buf_puts(&b, "");
	return vc_buf_take(&b);
}

/* a .vmx file name as the domain's source; *missing for a file that is not
 * there (libvirt's tests: datastore or file named 'missing') */
static char *
src_name(struct cv *c, const char *key, const char *name, int *missing)
{
	*missing = 0;
	if (!c->paths || !c->paths->dir) {
		if (strncmp(name, "/vmfs/volumes/", 14) == 0) {
			const char *ds = name + 14, *sl = strchr(ds, '/'), *base;

			if (!sl || sl == ds || !sl[1]) {
				err_at(c, key, "not a datastore path:", name);
				return NULL;
			}
			base = strrchr(sl, '/') + 1;
			if ((sl - ds == 7 && strncmp(ds, "missing", 7) == 0) ||
			    strncmp(base, "missing.", 8) == 0) {
				*missing = 1;
				return NULL;
			}
			return vc_asprintf("[%.*s] %s", (int)(sl - ds), ds, sl + 1);
		}
		if (name[0] == '/')
			return vc_strdup(name);
		if (strchr(name, '/')) {
			err_at(c, key, "a relative path with a directory is not supported:", name);
			return NULL;
		}
		return vc_asprintf("[datastore] directory/%s", name);
	}
	if (name[0] == '/')
		return vc_strdup(name);
	return vc_asprintf("%s/%s", c->paths->dir, name);
}

static void
attr(struct vc_buf *b, const char *name, const char *v)
{
	vc_buf_printf(b, " %s='", name);
	vc_buf_esc(b, v, 1);
	vc_buf_putc(b, '\'');
}

static void
target_name(char *s, size_t n, const char *prefix, unsigned idx)
{
	char tmp[16];
	int i = 0, j;

	idx++;
	while (idx && i < 15) {
		idx--;
		tmp[i++] = (char)('a' + idx % 26);
		idx /= 26;
	}
	j = snprintf(s, n, "%s", prefix);
	while (i > 0 && (size_t)j + 1 < n)
		s[j++] = tmp[--i];
	s[j] = 0;
}

enum { DEV_DISK, DEV_CDROM, DEV_FLOPPY };
enum { BUS_SCSI, BUS_IDE, BUS_SATA, BUS_FDC };

/* one disk slot: 1 done (device made), 0 nothing there for this kind, -1 error */
static int
disk(struct cv *c, int dev, int bus, int ctrl, int unit)
{
	char pre[32], k[64], tgt[24];
	const char *devtype, *filetype, *filename, *mode;
	int present, connected, client, wt, missing = 0, type_block = 0, lun = 0;
	int optional = 0;
	char *src = NULL;
	const char *busname;
	unsigned idx;

	switch (bus) {
	case BUS_SCSI: snprintf(pre, sizeof(pre), "scsi%d:%d", ctrl, unit); break;
	case BUS_IDE: snprintf(pre, sizeof(pre), "ide%d:%d", ctrl, unit); break;
	case BUS_SATA: snprintf(pre, sizeof(pre), "sata%d:%d", ctrl, unit); break;
	default: snprintf(pre, sizeof(pre), "floppy%d", unit); break;
	}
	snprintf(k, sizeof(k), "%s.present", pre);
	if (getbool(c, k, 0, &present) < 0)
		return -1;
	snprintf(k, sizeof(k), "%s.startConnected", pre);
	if (getbool(c, k, 1, &connected) < 0)
		return -1;
	snprintf(k, sizeof(k), "%s.clientDevice", pre);
	if (getbool(c, k, 0, &client) < 0)
		return -1;
	snprintf(k, sizeof(k), "%s.writeThrough", pre);
	if (getbool(c, k, 0, &wt) < 0)
		return -1;
	devtype = gets(c, "%s.deviceType", pre);
	filetype = gets(c, "%s.fileType", pre);
	filename = gets(c, "%s.fileName", pre);
	mode = gets(c, "%s.mode", pre);
	if (!present || client)
		return 0;
	snprintf(k, sizeof(k), "%s.fileName", pre);
	if (dev == DEV_DISK) {
		size_t fl = filename ? strlen(filename) : 0;

		if (!filename || fl < 5 || strcasecmp(filename + fl - 5, ".vmdk") != 0)
			return 0;
		if (devtype) {
			const char *want = bus == BUS_SCSI ? "scsi-hardDisk" : bus == BUS_IDE ? "ata-hardDisk" : NULL;
			if (strcasecmp(devtype, "disk") != 0 && (!want || strcasecmp(devtype, want) != 0)) {
				char dk[64];
				snprintf(dk, sizeof(dk), "%s.deviceType", pre);
				err_at(c, dk, "unexpected device type for a hard disk:", devtype);
				return -1;
			}
		}
		if (!(src = src_name(c, k, filename, &missing))) {
			if (missing)
				err_at(c, k, "the disk's file is missing:", filename);
			return -1;
		}
	} else if (dev == DEV_CDROM) {
		size_t fl = filename ? strlen(filename) : 0;

		if (fl >= 5 && strcasecmp(filename + fl - 5, ".vmdk") == 0)
			return 0;
		if (devtype && strcasecmp(devtype, "cdrom-image") == 0) {
			if (filename && *filename && strcmp(filename, "emptyBackingString") != 0 && !(src = src_name(c, k, filename, &missing)) && !missing)
				return -1;
		} else if (devtype && (strcasecmp(devtype, "atapi-cdrom") == 0 ||
		    strcasecmp(devtype, "cdrom-raw") == 0)) {
			type_block = 1;
			lun = strcasecmp(devtype, "cdrom-raw") == 0;
			if (filename && strcasecmp(filename, "auto detect") == 0)
				optional = 1;
			else if (filename)
				src = vc_strdup(filename);
		} else if (bus == BUS_SCSI && devtype && strcasecmp(devtype, "scsi-passthru") == 0) {
			if (!filename || strncmp(filename, "/vmfs/devices/cdrom/", 20) != 0)
				return 0;
			type_block = lun = 1;
			src = vc_strdup(filename);
		} else if (!devtype && bus == BUS_SCSI) {
			return 0;
		} else {
			char dk[64];
			snprintf(dk, sizeof(dk), "%s.deviceType", pre);
			err_at(c, dk, "not a device type for a CD-ROM:", devtype ? devtype : "(none)");
			return -1;
		}
	} else {
		if (filetype && strcasecmp(filetype, "device") == 0) {
			type_block = 1;
			if (filename)
				src = vc_strdup(filename);
		} else if (filetype && strcasecmp(filetype, "file") == 0) {
			if (filename && !(src = src_name(c, k, filename, &missing)) && !missing)
				return -1;
		} else {
			char fk[64];
			snprintf(fk, sizeof(fk), "%s.fileType", pre);
			err_at(c, fk, "not a floppy's file type:", filetype ? filetype : "(none)");
			return -1;
		}
	}
	(void)connected;
	switch (bus) {
	case BUS_SCSI:
		idx = (unsigned)(ctrl * 15 + unit - (unit > 7));
		busname = "scsi";
		target_name(tgt, sizeof(tgt), "sd", idx);
		break;
	case BUS_IDE:
		idx = (unsigned)(ctrl * 2 + unit);
		busname = "ide";
		target_name(tgt, sizeof(tgt), "hd", idx);
		break;
	case BUS_SATA:
		idx = (unsigned)(ctrl * 30 + unit);
		busname = "sata";
		target_name(tgt, sizeof(tgt), "sd", idx);
		/* libvirt names SATA disks as SCSI ones, even where they meet:
		 * parsed under a name of their own, renamed after */
		if (c->nfix < 64) {
			c->fix[c->nfix].disk = c->ndisks;
			snprintf(c->fix[c->nfix].tgt, sizeof(c->fix[0].tgt), "%s", tgt);
			c->fix[c->nfix++].optional = optional;
			optional = 0;
			target_name(tgt, sizeof(tgt), "sd", idx + 100000);
		}
		break;
	default:
		busname = "fdc";
		target_name(tgt, sizeof(tgt), "fd", (unsigned)unit);
		break;
	}
	if (optional && type_block && bus != BUS_SATA && c->nfix < 64) {
		/* libvirt keeps startupPolicy on a block CD-ROM its parser refuses */
		c->fix[c->nfix].disk = c->ndisks;
		c->fix[c->nfix].tgt[0] = 0;
		c->fix[c->nfix++].optional = 1;
		optional = 0;
	}
	c->ndisks++;
	vc_buf_printf(&c->disks, "<disk type='%s' device='%s'>", type_block ? "block" : "file",
	    dev == DEV_DISK ? "disk" : dev == DEV_FLOPPY ? "floppy" : lun ? "lun" : "cdrom");
	if (wt && dev == DEV_DISK)
		vc_buf_puts(&c->disks, "<driver cache='writethrough'/>");
	if (src || optional) {
		vc_buf_puts(&c->disks, "<source");
		if (src)
			attr(&c->disks, type_block ? "dev" : "file", src);
		if (optional)
			vc_buf_puts(&c->disks, " startupPolicy='optional'");
		vc_buf_puts(&c->disks, "/>");
	}
	vc_buf_printf(&c->disks, "<target dev='%s' bus='%s'/>", tgt, busname);
	if (dev == DEV_CDROM)
		vc_buf_puts(&c->disks, "<readonly/>");
	if (dev == DEV_DISK && mode && strcasecmp(mode, "independent-nonpersistent") == 0)
		vc_buf_puts(&c->disks, "<transient/>");
	if (bus == BUS_IDE)
		vc_buf_printf(&c->disks, "<address type='drive' controller='0' bus='%d' target='0' unit='%d'/>", ctrl, unit);
	else if (bus == BUS_FDC)
		vc_buf_printf(&c->disks, "<address type='drive' controller='0' bus='0' target='0' unit='%d'/>", unit);
	else
		vc_buf_printf(&c->disks, "<address type='drive' controller='%d' bus='0' target='0' unit='%d'/>", ctrl, unit);
	vc_buf_puts(&c->disks, "</disk>");
	free(src);
	{
		int ci = bus == BUS_SCSI ? C_SCSI : bus == BUS_IDE ? C_IDE : bus == BUS_SATA ? C_SATA : C_FDC;
		int n = bus == BUS_IDE || bus == BUS_FDC ? 0 : ctrl;
		if (n > c->ctrl_max[ci])
			c->ctrl_max[ci] = n;
	}
	return 1;
}

static int
disks(struct cv *c)
{
	static const struct { const char *vmx, *model; } models[] = {
		{"buslogic", "buslogic"}, {"lsilogic", "lsilogic"},
		{"lsisas1068", "lsisas1068"}, {"pvscsi", "vmpvscsi"},
	};
	int i, u, r;

	for (i = 0; i < 4; i++) {
		char k[32];
		int present;
		const char *vd;
		size_t m;

		snprintf(k, sizeof(k), "scsi%d.present", i);
		if (getbool(c, k, 0, &present) < 0)
			return -1;
		if (!present)
			continue;
		snprintf(k, sizeof(k), "scsi%d.virtualDev", i);
		if ((vd = vc_vmx_get(c->x, k))) {
			for (m = 0; m < VC_NELEM(models); m++)
				if (strcasecmp(vd, models[m].vmx) == 0)
					break;
			if (m == VC_NELEM(models))
				return err_at(c, k, "expected buslogic, lsilogic, lsisas1068 or pvscsi, not", vd);
			c->scsi_model[i] = models[m].model;
		}
		/* a paravirtual controller has 64 units */
		for (u = 0; u < (c->scsi_model[i] && !strcmp(c->scsi_model[i], "vmpvscsi") ? 64 : 16); u++) {
			if (u == 7)
				continue;
			if ((r = disk(c, DEV_DISK, BUS_SCSI, i, u)) < 0)
				return -1;
			if (!r && disk(c, DEV_CDROM, BUS_SCSI, i, u) < 0)
				return -1;
		}
	}
	for (i = 0; i < 2; i++)
		for (u = 0; u < 2; u++) {
			if ((r = disk(c, DEV_DISK, BUS_IDE, i, u)) < 0)
				return -1;
			if (!r && disk(c, DEV_CDROM, BUS_IDE, i, u) < 0)
				return -1;
		}
	for (i = 0; i < 4; i++) {
		char k[32];
		int present;

		snprintf(k, sizeof(k), "sata%d.present", i);
		if (getbool(c, k, 0, &present) < 0)
			return -1;
		if (!present)
			continue;
		for (u = 0; u < 30; u++) {
			if ((r = disk(c, DEV_DISK, BUS_SATA, i, u)) < 0)
				return -1;
			if (!r && disk(c, DEV_CDROM, BUS_SATA, i, u) < 0)
				return -1;
		}
	}
	for (u = 0; u < 2; u++)
		if (disk(c, DEV_FLOPPY, BUS_FDC, 0, u) < 0)
			return -1;
	/* the controllers the disks use, as libvirt adds them */
	{
		static const char *const types[] = {"scsi", "fdc", "ide", "sata"};
		int t, n;

		for (t = 0; t < 4; t++)
			for (n = 0; n <= c->ctrl_max[t]; n++) {
				vc_buf_printf(&c->ctrls, "<controller type='%s' index='%d'", types[t], n);
				if (t == C_SCSI && c->scsi_model[n])
					vc_buf_printf(&c->ctrls, " model='%s'", c->scsi_model[n]);
				vc_buf_puts(&c->ctrls, "/>");
			}
	}
	return 0;
}

static int
parse_mac(struct cv *c, const char *key, const char *s, char out[18])
{
	int i;

	if (strlen(s) != 17)
		return err_at(c, key, "not a MAC address:", s);
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2 ? s[i] != ':' && s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return err_at(c, key, "not a MAC address:", s);
		out[i] = i % 3 == 2 ? ':' : (char)tolower((unsigned char)s[i]);
	}
	out[17] = 0;
	return 0;
}

static int
uuid_text(const char *s, char out[37])
{
	int n = 0;
	const char *p;

	for (p = s; *p && n < 32; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (!isxdigit((unsigned char)*p))
			return -1;
		out[n + (n >= 8) + (n >= 12) + (n >= 16) + (n >= 20)] = (char)tolower((unsigned char)*p);
		n++;
	}
	while (*p == ' ')
		p++;
	if (n != 32 || *p)
		return -1;
	out[8] = out[13] = out[18] = out[23] = '-';
	out[36] = 0;
	return 0;
}

static int
ethernet(struct cv *c, int i)
{
	char pre[24], k[64], mac[18] = "";
	const char *conn, *atype, *gen, *addr, *vdev, *net, *vnet, *sw;
	int present, check;
	long long feat;
	const char *model = NULL, *mtype = NULL;
	struct vc_buf *b = &c->nets;

	snprintf(pre, sizeof(pre), "ethernet%d", i);
	snprintf(k, sizeof(k), "%s.present", pre);
	if (getbool(c, k, 0, &present) < 0)
		return -1;
	if (!present)
		return 0;
	snprintf(k, sizeof(k), "%s.checkMACAddress", pre);
	if (getbool(c, k, 1, &check) < 0)
		return -1;
	conn = gets(c, "%s.connectionType", pre);
	atype = gets(c, "%s.addressType", pre);
	gen = gets(c, "%s.generatedAddress", pre);
	addr = gets(c, "%s.address", pre);
	vdev = gets(c, "%s.virtualDev", pre);
	net = gets(c, "%s.networkName", pre);
	vnet = gets(c, "%s.vnet", pre);
	sw = gets(c, "%s.dvs.switchId", pre);
	if (!atype || strcasecmp(atype, "generated") == 0 || strcasecmp(atype, "vpx") == 0) {
		snprintf(k, sizeof(k), "%s.generatedAddress", pre);
		if (gen && parse_mac(c, k, gen, mac) < 0)
			return -1;
		mtype = "generated";
	} else if (strcasecmp(atype, "static") == 0) {
		snprintf(k, sizeof(k), "%s.address", pre);
		if (addr && parse_mac(c, k, addr, mac) < 0)
			return -1;
		mtype = "static";
	} else {
		snprintf(k, sizeof(k), "%s.addressType", pre);
		return err_at(c, k, "expected generated, static or vpx, not", atype);
	}
	if (vdev) {
		static const char *const ok[] = {"vlance", "vmxnet", "vmxnet3", "e1000", "e1000e"};
		size_t m;

		for (m = 0; m < VC_NELEM(ok); m++)
			if (strcasecmp(vdev, ok[m]) == 0)
				model = ok[m];
		snprintf(k, sizeof(k), "%s.virtualDev", pre);
		if (!model)
			return err_at(c, k, "expected vlance, vmxnet, vmxnet3, e1000 or e1000e, not", vdev);
		snprintf(k, sizeof(k), "%s.features", pre);
		if (strcmp(model, "vmxnet") == 0) {
			if (getlong(c, k, 0, 0, &feat) < 0)
				return -1;
			if (feat == 15)
				model = "vmxnet2";
		}
	}
	if (sw) {
		char u[37];
		const char *pid = gets(c, "%s.dvs.portId", pre), *pg = gets(c, "%s.dvs.portgroupId", pre);
		const char *cid = gets(c, "%s.dvs.connectionId", pre);

		snprintf(k, sizeof(k), "%s.dvs.switchId", pre);
		if (uuid_text(sw, u) < 0)
			return err_at(c, k, "not a UUID:", sw);
		vc_buf_puts(b, "<interface type='vds'>");
		if (*mac)
			vc_buf_printf(b, "<mac address='%s' type='%s'%s/>", mac, mtype, check ? "" : " check='no'");
		vc_buf_printf(b, "<source switchid='%s'", u);
		if (pid)
			attr(b, "portid", pid);
		if (pg)
			attr(b, "portgroupid", pg);
		if (cid)
			attr(b, "connectionid", cid);
		vc_buf_puts(b, "/>");
	} else if (!conn || strcasecmp(conn, "bridged") == 0 || strcasecmp(conn, "custom") == 0) {
		int custom = conn && strcasecmp(conn, "custom") == 0;

		vc_buf_printf(b, "<interface type='%s'>", net || custom ? "bridge" : "null");
		if (*mac)
			vc_buf_printf(b, "<mac address='%s' type='%s'%s/>", mac, mtype, check ? "" : " check='no'");
		if (net) {
			vc_buf_puts(b, "<source");
			attr(b, "bridge", net);
			vc_buf_puts(b, "/>");
		}
		if (custom && vnet) {
			vc_buf_puts(b, "<target");
			attr(b, "dev", vnet);
			vc_buf_puts(b, "/>");
		}
	} else if (strcasecmp(conn, "nat") == 0) {
		vc_buf_puts(b, "<interface type='user'>");
		if (*mac)
			vc_buf_printf(b, "<mac address='%s' type='%s'%s/>", mac, mtype, check ? "" : " check='no'");
	} else {
		snprintf(k, sizeof(k), "%s.connectionType", pre);
		return err_at(c, k, "expected bridged, custom or nat, not", conn);
	}
	if (model)
		vc_buf_printf(b, "<model type='%s'/>", model);
	vc_buf_puts(b, "</interface>");
	/* the parser takes a zero MAC as none given; VMware's is kept */
	if (strcmp(mac, "00:00:00:00:00:00") == 0 && c->nifaces < 64)
		c->zeromac |= 1ULL << c->nifaces;
	c->nifaces++;
	return 0;
}

/* serial (port 0..3) or parallel (0..2) */
static int
chardev(struct cv *c, int par, int port)
{
	char pre[24], k[64];
	const char *ft, *fn, *ep, *el = par ? "parallel" : "serial";
	int present;
	struct vc_buf d = {0};
	char *src = NULL;
	int missing;

	snprintf(pre, sizeof(pre), "%s%d", el, port);
	snprintf(k, sizeof(k), "%s.present", pre);
	if (getbool(c, k, 0, &present) < 0)
		return -1;
	if (!present)
		return 0;
	ft = gets(c, "%s.fileType", pre);
	fn = gets(c, "%s.fileName", pre);
	snprintf(k, sizeof(k), "%s.fileType", pre);
	if (!ft)
		return err_at(c, k, "missing", NULL);
	if (strcasecmp(ft, "device") == 0) {
		vc_buf_puts(&d, " type='dev'><source");
		attr(&d, "path", fn ? fn : "");
		vc_buf_puts(&d, "/>");
	} else if (strcasecmp(ft, "file") == 0) {
		snprintf(k, sizeof(k), "%s.fileName", pre);
		if (!fn || !(src = src_name(c, k, fn, &missing))) {
			vc_buf_free(&d);
			return fn ? -1 : err_at(c, k, "missing", NULL);
		}
		vc_buf_puts(&d, " type='file'><source");
		attr(&d, "path", src);
		vc_buf_puts(&d, "/>");
		free(src);
	} else if (!par && strcasecmp(ft, "pipe") == 0) {
		vc_buf_puts(&d, " type='pipe'><source");
		attr(&d, "path", fn ? fn : "");
		vc_buf_puts(&d, "/>");
	} else if (!par && strcasecmp(ft, "network") == 0 && (!fn || !*fn || gets(c, "%s.vspc", pre))) {
		/* through a virtual serial port concentrator, or nowhere */
		vc_buf_puts(&d, " type='null'>");
	} else if (!par && strcasecmp(ft, "network") == 0) {
		const char *s = fn ? strstr(fn, "://") : NULL, *h, *colon, *proto;
		char scheme[16];
		int bind;

		snprintf(k, sizeof(k), "%s.fileName", pre);
		if (!s || s - fn >= (int)sizeof(scheme))
			return err_at(c, k, "expected a URI (telnet://HOST:PORT), not", fn);
		snprintf(scheme, sizeof(scheme), "%.*s", (int)(s - fn), fn);
		if (strcasecmp(scheme, "tcp") == 0)
			proto = "raw";
		else if (strcasecmp(scheme, "telnet") == 0)
			proto = "telnet";
		else if (strcasecmp(scheme, "telnets") == 0)
			proto = "telnets";
		else if (strcasecmp(scheme, "ssl") == 0 || strcasecmp(scheme, "tcp+ssl") == 0)
			proto = "tls";
		else
			return err_at(c, k, "expected tcp, telnet, telnets or ssl, not", fn);
		h = s + 3;
		colon = strrchr(h, ':');
		if (!colon || colon == h || !colon[1])
			return err_at(c, k, "expected HOST:PORT in", fn);
		ep = gets(c, "%s.network.endPoint", pre);
		bind = ep && strcasecmp(ep, "server") == 0;
		{
			char *host = vc_strndup(h, (size_t)(colon - h));
			vc_buf_printf(&d, " type='tcp'><source mode='%s'", bind ? "bind" : "connect");
			attr(&d, "host", host);
			attr(&d, "service", colon + 1);
			vc_buf_printf(&d, "/><protocol type='%s'/>", proto);
			free(host);
		}
	} else {
		return err_at(c, k, par ? "expected device or file, not" :
		    "expected device, file, pipe or network, not", ft);
	}
	vc_buf_printf(&c->chr, "<%s%s<target port='%d'/></%s>", el, d.s, port, el);
	if (!par && c->con.len == 0)
		vc_buf_printf(&c->con, "<console%s<target type='serial' port='%d'/></console>", d.s, port);
	vc_buf_free(&d);
	return 0;
}

static int
sharedfolders(struct cv *c)
{
	int dis, i;
	long long n;

	if (getbool(c, "isolation.tools.hgfs.disable", 1, &dis) < 0)
		return -1;
	if (dis)
		return 0;
	if (getlong(c, "sharedFolder.maxNum", 0, 0, &n) < 0)
		return -1;
	for (i = 0; i < n && i < 256; i++) {
		char pre[32], k[64];
		const char *host, *guest;
		int present, wr;

		snprintf(pre, sizeof(pre), "sharedFolder%d", i);
		snprintf(k, sizeof(k), "%s.present", pre);
		if (getbool(c, k, 0, &present) < 0)
			return -1;
		if (!present)
			continue;
		snprintf(k, sizeof(k), "%s.writeAccess", pre);
		if (getbool(c, k, 0, &wr) < 0)
			return -1;
		host = gets(c, "%s.hostPath", pre);
		guest = gets(c, "%s.guestName", pre);
		if (!host || !guest) {
			snprintf(k, sizeof(k), "%s.%s", pre, host ? "guestName" : "hostPath");
			return err_at(c, k, "missing", NULL);
		}
		vc_buf_puts(&c->fs, "<filesystem type='mount' accessmode='passthrough'><source");
		attr(&c->fs, "dir", host);
		vc_buf_puts(&c->fs, "/><target");
		attr(&c->fs, "dir", guest);
		vc_buf_puts(&c->fs, "/>");
		if (!wr)
			vc_buf_puts(&c->fs, "<readonly/>");
		vc_buf_puts(&c->fs, "</filesystem>");
	}
	return 0;
}

static int
vnc(struct cv *c)
{
	int on;
	long long port;
	const char *ip, *km, *pw;
	struct vc_buf *b = &c->gfx;

	if (getbool(c, "RemoteDisplay.vnc.enabled", 0, &on) < 0)
		return -1;
	if (!on)
		return 0;
	if (getlong(c, "RemoteDisplay.vnc.port", -1, 0, &port) < 0)
		return -1;
	if (!vc_vmx_get(c->x, "RemoteDisplay.vnc.port"))
		port = -1;
	ip = vc_vmx_get(c->x, "RemoteDisplay.vnc.ip");
	km = vc_vmx_get(c->x, "RemoteDisplay.vnc.keymap");
	pw = vc_vmx_get(c->x, "RemoteDisplay.vnc.password");
	if (port < 0)
		vc_buf_puts(b, "<graphics type='vnc' autoport='yes'");
	else
		vc_buf_printf(b, "<graphics type='vnc' port='%lld' autoport='no'", port);
	if (ip)
		attr(b, "listen", ip);
	if (km)
		attr(b, "keymap", km);
	if (pw)
		attr(b, "passwd", pw);
	vc_buf_puts(b, ">");
	if (ip) {
		vc_buf_puts(b, "<listen type='address'");
		attr(b, "address", ip);
		vc_buf_puts(b, "/>");
	} else {
		vc_buf_puts(b, "<listen type='address'/>");
	}
	vc_buf_puts(b, "</graphics>");
	return 0;
}

static int
convert(struct cv *c)
{
	const char *s, *guest, *name, *note, *aff;
	long long ver, mem, memmax, memmin, ncpu, cores, vram;
	char u[37] = "00000000-0000-0000-0000-000000000000";
	struct vc_buf *b = &c->b;
	int i, on;

	if (!(s = vc_vmx_get(c->x, "config.version")))
		return vc_err("%s: config.version: missing (a .vmx file has it)", c->x->file);
	if (getlong(c, "config.version", 0, 0, &ver) < 0)
		return -1;
	if (ver != 8)
		return err_at(c, "config.version", "expected 8, not", s);
	if (!(s = vc_vmx_get(c->x, "virtualHW.version")))
		return vc_err("%s: virtualHW.version: missing (a .vmx file has it)", c->x->file);
	if (getlong(c, "virtualHW.version", 0, 0, &ver) < 0)
		return -1;
	if (ver < 4)
		return err_at(c, "virtualHW.version", "expected 4 or later, not", s);
	c->hwver = (int)ver;
	vc_buf_puts(b, "<domain type='vmware'>");
	if ((name = vc_vmx_get(c->x, "displayName"))) {
		char *n = unescape(c, "displayName", name);
		if (!n)
			return -1;
		vc_buf_puts(b, "<name>");
		vc_buf_esc(b, n, 0);
		vc_buf_puts(b, "</name>");
		free(n);
	}
	if ((s = vc_vmx_get(c->x, "uuid.bios")) && uuid_text(s, u) < 0)
		return err_at(c, "uuid.bios", "not a UUID:", s);
	vc_buf_printf(b, "<uuid>%s</uuid>", u);
	if ((note = vc_vmx_get(c->x, "annotation"))) {
		char *n = unescape(c, "annotation", note);
		if (!n)
			return -1;
		vc_buf_puts(b, "<description>");
		vc_buf_esc(b, n, 0);
		vc_buf_puts(b, "</description>");
		free(n);
	}
	if (getlong(c, "memsize", 32, 0, &mem) < 0)
		return -1;
	if (mem <= 0)
		return err_at(c, "memsize", "expected a positive number of MiB, not", NULL);
	/* in KiB below, and at most 2^63-1 bytes, as the domain parser takes */
	if (mem > LLONG_MAX / 1024 / 1024)
		return err_at(c, "memsize", "more MiB than 2^63-1 bytes:", NULL);
	if (getlong(c, "sched.mem.max", mem, 1, &memmax) < 0)
		return -1;
	if (memmax < 0 || memmax > mem)
		memmax = mem;
	if (getlong(c, "sched.mem.minsize", 0, 0, &memmin) < 0)
		return -1;
	if (memmin > mem || memmin < 0)
		memmin = memmin < 0 ? 0 : mem;
	vc_buf_printf(b, "<memory unit='KiB'>%lld</memory><currentMemory unit='KiB'>%lld</currentMemory>",
	    mem * 1024, memmax * 1024);
	if (memmin > 0)
		vc_buf_printf(b, "<memtune><min_guarantee unit='KiB'>%lld</min_guarantee></memtune>", memmin * 1024);
	if (getlong(c, "numvcpus", 1, 0, &ncpu) < 0)
		return -1;
	if (ncpu <= 0)
		return err_at(c, "numvcpus", "expected a positive number, not", NULL);
	vc_buf_puts(b, "<vcpu placement='static'");
	if ((aff = vc_vmx_get(c->x, "sched.cpu.affinity")) && strcasecmp(aff, "all") != 0) {
		/* "0,3,4,5": a cpuset of at least numvcpus CPUs, as ranges */
		int set[1024] = {0}, cnt = 0, lo, first = 1;
		const char *p = aff;

		while (*p) {
			char *e;
			long v;

			while (*p == ' ')
				p++;
			v = strtol(p, &e, 10);
			if (e == p || v < 0 || v >= 1024)
				return err_at(c, "sched.cpu.affinity", "expected CPU numbers, not", aff);
			if (!set[v])
				cnt++;
			set[v] = 1;
			p = e;
			while (*p == ' ')
				p++;
			if (*p == ',')
				p++;
			else if (*p)
				return err_at(c, "sched.cpu.affinity", "expected CPU numbers, not", aff);
		}
		if (cnt < ncpu)
			return err_at(c, "sched.cpu.affinity", "fewer CPUs than numvcpus in", aff);
		vc_buf_puts(b, " cpuset='");
		for (i = 0; i < 1024; i++) {
			if (!set[i])
				continue;
			lo = i;
			while (i + 1 < 1024 && set[i + 1])
				i++;
			vc_buf_printf(b, first ? "%d" : ",%d", lo);
			if (i > lo)
				vc_buf_printf(b, "-%d", i);
			first = 0;
		}
		vc_buf_puts(b, "'");
	}
	vc_buf_printf(b, ">%lld</vcpu>", ncpu);
	if (getlong(c, "cpuid.coresPerSocket", 0, 0, &cores) < 0)
		return -1;
	if ((s = vc_vmx_get(c->x, "sched.cpu.shares"))) {
		long long sh;

		if (strcasecmp(s, "low") == 0)
			sh = 500 * ncpu;
		else if (strcasecmp(s, "normal") == 0)
			sh = 1000 * ncpu;
		else if (strcasecmp(s, "high") == 0)
			sh = 2000 * ncpu;
		else if (getlong(c, "sched.cpu.shares", 0, 0, &sh) < 0)
			return -1;
		vc_buf_printf(b, "<cputune><shares>%lld</shares></cputune>", sh);
	}
	guest = vc_vmx_get(c->x, "guestOS");
	if (getbool(c, "smbios.reflectHost", 0, &on) < 0)
		return -1;
	s = vc_vmx_get(c->x, "firmware");
	if (s && strcasecmp(s, "efi") == 0)
		vc_buf_puts(b, "<os firmware='efi'>");
	else
		vc_buf_puts(b, "<os>");
	{
		int sb;

		if (getbool(c, "uefi.secureBoot.enabled", 0, &sb) < 0)
			return -1;
		if (sb && s && strcasecmp(s, "efi") == 0)
			c->secboot = 1;
	}
	vc_buf_printf(b, "<type arch='%s'>hvm</type>", guest && strlen(guest) >= 3 &&
	    strcasecmp(guest + strlen(guest) - 3, "-64") == 0 ? "x86_64" : "i686");
	if (c->secboot)
		vc_buf_puts(b, "<firmware><feature enabled='yes' name='enrolled-keys'/>"
		    "<feature enabled='yes' name='secure-boot'/></firmware>");
	if (on)
		vc_buf_puts(b, "<smbios mode='host'/>");
	vc_buf_puts(b, "</os>");
	if (cores > 0) {
		if (ncpu % cores)
			return err_at(c, "cpuid.coresPerSocket", "does not divide numvcpus:", NULL);
		vc_buf_printf(b, "<cpu><topology sockets='%lld' dies='1' clusters='1' cores='%lld' threads='1'/></cpu>",
		    ncpu / cores, cores);
	}
	vc_buf_puts(b, "<clock offset='utc'/><on_poweroff>destroy</on_poweroff>"
	    "<on_reboot>restart</on_reboot><on_crash>destroy</on_crash><devices>");
	for (i = 0; i < 4; i++)
		c->ctrl_max[i] = -1;
	if (disks(c) < 0 || sharedfolders(c) < 0)
		return -1;
	for (i = 0; i < 10; i++)
		if (ethernet(c, i) < 0)
			return -1;
	for (i = 0; i < 4; i++)
		if (chardev(c, 0, i) < 0)
			return -1;
	for (i = 0; i < 3; i++)
		if (chardev(c, 1, i) < 0)
			return -1;
	if (vnc(c) < 0)
		return -1;
	if (getlong(c, "svga.vramSize", 4 * 1024 * 1024, 0, &vram) < 0)
		return -1;
#define PUT(x) if ((x).len) vc_buf_add(b, (x).s, (x).len)
	PUT(c->disks);
	PUT(c->ctrls);
	PUT(c->fs);
	PUT(c->nets);
	PUT(c->chr);
	PUT(c->con);
	PUT(c->gfx);
#undef PUT
	vc_buf_printf(b, "<video><model type='vmvga' vram='%lld' primary='yes'/></video>", vram / 1024);
	vc_buf_puts(b, "</devices></domain>");
	return 0;
}

struct vc_domain *
vc_vmx_to_domain(const char *text, size_t len, const char *file, const struct vmx_paths *p, int strict)
{
	struct vmx x;
	struct cv c = {0};
	struct vc_domain *d = NULL;

	if (vc_vmx_parse(&x, text, len, file) < 0)
		return NULL;
	c.x = &x;
	c.paths = p;
	c.strict = strict;
	if (convert(&c) == 0) {
		d = vc_domain_parse(c.b.s, c.b.len, file);
		if (!d)
			vc_err_prefix("%s: converted XML", file);
	}
	if (d) {
		struct vc_os *o = d->sect[VC_SECT_OS];
		int i;

		if (o)
			o->nboot = 0;       /* libvirt's vmx.c adds no <boot> */
		for (i = 0; i < 64 && (size_t)i < d->ndev[VC_DEV_INTERFACE]; i++)
			if (c.zeromac & (1ULL << i))
				((struct vc_iface *)d->dev[VC_DEV_INTERFACE][i])->has_mac = 1;
		for (i = 0; i < c.nfix; i++) {
			struct vc_disk *dk;

			if ((size_t)c.fix[i].disk >= d->ndev[VC_DEV_DISK])
				continue;
			dk = d->dev[VC_DEV_DISK][c.fix[i].disk];
			if (c.fix[i].tgt[0]) {
				free(dk->target_dev);
				dk->target_dev = vc_strdup(c.fix[i].tgt);
			}
			if (c.fix[i].optional) {
				dk->src.present = 1;
				dk->src.startup_policy = 3;
			}
		}
	}
	vc_buf_free(&c.b);
	vc_buf_free(&c.disks);
	vc_buf_free(&c.ctrls);
	vc_buf_free(&c.fs);
	vc_buf_free(&c.nets);
	vc_buf_free(&c.chr);
	vc_buf_free(&c.con);
	vc_buf_free(&c.gfx);
	vc_vmx_clear(&x);
	return d;
}

struct vc_domain *
vc_vmx_from_native(const char *text, size_t len, const char *file, int strict)
{
	struct vmx_paths p = {NULL};

	return vc_vmx_to_domain(text, len, file, &p, strict);
}
