/* dev_net.c: <interface> devices: parse, validate, format every type */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dev_net.h"

const char *const vc_iface_type_names[] = {
	"", "ethernet", "vhostuser", "server", "client", "mcast", "network",
	"bridge", "internal", "direct", "hostdev", "udp", "user", "vdpa",
	"null", "vds", NULL,
};
const char *const vc_vport_type_names[] = {
	"", "802.1Qbg", "802.1Qbh", "openvswitch", "midonet", NULL,
};
const char *const vc_vlan_native_names[] = { "", "tagged", "untagged", NULL };
const char *const vc_mac_type_names[] = { "", "generated", "static", NULL };
const char *const vc_macvtap_mode_names[] = {
	"", "vepa", "private", "bridge", "passthrough", NULL,
};
const char *const vc_iface_hostdev_driver_names[] = {
	"", "default", "kvm", "vfio", "xen", NULL,
};
const char *const vc_iface_driver_names[] = { "", "qemu", "vhost", NULL };
const char *const vc_iface_txmode_names[] = { "", "iothread", "timer", NULL };
const char *const vc_iface_backend_names[] = { "", "default", "passt", NULL };
const char *const vc_teaming_names[] = { "", "persistent", "transient", NULL };
const char *const vc_link_state_names[] = { "", "up", "down", NULL };
const char *const vc_ip_family_names[] = { "", "ipv4", "ipv6", NULL };
const char *const vc_proto_names[] = { "", "tcp", "udp", NULL };
static const char *const vhostuser_mode_names[] = { "", "server", "client", NULL };

static const char *const host_off_attrs[VC_HOFF_LAST] = {
	"csum", "gso", "tso4", "tso6", "ecn", "ufo", "mrg_rxbuf",
};
static const char *const guest_off_attrs[VC_GOFF_LAST] = {
	"csum", "tso4", "tso6", "ecn", "ufo",
};

/* models libvirt knows; matched without case, formatted as spelled here */
static const char *const known_models[] = {
	"netfront", "rtl8139", "virtio", "e1000", "e1000e", "igb",
	"virtio-transitional", "virtio-non-transitional", "usb-net",
	"spapr-vlan", "lan9118", "smc91c111", "vlance", "vmxnet", "vmxnet2",
	"vmxnet3", "Am79C970A", "Am79C973", "82540EM", "82545EM", "82543GC",
	NULL,
};

/* target names a host assigns by itself; not kept in persistent config */
static const char *const generated_ifnames[] = {
	"vnet", "macvtap", "macvlan", NULL,
};

/* ---- small parse helpers ---- */

static int
is_ip(const char *s, int *family)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, s, buf) == 1) {
		*family = VC_IP_FAMILY_IPV4;
		return 1;
	}
	if (inet_pton(AF_INET6, s, buf) == 1) {
		*family = VC_IP_FAMILY_IPV6;
		return 1;
	}
	return 0;
}

/* an optional IP address attribute; 0 absent, 1 present, -1 error */
static int
ip_attr(struct vc_x *x, xmlNodePtr n, const char *name, char **out, int *family)
{
	int fam;

	if (!(*out = vc_x_attr(x, n, name)))
		return 0;
	if (!is_ip(*out, &fam))
		return vc_x_err(x, n, "%s '%s' is not an IP address", name, *out);
	if (family)
		*family = fam;
	return 1;
}

static int
uuid_attr(struct vc_x *x, xmlNodePtr n, const char *name,
          unsigned char out[16], int *has)
{
	char *s;
	int r = 0;

	if (!(s = vc_x_attr(x, n, name)))
		return 0;
	if (vc_uuid_parse(s, out) < 0)
		r = vc_x_err(x, n, "%s '%s' is not a valid UUID", name, s);
	else
		*has = 1;
	free(s);
	return r;
}

/* a number in C syntax (0x.. allowed), for USB ids and addresses */
static int
cnum_attr(struct vc_x *x, xmlNodePtr n, const char *name, unsigned max,
          unsigned *v)
{
	char *s, *end;
	unsigned long long u;
	int r = 1;

	if (!(s = vc_x_attr(x, n, name)))
		return 0;
	if (!*s || *s == '-' || *s == '+') {
		r = vc_x_err(x, n, "%s '%s' is not a number", name, s);
	} else {
		u = strtoull(s, &end, 0);
		if (*end)
			r = vc_x_err(x, n, "%s '%s' is not a number", name, s);
		else if (u > max)
			r = vc_x_err(x, n, "%s %s out of range 0-%u", name, s, max);
		else
			*v = u;
	}
	free(s);
	return r;
}

/* attribute of a child element: NULL when child or attribute absent */
static char *
child_attr(struct vc_x *x, xmlNodePtr n, const char *elem, const char *attr,
           xmlNodePtr *cp)
{
	xmlNodePtr c = vc_x_child(x, n, elem);

	if (cp)
		*cp = c;
	return c ? vc_x_attr(x, c, attr) : NULL;
}

/* ---- <ip>, <route> ---- */

static int
parse_ipinfo(struct vc_x *x, xmlNodePtr n, struct vc_iface_ipinfo *info)
{
	xmlNodePtr c;
	struct vc_iface_ip *ip;
	struct vc_iface_route *rt;
	int fam, r;

	for (c = vc_x_child(x, n, "ip"); c; c = vc_x_next(c, "ip")) {
		VC_GROW(info->ips, info->nips);
		ip = &info->ips[info->nips++];
		memset(ip, 0, sizeof(*ip));
		if (!(ip->address = vc_x_attr_req(x, c, "address")))
			return -1;
		if (!is_ip(ip->address, &ip->family))
			return vc_x_err(x, c, "address '%s' is not an IP address",
			                ip->address);
		if ((r = vc_x_enum(x, c, "family", vc_ip_family_names, &fam)) < 0)
			return -1;
		if (r && fam != ip->family)
			return vc_x_err(x, c, "family '%s' does not match address '%s'",
			                vc_ip_family_names[fam], ip->address);
		r = vc_x_uint(x, c, "prefix", 0,
		              ip->family == VC_IP_FAMILY_IPV4 ? 32 : 128, &ip->prefix);
		if (r < 0)
			return -1;
		ip->has_prefix = r;
		if (ip_attr(x, c, "peer", &ip->peer, NULL) < 0)
			return -1;
	}
	for (c = vc_x_child(x, n, "route"); c; c = vc_x_next(c, "route")) {
		info->routes = vc_realloc(info->routes,
		                          (info->nroutes + 1) * sizeof(*rt));
		rt = &info->routes[info->nroutes++];
		memset(rt, 0, sizeof(*rt));
		if (vc_x_enum(x, c, "family", vc_ip_family_names, &rt->family) < 0)
			return -1;
		if (!(rt->address = vc_x_attr_req(x, c, "address")))
			return -1;
		if (!is_ip(rt->address, &fam))
			return vc_x_err(x, c, "address '%s' is not an IP address",
			                rt->address);
		if (rt->family && rt->family != fam)
			return vc_x_err(x, c, "family '%s' does not match address '%s'",
			                vc_ip_family_names[rt->family], rt->address);
		if (ip_attr(x, c, "netmask", &rt->netmask, NULL) < 0)
			return -1;
		if ((r = vc_x_uint(x, c, "prefix", 0,
		                   fam == VC_IP_FAMILY_IPV4 ? 32 : 128,
		                   &rt->prefix)) < 0)
			return -1;
		rt->has_prefix = r;
		if (rt->netmask && rt->has_prefix)
			return vc_x_err(x, c, "netmask and prefix are exclusive");
		if (!(rt->gateway = vc_x_attr_req(x, c, "gateway")))
			return -1;
		if (!is_ip(rt->gateway, &fam))
			return vc_x_err(x, c, "gateway '%s' is not an IP address",
			                rt->gateway);
		if ((r = vc_x_uint(x, c, "metric", 0, ~0u, &rt->metric)) < 0)
			return -1;
		rt->has_metric = r;
	}
	return 0;
}

