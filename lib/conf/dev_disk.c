/* dev_disk.c: <disk>: parse, format; the storage source it shares with hostdev */
#include <stdlib.h>
#include <string.h>
#include "devs_storage.h"

const char *const vc_disk_type_names[] = {
	"", "file", "block", "dir", "network", "volume", "nvme", "vhostuser",
	"vhostvdpa", NULL,
};
const char *const vc_disk_format_names[] = {
	"", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat",
	"vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk", "luks", NULL,
};
const char *const vc_net_protocol_names[] = {
	"", "nbd", "rbd", "sheepdog", "gluster", "iscsi", "http", "https",
	"ftp", "ftps", "tftp", "ssh", "vxhs", "nfs", NULL,
};
const char *const vc_transport_names[] = { "", "tcp", "unix", "rdma", NULL };
const char *const vc_startup_policy_names[] = {
	"", "mandatory", "requisite", "optional", NULL,
};
const char *const vc_disk_device_names[] = {
	"", "disk", "cdrom", "floppy", "lun", NULL,
};
const char *const vc_disk_bus_names[] = {
	"", "ide", "fdc", "scsi", "virtio", "xen", "usb", "uml", "sata", "sd",
	"nvme", NULL,
};
const char *const vc_disk_cache_names[] = {
	"", "default", "none", "writethrough", "writeback", "directsync",
	"unsafe", NULL,
};
const char *const vc_disk_error_policy_names[] = {
	"", "stop", "report", "ignore", "enospace", NULL,
};
const char *const vc_disk_io_names[] = {
	"", "native", "threads", "io_uring", NULL,
};
const char *const vc_disk_discard_names[] = { "", "unmap", "ignore", NULL };
const char *const vc_disk_detect_zeroes_names[] = { "", "off", "on", "unmap", NULL };
const char *const vc_disk_model_names[] = {
	"", "virtio", "virtio-transitional", "virtio-non-transitional", "usb-storage",
	"usb-bot", "usb-uas", NULL,
};
const char *const vc_disk_sgio_names[] = { "", "filtered", "unfiltered", NULL };
const char *const vc_disk_snapshot_names[] = {
	"", "no", "internal", "external", "manual", NULL,
};
static const char *const tray_names[] = { "", "closed", "open", NULL };
static const char *const trans_names[] = { "", "none", "lba", "auto", NULL };
static const char *const volmode_names[] = { "", "host", "direct", NULL };
static const char *const enc_format_names[] = {
	"", "default", "qcow", "luks", "luks2", "luks-any", NULL,
};
static const char *const enc_engine_names[] = { "", "default", "qemu", "librbd", NULL };
static const char *const secret_usage_types[] = { "", "iscsi", "ceph", "passphrase", "volume", NULL };
static const char *const iotune_names[VC_IOT_LAST] = {
	"total_bytes_sec", "read_bytes_sec", "write_bytes_sec",
	"total_iops_sec", "read_iops_sec", "write_iops_sec",
	"total_bytes_sec_max", "read_bytes_sec_max", "write_bytes_sec_max",
	"total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max",
	"size_iops_sec",
	"total_bytes_sec_max_length", "read_bytes_sec_max_length",
	"write_bytes_sec_max_length", "total_iops_sec_max_length",
	"read_iops_sec_max_length", "write_iops_sec_max_length",
};

/* ---- boot, alias, master, acpi, rom, address ---- */

int
vc_sinfo_parse(struct vc_x *x, xmlNodePtr n, struct vc_sinfo *i, int what)
{
	xmlNodePtr c;

	memset(i, 0, sizeof(*i));
	if ((what & VC_SINFO_BOOT) && (c = vc_x_child(x, n, "boot"))) {
		if (vc_x_uint(x, c, "order", 1, 0x7fffffff, &i->boot_order) <= 0)
			return x->err ? -1 : vc_x_err(x, c, "missing attribute 'order'");
		i->loadparm = vc_x_attr(x, c, "loadparm");
	}
	if ((c = vc_x_child(x, n, "alias"))) {
		if (!(i->alias = vc_x_attr_req(x, c, "name")))
			return -1;
		/* as libvirt: only user aliases survive a define */
		if (strncmp(i->alias, "ua-", 3) != 0) {
			free(i->alias);
			i->alias = NULL;
		}
	}
	if ((what & VC_SINFO_MASTER) && (c = vc_x_child(x, n, "master"))) {
		if (vc_x_uint(x, c, "startport", 0, 0xffff, &i->master_startport) <= 0)
			return x->err ? -1 : vc_x_err(x, c, "missing attribute 'startport'");
		i->has_master = 1;
	}
	if ((what & VC_SINFO_ACPI) && (c = vc_x_child(x, n, "acpi")))
		if (vc_x_uint(x, c, "index", 1, 0x7fffffff, &i->acpi_index) < 0)
			return -1;
	if ((what & VC_SINFO_ROM) && (c = vc_x_child(x, n, "rom"))) {
		if (vc_x_yesno(x, c, "enabled", &i->rom_enabled) < 0 ||
		    vc_x_onoff(x, c, "bar", &i->rom_bar) < 0)
			return -1;
		i->rom_file = vc_x_attr(x, c, "file");
	}
	if (vc_addr_parse_child(x, n, &i->addr) < 0)
		return -1;
	return x->err ? -1 : 0;
}

void
vc_sinfo_format(struct vc_buf *b, int lvl, const struct vc_sinfo *i)
{
	if (i->boot_order) {
		vc_f_open(b, lvl, "boot");
		vc_f_attr_u(b, "order", i->boot_order);
		vc_f_attr(b, "loadparm", i->loadparm);
		vc_f_close_empty(b);
	}
	if (i->alias) {
		vc_f_open(b, lvl, "alias");
		vc_f_attr(b, "name", i->alias);
		vc_f_close_empty(b);
	}
	if (i->has_master) {
		vc_f_open(b, lvl, "master");
		vc_f_attr_u(b, "startport", i->master_startport);
		vc_f_close_empty(b);
	}
	if (i->acpi_index) {
		vc_f_open(b, lvl, "acpi");
		vc_f_attr_u(b, "index", i->acpi_index);
		vc_f_close_empty(b);
	}
	if (i->rom_enabled || i->rom_bar || i->rom_file) {
		vc_f_open(b, lvl, "rom");
		vc_f_attr_yesno(b, "enabled", i->rom_enabled);
		vc_f_attr_onoff(b, "bar", i->rom_bar);
		vc_f_attr(b, "file", i->rom_file);
		vc_f_close_empty(b);
	}
	vc_addr_format(b, lvl, &i->addr);
}

