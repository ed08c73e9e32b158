/* tap.c: tap devices for guests on bridges: create, enslave, remove (ioctl, no helpers run) */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>

#include "driver/qemu/qemu.h"

static int
ctlsock(void)
{
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		vc_err("socket:");
	return s;
}

static int
set_up(int s, const char *name)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return vc_err("tap %s: get flags:", name);
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		return vc_err("tap %s: set up:", name);
	return 0;
}

int
vc_tap_create(const char *name, const unsigned char *mac, char out[16])
{
	struct ifreq ifr = { 0 };
	int fd, s;

	if (strlen(name) >= IFNAMSIZ)
		return vc_err("tap %s: name longer than %d bytes", name, IFNAMSIZ - 1);
	if (!strchr(name, '%') && if_nametoindex(name) != 0)
		return vc_err("tap %s: a network device of that name exists already", name);
	if ((fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) < 0)
		return vc_err("tap %s: open /dev/net/tun:", name);
	ifr.ifr_flags = (short)(IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | IFF_TUN_EXCL);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		vc_err("tap %s: create:", name);
		close(fd);
		return -1;
	}
	snprintf(out, IFNAMSIZ, "%s", ifr.ifr_name);
	/* persistent: it outlives this process; QEMU opens it by name */
	if (ioctl(fd, TUNSETPERSIST, 1) < 0) {
		vc_err("tap %s: make persistent:", out);
		close(fd);
		return -1;
	}
	close(fd);
	if ((s = ctlsock()) < 0)
		goto fail;
	if (mac) {
		/* not the guest's own MAC: the bridge must not learn it from us */
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, IFNAMSIZ, "%s", out);
		ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
		memcpy(ifr.ifr_hwaddr.sa_data, mac, 6);
		ifr.ifr_hwaddr.sa_data[0] = (char)0xfe;
		if (ioctl(s, SIOCSIFHWADDR, &ifr) < 0) {
			vc_err("tap %s: set MAC:", out);
			close(s);
			goto fail;
		}
	}
	if (set_up(s, out) < 0) {
		close(s);
		goto fail;
	}
	close(s);
	return 0;
fail:
	vc_tap_delete(out);
	return -1;
}

int
vc_tap_bridge(const char *tap, const char *bridge)
{
	struct ifreq ifr = { 0 };
	unsigned idx = if_nametoindex(tap);
	int s, r = 0;

	if (!idx)
		return vc_err("tap %s: gone", tap);
	if (strlen(bridge) >= IFNAMSIZ || !if_nametoindex(bridge))
		return vc_err("bridge %s: no such device", bridge);
	if ((s = ctlsock()) < 0)
		return -1;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", bridge);
	ifr.ifr_ifindex = (int)idx;
	if (ioctl(s, SIOCBRADDIF, &ifr) < 0)
		r = vc_err("bridge %s: add %s:", bridge, tap);
	close(s);
	return r;
}

int
vc_tap_delete(const char *name)
{
	struct ifreq ifr = { 0 };
	int fd, e;

	if (!if_nametoindex(name))
		return 0;
	if ((fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) < 0)
		return vc_err("tap %s: open /dev/net/tun:", name);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	/* attach, drop persistence: the device goes with this fd */
	if (ioctl(fd, TUNSETIFF, &ifr) < 0 || ioctl(fd, TUNSETPERSIST, 0) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return vc_err("tap %s: remove:", name);
	}
	close(fd);
	return 0;
}
