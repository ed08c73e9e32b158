/* net.c: a container's interfaces through netlink (libnl): bridge,
 * network and ethernet as veth pairs, the host end up (and enslaved to
 * the bridge), the container end made right inside the container's
 * network namespace as ethN with the MAC given; direct as a macvlan on
 * its source dev, made inside the namespace too.  The pair goes when the
 * namespace does; the host ends are listed in rundir/NAME.veth */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sockios.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include "lxc.h"
#include "conf/dev_net.h"
#include "conf/devs_storage.h"
#include "driver/pool.h"

static struct nl_sock *
nlsock(void)
{
	struct nl_sock *s = nl_socket_alloc();
	int e;

	if (!s) {
		vc_err("netlink: out of memory");
		return NULL;
	}
	if ((e = nl_connect(s, NETLINK_ROUTE)) < 0) {
		vc_err("netlink: connect: %s", nl_geterror(e));
		nl_socket_free(s);
		return NULL;
	}
	return s;
}

/* set IFF_UP on name in the calling process's network namespace */
int
vc_lxc_link_up(const char *name)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (s < 0)
		return vc_err("socket: %s", strerror(errno));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		r = vc_err("%s: %s", name, strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (r == 0 && ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		r = vc_err("%s: up: %s", name, strerror(errno));
	close(s);
	return r;
}

static int
enslave(const char *dev, const char *bridge)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (s < 0)
		return vc_err("socket: %s", strerror(errno));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", bridge);
	ifr.ifr_ifindex = (int)if_nametoindex(dev);
	if (ioctl(s, SIOCBRADDIF, &ifr) < 0)
		r = vc_err("bridge %s: adding %s: %s", bridge, dev, strerror(errno));
	close(s);
	return r;
}

/* what each interface needs, checked before anything is made: the bridge
 * (bridge, network), the source dev (direct).  bridges[i] malloc'd or NULL */
int
vc_lxc_net_check(struct vc_conn *c, const struct vc_domain *d, char ***bridges)
{
	size_t i, n = d->ndev[VC_DEV_INTERFACE];
	char **b = vc_calloc(n + 1, sizeof(char *));

	*bridges = b;
	for (i = 0; i < n; i++) {
		struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];

		switch (f->type) {
		case VC_IFACE_BRIDGE:
			if (!f->source_bridge)
				return vc_err("interface %zu: no <source bridge>", i);
			b[i] = vc_strdup(f->source_bridge);
			break;
		case VC_IFACE_NETWORK:
			if (vc_netport_bridge(c, f, &b[i]) < 0) {
				vc_err_prefix("interface %zu", i);
				return -1;
			}
			break;
		case VC_IFACE_ETHERNET:
			break;
		case VC_IFACE_DIRECT:
			if (!f->source_dev || !if_nametoindex(f->source_dev))
				return vc_err("interface %zu: source dev %s: no such device", i,
				    f->source_dev ? f->source_dev : "(none)");
			break;
		default:
			return vc_err("interface %zu: type '%s' is not supported by the lxc driver "
			    "(bridge, network, ethernet, direct)", i, vc_iface_type_names[f->type]);
		}
		if (b[i] && (strlen(b[i]) >= IFNAMSIZ || !if_nametoindex(b[i])))
			return vc_err("interface %zu: bridge %s: no such device", i, b[i]);
		if (f->guest_dev && strlen(f->guest_dev) >= IFNAMSIZ)
			return vc_err("interface %zu: guest dev %s: longer than %d bytes", i,
			    f->guest_dev, IFNAMSIZ - 1);
		if (f->target_dev && strlen(f->target_dev) >= IFNAMSIZ)
			return vc_err("interface %zu: target dev %s: longer than %d bytes", i,
			    f->target_dev, IFNAMSIZ - 1);
	}
	return 0;
}

void
vc_lxc_net_free(char **bridges, size_t n)
{
	size_t i;

	for (i = 0; bridges && i < n; i++)
		free(bridges[i]);
	free(bridges);
}

/* make the interfaces for the container whose init is pid; the host end
 * names go to hosts (newline-separated).  -1: the ones made are deleted */