void
vc_sinfo_clear(struct vc_sinfo *i)
{
	free(i->loadparm);
	free(i->alias);
	free(i->rom_file);
	vc_addr_clear(&i->addr);
	memset(i, 0, sizeof(*i));
}

/* ---- <host>, <auth>, <encryption> ---- */

int
vc_nethost_parse(struct vc_x *x, xmlNodePtr src, struct vc_nethost **hosts, size_t *nh)
{
	xmlNodePtr c;
	struct vc_nethost *h;

	for (c = vc_x_child(x, src, "host"); c; c = vc_x_next(c, "host")) {
		VC_GROW(*hosts, *nh);
		h = &(*hosts)[(*nh)++];
		memset(h, 0, sizeof(*h));
		h->name = vc_x_attr(x, c, "name");
		if (vc_x_uint(x, c, "port", 0, 65535, &h->port) < 0 ||
		    vc_x_enum(x, c, "transport", vc_transport_names, &h->transport) < 0)
			return -1;
		h->socket = vc_x_attr(x, c, "socket");
		if (h->transport == VC_TRANSPORT_UNIX && !h->socket)
			return vc_x_err(x, c, "missing socket for unix transport");
		if (h->transport != VC_TRANSPORT_UNIX && !h->name)
			return vc_x_err(x, c, "missing attribute 'name'");
	}
	return 0;
}

void
vc_nethost_format(struct vc_buf *b, int lvl, const struct vc_nethost *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		vc_f_open(b, lvl, "host");
		vc_f_attr(b, "name", h[i].name);
		if (h[i].port)
			vc_f_attr_u(b, "port", h[i].port);
		vc_f_attr_enum(b, "transport", vc_transport_names, h[i].transport);
		vc_f_attr(b, "socket", h[i].socket);
		vc_f_close_empty(b);
	}
}

void
vc_nethost_free(struct vc_nethost *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].socket);
	}
	free(h);
}

static int
secret_parse(struct vc_x *x, xmlNodePtr n, char **type, char **uuid, char **usage)
{
	xmlNodePtr c = vc_x_child(x, n, "secret");
	unsigned char u[16];

	if (!c)
		return 0;
	*type = vc_x_attr(x, c, "type");
	*uuid = vc_x_attr(x, c, "uuid");
	*usage = vc_x_attr(x, c, "usage");
	if (*type && vc_enum_find(secret_usage_types, *type) < 0)
		return vc_x_err(x, c, "unknown secret type '%s'", *type);
	if (*uuid && *usage)
		return vc_x_err(x, c, "secret has both uuid and usage");
	if (!*uuid && !*usage)
		return vc_x_err(x, c, "secret needs a uuid or a usage");
	if (*uuid && vc_uuid_parse(*uuid, u) < 0)
		return vc_x_err(x, c, "malformed uuid '%s'", *uuid);
	return 0;
}

static void
secret_format(struct vc_buf *b, int lvl, const char *type, const char *uuid, const char *usage)
{
	if (!uuid && !usage)
		return;
	vc_f_open(b, lvl, "secret");
	vc_f_attr(b, "type", type);
	vc_f_attr(b, "uuid", uuid);
	vc_f_attr(b, "usage", usage);
	vc_f_close_empty(b);
}

struct vc_auth *
vc_auth_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_auth *a = vc_calloc(1, sizeof(*a));

	a->username = vc_x_attr_req(x, n, "username");
	if (!a->username || secret_parse(x, n, &a->secret_type, &a->secret_uuid, &a->secret_usage) < 0 ||
	    (!a->secret_uuid && !a->secret_usage && vc_x_err(x, n, "missing <secret>"))) {
		vc_auth_free(a);
		return NULL;
	}
	return a;
}

void
vc_auth_format(struct vc_buf *b, int lvl, const struct vc_auth *a)
{
	if (!a)
		return;
	vc_f_open(b, lvl, "auth");
	vc_f_attr(b, "username", a->username);
	vc_f_close_open(b);
	secret_format(b, lvl + 1, a->secret_type, a->secret_uuid, a->secret_usage);
	vc_f_end(b, lvl, "auth");
}

void
vc_auth_free(struct vc_auth *a)
{
	if (!a)
		return;
	free(a->username);
	free(a->secret_type);
	free(a->secret_uuid);
	free(a->secret_usage);
	free(a);
}

static struct vc_encryption *
enc_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_encryption *e = vc_calloc(1, sizeof(*e));

	if (vc_x_enum(x, n, "format", enc_format_names, &e->format) <= 0 ||
	    vc_x_enum(x, n, "engine", enc_engine_names, &e->engine) < 0 ||
	    secret_parse(x, n, &e->secret_type, &e->secret_uuid, &e->secret_usage) < 0) {
		if (!x->err)
			vc_x_err(x, n, "missing attribute 'format'");
		free(e->secret_type);
		free(e->secret_uuid);
		free(e->secret_usage);
		free(e);
		return NULL;
	}
	return e;
}

static void
enc_format(struct vc_buf *b, int lvl, const struct vc_encryption *e)
{
	vc_f_open(b, lvl, "encryption");
	vc_f_attr_enum(b, "format", enc_format_names, e->format);
	vc_f_attr_enum(b, "engine", enc_engine_names, e->engine);
	if (!e->secret_uuid && !e->secret_usage) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	secret_format(b, lvl + 1, e->secret_type, e->secret_uuid, e->secret_usage);
	vc_f_end(b, lvl, "encryption");
}

static void
enc_free(struct vc_encryption *e)
{
	if (!e)
		return;
	free(e->secret_type);
	free(e->secret_uuid);
	free(e->secret_usage);
	free(e);
}

/* ---- storage source ---- */

