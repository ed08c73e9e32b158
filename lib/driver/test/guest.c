/* guest.c: the test driver's statistics, changes and snapshots: a
 * simulated guest whose counters grow with the CPU time it has had, so
 * they stand still while it is paused and restart with it */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../driver.h"
#include "../../conf/devs_storage.h"
#include "../../conf/devs_misc.h"

#define HOST_CPUS 4     /* the simulated host's (host.c) */

static int
t_stats(struct vc_conn *c, const char *name, const struct vc_live *l, int groups,
        struct vc_domstats *s)
{
	unsigned long long ms = s->cpu_ns / 1000000ULL;
	struct stat st;
	size_t i;

	(void)c;
	(void)name;
	(void)l;
	if ((groups & VC_STATS_VCPU) && s->vcpu_cur) {
		s->nvcpu = s->vcpu_cur;
		s->vcpu = vc_calloc(s->nvcpu, sizeof(*s->vcpu));
		for (i = 0; i < s->nvcpu; i++) {
			s->vcpu[i].state = 1;
			s->vcpu[i].cpu = (int)(i % HOST_CPUS);
			s->vcpu[i].time_ns = s->cpu_ns / s->nvcpu;
		}
	}
	s->has_cpu_split = 1;
	s->user_ns = s->cpu_ns / 10 * 9;
	s->system_ns = s->cpu_ns - s->user_ns;
	s->has_rss = 1;
	s->rss_kib = s->mem_cur_kib / 2;
	for (i = 0; i < s->nblk; i++) {
		struct vc_blkstat *b = &s->blk[i];
		if (!b->path)
			continue;
		b->has_io = 1;
		b->rd_reqs = ms / 10 + 1;
		b->rd_bytes = b->rd_reqs * 4096;
		b->rd_ns = b->rd_reqs * 100000;
		b->wr_reqs = ms / 40;
		b->wr_bytes = b->wr_reqs * 4096;
		b->wr_ns = b->wr_reqs * 200000;
		b->fl_reqs = ms / 400;
		b->fl_ns = b->fl_reqs * 1000000;
		if (stat(b->path, &st) == 0 && S_ISREG(st.st_mode)) {
			b->has_size = 1;
			b->capacity = (unsigned long long)st.st_size;
			b->allocation = (unsigned long long)st.st_blocks * 512;
		}
	}
	for (i = 0; i < s->nnet; i++) {
		struct vc_ifstat *f = &s->net[i];
		if (!f->name)
			f->name = vc_asprintf("vnet%zu", i);
		f->has_io = 1;
		f->rx_pkts = ms / 2 + 1;
		f->rx_bytes = f->rx_pkts * 90;
		f->tx_pkts = ms / 4;
		f->tx_bytes = f->tx_pkts * 120;
	}
	return 0;
}

/* Snapshots on the simulated host: its disks hold nothing to copy, so
 * what is kept is the metadata (with the config) in the store, and what a
 * real host would refuse is refused the same way */
static int
t_snap_create(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
              struct vc_snapshot *s)
{
	size_t i;

	(void)c;
	(void)l;
	for (i = 0; i < s->ndisk; i++) {
		const struct vc_disk *d = NULL;
		size_t j;
		for (j = 0; j < def->ndev[VC_DEV_DISK]; j++) {
			const struct vc_disk *k = def->dev[VC_DEV_DISK][j];
			if (k->target_dev && strcmp(k->target_dev, s->disk[i].name) == 0)
				d = k;
		}
		/* a disk that says its format and says raw cannot hold one */
		if (s->disk[i].how == VC_SNAP_INTERNAL && d && d->src.format != VC_FMT_NONE &&
		    d->src.format != VC_FMT_QCOW2)
			return vc_err("%s: disk %s (%s) is %s: internal snapshots need qcow2",
			    def->name, s->disk[i].name, s->disk[i].path,
			    vc_disk_format_names[d->src.format]);
	}
	return 0;
}

static int
t_snap_revert(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
              const struct vc_snapshot *s)
{
	(void)c;
	(void)def;
	(void)s;
	/* the clock restarts from the revert, as a guest's would */
	if (l && l->state == VC_STATE_RUNNING)
		l->start_ms = 0;
	return 0;
}