/* ---- <source> per type ---- */

static int
parse_hostdev_source(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr s, v, p, a;
	xmlChar *t;
	int usb, r;

	if (!(s = vc_x_child(x, n, "source")))
		return vc_x_err(x, n, "type 'hostdev' requires <source><address/></source>");
	v = vc_x_child(x, s, "vendor");
	p = vc_x_child(x, s, "product");
	a = vc_x_child(x, s, "address");
	if (v || p) {
		if (!v || !p)
			return vc_x_err(x, s, "USB source needs both <vendor> and <product>");
		if ((r = cnum_attr(x, v, "id", 0xffff, &i->usb_vendor)) <= 0)
			return r ? -1 : vc_x_err(x, v, "missing attribute 'id'");
		if ((r = cnum_attr(x, p, "id", 0xffff, &i->usb_product)) <= 0)
			return r ? -1 : vc_x_err(x, p, "missing attribute 'id'");
		i->has_usb_id = 1;
		i->hostdev_src.type = VC_ADDR_USB;
	} else if (!a) {
		return vc_x_err(x, s, "type 'hostdev' requires a source <address>");
	}
	if (!a)
		return 0;
	t = xmlGetProp(a, (const xmlChar *)"type");
	usb = i->has_usb_id || (t && !strcmp((const char *)t, "usb"));
	xmlFree(t);
	if (usb) {
		char *ty = vc_x_attr(x, a, "type");

		if (ty && strcmp(ty, "usb")) {
			r = vc_x_err(x, a, "USB source address must be type 'usb', not '%s'", ty);
			free(ty);
			return r;
		}
		free(ty);
		i->hostdev_src.type = VC_ADDR_USB;
		if ((r = cnum_attr(x, a, "bus", ~0u, &i->hostdev_src.bus)) <= 0)
			return r ? -1 : vc_x_err(x, a, "missing attribute 'bus'");
		i->hostdev_src.has_bus = 1;
		if ((r = cnum_attr(x, a, "device", ~0u, &i->usb_device)) <= 0)
			return r ? -1 : vc_x_err(x, a, "missing attribute 'device'");
		return 0;
	}
	if (vc_addr_parse(x, a, &i->hostdev_src) < 0)
		return -1;
	if (i->hostdev_src.type != VC_ADDR_PCI)
		return vc_x_err(x, a, "source address must be type 'pci' or 'usb'");
	return 0;
}

static int
parse_source(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr s, c;
	const char *tn = vc_iface_type_names[i->type];
	int r, v, fam;

	if (i->type == VC_IFACE_HOSTDEV)
		return parse_hostdev_source(x, n, i);
	s = vc_x_child(x, n, "source");
	switch (i->type) {
	case VC_IFACE_NETWORK:
		if (!s || !(i->source_network = vc_x_attr(x, s, "network")))
			return vc_x_err(x, s ? s : n,
			                "type 'network' requires <source network='...'/>");
		i->source_portgroup = vc_x_attr(x, s, "portgroup");
		return uuid_attr(x, s, "portid", i->source_portid,
		                 &i->has_source_portid);
	case VC_IFACE_BRIDGE:
		if (!s || !(i->source_bridge = vc_x_attr(x, s, "bridge")))
			return vc_x_err(x, s ? s : n,
			                "type 'bridge' requires <source bridge='...'/>");
		return 0;
	case VC_IFACE_DIRECT:
		if (!s || !(i->source_dev = vc_x_attr(x, s, "dev")))
			return vc_x_err(x, s ? s : n,
			                "type 'direct' requires <source dev='...'/>");
		if ((r = vc_x_enum(x, s, "mode", vc_macvtap_mode_names, &v)) < 0)
			return -1;
		i->source_mode = vc_strdup(vc_macvtap_mode_names[r ? v : 1]);
		return 0;
	case VC_IFACE_VDPA:
		if (!s || !(i->source_dev = vc_x_attr(x, s, "dev")))
			return vc_x_err(x, s ? s : n,
			                "type 'vdpa' requires <source dev='...'/>");
		return 0;
	case VC_IFACE_USER:
		if (s && !(i->source_dev = vc_x_attr_req(x, s, "dev")))
			return -1;
		return 0;
	case VC_IFACE_INTERNAL:
		if (!s || !(i->source_name = vc_x_attr(x, s, "name")))
			return vc_x_err(x, s ? s : n,
			                "type 'internal' requires <source name='...'/>");
		return 0;
	case VC_IFACE_ETHERNET:
		if (s)
			return parse_ipinfo(x, s, &i->host_ip);
		return 0;
	case VC_IFACE_VHOSTUSER: {
		char *ty;

		if (!s)
			return 0;   /* checked once the backend is known */
		if ((ty = vc_x_attr(x, s, "type")) && strcmp(ty, "unix")) {
			r = vc_x_err(x, s, "vhostuser source type '%s' unsupported, "
			             "only 'unix'", ty);
			free(ty);
			return r;
		}
		free(ty);
		i->source_path = vc_x_attr(x, s, "path");
		if ((r = vc_x_enum(x, s, "mode", vhostuser_mode_names, &v)) < 0)
			return -1;
		if (r)
			i->source_mode = vc_strdup(vhostuser_mode_names[v]);
		i->source_dev = vc_x_attr(x, s, "dev");
		if ((c = vc_x_child(x, s, "reconnect"))) {
			if (vc_x_yesno(x, c, "enabled", &i->source_reconnect) <= 0)
				return vc_x_err(x, c, "reconnect needs enabled='yes|no'");
			if ((r = vc_x_uint(x, c, "timeout", 0, ~0u,
			                   &i->source_reconnect_timeout)) < 0)
				return -1;
			i->has_source_reconnect_timeout = r;
			if (r && i->source_reconnect != VC_TRI_YES)
				return vc_x_err(x, c, "reconnect timeout needs enabled='yes'");
			if (!r && i->source_reconnect == VC_TRI_YES)
				return vc_x_err(x, c, "reconnect enabled='yes' needs a timeout");
		}
		return 0;
	}
	case VC_IFACE_SERVER:
	case VC_IFACE_CLIENT:
	case VC_IFACE_MCAST:
	case VC_IFACE_UDP:
		if (!s)
			return vc_x_err(x, n, "type '%s' requires <source/>", tn);
		if ((r = ip_attr(x, s, "address", &i->source_address, &fam)) < 0)
			return -1;
		if (!r && i->type != VC_IFACE_SERVER)
			return vc_x_err(x, s, "type '%s' requires a source address", tn);
		if ((r = vc_x_uint(x, s, "port", 1, 65535, &i->source_port)) < 0)
			return -1;
		if (!r)
			return vc_x_err(x, s, "type '%s' requires a source port", tn);
		i->has_source_port = 1;
		if (i->type != VC_IFACE_UDP)
			return 0;
		if (!(c = vc_x_child(x, s, "local")))
			return vc_x_err(x, s, "type 'udp' requires <local address port/>");
		if ((r = ip_attr(x, c, "address", &i->local_address, &fam)) <= 0)
			return r ? -1 : vc_x_err(x, c, "missing attribute 'address'");
		if ((r = vc_x_uint(x, c, "port", 1, 65535, &i->local_port)) <= 0)
			return r ? -1 : vc_x_err(x, c, "missing attribute 'port'");
		return 0;
	case VC_IFACE_VDS:
		if (!s)
			return vc_x_err(x, n, "type 'vds' requires <source switchid/>");
		if (uuid_attr(x, s, "switchid", i->vds_switchid, &v) < 0)
			return -1;
		if (!xmlHasProp(s, (const xmlChar *)"switchid"))
			return vc_x_err(x, s, "missing attribute 'switchid'");
		{
			unsigned long long u;

			if ((r = vc_x_ull(x, s, "portid", 0, 0x7fffffffffffffffULL, &u)) < 0)
				return -1;
			i->has_vds_portid = r;
			i->vds_portid = u;
			if ((r = vc_x_ull(x, s, "connectionid", 0,
			                  0x7fffffffffffffffULL, &u)) < 0)
				return -1;
			i->has_vds_connectionid = r;
			i->vds_connectionid = u;
		}
		i->vds_portgroupid = vc_x_attr(x, s, "portgroupid");
		return 0;
	case VC_IFACE_NULL:
	default:
		return 0;   /* a <source> here stays unread: reported as unknown */
	}
}

