/* confine.c: what a qemu:///system guest runs as, and the cgroup that
 * holds it: the user from the driver's qemu.conf (QEMU's -runas), and one
 * cgroup per guest (v1: cpu, cpuacct, memory, pids; v2: one directory) */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "driver.h"
#include "conf/sections.h"
#include "driver/qemu/qemu.h"

static const char *const v1_ctrls[] = {"cpu", "cpuacct", "memory", "pids", NULL};

/* "key = value" or key = "value" from the driver's qemu.conf, NULL if unset */
char *
vc_qemu_conf_get(struct vc_conn *c, const char *key)
{
	char *path = vc_asprintf("%s/qemu.conf", c->confdir), *s, *line, *save = NULL, *v = NULL;
	size_t kl = strlen(key);

	s = vc_file_read(path, NULL);
	free(path);
	if (!s) {
		vc_err_clear();
		return NULL;
	}
	for (line = strtok_r(s, "\n", &save); line && !v; line = strtok_r(NULL, "\n", &save)) {
		char *p = line + strspn(line, " \t"), *e;
		if (strncmp(p, key, kl) != 0)
			continue;
		p += kl;
		p += strspn(p, " \t");
		if (*p++ != '=')
			continue;
		p += strspn(p, " \t\"");
		for (e = p + strlen(p); e > p && strchr(" \t\"", e[-1]); e--)
			;
		*e = '\0';
		if (*p)
			v = vc_strdup(p);
	}
	free(s);
	return v;
}

/* -runas USER for QEMU, when root and qemu.conf names a user */
int
vc_qemu_runas(struct vc_conn *c, char ***argv)
{
	char *user;
	size_t n;

	if (geteuid() != 0 || !(user = vc_qemu_conf_get(c, "user")))
		return 0;
	if (strcmp(user, "root") == 0) {
		free(user);
		return 0;
	}
	if (!getpwnam(user)) {
		vc_err("qemu.conf: user '%s' does not exist", user);
		free(user);
		return -1;
	}
	for (n = 0; (*argv)[n]; n++)
		;
	*argv = vc_realloc(*argv, (n + 3) * sizeof(**argv));
	(*argv)[n] = vc_strdup("-runas");
	(*argv)[n + 1] = user;
	(*argv)[n + 2] = NULL;
	return 1;
}

static const char *
cg_root(void)
{
	const char *r = getenv("VIRTCORE_CGROUP_ROOT");

	return r && *r ? r : "/sys/fs/cgroup";
}

/* the guest's cgroup below each hierarchy: virtcore/DRIVER-DIR/NAME, where
 * the middle part keeps system and per-user session guests apart */
static char *
cg_rel(struct vc_conn *c, const char *name)
{
	const char *kind = strstr(c->uri, "session") ? "session" : "system";

	return vc_asprintf("virtcore/%s-%s-%ld/%s", c->drv->name, kind, (long)geteuid(), name);
}

/* write val to DIR/FILE */
static int
put(const char *dir, const char *file, const char *val)
{
	char *p = vc_asprintf("%s/%s", dir, file);
	int r = vc_file_put(p, val);

	free(p);
	return r;
}

static int
is_v2(void)
{
	char *p = vc_asprintf("%s/cgroup.controllers", cg_root());
	int r = vc_exists(p);

	free(p);
	return r;
}

int
vc_qemu_cgroup_add(struct vc_conn *c, const struct vc_domain *def, long pid)
{
	const struct vc_memtune *mt = def->sect[VC_SECT_MEMTUNE];
	char *rel, *dir, buf[32];
	size_t i;
	int r = 0, any = 0;

	if (geteuid() != 0)
		return 0;      /* a user's session has no cgroup of its own to make */
	rel = cg_rel(c, def->name);
	snprintf(buf, sizeof(buf), "%ld", pid);
	for (i = 0; is_v2() ? i < 1 : v1_ctrls[i] != NULL; i++) {
		char *top = is_v2() ? vc_strdup(cg_root()) : vc_asprintf("%s/%s", cg_root(), v1_ctrls[i]);
		if (!vc_exists(top)) {
			free(top);
			continue;
		}
		dir = vc_asprintf("%s/%s", top, rel);
		free(top);
		if (vc_mkdir_p(dir, 0755) < 0 || put(dir, "cgroup.procs", buf) < 0)
			r = -1;
		else
			any = 1;
		if (r == 0 && mt && mt->has[VC_MEMTUNE_HARD] &&
		    (is_v2() || strcmp(v1_ctrls[i], "memory") == 0)) {
			snprintf(buf, sizeof(buf), "%llu", mt->kib[VC_MEMTUNE_HARD] * 1024);
			if (put(dir, is_v2() ? "memory.max" : "memory.limit_in_bytes", buf) < 0)
				r = -1;
			snprintf(buf, sizeof(buf), "%ld", pid);
		}
		free(dir);
		if (r < 0)
			break;
	}
	free(rel);
	if (r < 0)
		vc_err_prefix("%s: cgroup", def->name);
	return r < 0 ? -1 : any;
}

void
vc_qemu_cgroup_remove(struct vc_conn *c, const char *name)
{
	char *rel = cg_rel(c, name), *dir;
	size_t i;

	if (geteuid() != 0) {
		free(rel);
		return;
	}
	for (i = 0; is_v2() ? i < 1 : v1_ctrls[i] != NULL; i++) {
		dir = is_v2() ? vc_asprintf("%s/%s", cg_root(), rel)
		    : vc_asprintf("%s/%s/%s", cg_root(), v1_ctrls[i], rel);
		/* empty once QEMU is gone; a busy one is left for the next stop */
		if (rmdir(dir) < 0 && errno != ENOENT && errno != EBUSY)
			vc_err_clear();
		free(dir);
	}
	free(rel);
}