static int
t_snap_delete(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
              const struct vc_snapshot *s)
{
	(void)c;
	(void)def;
	(void)l;
	(void)s;
	return 0;
}

/* The simulated host takes every guest the XML model parses and keeps
 * it as written, so what it offers is the model's own sets of values */
static const char *const t_yes_no[] = { "yes", "no", NULL };
static const char *const t_loader_types[] = { "rom", "pflash", NULL };
static const char *const t_modes[] = { "subsystem", NULL };
static const char *const t_fw[] = { "bios", "efi", NULL };

static int
t_domcaps(struct vc_conn *c, const struct vc_domcaps_req *r, struct vc_domcaps *d)
{
	const char *vt = r->virttype ? r->virttype : "kvm";

	(void)c;
	if (strcmp(vt, "kvm") != 0 && strcmp(vt, "qemu") != 0)
		return vc_err("virttype '%s': the simulated host runs qemu and kvm guests", vt);
	if (r->arch && strcmp(r->arch, "x86_64") != 0)
		return vc_err("arch '%s': the simulated host runs x86_64 guests", r->arch);
	if (r->emulator && strcmp(r->emulator, "/usr/bin/qemu-system-x86_64") != 0)
		return vc_err("emulator %s: the simulated host's is /usr/bin/qemu-system-x86_64",
		    r->emulator);
	d->path = vc_strdup("/usr/bin/qemu-system-x86_64");
	d->domain = vc_strdup(vt);
	d->machine = vc_strdup(r->machine ? r->machine : "pc");
	d->arch = vc_strdup("x86_64");
	d->vcpu_max = 255;
	d->iothreads = 1;
	d->firmware = t_fw;
	d->loader = 1;
	d->loader_values = vc_calloc(2, sizeof(char *));
	d->loader_values[0] = vc_strdup("/usr/share/OVMF/OVMF_CODE.fd");
	d->loader_enum[0] = (struct vc_dc_enum){ "type", t_loader_types };
	d->loader_enum[1] = (struct vc_dc_enum){ "readonly", t_yes_no };
	d->loader_enum[2] = (struct vc_dc_enum){ "secure", t_yes_no };
	d->cpu_passthrough = d->cpu_maximum = d->cpu_host_model = d->cpu_custom = 1;
	d->devices[0] = (struct vc_dc_elem){ "disk", 1, {
	    { "diskDevice", vc_disk_device_names + 1 }, { "bus", vc_disk_bus_names + 1 } } };
	d->devices[1] = (struct vc_dc_elem){ "graphics", 1, { { "type", vc_gfx_type_names + 1 } } };
	d->devices[2] = (struct vc_dc_elem){ "video", 1, { { "modelType", vc_video_type_names + 1 } } };
	d->devices[3] = (struct vc_dc_elem){ "hostdev", 1, {
	    { "mode", t_modes }, { "startupPolicy", NULL },
	    { "subsysType", vc_hostdev_type_names + 1 }, { "capsType", NULL },
	    { "pciBackend", NULL } } };
	d->devices[4] = (struct vc_dc_elem){ "rng", 1, {
	    { "model", vc_rng_model_names + 1 }, { "backendModel", vc_rng_backend_names + 1 } } };
	d->devices[5] = (struct vc_dc_elem){ "filesystem", 1, {
	    { "driverType", vc_fs_driver_names + 1 } } };
	d->features[0] = (struct vc_dc_elem){ "gic", 0, { { 0 } } };
	d->features[1] = (struct vc_dc_elem){ "ps2", 1, { { 0 } } };
	return 0;
}

/* The simulated keyboard and screen: the keys each send-key pressed go
 * to STATEDIR/sendkey/NAME, one line a press, so a test can see them;
 * the screen is a small picture that says which head it shows */
