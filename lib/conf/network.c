/* network.c: <network> XML, libvirt's format: parse with validation, canonical format */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "conf/network.h"

const char *const vc_net_fwd_names[] = {
	"", "nat", "route", "open", "bridge", "private", "vepa", "passthrough", "hostdev", NULL,
};
const char *const vc_net_driver_names[] = { "", "kvm", "vfio", "xen", NULL };
const char *const vc_net_mtm_names[] = { "", "kernel", "libvirt", NULL };
const char *const vc_net_family_names[] = { "", "ipv4", "ipv6", NULL };
const char *const vc_net_lease_unit_names[] = { "", "seconds", "minutes", "hours", NULL };
const char *const vc_net_vport_names[] = {
	"", "802.1Qbg", "802.1Qbh", "openvswitch", "midonet", NULL,
};
const char *const vc_net_native_names[] = { "", "tagged", "untagged", NULL };

/* ---- freeing ---- */

static void
vlan_free(struct vc_net_vlan *v)
{
	free(v->tags);
	free(v->native);
}

static void
vport_free(struct vc_net_vport *v)
{
	free(v->profileid);
}

static void
ip_free(struct vc_net_ip *ip)
{
	size_t i;

	free(ip->address);
	free(ip->netmask);
	free(ip->tftp_root);
	for (i = 0; i < ip->nranges; i++) {
		free(ip->ranges[i].start);
		free(ip->ranges[i].end);
	}
	free(ip->ranges);
	for (i = 0; i < ip->nhosts; i++) {
		free(ip->hosts[i].id);
		free(ip->hosts[i].name);
		free(ip->hosts[i].ip);
	}
	free(ip->hosts);
	free(ip->bootp_file);
	free(ip->bootp_server);
}

static void
dns_free(struct vc_net_dns *d)
{
	size_t i, j;

	for (i = 0; i < d->nfwds; i++) {
		free(d->fwds[i].domain);
		free(d->fwds[i].addr);
	}
	free(d->fwds);
	for (i = 0; i < d->ntxts; i++) {
		free(d->txts[i].name);
		free(d->txts[i].value);
	}
	free(d->txts);
	for (i = 0; i < d->nsrvs; i++) {
		free(d->srvs[i].service);
		free(d->srvs[i].protocol);
		free(d->srvs[i].domain);
		free(d->srvs[i].target);
	}
	free(d->srvs);
	for (i = 0; i < d->nhosts; i++) {
		free(d->hosts[i].ip);
		for (j = 0; j < d->hosts[i].nnames; j++)
			free(d->hosts[i].names[j]);
		free(d->hosts[i].names);
	}
	free(d->hosts);
}

void
vc_network_free(struct vc_network *n)
{
	size_t i;

	if (!n)
		return;
	free(n->name);
	free(n->title);
	free(n->description);
	free(n->metadata);
	free(n->fwd_driver_model);
	free(n->fwd_pf);
	for (i = 0; i < n->nfwd_ifs; i++)
		free(n->fwd_ifs[i]);
	free(n->fwd_ifs);
	free(n->fwd_addrs);
	free(n->nat_start);
	free(n->nat_end);
	free(n->bridge);
	free(n->bridge_zone);
	free(n->domain_name);
	dns_free(&n->dns);
	vlan_free(&n->vlan);
	for (i = 0; i < n->nips; i++)
		ip_free(&n->ips[i]);
	free(n->ips);
	for (i = 0; i < n->nroutes; i++) {
		free(n->routes[i].address);
		free(n->routes[i].netmask);
		free(n->routes[i].gateway);
	}
	free(n->routes);
	vport_free(&n->vport);
	for (i = 0; i < n->nportgroups; i++) {
		free(n->portgroups[i].name);
		vlan_free(&n->portgroups[i].vlan);
		vport_free(&n->portgroups[i].vport);
	}
	free(n->portgroups);
	free(n);
}

/* ---- parsing helpers ---- */

/* more than one of a child that may appear once is an error, not ignored */
static int
once(struct vc_x *x, xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	if (vc_x_count(n, name) <= 1)
		return 0;
	c = vc_x_child(x, n, name);
	return vc_x_err(x, vc_x_next(c, name), "more than one <%s>", name);
}

/* family of an address text and its bytes; 0 when it is not one */
static int
ip_bytes(const char *s, unsigned char out[16])
{
	if (inet_pton(AF_INET, s, out) == 1)
		return VC_NET_FAMILY_IPV4;
	if (inet_pton(AF_INET6, s, out) == 1)
		return VC_NET_FAMILY_IPV6;
	return 0;
}