void
vc_disksrc_free(struct vc_disksrc *s)
{
	size_t i;

	if (!s)
		return;
	free(s->path);
	free(s->name);
	free(s->query);
	free(s->tls_hostname);
	vc_nethost_free(s->hosts, s->nhosts);
	free(s->snapshot);
	free(s->config_file);
	free(s->initiator_iqn);
	for (i = 0; i < s->ncookies; i++) {
		free(s->cookie_name[i]);
		free(s->cookie_value[i]);
	}
	free(s->cookie_name);
	free(s->cookie_value);
	free(s->pool);
	free(s->volume);
	vc_addr_clear(&s->nvme_addr);
	vc_auth_free(s->auth);
	enc_free(s->enc);
	if (s->backing) {
		vc_disksrc_free(s->backing);
		free(s->backing);
	}
	memset(s, 0, sizeof(*s));
}

static int
src_network_parse(struct vc_x *x, xmlNodePtr n, struct vc_disksrc *s)
{
	xmlNodePtr c, k;
	char *v;

	if (vc_x_enum(x, n, "protocol", vc_net_protocol_names, &s->protocol) <= 0)
		return x->err ? -1 : vc_x_err(x, n, "missing attribute 'protocol'");
	s->name = vc_x_attr(x, n, "name");
	s->query = vc_x_attr(x, n, "query");
	if (vc_x_yesno(x, n, "tls", &s->tls) < 0)
		return -1;
	s->tls_hostname = vc_x_attr(x, n, "tlsHostname");
	if (!s->name && s->protocol != VC_NETPROTO_NBD)
		return vc_x_err(x, n, "missing name for %s protocol",
		                vc_net_protocol_names[s->protocol]);
	if (vc_nethost_parse(x, n, &s->hosts, &s->nhosts) < 0)
		return -1;
	if ((c = vc_x_child(x, n, "snapshot")) && !(s->snapshot = vc_x_attr_req(x, c, "name")))
		return -1;
	if ((c = vc_x_child(x, n, "config")) && !(s->config_file = vc_x_attr_req(x, c, "file")))
		return -1;
	if ((c = vc_x_child(x, n, "initiator"))) {
		if (!(k = vc_x_child(x, c, "iqn")))
			return vc_x_err(x, c, "missing <iqn>");
		if (!(s->initiator_iqn = vc_x_attr_req(x, k, "name")))
			return -1;
	}
	if ((c = vc_x_child(x, n, "ssl")) && vc_x_yesno(x, c, "verify", &s->ssl_verify) < 0)
		return -1;
	if ((c = vc_x_child(x, n, "cookies"))) {
		for (k = vc_x_child(x, c, "cookie"); k; k = vc_x_next(k, "cookie")) {
			if (!(v = vc_x_attr_req(x, k, "name")))
				return -1;
			VC_GROW(s->cookie_name, s->ncookies);
			VC_GROW(s->cookie_value, s->ncookies);
			s->cookie_name[s->ncookies] = v;
			s->cookie_value[s->ncookies++] = vc_x_text(k);
		}
	}
	if ((c = vc_x_child(x, n, "readahead")) &&
	    vc_x_ull(x, c, "size", 1, ~0ULL, &s->readahead) <= 0)
		return x->err ? -1 : vc_x_err(x, c, "missing attribute 'size'");
	if ((c = vc_x_child(x, n, "timeout")) &&
	    vc_x_ull(x, c, "seconds", 1, ~0ULL, &s->timeout) <= 0)
		return x->err ? -1 : vc_x_err(x, c, "missing attribute 'seconds'");
	return 0;
}

/* the attributes and children of a <source> (n may be NULL: no <source>) */
static int
src_parse(struct vc_x *x, xmlNodePtr n, struct vc_disksrc *s)
{
	xmlNodePtr c;

	if (!n)
		return 0;
	s->present = 1;
	switch (s->type) {
	case VC_DISK_TYPE_FILE:
		s->path = vc_x_attr(x, n, "file");
		break;
	case VC_DISK_TYPE_BLOCK:
		s->path = vc_x_attr(x, n, "dev");
		break;
	case VC_DISK_TYPE_DIR:
		s->path = vc_x_attr(x, n, "dir");
		break;
	case VC_DISK_TYPE_NETWORK:
		if (src_network_parse(x, n, s) < 0)
			return -1;
		break;
	case VC_DISK_TYPE_VOLUME:
		s->pool = vc_x_attr(x, n, "pool");
		s->volume = vc_x_attr(x, n, "volume");
		if (vc_x_enum(x, n, "mode", volmode_names, &s->volmode) < 0)
			return -1;
		if (!s->pool || !s->volume)
			return vc_x_err(x, n, "volume source needs pool and volume");
		break;
	case VC_DISK_TYPE_NVME: {
		char *t = vc_x_attr_req(x, n, "type");
		int bad = t && strcmp(t, "pci") != 0;
		struct vc_addr *a;

		free(t);
		if (!t)
			return -1;
		if (bad)
			return vc_x_err(x, n, "nvme source type must be 'pci'");
		if (vc_x_yesno(x, n, "managed", &s->nvme_managed) < 0)
			return -1;
		if (vc_x_ull(x, n, "namespace", 1, ~0ULL, &s->nvme_namespace) <= 0)
			return x->err ? -1 : vc_x_err(x, n, "missing attribute 'namespace'");
		/* a PCI address without type=, as a hostdev source has */
		if (!(c = vc_x_child(x, n, "address")))
			return vc_x_err(x, n, "nvme source needs a PCI <address>");
		if ((t = vc_x_attr(x, c, "type"))) {
			bad = strcmp(t, "pci") != 0;
			free(t);
			if (bad)
				return vc_x_err(x, c, "nvme source address type must be 'pci'");
		}
		a = &s->nvme_addr;
		a->type = VC_ADDR_PCI;
		if (vc_x_uint_x(x, c, "domain", 0, 0xffff, &a->domain) < 0 ||
		    vc_x_uint_x(x, c, "bus", 0, 0xff, &a->bus) < 0 ||
		    vc_x_uint_x(x, c, "slot", 0, 0x1f, &a->slot) < 0 ||
		    vc_x_uint_x(x, c, "function", 0, 7, &a->function) < 0)
			return -1;
		break;
	}
	case VC_DISK_TYPE_VHOSTUSER: {
		char *t = vc_x_attr_req(x, n, "type");
		int bad = t && strcmp(t, "unix") != 0;

		free(t);
		if (!t)
			return -1;
		if (bad)
			return vc_x_err(x, n, "vhostuser source type must be 'unix'");
		if (!(s->path = vc_x_attr_req(x, n, "path")))
			return -1;
		if ((c = vc_x_child(x, n, "reconnect"))) {
			if (vc_x_yesno(x, c, "enabled", &s->reconnect) < 0 ||
			    vc_x_uint(x, c, "timeout", 0, ~0U, &s->reconnect_timeout) < 0)
				return -1;
		}
		break;
	}
	case VC_DISK_TYPE_VHOSTVDPA:
		s->path = vc_x_attr(x, n, "dev");
		break;
	default:
		break;
	}
	if (vc_x_enum(x, n, "startupPolicy", vc_startup_policy_names, &s->startup_policy) < 0 ||
	    vc_x_uint(x, n, "index", 1, ~0U, &s->index) < 0)
		return -1;
	/* libvirt's schema has it on file, block, dir, volume and nvme
	 * sources (vmx2xml writes it on a block CD-ROM) */
	if (s->startup_policy && s->type != VC_DISK_TYPE_FILE && s->type != VC_DISK_TYPE_VOLUME &&
	    s->type != VC_DISK_TYPE_BLOCK && s->type != VC_DISK_TYPE_DIR && s->type != VC_DISK_TYPE_NVME)
		return vc_x_err(x, n, "startupPolicy is only valid for file, block, dir, volume and nvme disks");
	if ((c = vc_x_child(x, n, "auth")) && !(s->auth = vc_auth_parse(x, c)))
		return -1;
	if ((c = vc_x_child(x, n, "encryption")) && !(s->enc = enc_parse(x, c)))
		return -1;
	return x->err ? -1 : 0;
}

