/* netdev.c: links and SR-IOV VF settings over rtnetlink (libnl3), or recorded */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/route/link.h>

#include "host.h"

/* ---- the message both backends send ---- */

/* an RTM_* link message for ifindex, its attributes to follow */
static struct nl_msg *
linkmsg(int type, int flags, int ifindex)
{
	struct nl_msg *m;
	struct ifinfomsg ifi;

	if (!(m = nlmsg_alloc_simple(type, flags)))
		abort();
	memset(&ifi, 0, sizeof(ifi));
	ifi.ifi_family = AF_UNSPEC;
	ifi.ifi_index = ifindex;
	if (nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0)
		abort();
	return m;
}

/* the bytes of a message, for the recorder and the tests; m is freed */
static void *
msg_bytes(struct nl_msg *m, size_t *len)
{
	struct nlmsghdr *h = nlmsg_hdr(m);
	void *p;

	*len = h->nlmsg_len;
	p = vc_malloc(*len);
	memcpy(p, h, *len);
	nlmsg_free(m);
	return p;
}

static struct nl_msg *
vfmsg(int ifindex, unsigned vf, const unsigned char *mac, int have_vlan,
      unsigned vlan, unsigned qos)
{
	struct nl_msg *m = linkmsg(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, ifindex);
	struct nlattr *list, *info;
	struct ifla_vf_mac vm;
	struct ifla_vf_vlan vv;

	if (!(list = nla_nest_start(m, IFLA_VFINFO_LIST)) ||
	    !(info = nla_nest_start(m, IFLA_VF_INFO)))
		goto full;
	if (mac) {
		memset(&vm, 0, sizeof(vm));
		vm.vf = vf;
		memcpy(vm.mac, mac, 6);
		if (nla_put(m, IFLA_VF_MAC, sizeof(vm), &vm) < 0)
			goto full;
	}
	if (have_vlan) {
		memset(&vv, 0, sizeof(vv));
		vv.vf = vf;
		vv.vlan = vlan;
		vv.qos = qos;
		if (nla_put(m, IFLA_VF_VLAN, sizeof(vv), &vv) < 0)
			goto full;
	}
	nla_nest_end(m, info);
	nla_nest_end(m, list);
	return m;
full:
	/* a default-sized message always holds these few bytes */
	abort();
}

void *
vc_netdev_vf_msg(int ifindex, unsigned vf, const unsigned char *mac,
                 int have_vlan, unsigned vlan, unsigned qos, size_t *len)
{
	return msg_bytes(vfmsg(ifindex, vf, mac, have_vlan, vlan, qos), len);
}

static struct nl_msg *
portmsg(int ifindex, const struct vc_nl_port *p)
{
	struct nl_msg *m = linkmsg(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, ifindex);
	struct nlattr *ports, *port;
	struct ifla_port_vsi vsi;

	if (!(ports = nla_nest_start(m, IFLA_VF_PORTS)) ||
	    !(port = nla_nest_start(m, IFLA_VF_PORT)) ||
	    nla_put_u32(m, IFLA_PORT_VF, p->vf) < 0)
		abort();
	if (p->kind == VC_NL_QBH) {
		if (nla_put_string(m, IFLA_PORT_PROFILE, p->profile) < 0 ||
		    (p->has_host && nla_put(m, IFLA_PORT_HOST_UUID, 16, p->host) < 0))
			abort();
	} else {
		memset(&vsi, 0, sizeof(vsi));
		vsi.vsi_mgr_id = p->mgrid;
		vsi.vsi_type_id[0] = p->typeid & 0xff;
		vsi.vsi_type_id[1] = p->typeid >> 8 & 0xff;
		vsi.vsi_type_id[2] = p->typeid >> 16 & 0xff;
		vsi.vsi_type_version = p->typeidver;
		if (nla_put(m, IFLA_PORT_VSI_TYPE, sizeof(vsi), &vsi) < 0)
			abort();
	}
	if (nla_put(m, IFLA_PORT_INSTANCE_UUID, 16, p->instance) < 0 ||
	    nla_put_u8(m, IFLA_PORT_REQUEST, p->request) < 0)
		abort();
	nla_nest_end(m, port);
	nla_nest_end(m, ports);
	return m;
}

void *
vc_netdev_port_msg(int ifindex, const struct vc_nl_port *pt, size_t *len)
{
	return msg_bytes(portmsg(ifindex, pt), len);
}

/* the first IFLA_VF_PORT of an IFLA_VF_PORTS: 0, -1 when none */
static int
parse_port(struct nlattr *ports, struct vc_nl_port *p, int *resp)
{
	struct nlattr *port, *pt[IFLA_PORT_MAX + 1];
	struct ifla_port_vsi *vsi;
	int rem;

	nla_for_each_nested(port, ports, rem) {
		if (nla_type(port) != IFLA_VF_PORT ||
		    nla_parse_nested(pt, IFLA_PORT_MAX, port, NULL) < 0 || !pt[IFLA_PORT_VF])
			continue;
		memset(p, 0, sizeof(*p));
		p->vf = nla_get_u32(pt[IFLA_PORT_VF]);
		p->request = pt[IFLA_PORT_REQUEST] ? nla_get_u8(pt[IFLA_PORT_REQUEST]) : -1;
		*resp = pt[IFLA_PORT_RESPONSE] ? nla_get_u16(pt[IFLA_PORT_RESPONSE]) : -1;
		if (pt[IFLA_PORT_PROFILE]) {
			p->kind = VC_NL_QBH;
			nla_strlcpy(p->profile, pt[IFLA_PORT_PROFILE], sizeof(p->profile));
		}
		if (pt[IFLA_PORT_VSI_TYPE] &&
		    nla_len(pt[IFLA_PORT_VSI_TYPE]) >= (int)sizeof(*vsi)) {
			p->kind = VC_NL_QBG;
			vsi = nla_data(pt[IFLA_PORT_VSI_TYPE]);
			p->mgrid = vsi->vsi_mgr_id;
			p->typeid = vsi->vsi_type_id[0] | vsi->vsi_type_id[1] << 8 |
			            vsi->vsi_type_id[2] << 16;
			p->typeidver = vsi->vsi_type_version;
		}
		if (pt[IFLA_PORT_INSTANCE_UUID] && nla_len(pt[IFLA_PORT_INSTANCE_UUID]) >= 16)
			memcpy(p->instance, nla_data(pt[IFLA_PORT_INSTANCE_UUID]), 16);
		if (pt[IFLA_PORT_HOST_UUID] && nla_len(pt[IFLA_PORT_HOST_UUID]) >= 16) {
			memcpy(p->host, nla_data(pt[IFLA_PORT_HOST_UUID]), 16);
			p->has_host = 1;
		}
		return 0;
	}
	return -1;
}

