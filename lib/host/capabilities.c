/* capabilities.c: libvirt's host capabilities XML: CPU, NUMA topology, IOMMU, guest types */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "host.h"
#include "host/detach.h"

struct hcpu {
	unsigned id, socket, die, cluster, core;
	char *siblings;
};

/* a kernel cpu list "0-3,8,10-11" into ids; -1 when malformed */
static int
cpulist(const char *s, unsigned **ids, size_t *n)
{
	unsigned long long a, b;
	char *copy, *tok, *save = NULL, *dash;

	*ids = NULL;
	*n = 0;
	if (!s)
		return -1;
	copy = vc_strdup(s);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if ((dash = strchr(tok, '-')))
			*dash++ = '\0';
		if (vc_parse_ull(tok, 0, 65535, &a) < 0 ||
		    vc_parse_ull(dash ? dash : tok, a, 65535, &b) < 0) {
			vc_err_clear();
			free(copy);
			free(*ids);
			*ids = NULL;
			*n = 0;
			return -1;
		}
		for (; a <= b; a++) {
			VC_GROW(*ids, *n);
			(*ids)[(*n)++] = a;
		}
	}
	free(copy);
	return 0;
}

static unsigned
topo(unsigned cpu, const char *attr)
{
	unsigned long long v;

	/* an id the architecture lacks reads as -1 or 65535: libvirt says 0 */
	if (vc_host_read_ull(&v, "devices/system/cpu/cpu%u/topology/%s", cpu, attr) < 0 ||
	    v >= 65535)
		return 0;
	return v;
}

static void
readcpu(unsigned id, struct hcpu *c)
{
	c->id = id;
	c->socket = topo(id, "physical_package_id");
	c->die = topo(id, "die_id");
	c->cluster = topo(id, "cluster_id");
	c->core = topo(id, "core_id");
	c->siblings = vc_host_read("devices/system/cpu/cpu%u/topology/thread_siblings_list", id);
	if (!c->siblings)
		c->siblings = vc_asprintf("%u", id);
}

/* the online cpus; when sysfs has none, /proc/cpuinfo's processors */
static void
cpus(struct hcpu **out, size_t *n)
{
	char *s = vc_host_read("devices/system/cpu/online");
	unsigned *ids;
	size_t nid, i;
	long k;

	*out = NULL;
	*n = 0;
	if (cpulist(s, &ids, &nid) < 0) {
		k = vc_host_is_real() ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
		nid = k > 0 ? (size_t)k : 1;
		ids = vc_calloc(nid, sizeof(*ids));
		for (i = 0; i < nid; i++)
			ids[i] = i;
	}
	free(s);
	*out = vc_calloc(nid, sizeof(**out));
	for (i = 0; i < nid; i++)
		readcpu(ids[i], &(*out)[i]);
	*n = nid;
	free(ids);
}

/* "vendor_id" and "model name" of the first processor in PROC/cpuinfo */
static void
cpuinfo(char **vendor, char **model)
{
	char *p = vc_asprintf("%s/cpuinfo", vc_host_proc()), line[1024], *v;
	FILE *f = fopen(p, "re");

	*vendor = *model = NULL;
	free(p);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && (!*vendor || !*model)) {
		if (!(v = strchr(line, ':')))
			continue;
		*v = '\0';
		v++;
		v += strspn(v, " \t");
		v[strcspn(v, "\n")] = '\0';
		line[strcspn(line, "\t")] = '\0';
		if (!*vendor && strcmp(line, "vendor_id") == 0)
			*vendor = vc_strdup(v);
		else if (!*model && strcmp(line, "model name") == 0)
			*model = vc_strdup(v);
	}
	fclose(f);
}

static const char *
vendorname(const char *id)
{
	if (!id)
		return NULL;
	if (strcmp(id, "GenuineIntel") == 0)
		return "Intel";
	if (strcmp(id, "AuthenticAMD") == 0)
		return "AMD";
	if (strcmp(id, "HygonGenuine") == 0)
		return "Hygon";
	return id;
}