/* ---- <vlan> ---- */

static int
parse_vlan(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr v, t;
	unsigned id;
	int trunk, native, nnative = 0, r;

	if (!(v = vc_x_child(x, n, "vlan")))
		return 0;
	if (vc_x_yesno(x, v, "trunk", &trunk) < 0)
		return -1;
	for (t = vc_x_child(x, v, "tag"); t; t = vc_x_next(t, "tag")) {
		native = 0;
		if ((r = vc_x_uint(x, t, "id", 0, 4095, &id)) <= 0)
			return r ? -1 : vc_x_err(x, t, "missing attribute 'id'");
		if (vc_x_enum(x, t, "nativeMode", vc_vlan_native_names, &native) < 0)
			return -1;
		if (native && nnative++)
			return vc_x_err(x, t, "only one tag may have a nativeMode");
		i->vlan_tags = vc_realloc(i->vlan_tags,
		                          (i->nvlan_tags + 1) * sizeof(*i->vlan_tags));
		i->vlan_native_modes = vc_realloc(i->vlan_native_modes,
		        (i->nvlan_tags + 1) * sizeof(*i->vlan_native_modes));
		i->vlan_tags[i->nvlan_tags] = id;
		i->vlan_native_modes[i->nvlan_tags++] = native;
	}
	if (!i->nvlan_tags)
		return vc_x_err(x, v, "needs at least one <tag id/>");
	if (i->nvlan_tags > 1 && trunk != VC_TRI_YES)
		return vc_x_err(x, v, "%zu tags need trunk='yes'", i->nvlan_tags);
	if (nnative && trunk == VC_TRI_NO)
		return vc_x_err(x, v, "nativeMode is not allowed with trunk='no'");
	i->vlan_trunk = trunk == VC_TRI_YES;
	return 0;
}

/* ---- <virtualport> ---- */

/* which parameters each type takes */
enum { VP_MANAGER = 1, VP_TYPEID = 2, VP_TYPEIDVER = 4, VP_INSTANCE = 8,
       VP_PROFILE = 16, VP_INTERFACE = 32 };
static const unsigned vport_allowed[] = {
	[VC_VPORT_NONE] = 63,
	[VC_VPORT_8021QBG] = VP_MANAGER | VP_TYPEID | VP_TYPEIDVER | VP_INSTANCE,
	[VC_VPORT_8021QBH] = VP_PROFILE,
	[VC_VPORT_OPENVSWITCH] = VP_PROFILE | VP_INTERFACE,
	[VC_VPORT_MIDONET] = VP_INTERFACE,
};
static const char *const vport_param_names[] = {
	"managerid", "typeid", "typeidversion", "instanceid", "profileid",
	"interfaceid",
};

static int
parse_vport(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr v, p;
	unsigned have = 0, need = 0, bit;
	int r, k;

	if (!(v = vc_x_child(x, n, "virtualport")))
		return 0;
	switch (i->type) {
	case VC_IFACE_NETWORK:
	case VC_IFACE_BRIDGE:
	case VC_IFACE_DIRECT:
	case VC_IFACE_HOSTDEV:
		break;
	default:
		return vc_x_err(x, v, "not supported with type '%s'",
		                vc_iface_type_names[i->type]);
	}
	i->has_vport = 1;
	if (vc_x_enum(x, v, "type", vc_vport_type_names, &i->vport_type) < 0)
		return -1;
	if ((p = vc_x_child(x, v, "parameters"))) {
		if ((r = vc_x_uint(x, p, "managerid", 0, 255,
		                   &i->vport_managerid)) < 0)
			return -1;
		i->has_vport_managerid = r;
		if ((r = vc_x_uint(x, p, "typeid", 0, 0xffffff,
		                   &i->vport_typeid)) < 0)
			return -1;
		i->has_vport_typeid = r;
		if ((r = vc_x_uint(x, p, "typeidversion", 0, 255,
		                   &i->vport_typeidversion)) < 0)
			return -1;
		i->has_vport_typeidversion = r;
		if (uuid_attr(x, p, "instanceid", i->vport_instanceid,
		              &i->has_vport_instanceid) < 0)
			return -1;
		if (uuid_attr(x, p, "interfaceid", i->vport_interfaceid,
		              &i->has_vport_interfaceid) < 0)
			return -1;
		if ((i->vport_profileid = vc_x_attr(x, p, "profileid"))) {
			if (!*i->vport_profileid || strlen(i->vport_profileid) > 39)
				return vc_x_err(x, p, "profileid '%s' must be 1-39 characters",
				                i->vport_profileid);
		}
	}
	have = (i->has_vport_managerid ? VP_MANAGER : 0) |
	       (i->has_vport_typeid ? VP_TYPEID : 0) |
	       (i->has_vport_typeidversion ? VP_TYPEIDVER : 0) |
	       (i->has_vport_instanceid ? VP_INSTANCE : 0) |
	       (i->vport_profileid ? VP_PROFILE : 0) |
	       (i->has_vport_interfaceid ? VP_INTERFACE : 0);
	for (k = 0, bit = 1; k < 6; k++, bit <<= 1)
		if ((have & bit) && !(vport_allowed[i->vport_type] & bit))
			return vc_x_err(x, p, "%s not allowed with type '%s'",
			                vport_param_names[k],
			                vc_vport_type_names[i->vport_type]);
	/* a network's portgroup may complete the profile; a direct one may not */
	if (i->type != VC_IFACE_NETWORK) {
		if (!i->vport_type)
			return vc_x_err(x, v, "missing attribute 'type'");
		if (i->vport_type == VC_VPORT_8021QBG)
			need = VP_MANAGER | VP_TYPEID | VP_TYPEIDVER;
		else if (i->vport_type == VC_VPORT_8021QBH)
			need = VP_PROFILE;
	}
	if (i->vport_type == VC_VPORT_MIDONET)
		need = VP_INTERFACE;
	for (k = 0, bit = 1; k < 6; k++, bit <<= 1)
		if ((need & bit) && !(have & bit))
			return vc_x_err(x, p ? p : v, "type '%s' requires parameter %s",
			                vc_vport_type_names[i->vport_type],
			                vport_param_names[k]);
	return 0;
}

/* ---- <bandwidth> ---- */

#define SPEED_MAX 18014398509481984ULL

static int
parse_rate(struct vc_x *x, xmlNodePtr c, struct vc_iface_rate *rt, int inbound,
           int floor_ok)
{
	int ra, rf, r;

	rt->set = 1;
	if ((ra = vc_x_ull(x, c, "average", 1, SPEED_MAX, &rt->average)) < 0)
		return -1;
	if (vc_x_ull(x, c, "peak", 1, SPEED_MAX, &rt->peak) < 0)
		return -1;
	if ((rf = vc_x_ull(x, c, "floor", 1, SPEED_MAX, &rt->floor)) < 0)
		return -1;
	if ((r = vc_x_uint(x, c, "burst", 1, ~0u, &rt->burst)) < 0)
		return -1;
	if (rf && !inbound)
		return vc_x_err(x, c, "floor is only allowed in <inbound>");
	if (rf && !floor_ok)
		return vc_x_err(x, c, "floor is only supported with type 'network'");
	if (!ra && !rf)
		return vc_x_err(x, c, "needs average or floor");
	if (!ra && (rt->peak || r))
		return vc_x_err(x, c, "peak and burst need average");
	return 0;
}

