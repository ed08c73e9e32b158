/* argv_parse.c: bhyve-argv -> domain XML: the loader's line and bhyve's
 * (one command a line, or libvirt's one argument a line with backslashes),
 * each -s slot back to its device, then through the domain parser */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bhyve.h"

struct words {
	char **v;
	size_t n;
	int line;
};

static void
words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

/* split one command into words: blanks, '...' and "..." quoting, \x */
static int
split_cmd(const char *s, struct words *w)
{
	struct vc_buf b = {0};
	int inword = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t') {
			if (inword) {
				VC_APPEND(w->v, w->n, b.s ? vc_buf_take(&b) : vc_strdup(""));
				inword = 0;
			}
			continue;
		}
		inword = 1;
		if (*s == '\'') {
			const char *e = strchr(s + 1, '\'');
			if (!e)
				goto bad;
			vc_buf_add(&b, s + 1, e - s - 1);
			if (!b.s)
				vc_buf_puts(&b, "");
			s = e;
		} else if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1])
					s++;
				vc_buf_putc(&b, *s);
			}
			if (!*s)
				goto bad;
			if (!b.s)
				vc_buf_puts(&b, "");
		} else if (*s == '\\' && s[1]) {
			vc_buf_putc(&b, *++s);
		} else
			vc_buf_putc(&b, *s);
	}
	if (inword)
		VC_APPEND(w->v, w->n, b.s ? vc_buf_take(&b) : vc_strdup(""));
	return 0;
bad:
	vc_buf_free(&b);
	return vc_err("unbalanced quote");
}

static const char *
base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static void
attr(struct vc_buf *b, const char *name, const char *v)
{
	vc_buf_printf(b, " %s='", name);
	vc_buf_esc(b, v, 1);
	vc_buf_putc(b, '\'');
}

static void
pci(struct vc_buf *b, unsigned slot)
{
	vc_buf_printf(b, "<address type='pci' domain='0x0000' bus='0x00' slot='0x%02x' function='0x0'/>\n", slot);
}

struct px {
	const char *file;
	int strict, line;
	struct vc_buf dev, ctl, head;
	int nsata, nvirtio, nahci;
	char *bootpath;     /* the disk the loader boots */
	int boot_cd;
};

static int
perr(struct px *x, const char *fmt, ...) VC_PRINTF(2, 3);
static int
perr(struct px *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vc_err("%s:%d: %s", x->file, x->line, msg);
}

static void
disk(struct px *x, const char *path, int cd, const char *bus, int sata, unsigned slot)
{
	struct vc_buf *b = &x->dev;
	char dev[16];
	int idx = sata ? x->nsata++ : x->nvirtio++;

	vc_disk_name(dev, sizeof(dev), sata ? "hd" : "vd", (unsigned)idx);
	vc_buf_printf(b, "<disk type='file' device='%s'>\n<driver name='file' type='raw'/>\n<source",
	    cd ? "cdrom" : "disk");
	attr(b, "file", path);
	vc_buf_printf(b, "/>\n<target dev='%s' bus='%s'/>\n", dev, bus);
	if (x->boot_cd == 1 && cd) {
		/* grub-bhyve --root cd */
		if (idx > 0 || !sata)
			vc_buf_puts(b, "<boot order='1'/>\n");
		x->boot_cd = 2;
	} else if (x->bootpath && !strcmp(x->bootpath, path) && (idx > 0 || !sata)) {
		vc_buf_puts(b, "<boot order='1'/>\n");
		free(x->bootpath);
		x->bootpath = NULL;
	} else if (x->bootpath && !strcmp(x->bootpath, path)) {
		free(x->bootpath);
		x->bootpath = NULL;
	}
	if (!sata)
		pci(b, slot);
	vc_buf_puts(b, "</disk>\n");
}