/* IFLA_VFINFO_LIST of an RTM_NEWLINK/RTM_SETLINK body into vfs */
static int
parse_vflist(struct nlattr *list, struct vc_nl_vf **vfs, size_t *n)
{
	struct nlattr *info, *tb[IFLA_VF_MAX + 1];
	struct ifla_vf_mac *vm;
	struct ifla_vf_vlan *vv;
	struct vc_nl_vf v;
	int rem;

	nla_for_each_nested(info, list, rem) {
		if (nla_type(info) != IFLA_VF_INFO)
			continue;
		if (nla_parse_nested(tb, IFLA_VF_MAX, info, NULL) < 0)
			return vc_err("malformed IFLA_VF_INFO");
		memset(&v, 0, sizeof(v));
		if (tb[IFLA_VF_MAC] && nla_len(tb[IFLA_VF_MAC]) >= (int)sizeof(*vm)) {
			vm = nla_data(tb[IFLA_VF_MAC]);
			v.vf = vm->vf;
			memcpy(v.mac, vm->mac, 6);
		}
		if (tb[IFLA_VF_VLAN] && nla_len(tb[IFLA_VF_VLAN]) >= (int)sizeof(*vv)) {
			vv = nla_data(tb[IFLA_VF_VLAN]);
			v.vf = vv->vf;
			v.vlan = vv->vlan;
			v.qos = vv->qos;
		}
		VC_GROW(*vfs, *n);
		(*vfs)[(*n)++] = v;
	}
	return 0;
}

int
vc_netdev_vf_msg_parse(const void *buf, size_t len, struct vc_nl_vfmsg *out)
{
	struct nlmsghdr *h;
	struct nlattr *tb[IFLA_MAX + 1], *info, *vt[IFLA_VF_MAX + 1];
	struct ifinfomsg *ifi;
	struct ifla_vf_mac *vm;
	struct ifla_vf_vlan *vv;
	int rem, r = -1, found = 0;

	memset(out, 0, sizeof(*out));
	if (len < NLMSG_HDRLEN)
		return vc_err("netlink message too short");
	h = vc_malloc(len);      /* aligned copy for libnl */
	memcpy(h, buf, len);
	if (h->nlmsg_len > len || h->nlmsg_type != RTM_SETLINK) {
		vc_err("not an RTM_SETLINK message");
		goto out;
	}
	if (nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0) {
		vc_err("malformed RTM_SETLINK message");
		goto out;
	}
	ifi = nlmsg_data(h);
	out->ifindex = ifi->ifi_index;
	if (tb[IFLA_VF_PORTS]) {
		int resp;
		if (parse_port(tb[IFLA_VF_PORTS], &out->port, &resp) < 0) {
			vc_err("RTM_SETLINK with an empty IFLA_VF_PORTS");
			goto out;
		}
		out->has_port = 1;
		out->vf = out->port.vf;
		r = 0;
		goto out;
	}
	if (!tb[IFLA_VFINFO_LIST]) {
		vc_err("RTM_SETLINK without IFLA_VFINFO_LIST");
		goto out;
	}
	nla_for_each_nested(info, tb[IFLA_VFINFO_LIST], rem) {
		if (nla_type(info) != IFLA_VF_INFO ||
		    nla_parse_nested(vt, IFLA_VF_MAX, info, NULL) < 0)
			continue;
		found = 1;
		if (vt[IFLA_VF_MAC] && nla_len(vt[IFLA_VF_MAC]) >= (int)sizeof(*vm)) {
			vm = nla_data(vt[IFLA_VF_MAC]);
			out->vf = vm->vf;
			out->has_mac = 1;
			memcpy(out->mac, vm->mac, 6);
		}
		if (vt[IFLA_VF_VLAN] && nla_len(vt[IFLA_VF_VLAN]) >= (int)sizeof(*vv)) {
			vv = nla_data(vt[IFLA_VF_VLAN]);
			out->vf = vv->vf;
			out->has_vlan = 1;
			out->vlan = vv->vlan;
			out->qos = vv->qos;
		}
		break;
	}
	if (!found) {
		vc_err("RTM_SETLINK without IFLA_VF_INFO");
		goto out;
	}
	r = 0;
out:
	free(h);
	return r;
}

/* ---- the kernel through libnl3 ---- */

static int
nlerr(int e, const char *what)
{
	int k = (e == -NLE_AGAIN || e == -NLE_BUSY) ? VC_ERR_TEMP : VC_ERR_FAIL;

	return vc_err_kind(k, "netlink: %s: %s", what, nl_geterror(e));
}

