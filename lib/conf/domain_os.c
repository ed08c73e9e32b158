/* domain_os.c: <os>, <idmap>, <bootloader> and <bootloader_args> of a domain */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/sections.h"

const char *const vc_os_type_names[] = { "", "hvm", "xen", "linux", "exe", "xenpvh", NULL };
const char *const vc_boot_dev_names[] = { "", "fd", "cdrom", "hd", "network", NULL };
const char *const vc_firmware_names[] = { "", "bios", "efi", NULL };
const char *const vc_loader_type_names[] = { "", "rom", "pflash", NULL };
const char *const vc_fw_format_names[] = { "", "raw", "qcow2", NULL };
const char *const vc_smbios_mode_names[] = { "", "emulate", "host", "sysinfo", NULL };
const char *const vc_acpi_table_type_names[] = { "", "raw", "rawset", "slic", "msdm", NULL };
static const char *const fwfeat_names[] = { "", "enrolled-keys", "secure-boot", NULL };

static const char *const arch_names[] = {
	"", "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686",
	"ia64", "lm32", "loongarch64", "m68k", "microblaze", "microblazeel",
	"mips", "mipsel", "mips64", "mips64el", "openrisc", "parisc",
	"parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32",
	"riscv64", "s390", "s390x", "sh4", "sh4eb", "sparc", "sparc64",
	"unicore32", "x86_64", "xtensa", "xtensaeb", NULL
};

void
vc_sect_os_free(void *p)
{
	struct vc_os *o = p;
	size_t i;

	if (!o)
		return;
	free(o->arch);
	free(o->machine);
	for (i = 0; i < o->nfwfeat; i++)
		free(o->fwfeat[i].name);
	free(o->fwfeat);
	free(o->loader);
	free(o->nvram);
	free(o->nvram_template);
	free(o->kernel);
	free(o->initrd);
	free(o->cmdline);
	free(o->dtb);
	free(o->shim);
	free(o->root);
	free(o->init);
	free(o->initdir);
	free(o->inituser);
	free(o->initgroup);
	for (i = 0; i < o->ninitargs; i++)
		free(o->initargs[i]);
	free(o->initargs);
	for (i = 0; i < o->ninitenv; i++) {
		free(o->initenv[i].name);
		free(o->initenv[i].value);
	}
	free(o->initenv);
	for (i = 0; i < o->nacpi; i++)
		free(o->acpi[i].path);
	free(o->acpi);
	free(o);
}

/* does any device carry a per-device <boot order=.../>? (read, not consumed) */
static int
device_boot(xmlNodePtr os)
{
	xmlNodePtr d, dev, c;

	if (!os->parent)
		return 0;
	for (d = os->parent->children; d; d = d->next) {
		if (d->type != XML_ELEMENT_NODE || strcmp((const char *)d->name, "devices"))
			continue;
		for (dev = d->children; dev; dev = dev->next)
			for (c = dev->type == XML_ELEMENT_NODE ? dev->children : NULL; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "boot"))
					return 1;
	}
	return 0;
}

static int
parse_loader(struct vc_x *x, xmlNodePtr c, struct vc_os *o)
{
	char *t;

	o->has_loader = 1;
	if (vc_x_yesno(x, c, "readonly", &o->loader_readonly) < 0 ||
	    vc_x_yesno(x, c, "secure", &o->loader_secure) < 0 ||
	    vc_x_enum(x, c, "type", vc_loader_type_names, &o->loader_type) < 0 ||
	    vc_x_yesno(x, c, "stateless", &o->loader_stateless) < 0 ||
	    vc_x_enum(x, c, "format", vc_fw_format_names, &o->loader_format) < 0)
		return -1;
	t = vc_x_text(c);
	if (*t)
		o->loader = t;
	else
		free(t);
	return 0;
}

static int
parse_nvram(struct vc_x *x, xmlNodePtr c, struct vc_os *o)
{
	char *t;

	o->has_nvram = 1;
	o->nvram_template = vc_x_attr(x, c, "template");
	if (vc_x_enum(x, c, "templateFormat", vc_fw_format_names, &o->nvram_template_format) < 0 ||
	    vc_x_enum(x, c, "format", vc_fw_format_names, &o->nvram_format) < 0)
		return -1;
	t = vc_x_text(c);
	if (*t)
		o->nvram = t;
	else
		free(t);
	return 0;
}

