/* console.c: a guest's first serial port: its log for scripts, its socket for a terminal */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "driver/qemu/argv.h"
#include "driver/qemu/qemu.h"

static char *
console_file(struct vc_conn *c, const char *key, const char *ext)
{
	char *name, *p;

	/* the lxc supervisor logs its console pty to the same file */
	if (c->drv != &vc_qemu_driver && (c->drv != &vc_lxc_driver || strcmp(ext, VC_QEMU_CONSOLE)))
		return vc_err("console: unsupported by the %s driver", c->drv->name), NULL;
	if (!(name = vc_store_resolve(c, key)))
		return NULL;
	p = vc_qemu_path(c->rundir, name, ext);
	free(name);
	return p;
}

static int
write_all(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
vc_qemu_console_log(struct vc_conn *c, const char *key, int out)
{
	char *p = console_file(c, key, VC_QEMU_CONSOLE), buf[8192];
	ssize_t n;
	int fd;

	if (!p)
		return -1;
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			vc_err("%s: no console log (the guest has no pty serial port, or never ran)", key);
		else
			vc_err("open %s:", p);
		free(p);
		return -1;
	}
	free(p);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write_all(out, buf, (size_t)n) < 0) {
			close(fd);
			return vc_err("write:");
		}
	close(fd);
	return n < 0 ? vc_err("read console log:") : 0;
}

static int
dial(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return vc_err("%s: socket path too long", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return vc_err("socket:");
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return vc_err("connect %s:", path);
	}
	return fd;
}

int
vc_qemu_console_attach(struct vc_conn *c, const char *key, int escape)
{
	struct termios saved, raw;
	struct pollfd pf[2];
	char *p = console_file(c, key, VC_QEMU_CONSOCK), buf[4096];
	int fd, tty, r = 0, in_open = 1;
	ssize_t n, k;

	if (!p)
		return -1;
	if ((fd = dial(p)) < 0) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			vc_err("%s: not running, or no pty serial port to attach to", key);
		free(p);
		return -1;
	}
	free(p);
	signal(SIGPIPE, SIG_IGN);
	tty = isatty(0) && tcgetattr(0, &saved) == 0;
	if (tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSADRAIN, &raw);
		fprintf(stderr, "Connected to %s (escape character is ^%c)\r\n", key, escape + '@');
	}
	for (;;) {
		pf[0].fd = in_open ? 0 : -1;
		pf[0].events = POLLIN;
		pf[1].fd = fd;
		pf[1].events = POLLIN;
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			r = vc_err("poll:");
			break;
		}
		if (pf[1].revents) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0)
				break;          /* the guest went away */
			if (write_all(1, buf, (size_t)n) < 0) {
				r = vc_err("write:");
				break;
			}
		}
		if (pf[0].revents) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0) {
				if (!tty)
					break;  /* a script's input ended */
				in_open = 0;
				continue;
			}
			for (k = 0; k < n && buf[k] != escape; k++)
				;
			if (k && write_all(fd, buf, (size_t)k) < 0) {
				r = vc_err("write console:");
				break;
			}
			if (k < n)
				break;
		}
	}
	if (tty) {
		tcsetattr(0, TCSADRAIN, &saved);
		fputs("\n", stderr);
	}
	close(fd);
	return r;
}
