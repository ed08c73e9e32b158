/* loop.c: loop devices for <filesystem type='file'>: attached with
 * autoclear (the kernel frees one when its mount and our fd are gone),
 * recorded in rundir/NAME.loop ("DEV\tFILE" lines) so that a later run
 * can free one the kernel kept; and a mount that probes the fs type */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>
#include "../../driver.h"
#include "lxc.h"

#define RELEASE_WAIT_MS 3000

/* attach file to a free loop device: its fd (close-on-exec), *dev named */
int
vc_lxc_loop_attach(const char *file, int ro, char *dev, size_t n)
{
	int ctl, ffd, lfd = -1, tries;

	if ((ffd = open(file, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC)) < 0)
		return vc_err("filesystem file %s: %s", file, strerror(errno));
	if ((ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC)) < 0) {
		vc_err("filesystem file %s: /dev/loop-control: %s", file, strerror(errno));
		close(ffd);
		return -1;
	}
	/* another attacher may take the free one first: ask again */
	for (tries = 0; tries < 16 && lfd < 0; tries++) {
		struct loop_config cf = {0};
		int nr = ioctl(ctl, LOOP_CTL_GET_FREE);

		if (nr < 0) {
			vc_err("filesystem file %s: no free loop device: %s", file, strerror(errno));
			break;
		}
		snprintf(dev, n, "/dev/loop%d", nr);
		if ((lfd = open(dev, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC)) < 0) {
			vc_err("filesystem file %s: %s: %s", file, dev, strerror(errno));
			break;
		}
		cf.fd = (unsigned)ffd;
		cf.info.lo_flags = LO_FLAGS_AUTOCLEAR | (ro ? LO_FLAGS_READ_ONLY : 0);
		snprintf((char *)cf.info.lo_file_name, sizeof(cf.info.lo_file_name), "%s", file);
		if (ioctl(lfd, LOOP_CONFIGURE, &cf) == 0)
			break;
		if (errno == EINVAL || errno == ENOTTY) {
			/* kernels before 5.8 */
			if (ioctl(lfd, LOOP_SET_FD, ffd) == 0) {
				if (ioctl(lfd, LOOP_SET_STATUS64, &cf.info) == 0)
					break;
				vc_err("filesystem file %s: %s: %s", file, dev, strerror(errno));
				ioctl(lfd, LOOP_CLR_FD, 0);
				close(lfd);
				lfd = -1;
				break;
			}
		}
		if (errno != EBUSY) {
			vc_err("filesystem file %s: %s: %s", file, dev, strerror(errno));
			close(lfd);
			lfd = -1;
			break;
		}
		close(lfd);
		lfd = -1;
	}
	close(ctl);
	close(ffd);
	return lfd;
}

/* the file behind /dev/loopN now, or "" */
static void
backing(const char *dev, char *out, size_t n)
{
	const char *b = strrchr(dev, '/');
	char *p = vc_asprintf("/sys/block/%s/loop/backing_file", b ? b + 1 : dev), *s = vc_file_line(p);

	snprintf(out, n, "%s", s ? s : "");
	free(s);
	free(p);
	vc_err_clear();
}

/* every device of rundir/NAME.loop still backed by its file: waited for,
 * then detached; the record goes */
void
vc_lxc_loop_release(const char *rec)
{
	char *s, *line, *next;
	unsigned long long end = vc_now_ms() + RELEASE_WAIT_MS;

	if (!(s = vc_file_read(rec, NULL))) {
		vc_err_clear();
		return;
	}
	for (line = s; line && *line; line = next) {
		char *file, cur[PATH_MAX + 16];
		int fd;

		if ((next = strchr(line, '\n')))
			*next++ = 0;
		if (!(file = strchr(line, '\t')))
			continue;
		*file++ = 0;
		/* the kernel frees it once the container's mounts are gone */
		for (;;) {
			backing(line, cur, sizeof(cur));
			if (strcmp(cur, file) != 0 || vc_now_ms() >= end)
				break;
			usleep(2000);
		}
		if (strcmp(cur, file) == 0 && (fd = open(line, O_RDONLY | O_CLOEXEC)) >= 0) {
			ioctl(fd, LOOP_CLR_FD, 0);
			close(fd);
		}
	}
	free(s);
	unlink(rec);
}

/* mount a block device, trying each block filesystem the kernel has */
int
vc_lxc_mount_dev(const char *dev, const char *target, unsigned long flags)
{
	char *fs = vc_file_read("/proc/filesystems", NULL), *line, *next;
	int err = ENODEV;

	if (!fs)
		return -1;
	for (line = fs; line && *line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = 0;
		if (strncmp(line, "nodev", 5) == 0)
			continue;
		while (*line == '\t' || *line == ' ')
			line++;
		if (!*line)
			continue;
		if (mount(dev, target, line, flags, NULL) == 0) {
			free(fs);
			return 0;
		}
		/* EINVAL, ENODEV...: not this type; EACCES/EROFS, a real answer */
		if (errno == EACCES || errno == EROFS || errno == ENOENT || errno == ENOTBLK) {
			err = errno;
			break;
		}
	}
	free(fs);
	errno = err == ENODEV ? EINVAL : err;
	if (err == ENODEV)
		return vc_err("%s: no filesystem the kernel knows", dev);
	return vc_err("%s: %s", dev, strerror(err));
}