/* an IP address attribute, stored in canonical text (as libvirt prints it);
 * 1 present, 0 absent, -1 error */
static int
ip_attr(struct vc_x *x, xmlNodePtr n, const char *attr, int req, char **out, int *fam)
{
	unsigned char buf[16];
	char txt[INET6_ADDRSTRLEN];
	char *s = req ? vc_x_attr_req(x, n, attr) : vc_x_attr(x, n, attr);
	int f;

	if (!s)
		return req ? -1 : 0;
	if (!(f = ip_bytes(s, buf))) {
		vc_x_err(x, n, "%s '%s' is not an IP address", attr, s);
		free(s);
		return -1;
	}
	free(s);
	inet_ntop(f == VC_NET_FAMILY_IPV4 ? AF_INET : AF_INET6, buf, txt, sizeof(txt));
	*out = vc_strdup(txt);
	if (fam)
		*fam = f;
	return 1;
}

static int
ip_cmp(const char *a, const char *b)
{
	unsigned char x[16] = {0}, y[16] = {0};
	int f = ip_bytes(a, x);

	ip_bytes(b, y);
	return memcmp(x, y, f == VC_NET_FAMILY_IPV4 ? 4 : 16);
}

/* a netmask is ones then zeros */
static int
netmask_ok(const char *s)
{
	unsigned char b[16];
	unsigned long m;

	if (ip_bytes(s, b) != VC_NET_FAMILY_IPV4)
		return 0;
	m = ((unsigned long)b[0] << 24) | ((unsigned long)b[1] << 16) | ((unsigned long)b[2] << 8) | b[3];
	m = ~m & 0xffffffffUL;
	return (m & (m + 1)) == 0;
}

static int
uuid_attr(struct vc_x *x, xmlNodePtr n, const char *attr, unsigned char u[16], int *has)
{
	char *s = vc_x_attr(x, n, attr);
	int r;

	if (!s)
		return 0;
	r = vc_uuid_parse(s, u);
	if (r < 0)
		vc_x_err(x, n, "%s '%s' is not a valid UUID", attr, s);
	free(s);
	if (r < 0)
		return -1;
	*has = 1;
	return 1;
}

static int
parse_vlan(struct vc_x *x, xmlNodePtr n, struct vc_net_vlan *v)
{
	xmlNodePtr t;
	unsigned id;
	int nm, natives = 0;

	if (vc_x_yesno(x, n, "trunk", &v->trunk) < 0)
		return -1;
	for (t = vc_x_child(x, n, "tag"); t; t = vc_x_next(t, "tag")) {
		if (vc_x_uint(x, t, "id", 0, 4095, &id) <= 0)
			return x->err ? -1 : vc_x_err(x, t, "missing attribute 'id'");
		nm = 0;
		if (vc_x_enum(x, t, "nativeMode", vc_net_native_names, &nm) < 0)
			return -1;
		if (nm && natives++)
			return vc_x_err(x, t, "only one tag may have a nativeMode");
		v->tags = vc_realloc(v->tags, (v->ntags + 1) * sizeof(*v->tags));
		v->native = vc_realloc(v->native, (v->ntags + 1) * sizeof(*v->native));
		v->tags[v->ntags] = id;
		v->native[v->ntags++] = nm;
	}
	if (!v->ntags)
		return vc_x_err(x, n, "a <vlan> needs at least one <tag>");
	if (v->trunk == VC_TRI_NO && (v->ntags > 1 || natives))
		return vc_x_err(x, n, "trunk='no' with more than one tag or a nativeMode");
	return 0;
}

