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
		VC_GROW(v->tags, v->ntags);
		VC_GROW(v->native, v->ntags);
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
		struct vc_net_range r = {0}, *p;

		VC_GROW(ip->ranges, ip->nranges);
		ip->ranges[ip->nranges++] = r;
		p = &ip->ranges[ip->nranges - 1];
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
		struct vc_net_dhcp_host h = {0}, *p;
		int r;

		VC_GROW(ip->hosts, ip->nhosts);
		ip->hosts[ip->nhosts++] = h;
		p = &ip->hosts[ip->nhosts - 1];
		if ((s = vc_x_attr(x, c, "mac"))) {
			r = vc_mac_parse(s, p->mac);
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
	if (d->enable == VC_TRI_NO && (d->forward_plain || d->nfwds || d->ntxts || d->nsrvs || d->nhosts))
		return vc_x_err(x, n, "a disabled dns takes no other settings");
	return 0;
}

static int
parse_portgroup(struct vc_x *x, xmlNodePtr n, struct vc_net_portgroup *pg)
{
	xmlNodePtr c;
	int def = 0;

	if (!(pg->name = vc_x_attr_req(x, n, "name")))
		return -1;
	if (!*pg->name)
		return vc_x_err(x, n, "empty portgroup name");
	if (vc_x_yesno(x, n, "default", &def) < 0 ||
	    vc_x_yesno(x, n, "trustGuestRxFilters", &pg->trust_guest_rx) < 0)
		return -1;
	pg->is_default = def == VC_TRI_YES;
	if (once(x, n, "vlan") < 0 || once(x, n, "virtualport") < 0 || once(x, n, "bandwidth") < 0)
		return -1;
	if ((c = vc_x_child(x, n, "vlan")) && parse_vlan(x, c, &pg->vlan) < 0)
		return -1;
	if ((c = vc_x_child(x, n, "virtualport")) && parse_vport(x, c, &pg->vport) < 0)
		return -1;
	if ((c = vc_x_child(x, n, "bandwidth")) && parse_bandwidth(x, c, &pg->bw) < 0)
		return -1;
	return 0;
}

static int
pci_cmp(const void *pa, const void *pb)
{
	const struct vc_addr *a = pa, *b = pb;

	if (a->domain != b->domain)
		return a->domain < b->domain ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	return (a->function > b->function) - (a->function < b->function);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
portgroup_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vc_net_portgroup *)a)->name,
	    ((const struct vc_net_portgroup *)b)->name);
}

/* the k-th child element of n named name: where a check after the loop
 * points its message */
static xmlNodePtr
nth_child(xmlNodePtr n, const char *name, size_t k)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0 && !k--)
			return c;
	return n;
}

static int
parse_nat(struct vc_x *x, xmlNodePtr n, struct vc_network *net)
{
	xmlNodePtr c;
	int f1 = 0, f2 = 0, r;

	if (vc_x_yesno(x, n, "ipv6", &net->nat_ipv6) < 0 ||
	    once(x, n, "address") < 0 || once(x, n, "port") < 0)
		return -1;
	if ((c = vc_x_child(x, n, "address"))) {
		if (ip_attr(x, c, "start", 1, &net->nat_start, &f1) < 0 ||
		    (r = ip_attr(x, c, "end", 0, &net->nat_end, &f2)) < 0)
			return -1;
		if (f1 != VC_NET_FAMILY_IPV4 || (r && f2 != VC_NET_FAMILY_IPV4))
			return vc_x_err(x, c, "NAT addresses must be IPv4");
		if (r && ip_cmp(net->nat_start, net->nat_end) > 0)
			return vc_x_err(x, c, "start %s is after end %s", net->nat_start, net->nat_end);
	}
	if ((c = vc_x_child(x, n, "port"))) {
		if (vc_x_uint(x, c, "start", 1, 65535, &net->nat_port_start) <= 0)
			return x->err ? -1 : vc_x_err(x, c, "missing attribute 'start'");
		if ((r = vc_x_uint(x, c, "end", 1, 65535, &net->nat_port_end)) < 0)
			return -1;
		if (r && net->nat_port_end < net->nat_port_start)
			return vc_x_err(x, c, "start %u is after end %u", net->nat_port_start,
			    net->nat_port_end);
	}
	return 0;
}

