/* detach.c: detach PCI devices from their host driver and give them back, remembering the original driver */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "host.h"
#include "host/detach.h"

static char *procroot;

void
vc_host_set_proc(const char *dir)
{
	size_t n;

	free(procroot);
	if (!dir)
		dir = getenv("VIRTCORE_PROC_ROOT");
	procroot = vc_strdup(dir && *dir ? dir : "/proc");
	n = strlen(procroot);
	while (n > 1 && procroot[n - 1] == '/')
		procroot[--n] = '\0';
}

const char *
vc_host_proc(void)
{
	if (!procroot)
		vc_host_set_proc(NULL);
	return procroot;
}

/* every sysfs write goes through vc_host_write, which runs the simulated
 * kernel's hook when one is set */
#define kwrite vc_host_write

int
vc_nodedev_pci_addr(const char *name, char out[16])
{
	struct vc_pciaddr a;
	static const char *const other[] = {"net_", "usb_", "computer"};
	size_t i;

	for (i = 0; i < VC_NELEM(other); i++)
		if (strncmp(name, other[i], strlen(other[i])) == 0)
			return vc_err("%s is not a PCI device", name);
	if (vc_pci_addr_scan(name, &a) < 0)
		return -1;
	vc_pci_addr_str(&a, out);
	if (!vc_pci_exists(&a))
		return vc_err("no PCI device %s", out);
	return 0;
}

/* ---- what the host itself uses ---- */

/* append every PCI address on the resolved path of ROOT/rel */
static void
pcipath(const char *rel, char ***v, size_t *n)
{
	char *p = vc_host_path("%s", rel), *rp, *tok, *save = NULL;
	struct vc_pciaddr a;
	char s[16];

	rp = realpath(p, NULL);
	free(p);
	if (!rp)
		return;
	for (tok = strtok_r(rp, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (strlen(tok) == 12 && vc_pci_addr_scan(tok, &a) == 0) {
			vc_pci_addr_str(&a, s);
			VC_APPEND(*v, *n, vc_strdup(s));
		}
		vc_err_clear();
	}
	free(rp);
}

/* the block device ROOT/rel and, for dm/md/loop stacks, what it sits on */
static void
blockdevs(const char *rel, int depth, char ***v, size_t *n)
{
	char **ents;
	size_t ne, i;

	pcipath(rel, v, n);
	if (depth > 8 || vc_host_dir(&ents, &ne, "%s/slaves", rel) < 0) {
		vc_err_clear();
		return;
	}
	for (i = 0; i < ne; i++) {
		char *r = vc_asprintf("class/block/%s", ents[i]);
		blockdevs(r, depth + 1, v, n);
		free(r);
	}
	vc_host_strv_free(ents, ne);
}

/* MAJ:MIN and source of the file system mounted on / (PROC/self/mountinfo) */
static int
rootdev(char majmin[32], char src[256])
{
	char *p = vc_asprintf("%s/self/mountinfo", vc_host_proc());
	char line[4096], mp[1024], mm[32], *dash;
	FILE *f = fopen(p, "re");
	int found = 0;

	free(p);
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %*s %31s %*s %1023s", mm, mp) != 2 ||
		    strcmp(mp, "/") != 0)
			continue;
		/* the last mount on / is the one in effect */
		snprintf(majmin, 32, "%s", mm);
		src[0] = '\0';
		if ((dash = strstr(line, " - ")) &&
		    sscanf(dash + 3, "%*s %255s", src) != 1)
			src[0] = '\0';
		found = 1;
	}
	fclose(f);
	return found;
}