static int src_has_source(const struct vc_disksrc *s);

static void
src_format(struct vc_buf *b, int lvl, const struct vc_disksrc *s)
{
	size_t i;
	int kids;

	if (!src_has_source(s))
		return;
	vc_f_open(b, lvl, "source");
	switch (s->type) {
	case VC_DISK_TYPE_FILE:
		vc_f_attr(b, "file", s->path);
		break;
	case VC_DISK_TYPE_BLOCK:
	case VC_DISK_TYPE_VHOSTVDPA:
		vc_f_attr(b, "dev", s->path);
		break;
	case VC_DISK_TYPE_DIR:
		vc_f_attr(b, "dir", s->path);
		break;
	case VC_DISK_TYPE_NETWORK:
		vc_f_attr_enum(b, "protocol", vc_net_protocol_names, s->protocol);
		vc_f_attr(b, "name", s->name);
		vc_f_attr(b, "query", s->query);
		vc_f_attr_yesno(b, "tls", s->tls);
		vc_f_attr(b, "tlsHostname", s->tls_hostname);
		break;
	case VC_DISK_TYPE_VOLUME:
		vc_f_attr(b, "pool", s->pool);
		vc_f_attr(b, "volume", s->volume);
		vc_f_attr_enum(b, "mode", volmode_names, s->volmode);
		break;
	case VC_DISK_TYPE_NVME:
		vc_f_attr(b, "type", "pci");
		vc_f_attr_yesno(b, "managed", s->nvme_managed);
		vc_f_attr_u(b, "namespace", s->nvme_namespace);
		break;
	case VC_DISK_TYPE_VHOSTUSER:
		vc_f_attr(b, "type", "unix");
		vc_f_attr(b, "path", s->path);
		break;
	default:
		break;
	}
	if (s->type != VC_DISK_TYPE_NETWORK)
		vc_f_attr_enum(b, "startupPolicy", vc_startup_policy_names, s->startup_policy);
	if (s->index)
		vc_f_attr_u(b, "index", s->index);
	kids = s->nhosts || s->snapshot || s->config_file || s->initiator_iqn ||
	    s->ssl_verify || s->ncookies || s->readahead || s->timeout ||
	    s->type == VC_DISK_TYPE_NVME || s->reconnect || s->auth || s->enc;
	if (!kids) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	lvl++;
	if (s->type == VC_DISK_TYPE_NETWORK) {
		vc_nethost_format(b, lvl, s->hosts, s->nhosts);
		if (s->snapshot) {
			vc_f_open(b, lvl, "snapshot");
			vc_f_attr(b, "name", s->snapshot);
			vc_f_close_empty(b);
		}
		if (s->config_file) {
			vc_f_open(b, lvl, "config");
			vc_f_attr(b, "file", s->config_file);
			vc_f_close_empty(b);
		}
		if (s->initiator_iqn) {
			vc_f_open(b, lvl, "initiator");
			vc_f_close_open(b);
			vc_f_open(b, lvl + 1, "iqn");
			vc_f_attr(b, "name", s->initiator_iqn);
			vc_f_close_empty(b);
			vc_f_end(b, lvl, "initiator");
		}
		if (s->ssl_verify) {
			vc_f_open(b, lvl, "ssl");
			vc_f_attr_yesno(b, "verify", s->ssl_verify);
			vc_f_close_empty(b);
		}
		if (s->ncookies) {
			vc_f_open(b, lvl, "cookies");
			vc_f_close_open(b);
			for (i = 0; i < s->ncookies; i++) {
				vc_f_open(b, lvl + 1, "cookie");
				vc_f_attr(b, "name", s->cookie_name[i]);
				vc_buf_putc(b, '>');
				vc_buf_esc(b, s->cookie_value[i], 0);
				vc_buf_puts(b, "</cookie>\n");
			}
			vc_f_end(b, lvl, "cookies");
		}
		if (s->readahead) {
			vc_f_open(b, lvl, "readahead");
			vc_f_attr_u(b, "size", s->readahead);
			vc_f_close_empty(b);
		}
		if (s->timeout) {
			vc_f_open(b, lvl, "timeout");
			vc_f_attr_u(b, "seconds", s->timeout);
			vc_f_close_empty(b);
		}
	}
	if (s->type == VC_DISK_TYPE_NVME) {
		vc_f_open(b, lvl, "address");
		vc_f_attr_x(b, "domain", s->nvme_addr.domain, 4);
		vc_f_attr_x(b, "bus", s->nvme_addr.bus, 2);
		vc_f_attr_x(b, "slot", s->nvme_addr.slot, 2);
		vc_f_attr_x(b, "function", s->nvme_addr.function, 1);
		vc_f_close_empty(b);
	}
	if (s->type == VC_DISK_TYPE_VHOSTUSER && s->reconnect) {
		vc_f_open(b, lvl, "reconnect");
		vc_f_attr_yesno(b, "enabled", s->reconnect);
		if (s->reconnect_timeout)
			vc_f_attr_u(b, "timeout", s->reconnect_timeout);
		vc_f_close_empty(b);
	}
	vc_auth_format(b, lvl, s->auth);
	if (s->enc)
		enc_format(b, lvl, s->enc);
	vc_f_end(b, lvl - 1, "source");
}