static int
distinct(const unsigned *v, size_t n)
{
	size_t i, j;
	int k = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (v[j] == v[i])
				break;
		k += j == i;
	}
	return k;
}

static void
hosttopo(struct vc_buf *b, const struct hcpu *c, size_t n)
{
	unsigned *sock = vc_calloc(n ? n : 1, sizeof(*sock));
	unsigned *core = vc_calloc(n ? n : 1, sizeof(*core));
	unsigned *die = vc_calloc(n ? n : 1, sizeof(*die));
	size_t i, nc = 0, nd = 0;
	unsigned *t;
	size_t nt = 1;
	int sockets, cores, dies;

	for (i = 0; i < n; i++) {
		sock[i] = c[i].socket;
		if (c[i].socket == c[0].socket && c[i].die == c[0].die)
			core[nc++] = c[i].core;
		if (c[i].socket == c[0].socket)
			die[nd++] = c[i].die;
	}
	if (n && cpulist(c[0].siblings, &t, &nt) == 0)
		free(t);
	sockets = distinct(sock, n);
	dies = distinct(die, nd);
	cores = distinct(core, nc);
	vc_buf_printf(b, "      <topology sockets='%d' dies='%d' clusters='1' cores='%d' "
	              "threads='%zu'/>\n", sockets ? sockets : 1, dies ? dies : 1,
	              cores ? cores : 1, nt ? nt : 1);
	free(sock);
	free(core);
	free(die);
}

static unsigned long long
memkib(int node)
{
	char *p, line[256], key[64];
	unsigned long long v = 0, x;
	FILE *f;

	if (node >= 0)
		p = vc_host_path("devices/system/node/node%d/meminfo", node);
	else
		p = vc_asprintf("%s/meminfo", vc_host_proc());
	if (!(f = fopen(p, "re"))) {
		free(p);
		return 0;
	}
	free(p);
	while (fgets(line, sizeof(line), f)) {
		/* "Node 0 MemTotal:  16161572 kB" or "MemTotal:  16161572 kB" */
		if ((node >= 0 && sscanf(line, "Node %*d %63s %llu", key, &x) == 2) ||
		    (node < 0 && sscanf(line, "%63s %llu", key, &x) == 2)) {
			if (strcmp(key, "MemTotal:") == 0) {
				v = x;
				break;
			}
		}
	}
	fclose(f);
	return v;
}

static void
cell(struct vc_buf *b, int id, const struct hcpu *c, size_t n, const unsigned *ids,
     size_t nids)
{
	size_t i, j, k = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < nids; j++)
			k += c[i].id == ids[j];
	vc_buf_printf(b, "        <cell id='%d'>\n", id < 0 ? 0 : id);
	vc_buf_printf(b, "          <memory unit='KiB'>%llu</memory>\n", memkib(id));
	vc_buf_printf(b, "          <cpus num='%zu'>\n", k);
	for (i = 0; i < n; i++)
		for (j = 0; j < nids; j++)
			if (c[i].id == ids[j])
				vc_buf_printf(b, "            <cpu id='%u' socket_id='%u' die_id='%u' "
				              "cluster_id='%u' core_id='%u' siblings='%s'/>\n",
				              c[i].id, c[i].socket, c[i].die, c[i].cluster,
				              c[i].core, c[i].siblings);
	vc_buf_puts(b, "          </cpus>\n");
	vc_buf_puts(b, "        </cell>\n");
}