static int
parse_boot(struct vc_x *x, xmlNodePtr n, struct vc_os *o)
{
	xmlNodePtr c;
	int v, r;

	for (c = vc_x_child(x, n, "boot"); c; c = vc_x_next(c, "boot")) {
		if ((r = vc_x_enum(x, c, "dev", vc_boot_dev_names, &v)) < 0)
			return -1;
		if (r == 0)
			return vc_x_err(x, c, "missing boot device");
		if (o->nboot < VC_BOOT_MAX)
			o->boot[o->nboot++] = v;
	}
	if ((c = vc_x_child(x, n, "bootmenu"))) {
		if (vc_x_yesno(x, c, "enable", &o->bootmenu) < 0)
			return -1;
		if ((r = vc_x_uint(x, c, "timeout", 0, 65535, &o->bootmenu_timeout)) < 0)
			return -1;
		o->has_bootmenu_timeout = r;
		if (o->has_bootmenu_timeout && o->bootmenu != VC_TRI_YES)
			o->has_bootmenu_timeout = 0;
	}
	if ((c = vc_x_child(x, n, "bios"))) {
		if (vc_x_yesno(x, c, "useserial", &o->bios_useserial) < 0)
			return -1;
		if ((r = vc_x_int(x, c, "rebootTimeout", -1, 65535, &o->bios_reboot_timeout)) < 0)
			return -1;
		o->has_bios_reboot_timeout = r;
	}
	if ((c = vc_x_child(x, n, "smbios"))) {
		if ((r = vc_x_enum(x, c, "mode", vc_smbios_mode_names, &o->smbios_mode)) < 0)
			return -1;
		if (r == 0)
			return vc_x_err(x, c, "missing attribute mode");
	}
	return 0;
}

static int
parse_init(struct vc_x *x, xmlNodePtr n, struct vc_os *o)
{
	xmlNodePtr c;
	struct vc_os_env e;
	const char *p;

	o->init = vc_x_child_text(x, n, "init");
	for (c = vc_x_child(x, n, "initarg"); c; c = vc_x_next(c, "initarg"))
		VC_APPEND(o->initargs, o->ninitargs, vc_x_text(c));
	for (c = vc_x_child(x, n, "initenv"); c; c = vc_x_next(c, "initenv")) {
		if (!(e.name = vc_x_attr_req(x, c, "name")))
			return -1;
		e.value = vc_x_text(c);
		VC_GROW(o->initenv, o->ninitenv);
		o->initenv[o->ninitenv++] = e;
		for (p = e.name; *p; p++)
			if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (p != e.name && *p >= '0' && *p <= '9')))
				return vc_x_err(x, c, "invalid environment variable name '%s'", e.name);
		if (!*e.name)
			return vc_x_err(x, c, "empty environment variable name");
	}
	o->initdir = vc_x_child_text(x, n, "initdir");
	o->inituser = vc_x_child_text(x, n, "inituser");
	o->initgroup = vc_x_child_text(x, n, "initgroup");
	return 0;
}

static int
parse_acpi(struct vc_x *x, xmlNodePtr n, struct vc_os *o)
{
	xmlNodePtr a, c;
	struct vc_os_acpi_table t;
	int r;
	size_t i;

	if (!(a = vc_x_child(x, n, "acpi")))
		return 0;
	for (c = vc_x_child(x, a, "table"); c; c = vc_x_next(c, "table")) {
		if ((r = vc_x_enum(x, c, "type", vc_acpi_table_type_names, &t.type)) < 0)
			return -1;
		if (r == 0)
			return vc_x_err(x, c, "missing attribute type");
		for (i = 0; i < o->nacpi; i++)
			if (o->acpi[i].type == t.type)
				return vc_x_err(x, c, "ACPI table type '%s' may only appear once",
				                vc_acpi_table_type_names[t.type]);
		t.path = vc_x_text(c);
		VC_GROW(o->acpi, o->nacpi);
		o->acpi[o->nacpi++] = t;
		if (!*t.path)
			return vc_x_err(x, c, "missing ACPI table path");
	}
	return 0;
}

