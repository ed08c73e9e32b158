/* domcaps.c: libvirt's domainCapabilities XML (virsh domcapabilities)
 * from what the driver says its emulator offers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

static const char *
yesno(int v)
{
	return v ? "yes" : "no";
}

static void
ind(struct vc_buf *b, int n)
{
	while (n-- > 0)
		vc_buf_puts(b, "  ");
}

static void
text(struct vc_buf *b, int n, const char *elem, const char *s)
{
	ind(b, n);
	vc_buf_printf(b, "<%s>", elem);
	vc_buf_esc(b, s, 0);
	vc_buf_printf(b, "</%s>\n", elem);
}

static void
values(struct vc_buf *b, int n, const char *const *v)
{
	for (; v && *v; v++)
		text(b, n, "value", *v);
}

static void
enums(struct vc_buf *b, int n, const struct vc_dc_enum *e, size_t ne)
{
	size_t i;

	for (i = 0; i < ne && e[i].name; i++) {
		ind(b, n);
		if (!e[i].values || !*e[i].values) {
			vc_buf_printf(b, "<enum name='%s'/>\n", e[i].name);
			continue;
		}
		vc_buf_printf(b, "<enum name='%s'>\n", e[i].name);
		values(b, n + 1, e[i].values);
		ind(b, n);
		vc_buf_puts(b, "</enum>\n");
	}
}

/* <NAME supported='yes'> with its enums, or empty */
static void
elems(struct vc_buf *b, int n, const struct vc_dc_elem *v, size_t nv)
{
	size_t i;

	for (i = 0; i < nv && v[i].name; i++) {
		ind(b, n);
		vc_buf_printf(b, "<%s supported='%s'", v[i].name, yesno(v[i].supported));
		if (!v[i].supported || !v[i].e[0].name) {
			vc_buf_puts(b, "/>\n");
			continue;
		}
		vc_buf_puts(b, ">\n");
		enums(b, n + 1, v[i].e, VC_NELEM(v[i].e));
		ind(b, n);
		vc_buf_printf(b, "</%s>\n", v[i].name);
	}
}

static void
mode(struct vc_buf *b, const char *name, int supported, char **models)
{
	ind(b, 2);
	vc_buf_printf(b, "<mode name='%s' supported='%s'", name, yesno(supported));
	if (!supported || !models || !*models) {
		vc_buf_puts(b, "/>\n");
		return;
	}
	vc_buf_puts(b, ">\n");
	/* "NAME VENDOR CANONICAL" ("-": none); usable is not checked
	 * against the host's features */
	for (; *models; models++) {
		char name[128], vendor[32], canon[128];
		if (sscanf(*models, "%127s %31s %127s", name, vendor, canon) != 3)
			continue;
		ind(b, 3);
		vc_buf_puts(b, "<model usable='unknown'");
		if (strcmp(canon, "-") != 0) {
			vc_buf_puts(b, " canonical='");
			vc_buf_esc(b, canon, 1);
			vc_buf_putc(b, '\'');
		}
		vc_buf_puts(b, " vendor='");
		vc_buf_esc(b, vendor, 1);
		vc_buf_puts(b, "'>");
		vc_buf_esc(b, name, 0);
		vc_buf_puts(b, "</model>\n");
	}
	ind(b, 2);
	vc_buf_puts(b, "</mode>\n");
}

static void
format(struct vc_buf *b, const struct vc_domcaps *d)
{
	vc_buf_puts(b, "<domainCapabilities>\n");
	if (d->path)
		text(b, 1, "path", d->path);
	text(b, 1, "domain", d->domain);
	if (d->machine)
		text(b, 1, "machine", d->machine);
	text(b, 1, "arch", d->arch);
	vc_buf_printf(b, "  <vcpu max='%u'/>\n", d->vcpu_max);
	vc_buf_printf(b, "  <iothreads supported='%s'/>\n", yesno(d->iothreads));
	vc_buf_puts(b, "  <os supported='yes'>\n");
	enums(b, 2, &(struct vc_dc_enum){ "firmware", d->firmware }, 1);
	vc_buf_printf(b, "    <loader supported='%s'", yesno(d->loader));
	if (d->loader) {
		vc_buf_puts(b, ">\n");
		values(b, 3, (const char *const *)d->loader_values);
		enums(b, 3, d->loader_enum, VC_NELEM(d->loader_enum));
		vc_buf_puts(b, "    </loader>\n");
	} else {
		vc_buf_puts(b, "/>\n");
	}
	vc_buf_puts(b, "  </os>\n  <cpu>\n");
	mode(b, "host-passthrough", d->cpu_passthrough, NULL);
	mode(b, "maximum", d->cpu_maximum, NULL);
	mode(b, "host-model", d->cpu_host_model, NULL);
	mode(b, "custom", d->cpu_custom, d->cpu_models);
	vc_buf_puts(b, "  </cpu>\n");
	vc_buf_printf(b, "  <memoryBacking supported='%s'", yesno(d->memory_backing));
	if (d->memory_backing) {
		vc_buf_puts(b, ">\n");
		enums(b, 2, &(struct vc_dc_enum){ "sourceType", d->memory_source }, 1);
		vc_buf_puts(b, "  </memoryBacking>\n");
	} else {
		vc_buf_puts(b, "/>\n");
	}
	vc_buf_puts(b, "  <devices>\n");
	elems(b, 2, d->devices, VC_NELEM(d->devices));
	vc_buf_puts(b, "  </devices>\n  <features>\n");
	elems(b, 2, d->features, VC_NELEM(d->features));
	vc_buf_puts(b, "  </features>\n</domainCapabilities>\n");
}

static void
strv_free(char **v)
{
	char **p;

	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

char *
vc_dom_capabilities(struct vc_conn *c, const struct vc_domcaps_req *r)
{
	struct vc_domcaps d;
	struct vc_buf b = { 0 };

	if (!c->drv->guest || !c->drv->guest->domcaps)
		return vc_err("domain capabilities are unsupported by the %s driver",
		    c->drv->name), NULL;
	memset(&d, 0, sizeof(d));
	if (c->drv->guest->domcaps(c, r, &d) == 0) {
		format(&b, &d);
		vc_buf_putc(&b, '\0');
	}
	free(d.path);
	free(d.domain);
	free(d.machine);
	free(d.arch);
	strv_free(d.loader_values);
	strv_free(d.cpu_models);
	return b.s;
}