static void
numa(struct vc_buf *b, const struct hcpu *c, size_t n)
{
	char *s = vc_host_read("devices/system/node/online"), *cl;
	unsigned *nodes, *ids;
	size_t nn, ni, i;

	vc_buf_puts(b, "    <topology>\n");
	if (cpulist(s, &nodes, &nn) == 0 && nn) {
		vc_buf_printf(b, "      <cells num='%zu'>\n", nn);
		for (i = 0; i < nn; i++) {
			cl = vc_host_read("devices/system/node/node%u/cpulist", nodes[i]);
			if (cpulist(cl, &ids, &ni) < 0)
				ids = NULL, ni = 0;
			cell(b, nodes[i], c, n, ids, ni);
			free(ids);
			free(cl);
		}
		free(nodes);
	} else {
		/* no NUMA in sysfs: one cell with every cpu and all memory */
		ids = vc_calloc(n ? n : 1, sizeof(*ids));
		for (i = 0; i < n; i++)
			ids[i] = c[i].id;
		vc_buf_puts(b, "      <cells num='1'>\n");
		cell(b, -1, c, n, ids, n);
		free(ids);
	}
	free(s);
	vc_buf_puts(b, "      </cells>\n    </topology>\n");
}

static char *
hostuuid(void)
{
	char *s = vc_host_read("class/dmi/id/product_uuid"), *m;
	unsigned char u[16];
	char out[37], hex[40];

	if (s && vc_uuid_parse(s, u) == 0)
		goto done;
	free(s);
	s = NULL;
	vc_err_clear();
	/* product_uuid is readable by root only: the machine id is stable too */
	if (!vc_host_is_real() || !(m = vc_file_line("/etc/machine-id")))
		return NULL;
	if (strlen(m) == 32) {
		snprintf(hex, sizeof(hex), "%.8s-%.4s-%.4s-%.4s-%.12s", m, m + 8,
		         m + 12, m + 16, m + 20);
		if (vc_uuid_parse(hex, u) == 0)
			s = vc_strdup(hex);
	}
	free(m);
	vc_err_clear();
	if (!s)
		return NULL;
done:
	vc_uuid_format(u, out);
	free(s);
	return vc_strdup(out);
}

static int
iommu(void)
{
	char **ents;
	size_t n;
	int r;

	if (vc_host_dir(&ents, &n, "kernel/iommu_groups") < 0) {
		vc_err_clear();
		return 0;
	}
	r = n > 0;
	vc_host_strv_free(ents, n);
	return r;
}

static const char *
hostarch(void)
{
	static struct utsname u;

	if (uname(&u) < 0)
		return "x86_64";
	if (strcmp(u.machine, "arm64") == 0)
		return "aarch64";
	return u.machine;
}

void
vc_caps_opts_default(struct vc_caps_opts *o, char **buf)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *p;

	memset(o, 0, sizeof(*o));
	*buf = NULL;
	copy = vc_strdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (dir = strtok_r(copy, ":", &save); dir && !*buf;
	     dir = strtok_r(NULL, ":", &save)) {
		if (*dir != '/')
			continue;
		p = vc_asprintf("%s/qemu-system-%s", dir, hostarch());
		if (access(p, X_OK) == 0)
			*buf = p;
		else
			free(p);
	}
	free(copy);
	o->emulator = *buf;
	o->kvm = access("/dev/kvm", R_OK | W_OK) == 0;
}