/* one -s SLOT[:FN],DEVICE[,CONF] */
static int
slot_dev(struct px *x, const char *arg)
{
	char *s = vc_strdup(arg), *dev, *conf, *p;
	unsigned long long slot;
	struct vc_buf *b = &x->dev;
	int r = -1;

	dev = strchr(s, ',');
	if (!dev) {
		perr(x, "-s %s: expected SLOT,DEVICE[,...]", arg);
		goto out;
	}
	*dev++ = '\0';
	if ((p = strchr(s, ':')))
		*p = '\0';
	if (vc_parse_ull(s, 0, 31, &slot) < 0) {
		vc_err_clear();
		perr(x, "-s %s: slot '%s': expected 0-31", arg, s);
		goto out;
	}
	conf = strchr(dev, ',');
	if (conf)
		*conf++ = '\0';
	if (!strcmp(dev, "hostbridge") || !strcmp(dev, "amd_hostbridge")) {
		if (!strcmp(dev, "amd_hostbridge"))
			vc_buf_puts(&x->head, "<cpu><vendor>AMD</vendor></cpu>\n");
	} else if (!strcmp(dev, "lpc")) {
		vc_buf_puts(&x->ctl, "<controller type='isa' index='0'>\n");
		pci(&x->ctl, (unsigned)slot);
		vc_buf_puts(&x->ctl, "</controller>\n");
	} else if (!strcmp(dev, "ahci") || !strcmp(dev, "ahci-hd") || !strcmp(dev, "ahci-cd")) {
		char *it, *save = NULL;

		vc_buf_printf(&x->ctl, "<controller type='sata' index='%d'>\n", x->nahci++);
		pci(&x->ctl, (unsigned)slot);
		vc_buf_puts(&x->ctl, "</controller>\n");
		if (strcmp(dev, "ahci")) {
			if (!conf) {
				perr(x, "-s %s: no image", arg);
				goto out;
			}
			disk(x, conf, !strcmp(dev, "ahci-cd"), "sata", 1, 0);
		} else
			/* -s N,ahci alone: a controller without drives */
			for (it = conf ? strtok_r(conf, ",", &save) : NULL; it; it = strtok_r(NULL, ",", &save)) {
				if (strncmp(it, "hd:", 3) && strncmp(it, "cd:", 3)) {
					perr(x, "-s %s: '%s': expected hd:PATH or cd:PATH", arg, it);
					goto out;
				}
				disk(x, it + 3, it[0] == 'c', "sata", 1, 0);
			}
	} else if (!strcmp(dev, "virtio-blk")) {
		if (!conf) {
			perr(x, "-s %s: no image", arg);
			goto out;
		}
		disk(x, conf, 0, "virtio", 0, (unsigned)slot);
	} else if (!strcmp(dev, "virtio-net") || !strcmp(dev, "e1000")) {
		char *tap = conf, *mac = NULL;

		if (!tap) {
			perr(x, "-s %s: no tap", arg);
			goto out;
		}
		if ((p = strstr(tap, ",mac="))) {
			*p = '\0';
			mac = p + 5;
		}
		if (vc_native_drop(x->strict, x->file, x->line,
		    "-s %s: bhyve's command line names no bridge: bridge0 assumed", arg) < 0)
			goto out;
		vc_buf_puts(b, "<interface type='bridge'>\n");
		if (mac) {
			vc_buf_puts(b, "<mac");
			attr(b, "address", mac);
			vc_buf_puts(b, "/>\n");
		}
		vc_buf_puts(b, "<source bridge='bridge0'/>\n");
		if (strncmp(tap, "tap", 3) == 0 && strcmp(tap, "faketapdev")) {
			vc_buf_puts(b, "<target");
			attr(b, "dev", tap);
			vc_buf_puts(b, "/>\n");
		}
		vc_buf_printf(b, "<model type='%s'/>\n", !strcmp(dev, "e1000") ? "e1000" : "virtio");
		pci(b, (unsigned)slot);
		vc_buf_puts(b, "</interface>\n");
	} else if (!strcmp(dev, "fbuf")) {
		char *it, *save = NULL, *host = NULL, *port = NULL, *pw = NULL, *vga = NULL, *w = NULL, *h = NULL;

		for (it = conf ? strtok_r(conf, ",", &save) : NULL; it; it = strtok_r(NULL, ",", &save)) {
			if (!strncmp(it, "tcp=", 4)) {
				host = it + 4;
				if ((port = strrchr(host, ':')))
					*port++ = '\0';
			} else if (!strncmp(it, "password=", 9))
				pw = it + 9;
			else if (!strncmp(it, "vga=", 4))
				vga = it + 4;
			else if (!strncmp(it, "w=", 2))
				w = it + 2;
			else if (!strncmp(it, "h=", 2))
				h = it + 2;
			else if (strcmp(it, "wait")) {
				perr(x, "-s %s: '%s': unknown fbuf option", arg, it);
				goto out;
			}
		}
		vc_buf_puts(b, "<graphics type='vnc'");
		attr(b, "port", port ? port : "5900");
		vc_buf_puts(b, " autoport='no'");
		if (pw)
			attr(b, "passwd", pw);
		vc_buf_puts(b, ">\n<listen type='address'");
		attr(b, "address", host ? host : "127.0.0.1");
		vc_buf_puts(b, "/>\n</graphics>\n<video>\n");
		if (vga) {
			vc_buf_puts(b, "<driver");
			attr(b, "vgaconf", vga);
			vc_buf_puts(b, "/>\n");
		}
		vc_buf_puts(b, "<model type='gop' heads='1' primary='yes'");
		if (w && h) {
			vc_buf_puts(b, ">\n<resolution");
			attr(b, "x", w);
			attr(b, "y", h);
			vc_buf_puts(b, "/>\n</model>\n");
		} else
			vc_buf_puts(b, "/>\n");
		pci(b, (unsigned)slot);
		vc_buf_puts(b, "</video>\n");
	} else if (!strcmp(dev, "xhci")) {
		if (!conf || strcmp(conf, "tablet")) {
			perr(x, "-s %s: bhyve's xhci takes a tablet", arg);
			goto out;
		}
		vc_buf_puts(&x->ctl, "<controller type='usb' model='nec-xhci'>\n");
		pci(&x->ctl, (unsigned)slot);
		vc_buf_puts(&x->ctl, "</controller>\n");
		vc_buf_puts(b, "<input type='tablet' bus='usb'/>\n");
	} else if (!strcmp(dev, "virtio-9p")) {
		char *eq = conf ? strchr(conf, '=') : NULL, *ro;

		if (!eq) {
			perr(x, "-s %s: expected virtio-9p,NAME=PATH", arg);
			goto out;
		}
		*eq++ = '\0';
		ro = strstr(eq, ",ro");
		if (ro && !ro[3])
			*ro = '\0';
		vc_buf_puts(b, "<filesystem type='mount'>\n<source");
		attr(b, "dir", eq);
		vc_buf_puts(b, "/>\n<target");
		attr(b, "dir", conf);
		vc_buf_printf(b, "/>\n%s", ro ? "<readonly/>\n" : "");
		pci(b, (unsigned)slot);
		vc_buf_puts(b, "</filesystem>\n");
	} else if (!strcmp(dev, "virtio-rnd")) {
		vc_buf_puts(b, "<rng model='virtio'>\n<backend model='random'>/dev/random</backend>\n");
		pci(b, (unsigned)slot);
		vc_buf_puts(b, "</rng>\n");
	} else if (!strcmp(dev, "passthru")) {
		unsigned bus, sl, fn;
		char c;

		if (!conf || sscanf(conf, "%u/%u/%u%c", &bus, &sl, &fn, &c) != 3 || bus > 255 || sl > 31 || fn > 7) {
			perr(x, "-s %s: expected passthru,BUS/SLOT/FUNCTION", arg);
			goto out;
		}
		vc_buf_printf(b, "<hostdev mode='subsystem' type='pci' managed='no'>\n<source>\n"
		    "<address domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x%x'/>\n</source>\n",
		    bus, sl, fn);
		pci(b, (unsigned)slot);
		vc_buf_puts(b, "</hostdev>\n");
	} else if (!strcmp(dev, "hda")) {
		vc_buf_puts(b, "<sound model='ich7'>\n");
		pci(b, (unsigned)slot);
		vc_buf_puts(b, "</sound>\n");
	} else {
		perr(x, "-s %s: unknown device '%s'", arg, dev);
		goto out;
	}
	r = 0;
out:
	free(s);
	return r;
}