static void
fill(struct rtnl_link *l, struct vc_nl_link *o)
{
	struct nl_addr *a;
	const char *nm;

	memset(o, 0, sizeof(*o));
	o->ifindex = rtnl_link_get_ifindex(l);
	if ((nm = rtnl_link_get_name(l)))
		snprintf(o->name, sizeof(o->name), "%s", nm);
	a = rtnl_link_get_addr(l);
	if (a && nl_addr_get_len(a) == 6) {
		memcpy(o->mac, nl_addr_get_binary_addr(a), 6);
		o->has_mac = 1;
	}
	rtnl_link_operstate2str(rtnl_link_get_operstate(l), o->operstate,
	                        sizeof(o->operstate));
	o->mtu = rtnl_link_get_mtu(l);
}

static int
k_list(struct vc_nl *nl, struct vc_nl_link **links, size_t *n)
{
	struct nl_cache *c;
	struct nl_object *obj;
	int e;

	*links = NULL;
	*n = 0;
	if ((e = rtnl_link_alloc_cache(nl->priv, AF_UNSPEC, &c)) < 0)
		return nlerr(e, "list links");
	for (obj = nl_cache_get_first(c); obj; obj = nl_cache_get_next(obj)) {
		VC_GROW(*links, *n);
		fill((struct rtnl_link *)obj, &(*links)[(*n)++]);
	}
	nl_cache_free(c);
	return 0;
}

static int
k_get(struct vc_nl *nl, const char *name, int ifindex, struct vc_nl_link *out)
{
	struct rtnl_link *l;
	int e;

	if ((e = rtnl_link_get_kernel(nl->priv, name ? 0 : ifindex, name, &l)) < 0) {
		if (e == -NLE_NODEV || e == -NLE_OBJ_NOTFOUND) {
			if (name)
				return vc_err("no network interface %s", name);
			return vc_err("no network interface with index %d", ifindex);
		}
		return nlerr(e, name ? name : "get link");
	}
	fill(l, out);
	rtnl_link_put(l);
	return 0;
}

struct vfctx {
	struct vc_nl_vf *vfs;
	size_t n;
	int err;
};

static int
vfcb(struct nl_msg *m, void *arg)
{
	struct vfctx *c = arg;
	struct nlattr *tb[IFLA_MAX + 1];
	struct nlmsghdr *h = nlmsg_hdr(m);

	if (h->nlmsg_type != RTM_NEWLINK)
		return NL_OK;
	if (nlmsg_parse(h, sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL) < 0) {
		c->err = vc_err("malformed RTM_NEWLINK");
		return NL_STOP;
	}
	if (tb[IFLA_VFINFO_LIST] && parse_vflist(tb[IFLA_VFINFO_LIST], &c->vfs, &c->n) < 0)
		c->err = -1;
	return NL_OK;
}

/* RTM_GETLINK of ifindex with its VFs, to peer (0: the kernel); each
 * RTM_NEWLINK of the answer goes to cb */
static int
k_getlink(struct vc_nl *nl, int ifindex, unsigned peer, nl_recvmsg_msg_cb_t cb, void *arg)
{
	struct nl_msg *m = linkmsg(RTM_GETLINK, NLM_F_REQUEST, ifindex);
	int e;

	/* no ACK: the reply is one message, and nl_recvmsgs returns after it */
	if (nla_put_u32(m, IFLA_EXT_MASK, RTEXT_FILTER_VF) < 0)
		abort();
	nl_socket_set_peer_port(nl->priv, peer);
	nl_socket_modify_cb(nl->priv, NL_CB_VALID, NL_CB_CUSTOM, cb, arg);
	e = nl_send_auto(nl->priv, m);
	nlmsg_free(m);
	if (e >= 0)
		e = nl_recvmsgs_default(nl->priv);
	nl_socket_modify_cb(nl->priv, NL_CB_VALID, NL_CB_DEFAULT, NULL, NULL);
	nl_socket_set_peer_port(nl->priv, 0);
	return e;
}

static int
k_vfs(struct vc_nl *nl, int ifindex, struct vc_nl_vf **vfs, size_t *n)
{
	struct vfctx c = {0};
	int e;

	*vfs = NULL;
	*n = 0;
	e = k_getlink(nl, ifindex, 0, vfcb, &c);
	if (e < 0 || c.err < 0) {
		free(c.vfs);
		if (e == -NLE_NODEV)
			return vc_err("no network interface with index %d", ifindex);
		return e < 0 ? nlerr(e, "get VF list") : -1;
	}
	*vfs = c.vfs;
	*n = c.n;
	return 0;
}

static int
k_send(struct vc_nl *nl, struct nl_msg *m, int ifindex, unsigned vf)
{
	int e;
	char what[64];

	/* not nl_send_sync: it skips the wait when auto-ack is off */
	e = nl_send_auto(nl->priv, m);
	nlmsg_free(m);
	if (e >= 0)
		e = nl_wait_for_ack(nl->priv);
	if (e < 0) {
		snprintf(what, sizeof(what), "ifindex %d VF %u", ifindex, vf);
		return nlerr(e, what);
	}
	return 0;
}

static int
k_set_vf(struct vc_nl *nl, int ifindex, unsigned vf, const unsigned char *mac,
         int have_vlan, unsigned vlan, unsigned qos)
{
	return k_send(nl, vfmsg(ifindex, vf, mac, have_vlan, vlan, qos), ifindex, vf);
}