static int
parse_forward(struct vc_x *x, xmlNodePtr n, struct vc_network *net)
{
	xmlNodePtr c;
	int mode = 0, m = 0, d = 0, pool;
	char *dev, *s;
	size_t i;

	if (vc_x_enum(x, n, "mode", vc_net_fwd_names, &mode) < 0 ||
	    vc_x_yesno(x, n, "managed", &m) < 0)
		return -1;
	net->fwd = mode ? mode : VC_NET_FWD_NAT;
	if (m && net->fwd != VC_NET_FWD_HOSTDEV)
		return vc_x_err(x, n, "managed is only for mode='hostdev'");
	net->fwd_managed = m == VC_TRI_YES;
	if (once(x, n, "driver") < 0 || once(x, n, "nat") < 0)
		return -1;
	if ((c = vc_x_child(x, n, "driver"))) {
		if (net->fwd != VC_NET_FWD_HOSTDEV)
			return vc_x_err(x, c, "<driver> is only for mode='hostdev'");
		if (vc_x_enum(x, c, "name", vc_net_driver_names, &d) < 0)
			return -1;
		net->fwd_driver = d;
		net->fwd_driver_model = vc_x_attr(x, c, "model");
	}
	if (vc_x_count(n, "pf") > 1)
		return vc_x_err(x, vc_x_next(vc_x_child(x, n, "pf"), "pf"), "only one <pf> is allowed");
	if ((c = vc_x_child(x, n, "pf")) && !(net->fwd_pf = vc_x_attr_req(x, c, "dev")))
		return -1;
	for (c = vc_x_child(x, n, "interface"); c; c = vc_x_next(c, "interface")) {
		if (!(dev = vc_x_attr_req(x, c, "dev")))
			return -1;
		VC_APPEND(net->fwd_ifs, net->nfwd_ifs, dev);
		/* a live count, recomputed by whoever runs the network */
		free(vc_x_attr(x, c, "connections"));
	}
	if ((i = vc_first_dup(net->fwd_ifs, net->nfwd_ifs, sizeof(*net->fwd_ifs), str_cmp)) < net->nfwd_ifs)
		return vc_x_err(x, nth_child(n, "interface", i), "interface dev '%s' is listed twice",
		    net->fwd_ifs[i]);
	for (c = vc_x_child(x, n, "address"); c; c = vc_x_next(c, "address")) {
		struct vc_addr a;
		if (vc_addr_parse(x, c, &a) < 0) {
			vc_addr_clear(&a);
			return -1;
		}
		if (a.type != VC_ADDR_PCI) {
			vc_addr_clear(&a);
			return vc_x_err(x, c, "only type='pci' addresses make a device pool");
		}
		free(vc_x_attr(x, c, "connections"));
		a.multifunction = 0;
		VC_GROW(net->fwd_addrs, net->nfwd_addrs);
		net->fwd_addrs[net->nfwd_addrs++] = a;
	}
	if ((i = vc_first_dup(net->fwd_addrs, net->nfwd_addrs, sizeof(*net->fwd_addrs),
	    pci_cmp)) < net->nfwd_addrs) {
		const struct vc_addr *a = &net->fwd_addrs[i];
		return vc_x_err(x, nth_child(n, "address", i), "PCI address %04x:%02x:%02x.%x is listed twice",
		    a->domain, a->bus, a->slot, a->function);
	}
	if ((c = vc_x_child(x, n, "nat"))) {
		if (net->fwd != VC_NET_FWD_NAT)
			return vc_x_err(x, c, "<nat> is only for mode='nat'");
		if (parse_nat(x, c, net) < 0)
			return -1;
	}
	pool = (net->nfwd_ifs > 0) + (net->nfwd_addrs > 0) + (net->fwd_pf != NULL);
	if (pool > 1)
		return vc_x_err(x, n, "<address>, <interface> and <pf> are mutually exclusive");
	if (net->nfwd_addrs && net->fwd != VC_NET_FWD_HOSTDEV && net->fwd != VC_NET_FWD_PASSTHROUGH)
		return vc_x_err(x, n, "PCI addresses are only for mode='hostdev' or 'passthrough'");
	if (net->fwd_pf && net->fwd <= VC_NET_FWD_OPEN)
		return vc_x_err(x, n, "<pf> is not for mode='%s'", vc_net_fwd_names[net->fwd]);
	s = vc_x_attr(x, n, "dev");
	if (s && net->fwd == VC_NET_FWD_OPEN) {
		free(s);
		return vc_x_err(x, n, "mode='open' takes no forward dev");
	}
	if (net->fwd == VC_NET_FWD_OPEN && pool)
		return vc_x_err(x, n, "mode='open' takes no forward devices");
	if (s && (net->fwd_pf || net->nfwd_addrs)) {
		free(s);
		return vc_x_err(x, n, "dev with <pf> or <address> is ambiguous");
	}
	if (s && net->nfwd_ifs && strcmp(s, net->fwd_ifs[0]) != 0) {
		vc_x_err(x, n, "forward dev '%s' must match the first interface '%s'", s, net->fwd_ifs[0]);
		free(s);
		return -1;
	}
	if (s && !net->nfwd_ifs) {
		if (!*s) {
			free(s);
			return vc_x_err(x, n, "empty forward dev");
		}
		VC_APPEND(net->fwd_ifs, net->nfwd_ifs, s);
	} else {
		free(s);
	}
	return 0;
}

