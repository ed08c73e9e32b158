/* native.c: the native configuration formats of vdom-from-native and
 * vdom-to-native, named as virsh's domxml-from-native/-to-native name them.
 * A converter lives beside its driver (qemu/, xen/, vmware/, bhyve/, lxc/,
 * vbox/); this table is the one list of them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../driver.h"
#include "driver/qemu/argv.h"
#include "driver/qemu/qemu.h"
#include "driver/xen/xl.h"
#include "driver/bhyve/bhyve.h"
#include "driver/vbox/vbox.h"
#include "driver/vmware/vmware.h"
#include "driver/lxc/lxc.h"

extern const char *vc_progname;   /* tool.c */

/* qemu-argv: what start would run, one argument a line */
static char *
qemu_to(struct vc_conn *c, struct vc_domain *d, int strict)
{
	struct vc_buf b = {0};
	char *emu, **argv, **p;

	(void)strict;
	if (d->type != VC_VIRT_QEMU && d->type != VC_VIRT_KVM) {
		vc_err("%s: domain type '%s' has no QEMU command line", d->name,
		    vc_virt_type_names[d->type]);
		return NULL;
	}
	/* the same post-parse for a file and a defined guest: what define and start do */
	vc_domain_fill_defaults(d, NULL);
	if (c->drv->postparse && c->drv->postparse(c, d, NULL) < 0)
		return NULL;
	if (vc_qemu_assign_pci(d) < 0)
		return NULL;
	emu = vc_qemu_emulator(d, 0);
	argv = vc_qemu_argv(d, emu, c->rundir);
	free(emu);
	if (!argv)
		return NULL;
	for (p = argv; *p; p++) {
		vc_buf_puts(&b, *p);
		vc_buf_putc(&b, '\n');
	}
	vc_qemu_argv_free(argv);
	return vc_buf_take(&b);
}

static const struct vc_native_fmt fmts[] = {
	{"qemu-argv", "qemu", NULL, qemu_to},
	{"xen-xl", NULL, vc_xl_from_native, vc_xl_to_native},
	{"vmware-vmx", NULL, vc_vmx_from_native, vc_vmx_to_native},
	{"bhyve-argv", NULL, vc_bhyve_from_native, vc_bhyve_to_native},
	{"vbox", NULL, vc_vbox_native_from, NULL},
	{"lxc-tools", NULL, vc_lxc_from_native, NULL},
	{NULL, NULL, NULL, NULL},
};

struct vc_domain *
vc_native_from(const struct vc_native_fmt *f, const char *text, size_t len,
    const char *file, int strict)
{
	const char *nul = memchr(text, '\0', len);

	/* a converter reads up to a NUL: what follows would go unseen */
	if (nul) {
		vc_err("%s: NUL byte at offset %zu", file, (size_t)(nul - text));
		return NULL;
	}
	return f->from(text, len, file, strict);
}

const struct vc_native_fmt *
vc_native_find(const char *name)
{
	size_t i;

	for (i = 0; fmts[i].name; i++)
		if (strcmp(fmts[i].name, name) == 0)
			return &fmts[i];
	return NULL;
}

char *
vc_native_names(int from)
{
	struct vc_buf b = {0};
	size_t i;

	for (i = 0; fmts[i].name; i++) {
		if (from ? !fmts[i].from : !fmts[i].to)
			continue;
		if (b.len)
			vc_buf_puts(&b, ", ");
		vc_buf_puts(&b, fmts[i].name);
	}
	return vc_buf_take(&b);
}

int
vc_native_drop(int strict, const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (strict)
		return line > 0 ? vc_err("%s:%d: %s (--strict)", file, line, msg)
		    : vc_err("%s: %s (--strict)", file, msg);
	if (line > 0)
		fprintf(stderr, "%s: %s:%d: dropped: %s\n", vc_progname, file, line, msg);
	else
		fprintf(stderr, "%s: %s: dropped: %s\n", vc_progname, file, msg);
	return 0;
}