/* 802.1Qbh goes to the PF's driver (the kernel, port 0); 802.1Qbg to
 * lldpad, which runs VDP with the switch and listens on a netlink port
 * named by its pid file */
static int
port_peer(int kind, unsigned *peer)
{
	const char *pidfile = "/var/run/lldpad.pid";
	char *s;
	long long v;

	*peer = 0;
	if (kind != VC_NL_QBG)
		return 0;
	if (!(s = vc_file_read(pidfile, NULL)))
		return vc_err("802.1Qbg needs lldpad running to talk VDP to the switch "
		              "(%s: %s)", pidfile, vc_errmsg());
	s[strcspn(s, " \t\n")] = 0;
	if (vc_parse_ll(s, 1, 0x7fffffff, &v) < 0) {
		free(s);
		return vc_err("%s: not a pid", pidfile);
	}
	free(s);
	*peer = (unsigned)v;
	return 0;
}

static int
k_set_port(struct vc_nl *nl, int ifindex, const struct vc_nl_port *p)
{
	unsigned peer;
	int e;

	if (port_peer(p->kind, &peer) < 0)
		return -1;
	nl_socket_set_peer_port(nl->priv, peer);
	e = k_send(nl, portmsg(ifindex, p), ifindex, p->vf);
	nl_socket_set_peer_port(nl->priv, 0);
	return e;
}

struct portctx {
	unsigned vf;
	int resp, found, err;
};

static int
portcb(struct nl_msg *m, void *arg)
{
	struct portctx *c = arg;
	struct nlattr *tb[IFLA_MAX + 1], *port, *pt[IFLA_PORT_MAX + 1];
	struct nlmsghdr *h = nlmsg_hdr(m);
	int rem;

	if (h->nlmsg_type != RTM_NEWLINK)
		return NL_OK;
	if (nlmsg_parse(h, sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL) < 0) {
		c->err = vc_err("malformed RTM_NEWLINK");
		return NL_STOP;
	}
	if (!tb[IFLA_VF_PORTS])
		return NL_OK;
	nla_for_each_nested(port, tb[IFLA_VF_PORTS], rem) {
		if (nla_type(port) != IFLA_VF_PORT ||
		    nla_parse_nested(pt, IFLA_PORT_MAX, port, NULL) < 0 ||
		    !pt[IFLA_PORT_VF] || nla_get_u32(pt[IFLA_PORT_VF]) != c->vf)
			continue;
		c->found = 1;
		if (pt[IFLA_PORT_RESPONSE])
			c->resp = nla_get_u16(pt[IFLA_PORT_RESPONSE]);
	}
	return NL_OK;
}

static int
k_port_response(struct vc_nl *nl, int ifindex, int kind, unsigned vf, int *resp)
{
	struct portctx c = { vf, -1, 0, 0 };
	unsigned peer;
	int e;

	if (port_peer(kind, &peer) < 0)
		return -1;
	if ((e = k_getlink(nl, ifindex, peer, portcb, &c)) < 0)
		return nlerr(e, "get VF port status");
	if (c.err < 0)
		return -1;
	*resp = c.resp;
	return 0;
}

static void
k_close(struct vc_nl *nl)
{
	nl_socket_free(nl->priv);
}

static const struct vc_nl_ops kernel_ops = {
	"libnl", k_list, k_get, k_vfs, k_set_vf, k_set_port,
	k_port_response, k_close,
};

static struct vc_nl *
kernel_open(void)
{
	struct nl_sock *sk;
	struct vc_nl *nl;
	int e;

	if (!(sk = nl_socket_alloc())) {
		vc_err("netlink: cannot allocate socket");
		return NULL;
	}
	if ((e = nl_connect(sk, NETLINK_ROUTE)) < 0) {
		nlerr(e, "connect");
		nl_socket_free(sk);
		return NULL;
	}
	/* libnl adds NLM_F_ACK to every request by default, but
	 * rtnl_link_get_kernel reads only the reply: the stale ACK would then
	 * answer our next RTM_SETLINK. Requests that want one ask for it. */
	nl_socket_disable_auto_ack(sk);
	nl = vc_calloc(1, sizeof(*nl));
	nl->ops = &kernel_ops;
	nl->priv = sk;
	return nl;
}

/* ---- the recorder: messages to a file, answers from a state file ----
 * state lines:  link IFINDEX NAME MAC OPERSTATE MTU
 *               vf IFINDEX VF MAC VLAN QOS
 *               port IFINDEX VF KIND REQUEST RESPONSE
 * It plays the PF's driver and lldpad too: a port request is answered
 * with success, or with VIRTCORE_NETLINK_PORT_RESPONSE (a number, the
 * switch refusing) when that is set; a disassociation always succeeds
 * and leaves no port line. */

struct rec {
	char *file, *state;
	struct vc_nl_link *links;
	size_t nlinks;
	struct rstate {
		int ifindex;
		struct vc_nl_vf v;
		int port_kind, port_req, port_resp;   /* port_kind 0: none */
	} *vfs;
	size_t nvfs;
	/* the state file as last loaded or saved: an unchanged file is not
	 * read again (a prepare asks several times per VF) */
	struct stat seen;
	int have_seen;
};

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void
addvf(struct rec *r, int ifindex, const struct vc_nl_vf *v)
{
	VC_GROW(r->vfs, r->nvfs);
	memset(&r->vfs[r->nvfs], 0, sizeof(r->vfs[r->nvfs]));
	r->vfs[r->nvfs].ifindex = ifindex;
	r->vfs[r->nvfs++].v = *v;
}

static void
addlink(struct rec *r, const struct vc_nl_link *l)
{
	VC_GROW(r->links, r->nlinks);
	r->links[r->nlinks++] = *l;
}