static int
parse_bridge(struct vc_x *x, xmlNodePtr n, struct vc_network *net)
{
	int mtm = 0;

	net->has_bridge = 1;
	net->bridge = vc_x_attr(x, n, "name");
	net->bridge_zone = vc_x_attr(x, n, "zone");
	if (net->bridge && (!*net->bridge || strlen(net->bridge) > 15 || strchr(net->bridge, '/')))
		return vc_x_err(x, n, "bridge name '%s' is not a valid device name", net->bridge);
	if (vc_x_onoff(x, n, "stp", &net->stp) < 0 ||
	    vc_x_uint(x, n, "delay", 0, 0xffffffffU, &net->delay) < 0 ||
	    vc_x_enum(x, n, "macTableManager", vc_net_mtm_names, &mtm) < 0)
		return -1;
	net->mac_table_manager = mtm;
	return 0;
}

static int
parse_child(struct vc_x *x, xmlNodePtr c, struct vc_network *n, int *seen)
{
	const char *name = (const char *)c->name;
	enum { T_NAME = 1, T_UUID, T_TITLE, T_DESC, T_META, T_FORWARD, T_BRIDGE, T_MTU,
	       T_MAC, T_DOMAIN, T_DNS, T_VLAN, T_BW, T_PORT, T_VPORT };
	static const char *const tops[] = {
		"", "name", "uuid", "title", "description", "metadata", "forward", "bridge",
		"mtu", "mac", "domain", "dns", "vlan", "bandwidth", "port", "virtualport", NULL,
	};
	char *s;
	int k, r;

	vc_x_use(c);
	if (strcmp(name, "ip") == 0) {
		struct vc_net_ip ip = {0};
		VC_GROW(n->ips, n->nips);
		n->ips[n->nips++] = ip;
		return parse_ip(x, c, &n->ips[n->nips - 1]);
	}
	if (strcmp(name, "route") == 0) {
		struct vc_net_route rt = {0};
		VC_GROW(n->routes, n->nroutes);
		n->routes[n->nroutes++] = rt;
		return parse_route(x, c, &n->routes[n->nroutes - 1]);
	}
	if (strcmp(name, "portgroup") == 0) {
		struct vc_net_portgroup pg = {0};
		VC_GROW(n->portgroups, n->nportgroups);
		n->portgroups[n->nportgroups++] = pg;
		return parse_portgroup(x, c, &n->portgroups[n->nportgroups - 1]);
	}
	if ((k = vc_enum_find(tops, name)) < 0) {
		c->_private = NULL;
		return vc_x_err(x, c, "unknown element <%s>", name);
	}
	if (seen[k]++)
		return vc_x_err(x, c, "more than one <%s>", name);
	switch (k) {
	case T_NAME:
		n->name = vc_x_text(c);
		if (vc_name_check("network", n->name) < 0)
			return vc_x_err(x, c, "%s", vc_errmsg());
		return 0;
	case T_UUID:
		s = vc_x_text(c);
		r = vc_uuid_parse(s, n->uuid);
		free(s);
		if (r < 0)
			return vc_x_err(x, c, "%s", vc_errmsg());
		n->has_uuid = 1;
		return 0;
	case T_TITLE:
		n->title = vc_x_text(c);
		if (strchr(n->title, '\n'))
			return vc_x_err(x, c, "title may not contain a newline");
		return 0;
	case T_DESC:
		n->description = vc_x_text(c);
		return 0;
	case T_META:
		n->metadata = vc_x_dump(c, 2);
		return 0;
	case T_FORWARD:
		return parse_forward(x, c, n);
	case T_BRIDGE:
		return parse_bridge(x, c, n);
	case T_MTU:
		if (vc_x_uint(x, c, "size", 1, 0xffffffffU, &n->mtu) <= 0)
			return x->err ? -1 : vc_x_err(x, c, "missing attribute 'size'");
		return 0;
	case T_MAC:
		if (!(s = vc_x_attr_req(x, c, "address")))
			return -1;
		r = vc_mac_parse(s, n->mac);
		if (r < 0)
			vc_x_err(x, c, "address '%s' is not a MAC address", s);
		free(s);
		if (r < 0)
			return -1;
		if (n->mac[0] & 1)
			return vc_x_err(x, c, "a bridge MAC may not be a multicast address");
		n->has_mac = 1;
		return 0;
	case T_DOMAIN:
		if (!(n->domain_name = vc_x_attr_req(x, c, "name")))
			return -1;
		if (vc_x_yesno(x, c, "localOnly", &n->domain_local_only) < 0 ||
		    vc_x_yesno(x, c, "register", &n->domain_register) < 0)
			return -1;
		return 0;
	case T_DNS:
		return parse_dns(x, c, &n->dns);
	case T_VLAN:
		return parse_vlan(x, c, &n->vlan);
	case T_BW:
		return parse_bandwidth(x, c, &n->bw);
	case T_PORT:
		if (vc_x_yesno(x, c, "isolated", &n->port_isolated) < 0)
			return -1;
		return 0;
	case T_VPORT:
		return parse_vport(x, c, &n->vport);
	}
	return 0;
}