void *
vc_sect_os_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_os *o = vc_calloc(1, sizeof(*o));
	xmlNodePtr c, f;
	char *t;
	int r;

	if (vc_x_enum(x, n, "firmware", vc_firmware_names, &o->firmware) < 0)
		goto bad;
	if (!(c = vc_x_child(x, n, "type"))) {
		vc_x_err(x, n, "an os <type> must be specified");
		goto bad;
	}
	t = vc_x_text(c);
	r = vc_enum_find(vc_os_type_names, t);
	if (r <= 0) {
		vc_x_err(x, c, "unknown OS type '%s'", t);
		free(t);
		goto bad;
	}
	free(t);
	o->type = r;
	if ((o->arch = vc_x_attr(x, c, "arch")) && vc_enum_find(arch_names, o->arch) <= 0) {
		vc_x_err(x, c, "unknown architecture '%s'", o->arch);
		goto bad;
	}
	o->machine = vc_x_attr(x, c, "machine");

	if ((c = vc_x_child(x, n, "firmware"))) {
		for (f = vc_x_child(x, c, "feature"); f; f = vc_x_next(f, "feature")) {
			struct vc_os_fwfeat ff = { NULL, 0 };
			int nm;

			if ((r = vc_x_yesno(x, f, "enabled", &ff.enabled)) < 0)
				goto bad;
			if (r == 0) {
				vc_x_err(x, f, "missing attribute enabled");
				goto bad;
			}
			if ((r = vc_x_enum(x, f, "name", fwfeat_names, &nm)) < 0)
				goto bad;
			if (r == 0) {
				vc_x_err(x, f, "missing attribute name");
				goto bad;
			}
			ff.name = vc_strdup(fwfeat_names[nm]);
			VC_GROW(o->fwfeat, o->nfwfeat);
			o->fwfeat[o->nfwfeat++] = ff;
		}
		if (o->nfwfeat && o->firmware == VC_FW_NONE) {
			vc_x_err(x, c, "firmware features require the os firmware attribute");
			goto bad;
		}
	}
	if (parse_init(x, n, o) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "loader")) && parse_loader(x, c, o) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "nvram")) && parse_nvram(x, c, o) < 0)
		goto bad;
	o->kernel = vc_x_child_text(x, n, "kernel");
	o->initrd = vc_x_child_text(x, n, "initrd");
	o->cmdline = vc_x_child_text(x, n, "cmdline");
	o->shim = vc_x_child_text(x, n, "shim");
	o->dtb = vc_x_child_text(x, n, "dtb");
	o->root = vc_x_child_text(x, n, "root");
	if (parse_acpi(x, n, o) < 0)
		goto bad;
	if (parse_boot(x, n, o) < 0)
		goto bad;
	if (o->type == VC_OS_HVM) {
		if (o->nboot > 0 && device_boot(n)) {
			vc_x_err(x, n, "per-device boot elements cannot be used together with os/boot elements");
			goto bad;
		}
		if (o->nboot == 0 && !device_boot(n))
			o->boot[o->nboot++] = VC_BOOT_HD;
	}
	return o;
bad:
	vc_sect_os_free(o);
	return NULL;
}

static void
format_loader(struct vc_buf *b, int lvl, const struct vc_os *o)
{
	vc_f_open(b, lvl, "loader");
	vc_f_attr_yesno(b, "readonly", o->loader_readonly);
	vc_f_attr_yesno(b, "secure", o->loader_secure);
	vc_f_attr_enum(b, "type", vc_loader_type_names, o->loader_type);
	vc_f_attr_yesno(b, "stateless", o->loader_stateless);
	vc_f_attr_enum(b, "format", vc_fw_format_names, o->loader_format);
	if (!o->loader) {
		vc_f_close_empty(b);
		return;
	}
	vc_buf_putc(b, '>');
	vc_buf_esc(b, o->loader, 0);
	vc_buf_puts(b, "</loader>\n");
}

static void
format_nvram(struct vc_buf *b, int lvl, const struct vc_os *o)
{
	vc_f_open(b, lvl, "nvram");
	vc_f_attr(b, "template", o->nvram_template);
	vc_f_attr_enum(b, "templateFormat", vc_fw_format_names, o->nvram_template_format);
	vc_f_attr_enum(b, "format", vc_fw_format_names, o->nvram_format);
	if (!o->nvram) {
		vc_f_close_empty(b);
		return;
	}
	vc_buf_putc(b, '>');
	vc_buf_esc(b, o->nvram, 0);
	vc_buf_puts(b, "</nvram>\n");
}