static int
parse_bandwidth(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr bw, c;
	int fl = i->type == VC_IFACE_NETWORK;

	if (!(bw = vc_x_child(x, n, "bandwidth")))
		return 0;
	if ((c = vc_x_child(x, bw, "inbound")) &&
	    parse_rate(x, c, &i->bw_in, 1, fl) < 0)
		return -1;
	if ((c = vc_x_child(x, bw, "outbound")) &&
	    parse_rate(x, c, &i->bw_out, 0, fl) < 0)
		return -1;
	return 0;
}

/* ---- <portForward> ---- */

static int
parse_portfwd(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr c, rn;
	struct vc_iface_portfwd *pf;
	struct vc_iface_range *rg;
	int r;

	for (c = vc_x_child(x, n, "portForward"); c; c = vc_x_next(c, "portForward")) {
		if (i->backend_type != VC_IFACE_BACKEND_PASST)
			return vc_x_err(x, c, "needs <backend type='passt'/>");
		VC_GROW(i->portfwds, i->nportfwds);
		pf = &i->portfwds[i->nportfwds++];
		memset(pf, 0, sizeof(*pf));
		if ((r = vc_x_enum(x, c, "proto", vc_proto_names, &pf->proto)) <= 0)
			return r ? -1 : vc_x_err(x, c, "missing attribute 'proto'");
		if (ip_attr(x, c, "address", &pf->address, NULL) < 0)
			return -1;
		pf->dev = vc_x_attr(x, c, "dev");
		for (rn = vc_x_child(x, c, "range"); rn; rn = vc_x_next(rn, "range")) {
			pf->ranges = vc_realloc(pf->ranges,
			                        (pf->nranges + 1) * sizeof(*rg));
			rg = &pf->ranges[pf->nranges++];
			memset(rg, 0, sizeof(*rg));
			if ((r = vc_x_uint(x, rn, "start", 1, 65535, &rg->start)) <= 0)
				return r ? -1 : vc_x_err(x, rn, "missing attribute 'start'");
			if (vc_x_uint(x, rn, "end", 1, 65535, &rg->end) < 0 ||
			    vc_x_uint(x, rn, "to", 1, 65535, &rg->to) < 0 ||
			    vc_x_yesno(x, rn, "exclude", &rg->exclude) < 0)
				return -1;
			if (rg->end && rg->end < rg->start)
				return vc_x_err(x, rn, "end %u is below start %u",
				                rg->end, rg->start);
		}
	}
	return 0;
}

/* ---- <driver> ---- */

static int
pow2(unsigned v)
{
	return v && !(v & (v - 1));
}

static int
parse_driver(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr d, c;
	int k, r;

	if (!(d = vc_x_child(x, n, "driver")))
		return 0;
	if (i->type == VC_IFACE_HOSTDEV) {
		if (vc_x_enum(x, d, "name", vc_iface_hostdev_driver_names,
		              &i->hostdev_driver) < 0)
			return -1;
		if (i->hostdev_driver == VC_IFACE_HDRV_DEFAULT)
			i->hostdev_driver = VC_IFACE_HDRV_NONE;
		vc_x_use_tree(d);   /* virtio tuning has no meaning for a VF */
		return 0;
	}
	if (!vc_iface_is_virtio(i)) {
		vc_x_use_tree(d);   /* as libvirt: only virtio models have one */
		return 0;
	}
	if (vc_x_enum(x, d, "name", vc_iface_driver_names, &i->drv_name) < 0 ||
	    vc_x_enum(x, d, "txmode", vc_iface_txmode_names, &i->drv_txmode) < 0 ||
	    vc_x_onoff(x, d, "ioeventfd", &i->drv_ioeventfd) < 0 ||
	    vc_x_onoff(x, d, "event_idx", &i->drv_event_idx) < 0 ||
	    vc_x_uint(x, d, "queues", 1, ~0u, &i->drv_queues) < 0 ||
	    vc_x_uint(x, d, "rx_queue_size", 1, ~0u, &i->drv_rx_queue_size) < 0 ||
	    vc_x_uint(x, d, "tx_queue_size", 1, ~0u, &i->drv_tx_queue_size) < 0 ||
	    vc_x_onoff(x, d, "rss", &i->drv_rss) < 0 ||
	    vc_x_onoff(x, d, "rss_hash_report", &i->drv_rss_hash_report) < 0 ||
	    vc_x_onoff(x, d, "iommu", &i->drv_iommu) < 0 ||
	    vc_x_onoff(x, d, "ats", &i->drv_ats) < 0 ||
	    vc_x_onoff(x, d, "packed", &i->drv_packed) < 0 ||
	    vc_x_onoff(x, d, "page_per_vq", &i->drv_page_per_vq) < 0)
		return -1;
	if (i->drv_rx_queue_size && !pow2(i->drv_rx_queue_size))
		return vc_x_err(x, d, "rx_queue_size %u is not a power of two",
		                i->drv_rx_queue_size);
	if (i->drv_tx_queue_size && !pow2(i->drv_tx_queue_size))
		return vc_x_err(x, d, "tx_queue_size %u is not a power of two",
		                i->drv_tx_queue_size);
	if ((c = vc_x_child(x, d, "host")))
		for (k = 0; k < VC_HOFF_LAST; k++)
			if ((r = vc_x_onoff(x, c, host_off_attrs[k], &i->drv_host[k])) < 0)
				return -1;
	if ((c = vc_x_child(x, d, "guest")))
		for (k = 0; k < VC_GOFF_LAST; k++)
			if ((r = vc_x_onoff(x, c, guest_off_attrs[k], &i->drv_guest[k])) < 0)
				return -1;
	return 0;
}

/* ---- <model>, <target>, and the rest ---- */

static int
parse_model(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr c;
	const char *p;
	int k;

	if (!(c = vc_x_child(x, n, "model")))
		return 0;
	if (!(i->model = vc_x_attr_req(x, c, "type")))
		return -1;
	for (p = i->model; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '-' && *p != '_')
			break;
	if (*p || !*i->model)
		return vc_x_err(x, c, "invalid model type '%s'", i->model);
	for (k = 0; known_models[k]; k++)
		if (!strcasecmp(known_models[k], i->model)) {
			free(i->model);
			i->model = vc_strdup(known_models[k]);
			break;
		}
	return 0;
}

static int
parse_target(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr c;
	int k;

	if (!(c = vc_x_child(x, n, "target")))
		return 0;
	if (!(i->target_dev = vc_x_attr_req(x, c, "dev")))
		return -1;
	if (vc_x_yesno(x, c, "managed", &i->target_managed) < 0)
		return -1;
	if (i->target_managed == VC_TRI_NO)
		return 0;
	for (k = 0; generated_ifnames[k]; k++)
		if (!strncmp(i->target_dev, generated_ifnames[k],
		             strlen(generated_ifnames[k]))) {
			free(i->target_dev);
			i->target_dev = NULL;
			break;
		}
	return 0;
}