static int
t_screenshot(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, size_t dev,
             unsigned head, const char *path)
{
	enum { W = 64, H = 48 };
	char hdr[32];
	unsigned char *px;
	size_t n, x, y;
	int r;

	(void)c;
	(void)live;
	(void)l;
	(void)dev;
	n = (size_t)snprintf(hdr, sizeof(hdr), "P6\n%d %d\n255\n", W, H);
	px = vc_calloc(1, n + W * H * 3);
	memcpy(px, hdr, n);
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++) {
			unsigned char *p = px + n + (y * W + x) * 3;
			p[0] = (unsigned char)(x * 4);
			p[1] = (unsigned char)(y * 5);
			p[2] = (unsigned char)(head * 64);
		}
	r = vc_file_replace(path, (const char *)px, n + W * H * 3, 0644);
	free(px);
	return r;
}

static int
t_sendkey(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
          const unsigned *keys, size_t n, unsigned holdtime)
{
	struct vc_buf b = { 0 };
	char *dir, *path;
	size_t i;
	FILE *f;
	int r = -1;

	(void)l;
	dir = vc_asprintf("%s/sendkey", c->statedir);
	path = vc_asprintf("%s/%s", dir, live->name);
	for (i = 0; i < n; i++)
		vc_buf_printf(&b, "%s%s", i ? " " : "", vc_keycode_name(keys[i]));
	vc_buf_printf(&b, " holdtime=%u\n", holdtime);
	vc_buf_putc(&b, '\0');
	if (vc_mkdir_p(dir, 0755) < 0)
		goto out;
	if (!(f = fopen(path, "ae"))) {
		vc_err("%s:", path);
		goto out;
	}
	fputs(b.s, f);
	if (fclose(f) != 0) {
		vc_err("%s:", path);
		goto out;
	}
	r = 0;
out:
	free(b.s);
	free(path);
	free(dir);
	return r;
}

/* The simulated balloon and vCPUs: the live config is the guest's state
 * (its stats read it), so a change the rules allowed always takes */
static int
t_setmem(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
         unsigned long long kib)
{
	(void)c;
	(void)live;
	(void)l;
	(void)kib;
	return 0;
}

static int
t_setvcpus(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, unsigned n)
{
	(void)c;
	(void)live;
	(void)l;
	(void)n;
	return 0;
}

/* Save and restore on the simulated host: the guest's "memory" is its
 * clock, written as the stream; a save stops the guest as a migration
 * does (paused, then gone once the image is whole) */
#define T_STREAM "virtcore-test-guest 1\n"

static int
t_save(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int fd)
{
	char *s;
	size_t n, off = 0;
	ssize_t w;

	if (l->state != VC_STATE_PAUSED && vc_test_driver.suspend(c, live, l) < 0)
		return -1;
	s = vc_asprintf(T_STREAM "cpu_ms %llu\n", l->cpu_ms);
	n = strlen(s);
	while (off < n) {
		w = write(fd, s + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			free(s);
			return vc_err("write:");
		}
		off += (size_t)w;
	}
	free(s);
	return 0;
}

static int
t_restore(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int fd,
          unsigned long long len, int paused)
{
	char buf[128];
	unsigned long long cpu;
	ssize_t n;

	if (len >= sizeof(buf) || (n = read(fd, buf, (size_t)len)) < 0 ||
	    (unsigned long long)n != len)
		return vc_err("the stream is not a simulated guest's");
	buf[n] = '\0';
	if (strncmp(buf, T_STREAM, strlen(T_STREAM)) != 0 ||
	    sscanf(buf + strlen(T_STREAM), "cpu_ms %llu", &cpu) != 1)
		return vc_err("the stream is not a simulated guest's");
	if (vc_test_driver.start(c, def, l) < 0)
		return -1;
	/* it goes on with the time it had */
	l->cpu_ms = cpu;
	if (paused) {
		l->state = VC_STATE_PAUSED;
		l->start_ms = 0;
	}
	return vc_store_save_live(c, def, l);
}

const struct vc_guest_ops vc_test_guest_ops = {
	.save = t_save,
	.restore = t_restore,
	.stats = t_stats,
	.snap_create = t_snap_create,
	.snap_revert = t_snap_revert,
	.snap_delete = t_snap_delete,
	.domcaps = t_domcaps,
	.screenshot = t_screenshot,
	.sendkey = t_sendkey,
	.setmem = t_setmem,
	.setvcpus = t_setvcpus,
};