static int
src_has_source(const struct vc_disksrc *s)
{
	return s->path || s->type == VC_DISK_TYPE_NETWORK || s->pool ||
	    s->type == VC_DISK_TYPE_NVME || s->type == VC_DISK_TYPE_VHOSTUSER ||
	    s->startup_policy || s->index || s->auth || s->enc;
}

/* <backingStore type= index=><format type=/><source/><backingStore/></backingStore> */
static int
backing_parse(struct vc_x *x, xmlNodePtr disk, struct vc_disksrc *s, int depth)
{
	xmlNodePtr n = vc_x_child(x, disk, "backingStore"), c;
	struct vc_disksrc *bs;
	char *t;

	if (!n)
		return 0;
	if (depth > 64)
		return vc_x_err(x, n, "backing chain too long");
	bs = s->backing = vc_calloc(1, sizeof(*bs));
	if (!(t = vc_x_attr(x, n, "type")))
		return 0;             /* <backingStore/>: the chain ends here */
	free(t);
	if (vc_x_enum(x, n, "type", vc_disk_type_names, &bs->type) < 0)
		return -1;
	if (vc_x_uint(x, n, "index", 1, ~0U, &bs->index) < 0)
		return -1;
	if (!(c = vc_x_child(x, n, "format")))
		return vc_x_err(x, n, "missing <format>");
	if (vc_x_enum(x, c, "type", vc_disk_format_names, &bs->format) <= 0)
		return x->err ? -1 : vc_x_err(x, c, "missing attribute 'type'");
	if (!(c = vc_x_child(x, n, "source")))
		return vc_x_err(x, n, "missing <source>");
	{
		unsigned idx = bs->index;

		if (src_parse(x, c, bs) < 0)
			return -1;
		if (bs->index && idx)
			return vc_x_err(x, c, "index given twice");
		if (idx)
			bs->index = idx;
	}
	return backing_parse(x, n, bs, depth + 1);
}

static void
backing_format(struct vc_buf *b, int lvl, const struct vc_disksrc *bs)
{
	struct vc_disksrc tmp;

	if (!bs)
		return;
	vc_f_open(b, lvl, "backingStore");
	if (bs->type == VC_DISK_TYPE_NONE) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_attr_enum(b, "type", vc_disk_type_names, bs->type);
	if (bs->index)
		vc_f_attr_u(b, "index", bs->index);
	vc_f_close_open(b);
	vc_f_open(b, lvl + 1, "format");
	vc_f_attr_enum(b, "type", vc_disk_format_names, bs->format);
	vc_f_close_empty(b);
	/* the index was printed on <backingStore> */
	tmp = *bs;
	tmp.index = 0;
	src_format(b, lvl + 1, &tmp);
	backing_format(b, lvl + 1, bs->backing);
	vc_f_end(b, lvl, "backingStore");
}

/* ---- the disk ---- */

/* "sdb" -> 1, "hdaa" -> 26 (libvirt's disk name rule); -1 if not a name */
static int
disk_name_index(const char *s)
{
	static const char *const pre[] = { "fd", "hd", "vd", "sd", "xvd", "ubd" };
	size_t i, n;
	long idx = 0;

	for (i = 0; i < VC_NELEM(pre); i++) {
		n = strlen(pre[i]);
		if (strncmp(s, pre[i], n) == 0)
			break;
	}
	if (i == VC_NELEM(pre))
		return -1;
	s += n;
	if (*s < 'a' || *s > 'z')
		return -1;
	for (i = 0; *s >= 'a' && *s <= 'z'; i++, s++) {
		idx = (idx + (i < 1 ? 0 : 1)) * 26 + (*s - 'a');
		if (idx > 0xffffff)
			return -1;
	}
	while (*s >= '0' && *s <= '9')
		s++;
	return *s ? -1 : (int)idx;
}

void
vc_disk_name(char *buf, size_t len, const char *prefix, unsigned idx)
{
	char s[8];
	int n = 0;
	size_t o;

	do {
		s[n++] = (char)('a' + idx % 26);
		idx /= 26;
	} while (idx-- > 0 && n < (int)sizeof(s));
	o = (size_t)snprintf(buf, len, "%s", prefix);
	while (n > 0 && o + 1 < len)
		buf[o++] = s[--n];
	if (len)
		buf[o < len ? o : len - 1] = '\0';
}

/* libvirt's default drive address from the target name */
static int
disk_assign_address(struct vc_x *x, xmlNodePtr n, struct vc_disk *d)
{
	struct vc_addr *a = &d->info.addr;
	int idx;

	if (a->type != VC_ADDR_NONE)
		return 0;
	if (d->bus != VC_DISK_BUS_SCSI && d->bus != VC_DISK_BUS_IDE &&
	    d->bus != VC_DISK_BUS_SATA && d->bus != VC_DISK_BUS_FDC)
		return 0;
	if ((idx = disk_name_index(d->target_dev)) < 0)
		return vc_x_err(x, n, "unknown disk name '%s' and no address specified",
		                d->target_dev);
	a->type = VC_ADDR_DRIVE;
	d->addr_auto = 1;
	a->has_controller = a->has_bus = a->has_target = a->has_unit = 1;
	switch (d->bus) {
	case VC_DISK_BUS_SCSI:
		a->controller = idx / 7;
		a->unit = idx % 7;
		break;
	case VC_DISK_BUS_IDE:
		a->controller = idx / 4;
		a->bus = (idx % 4) / 2;
		a->unit = idx % 2;
		break;
	case VC_DISK_BUS_SATA:
		a->controller = idx / 6;
		a->unit = idx % 6;
		break;
	case VC_DISK_BUS_FDC:
		a->controller = idx / 2;
		a->unit = idx % 2;
		break;
	}
	return 0;
}