static int
parse_filterref(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr f, p;
	struct vc_iface_param *pa;

	if (!(f = vc_x_child(x, n, "filterref")))
		return 0;
	switch (i->type) {
	case VC_IFACE_ETHERNET:
	case VC_IFACE_NETWORK:
	case VC_IFACE_BRIDGE:
		break;
	default:
		vc_x_use_tree(f);   /* libvirt drops it for types without a tap */
		return 0;
	}
	if (!(i->filter = vc_x_attr_req(x, f, "filter")))
		return -1;
	for (p = vc_x_child(x, f, "parameter"); p; p = vc_x_next(p, "parameter")) {
		i->filter_params = vc_realloc(i->filter_params,
		                              (i->nfilter_params + 1) * sizeof(*pa));
		pa = &i->filter_params[i->nfilter_params++];
		pa->name = vc_x_attr_req(x, p, "name");
		pa->value = pa->name ? vc_x_attr_req(x, p, "value") : NULL;
		if (!pa->value)
			return -1;
	}
	return 0;
}

static int
parse_misc(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr c, d;
	int r;

	i->script = child_attr(x, n, "script", "path", &c);
	if (c && !i->script)
		return vc_x_err(x, c, "missing attribute 'path'");
	i->downscript = child_attr(x, n, "downscript", "path", &c);
	if (c && !i->downscript)
		return vc_x_err(x, c, "missing attribute 'path'");
	i->backenddomain = child_attr(x, n, "backenddomain", "name", &c);
	if (c && !i->backenddomain)
		return vc_x_err(x, c, "missing attribute 'name'");
	if ((c = vc_x_child(x, n, "guest"))) {
		i->guest_dev = vc_x_attr(x, c, "dev");
		i->guest_actual = vc_x_attr(x, c, "actual");
	}
	if ((c = vc_x_child(x, n, "backend"))) {
		if (vc_x_enum(x, c, "type", vc_iface_backend_names,
		              &i->backend_type) < 0)
			return -1;
		if (i->backend_type == VC_IFACE_BACKEND_DEFAULT)
			i->backend_type = VC_IFACE_BACKEND_NONE;
		i->backend_tap = vc_x_attr(x, c, "tap");
		i->backend_vhost = vc_x_attr(x, c, "vhost");
		i->backend_logfile = vc_x_attr(x, c, "logFile");
	}
	if ((c = vc_x_child(x, n, "tune")) && (d = vc_x_child(x, c, "sndbuf"))) {
		if (vc_x_text_ull(x, d, 0, ~0ULL, &i->sndbuf) < 0)
			return -1;
		i->has_sndbuf = 1;
	}
	if ((c = vc_x_child(x, n, "teaming"))) {
		if ((r = vc_x_enum(x, c, "type", vc_teaming_names,
		                   &i->teaming_type)) <= 0)
			return r ? -1 : vc_x_err(x, c, "missing attribute 'type'");
		i->teaming_persistent = vc_x_attr(x, c, "persistent");
		if (i->teaming_type == VC_TEAMING_TRANSIENT && !i->teaming_persistent)
			return vc_x_err(x, c, "type 'transient' requires persistent='ALIAS'");
		if (i->teaming_type == VC_TEAMING_PERSISTENT && i->teaming_persistent)
			return vc_x_err(x, c, "persistent is not allowed with type 'persistent'");
	}
	if ((c = vc_x_child(x, n, "link"))) {
		if ((r = vc_x_enum(x, c, "state", vc_link_state_names,
		                   &i->link_state)) <= 0)
			return r ? -1 : vc_x_err(x, c, "missing attribute 'state'");
	}
	if ((c = vc_x_child(x, n, "mtu"))) {
		if ((r = vc_x_uint(x, c, "size", 0, 65535, &i->mtu)) <= 0)
			return r ? -1 : vc_x_err(x, c, "missing attribute 'size'");
	}
	if ((c = vc_x_child(x, n, "coalesce")) && (c = vc_x_child(x, c, "rx")) &&
	    (c = vc_x_child(x, c, "frames"))) {
		if (vc_x_uint(x, c, "max", 0, ~0u, &i->coalesce_rx_frames) < 0)
			return -1;
	}
	if ((c = vc_x_child(x, n, "port"))) {
		if (vc_x_yesno(x, c, "isolated", &i->isolated) < 0)
			return -1;
	}
	return 0;
}