void
vc_sect_os_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_os *o = p;
	size_t i;

	if (!o)
		return;
	vc_f_open(b, lvl, "os");
	vc_f_attr_enum(b, "firmware", vc_firmware_names, o->firmware);
	vc_f_close_open(b);
	vc_f_open(b, lvl + 1, "type");
	vc_f_attr(b, "arch", o->arch);
	vc_f_attr(b, "machine", o->machine);
	vc_buf_printf(b, ">%s</type>\n", vc_os_type_names[o->type]);
	if (o->nfwfeat) {
		vc_f_open(b, lvl + 1, "firmware");
		vc_f_close_open(b);
		for (i = 0; i < o->nfwfeat; i++) {
			vc_f_open(b, lvl + 2, "feature");
			vc_f_attr_yesno(b, "enabled", o->fwfeat[i].enabled);
			vc_f_attr(b, "name", o->fwfeat[i].name);
			vc_f_close_empty(b);
		}
		vc_f_end(b, lvl + 1, "firmware");
	}
	vc_f_text_elem(b, lvl + 1, "init", o->init);
	for (i = 0; i < o->ninitargs; i++)
		vc_f_text_elem(b, lvl + 1, "initarg", o->initargs[i]);
	for (i = 0; i < o->ninitenv; i++) {
		vc_f_open(b, lvl + 1, "initenv");
		vc_f_attr(b, "name", o->initenv[i].name);
		vc_buf_putc(b, '>');
		vc_buf_esc(b, o->initenv[i].value, 0);
		vc_buf_puts(b, "</initenv>\n");
	}
	vc_f_text_elem(b, lvl + 1, "initdir", o->initdir);
	vc_f_text_elem(b, lvl + 1, "inituser", o->inituser);
	vc_f_text_elem(b, lvl + 1, "initgroup", o->initgroup);
	if (o->has_loader)
		format_loader(b, lvl + 1, o);
	if (o->has_nvram)
		format_nvram(b, lvl + 1, o);
	vc_f_text_elem(b, lvl + 1, "kernel", o->kernel);
	vc_f_text_elem(b, lvl + 1, "initrd", o->initrd);
	vc_f_text_elem(b, lvl + 1, "cmdline", o->cmdline);
	vc_f_text_elem(b, lvl + 1, "shim", o->shim);
	vc_f_text_elem(b, lvl + 1, "dtb", o->dtb);
	vc_f_text_elem(b, lvl + 1, "root", o->root);
	if (o->nacpi) {
		vc_f_open(b, lvl + 1, "acpi");
		vc_f_close_open(b);
		for (i = 0; i < o->nacpi; i++) {
			vc_f_open(b, lvl + 2, "table");
			vc_f_attr_enum(b, "type", vc_acpi_table_type_names, o->acpi[i].type);
			vc_buf_putc(b, '>');
			vc_buf_esc(b, o->acpi[i].path, 0);
			vc_buf_puts(b, "</table>\n");
		}
		vc_f_end(b, lvl + 1, "acpi");
	}
	for (i = 0; i < o->nboot; i++) {
		vc_f_open(b, lvl + 1, "boot");
		vc_f_attr_enum(b, "dev", vc_boot_dev_names, o->boot[i]);
		vc_f_close_empty(b);
	}
	if (o->bootmenu) {
		vc_f_open(b, lvl + 1, "bootmenu");
		vc_f_attr_yesno(b, "enable", o->bootmenu);
		if (o->has_bootmenu_timeout)
			vc_f_attr_u(b, "timeout", o->bootmenu_timeout);
		vc_f_close_empty(b);
	}
	if (o->smbios_mode) {
		vc_f_open(b, lvl + 1, "smbios");
		vc_f_attr_enum(b, "mode", vc_smbios_mode_names, o->smbios_mode);
		vc_f_close_empty(b);
	}
	if (o->bios_useserial || o->has_bios_reboot_timeout) {
		vc_f_open(b, lvl + 1, "bios");
		vc_f_attr_yesno(b, "useserial", o->bios_useserial);
		if (o->has_bios_reboot_timeout)
			vc_f_attr_i(b, "rebootTimeout", o->bios_reboot_timeout);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "os");
}