static int
driver_parse(struct vc_x *x, xmlNodePtr n, struct vc_disk *d)
{
	xmlNodePtr c, k;
	char *t;

	d->driver_name = vc_x_attr(x, n, "name");
	if ((t = vc_x_attr(x, n, "type"))) {
		/* "aio" is the old xen tap spelling of raw */
		if (strcmp(t, "aio") == 0)
			d->src.format = VC_FMT_RAW;
		else if ((d->src.format = vc_enum_find(vc_disk_format_names, t)) < 0) {
			vc_x_err(x, n, "unknown driver format type '%s'", t);
			free(t);
			return -1;
		}
		free(t);
	}
	if (vc_x_enum(x, n, "cache", vc_disk_cache_names, &d->cache) < 0 ||
	    vc_x_enum(x, n, "error_policy", vc_disk_error_policy_names, &d->error_policy) < 0 ||
	    vc_x_enum(x, n, "rerror_policy", vc_disk_error_policy_names, &d->rerror_policy) < 0 ||
	    vc_x_enum(x, n, "io", vc_disk_io_names, &d->io) < 0 ||
	    vc_x_onoff(x, n, "ioeventfd", &d->ioeventfd) < 0 ||
	    vc_x_onoff(x, n, "event_idx", &d->event_idx) < 0 ||
	    vc_x_onoff(x, n, "copy_on_read", &d->copy_on_read) < 0 ||
	    vc_x_enum(x, n, "discard", vc_disk_discard_names, &d->discard) < 0 ||
	    vc_x_uint(x, n, "iothread", 1, ~0U, &d->iothread) < 0 ||
	    vc_x_enum(x, n, "detect_zeroes", vc_disk_detect_zeroes_names, &d->detect_zeroes) < 0 ||
	    vc_x_onoff(x, n, "discard_no_unref", &d->discard_no_unref) < 0 ||
	    vc_x_uint(x, n, "queues", 1, ~0U, &d->queues) < 0 ||
	    vc_x_uint(x, n, "queue_size", 1, ~0U, &d->queue_size) < 0 ||
	    vc_x_onoff(x, n, "iommu", &d->iommu) < 0 ||
	    vc_x_onoff(x, n, "ats", &d->ats) < 0 ||
	    vc_x_onoff(x, n, "packed", &d->packed) < 0 ||
	    vc_x_onoff(x, n, "page_per_vq", &d->page_per_vq) < 0)
		return -1;
	if (d->rerror_policy == 4)
		return vc_x_err(x, n, "rerror_policy 'enospace' is not allowed");
	if ((c = vc_x_child(x, n, "metadata_cache"))) {
		if ((k = vc_x_child(x, c, "max_size"))) {
			char *u = vc_x_attr(x, k, "unit");
			unsigned long long v, m = 1;

			if (u && !(m = vc_unit_scale(u))) {
				vc_x_err(x, k, "unknown unit '%s'", u);
				free(u);
				return -1;
			}
			free(u);
			if (vc_x_text_ull(x, k, 0, ~0ULL / m, &v) < 0)
				return -1;
			d->metadata_cache_max = v * m;
		}
	}
	return 0;
}

static void
driver_format(struct vc_buf *b, int lvl, const struct vc_disk *d)
{
	struct vc_buf a = { 0 };

	vc_f_attr(&a, "name", d->driver_name);
	vc_f_attr_enum(&a, "type", vc_disk_format_names, d->src.format);
	vc_f_attr_enum(&a, "cache", vc_disk_cache_names, d->cache);
	vc_f_attr_enum(&a, "error_policy", vc_disk_error_policy_names, d->error_policy);
	vc_f_attr_enum(&a, "rerror_policy", vc_disk_error_policy_names, d->rerror_policy);
	vc_f_attr_enum(&a, "io", vc_disk_io_names, d->io);
	vc_f_attr_onoff(&a, "ioeventfd", d->ioeventfd);
	vc_f_attr_onoff(&a, "event_idx", d->event_idx);
	vc_f_attr_onoff(&a, "copy_on_read", d->copy_on_read);
	vc_f_attr_enum(&a, "discard", vc_disk_discard_names, d->discard);
	if (d->iothread)
		vc_f_attr_u(&a, "iothread", d->iothread);
	vc_f_attr_enum(&a, "detect_zeroes", vc_disk_detect_zeroes_names, d->detect_zeroes);
	vc_f_attr_onoff(&a, "discard_no_unref", d->discard_no_unref);
	if (d->queues)
		vc_f_attr_u(&a, "queues", d->queues);
	if (d->queue_size)
		vc_f_attr_u(&a, "queue_size", d->queue_size);
	vc_f_attr_onoff(&a, "iommu", d->iommu);
	vc_f_attr_onoff(&a, "ats", d->ats);
	vc_f_attr_onoff(&a, "packed", d->packed);
	vc_f_attr_onoff(&a, "page_per_vq", d->page_per_vq);
	if (!a.len && !d->metadata_cache_max) {
		vc_buf_free(&a);
		return;
	}
	vc_f_open(b, lvl, "driver");
	if (a.len)
		vc_buf_add(b, a.s, a.len);
	vc_buf_free(&a);
	if (!d->metadata_cache_max) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_f_open(b, lvl + 1, "metadata_cache");
	vc_f_close_open(b);
	vc_buf_indent(b, lvl + 2);
	vc_buf_printf(b, "<max_size unit='bytes'>%llu</max_size>\n", d->metadata_cache_max);
	vc_f_end(b, lvl + 1, "metadata_cache");
	vc_f_end(b, lvl, "driver");
}

static int
iotune_parse(struct vc_x *x, xmlNodePtr n, struct vc_disk *d)
{
	xmlNodePtr c;
	int i;

	d->has_iotune = 1;
	for (i = 0; i < VC_IOT_LAST; i++)
		if ((c = vc_x_child(x, n, iotune_names[i])) &&
		    vc_x_text_ull(x, c, 0, ~0ULL, &d->iotune[i]) < 0)
			return -1;
	d->iotune_group = vc_x_child_text(x, n, "group_name");
	if ((d->iotune[VC_IOT_TOTAL_BYTES] && (d->iotune[VC_IOT_READ_BYTES] || d->iotune[VC_IOT_WRITE_BYTES])) ||
	    (d->iotune[VC_IOT_TOTAL_IOPS] && (d->iotune[VC_IOT_READ_IOPS] || d->iotune[VC_IOT_WRITE_IOPS])))
		return vc_x_err(x, n, "total and read/write of the same limit cannot be set at the same time");
	return 0;
}