/* the rules that tie the sections together, after all are read; the
 * message points at the element that breaks them */
static int
check_net(struct vc_x *x, xmlNodePtr root, struct vc_network *n)
{
	xmlNodePtr br = vc_x_child(x, root, "bridge"), fw = vc_x_child(x, root, "forward");
	xmlNodePtr pg = vc_x_child(x, root, "portgroup");
	int makes_bridge = n->fwd <= VC_NET_FWD_OPEN;
	size_t i, dup;
	int defaults = 0;

	if (!makes_bridge) {
		if (n->stp || n->delay || n->bridge_zone)
			return vc_x_err(x, br, "stp, delay and zone are only for isolated, "
			    "nat, route and open networks, not mode='%s'", vc_net_fwd_names[n->fwd]);
		if (n->fwd != VC_NET_FWD_BRIDGE && n->has_bridge)
			return vc_x_err(x, br, "a <bridge> is not allowed with mode='%s'",
			    vc_net_fwd_names[n->fwd]);
	}
	if (n->fwd == VC_NET_FWD_BRIDGE && n->bridge && (n->nfwd_ifs || n->fwd_pf))
		return vc_x_err(x, fw, "mode='bridge' takes a bridge name or forward "
		    "devices, not both");
	if (n->fwd == VC_NET_FWD_HOSTDEV && !n->fwd_pf && !n->nfwd_addrs && !n->nfwd_ifs)
		return vc_x_err(x, fw, "mode='hostdev' needs a <pf> or a list of <address>");
	dup = vc_first_dup(n->portgroups, n->nportgroups, sizeof(*n->portgroups), portgroup_cmp);
	for (i = 0; i < n->nportgroups; i++, pg = vc_x_next(pg, "portgroup")) {
		if ((defaults += n->portgroups[i].is_default) > 1)
			return vc_x_err(x, pg, "more than one default portgroup");
		if (i == dup)
			return vc_x_err(x, pg, "portgroup '%s' is defined twice",
			    n->portgroups[i].name);
	}
	/* libvirt's defaults, so that output is canonical */
	if (makes_bridge && !n->stp)
		n->stp = VC_TRI_YES;
	if (n->ipv6 == VC_TRI_NO)
		n->ipv6 = 0;
	if (n->vlan.ntags > 1)
		n->vlan.trunk = VC_TRI_YES;
	for (i = 0; i < n->nportgroups; i++)
		if (n->portgroups[i].vlan.ntags > 1)
			n->portgroups[i].vlan.trunk = VC_TRI_YES;
	return 0;
}