/* what the fake (or real) sysfs says, when no state was written yet */
static void
seed(struct rec *r)
{
	char **ifs, **ents, *s, *pf;
	size_t nifs, ne, i, j;
	unsigned long long v;
	struct vc_nl_link l;
	struct vc_nl_vf vf;
	struct vc_pciaddr a;
	char vfname[16];

	if (vc_host_dir(&ifs, &nifs, "class/net") < 0) {
		vc_err_clear();
		return;
	}
	for (i = 0; i < nifs; i++) {
		memset(&l, 0, sizeof(l));
		if (vc_host_read_ull(&v, "class/net/%s/ifindex", ifs[i]) < 0)
			continue;
		l.ifindex = v;
		snprintf(l.name, sizeof(l.name), "%s", ifs[i]);
		if ((s = vc_host_read("class/net/%s/address", ifs[i]))) {
			l.has_mac = vc_mac_parse(s, l.mac) == 0;
			free(s);
		}
		if ((s = vc_host_read("class/net/%s/operstate", ifs[i]))) {
			snprintf(l.operstate, sizeof(l.operstate), "%s", s);
			free(s);
		}
		if (vc_host_read_ull(&v, "class/net/%s/mtu", ifs[i]) == 0)
			l.mtu = v;
		addlink(r, &l);
		if (!(pf = vc_netdev_pci(ifs[i])))
			continue;
		for (j = 0; vc_vf_addr(pf, j, &a) == 0; j++) {
			memset(&vf, 0, sizeof(vf));
			vf.vf = j;
			vc_pci_addr_str(&a, vfname);
			if (vc_host_dir(&ents, &ne, "bus/pci/devices/%s/net", vfname) == 0) {
				if (ne && (s = vc_host_read("bus/pci/devices/%s/net/%s/address",
				                             vfname, ents[0]))) {
					vc_mac_parse(s, vf.mac);
					free(s);
				}
				vc_host_strv_free(ents, ne);
			}
			addvf(r, l.ifindex, &vf);
		}
		free(pf);
	}
	vc_err_clear();
	vc_host_strv_free(ifs, nifs);
}

static int
rec_load(struct rec *r)
{
	char *data, *line, *save = NULL, *f[7];
	size_t len;
	int nf;
	long long ll;
	struct vc_nl_link l;
	struct vc_nl_vf v;
	struct stat st;

	if (r->have_seen && stat(r->state, &st) == 0 && same_file(&st, &r->seen))
		return 0;
	r->have_seen = 0;
	free(r->links);
	free(r->vfs);
	r->links = NULL;
	r->vfs = NULL;
	r->nlinks = r->nvfs = 0;
	if (access(r->state, F_OK) < 0) {
		seed(r);
		return 0;
	}
	if (!(data = vc_file_read(r->state, &len)))
		return -1;
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sp = NULL;
		nf = 0;
		for (f[nf] = strtok_r(line, " \t", &sp); f[nf] && nf < 6;
		     f[nf] = strtok_r(NULL, " \t", &sp))
			nf++;
		if (nf == 6 && strcmp(f[0], "link") == 0) {
			memset(&l, 0, sizeof(l));
			if (vc_parse_ll(f[1], 1, 0x7fffffff, &ll) < 0)
				goto bad;
			l.ifindex = ll;
			snprintf(l.name, sizeof(l.name), "%s", f[2]);
			l.has_mac = vc_mac_parse(f[3], l.mac) == 0;
			snprintf(l.operstate, sizeof(l.operstate), "%s", f[4]);
			if (vc_parse_ll(f[5], 0, 0xffffffffLL, &ll) < 0)
				goto bad;
			l.mtu = ll;
			addlink(r, &l);
		} else if (nf == 6 && strcmp(f[0], "vf") == 0) {
			int idx;
			memset(&v, 0, sizeof(v));
			if (vc_parse_ll(f[1], 1, 0x7fffffff, &ll) < 0)
				goto bad;
			idx = ll;
			if (vc_parse_ll(f[2], 0, 0xffff, &ll) < 0)
				goto bad;
			v.vf = ll;
			if (vc_mac_parse(f[3], v.mac) < 0)
				goto bad;
			if (vc_parse_ll(f[4], 0, 4095, &ll) < 0)
				goto bad;
			v.vlan = ll;
			if (vc_parse_ll(f[5], 0, 7, &ll) < 0)
				goto bad;
			v.qos = ll;
			addvf(r, idx, &v);
		} else if (nf == 6 && strcmp(f[0], "port") == 0) {
			long long ix, vf, k, rq, rs;
			size_t i;
			if (vc_parse_ll(f[1], 1, 0x7fffffff, &ix) < 0 ||
			    vc_parse_ll(f[2], 0, 0xffff, &vf) < 0 ||
			    vc_parse_ll(f[3], 1, 2, &k) < 0 ||
			    vc_parse_ll(f[4], 0, 3, &rq) < 0 ||
			    vc_parse_ll(f[5], -1, 0xffff, &rs) < 0)
				goto bad;
			for (i = 0; i < r->nvfs; i++)
				if (r->vfs[i].ifindex == ix && r->vfs[i].v.vf == vf)
					break;
			if (i == r->nvfs)
				goto bad;      /* port lines follow their vf line */
			r->vfs[i].port_kind = k;
			r->vfs[i].port_req = rq;
			r->vfs[i].port_resp = rs;
		} else {
			vc_err("bad line");
			goto bad;
		}
	}
	free(data);
	/* a file replaced since the read is simply read again next time */
	if (stat(r->state, &st) == 0) {
		r->seen = st;
		r->have_seen = 1;
	}
	return 0;