static void
iotune_format(struct vc_buf *b, int lvl, const struct vc_disk *d)
{
	int i, any = 0;

	for (i = 0; i < VC_IOT_LAST; i++)
		any |= d->iotune[i] != 0;
	if (!any && !d->iotune_group)
		return;
	vc_f_open(b, lvl, "iotune");
	vc_f_close_open(b);
	for (i = 0; i < VC_IOT_LAST; i++) {
		if (d->iotune[i]) {
			vc_buf_indent(b, lvl + 1);
			vc_buf_printf(b, "<%s>%llu</%s>\n", iotune_names[i], d->iotune[i], iotune_names[i]);
		}
		if (i == VC_IOT_SIZE_IOPS)
			vc_f_text_elem(b, lvl + 1, "group_name", d->iotune_group);
	}
	vc_f_end(b, lvl, "iotune");
}

void
vc_dev_disk_free(void *dev)
{
	struct vc_disk *d = dev;

	if (!d)
		return;
	free(d->driver_name);
	vc_disksrc_free(&d->src);
	free(d->backend_domain);
	free(d->target_dev);
	free(d->iotune_group);
	free(d->serial);
	free(d->wwn);
	free(d->vendor);
	free(d->product);
	vc_sinfo_clear(&d->info);
	free(d);
}

static int
disk_parse(struct vc_x *x, xmlNodePtr n, struct vc_disk *d)
{
	xmlNodePtr c;

	if (vc_x_enum(x, n, "type", vc_disk_type_names, &d->type) < 0 ||
	    vc_x_enum(x, n, "device", vc_disk_device_names, &d->device) < 0 ||
	    vc_x_enum(x, n, "model", vc_disk_model_names, &d->model) < 0 ||
	    vc_x_yesno(x, n, "rawio", &d->rawio) < 0 ||
	    vc_x_enum(x, n, "sgio", vc_disk_sgio_names, &d->sgio) < 0 ||
	    vc_x_enum(x, n, "snapshot", vc_disk_snapshot_names, &d->snapshot) < 0)
		return -1;
	if (!d->type)
		d->type = VC_DISK_TYPE_FILE;
	if (!d->device)
		d->device = VC_DISK_DEV_DISK;
	if ((d->rawio || d->sgio) && d->device != VC_DISK_DEV_LUN)
		return vc_x_err(x, n, "rawio and sgio are only valid for device='lun'");
	d->src.type = d->type;
	if ((c = vc_x_child(x, n, "driver")) && driver_parse(x, c, d) < 0)
		return -1;
	if ((c = vc_x_child(x, n, "auth"))) {
		if (!(d->src.auth = vc_auth_parse(x, c)))
			return -1;
		d->auth_at_disk = 1;
	}
	if ((c = vc_x_child(x, n, "encryption"))) {
		if (!(d->src.enc = enc_parse(x, c)))
			return -1;
		d->enc_at_disk = 1;
	}
	{
		struct vc_auth *a = d->src.auth;
		struct vc_encryption *e = d->src.enc;

		d->src.auth = NULL;
		d->src.enc = NULL;
		if (src_parse(x, vc_x_child(x, n, "source"), &d->src) < 0) {
			vc_auth_free(a);
			enc_free(e);
			return -1;
		}
		if ((a && d->src.auth) || (e && d->src.enc)) {
			vc_auth_free(a);
			enc_free(e);
			return vc_x_err(x, n, "<auth> or <encryption> given both in <disk> and <source>");
		}
		if (a)
			d->src.auth = a;
		if (e)
			d->src.enc = e;
	}
	if (d->type == VC_DISK_TYPE_NETWORK && !d->src.present)
		return vc_x_err(x, n, "network disk needs a <source>");
	if (backing_parse(x, n, &d->src, 0) < 0)
		return -1;
	if ((c = vc_x_child(x, n, "backenddomain")) &&
	    !(d->backend_domain = vc_x_attr_req(x, c, "name")))
		return -1;
	if ((c = vc_x_child(x, n, "geometry"))) {
		if (vc_x_uint(x, c, "cyls", 0, ~0U, &d->cyls) <= 0 ||
		    vc_x_uint(x, c, "heads", 0, ~0U, &d->heads) <= 0 ||
		    vc_x_uint(x, c, "secs", 0, ~0U, &d->secs) <= 0)
			return x->err ? -1 : vc_x_err(x, c, "geometry needs cyls, heads and secs");
		if (vc_x_enum(x, c, "trans", trans_names, &d->trans) < 0)
			return -1;
	}
	if ((c = vc_x_child(x, n, "blockio"))) {
		int r;

		if (vc_x_uint(x, c, "logical_block_size", 0, ~0U, &d->logical_block_size) < 0 ||
		    vc_x_uint(x, c, "physical_block_size", 0, ~0U, &d->physical_block_size) < 0 ||
		    (r = vc_x_uint(x, c, "discard_granularity", 0, ~0U, &d->discard_granularity)) < 0)
			return -1;
		d->has_discard_granularity = r;
	}
	if (!(c = vc_x_child(x, n, "target")))
		return vc_x_err(x, n, "missing <target>");
	if (!(d->target_dev = vc_x_attr_req(x, c, "dev")))
		return -1;
	if (vc_x_enum(x, c, "bus", vc_disk_bus_names, &d->bus) < 0 ||
	    vc_x_enum(x, c, "tray", tray_names, &d->tray) < 0 ||
	    vc_x_onoff(x, c, "removable", &d->removable) < 0 ||
	    vc_x_uint(x, c, "rotation_rate", 1, 65534, &d->rotation_rate) < 0)
		return -1;
	if (!d->bus) {
		const char *t = d->target_dev;

		d->bus = VC_DISK_BUS_IDE;
		if (d->device == VC_DISK_DEV_FLOPPY)
			d->bus = VC_DISK_BUS_FDC;
		else if (strncmp(t, "sd", 2) == 0)
			d->bus = VC_DISK_BUS_SCSI;
		else if (strncmp(t, "vd", 2) == 0)
			d->bus = VC_DISK_BUS_VIRTIO;
		else if (strncmp(t, "xvd", 3) == 0)
			d->bus = VC_DISK_BUS_XEN;
		else if (strncmp(t, "ubd", 3) == 0)
			d->bus = VC_DISK_BUS_UML;
	}
	if (d->bus == VC_DISK_BUS_USB && !src_has_source(&d->src) && d->type != VC_DISK_TYPE_NETWORK)
		return vc_x_err(x, n, "'usb' disk must not be empty");
	if ((c = vc_x_child(x, n, "iotune")) && iotune_parse(x, c, d) < 0)
		return -1;
	if ((c = vc_x_child(x, n, "readonly"))) {
		vc_x_use(c);
		d->readonly = 1;
	}
	if (d->device == VC_DISK_DEV_CDROM)
		d->readonly = 1;
	if ((c = vc_x_child(x, n, "shareable"))) {
		vc_x_use(c);
		d->shareable = 1;
	}
	if ((c = vc_x_child(x, n, "transient"))) {
		vc_x_use(c);
		d->transient = 1;
		if (vc_x_yesno(x, c, "shareBacking", &d->transient_share_backing) < 0)
			return -1;
	}
	d->serial = vc_x_child_text(x, n, "serial");
	d->wwn = vc_x_child_text(x, n, "wwn");
	d->vendor = vc_x_child_text(x, n, "vendor");
	d->product = vc_x_child_text(x, n, "product");
	if (d->vendor && strlen(d->vendor) > 8)
		return vc_x_err(x, n, "disk vendor is more than 8 characters");
	if (d->product && strlen(d->product) > 16)
		return vc_x_err(x, n, "disk product is more than 16 characters");
	if (vc_sinfo_parse(x, n, &d->info, VC_SINFO_BOOT) < 0)
		return -1;
	if (disk_assign_address(x, n, d) < 0)
		return -1;
	return x->err ? -1 : 0;
}