static struct vc_network *
parse_doc(xmlDocPtr doc, const char *file)
{
	struct vc_x x = {doc, file, 0};
	xmlNodePtr root = xmlDocGetRootElement(doc), c;
	struct vc_network *n = vc_calloc(1, sizeof(*n));
	int seen[17] = {0};

	if (strcmp((const char *)root->name, "network") != 0) {
		vc_x_err(&x, root, "root element is <%s>, expected <network>", (const char *)root->name);
		goto fail;
	}
	/* connections is a live count: read and dropped */
	free(vc_x_attr(&x, root, "connections"));
	if (vc_x_yesno(&x, root, "ipv6", &n->ipv6) < 0 ||
	    vc_x_yesno(&x, root, "trustGuestRxFilters", &n->trust_guest_rx) < 0)
		goto fail;
	for (c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && parse_child(&x, c, n, seen) < 0)
			goto fail;
	if (!n->name) {
		vc_x_err(&x, root, "missing <name>");
		goto fail;
	}
	if (vc_x_finish(&x, root) < 0 || check_net(&x, root, n) < 0)
		goto fail;
	return n;
fail:
	vc_network_free(n);
	return NULL;
}

struct vc_network *
vc_network_parse(const char *xml, size_t len, const char *file)
{
	xmlDocPtr doc = vc_x_read(xml, len, file);
	struct vc_network *n;

	if (!doc)
		return NULL;
	n = parse_doc(doc, file);
	xmlFreeDoc(doc);
	return n;
}

struct vc_network *
vc_network_parse_validate(const char *xml, size_t len, const char *file)
{
	xmlDocPtr doc = vc_x_read(xml, len, file);
	struct vc_network *n;

	if (!doc)
		return NULL;
	/* our messages first; the schema then catches what we do not check */
	n = parse_doc(doc, file);
	if (n && vc_schema_validate("network", doc, file) < 0) {
		if (strstr(vc_errmsg(), "no built-in schema")) {
			vc_err_clear();
		} else {
			vc_network_free(n);
			n = NULL;
		}
	}
	xmlFreeDoc(doc);
	return n;
}

void
vc_network_fill_defaults(struct vc_network *n, const struct vc_network *old)
{
	if (n->has_uuid)
		return;
	if (old && old->has_uuid)
		memcpy(n->uuid, old->uuid, 16);
	else
		vc_uuid_generate(n->uuid);
	n->has_uuid = 1;
}

int
vc_network_pool(const struct vc_network *n, struct vc_net_pool *p)
{
	memset(p, 0, sizeof(*p));
	if (n->fwd < VC_NET_FWD_BRIDGE || (n->fwd == VC_NET_FWD_BRIDGE && n->bridge))
		return vc_err("%s: network has no device pool (mode='%s')", n->name,
		    n->fwd ? vc_net_fwd_names[n->fwd] : "isolated");
	p->mode = n->fwd;
	p->managed = n->fwd_managed;
	p->pf = n->fwd_pf;
	p->addrs = n->nfwd_addrs ? n->fwd_addrs : NULL;
	p->naddrs = n->nfwd_addrs;
	p->ifs = n->nfwd_ifs ? n->fwd_ifs : NULL;
	p->nifs = n->nfwd_ifs;
	return 0;
}

/* ---- formatting: libvirt's element and attribute order ---- */

static void
fmt_vlan(struct vc_buf *b, int lvl, const struct vc_net_vlan *v)
{
	size_t i;

	if (!v->ntags)
		return;
	vc_f_open(b, lvl, "vlan");
	if (v->trunk == VC_TRI_YES)
		vc_f_attr(b, "trunk", "yes");
	vc_f_close_open(b);
	for (i = 0; i < v->ntags; i++) {
		vc_f_open(b, lvl + 1, "tag");
		vc_f_attr_u(b, "id", v->tags[i]);
		vc_f_attr_enum(b, "nativeMode", vc_net_native_names, v->native[i]);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "vlan");
}

static void
fmt_vport(struct vc_buf *b, int lvl, const struct vc_net_vport *v)
{
	char u[37];

	if (!v->present)
		return;
	vc_f_open(b, lvl, "virtualport");
	vc_f_attr_enum(b, "type", vc_net_vport_names, v->type);
	if (!v->has_managerid && !v->has_typeid && !v->has_typeidversion &&
	    !v->has_instanceid && !v->profileid && !v->has_interfaceid) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_f_open(b, lvl + 1, "parameters");
	if (v->has_managerid)
		vc_f_attr_u(b, "managerid", v->managerid);
	if (v->has_typeid)
		vc_f_attr_u(b, "typeid", v->typeid);
	if (v->has_typeidversion)
		vc_f_attr_u(b, "typeidversion", v->typeidversion);
	if (v->has_instanceid) {
		vc_uuid_format(v->instanceid, u);
		vc_f_attr(b, "instanceid", u);
	}
	vc_f_attr(b, "profileid", v->profileid);
	if (v->has_interfaceid) {
		vc_uuid_format(v->interfaceid, u);
		vc_f_attr(b, "interfaceid", u);
	}
	vc_f_close_empty(b);
	vc_f_end(b, lvl, "virtualport");
}