static int
bhyve_cmd(struct px *x, struct words *w, struct vc_buf *o)
{
	struct vc_buf os = {0};
	int utc = 0, acpi = 0, apic = 0, locked = 0, msrs = 0, r = -1;
	const char *name, *cpus = "1", *mem = NULL;
	size_t i;

	if (w->n < 2)
		return perr(x, "bhyve: no guest name");
	name = w->v[w->n - 1];
	for (i = 1; i + 1 < w->n; i++) {
		const char *a = w->v[i];

		if (!strcmp(a, "-A")) acpi = 1;
		else if (!strcmp(a, "-I")) apic = 1;
		else if (!strcmp(a, "-S")) locked = 1;
		else if (!strcmp(a, "-w")) msrs = 1;
		else if (!strcmp(a, "-u")) utc = 1;
		else if (!strcmp(a, "-H") || !strcmp(a, "-P") || !strcmp(a, "-x") || !strcmp(a, "-e"))
			;
		else if ((!strcmp(a, "-c") || !strcmp(a, "-m") || !strcmp(a, "-s") || !strcmp(a, "-l") ||
		    !strcmp(a, "-U")) && i + 2 < w->n) {
			const char *v = w->v[++i];

			if (a[1] == 'c')
				cpus = v;
			else if (a[1] == 'm')
				mem = v;
			else if (a[1] == 'U') {
				vc_buf_puts(&x->head, "<uuid>");
				vc_buf_esc(&x->head, v, 0);
				vc_buf_puts(&x->head, "</uuid>\n");
			} else if (a[1] == 's') {
				if (slot_dev(x, v) < 0)
					goto out;
			} else if (!strncmp(v, "bootrom,", 8)) {
				char *fw = vc_strdup(v + 8), *vars = strchr(fw, ',');

				if (vars)
					*vars++ = '\0';
				vc_buf_puts(&os, "<loader readonly='yes' type='pflash'>");
				vc_buf_esc(&os, fw, 0);
				vc_buf_puts(&os, "</loader>\n");
				if (vars) {
					vc_buf_puts(&os, "<nvram>");
					vc_buf_esc(&os, vars, 0);
					vc_buf_puts(&os, "</nvram>\n");
				}
				free(fw);
			} else if (!strncmp(v, "com", 3) && v[3] >= '1' && v[3] <= '4' && v[4] == ',') {
				char *slave = vc_strdup(v + 5);
				size_t l = strlen(slave);

				if (l && slave[l - 1] == 'A')
					slave[l - 1] = 'B';
				vc_buf_puts(&x->dev, "<serial type='nmdm'>\n<source");
				attr(&x->dev, "master", v + 5);
				attr(&x->dev, "slave", slave);
				vc_buf_puts(&x->dev, "/>\n</serial>\n");
				free(slave);
			} else {
				perr(x, "-l %s: expected bootrom,FIRMWARE or comN,DEVICE", v);
				goto out;
			}
		} else {
			perr(x, "bhyve: '%s': unknown option", a);
			goto out;
		}
	}
	if (!mem) {
		perr(x, "bhyve: no -m (memory)");
		goto out;
	}
	vc_buf_puts(o, "<name>");
	vc_buf_esc(o, name, 0);
	vc_buf_puts(o, "</name>\n");
	if (x->head.len)
		vc_buf_puts(o, x->head.s);
	{
		unsigned long long v;
		char *end;
		size_t ml = strlen(mem);
		const char *unit = "MiB";
		char *num = vc_strndup(mem, ml);

		if (ml && (num[ml - 1] == 'G' || num[ml - 1] == 'g' || num[ml - 1] == 'M' || num[ml - 1] == 'm')) {
			unit = num[ml - 1] == 'G' || num[ml - 1] == 'g' ? "GiB" : "MiB";
			num[ml - 1] = '\0';
		}
		v = strtoull(num, &end, 10);
		if (*end || !*num) {
			free(num);
			perr(x, "bhyve: -m %s: expected MiB", mem);
			goto out;
		}
		free(num);
		vc_buf_printf(o, "<memory unit='%s'>%llu</memory>\n", unit, v);
	}
	if (!strncmp(cpus, "cpus=", 5)) {
		unsigned n, s, c, t;

		if (sscanf(cpus, "cpus=%u,sockets=%u,cores=%u,threads=%u", &n, &s, &c, &t) != 4) {
			perr(x, "bhyve: -c %s: expected N or cpus=N,sockets=S,cores=C,threads=T", cpus);
			goto out;
		}
		vc_buf_printf(o, "<vcpu>%u</vcpu>\n<cpu><topology sockets='%u' cores='%u' threads='%u'/></cpu>\n",
		    n, s, c, t);
	} else {
		vc_buf_puts(o, "<vcpu>");
		vc_buf_esc(o, cpus, 0);
		vc_buf_puts(o, "</vcpu>\n");
	}
	if (locked)
		vc_buf_puts(o, "<memoryBacking><locked/></memoryBacking>\n");
	vc_buf_printf(o, "<os>\n<type>hvm</type>\n%s</os>\n", os.s ? os.s : "");
	if (acpi || apic || msrs)
		vc_buf_printf(o, "<features>\n%s%s%s</features>\n", acpi ? "<acpi/>\n" : "",
		    apic ? "<apic/>\n" : "", msrs ? "<msrs unknown='ignore'/>\n" : "");
	vc_buf_printf(o, "<clock offset='%s'/>\n", utc ? "utc" : "localtime");
	vc_buf_printf(o, "<devices>\n%s%s</devices>\n", x->dev.s ? x->dev.s : "", x->ctl.s ? x->ctl.s : "");
	r = 0;
out:
	vc_buf_free(&os);
	return r;
}