/* ---- <idmap> ---- */

void
vc_sect_idmap_free(void *p)
{
	struct vc_idmap *m = p;

	if (!m)
		return;
	free(m->uid);
	free(m->gid);
	free(m);
}

static int
parse_idmap_list(struct vc_x *x, xmlNodePtr n, const char *name,
                 struct vc_idmap_ent **arr, size_t *len)
{
	xmlNodePtr c;
	struct vc_idmap_ent e;
	const char *attrs[] = { "start", "target", "count" };
	unsigned *dst[3];
	int i, r;

	dst[0] = &e.start;
	dst[1] = &e.target;
	dst[2] = &e.count;
	for (c = vc_x_child(x, n, name); c; c = vc_x_next(c, name)) {
		for (i = 0; i < 3; i++) {
			if ((r = vc_x_uint(x, c, attrs[i], 0, 0xffffffffu, dst[i])) < 0)
				return -1;
			if (r == 0)
				return vc_x_err(x, c, "missing attribute %s", attrs[i]);
		}
		if (e.count == 0)
			return vc_x_err(x, c, "idmap count must be positive");
		VC_GROW(*arr, *len);
		(*arr)[(*len)++] = e;
	}
	return 0;
}

static int
idmap_cmp(const void *a, const void *b)
{
	const struct vc_idmap_ent *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void *
vc_sect_idmap_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_idmap *m = vc_calloc(1, sizeof(*m));

	if (parse_idmap_list(x, n, "uid", &m->uid, &m->nuid) < 0 ||
	    parse_idmap_list(x, n, "gid", &m->gid, &m->ngid) < 0) {
		vc_sect_idmap_free(m);
		return NULL;
	}
	if (m->nuid)
		qsort(m->uid, m->nuid, sizeof(*m->uid), idmap_cmp);
	if (m->ngid)
		qsort(m->gid, m->ngid, sizeof(*m->gid), idmap_cmp);
	if ((m->nuid && m->uid[0].start != 0) || (m->ngid && m->gid[0].start != 0)) {
		vc_x_err(x, n, "you must map the root user of container");
		vc_sect_idmap_free(m);
		return NULL;
	}
	return m;
}

static void
format_idmap_list(struct vc_buf *b, int lvl, const char *name,
                  const struct vc_idmap_ent *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		vc_f_open(b, lvl, name);
		vc_f_attr_u(b, "start", e[i].start);
		vc_f_attr_u(b, "target", e[i].target);
		vc_f_attr_u(b, "count", e[i].count);
		vc_f_close_empty(b);
	}
}

void
vc_sect_idmap_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_idmap *m = p;

	if (!m || (!m->nuid && !m->ngid))
		return;
	vc_f_open(b, lvl, "idmap");
	vc_f_close_open(b);
	format_idmap_list(b, lvl + 1, "uid", m->uid, m->nuid);
	format_idmap_list(b, lvl + 1, "gid", m->gid, m->ngid);
	vc_f_end(b, lvl, "idmap");
}

/* ---- <bootloader>, <bootloader_args> ---- */

void
vc_sect_bootloader_free(void *p)
{
	struct vc_text_sect *t = p;

	if (t)
		free(t->text);
	free(t);
}

void
vc_sect_bootloader_args_free(void *p)
{
	vc_sect_bootloader_free(p);
}

void *
vc_sect_bootloader_parse(struct vc_x *x VC_UNUSED, xmlNodePtr n)
{
	struct vc_text_sect *t = vc_calloc(1, sizeof(*t));

	vc_x_use(n);
	t->text = vc_x_text(n);
	return t;
}

void *
vc_sect_bootloader_args_parse(struct vc_x *x, xmlNodePtr n)
{
	return vc_sect_bootloader_parse(x, n);
}

void
vc_sect_bootloader_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_text_sect *t = p;

	if (!t)
		return;
	if (!*t->text) {
		vc_f_open(b, lvl, "bootloader");
		vc_f_close_empty(b);
		return;
	}
	vc_f_text_elem(b, lvl, "bootloader", t->text);
}

void
vc_sect_bootloader_args_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_text_sect *t = p;

	if (t)
		vc_f_text_elem(b, lvl, "bootloader_args", t->text);
}