static void
fmt_rate(struct vc_buf *b, int lvl, const char *elem, const struct vc_net_rate *r)
{
	if (!r->set)
		return;
	vc_f_open(b, lvl, elem);
	if (r->average)
		vc_f_attr_u(b, "average", r->average);
	if (r->peak)
		vc_f_attr_u(b, "peak", r->peak);
	if (r->floor)
		vc_f_attr_u(b, "floor", r->floor);
	if (r->burst)
		vc_f_attr_u(b, "burst", r->burst);
	vc_f_close_empty(b);
}

static void
fmt_bandwidth(struct vc_buf *b, int lvl, const struct vc_net_bandwidth *bw)
{
	if (!bw->in.set && !bw->out.set)
		return;
	vc_f_open(b, lvl, "bandwidth");
	vc_f_close_open(b);
	fmt_rate(b, lvl + 1, "inbound", &bw->in);
	fmt_rate(b, lvl + 1, "outbound", &bw->out);
	vc_f_end(b, lvl, "bandwidth");
}

static void
fmt_forward(struct vc_buf *b, const struct vc_network *n)
{
	int hostdev = n->fwd == VC_NET_FWD_HOSTDEV, nat;
	size_t i;

	vc_f_open(b, 1, "forward");
	if (n->nfwd_ifs)
		vc_f_attr(b, "dev", n->fwd_ifs[0]);
	vc_f_attr(b, "mode", vc_net_fwd_names[n->fwd]);
	if (hostdev)
		vc_f_attr(b, "managed", n->fwd_managed ? "yes" : "no");
	nat = n->nat_start || n->nat_port_start || n->nat_ipv6 == VC_TRI_YES;
	if (!n->fwd_driver && !n->fwd_driver_model && !nat && !n->fwd_pf &&
	    !n->nfwd_ifs && !n->nfwd_addrs) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	if (n->fwd_driver || n->fwd_driver_model) {
		vc_f_open(b, 2, "driver");
		vc_f_attr_enum(b, "name", vc_net_driver_names, n->fwd_driver);
		vc_f_attr(b, "model", n->fwd_driver_model);
		vc_f_close_empty(b);
	}
	if (nat) {
		vc_f_open(b, 2, "nat");
		if (n->nat_ipv6 == VC_TRI_YES)
			vc_f_attr(b, "ipv6", "yes");
		if (!n->nat_start && !n->nat_port_start) {
			vc_f_close_empty(b);
		} else {
			vc_f_close_open(b);
			if (n->nat_start) {
				vc_f_open(b, 3, "address");
				vc_f_attr(b, "start", n->nat_start);
				vc_f_attr(b, "end", n->nat_end);
				vc_f_close_empty(b);
			}
			if (n->nat_port_start) {
				vc_f_open(b, 3, "port");
				vc_f_attr_u(b, "start", n->nat_port_start);
				if (n->nat_port_end)
					vc_f_attr_u(b, "end", n->nat_port_end);
				vc_f_close_empty(b);
			}
			vc_f_end(b, 2, "nat");
		}
	}
	if (n->fwd_pf) {
		vc_f_open(b, 2, "pf");
		vc_f_attr(b, "dev", n->fwd_pf);
		vc_f_close_empty(b);
	}
	for (i = 0; i < n->nfwd_addrs; i++)
		vc_addr_format(b, 2, &n->fwd_addrs[i]);
	for (i = 0; i < n->nfwd_ifs; i++) {
		vc_f_open(b, 2, "interface");
		vc_f_attr(b, "dev", n->fwd_ifs[i]);
		vc_f_close_empty(b);
	}
	vc_f_end(b, 1, "forward");
}

static void
fmt_bridge(struct vc_buf *b, const struct vc_network *n)
{
	int makes_bridge = n->fwd <= VC_NET_FWD_OPEN;

	if (!makes_bridge && !n->bridge && !n->mac_table_manager)
		return;
	vc_f_open(b, 1, "bridge");
	vc_f_attr(b, "name", n->bridge);
	vc_f_attr(b, "zone", n->bridge_zone);
	if (makes_bridge) {
		vc_f_attr_onoff(b, "stp", n->stp);
		vc_f_attr_u(b, "delay", n->delay);
	}
	vc_f_attr_enum(b, "macTableManager", vc_net_mtm_names, n->mac_table_manager);
	vc_f_close_empty(b);
}