int
vc_lxc_net_create(const struct vc_domain *d, char **bridges, long pid, struct vc_buf *hosts)
{
	struct nl_sock *s;
	size_t i;
	int e = 0;

	if (!d->ndev[VC_DEV_INTERFACE])
		return 0;
	if (!(s = nlsock()))
		return -1;
	for (i = 0; i < d->ndev[VC_DEV_INTERFACE]; i++) {
		struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];
		struct rtnl_link *l, *peer;
		char host[32], guest[32];

		vc_lxc_guest_name(d, i, guest, sizeof(guest));
		if (f->type == VC_IFACE_DIRECT) {
			int m = rtnl_link_macvlan_str2mode(f->source_mode && *f->source_mode ? f->source_mode : "vepa");
			if (m < 0) {
				vc_err("interface %zu: macvlan mode '%s' is not supported", i, f->source_mode);
				goto fail;
			}
			l = rtnl_link_macvlan_alloc();
			rtnl_link_set_link(l, (int)if_nametoindex(f->source_dev));
			rtnl_link_set_name(l, guest);
			rtnl_link_macvlan_set_mode(l, (uint32_t)m);
			if (f->has_mac) {
				struct nl_addr *a = nl_addr_build(AF_LLC, f->mac, 6);
				rtnl_link_set_addr(l, a);
				nl_addr_put(a);
			}
			rtnl_link_set_ns_pid(l, (pid_t)pid);
			e = rtnl_link_add(s, l, NLM_F_CREATE | NLM_F_EXCL);
			rtnl_link_put(l);
			if (e < 0) {
				vc_err("interface %zu: macvlan on %s: %s", i, f->source_dev, nl_geterror(e));
				goto fail;
			}
			continue;
		}
		if (f->target_dev)
			snprintf(host, sizeof(host), "%s", f->target_dev);
		else
			snprintf(host, sizeof(host), "vcl%ld-%zu", pid, i);
		l = rtnl_link_veth_alloc();
		peer = rtnl_link_veth_get_peer(l);
		rtnl_link_set_name(l, host);
		rtnl_link_set_name(peer, guest);
		if (f->has_mac) {
			struct nl_addr *a = nl_addr_build(AF_LLC, f->mac, 6);
			rtnl_link_set_addr(peer, a);
			nl_addr_put(a);
		}
		rtnl_link_set_ns_pid(peer, (pid_t)pid);
		rtnl_link_put(peer);
		e = rtnl_link_add(s, l, NLM_F_CREATE | NLM_F_EXCL);
		rtnl_link_put(l);
		if (e < 0) {
			vc_err("interface %zu: veth %s: %s", i, host, nl_geterror(e));
			goto fail;
		}
		vc_buf_printf(hosts, "%s\n", host);
		if ((bridges[i] && enslave(host, bridges[i]) < 0) || vc_lxc_link_up(host) < 0) {
			vc_err_prefix("interface %zu", i);
			goto fail;
		}
	}
	nl_socket_free(s);
	return 0;
fail:
	nl_socket_free(s);
	{
		char *m = vc_strdup(vc_errmsg());
		vc_lxc_net_delete(hosts->s);
		vc_err("%s", m);
		free(m);
	}
	return -1;
}

/* delete the host ends still there (names one a line) */
void
vc_lxc_net_delete(const char *hosts)
{
	struct nl_sock *s;
	const char *p = hosts;

	if (!p || !*p || !(s = nlsock())) {
		vc_err_clear();
		return;
	}
	while (*p) {
		size_t n = strcspn(p, "\n");
		char name[IFNAMSIZ];

		if (n > 0 && n < IFNAMSIZ) {
			struct rtnl_link *l = rtnl_link_alloc();
			memcpy(name, p, n);
			name[n] = 0;
			if (if_nametoindex(name)) {
				rtnl_link_set_name(l, name);
				rtnl_link_delete(s, l);
			}
			rtnl_link_put(l);
		}
		p += n;
		if (*p)
			p++;
	}
	nl_socket_free(s);
}

/* move the host's netdev name into the network namespace of pid, or (pid
 * 0) into the namespace nsfd names */