/* interfaces that carry a default route (PROC/net/route, ipv6_route) */
static void
routeifs(char ***v, size_t *n)
{
	char *p, line[512], ifn[64], dst[64], mask[64], plen[8];
	FILE *f;

	p = vc_asprintf("%s/net/route", vc_host_proc());
	if ((f = fopen(p, "re"))) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "%63s %63s %*s %*s %*s %*s %*s %63s",
			           ifn, dst, mask) == 3 &&
			    strcmp(dst, "00000000") == 0 && strcmp(mask, "00000000") == 0)
				VC_APPEND(*v, *n, vc_strdup(ifn));
		fclose(f);
	}
	free(p);
	p = vc_asprintf("%s/net/ipv6_route", vc_host_proc());
	if ((f = fopen(p, "re"))) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "%63s %7s %*s %*s %*s %*s %*s %*s %*s %63s",
			           dst, plen, ifn) == 3 && strcmp(plen, "00") == 0 &&
			    strspn(dst, "0") == 32 && strcmp(ifn, "lo") != 0)
				VC_APPEND(*v, *n, vc_strdup(ifn));
		fclose(f);
	}
	free(p);
}

/* the PCI devices below an interface, through bonds, bridges and vlans */
static void
netdevs(const char *ifname, int depth, char ***v, size_t *n)
{
	char **ents, *rel;
	size_t ne, i;

	if (strchr(ifname, '/') || depth > 8)
		return;
	rel = vc_asprintf("class/net/%s", ifname);
	pcipath(rel, v, n);
	free(rel);
	if (vc_host_dir(&ents, &ne, "class/net/%s", ifname) == 0) {
		for (i = 0; i < ne; i++)
			if (strncmp(ents[i], "lower_", 6) == 0)
				netdevs(ents[i] + 6, depth + 1, v, n);
		vc_host_strv_free(ents, ne);
	}
	if (vc_host_dir(&ents, &ne, "class/net/%s/brif", ifname) == 0) {
		for (i = 0; i < ne; i++)
			netdevs(ents[i], depth + 1, v, n);
		vc_host_strv_free(ents, ne);
	}
	vc_err_clear();
}

static int
member(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

char *
vc_host_uses(const char *addr)
{
	char mm[32], src[256], *rel, *why = NULL, **v = NULL, **ifs = NULL;
	size_t n = 0, nif = 0, i;
	struct stat st;

	if (rootdev(mm, src)) {
		/* a btrfs root shows an anonymous 0:N: ask the source instead */
		rel = vc_host_path("dev/block/%s", mm);
		if (access(rel, F_OK) < 0 && vc_host_is_real() &&
		    strncmp(src, "/dev/", 5) == 0 && stat(src, &st) == 0 &&
		    S_ISBLK(st.st_mode))
			snprintf(mm, sizeof(mm), "%u:%u", major(st.st_rdev),
			         minor(st.st_rdev));
		free(rel);
		rel = vc_asprintf("dev/block/%s", mm);
		blockdevs(rel, 0, &v, &n);
		free(rel);
		if (member(v, n, addr))
			why = vc_asprintf("it holds the host's root file system (%s)",
			                  *src ? src : mm);
		vc_host_strv_free(v, n);
		v = NULL;
		n = 0;
	}
	routeifs(&ifs, &nif);
	for (i = 0; i < nif && !why; i++) {
		netdevs(ifs[i], 0, &v, &n);
		if (member(v, n, addr))
			why = vc_asprintf("it carries the host's default route (%s)", ifs[i]);
		vc_host_strv_free(v, n);
		v = NULL;
		n = 0;
	}
	vc_host_strv_free(ifs, nif);
	vc_err_clear();
	return why;
}

/* ---- the record: RUNDIR/nodedev/ADDR.orig ---- */

static char *
recdir(const char *rundir)
{
	return vc_asprintf("%s/nodedev", rundir);
}

int
vc_nodedev_record(const char *rundir, const char *addr, char **orig, int *detached)
{
	char *dir = recdir(rundir), *p, *s, *line, *save = NULL;
	size_t len;

	*orig = NULL;
	*detached = 0;
	p = vc_asprintf("%s/%s.orig", dir, addr);
	free(dir);
	if (access(p, F_OK) < 0) {
		free(p);
		return 0;
	}
	if (!(s = vc_file_read(p, &len))) {
		free(p);
		return -1;
	}
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "driver=", 7) == 0) {
			free(*orig);
			*orig = vc_strdup(line + 7);
		} else if (strcmp(line, "state=detached") == 0) {
			*detached = 1;
		}
	}
	free(s);
	if (!*orig) {
		vc_err("%s: no driver= line", p);
		free(p);
		return -1;
	}
	free(p);
	return 1;
}