static void
fmt_dns(struct vc_buf *b, const struct vc_net_dns *d)
{
	size_t i, j;

	if (!d->enable && !d->forward_plain && !d->nfwds && !d->ntxts && !d->nsrvs && !d->nhosts)
		return;
	vc_f_open(b, 1, "dns");
	vc_f_attr_yesno(b, "enable", d->enable);
	vc_f_attr_yesno(b, "forwardPlainNames", d->forward_plain);
	if (!d->nfwds && !d->ntxts && !d->nsrvs && !d->nhosts) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	for (i = 0; i < d->nfwds; i++) {
		vc_f_open(b, 2, "forwarder");
		vc_f_attr(b, "domain", d->fwds[i].domain);
		vc_f_attr(b, "addr", d->fwds[i].addr);
		vc_f_close_empty(b);
	}
	for (i = 0; i < d->ntxts; i++) {
		vc_f_open(b, 2, "txt");
		vc_f_attr(b, "name", d->txts[i].name);
		vc_f_attr(b, "value", d->txts[i].value);
		vc_f_close_empty(b);
	}
	for (i = 0; i < d->nsrvs; i++) {
		const struct vc_net_dns_srv *s = &d->srvs[i];
		vc_f_open(b, 2, "srv");
		vc_f_attr(b, "service", s->service);
		vc_f_attr(b, "protocol", s->protocol);
		vc_f_attr(b, "domain", s->domain);
		vc_f_attr(b, "target", s->target);
		if (s->port)
			vc_f_attr_u(b, "port", s->port);
		if (s->priority)
			vc_f_attr_u(b, "priority", s->priority);
		if (s->weight)
			vc_f_attr_u(b, "weight", s->weight);
		vc_f_close_empty(b);
	}
	for (i = 0; i < d->nhosts; i++) {
		vc_f_open(b, 2, "host");
		vc_f_attr(b, "ip", d->hosts[i].ip);
		vc_f_close_open(b);
		for (j = 0; j < d->hosts[i].nnames; j++)
			vc_f_text_elem(b, 3, "hostname", d->hosts[i].names[j]);
		vc_f_end(b, 2, "host");
	}
	vc_f_end(b, 1, "dns");
}

/* an element that may hold a <lease>: closed empty without one */
static void
fmt_lease_close(struct vc_buf *b, int lvl, const char *elem, const struct vc_net_lease *l)
{
	if (!l->set) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_f_open(b, lvl + 1, "lease");
	vc_f_attr_u(b, "expiry", l->expiry);
	if (l->expiry)
		vc_f_attr_enum(b, "unit", vc_net_lease_unit_names, l->unit);
	vc_f_close_empty(b);
	vc_f_end(b, lvl, elem);
}

static void
fmt_ip(struct vc_buf *b, const struct vc_net_ip *ip)
{
	char m[18];
	size_t i;

	vc_f_open(b, 1, "ip");
	vc_f_attr_enum(b, "family", vc_net_family_names, ip->family);
	vc_f_attr(b, "address", ip->address);
	vc_f_attr(b, "netmask", ip->netmask);
	if (ip->prefix)
		vc_f_attr_u(b, "prefix", ip->prefix);
	vc_f_attr_yesno(b, "localPtr", ip->local_ptr);
	vc_f_close_open(b);
	if (ip->tftp_root) {
		vc_f_open(b, 2, "tftp");
		vc_f_attr(b, "root", ip->tftp_root);
		vc_f_close_empty(b);
	}
	if (ip->nranges || ip->nhosts || ip->bootp_file) {
		vc_f_open(b, 2, "dhcp");
		vc_f_close_open(b);
		for (i = 0; i < ip->nranges; i++) {
			vc_f_open(b, 3, "range");
			vc_f_attr(b, "start", ip->ranges[i].start);
			vc_f_attr(b, "end", ip->ranges[i].end);
			fmt_lease_close(b, 3, "range", &ip->ranges[i].lease);
		}
		for (i = 0; i < ip->nhosts; i++) {
			const struct vc_net_dhcp_host *h = &ip->hosts[i];
			vc_f_open(b, 3, "host");
			if (h->has_mac) {
				vc_mac_format(h->mac, m);
				vc_f_attr(b, "mac", m);
			}
			vc_f_attr(b, "id", h->id);
			vc_f_attr(b, "name", h->name);
			vc_f_attr(b, "ip", h->ip);
			fmt_lease_close(b, 3, "host", &h->lease);
		}
		if (ip->bootp_file) {
			vc_f_open(b, 3, "bootp");
			vc_f_attr(b, "file", ip->bootp_file);
			vc_f_attr(b, "server", ip->bootp_server);
			vc_f_close_empty(b);
		}
		vc_f_end(b, 2, "dhcp");
	}
	vc_f_end(b, 1, "ip");
}