static int
link_to_ns(const char *name, long pid, int nsfd)
{
	struct nl_sock *s = nlsock();
	struct rtnl_link *orig = NULL, *ch;
	int e;

	if (!s)
		return -1;
	if ((e = rtnl_link_get_kernel(s, 0, name, &orig)) < 0) {
		nl_socket_free(s);
		return vc_err("hostdev net %s: %s", name, nl_geterror(e));
	}
	ch = rtnl_link_alloc();
	if (pid)
		rtnl_link_set_ns_pid(ch, (pid_t)pid);
	else
		rtnl_link_set_ns_fd(ch, nsfd);
	e = rtnl_link_change(s, orig, ch, 0);
	rtnl_link_put(ch);
	rtnl_link_put(orig);
	nl_socket_free(s);
	if (e < 0)
		return vc_err("hostdev net %s: moving it: %s", name, nl_geterror(e));
	return 0;
}

/* each <hostdev mode='capabilities' type='net'> into the container */
int
vc_lxc_hostdev_net_move(const struct vc_domain *d, long pid, int ctns)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV]; i++) {
		struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];
		if (h->mode == VC_HOSTDEV_CAPS && h->type == VC_HOSTDEV_CAP_NET &&
		    link_to_ns(h->cap_interface, pid, -1) < 0) {
			vc_lxc_hostdev_net_return(d, ctns, i);
			return -1;
		}
	}
	return 0;
}

/* give the first n (all: (size_t)-1) of them back to our namespace from
 * the container's (ctns: its fd, kept open past the init) */
void
vc_lxc_hostdev_net_return(const struct vc_domain *d, int ctns, size_t n)
{
	int home;
	pid_t p;
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_HOSTDEV] && i < n; i++)
		if (((struct vc_hostdev *)d->dev[VC_DEV_HOSTDEV][i])->type == VC_HOSTDEV_CAP_NET &&
		    ((struct vc_hostdev *)d->dev[VC_DEV_HOSTDEV][i])->mode == VC_HOSTDEV_CAPS)
			break;
	/* none to give back: no fork */
	if (i == d->ndev[VC_DEV_HOSTDEV] || i == n)
		return;
	if (ctns < 0 || (home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if ((p = fork()) == 0) {
		if (setns(ctns, CLONE_NEWNET) < 0)
			_exit(1);
		for (i = 0; i < d->ndev[VC_DEV_HOSTDEV] && i < n; i++) {
			struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];
			if (h->mode == VC_HOSTDEV_CAPS && h->type == VC_HOSTDEV_CAP_NET)
				link_to_ns(h->cap_interface, 0, home);
		}
		_exit(0);
	}
	if (p > 0)
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR)
			;
	close(home);
}

/* the interface's name inside: <guest dev=>, else ethN */
void
vc_lxc_guest_name(const struct vc_domain *d, size_t i, char *buf, size_t n)
{
	const struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];

	if (f->guest_dev && *f->guest_dev && strlen(f->guest_dev) < IFNAMSIZ)
		snprintf(buf, n, "%s", f->guest_dev);
	else
		snprintf(buf, n, "eth%zu", i);
}

/* an address on dev (prefix 0: classful for IPv4, 64 for IPv6, as libvirt) */
static int
addr_add(struct nl_sock *s, const char *dev, const char *ip, unsigned prefix)
{
	struct nl_addr *a = NULL;
	struct rtnl_addr *ra;
	int e, idx = (int)if_nametoindex(dev);

	if (!idx)
		return vc_err("%s: no such device", dev);
	if ((e = nl_addr_parse(ip, AF_UNSPEC, &a)) < 0)
		return vc_err("%s: address %s: %s", dev, ip, nl_geterror(e));
	if (!prefix) {
		if (nl_addr_get_family(a) == AF_INET6)
			prefix = 64;
		else {
			unsigned char b = *(unsigned char *)nl_addr_get_binary_addr(a);
			prefix = b < 128 ? 8 : b < 192 ? 16 : 24;
		}
	}
	nl_addr_set_prefixlen(a, (int)prefix);
	ra = rtnl_addr_alloc();
	rtnl_addr_set_ifindex(ra, idx);
	rtnl_addr_set_local(ra, a);
	e = rtnl_addr_add(s, ra, 0);
	rtnl_addr_put(ra);
	nl_addr_put(a);
	if (e < 0)
		return vc_err("%s: address %s/%u: %s", dev, ip, prefix, nl_geterror(e));
	return 0;
}