static int
record_write(const char *rundir, const char *addr, const char *orig, int detached)
{
	char *dir = recdir(rundir), *p, *s;
	int r;

	if (vc_mkdir_p(dir, 0755) < 0) {
		free(dir);
		return -1;
	}
	p = vc_asprintf("%s/%s.orig", dir, addr);
	s = vc_asprintf("driver=%s\nstate=%s\n", orig ? orig : "",
	                detached ? "detached" : "reattached");
	r = vc_file_write_atomic(p, s, strlen(s), 0644);
	free(p);
	free(s);
	free(dir);
	return r;
}

static int
lock(const char *rundir, const char *addr)
{
	char *dir = recdir(rundir);
	int fd = vc_lock(dir, addr);

	free(dir);
	return fd;
}

/* ---- binding ---- */

static char *
override(const char *addr)
{
	char *s = vc_host_read("bus/pci/devices/%s/driver_override", addr);

	if (s && (!*s || strcmp(s, "(null)") == 0)) {
		free(s);
		s = NULL;
	}
	return s;
}

static int
streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int
unbind(const char *addr, const char *cur)
{
	if (kwrite(addr, "bus/pci/drivers/%s/unbind", cur) < 0) {
		vc_err_prefix("%s: unbind from %s", addr, cur);
		return -1;
	}
	return 0;
}

static int
setov(const char *addr, const char *drv)
{
	if (kwrite(drv ? drv : "\n", "bus/pci/devices/%s/driver_override", addr) < 0) {
		vc_err_prefix("%s: driver_override", addr);
		return -1;
	}
	return 0;
}

static int
probe(const char *addr)
{
	if (kwrite(addr, "bus/pci/drivers_probe") < 0) {
		vc_err_prefix("%s: drivers_probe", addr);
		return -1;
	}
	return 0;
}

static int
loaded(const char *drv)
{
	char *p = vc_host_path("bus/pci/drivers/%s", drv);
	int r = access(p, F_OK) == 0;

	free(p);
	return r;
}

/* bind addr to drv through driver_override: the kernel's own way */
static int
rebind(const char *addr, const char *cur, const char *drv)
{
	if (cur && unbind(addr, cur) < 0)
		return -1;
	if (setov(addr, drv) < 0 || probe(addr) < 0)
		return -1;
	return vc_pci_verify(addr, drv);
}

/* back to orig ("" = no driver): clear the override, probe, bind */
static int
restore(const char *addr, const char *orig)
{
	char *cur = vc_pci_driver(addr), *ov = override(addr);
	int r = 0;

	if (cur && !streq(cur, orig) && unbind(addr, cur) < 0)
		r = -1;
	if (r == 0 && ov && setov(addr, NULL) < 0)
		r = -1;
	free(ov);
	free(cur);
	if (r < 0 || !*orig)
		return r;
	cur = vc_pci_driver(addr);
	if (!cur) {
		if (probe(addr) < 0)
			return -1;
		/* drivers_probe matched nothing: the ids may be known to orig
		 * only through new_id, so ask it directly */
		if (!(cur = vc_pci_driver(addr)) &&
		    kwrite(addr, "bus/pci/drivers/%s/bind", orig) < 0) {
			vc_err_prefix("%s: bind to %s", addr, orig);
			return -1;
		}
	}
	free(cur);
	return vc_pci_verify(addr, orig);
}

