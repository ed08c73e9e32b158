/* domain.c: the <domain> document: core fields here, sections and devices
 * through their tables, in the order libvirt prints them */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "../conf.h"
#include "devs_misc.h"
#include "devs_storage.h"

const char *const vc_virt_type_names[] = {
	"", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test",
	"vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", "hvf", NULL,
};
const char *const vc_lifecycle_names[] = {
	"", "destroy", "restart", "rename-restart", "preserve",
	"coredump-destroy", "coredump-restart", NULL,
};
const char *const vc_placement_names[] = {"", "static", "auto", NULL};
static const char *const lockfailure_names[] = {
	"", "default", "poweroff", "restart", "pause", "ignore", NULL,
};

void
vc_domain_free(struct vc_domain *d)
{
	size_t i, k;

	if (!d)
		return;
	free(d->name);
	free(d->genid);
	free(d->title);
	free(d->description);
	free(d->metadata);
	free(d->vcpu_cpuset);
	free(d->emulator);
	free(d->lockfailure);
	for (k = 0; k < VC_SECT_LAST; k++) {
		if (d->sect[k])
			vc_secttypes[k].free(d->sect[k]);
		for (i = 0; i < d->nsects[k]; i++)
			vc_secttypes[k].free(d->sects[k][i]);
		free(d->sects[k]);
	}
	for (k = 0; k < VC_DEV_LAST; k++) {
		for (i = 0; i < d->ndev[k]; i++)
			vc_devtypes[k].free(d->dev[k][i]);
		free(d->dev[k]);
	}
	free(d);
}

/* memory-like element: value with unit= into KiB */
static int
parse_mem(struct vc_x *x, xmlNodePtr n, unsigned long long *kib)
{
	char *unit = vc_x_attr(x, n, "unit"), *text = vc_x_text(n), *p = text;
	int r = 0;

	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	p[strcspn(p, " \n\t")] = '\0';
	if (vc_parse_scaled(p, unit, "KiB", kib) < 0)
		r = vc_x_err(x, n, "%s", vc_errmsg());
	/* libvirt's bound: a size in bytes that fits an off_t (2^63 - 1) */
	else if (*kib > LLONG_MAX / 1024)
		r = vc_x_err(x, n, "%s %s is more than the %llu KiB allowed", p,
		    unit ? unit : "KiB", (unsigned long long)LLONG_MAX / 1024);
	free(unit);
	free(text);
	return r;
}

static int
parse_lifecycle(struct vc_x *x, xmlNodePtr n, int *v)
{
	char *s = vc_x_text(n);
	int i = vc_enum_find(vc_lifecycle_names, s);

	if (i < 0)
		vc_x_err(x, n, "'%s' is not one of destroy, restart, rename-restart, "
		    "preserve, coredump-destroy, coredump-restart", s);
	else
		*v = i;
	free(s);
	return i < 0 ? -1 : 0;
}

static int
parse_devices(struct vc_x *x, xmlNodePtr devs, struct vc_domain *d)
{
	xmlNodePtr c;
	void *p;
	int k;

	for (c = devs->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "emulator") == 0) {
			if (d->emulator)
				return vc_x_err(x, c, "more than one <emulator>");
			vc_x_use(c);
			d->emulator = vc_x_text(c);
			continue;
		}
		for (k = 0; k < VC_DEV_LAST; k++)
			if (strcmp((const char *)c->name, vc_devtypes[k].elem) == 0)
				break;
		if (k == VC_DEV_LAST || !vc_devtypes[k].parse)
			return vc_x_err(x, c, "unknown device <%s>", (const char *)c->name);
		vc_x_use(c);
		if (!(p = vc_devtypes[k].parse(x, c, k))) {
			if (!x->err)
				vc_x_err(x, c, "invalid <%s>", (const char *)c->name);
			return -1;
		}
		VC_APPEND(d->dev[k], d->ndev[k], p);
	}
	return 0;
}

