/* macvtap.c: macvtap devices for <interface type='direct'>: made by netlink, handed to QEMU as an fd */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvtap.h>

#include "driver/qemu/qemu.h"

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

static int
link_up(const char *name)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (s < 0)
		return vc_err("socket:");
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		r = vc_err("macvtap %s: get flags:", name);
	ifr.ifr_flags |= IFF_UP;
	if (r == 0 && ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		r = vc_err("macvtap %s: set up:", name);
	close(s);
	return r;
}

/* /dev/tapN of a macvtap: udev makes it where it runs; else we do */
static int
open_tapdev(const char *name)
{
	unsigned idx = if_nametoindex(name), maj, min;
	char dev[32], sys[128], buf[32];
	int fd, n;
	FILE *f;

	if (!idx)
		return vc_err("macvtap %s: gone", name);
	snprintf(dev, sizeof(dev), "/dev/tap%u", idx);
	if (access(dev, F_OK) < 0) {
		snprintf(sys, sizeof(sys), "/sys/class/net/%s/macvtap/tap%u/dev", name, idx);
		if (!(f = fopen(sys, "re")))
			return vc_err("macvtap %s: open %s:", name, sys);
		n = fgets(buf, sizeof(buf), f) && sscanf(buf, "%u:%u", &maj, &min) == 2;
		fclose(f);
		if (!n)
			return vc_err("macvtap %s: %s: not a device number", name, sys);
		if (mknod(dev, S_IFCHR | 0600, makedev(maj, min)) < 0 && errno != EEXIST)
			return vc_err("macvtap %s: mknod %s:", name, dev);
	}
	if ((fd = open(dev, O_RDWR | O_CLOEXEC)) < 0)
		return vc_err("macvtap %s: open %s:", name, dev);
	return fd;
}

int
vc_macvtap_create(const char *lower, const char *name, const unsigned char *mac,
                  const char *mode, char out[16], int *fdp)
{
	struct rtnl_link *link = NULL;
	struct nl_addr *addr = NULL;
	struct nl_sock *s;
	unsigned lidx;
	int m, e = 0, n, fd;

	*fdp = -1;
	if (!lower || !*lower)
		return vc_err("direct: no <source dev>");
	if (strlen(lower) >= IFNAMSIZ || !(lidx = if_nametoindex(lower)))
		return vc_err("direct: source dev %s: no such device", lower);
	if ((m = rtnl_link_macvtap_str2mode(mode && *mode ? mode : "vepa")) < 0)
		return vc_err("direct: macvtap mode '%s' is not supported", mode);
	if (name && strlen(name) >= IFNAMSIZ)
		return vc_err("macvtap %s: name longer than %d bytes", name, IFNAMSIZ - 1);
	if (!(s = nlsock()))
		return -1;
	/* a free macvtapN: the kernel's %d does not say which it picked */
	for (n = 0; n < 256; n++) {
		if (name)
			snprintf(out, IFNAMSIZ, "%s", name);
		else
			snprintf(out, IFNAMSIZ, "macvtap%u", (unsigned)n & 0xff);
		if (!name && if_nametoindex(out))
			continue;
		link = rtnl_link_macvtap_alloc();
		rtnl_link_set_link(link, (int)lidx);
		rtnl_link_set_name(link, out);
		if (mac) {
			addr = nl_addr_build(AF_LLC, (void *)mac, 6);
			rtnl_link_set_addr(link, addr);
			nl_addr_put(addr);
		}
		rtnl_link_macvtap_set_mode(link, (uint32_t)m);
		e = rtnl_link_add(s, link, NLM_F_CREATE | NLM_F_EXCL);
		rtnl_link_put(link);
		if (e != -NLE_EXIST || name)
			break;
	}
	nl_socket_free(s);
	if (e < 0)
		return vc_err("macvtap %s on %s: create: %s", out, lower, nl_geterror(e));
	if (link_up(out) < 0 || (fd = open_tapdev(out)) < 0) {
		vc_macvtap_delete(out);
		return -1;
	}
	*fdp = fd;
	return 0;
}

int
vc_macvtap_delete(const char *name)
{
	struct rtnl_link *link;
	struct nl_sock *s;
	unsigned idx = if_nametoindex(name);
	char dev[32];
	int e;

	if (!idx)
		return 0;
	if (!(s = nlsock()))
		return -1;
	link = rtnl_link_alloc();
	rtnl_link_set_ifindex(link, (int)idx);
	e = rtnl_link_delete(s, link);
	rtnl_link_put(link);
	nl_socket_free(s);
	if (e < 0 && e != -NLE_NODEV && e != -NLE_OBJ_NOTFOUND)
		return vc_err("macvtap %s: remove: %s", name, nl_geterror(e));
	/* the node we (or udev) made for it */
	snprintf(dev, sizeof(dev), "/dev/tap%u", idx);
	unlink(dev);
	return 0;
}