static int
parse_vport(struct vc_x *x, xmlNodePtr n, struct vc_net_vport *v)
{
	xmlNodePtr p;
	int t = 0;

	v->present = 1;
	if (vc_x_enum(x, n, "type", vc_net_vport_names, &t) < 0 || once(x, n, "parameters") < 0)
		return -1;
	v->type = t;
	if (!(p = vc_x_child(x, n, "parameters")))
		return 0;
	if ((v->has_managerid = vc_x_uint(x, p, "managerid", 0, 255, &v->managerid)) < 0 ||
	    (v->has_typeid = vc_x_uint(x, p, "typeid", 0, 0xffffff, &v->typeid)) < 0 ||
	    (v->has_typeidversion = vc_x_uint(x, p, "typeidversion", 0, 255, &v->typeidversion)) < 0 ||
	    uuid_attr(x, p, "instanceid", v->instanceid, &v->has_instanceid) < 0 ||
	    uuid_attr(x, p, "interfaceid", v->interfaceid, &v->has_interfaceid) < 0)
		return -1;
	v->profileid = vc_x_attr(x, p, "profileid");
	if (v->profileid && (!*v->profileid || strlen(v->profileid) > 39))
		return vc_x_err(x, p, "profileid must be 1 to 39 characters");
	switch (v->type) {
	case VC_NET_VPORT_8021QBG:
		if (v->profileid || v->has_interfaceid)
			return vc_x_err(x, p, "802.1Qbg takes managerid, typeid, typeidversion, instanceid");
		break;
	case VC_NET_VPORT_8021QBH:
		if (v->has_managerid || v->has_typeid || v->has_typeidversion ||
		    v->has_instanceid || v->has_interfaceid)
			return vc_x_err(x, p, "802.1Qbh takes only a profileid");
		break;
	case VC_NET_VPORT_OPENVSWITCH:
		if (v->has_managerid || v->has_typeid || v->has_typeidversion || v->has_instanceid)
			return vc_x_err(x, p, "openvswitch takes only profileid and interfaceid");
		break;
	case VC_NET_VPORT_MIDONET:
		if (v->has_managerid || v->has_typeid || v->has_typeidversion ||
		    v->has_instanceid || v->profileid)
			return vc_x_err(x, p, "midonet takes only an interfaceid");
		break;
	}
	return 0;
}

static int
parse_rate(struct vc_x *x, xmlNodePtr n, struct vc_net_rate *r, int inbound)
{
	const unsigned long long max = ~0ULL >> 1;

	r->set = 1;
	if (vc_x_ull(x, n, "average", 0, max, &r->average) < 0 ||
	    vc_x_ull(x, n, "peak", 0, max, &r->peak) < 0 ||
	    vc_x_ull(x, n, "burst", 0, max, &r->burst) < 0 ||
	    (inbound && vc_x_ull(x, n, "floor", 0, max, &r->floor) < 0))
		return -1;
	if (!r->average && !r->floor)
		return vc_x_err(x, n, "needs a non-zero average%s", inbound ? " or floor" : "");
	return 0;
}

static int
parse_bandwidth(struct vc_x *x, xmlNodePtr n, struct vc_net_bandwidth *b)
{
	xmlNodePtr c;

	if (once(x, n, "inbound") < 0 || once(x, n, "outbound") < 0)
		return -1;
	if ((c = vc_x_child(x, n, "inbound")) && parse_rate(x, c, &b->in, 1) < 0)
		return -1;
	if ((c = vc_x_child(x, n, "outbound")) && parse_rate(x, c, &b->out, 0) < 0)
		return -1;
	return 0;
}

static int
parse_lease(struct vc_x *x, xmlNodePtr parent, struct vc_net_lease *l)
{
	xmlNodePtr c;
	int u = 0;

	if (once(x, parent, "lease") < 0)
		return -1;
	if (!(c = vc_x_child(x, parent, "lease")))
		return 0;
	if (vc_x_ull(x, c, "expiry", 0, 0xffffffffULL, &l->expiry) <= 0)
		return x->err ? -1 : vc_x_err(x, c, "missing attribute 'expiry'");
	if (vc_x_enum(x, c, "unit", vc_net_lease_unit_names, &u) < 0)
		return -1;
	l->unit = u ? u : VC_NET_LEASE_MINUTES;
	l->set = 1;
	return 0;
}