static int
parse_vcpu(struct vc_x *x, xmlNodePtr n, struct vc_domain *d)
{
	unsigned long long v;
	int p = 0;

	if (vc_x_enum(x, n, "placement", vc_placement_names, &p) < 0)
		return -1;
	d->vcpu_placement = p;
	d->vcpu_cpuset = vc_x_attr(x, n, "cpuset");
	if (vc_x_uint(x, n, "current", 1, 16384, &d->vcpus_current) < 0)
		return -1;
	d->has_vcpus_current = d->vcpus_current > 0;
	if (vc_x_text_ull(x, n, 1, 16384, &v) < 0)
		return -1;
	d->vcpus = (unsigned)v;
	if (d->has_vcpus_current && d->vcpus_current > d->vcpus)
		return vc_x_err(x, n, "current %u is more than the %u vcpus",
		    d->vcpus_current, d->vcpus);
	return 0;
}

static int
parse_child(struct vc_x *x, xmlNodePtr c, struct vc_domain *d)
{
	const char *name = (const char *)c->name;
	char *s;
	void *p;
	int k;

#define ONCE(cond) do { if (cond) return vc_x_err(x, c, "more than one <%s>", name); } while (0)
	vc_x_use(c);
	if (strcmp(name, "name") == 0) {
		ONCE(d->name);
		d->name = vc_x_text(c);
		if (vc_name_check("domain", d->name) < 0)
			return vc_x_err(x, c, "%s", vc_errmsg());
	} else if (strcmp(name, "uuid") == 0) {
		ONCE(d->has_uuid);
		s = vc_x_text(c);
		k = vc_uuid_parse(s, d->uuid);
		free(s);
		if (k < 0)
			return vc_x_err(x, c, "%s", vc_errmsg());
		d->has_uuid = 1;
	} else if (strcmp(name, "genid") == 0) {
		ONCE(d->genid);
		d->genid = vc_x_text(c);
	} else if (strcmp(name, "title") == 0) {
		ONCE(d->title);
		d->title = vc_x_text(c);
		if (strchr(d->title, '\n'))
			return vc_x_err(x, c, "title may not contain a newline");
	} else if (strcmp(name, "description") == 0) {
		ONCE(d->description);
		d->description = vc_x_text(c);
	} else if (strcmp(name, "metadata") == 0) {
		ONCE(d->metadata);
		d->metadata = vc_x_dump(c, 2);
	} else if (strcmp(name, "maxMemory") == 0) {
		ONCE(d->has_max_memory);
		if (vc_x_uint(x, c, "slots", 0, 255, &d->max_memory_slots) < 0 ||
		    parse_mem(x, c, &d->max_memory) < 0)
			return -1;
		d->has_max_memory = 1;
	} else if (strcmp(name, "memory") == 0) {
		ONCE(d->memory);
		if (vc_x_onoff(x, c, "dumpCore", &d->dump_core) < 0 ||
		    parse_mem(x, c, &d->memory) < 0)
			return -1;
		if (d->memory == 0)
			return vc_x_err(x, c, "memory size must be greater than zero");
	} else if (strcmp(name, "currentMemory") == 0) {
		ONCE(d->has_current_memory);
		if (parse_mem(x, c, &d->current_memory) < 0)
			return -1;
		d->has_current_memory = 1;
	} else if (strcmp(name, "vcpu") == 0) {
		ONCE(d->vcpus);
		return parse_vcpu(x, c, d);
	} else if (strcmp(name, "on_poweroff") == 0) {
		ONCE(d->on_poweroff);
		return parse_lifecycle(x, c, &d->on_poweroff);
	} else if (strcmp(name, "on_reboot") == 0) {
		ONCE(d->on_reboot);
		return parse_lifecycle(x, c, &d->on_reboot);
	} else if (strcmp(name, "on_crash") == 0) {
		ONCE(d->on_crash);
		return parse_lifecycle(x, c, &d->on_crash);
	} else if (strcmp(name, "on_lockfailure") == 0) {
		ONCE(d->on_lockfailure);
		s = vc_x_text(c);
		d->on_lockfailure = vc_enum_find(lockfailure_names, s);
		free(s);
		if (d->on_lockfailure < 0)
			return vc_x_err(x, c, "not a lock failure action");
	} else if (strcmp(name, "devices") == 0) {
		ONCE(d->has_devices);
		d->has_devices = 1;
		return parse_devices(x, c, d);
	} else {
		for (k = 0; k < VC_SECT_LAST; k++)
			if (strcmp(name, vc_secttypes[k].elem) == 0)
				break;
		if (k == VC_SECT_LAST || !vc_secttypes[k].parse) {
			c->_private = NULL;
			return vc_x_err(x, c, "unknown element <%s>", name);
		}
		ONCE(d->sect[k]);
		if (!(p = vc_secttypes[k].parse(x, c))) {
			if (!x->err)
				vc_x_err(x, c, "invalid <%s>", name);
			return -1;
		}
		if (vc_secttypes[k].multiple)
			VC_APPEND(d->sects[k], d->nsects[k], p);
		else
			d->sect[k] = p;
	}
	return 0;
#undef ONCE
}