bad:
	vc_err_prefix("%s", r->state);
	free(data);
	return -1;
}

static int
rec_save(struct rec *r)
{
	struct vc_buf b = {0};
	char mac[18];
	size_t i;
	int e;

	for (i = 0; i < r->nlinks; i++) {
		vc_mac_format(r->links[i].mac, mac);
		vc_buf_printf(&b, "link %d %s %s %s %u\n", r->links[i].ifindex,
		              r->links[i].name, mac,
		              r->links[i].operstate[0] ? r->links[i].operstate : "unknown",
		              r->links[i].mtu);
	}
	for (i = 0; i < r->nvfs; i++) {
		vc_mac_format(r->vfs[i].v.mac, mac);
		vc_buf_printf(&b, "vf %d %u %s %u %u\n", r->vfs[i].ifindex,
		              r->vfs[i].v.vf, mac, r->vfs[i].v.vlan, r->vfs[i].v.qos);
	}
	for (i = 0; i < r->nvfs; i++)
		if (r->vfs[i].port_kind)
			vc_buf_printf(&b, "port %d %u %d %d %d\n", r->vfs[i].ifindex,
			              r->vfs[i].v.vf, r->vfs[i].port_kind,
			              r->vfs[i].port_req, r->vfs[i].port_resp);
	e = vc_file_replace(r->state, b.s ? b.s : "", b.len, 0644);
	vc_buf_free(&b);
	r->have_seen = e == 0 && stat(r->state, &r->seen) == 0;
	return e;
}

static int
r_list(struct vc_nl *nl, struct vc_nl_link **links, size_t *n)
{
	struct rec *r = nl->priv;

	*links = NULL;
	*n = 0;
	if (rec_load(r) < 0)
		return -1;
	if (r->nlinks) {
		*links = vc_malloc(r->nlinks * sizeof(**links));
		memcpy(*links, r->links, r->nlinks * sizeof(**links));
	}
	*n = r->nlinks;
	return 0;
}

static int
r_get(struct vc_nl *nl, const char *name, int ifindex, struct vc_nl_link *out)
{
	struct rec *r = nl->priv;
	size_t i;

	if (rec_load(r) < 0)
		return -1;
	for (i = 0; i < r->nlinks; i++)
		if (name ? strcmp(r->links[i].name, name) == 0
		         : r->links[i].ifindex == ifindex) {
			*out = r->links[i];
			return 0;
		}
	if (name)
		return vc_err("no network interface %s", name);
	return vc_err("no network interface with index %d", ifindex);
}

static int
haslink(struct rec *r, int ifindex)
{
	size_t i;

	for (i = 0; i < r->nlinks; i++)
		if (r->links[i].ifindex == ifindex)
			return 1;
	return 0;
}

static int
r_vfs(struct vc_nl *nl, int ifindex, struct vc_nl_vf **vfs, size_t *n)
{
	struct rec *r = nl->priv;
	size_t i;

	*vfs = NULL;
	*n = 0;
	if (rec_load(r) < 0)
		return -1;
	if (!haslink(r, ifindex))
		return vc_err("no network interface with index %d", ifindex);
	for (i = 0; i < r->nvfs; i++)
		if (r->vfs[i].ifindex == ifindex) {
			VC_GROW(*vfs, *n);
			(*vfs)[(*n)++] = r->vfs[i].v;
		}
	return 0;
}