/* a route through dev to dst/prefix (0.0.0.0 or ::: the default) via gw */
static int
route_add(struct nl_sock *s, const char *dev, const char *dst, unsigned prefix, const char *gw)
{
	struct nl_addr *d = NULL, *g = NULL;
	struct rtnl_route *r;
	struct rtnl_nexthop *nh;
	int e, idx = (int)if_nametoindex(dev);

	if (!idx)
		return vc_err("%s: no such device", dev);
	if ((e = nl_addr_parse(dst ? dst : "default", AF_UNSPEC, &d)) < 0 ||
	    (gw && (e = nl_addr_parse(gw, nl_addr_get_family(d), &g)) < 0)) {
		if (d)
			nl_addr_put(d);
		return vc_err("%s: route to %s via %s: %s", dev, dst ? dst : "default", gw ? gw : "-",
		    nl_geterror(e));
	}
	nl_addr_set_prefixlen(d, (int)prefix);
	r = rtnl_route_alloc();
	rtnl_route_set_family(r, (uint8_t)nl_addr_get_family(d));
	rtnl_route_set_dst(r, d);
	nh = rtnl_route_nh_alloc();
	rtnl_route_nh_set_ifindex(nh, idx);
	if (g)
		rtnl_route_nh_set_gateway(nh, g);
	rtnl_route_add_nexthop(r, nh);
	e = rtnl_route_add(s, r, NLM_F_CREATE);
	rtnl_route_put(r);
	nl_addr_put(d);
	if (g)
		nl_addr_put(g);
	if (e < 0)
		return vc_err("%s: route to %s/%u via %s: %s", dev, dst ? dst : "default", prefix,
		    gw ? gw : "-", nl_geterror(e));
	return 0;
}

/* inside the container: each interface's and net hostdev's <ip> and
 * <route>, as libvirt sets them (addresses first, then routes) */
int
vc_lxc_ip_setup(const struct vc_domain *d)
{
	struct nl_sock *s = NULL;
	size_t i, j;
	int pass, r = 0;

	for (pass = 0; pass < 2 && r == 0; pass++) {
		for (i = 0; i < d->ndev[VC_DEV_INTERFACE] && r == 0; i++) {
			const struct vc_iface *f = d->dev[VC_DEV_INTERFACE][i];
			char dev[IFNAMSIZ + 8];

			vc_lxc_guest_name(d, i, dev, sizeof(dev));
			if (!f->guest_ip.nips && !f->guest_ip.nroutes)
				continue;
			if (!s && !(s = nlsock()))
				return -1;
			for (j = 0; !pass && j < f->guest_ip.nips && r == 0; j++)
				r = addr_add(s, dev, f->guest_ip.ips[j].address,
				    f->guest_ip.ips[j].has_prefix ? f->guest_ip.ips[j].prefix : 0);
			for (j = 0; pass && j < f->guest_ip.nroutes && r == 0; j++) {
				const struct vc_iface_route *rt = &f->guest_ip.routes[j];
				r = route_add(s, dev, rt->address, rt->has_prefix ? rt->prefix : 0, rt->gateway);
			}
		}
		for (i = 0; i < d->ndev[VC_DEV_HOSTDEV] && r == 0; i++) {
			const struct vc_hostdev *h = d->dev[VC_DEV_HOSTDEV][i];

			if (h->mode != VC_HOSTDEV_CAPS || h->type != VC_HOSTDEV_CAP_NET || !h->nips)
				continue;
			if (!s && !(s = nlsock()))
				return -1;
			for (j = 0; j < h->nips && r == 0; j++) {
				const struct vc_ipinfo *ip = &h->ips[j];
				if (!ip->route && !pass)
					r = addr_add(s, h->cap_interface, ip->address, ip->has_prefix ? ip->prefix : 0);
				else if (ip->route && pass)
					r = route_add(s, h->cap_interface, ip->address, ip->has_prefix ? ip->prefix : 0,
					    ip->gateway);
			}
		}
	}
	if (s)
		nl_socket_free(s);
	return r;
}
