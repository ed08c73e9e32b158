/* screen_ops.c: keys and screenshots (virsh send-key, screenshot): the
 * rules every driver shares; the driver presses the keys and grabs the screen */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "driver.h"
#include "conf/devs_misc.h"
#include "driver/device_ops.h"

static const struct vc_guest_ops *
ops(struct vc_conn *c)
{
	static const struct vc_guest_ops none;

	return c->drv->guest ? c->drv->guest : &none;
}

/* the running guest, locked; "unsupported" before anything is opened */
static int
running(struct vc_conn *c, const char *key, const char *what, int have,
        struct vc_dev_target *t)
{
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	if (c->drv->inv || !have)
		return vc_err("%s: %s is unsupported by the %s driver", key, what, c->drv->name);
	return vc_dev_target_open(c, key, VC_AFFECT_LIVE, t);
}

int
vc_dom_sendkey(struct vc_conn *c, const char *key, int set, unsigned holdtime,
               char *const *keys, size_t n)
{
	struct vc_dev_target t;
	unsigned lin[VC_SENDKEY_MAX];
	size_t i, j;
	int r = -1;

	/* every key is checked before the guest is touched */
	if (n == 0)
		return vc_err("no keycode given");
	if (n > VC_SENDKEY_MAX)
		return vc_err("%zu keycodes: at most %d keys can be sent together", n,
		    VC_SENDKEY_MAX);
	for (i = 0; i < n; i++) {
		if (vc_keycode_parse(set, keys[i], &lin[i]) < 0)
			return -1;
		for (j = 0; j < i; j++)
			if (lin[j] == lin[i])
				return vc_err("keycode '%s': given twice", keys[i]);
	}
	if (running(c, key, "send-key", ops(c)->sendkey != NULL, &t) < 0)
		goto out;
	if (ops(c)->sendkey(c, t.live, &t.l, lin, n, holdtime) < 0) {
		vc_err_prefix("%s: send-key", t.name);
		goto out;
	}
	r = 0;
out:
	vc_dev_target_close(&t);
	return r;
}

/* a binary PPM's header: "P6" W H MAXVAL, one whitespace, then W*H*3
 * bytes (MAXVAL < 256); 0 when data is one */
static int
ppm_check(const char *data, size_t len, unsigned *w, unsigned *h)
{
	unsigned long v[3];
	const char *p = data, *end = data + len;
	char *e;
	int i;

	if (len < 2 || p[0] != 'P' || p[1] != '6')
		return -1;
	p += 2;
	for (i = 0; i < 3; i++) {
		while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return -1;
		v[i] = strtoul(p, &e, 10);
		p = e;
	}
	if (p >= end || v[0] == 0 || v[1] == 0 || v[2] == 0 || v[2] > 255 ||
	    (size_t)(end - p - 1) != (size_t)v[0] * v[1] * 3)
		return -1;
	*w = (unsigned)v[0];
	*h = (unsigned)v[1];
	return 0;
}

/* virsh's name: NAME-YYYY-MM-DD-HH:MM:SS.ppm */
static char *
default_name(const char *name)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%d-%H:%M:%S", &tm);
	return vc_asprintf("%s-%s.ppm", name, ts);
}

int
vc_dom_screenshot(struct vc_conn *c, const char *key, unsigned screen,
                  const char *file, char **file_out)
{
	struct vc_dev_target t;
	char *tmp = NULL, *data = NULL, *dest = NULL;
	unsigned total = 0, w, h;
	size_t i, dev = 0, len;
	unsigned head = 0;
	int fd, found = 0, r = -1;

	*file_out = NULL;
	if (running(c, key, "screenshot", ops(c)->screenshot != NULL, &t) < 0)
		goto out;
	/* screens are counted over the video devices' heads, as libvirt does */
	for (i = 0; i < t.live->ndev[VC_DEV_VIDEO]; i++) {
		const struct vc_dev_video *v = t.live->dev[VC_DEV_VIDEO][i];
		unsigned heads = v->has_heads && v->heads ? v->heads : 1;
		if (v->type == VC_VIDEO_NONE)
			continue;
		if (!found && screen < total + heads) {
			dev = i;
			head = screen - total;
			found = 1;
		}
		total += heads;
	}
	if (total == 0) {
		vc_err("%s: the guest has no video device to take a screenshot of", t.name);
		goto out;
	}
	if (!found) {
		vc_err("%s: no screen %u: the guest has %u (0 to %u)", t.name, screen, total,
		    total - 1);
		goto out;
	}
	dest = file ? vc_strdup(file) : default_name(t.name);
	/* the hypervisor writes a file of its own beside its other run files;
	 * only a whole, valid picture reaches dest */
	if (vc_mkdir_p(c->rundir, 0755) < 0)
		goto out;
	tmp = vc_asprintf("%s/.%s.screenshot.XXXXXX", c->rundir, t.name);
	if ((fd = mkstemp(tmp)) < 0) {
		vc_err("%s: mkstemp %s:", t.name, tmp);
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (t.l.pid > 0) {
		/* QEMU run as another user (qemu.conf's user) must open it */
		struct stat st;
		char *p = vc_asprintf("/proc/%ld", t.l.pid);
		if (stat(p, &st) == 0 && st.st_uid != geteuid())
			(void)fchown(fd, st.st_uid, st.st_gid);
		free(p);
	}
	close(fd);
	if (ops(c)->screenshot(c, t.live, &t.l, dev, head, tmp) < 0) {
		vc_err_prefix("%s: screenshot", t.name);
		goto out;
	}
	if (!(data = vc_file_read(tmp, &len)))
		goto out;
	if (ppm_check(data, len, &w, &h) < 0) {
		vc_err("%s: screenshot: the hypervisor wrote no valid PPM picture (%zu bytes)",
		    t.name, len);
		goto out;
	}
	if (vc_file_write_atomic(dest, data, len, 0644) < 0)
		goto out;
	*file_out = dest;
	dest = NULL;
	r = 0;
out:
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(data);
	free(dest);
	vc_dev_target_close(&t);
	return r;
}
