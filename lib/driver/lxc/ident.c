/* ident.c: who the container's init runs as: <inituser>/<initgroup>
 * looked up in the container's own /etc/passwd and /etc/group (after the
 * pivot), and the capabilities <features><capabilities> takes away */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../../driver.h"
#include "conf/sections.h"
#include "lxc.h"

#define MAX_GROUPS 256

/* the kernel's number of each of vc_capability_names */
static const int cap_num[VC_CAP_LAST + 1] = {
	-1, CAP_AUDIT_CONTROL, CAP_AUDIT_WRITE, CAP_BLOCK_SUSPEND, CAP_CHOWN,
	CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID, CAP_IPC_LOCK,
	CAP_IPC_OWNER, CAP_KILL, CAP_LEASE, CAP_LINUX_IMMUTABLE, CAP_MAC_ADMIN,
	CAP_MAC_OVERRIDE, CAP_MKNOD, CAP_NET_ADMIN, CAP_NET_BIND_SERVICE,
	CAP_NET_BROADCAST, CAP_NET_RAW, CAP_SETGID, CAP_SETFCAP, CAP_SETPCAP, CAP_SETUID,
	CAP_SYS_ADMIN, CAP_SYS_BOOT, CAP_SYS_CHROOT, CAP_SYS_MODULE, CAP_SYS_NICE,
	CAP_SYS_PACCT, CAP_SYS_PTRACE, CAP_SYS_RAWIO, CAP_SYS_RESOURCE, CAP_SYS_TIME,
	CAP_SYS_TTY_CONFIG, CAP_SYSLOG, CAP_WAKE_ALARM, CAP_CHECKPOINT_RESTORE,
	CAP_PERFMON, CAP_BPF,
};

/* a number as the whole string; 0 when it is not one */
static int
num(const char *s, unsigned long *v)
{
	char *e;

	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	*v = strtoul(s, &e, 10);
	return !*e && !errno && *v < 0xffffffffUL;
}

/* split a colon-separated line in place into at most n fields */
static size_t
fields(char *line, char **f, size_t n)
{
	size_t i = 0;

	while (line && i < n)
		f[i++] = strsep(&line, ":");
	return i;
}

/* each line of path but comments, until fn returns nonzero (its value) */
static int
each_line(const char *path, int (*fn)(char *line, void *arg), void *arg)
{
	FILE *f = fopen(path, "re");
	char buf[4096];
	int r = 0;

	if (!f)
		return 0;
	while (!r && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = 0;
		if (*buf && *buf != '#')
			r = fn(buf, arg);
	}
	fclose(f);
	return r;
}

struct pw { const char *key; int by_id; unsigned long id, gid; char name[256]; };

static int
pw_line(char *line, void *arg)
{
	struct pw *p = arg;
	char *f[4];
	unsigned long u, g;

	if (fields(line, f, 4) < 4 || !num(f[2], &u) || !num(f[3], &g))
		return 0;
	if (p->by_id ? u != p->id : strcmp(f[0], p->key) != 0)
		return 0;
	p->id = u;
	p->gid = g;
	snprintf(p->name, sizeof(p->name), "%s", f[0]);
	return 1;
}

struct gr { const char *key; unsigned long id; const char *user; gid_t *list; size_t n; };

static int
gr_line(char *line, void *arg)
{
	struct gr *g = arg;
	char *f[4] = {0}, *m, *save;
	unsigned long v;

	if (fields(line, f, 4) < 3 || !num(f[2], &v))
		return 0;
	if (g->key) {
		if (strcmp(f[0], g->key) != 0)
			return 0;
		g->id = v;
		return 1;
	}
	for (m = f[3] ? strtok_r(f[3], ",", &save) : NULL; m; m = strtok_r(NULL, ",", &save))
		if (strcmp(m, g->user) == 0 && g->n < MAX_GROUPS)
			g->list[g->n++] = (gid_t)v;
	return 0;
}