static int
r_append(struct rec *r, const void *msg, size_t len)
{
	struct vc_buf b = {0};
	const unsigned char *p = msg;
	size_t i;
	ssize_t w;
	int fd, e = 0;

	for (i = 0; i < len; i++) {
		vc_buf_putc(&b, "0123456789abcdef"[p[i] >> 4]);
		vc_buf_putc(&b, "0123456789abcdef"[p[i] & 15]);
	}
	vc_buf_putc(&b, '\n');
	if ((fd = open(r->file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		vc_buf_free(&b);
		return vc_err("open %s:", r->file);
	}
	/* one write per line: concurrent recorders do not interleave */
	w = write(fd, b.s, b.len);
	if (w < 0 || (size_t)w != b.len)
		e = vc_err("write %s:", r->file);
	if (close(fd) < 0 && e == 0)
		e = vc_err("write %s:", r->file);
	vc_buf_free(&b);
	return e;
}

/* record the message, then apply it to the state as the kernel would;
 * port given: a port request, else MAC and/or VLAN */
static int
r_set(struct vc_nl *nl, int ifindex, unsigned vf, const unsigned char *mac,
      int have_vlan, unsigned vlan, unsigned qos, const struct vc_nl_port *port)
{
	struct rec *r = nl->priv;
	char *dir, *slash;
	const char *base;
	void *msg;
	size_t len, i;
	int lk, e = -1;

	dir = vc_strdup(r->state);
	if ((slash = strrchr(dir, '/'))) {
		*slash = '\0';
		base = slash + 1;
	} else {
		free(dir);
		dir = vc_strdup(".");
		base = r->state;
	}
	if ((lk = vc_lock(*dir ? dir : "/", base)) < 0) {
		free(dir);
		return -1;
	}
	if (rec_load(r) < 0)
		goto out;
	if (!haslink(r, ifindex)) {
		vc_err("netlink: ifindex %d VF %u: No such device", ifindex, vf);
		goto out;
	}
	for (i = 0; i < r->nvfs; i++)
		if (r->vfs[i].ifindex == ifindex && r->vfs[i].v.vf == vf)
			break;
	if (i == r->nvfs) {
		vc_err("netlink: ifindex %d VF %u: Invalid argument", ifindex, vf);
		goto out;
	}
	if (port)
		msg = vc_netdev_port_msg(ifindex, port, &len);
	else
		msg = vc_netdev_vf_msg(ifindex, vf, mac, have_vlan, vlan, qos, &len);
	e = r_append(r, msg, len);
	free(msg);
	if (e < 0)
		goto out;
	if (port) {
		const char *ans = getenv("VIRTCORE_NETLINK_PORT_RESPONSE");
		long long v;
		r->vfs[i].port_kind = port->kind;
		r->vfs[i].port_req = port->request;
		r->vfs[i].port_resp = port->kind == VC_NL_QBH ? PORT_PROFILE_RESPONSE_SUCCESS
		                                              : PORT_VDP_RESPONSE_SUCCESS;
		if (port->request == PORT_REQUEST_ASSOCIATE && ans && *ans &&
		    vc_parse_ll(ans, 0, 0xffff, &v) == 0)
			r->vfs[i].port_resp = v;
		/* disassociated: the VF has no port profile, as before */
		if (port->request == PORT_REQUEST_DISASSOCIATE)
			r->vfs[i].port_kind = 0;
	}
	if (mac)
		memcpy(r->vfs[i].v.mac, mac, 6);
	if (have_vlan) {
		r->vfs[i].v.vlan = vlan;
		r->vfs[i].v.qos = qos;
	}
	e = rec_save(r);
out:
	vc_unlock(lk);
	free(dir);
	return e;
}

static int
r_set_vf(struct vc_nl *nl, int ifindex, unsigned vf, const unsigned char *mac,
         int have_vlan, unsigned vlan, unsigned qos)
{
	return r_set(nl, ifindex, vf, mac, have_vlan, vlan, qos, NULL);
}

static int
r_set_port(struct vc_nl *nl, int ifindex, const struct vc_nl_port *p)
{
	return r_set(nl, ifindex, p->vf, NULL, 0, 0, 0, p);
}

static int
r_port_response(struct vc_nl *nl, int ifindex, int kind, unsigned vf, int *resp)
{
	struct rec *r = nl->priv;
	size_t i;

	(void)kind;
	if (rec_load(r) < 0)
		return -1;
	*resp = -1;
	for (i = 0; i < r->nvfs; i++)
		if (r->vfs[i].ifindex == ifindex && r->vfs[i].v.vf == vf && r->vfs[i].port_kind)
			*resp = r->vfs[i].port_resp;
	return 0;
}

static void
r_close(struct vc_nl *nl)
{
	struct rec *r = nl->priv;

	free(r->file);
	free(r->state);
	free(r->links);
	free(r->vfs);
	free(r);
}

static const struct vc_nl_ops record_ops = {
	"record", r_list, r_get, r_vfs, r_set_vf, r_set_port,
	r_port_response, r_close,
};

struct vc_nl *
vc_netdev_open(void)
{
	const char *e = getenv("VIRTCORE_NETLINK"), *st;
	struct vc_nl *nl;
	struct rec *r;

	if (!e || !*e || strcmp(e, "libnl") == 0)
		return kernel_open();
	if (strncmp(e, "record:", 7) != 0 || !e[7]) {
		vc_err("VIRTCORE_NETLINK=%s: expected libnl or record:FILE", e);
		return NULL;
	}
	r = vc_calloc(1, sizeof(*r));
	r->file = vc_strdup(e + 7);
	st = getenv("VIRTCORE_NETLINK_STATE");
	r->state = st && *st ? vc_strdup(st) : vc_asprintf("%s.state", r->file);
	nl = vc_calloc(1, sizeof(*nl));
	nl->ops = &record_ops;
	nl->priv = r;
	return nl;
}

void
vc_netdev_close(struct vc_nl *nl)
{
	if (!nl)
		return;
	nl->ops->close(nl);
	free(nl);
}

int
vc_netdev_list(struct vc_nl *nl, struct vc_nl_link **links, size_t *n)
{
	return nl->ops->list(nl, links, n);
}

int
vc_netdev_get(struct vc_nl *nl, const char *name, struct vc_nl_link *out)
{
	return nl->ops->get(nl, name, 0, out);
}

int
vc_netdev_get_index(struct vc_nl *nl, int ifindex, struct vc_nl_link *out)
{
	return nl->ops->get(nl, NULL, ifindex, out);
}

int
vc_netdev_vfs(struct vc_nl *nl, int ifindex, struct vc_nl_vf **vfs, size_t *n)
{
	return nl->ops->vfs(nl, ifindex, vfs, n);
}

int
vc_netdev_set_vf(struct vc_nl *nl, int ifindex, unsigned vf, const unsigned char *mac,
                 int have_vlan, unsigned vlan, unsigned qos)
{
	if (have_vlan && (vlan > 4095 || qos > 7))
		return vc_err("VLAN %u qos %u out of range", vlan, qos);
	if (!mac && !have_vlan)
		return 0;
	return nl->ops->set_vf(nl, ifindex, vf, mac, have_vlan, vlan, qos);
}

int
vc_netdev_set_vf_mac(struct vc_nl *nl, int ifindex, unsigned vf,
                     const unsigned char mac[6])
{
	return vc_netdev_set_vf(nl, ifindex, vf, mac, 0, 0, 0);
}

int
vc_netdev_set_vf_vlan(struct vc_nl *nl, int ifindex, unsigned vf,
                      unsigned vlan, unsigned qos)
{
	return vc_netdev_set_vf(nl, ifindex, vf, NULL, 1, vlan, qos);
}

static const char *
port_response_name(int r)
{
	static const char *const vdp[] = {
		"success", "invalid format", "insufficient resources",
		"unused VTID", "VTID violation", "VTID version violation",
		"out of sync",
	};
	static const char *const prof[] = {
		"success", "in progress", "invalid", "bad state",
		"insufficient resources", "error",
	};

	if (r >= 0 && r < (int)(sizeof(vdp) / sizeof(*vdp)))
		return vdp[r];
	if (r >= PORT_PROFILE_RESPONSE_SUCCESS &&
	    r <= PORT_PROFILE_RESPONSE_ERROR)
		return prof[r - PORT_PROFILE_RESPONSE_SUCCESS];
	return "unknown response";
}

/* how long a switch may take to answer an association (as the enic
 * driver's firmware may), and how often to ask */
#define PORT_WAIT_MS 10000
#define PORT_POLL_MS 20

int
vc_netdev_vf_port(struct vc_nl *nl, int ifindex, const struct vc_nl_port *p)
{
	const char *what = p->kind == VC_NL_QBH ? "802.1Qbh port profile" : "802.1Qbg VSI";
	struct timespec ts = {0, PORT_POLL_MS * 1000000L};
	int resp, waited = 0;

	if (p->kind != VC_NL_QBH && p->kind != VC_NL_QBG)
		return vc_err("port request of unknown kind %d", p->kind);
	if (p->kind == VC_NL_QBH && !p->profile[0])
		return vc_err("%s: no profile id", what);
	if (nl->ops->set_vf_port(nl, ifindex, p) < 0)
		return -1;
	if (p->request != PORT_REQUEST_ASSOCIATE)
		return 0;
	for (;;) {
		if (nl->ops->vf_port_response(nl, ifindex, p->kind, p->vf, &resp) < 0)
			return -1;
		if (resp == (p->kind == VC_NL_QBH ? PORT_PROFILE_RESPONSE_SUCCESS
		                                  : PORT_VDP_RESPONSE_SUCCESS))
			return 0;
		/* no answer yet counts as in progress */
		if (resp != -1 && resp != PORT_PROFILE_RESPONSE_INPROGRESS)
			return vc_err("%s association of VF %u refused by the switch: %s (%d)",
			              what, p->vf, port_response_name(resp), resp);
		if (waited >= PORT_WAIT_MS)
			return vc_err_kind(VC_ERR_TEMP, "%s association of VF %u: no answer "
			                   "from the switch in %d s", what, p->vf,
			                   PORT_WAIT_MS / 1000);
		nanosleep(&ts, NULL);
		waited += PORT_POLL_MS;
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
vc_netdev_record_read(const char *file, struct vc_nl_vfmsg **msgs, size_t *n)
{
	char *data, *line, *save = NULL;
	unsigned char *bin;
	size_t len, ll, i;
	struct vc_nl_vfmsg m;
	int lineno = 0;

	*msgs = NULL;
	*n = 0;
	if (access(file, F_OK) < 0)
		return 0;
	if (!(data = vc_file_read(file, &len)))
		return -1;
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		ll = strlen(line);
		if (ll % 2)
			goto bad;
		bin = vc_malloc(ll / 2 + 1);
		for (i = 0; i < ll / 2; i++) {
			int h = hexval(line[2 * i]), l = hexval(line[2 * i + 1]);
			if (h < 0 || l < 0) {
				free(bin);
				goto bad;
			}
			bin[i] = h << 4 | l;
		}
		if (vc_netdev_vf_msg_parse(bin, ll / 2, &m) < 0) {
			free(bin);
			vc_err_prefix("%s:%d", file, lineno);
			goto fail;
		}
		free(bin);
		VC_GROW(*msgs, *n);
		(*msgs)[(*n)++] = m;
	}
	free(data);
	return 0;
bad:
	vc_err("%s:%d: not a hex netlink message", file, lineno);
fail:
	free(data);
	free(*msgs);
	*msgs = NULL;
	*n = 0;
	return -1;
}

/* ---- a VF's settings, through its PF ---- */

static int
pfindex(struct vc_nl *nl, const struct vc_vf_loc *loc)
{
	struct vc_nl_link l;

	if (!loc->pf_netdev)
		return vc_err("%s: PF %s has no network interface", loc->vfname,
		              loc->pfname);
	if (vc_netdev_get(nl, loc->pf_netdev, &l) < 0)
		return -1;
	return l.ifindex;
}

int
vc_vf_get_config(struct vc_nl *nl, const struct vc_vf_loc *loc,
                 struct vc_nl_vf *out)
{
	struct vc_nl_vf *vfs;
	size_t n, i;
	int ifx;

	if ((ifx = pfindex(nl, loc)) < 0)
		return -1;
	if (vc_netdev_vfs(nl, ifx, &vfs, &n) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (vfs[i].vf == (unsigned)loc->index) {
			*out = vfs[i];
			free(vfs);
			return 0;
		}
	free(vfs);
	return vc_err("%s: %s reports no VF %d", loc->vfname, loc->pf_netdev,
	              loc->index);
}

int
vc_vf_set_config(struct vc_nl *nl, const struct vc_vf_loc *loc,
                 const unsigned char *mac, int vlan)
{
	int ifx;

	if ((ifx = pfindex(nl, loc)) < 0)
		return -1;
	if (vc_netdev_set_vf(nl, ifx, loc->index, mac, vlan >= 0, vlan >= 0 ? vlan : 0, 0) < 0)
		goto fail;
	return 0;
fail:
	vc_err_prefix("%s: PF %s VF %d", loc->vfname, loc->pf_netdev, loc->index);
	return -1;
}