static struct vc_domain *
parse_doc(xmlDocPtr doc, const char *file)
{
	struct vc_x x = {doc, file, 0};
	xmlNodePtr root = xmlDocGetRootElement(doc), c;
	struct vc_domain *d = vc_calloc(1, sizeof(*d));
	int t = 0;

	d->id = -1;
	if (strcmp((const char *)root->name, "domain") != 0) {
		vc_x_err(&x, root, "root element is <%s>, expected <domain>", (const char *)root->name);
		goto fail;
	}
	if (vc_x_enum(&x, root, "type", vc_virt_type_names, &t) <= 0) {
		if (t == 0)
			vc_x_err(&x, root, "missing attribute 'type'");
		goto fail;
	}
	d->type = t;
	if (vc_x_int(&x, root, "id", -1, 0x7fffffff, &d->id) < 0)
		goto fail;
	for (c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && parse_child(&x, c, d) < 0)
			goto fail;
	if (!d->name) {
		vc_x_err(&x, root, "missing <name>");
		goto fail;
	}
	if (!d->memory) {
		vc_x_err(&x, root, "missing <memory>");
		goto fail;
	}
	if (vc_x_finish(&x, root) < 0)
		goto fail;
	/* rules across devices: port numbers, the primary video */
	if (vc_devs_misc_postparse(d) < 0 || vc_devs_storage_postparse(d) < 0) {
		vc_err_prefix("%s", file);
		goto fail;
	}
	if (vc_domain_check_dups(&x, root, d) < 0)
		goto fail;
	vc_devs_smartcard_postparse(d);
	/* libvirt's defaults, so that output is canonical */
	if (!d->vcpus)
		d->vcpus = 1;
	if (!d->vcpu_placement)
		d->vcpu_placement = d->vcpu_cpuset ? VC_VCPU_PLACEMENT_STATIC : VC_VCPU_PLACEMENT_STATIC;
	if (d->has_vcpus_current && d->vcpus_current == d->vcpus)
		d->has_vcpus_current = 0;
	if (!d->has_current_memory || d->current_memory > d->memory)
		d->current_memory = d->memory;
	d->has_current_memory = 1;
	if (!d->on_poweroff)
		d->on_poweroff = VC_LIFE_DESTROY;
	if (!d->on_reboot)
		d->on_reboot = VC_LIFE_RESTART;
	if (!d->on_crash)
		d->on_crash = VC_LIFE_DESTROY;
	return d;
fail:
	vc_domain_free(d);
	return NULL;
}

struct vc_domain *
vc_domain_parse(const char *xml, size_t len, const char *file)
{
	xmlDocPtr doc = vc_x_read(xml, len, file);
	struct vc_domain *d;

	if (!doc)
		return NULL;
	d = parse_doc(doc, file);
	xmlFreeDoc(doc);
	return d;
}

struct vc_domain *
vc_domain_parse_validate(const char *xml, size_t len, const char *file)
{
	xmlDocPtr doc = vc_x_read(xml, len, file);
	struct vc_domain *d = NULL;

	if (!doc)
		return NULL;
	/* our parser gives the more precise message for what it knows;
	 * the schema catches structure it does not check */
	d = parse_doc(doc, file);
	if (d && vc_schema_validate("domain", doc, file) < 0) {
		vc_domain_free(d);
		d = NULL;
	}
	xmlFreeDoc(doc);
	return d;
}