/* <boot>, <alias>, <rom>, <acpi>, <address> */
static int
parse_info(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	xmlNodePtr c;
	const char *p;
	int r;

	if ((c = vc_x_child(x, n, "boot"))) {
		if ((r = vc_x_uint(x, c, "order", 1, ~0u, &i->boot_order)) <= 0)
			return r ? -1 : vc_x_err(x, c, "missing attribute 'order'");
		if ((i->boot_loadparm = vc_x_attr(x, c, "loadparm"))) {
			for (p = i->boot_loadparm; *p; p++)
				if (!strchr("abcdefghijklmnopqrstuvwxyz"
				            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789. ", *p))
					break;
			if (*p || !*i->boot_loadparm || strlen(i->boot_loadparm) > 8)
				return vc_x_err(x, c, "invalid loadparm '%s'",
				                i->boot_loadparm);
		}
	}
	if ((c = vc_x_child(x, n, "alias"))) {
		if (!(i->alias = vc_x_attr_req(x, c, "name")))
			return -1;
		/* only user aliases survive a define; others are the host's */
		if (strncmp(i->alias, "ua-", 3)) {
			free(i->alias);
			i->alias = NULL;
		}
	}
	if ((c = vc_x_child(x, n, "rom"))) {
		if (vc_x_yesno(x, c, "enabled", &i->rom_enabled) < 0 ||
		    vc_x_onoff(x, c, "bar", &i->rom_bar) < 0)
			return -1;
		i->rom_file = vc_x_attr(x, c, "file");
		if (i->rom_enabled == VC_TRI_NO && (i->rom_bar || i->rom_file))
			return vc_x_err(x, c, "bar and file need an enabled ROM");
	}
	if ((c = vc_x_child(x, n, "acpi"))) {
		if (vc_x_uint(x, c, "index", 0, ~0u, &i->acpi_index) < 0)
			return -1;
	}
	return vc_addr_parse_child(x, n, &i->addr);
}

static int
parse_mac(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	static const unsigned char zero[6];
	xmlNodePtr c;
	char *s;
	int r = 0;

	if (!(c = vc_x_child(x, n, "mac")))
		return 0;
	if (!(s = vc_x_attr_req(x, c, "address")))
		return -1;
	if (vc_mac_parse(s, i->mac) < 0)
		r = vc_x_err(x, c, "invalid MAC address '%s'", s);
	else if (i->mac[0] & 1)
		r = vc_x_err(x, c, "expected a unicast MAC address, "
		             "found multicast '%s'", s);
	else
		i->has_mac = memcmp(i->mac, zero, 6) != 0;   /* zero: pick one */
	free(s);
	if (r < 0)
		return -1;
	if (vc_x_enum(x, c, "type", vc_mac_type_names, &i->mac_type) < 0 ||
	    vc_x_yesno(x, c, "check", &i->mac_check) < 0)
		return -1;
	return 0;
}

static int
parse_iface(struct vc_x *x, xmlNodePtr n, struct vc_iface *i)
{
	int r;

	if ((r = vc_x_enum(x, n, "type", vc_iface_type_names, &i->type)) < 0)
		return -1;
	if (!r)
		i->type = VC_IFACE_USER;   /* libvirt's default */
	if (i->type == VC_IFACE_HOSTDEV &&
	    vc_x_yesno(x, n, "managed", &i->managed) < 0)
		return -1;
	if (vc_x_yesno(x, n, "trustGuestRxFilters", &i->trust_guest_rx_filters) < 0)
		return -1;
	if (parse_mac(x, n, i) < 0 ||
	    parse_model(x, n, i) < 0 ||
	    parse_source(x, n, i) < 0 ||
	    parse_vlan(x, n, i) < 0 ||
	    parse_vport(x, n, i) < 0 ||
	    parse_bandwidth(x, n, i) < 0 ||
	    parse_ipinfo(x, n, &i->guest_ip) < 0 ||
	    parse_target(x, n, i) < 0 ||
	    parse_misc(x, n, i) < 0 ||
	    parse_portfwd(x, n, i) < 0 ||
	    parse_driver(x, n, i) < 0 ||
	    parse_filterref(x, n, i) < 0 ||
	    parse_info(x, n, i) < 0)
		return -1;
	if (i->type == VC_IFACE_VHOSTUSER &&
	    i->backend_type != VC_IFACE_BACKEND_PASST &&
	    (!i->source_path || !i->source_mode))
		return vc_x_err(x, n, "type 'vhostuser' requires "
		                "<source type='unix' path='...' mode='server|client'/>");
	return 0;
}

void *
vc_dev_interface_parse(struct vc_x *x, xmlNodePtr n, int kind)
{
	struct vc_iface *i = vc_calloc(1, sizeof(*i));

	(void)kind;
	if (parse_iface(x, n, i) < 0) {
		vc_dev_interface_free(i);
		return NULL;
	}
	return i;
}

struct vc_iface *
vc_iface_parse_string(const char *xml, size_t len, const char *file)
{
	struct vc_x x = { 0 };
	xmlNodePtr root;
	struct vc_iface *i = NULL;

	if (!(x.doc = vc_x_read(xml, len, file)))
		return NULL;
	x.file = file;
	root = xmlDocGetRootElement(x.doc);
	if (!root || strcmp((const char *)root->name, "interface")) {
		vc_x_err(&x, root, "expected an <interface> element");
		goto out;
	}
	vc_x_use(root);
	if (!(i = vc_dev_interface_parse(&x, root, VC_DEV_INTERFACE)))
		goto out;
	if (vc_x_finish(&x, root) < 0) {
		vc_dev_interface_free(i);
		i = NULL;
	}
out:
	xmlFreeDoc(x.doc);
	return i;
}

void
vc_iface_set_mac(struct vc_iface *i, const unsigned char mac[6])
{
	memcpy(i->mac, mac, 6);
	i->has_mac = 1;
}

int
vc_iface_is_virtio(const struct vc_iface *i)
{
	return i->model && (!strcmp(i->model, "virtio") ||
	                    !strcmp(i->model, "virtio-transitional") ||
	                    !strcmp(i->model, "virtio-non-transitional"));
}

/* ---- format ---- */

static void
fmt_uuid(struct vc_buf *b, const char *name, const unsigned char u[16])
{
	char s[37];

	vc_uuid_format(u, s);
	vc_f_attr(b, name, s);
}

static void
fmt_ipinfo(struct vc_buf *b, int lvl, const struct vc_iface_ipinfo *info)
{
	const struct vc_iface_ip *ip;
	const struct vc_iface_route *rt;
	size_t k;

	for (k = 0; k < info->nips; k++) {
		ip = &info->ips[k];
		vc_f_open(b, lvl, "ip");
		vc_f_attr(b, "address", ip->address);
		vc_f_attr_enum(b, "family", vc_ip_family_names, ip->family);
		if (ip->has_prefix)
			vc_f_attr_u(b, "prefix", ip->prefix);
		vc_f_attr(b, "peer", ip->peer);
		vc_f_close_empty(b);
	}
	for (k = 0; k < info->nroutes; k++) {
		rt = &info->routes[k];
		vc_f_open(b, lvl, "route");
		vc_f_attr_enum(b, "family", vc_ip_family_names, rt->family);
		vc_f_attr(b, "address", rt->address);
		vc_f_attr(b, "netmask", rt->netmask);
		if (rt->has_prefix)
			vc_f_attr_u(b, "prefix", rt->prefix);
		vc_f_attr(b, "gateway", rt->gateway);
		if (rt->has_metric)
			vc_f_attr_u(b, "metric", rt->metric);
		vc_f_close_empty(b);
	}
}

static void
fmt_source(struct vc_buf *b, int lvl, const struct vc_iface *i)
{
	int kids = 0;

	switch (i->type) {
	case VC_IFACE_NETWORK:
		/* portid is assigned at start; not part of the persistent config */
		vc_f_open(b, lvl, "source");
		vc_f_attr(b, "network", i->source_network);
		vc_f_attr(b, "portgroup", i->source_portgroup);
		break;
	case VC_IFACE_BRIDGE:
		vc_f_open(b, lvl, "source");
		vc_f_attr(b, "bridge", i->source_bridge);
		break;
	case VC_IFACE_DIRECT:
		vc_f_open(b, lvl, "source");
		vc_f_attr(b, "dev", i->source_dev);
		vc_f_attr(b, "mode", i->source_mode);
		break;
	case VC_IFACE_VDPA:
	case VC_IFACE_USER:
		if (!i->source_dev)
			return;
		vc_f_open(b, lvl, "source");
		vc_f_attr(b, "dev", i->source_dev);
		break;
	case VC_IFACE_INTERNAL:
		vc_f_open(b, lvl, "source");
		vc_f_attr(b, "name", i->source_name);
		break;
	case VC_IFACE_VHOSTUSER:
		if (!i->source_path && !i->source_mode && !i->source_dev)
			return;
		vc_f_open(b, lvl, "source");
		if (i->source_path) {
			vc_f_attr(b, "type", "unix");
			vc_f_attr(b, "path", i->source_path);
		}
		vc_f_attr(b, "mode", i->source_mode);
		vc_f_attr(b, "dev", i->source_dev);
		if (i->source_reconnect) {
			vc_f_close_open(b);
			kids = 1;
			vc_f_open(b, lvl + 1, "reconnect");
			vc_f_attr_yesno(b, "enabled", i->source_reconnect);
			if (i->has_source_reconnect_timeout)
				vc_f_attr_u(b, "timeout", i->source_reconnect_timeout);
			vc_f_close_empty(b);
		}
		break;
	case VC_IFACE_SERVER:
	case VC_IFACE_CLIENT:
	case VC_IFACE_MCAST:
	case VC_IFACE_UDP:
		vc_f_open(b, lvl, "source");
		vc_f_attr(b, "address", i->source_address);
		vc_f_attr_u(b, "port", i->source_port);
		if (i->type == VC_IFACE_UDP) {
			vc_f_close_open(b);
			kids = 1;
			vc_f_open(b, lvl + 1, "local");
			vc_f_attr(b, "address", i->local_address);
			vc_f_attr_u(b, "port", i->local_port);
			vc_f_close_empty(b);
		}
		break;
	case VC_IFACE_VDS:
		vc_f_open(b, lvl, "source");
		fmt_uuid(b, "switchid", i->vds_switchid);
		if (i->has_vds_portid)
			vc_f_attr_i(b, "portid", i->vds_portid);
		vc_f_attr(b, "portgroupid", i->vds_portgroupid);
		if (i->has_vds_connectionid)
			vc_f_attr_i(b, "connectionid", i->vds_connectionid);
		break;
	case VC_IFACE_HOSTDEV:
		vc_f_open(b, lvl, "source");
		vc_f_close_open(b);
		kids = 1;
		if (i->has_usb_id) {
			vc_f_open(b, lvl + 1, "vendor");
			vc_f_attr_x(b, "id", i->usb_vendor, 4);
			vc_f_close_empty(b);
			vc_f_open(b, lvl + 1, "product");
			vc_f_attr_x(b, "id", i->usb_product, 4);
			vc_f_close_empty(b);
		}
		if (i->hostdev_src.type == VC_ADDR_USB) {
			if (i->hostdev_src.has_bus) {
				/* the schema wants no type next to vendor/product */
				vc_f_open(b, lvl + 1, "address");
				if (!i->has_usb_id)
					vc_f_attr(b, "type", "usb");
				vc_f_attr_u(b, "bus", i->hostdev_src.bus);
				vc_f_attr_u(b, "device", i->usb_device);
				vc_f_close_empty(b);
			}
		} else {
			vc_addr_format(b, lvl + 1, &i->hostdev_src);
		}
		break;
	case VC_IFACE_ETHERNET:
		if (!i->host_ip.nips && !i->host_ip.nroutes)
			return;
		vc_f_open(b, lvl, "source");
		break;
	default:
		return;
	}
	if (i->host_ip.nips || i->host_ip.nroutes) {
		if (!kids)
			vc_f_close_open(b);
		kids = 1;
		fmt_ipinfo(b, lvl + 1, &i->host_ip);
	}
	if (kids)
		vc_f_end(b, lvl, "source");
	else
		vc_f_close_empty(b);
}

static void
fmt_vlan(struct vc_buf *b, int lvl, const struct vc_iface *i)
{
	size_t k;

	if (!i->nvlan_tags)
		return;
	vc_f_open(b, lvl, "vlan");
	if (i->vlan_trunk)
		vc_f_attr(b, "trunk", "yes");
	vc_f_close_open(b);
	for (k = 0; k < i->nvlan_tags; k++) {
		vc_f_open(b, lvl + 1, "tag");
		vc_f_attr_u(b, "id", i->vlan_tags[k]);
		vc_f_attr_enum(b, "nativeMode", vc_vlan_native_names,
		               i->vlan_native_modes[k]);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "vlan");
}

static void
fmt_vport(struct vc_buf *b, int lvl, const struct vc_iface *i)
{
	int params;

	if (!i->has_vport)
		return;
	params = i->has_vport_managerid || i->has_vport_typeid ||
	         i->has_vport_typeidversion || i->has_vport_instanceid ||
	         i->has_vport_interfaceid || i->vport_profileid;
	vc_f_open(b, lvl, "virtualport");
	vc_f_attr_enum(b, "type", vc_vport_type_names, i->vport_type);
	if (!params) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_f_open(b, lvl + 1, "parameters");
	if (i->has_vport_managerid)
		vc_f_attr_u(b, "managerid", i->vport_managerid);
	if (i->has_vport_typeid)
		vc_f_attr_u(b, "typeid", i->vport_typeid);
	if (i->has_vport_typeidversion)
		vc_f_attr_u(b, "typeidversion", i->vport_typeidversion);
	if (i->has_vport_instanceid)
		fmt_uuid(b, "instanceid", i->vport_instanceid);
	if (i->has_vport_interfaceid)
		fmt_uuid(b, "interfaceid", i->vport_interfaceid);
	vc_f_attr(b, "profileid", i->vport_profileid);
	vc_f_close_empty(b);
	vc_f_end(b, lvl, "virtualport");
}

static void
fmt_rate(struct vc_buf *b, int lvl, const char *elem,
         const struct vc_iface_rate *rt)
{
	if (!rt->set)
		return;
	vc_f_open(b, lvl, elem);
	if (rt->average)
		vc_f_attr_u(b, "average", rt->average);
	if (rt->peak)
		vc_f_attr_u(b, "peak", rt->peak);
	if (rt->floor)
		vc_f_attr_u(b, "floor", rt->floor);
	if (rt->burst)
		vc_f_attr_u(b, "burst", rt->burst);
	vc_f_close_empty(b);
}

static void
fmt_portfwd(struct vc_buf *b, int lvl, const struct vc_iface *i)
{
	const struct vc_iface_portfwd *pf;
	const struct vc_iface_range *rg;
	size_t k, m;

	for (k = 0; k < i->nportfwds; k++) {
		pf = &i->portfwds[k];
		vc_f_open(b, lvl, "portForward");
		vc_f_attr_enum(b, "proto", vc_proto_names, pf->proto);
		vc_f_attr(b, "address", pf->address);
		vc_f_attr(b, "dev", pf->dev);
		if (!pf->nranges) {
			vc_f_close_empty(b);
			continue;
		}
		vc_f_close_open(b);
		for (m = 0; m < pf->nranges; m++) {
			rg = &pf->ranges[m];
			vc_f_open(b, lvl + 1, "range");
			vc_f_attr_u(b, "start", rg->start);
			if (rg->end)
				vc_f_attr_u(b, "end", rg->end);
			if (rg->to)
				vc_f_attr_u(b, "to", rg->to);
			vc_f_attr_yesno(b, "exclude", rg->exclude);
			vc_f_close_empty(b);
		}
		vc_f_end(b, lvl, "portForward");
	}
}

static void
fmt_driver(struct vc_buf *b, int lvl, const struct vc_iface *i)
{
	int k, host = 0, guest = 0;

	if (i->type == VC_IFACE_HOSTDEV) {
		if (i->hostdev_driver) {
			vc_f_open(b, lvl, "driver");
			vc_f_attr_enum(b, "name", vc_iface_hostdev_driver_names,
			               i->hostdev_driver);
			vc_f_close_empty(b);
		}
		return;
	}
	for (k = 0; k < VC_HOFF_LAST; k++)
		host |= i->drv_host[k];
	for (k = 0; k < VC_GOFF_LAST; k++)
		guest |= i->drv_guest[k];
	if (!i->drv_name && !i->drv_txmode && !i->drv_ioeventfd &&
	    !i->drv_event_idx && !i->drv_queues && !i->drv_rx_queue_size &&
	    !i->drv_tx_queue_size && !i->drv_rss && !i->drv_rss_hash_report &&
	    !i->drv_iommu && !i->drv_ats && !i->drv_packed &&
	    !i->drv_page_per_vq && !host && !guest)
		return;
	vc_f_open(b, lvl, "driver");
	vc_f_attr_enum(b, "name", vc_iface_driver_names, i->drv_name);
	vc_f_attr_enum(b, "txmode", vc_iface_txmode_names, i->drv_txmode);
	vc_f_attr_onoff(b, "ioeventfd", i->drv_ioeventfd);
	vc_f_attr_onoff(b, "event_idx", i->drv_event_idx);
	if (i->drv_queues)
		vc_f_attr_u(b, "queues", i->drv_queues);
	if (i->drv_rx_queue_size)
		vc_f_attr_u(b, "rx_queue_size", i->drv_rx_queue_size);
	if (i->drv_tx_queue_size)
		vc_f_attr_u(b, "tx_queue_size", i->drv_tx_queue_size);
	vc_f_attr_onoff(b, "rss", i->drv_rss);
	vc_f_attr_onoff(b, "rss_hash_report", i->drv_rss_hash_report);
	vc_f_attr_onoff(b, "iommu", i->drv_iommu);
	vc_f_attr_onoff(b, "ats", i->drv_ats);
	vc_f_attr_onoff(b, "packed", i->drv_packed);
	vc_f_attr_onoff(b, "page_per_vq", i->drv_page_per_vq);
	if (!host && !guest) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	if (host) {
		vc_f_open(b, lvl + 1, "host");
		for (k = 0; k < VC_HOFF_LAST; k++)
			vc_f_attr_onoff(b, host_off_attrs[k], i->drv_host[k]);
		vc_f_close_empty(b);
	}
	if (guest) {
		vc_f_open(b, lvl + 1, "guest");
		for (k = 0; k < VC_GOFF_LAST; k++)
			vc_f_attr_onoff(b, guest_off_attrs[k], i->drv_guest[k]);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "driver");
}

static void
fmt_empty1(struct vc_buf *b, int lvl, const char *elem, const char *attr,
           const char *val)
{
	if (!val)
		return;
	vc_f_open(b, lvl, elem);
	vc_f_attr(b, attr, val);
	vc_f_close_empty(b);
}

void
vc_dev_interface_format(struct vc_buf *b, int lvl, const void *dev, int kind)
{
	const struct vc_iface *i = dev;
	int l = lvl + 1;
	size_t k;
	char mac[18];

	(void)kind;
	vc_f_open(b, lvl, "interface");
	vc_f_attr_enum(b, "type", vc_iface_type_names, i->type);
	if (i->type == VC_IFACE_HOSTDEV && i->managed == VC_TRI_YES)
		vc_f_attr(b, "managed", "yes");
	vc_f_attr_yesno(b, "trustGuestRxFilters", i->trust_guest_rx_filters);
	vc_f_close_open(b);

	if (i->has_mac) {
		vc_mac_format(i->mac, mac);
		vc_f_open(b, l, "mac");
		vc_f_attr(b, "address", mac);
		vc_f_attr_enum(b, "type", vc_mac_type_names, i->mac_type);
		vc_f_attr_yesno(b, "check", i->mac_check);
		vc_f_close_empty(b);
	}
	fmt_source(b, l, i);
	fmt_vlan(b, l, i);
	fmt_vport(b, l, i);
	if (i->bw_in.set || i->bw_out.set) {
		vc_f_open(b, l, "bandwidth");
		vc_f_close_open(b);
		fmt_rate(b, l + 1, "inbound", &i->bw_in);
		fmt_rate(b, l + 1, "outbound", &i->bw_out);
		vc_f_end(b, l, "bandwidth");
	}
	if (i->isolated) {
		vc_f_open(b, l, "port");
		vc_f_attr_yesno(b, "isolated", i->isolated);
		vc_f_close_empty(b);
	}
	fmt_ipinfo(b, l, &i->guest_ip);
	fmt_portfwd(b, l, i);
	fmt_empty1(b, l, "script", "path", i->script);
	fmt_empty1(b, l, "downscript", "path", i->downscript);
	fmt_empty1(b, l, "backenddomain", "name", i->backenddomain);
	if (i->target_dev) {
		vc_f_open(b, l, "target");
		vc_f_attr(b, "dev", i->target_dev);
		if (i->target_managed == VC_TRI_NO)
			vc_f_attr(b, "managed", "no");
		vc_f_close_empty(b);
	}
	if (i->guest_dev || i->guest_actual) {
		vc_f_open(b, l, "guest");
		vc_f_attr(b, "dev", i->guest_dev);
		vc_f_attr(b, "actual", i->guest_actual);
		vc_f_close_empty(b);
	}
	fmt_empty1(b, l, "model", "type", i->model);
	fmt_driver(b, l, i);
	if (i->backend_type || i->backend_tap || i->backend_vhost ||
	    i->backend_logfile) {
		vc_f_open(b, l, "backend");
		vc_f_attr_enum(b, "type", vc_iface_backend_names, i->backend_type);
		vc_f_attr(b, "tap", i->backend_tap);
		vc_f_attr(b, "vhost", i->backend_vhost);
		vc_f_attr(b, "logFile", i->backend_logfile);
		vc_f_close_empty(b);
	}
	if (i->filter) {
		vc_f_open(b, l, "filterref");
		vc_f_attr(b, "filter", i->filter);
		if (!i->nfilter_params) {
			vc_f_close_empty(b);
		} else {
			vc_f_close_open(b);
			for (k = 0; k < i->nfilter_params; k++) {
				vc_f_open(b, l + 1, "parameter");
				vc_f_attr(b, "name", i->filter_params[k].name);
				vc_f_attr(b, "value", i->filter_params[k].value);
				vc_f_close_empty(b);
			}
			vc_f_end(b, l, "filterref");
		}
	}
	if (i->has_sndbuf) {
		vc_f_open(b, l, "tune");
		vc_f_close_open(b);
		vc_buf_indent(b, l + 1);
		vc_buf_printf(b, "<sndbuf>%llu</sndbuf>\n", i->sndbuf);
		vc_f_end(b, l, "tune");
	}
	if (i->teaming_type) {
		vc_f_open(b, l, "teaming");
		vc_f_attr_enum(b, "type", vc_teaming_names, i->teaming_type);
		vc_f_attr(b, "persistent", i->teaming_persistent);
		vc_f_close_empty(b);
	}
	if (i->link_state) {
		vc_f_open(b, l, "link");
		vc_f_attr_enum(b, "state", vc_link_state_names, i->link_state);
		vc_f_close_empty(b);
	}
	if (i->mtu) {
		vc_f_open(b, l, "mtu");
		vc_f_attr_u(b, "size", i->mtu);
		vc_f_close_empty(b);
	}
	if (i->coalesce_rx_frames) {
		vc_f_open(b, l, "coalesce");
		vc_f_close_open(b);
		vc_f_open(b, l + 1, "rx");
		vc_f_close_open(b);
		vc_f_open(b, l + 2, "frames");
		vc_f_attr_u(b, "max", i->coalesce_rx_frames);
		vc_f_close_empty(b);
		vc_f_end(b, l + 1, "rx");
		vc_f_end(b, l, "coalesce");
	}
	if (i->boot_order) {
		vc_f_open(b, l, "boot");
		vc_f_attr_u(b, "order", i->boot_order);
		vc_f_attr(b, "loadparm", i->boot_loadparm);
		vc_f_close_empty(b);
	}
	fmt_empty1(b, l, "alias", "name", i->alias);
	if (i->rom_enabled || i->rom_bar || i->rom_file) {
		vc_f_open(b, l, "rom");
		vc_f_attr_yesno(b, "enabled", i->rom_enabled);
		vc_f_attr_onoff(b, "bar", i->rom_bar);
		vc_f_attr(b, "file", i->rom_file);
		vc_f_close_empty(b);
	}
	if (i->acpi_index) {
		vc_f_open(b, l, "acpi");
		vc_f_attr_u(b, "index", i->acpi_index);
		vc_f_close_empty(b);
	}
	vc_addr_format(b, l, &i->addr);
	vc_f_end(b, lvl, "interface");
}

/* ---- free ---- */

static void
free_ipinfo(struct vc_iface_ipinfo *info)
{
	size_t k;

	for (k = 0; k < info->nips; k++) {
		free(info->ips[k].address);
		free(info->ips[k].peer);
	}
	for (k = 0; k < info->nroutes; k++) {
		free(info->routes[k].address);
		free(info->routes[k].netmask);
		free(info->routes[k].gateway);
	}
	free(info->ips);
	free(info->routes);
}

void
vc_dev_interface_free(void *dev)
{
	struct vc_iface *i = dev;
	size_t k;

	if (!i)
		return;
	free(i->source_network);
	free(i->source_portgroup);
	free(i->source_bridge);
	free(i->source_dev);
	free(i->source_mode);
	free(i->source_path);
	free(i->source_address);
	free(i->local_address);
	free(i->source_name);
	free(i->vds_portgroupid);
	vc_addr_clear(&i->hostdev_src);
	free_ipinfo(&i->host_ip);
	free(i->vlan_tags);
	free(i->vlan_native_modes);
	free(i->vport_profileid);
	free_ipinfo(&i->guest_ip);
	for (k = 0; k < i->nportfwds; k++) {
		free(i->portfwds[k].address);
		free(i->portfwds[k].dev);
		free(i->portfwds[k].ranges);
	}
	free(i->portfwds);
	free(i->script);
	free(i->downscript);
	free(i->backenddomain);
	free(i->target_dev);
	free(i->guest_dev);
	free(i->guest_actual);
	free(i->model);
	free(i->backend_tap);
	free(i->backend_vhost);
	free(i->backend_logfile);
	free(i->filter);
	for (k = 0; k < i->nfilter_params; k++) {
		free(i->filter_params[k].name);
		free(i->filter_params[k].value);
	}
	free(i->filter_params);
	free(i->teaming_persistent);
	free(i->rom_file);
	free(i->boot_loadparm);
	free(i->alias);
	vc_addr_clear(&i->addr);
	free(i);
}