static void
fmt_route(struct vc_buf *b, const struct vc_net_route *r)
{
	vc_f_open(b, 1, "route");
	vc_f_attr_enum(b, "family", vc_net_family_names, r->family);
	vc_f_attr(b, "address", r->address);
	vc_f_attr(b, "netmask", r->netmask);
	if (r->prefix)
		vc_f_attr_u(b, "prefix", r->prefix);
	vc_f_attr(b, "gateway", r->gateway);
	if (r->metric)
		vc_f_attr_u(b, "metric", r->metric);
	vc_f_close_empty(b);
}

static void
fmt_portgroup(struct vc_buf *b, const struct vc_net_portgroup *pg)
{
	vc_f_open(b, 1, "portgroup");
	vc_f_attr(b, "name", pg->name);
	if (pg->is_default)
		vc_f_attr(b, "default", "yes");
	vc_f_attr_yesno(b, "trustGuestRxFilters", pg->trust_guest_rx);
	vc_f_close_open(b);
	fmt_vlan(b, 2, &pg->vlan);
	fmt_vport(b, 2, &pg->vport);
	fmt_bandwidth(b, 2, &pg->bw);
	vc_f_end(b, 1, "portgroup");
}

char *
vc_network_format(const struct vc_network *n, int live)
{
	struct vc_buf b = {0};
	char u[37], m[18];
	size_t i;

	(void)live;
	vc_buf_puts(&b, "<network");
	if (n->ipv6 == VC_TRI_YES)
		vc_f_attr(&b, "ipv6", "yes");
	vc_f_attr_yesno(&b, "trustGuestRxFilters", n->trust_guest_rx);
	vc_f_close_open(&b);
	vc_f_text_elem(&b, 1, "name", n->name);
	if (n->has_uuid) {
		vc_uuid_format(n->uuid, u);
		vc_f_text_elem(&b, 1, "uuid", u);
	}
	vc_f_text_elem(&b, 1, "title", n->title);
	vc_f_text_elem(&b, 1, "description", n->description);
	if (n->metadata) {
		if (*n->metadata) {
			vc_buf_puts(&b, "  <metadata>\n");
			vc_buf_puts(&b, n->metadata);
			vc_buf_puts(&b, "  </metadata>\n");
		} else {
			vc_buf_puts(&b, "  <metadata/>\n");
		}
	}
	if (n->fwd)
		fmt_forward(&b, n);
	fmt_bridge(&b, n);
	if (n->mtu) {
		vc_f_open(&b, 1, "mtu");
		vc_f_attr_u(&b, "size", n->mtu);
		vc_f_close_empty(&b);
	}
	if (n->has_mac) {
		vc_mac_format(n->mac, m);
		vc_f_open(&b, 1, "mac");
		vc_f_attr(&b, "address", m);
		vc_f_close_empty(&b);
	}
	if (n->domain_name) {
		vc_f_open(&b, 1, "domain");
		vc_f_attr(&b, "name", n->domain_name);
		vc_f_attr_yesno(&b, "localOnly", n->domain_local_only);
		vc_f_attr_yesno(&b, "register", n->domain_register);
		vc_f_close_empty(&b);
	}
	fmt_dns(&b, &n->dns);
	fmt_vlan(&b, 1, &n->vlan);
	fmt_bandwidth(&b, 1, &n->bw);
	if (n->port_isolated) {
		vc_f_open(&b, 1, "port");
		vc_f_attr_yesno(&b, "isolated", n->port_isolated);
		vc_f_close_empty(&b);
	}
	for (i = 0; i < n->nips; i++)
		fmt_ip(&b, &n->ips[i]);
	for (i = 0; i < n->nroutes; i++)
		fmt_route(&b, &n->routes[i]);
	fmt_vport(&b, 1, &n->vport);
	for (i = 0; i < n->nportgroups; i++)
		fmt_portgroup(&b, &n->portgroups[i]);
	vc_buf_puts(&b, "</network>\n");
	return vc_buf_take(&b);
}