static void
format_sect(struct vc_buf *b, const struct vc_domain *d, int from, int to)
{
	size_t i;
	int k;

	for (k = from; k < to; k++) {
		/* libvirt always prints a clock: the section formats NULL as utc */
		if (d->sect[k] || (k == VC_SECT_CLOCK && vc_secttypes[k].format))
			vc_secttypes[k].format(b, 1, d->sect[k]);
		for (i = 0; i < d->nsects[k]; i++)
			vc_secttypes[k].format(b, 1, d->sects[k][i]);
	}
}

static void
format_mem(struct vc_buf *b, const char *elem, unsigned long long kib)
{
	vc_buf_printf(b, "  <%s unit='KiB'>%llu</%s>\n", elem, kib, elem);
}

char *
vc_domain_format(const struct vc_domain *d, int live)
{
	struct vc_buf b = {0};
	char uuid[37];
	size_t i;
	int k;

	vc_buf_puts(&b, "<domain");
	vc_f_attr(&b, "type", vc_virt_type_names[d->type]);
	if (live && d->id >= 0)
		vc_f_attr_i(&b, "id", d->id);
	vc_buf_puts(&b, ">\n");
	vc_f_text_elem(&b, 1, "name", d->name);
	if (d->has_uuid) {
		vc_uuid_format(d->uuid, uuid);
		vc_f_text_elem(&b, 1, "uuid", uuid);
	}
	if (d->genid) {
		if (*d->genid)
			vc_f_text_elem(&b, 1, "genid", d->genid);
		else
			vc_buf_puts(&b, "  <genid/>\n");
	}
	vc_f_text_elem(&b, 1, "title", d->title);
	vc_f_text_elem(&b, 1, "description", d->description);
	if (d->metadata) {
		if (*d->metadata) {
			vc_buf_puts(&b, "  <metadata>\n");
			vc_buf_puts(&b, d->metadata);
			vc_buf_puts(&b, "  </metadata>\n");
		} else {
			vc_buf_puts(&b, "  <metadata/>\n");
		}
	}
	if (d->has_max_memory)
		vc_buf_printf(&b, "  <maxMemory slots='%u' unit='KiB'>%llu</maxMemory>\n",
		    d->max_memory_slots, d->max_memory);
	if (d->dump_core)
		vc_buf_printf(&b, "  <memory dumpCore='%s' unit='KiB'>%llu</memory>\n",
		    d->dump_core == VC_TRI_YES ? "on" : "off", d->memory);
	else
		format_mem(&b, "memory", d->memory);
	format_mem(&b, "currentMemory", d->current_memory);
	format_sect(&b, d, 0, VC_SECT_VCPUS);
	vc_f_open(&b, 1, "vcpu");
	vc_f_attr_enum(&b, "placement", vc_placement_names, d->vcpu_placement);
	vc_f_attr(&b, "cpuset", d->vcpu_cpuset);
	if (d->has_vcpus_current)
		vc_f_attr_u(&b, "current", d->vcpus_current);
	vc_buf_printf(&b, ">%u</vcpu>\n", d->vcpus);
	format_sect(&b, d, VC_SECT_VCPUS, VC_SECT_AFTER_LIFECYCLE);
	vc_f_text_elem(&b, 1, "on_poweroff", vc_lifecycle_names[d->on_poweroff]);
	vc_f_text_elem(&b, 1, "on_reboot", vc_lifecycle_names[d->on_reboot]);
	vc_f_text_elem(&b, 1, "on_crash", vc_lifecycle_names[d->on_crash]);
	if (d->on_lockfailure > 0)
		vc_f_text_elem(&b, 1, "on_lockfailure", lockfailure_names[d->on_lockfailure]);
	format_sect(&b, d, VC_SECT_AFTER_LIFECYCLE, VC_SECT_AFTER_DEVICES);
	vc_buf_puts(&b, "  <devices>\n");
	vc_f_text_elem(&b, 2, "emulator", d->emulator);
	for (k = 0; k < VC_DEV_LAST; k++)
		for (i = 0; i < d->ndev[k]; i++)
			vc_devtypes[k].format(&b, 2, d->dev[k][i], k);
	vc_buf_puts(&b, "  </devices>\n");
	format_sect(&b, d, VC_SECT_AFTER_DEVICES, VC_SECT_LAST);
	vc_buf_puts(&b, "</domain>\n");
	return vc_buf_take(&b);
}