int
vc_nodedev_detach(const char *rundir, const char *name, const struct vc_detach_opts *o)
{
	const char *drv = o->driver ? o->driver : "vfio-pci";
	char addr[16], *cur = NULL, *ov = NULL, *why, *orig = NULL;
	int fd = -1, r = -1, detached, have;

	if (vc_nodedev_pci_addr(name, addr) < 0)
		return -1;
	/* --check only reads: no lock, nothing created */
	if (!o->check && (fd = lock(rundir, addr)) < 0)
		return -1;
	cur = vc_pci_driver(addr);
	ov = override(addr);
	if (streq(cur, drv) && streq(ov, drv)) {
		r = 0;
		goto out;
	}
	if (!o->force && (why = vc_host_uses(addr))) {
		vc_err("%s: %s; --force detaches it anyway", addr, why);
		free(why);
		goto out;
	}
	if (!loaded(drv)) {
		vc_err("%s: driver %s is not loaded (modprobe %s)", addr, drv, drv);
		goto out;
	}
	if (o->check) {
		r = 1;
		goto out;
	}
	/* remember the host driver first: a crash half way still knows it.
	 * A device detached before (to the other stub) keeps its record. */
	if ((have = vc_nodedev_record(rundir, addr, &orig, &detached)) < 0)
		goto out;
	if ((!have || !detached) &&
	    record_write(rundir, addr, cur ? cur : "", 1) < 0)
		goto out;
	if (rebind(addr, streq(cur, drv) ? NULL : cur, drv) < 0)
		goto out;
	r = 1;
out:
	free(orig);
	free(cur);
	free(ov);
	vc_unlock(fd);
	return r;
}

int
vc_nodedev_reattach(const char *rundir, const char *name, int check)
{
	char addr[16], *orig = NULL, *cur = NULL, *ov = NULL;
	int fd = -1, r = -1, detached, have;

	if (vc_nodedev_pci_addr(name, addr) < 0)
		return -1;
	if (!check && (fd = lock(rundir, addr)) < 0)
		return -1;
	if ((have = vc_nodedev_record(rundir, addr, &orig, &detached)) < 0)
		goto out;
	cur = vc_pci_driver(addr);
	ov = override(addr);
	if (have == 0) {
		/* never detached: with the host already, unless a stub holds it
		 * (then its host driver is unknown: say so, change nothing) */
		if (!ov && !streq(cur, "vfio-pci") && !streq(cur, "pci-stub"))
			r = 0;
		else
			vc_err("%s: held by %s, but never detached here (no record "
			       "in %s/nodedev): its host driver is unknown", addr,
			       ov ? ov : cur, rundir);
		goto out;
	}
	if (!ov && (*orig ? streq(cur, orig) : !cur)) {
		r = 0;
		if (detached && !check)
			r = record_write(rundir, addr, orig, 0) < 0 ? -1 : 0;
		goto out;
	}
	if (check) {
		r = 1;
		goto out;
	}
	if (*orig && !loaded(orig)) {
		vc_err("%s: driver %s is not loaded (modprobe %s)", addr, orig, orig);
		goto out;
	}
	if (restore(addr, orig) < 0)
		goto out;
	r = record_write(rundir, addr, orig, 0) < 0 ? -1 : 1;
out:
	free(orig);
	free(cur);
	free(ov);
	vc_unlock(fd);
	return r;
}

int
vc_nodedev_reset(const char *name)
{
	char addr[16], *p;
	int ok;

	if (vc_nodedev_pci_addr(name, addr) < 0)
		return -1;
	p = vc_host_path("bus/pci/devices/%s/reset", addr);
	ok = access(p, F_OK) == 0;
	free(p);
	if (!ok)
		return vc_err("%s: the device has no function reset", addr);
	if (kwrite("1", "bus/pci/devices/%s/reset", addr) < 0) {
		vc_err_prefix("%s: reset", addr);
		return -1;
	}
	return 0;
}