static int
parse_dhcp(struct vc_x *x, xmlNodePtr n, struct vc_net_ip *ip, int fam)
{
	xmlNodePtr c;
	int f1 = 0, f2 = 0;
	char *s;

	for (c = vc_x_child(x, n, "range"); c; c = vc_x_next(c, "range")) {
		struct vc_net_range r = {0};
		ip->ranges = vc_realloc(ip->ranges, (ip->nranges + 1) * sizeof(r));
		ip->ranges[ip->nranges++] = r;
		struct vc_net_range *p = &ip->ranges[ip->nranges - 1];
		if (ip_attr(x, c, "start", 1, &p->start, &f1) < 0 ||
		    ip_attr(x, c, "end", 1, &p->end, &f2) < 0)
			return -1;
		if (f1 != fam || f2 != fam)
			return vc_x_err(x, c, "range %s-%s is not in the %s family of its <ip>",
			    p->start, p->end, vc_net_family_names[fam]);
		if (ip_cmp(p->start, p->end) > 0)
			return vc_x_err(x, c, "range start %s is after end %s", p->start, p->end);
		if (parse_lease(x, c, &p->lease) < 0)
			return -1;
	}
	for (c = vc_x_child(x, n, "host"); c; c = vc_x_next(c, "host")) {
		struct vc_net_dhcp_host h = {0};
		ip->hosts = vc_realloc(ip->hosts, (ip->nhosts + 1) * sizeof(h));
		ip->hosts[ip->nhosts++] = h;
		struct vc_net_dhcp_host *p = &ip->hosts[ip->nhosts - 1];
		if ((s = vc_x_attr(x, c, "mac"))) {
			int r = vc_mac_parse(s, p->mac);
			if (r < 0)
				vc_x_err(x, c, "mac '%s' is not a MAC address", s);
			free(s);
			if (r < 0)
				return -1;
			p->has_mac = 1;
		}
		p->id = vc_x_attr(x, c, "id");
		p->name = vc_x_attr(x, c, "name");
		if (ip_attr(x, c, "ip", 0, &p->ip, &f1) < 0)
			return -1;
		if (p->ip && f1 != fam)
			return vc_x_err(x, c, "host ip %s is not in the %s family of its <ip>",
			    p->ip, vc_net_family_names[fam]);
		if (fam == VC_NET_FAMILY_IPV6 && p->has_mac)
			return vc_x_err(x, c, "an IPv6 static host is named by id or name, not mac");
		if (fam == VC_NET_FAMILY_IPV4 && !p->has_mac && !p->name)
			return vc_x_err(x, c, "an IPv4 static host needs a mac or a name");
		if (fam == VC_NET_FAMILY_IPV6 && !p->id && !p->name)
			return vc_x_err(x, c, "an IPv6 static host needs an id or a name");
		if (parse_lease(x, c, &p->lease) < 0)
			return -1;
	}
	if (once(x, n, "bootp") < 0)
		return -1;
	if ((c = vc_x_child(x, n, "bootp"))) {
		if (fam != VC_NET_FAMILY_IPV4)
			return vc_x_err(x, c, "bootp is only for IPv4");
		if (!(ip->bootp_file = vc_x_attr_req(x, c, "file")))
			return -1;
		ip->bootp_server = vc_x_attr(x, c, "server");
	}
	return 0;
}

static int
parse_ip(struct vc_x *x, xmlNodePtr n, struct vc_net_ip *ip)
{
	xmlNodePtr c;
	int afam = 0, fam, r;

	if (vc_x_enum(x, n, "family", vc_net_family_names, &ip->family) < 0 ||
	    vc_x_yesno(x, n, "localPtr", &ip->local_ptr) < 0 ||
	    ip_attr(x, n, "address", 1, &ip->address, &afam) < 0)
		return -1;
	fam = ip->family ? ip->family : afam;
	if (afam != fam)
		return vc_x_err(x, n, "address %s is not %s", ip->address, vc_net_family_names[fam]);
	if ((r = vc_x_uint(x, n, "prefix", 0, fam == VC_NET_FAMILY_IPV4 ? 32 : 128, &ip->prefix)) < 0)
		return -1;
	if ((ip->netmask = vc_x_attr(x, n, "netmask"))) {
		if (r)
			return vc_x_err(x, n, "netmask and prefix are exclusive");
		if (fam != VC_NET_FAMILY_IPV4)
			return vc_x_err(x, n, "netmask is only for IPv4; use prefix");
		if (!netmask_ok(ip->netmask))
			return vc_x_err(x, n, "netmask '%s' is not a valid netmask", ip->netmask);
	}
	if (once(x, n, "tftp") < 0 || once(x, n, "dhcp") < 0)
		return -1;
	if ((c = vc_x_child(x, n, "tftp"))) {
		if (fam != VC_NET_FAMILY_IPV4)
			return vc_x_err(x, c, "tftp is only for IPv4");
		if (!(ip->tftp_root = vc_x_attr_req(x, c, "root")))
			return -1;
	}
	if ((c = vc_x_child(x, n, "dhcp")) && parse_dhcp(x, c, ip, fam) < 0)
		return -1;
	return 0;
}