int
vc_lxc_set_ident(const struct vc_os *os, const char *console)
{
	struct pw p = {0};
	gid_t groups[MAX_GROUPS];
	struct gr g = {0};
	unsigned long uid = 0, gid = 0;
	int have_user = 0;

	if (!os->inituser && !os->initgroup)
		return 0;
	if (os->inituser) {
		/* a name first, then a number ('+N': a number only), as libvirt does */
		const char *u = os->inituser;
		if (*u == '+') {
			if (!num(u + 1, &uid))
				return vc_err("inituser %s: not a number", u);
			p.by_id = 1;
			p.id = uid;
		} else {
			p.key = u;
			if (!each_line("/etc/passwd", pw_line, &p)) {
				if (!num(u, &uid))
					return vc_err("inituser %s: no such user in the container's /etc/passwd", u);
				p.key = NULL;
				p.by_id = 1;
				p.id = uid;
			} else
				have_user = 1;
		}
		if (p.by_id)
			have_user = each_line("/etc/passwd", pw_line, &p);
		uid = p.id;
		gid = have_user ? p.gid : 0;
	}
	if (os->initgroup) {
		const char *s = os->initgroup;
		if (*s == '+') {
			if (!num(s + 1, &gid))
				return vc_err("initgroup %s: not a number", s);
		} else {
			g.key = s;
			if (each_line("/etc/group", gr_line, &g))
				gid = g.id;
			else if (!num(s, &gid))
				return vc_err("initgroup %s: no such group in the container's /etc/group", s);
		}
	}
	/* the primary group, then the user's groups in /etc/group */
	groups[0] = (gid_t)gid;
	g.key = NULL;
	g.user = p.name;
	g.list = groups + 1;
	g.n = 0;
	if (have_user)
		each_line("/etc/group", gr_line, &g);
	if (os->inituser && console && chown(console, (uid_t)uid, (gid_t)-1) < 0)
		return vc_err("inituser %s: the console %s: %s", os->inituser, console, strerror(errno));
	if (setgroups(g.n + 1, groups) < 0)
		return vc_err("initgroup: setgroups: %s", strerror(errno));
	if (setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) < 0)
		return vc_err("initgroup %lu: setgid: %s", gid, strerror(errno));
	if (os->inituser && setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) < 0)
		return vc_err("inituser %s: setuid: %s", os->inituser, strerror(errno));
	return 0;
}

/* the capabilities to take away, as libvirt's lxc driver decides */
uint64_t
vc_lxc_caps_drop(const struct vc_domain *d)
{
	const struct vc_features *f = d->sect[VC_SECT_FEATURES];
	int policy = f && f->state[VC_FEAT_CAPABILITIES] ? f->cap_policy : 1, i, last = 40;
	uint64_t drop = 0;
	char *s;

	if ((s = vc_file_line("/proc/sys/kernel/cap_last_cap"))) {
		last = atoi(s) > 0 && atoi(s) < 64 ? atoi(s) : 40;
		free(s);
	}
	vc_err_clear();
	if (policy == 3)        /* deny: all but those turned on */
		drop = last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
	for (i = 1; i <= VC_CAP_LAST; i++) {
		int st = f && f->state[VC_FEAT_CAPABILITIES] ? f->caps[i] : VC_TRI_ABSENT, c = cap_num[i];
		int out = 0;
		if (c > last)
			continue;
		if (policy == 3) {
			if (st == VC_TRI_YES)
				drop &= ~(1ULL << c);
			continue;
		}
		if (policy == 2)
			out = st == VC_TRI_NO;
		else if (c == CAP_SYS_MODULE || c == CAP_SYS_TIME || c == CAP_MKNOD ||
		    c == CAP_AUDIT_CONTROL || c == CAP_MAC_ADMIN)
			out = st != VC_TRI_YES;
		else    /* sys_boot kept: reboot() in a pid namespace ends only it */
			out = st == VC_TRI_NO;
		if (out)
			drop |= 1ULL << c;
	}
	return drop;
}

/* out of the bounding set: needs CAP_SETPCAP, so before any setuid */
int
vc_lxc_caps_bound(uint64_t drop)
{
	int c;

	for (c = 0; c < 64; c++)
		if ((drop >> c & 1) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
			return vc_err("capabilities: dropping %d from the bounding set: %s", c, strerror(errno));
	return 0;
}

/* out of the effective, permitted and inheritable sets, and no ambient ones */
int
vc_lxc_caps_sets(uint64_t drop)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct v[2];
	int i;

	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (!drop)
		return 0;
	if (syscall(SYS_capget, &h, v) < 0)
		return vc_err("capabilities: capget: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		uint32_t keep = ~(uint32_t)(drop >> (32 * i));
		v[i].effective &= keep;
		v[i].permitted &= keep;
		v[i].inheritable &= keep;
	}
	if (syscall(SYS_capset, &h, v) < 0)
		return vc_err("capabilities: capset: %s", strerror(errno));
	return 0;
}