void *
vc_dev_disk_parse(struct vc_x *x, xmlNodePtr n, int kind)
{
	struct vc_disk *d = vc_calloc(1, sizeof(*d));

	(void)kind;
	if (disk_parse(x, n, d) < 0) {
		if (!x->err)
			vc_x_err(x, n, "invalid disk");
		vc_dev_disk_free(d);
		return NULL;
	}
	return d;
}

void
vc_dev_disk_format(struct vc_buf *b, int lvl, const void *dev, int kind)
{
	const struct vc_disk *d = dev;
	int in = lvl + 1;

	(void)kind;
	vc_f_open(b, lvl, "disk");
	vc_f_attr_enum(b, "type", vc_disk_type_names, d->type);
	vc_f_attr_enum(b, "device", vc_disk_device_names, d->device);
	vc_f_attr_enum(b, "model", vc_disk_model_names, d->model);
	vc_f_attr_yesno(b, "rawio", d->rawio);
	vc_f_attr_enum(b, "sgio", vc_disk_sgio_names, d->sgio);
	if (d->snapshot && !(d->snapshot == 1 && d->readonly))
		vc_f_attr_enum(b, "snapshot", vc_disk_snapshot_names, d->snapshot);
	vc_f_close_open(b);
	driver_format(b, in, d);
	if (d->auth_at_disk)
		vc_auth_format(b, in, d->src.auth);
	{
		struct vc_disksrc s = d->src;

		if (d->auth_at_disk)
			s.auth = NULL;
		if (d->enc_at_disk)
			s.enc = NULL;
		src_format(b, in, &s);
	}
	backing_format(b, in, d->src.backing);
	if (d->backend_domain) {
		vc_f_open(b, in, "backenddomain");
		vc_f_attr(b, "name", d->backend_domain);
		vc_f_close_empty(b);
	}
	if (d->cyls && d->heads && d->secs) {
		vc_f_open(b, in, "geometry");
		vc_f_attr_u(b, "cyls", d->cyls);
		vc_f_attr_u(b, "heads", d->heads);
		vc_f_attr_u(b, "secs", d->secs);
		vc_f_attr_enum(b, "trans", trans_names, d->trans);
		vc_f_close_empty(b);
	}
	if (d->logical_block_size || d->physical_block_size || d->has_discard_granularity) {
		vc_f_open(b, in, "blockio");
		if (d->logical_block_size)
			vc_f_attr_u(b, "logical_block_size", d->logical_block_size);
		if (d->physical_block_size)
			vc_f_attr_u(b, "physical_block_size", d->physical_block_size);
		if (d->has_discard_granularity)
			vc_f_attr_u(b, "discard_granularity", d->discard_granularity);
		vc_f_close_empty(b);
	}
	vc_f_open(b, in, "target");
	vc_f_attr(b, "dev", d->target_dev);
	vc_f_attr_enum(b, "bus", vc_disk_bus_names, d->bus);
	if ((d->device == VC_DISK_DEV_CDROM || d->device == VC_DISK_DEV_FLOPPY) && d->tray == 2)
		vc_f_attr(b, "tray", "open");
	vc_f_attr_onoff(b, "removable", d->removable);
	if (d->rotation_rate)
		vc_f_attr_u(b, "rotation_rate", d->rotation_rate);
	vc_f_close_empty(b);
	iotune_format(b, in, d);
	if (d->readonly) {
		vc_f_open(b, in, "readonly");
		vc_f_close_empty(b);
	}
	if (d->shareable) {
		vc_f_open(b, in, "shareable");
		vc_f_close_empty(b);
	}
	if (d->transient) {
		vc_f_open(b, in, "transient");
		if (d->transient_share_backing == VC_TRI_YES)
			vc_f_attr(b, "shareBacking", "yes");
		vc_f_close_empty(b);
	}
	vc_f_text_elem(b, in, "serial", d->serial);
	vc_f_text_elem(b, in, "wwn", d->wwn);
	vc_f_text_elem(b, in, "vendor", d->vendor);
	vc_f_text_elem(b, in, "product", d->product);
	if (d->enc_at_disk && d->src.enc)
		enc_format(b, in, d->src.enc);
	vc_sinfo_format(b, in, &d->info);
	vc_f_end(b, lvl, "disk");
}