static int
parse_route(struct vc_x *x, xmlNodePtr n, struct vc_net_route *rt)
{
	int afam = 0, gfam = 0, fam, r;

	if (vc_x_enum(x, n, "family", vc_net_family_names, &rt->family) < 0 ||
	    ip_attr(x, n, "address", 1, &rt->address, &afam) < 0 ||
	    ip_attr(x, n, "gateway", 1, &rt->gateway, &gfam) < 0)
		return -1;
	fam = rt->family ? rt->family : afam;
	if (afam != fam || gfam != fam)
		return vc_x_err(x, n, "address and gateway must both be %s", vc_net_family_names[fam]);
	if ((r = vc_x_uint(x, n, "prefix", 0, fam == VC_NET_FAMILY_IPV4 ? 32 : 128, &rt->prefix)) < 0 ||
	    vc_x_uint(x, n, "metric", 1, 0xffffffffU, &rt->metric) < 0)
		return -1;
	if ((rt->netmask = vc_x_attr(x, n, "netmask"))) {
		if (r)
			return vc_x_err(x, n, "netmask and prefix are exclusive");
		if (fam != VC_NET_FAMILY_IPV4 || !netmask_ok(rt->netmask))
			return vc_x_err(x, n, "netmask '%s' is not a valid IPv4 netmask", rt->netmask);
	}
	return 0;
}

static int
parse_dns(struct vc_x *x, xmlNodePtr n, struct vc_net_dns *d)
{
	xmlNodePtr c, h;
	unsigned v;

	if (vc_x_yesno(x, n, "enable", &d->enable) < 0 ||
	    vc_x_yesno(x, n, "forwardPlainNames", &d->forward_plain) < 0)
		return -1;
	for (c = vc_x_child(x, n, "forwarder"); c; c = vc_x_next(c, "forwarder")) {
		struct vc_net_dns_fwd f = {0};
		int r = ip_attr(x, c, "addr", 0, &f.addr, NULL);
		f.domain = vc_x_attr(x, c, "domain");
		VC_APPEND(d->fwds, d->nfwds, f);
		if (r < 0)
			return -1;
		if (!f.addr && !f.domain)
			return vc_x_err(x, c, "a forwarder needs an addr or a domain");
	}
	for (c = vc_x_child(x, n, "txt"); c; c = vc_x_next(c, "txt")) {
		struct vc_net_dns_txt t = {0};
		t.name = vc_x_attr_req(x, c, "name");
		t.value = t.name ? vc_x_attr_req(x, c, "value") : NULL;
		VC_APPEND(d->txts, d->ntxts, t);
		if (!t.value)
			return -1;
		if (strpbrk(t.name, " \t") || !*t.name)
			return vc_x_err(x, c, "txt name '%s' may not be empty or contain spaces", t.name);
	}
	for (c = vc_x_child(x, n, "srv"); c; c = vc_x_next(c, "srv")) {
		struct vc_net_dns_srv s = {0};
		s.service = vc_x_attr_req(x, c, "service");
		s.protocol = s.service ? vc_x_attr_req(x, c, "protocol") : NULL;
		s.domain = vc_x_attr(x, c, "domain");
		s.target = vc_x_attr(x, c, "target");
		VC_APPEND(d->srvs, d->nsrvs, s);
		if (!s.protocol)
			return -1;
		if (strcmp(s.protocol, "tcp") != 0 && strcmp(s.protocol, "udp") != 0)
			return vc_x_err(x, c, "protocol '%s' is not tcp or udp", s.protocol);
		if (vc_x_uint(x, c, "port", 0, 65535, &d->srvs[d->nsrvs - 1].port) < 0 ||
		    vc_x_uint(x, c, "priority", 0, 65535, &d->srvs[d->nsrvs - 1].priority) < 0 ||
		    vc_x_uint(x, c, "weight", 0, 65535, &d->srvs[d->nsrvs - 1].weight) < 0)
			return -1;
	}
	for (c = vc_x_child(x, n, "host"); c; c = vc_x_next(c, "host")) {
		struct vc_net_dns_host hh = {0}, *p;
		VC_APPEND(d->hosts, d->nhosts, hh);
		p = &d->hosts[d->nhosts - 1];
		if (ip_attr(x, c, "ip", 1, &p->ip, NULL) < 0)
			return -1;
		for (h = vc_x_child(x, c, "hostname"); h; h = vc_x_next(h, "hostname")) {
			char *s = vc_x_text(h);
			VC_APPEND(p->names, p->nnames, s);
			if (!*s)
				return vc_x_err(x, h, "empty hostname");
		}
		if (!p->nnames)
			return vc_x_err(x, c, "a dns host needs at least one <hostname>");
	}
	(void)v;
	if (d->enable == VC_TRI_NO && (d->forward_plain || d->nfwds || d->ntxts || d->nsrvs || d->nhosts))
		return vc_x_err(x, n, "a disabled dns takes no other settings");
	return 0;
}