struct vc_domain *
vc_bhyve_from_native(const char *text, size_t len, const char *file, int strict)
{
	struct px x = {0};
	struct vc_buf o = {0}, boot = {0};
	struct words loader = {0}, bh = {0};
	struct vc_domain *d = NULL;
	char *t = vc_strndup(text, len), *line, *save = NULL, *p;
	int lineno = 0;

	x.file = file;
	x.strict = strict;
	/* libvirt's files: one argument a line ending in a backslash */
	for (p = t; (p = strstr(p, "\\\n")); )
		p[0] = p[1] = ' ';
	for (line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct words w = {0};

		lineno++;
		line += strspn(line, " \t");
		if (!*line || *line == '#' || !strcmp(line, "dummy"))
			continue;
		x.line = lineno;
		if (split_cmd(line, &w) < 0) {
			vc_err_prefix("%s:%d", file, lineno);
			words_free(&w);     /* the words before the bad quote */
			goto out;
		}
		if (!w.n)
			continue;
		if (!strcmp(base(w.v[0]), "bhyve")) {
			if (bh.n) {
				perr(&x, "a second bhyve command");
				words_free(&w);
				goto out;
			}
			bh = w;
			bh.line = lineno;
		} else if (!loader.n) {
			loader = w;
			loader.line = lineno;
		} else {
			perr(&x, "'%s': expected the loader's command, then bhyve's", w.v[0]);
			words_free(&w);
			goto out;
		}
	}
	if (!bh.n) {
		vc_err("%s: no bhyve command line", file);
		goto out;
	}
	if (loader.n) {
		const char *b = base(loader.v[0]);
		size_t i;

		x.line = loader.line;
		if (!strcmp(b, "bhyveload")) {
			for (i = 1; i + 1 < loader.n; i++)
				if (!strcmp(loader.v[i], "-d")) {
					free(x.bootpath);       /* the last -d counts */
					x.bootpath = vc_strdup(loader.v[i + 1]);
				}
		} else if (!strcmp(b, "grub-bhyve")) {
			vc_buf_puts(&boot, "<bootloader>");
			vc_buf_esc(&boot, loader.v[0], 0);
			vc_buf_puts(&boot, "</bootloader>\n");
			for (i = 1; i + 1 < loader.n; i++)
				if (!strcmp(loader.v[i], "--root") && !strcmp(loader.v[i + 1], "cd"))
					x.boot_cd = 1;
		} else {
			vc_buf_puts(&boot, "<bootloader>");
			vc_buf_esc(&boot, loader.v[0], 0);
			vc_buf_puts(&boot, "</bootloader>\n<bootloader_args>");
			for (i = 1; i < loader.n; i++) {
				if (i > 1)
					vc_buf_putc(&boot, ' ');
				vc_buf_esc(&boot, loader.v[i], 0);
			}
			vc_buf_puts(&boot, "</bootloader_args>\n");
		}
	}
	x.line = bh.line;
	vc_buf_puts(&o, "<domain type='bhyve'>\n");
	{
		struct vc_buf body = {0};

		if (bhyve_cmd(&x, &bh, &body) < 0) {
			vc_buf_free(&body);
			goto out;
		}
		/* the bootloader sits before <os>: put it there */
		p = strstr(body.s, "<os>");
		vc_buf_add(&o, body.s, p - body.s);
		if (boot.len)
			vc_buf_puts(&o, boot.s);
		vc_buf_puts(&o, p);
		vc_buf_free(&body);
	}
	vc_buf_puts(&o, "</domain>\n");
	if (!(d = vc_domain_parse(o.s, o.len, file)))
		vc_err_prefix("%s: converted XML", file);
out:
	free(t);
	free(x.bootpath);
	vc_buf_free(&x.dev);
	vc_buf_free(&x.ctl);
	vc_buf_free(&x.head);
	vc_buf_free(&o);
	vc_buf_free(&boot);
	words_free(&loader);
	words_free(&bh);
	return d;
}