char *
vc_host_capabilities(const struct vc_caps_opts *o)
{
	struct vc_buf b = {0};
	struct hcpu *c;
	size_t n, i;
	char *uuid, *vendor, *model;
	const char *arch = hostarch();

	vc_buf_puts(&b, "<capabilities>\n\n  <host>\n");
	if ((uuid = hostuuid()))
		vc_buf_printf(&b, "    <uuid>%s</uuid>\n", uuid);
	free(uuid);
	cpus(&c, &n);
	cpuinfo(&vendor, &model);
	vc_buf_puts(&b, "    <cpu>\n");
	vc_buf_printf(&b, "      <arch>%s</arch>\n", arch);
	if (model) {
		vc_buf_puts(&b, "      <model>");
		vc_buf_esc(&b, model, 0);
		vc_buf_puts(&b, "</model>\n");
	}
	if (vendor) {
		vc_buf_puts(&b, "      <vendor>");
		vc_buf_esc(&b, vendorname(vendor), 0);
		vc_buf_puts(&b, "</vendor>\n");
	}
	hosttopo(&b, c, n);
	vc_buf_puts(&b, "    </cpu>\n");
	vc_buf_printf(&b, "    <iommu support='%s'/>\n", iommu() ? "yes" : "no");
	numa(&b, c, n);
	vc_buf_puts(&b, "  </host>\n");
	if (o && o->emulator) {
		vc_buf_puts(&b, "\n  <guest>\n    <os_type>hvm</os_type>\n");
		vc_buf_printf(&b, "    <arch name='%s'>\n", arch);
		vc_buf_printf(&b, "      <wordsize>%d</wordsize>\n",
		              strstr(arch, "64") || strcmp(arch, "s390x") == 0 ? 64 : 32);
		vc_buf_puts(&b, "      <emulator>");
		vc_buf_esc(&b, o->emulator, 0);
		vc_buf_puts(&b, "</emulator>\n      <domain type='qemu'/>\n");
		if (o->kvm)
			vc_buf_puts(&b, "      <domain type='kvm'/>\n");
		vc_buf_puts(&b, "    </arch>\n  </guest>\n");
	}
	vc_buf_puts(&b, "\n</capabilities>\n");
	for (i = 0; i < n; i++)
		free(c[i].siblings);
	free(c);
	free(vendor);
	free(model);
	return vc_buf_take(&b);
}

/* "cpu MHz" of the first processor in PROC/cpuinfo, else cpufreq's maximum */
static unsigned
cpumhz(void)
{
	char *p = vc_asprintf("%s/cpuinfo", vc_host_proc()), line[1024];
	unsigned long long khz;
	double mhz = 0;
	FILE *f = fopen(p, "re");

	free(p);
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "cpu MHz", 7) == 0 && sscanf(line, "cpu MHz : %lf", &mhz) == 1)
			break;
	if (f)
		fclose(f);
	if (mhz <= 0 && vc_host_read_ull(&khz, "devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq") == 0)
		mhz = khz / 1000.0;
	vc_err_clear();
	return mhz > 0 ? (unsigned)mhz : 0;
}

void
vc_host_nodeinfo(struct vc_nodeinfo *ni)
{
	struct hcpu *c;
	unsigned *sock, *core, *t;
	size_t n, i, nc = 0, nt = 1, nn;
	char *s;

	memset(ni, 0, sizeof(*ni));
	snprintf(ni->model, sizeof(ni->model), "%s", hostarch());
	cpus(&c, &n);
	sock = vc_calloc(n ? n : 1, sizeof(*sock));
	core = vc_calloc(n ? n : 1, sizeof(*core));
	for (i = 0; i < n; i++) {
		sock[i] = c[i].socket;
		if (c[i].socket == c[0].socket)
			core[nc++] = c[i].core;
	}
	if (n && cpulist(c[0].siblings, &t, &nt) == 0)
		free(t);
	s = vc_host_read("devices/system/node/online");
	if (cpulist(s, &t, &nn) == 0)
		free(t);
	else
		nn = 1;
	free(s);
	vc_err_clear();
	ni->cpus = (unsigned)n;
	ni->nodes = nn ? (unsigned)nn : 1;
	ni->sockets = (unsigned)distinct(sock, n) / ni->nodes;
	ni->sockets = ni->sockets ? ni->sockets : 1;
	ni->cores = (unsigned)distinct(core, nc);
	ni->cores = ni->cores ? ni->cores : 1;
	ni->threads = nt ? (unsigned)nt : 1;
	if (ni->nodes * ni->sockets * ni->cores * ni->threads != ni->cpus) {
		ni->nodes = ni->sockets = ni->threads = 1;
		ni->cores = ni->cpus;
	}
	ni->mhz = cpumhz();
	ni->memory_kib = memkib(-1);
	for (i = 0; i < n; i++)
		free(c[i].siblings);
	free(c);
	free(sock);
	free(core);
}
