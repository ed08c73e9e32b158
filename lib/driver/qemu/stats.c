/* stats.c: a running QEMU guest's counters: QMP query-balloon,
 * query-cpus-fast, query-block and query-blockstats; CPU time and
 * memory of its process and threads from /proc; interface counters of
 * its taps from sysfs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "driver/qemu/argv.h"
#include "driver/qemu/qmp.h"
#include "driver/qemu/qemu.h"
#include "driver/qemu/guest.h"

#define QMP_MS 5000

struct vc_qmp *
vc_qemu_guest_monitor(struct vc_conn *c, const char *name, const struct vc_live *l)
{
	char *p = l->monitor && *l->monitor ? vc_strdup(l->monitor)
	    : vc_qemu_path(c->rundir, name, VC_QEMU_QMP);
	struct vc_qmp *q = vc_qmp_open(p, (pid_t)l->pid, QMP_MS);

	free(p);
	if (!q) {
		vc_err_prefix("monitor");
		return NULL;
	}
	vc_qmp_set_timeout(q, QMP_MS);
	return q;
}

/* utime, stime (ns) and the cpu last run on, from /proc/PID[/task/TID]/stat */
static int
proc_times(long pid, long tid, unsigned long long *user, unsigned long long *sys, int *cpu)
{
	char *p = tid ? vc_asprintf("/proc/%ld/task/%ld/stat", pid, tid)
	    : vc_asprintf("/proc/%ld/stat", pid);
	char *s = vc_file_read(p, NULL), *e, *tok, *save = NULL;
	unsigned long long v[40] = { 0 };
	long hz = sysconf(_SC_CLK_TCK);
	int i = 3;

	free(p);
	if (!s || !(e = strrchr(s, ')'))) {
		free(s);
		vc_err_clear();
		return -1;
	}
	for (tok = strtok_r(e + 1, " \n", &save); tok && i < 40; tok = strtok_r(NULL, " \n", &save))
		v[i++] = strtoull(tok, NULL, 10);
	free(s);
	if (hz <= 0)
		hz = 100;
	*user = v[14] * (1000000000ULL / (unsigned long long)hz);
	*sys = v[15] * (1000000000ULL / (unsigned long long)hz);
	if (cpu)
		*cpu = i > 39 ? (int)v[39] : -1;
	return 0;
}

static unsigned long long
rss_kib(long pid)
{
	char *p = vc_asprintf("/proc/%ld/statm", pid), *s = vc_file_read(p, NULL);
	unsigned long long size = 0, res = 0;

	free(p);
	if (!s) {
		vc_err_clear();
		return 0;
	}
	if (sscanf(s, "%llu %llu", &size, &res) != 2)
		res = 0;
	free(s);
	return res * (unsigned long long)sysconf(_SC_PAGESIZE) / 1024;
}

static unsigned long long
jnum(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? (unsigned long long)json_object_get_int64(v) : 0;
}

static const char *
jstr(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string)
	    ? json_object_get_string(v) : NULL;
}

static void
balloon(struct vc_qmp *q, struct vc_domstats *s)
{
	struct json_object *r = NULL;

	if (!s->balloon)
		return;
	if (vc_qmp_cmd(q, "query-balloon", NULL, &r) < 0) {
		vc_err_clear();         /* no balloon device after all */
		return;
	}
	s->mem_cur_kib = jnum(r, "actual") / 1024;
	json_object_put(r);
}

static void
vcpus(struct vc_qmp *q, long pid, struct vc_domstats *s)
{
	struct json_object *r = NULL, *e;
	size_t i, n;

	if (vc_qmp_cmd(q, "query-cpus-fast", NULL, &r) < 0) {
		vc_err_clear();
		return;
	}
	n = json_object_array_length(r);
	s->vcpu = vc_calloc(n ? n : 1, sizeof(*s->vcpu));
	s->nvcpu = n;
	for (i = 0; i < n; i++) {
		unsigned long long u = 0, sy = 0;
		struct vc_vcpustat *v;
		size_t k;

		e = json_object_array_get_idx(r, i);
		k = (size_t)jnum(e, "cpu-index");
		v = &s->vcpu[k < n ? k : i];
		v->state = 1;
		v->thread = (long)jnum(e, "thread-id");
		v->cpu = -1;
		if (proc_times(pid, v->thread, &u, &sy, &v->cpu) == 0)
			v->time_ns = u + sy;
	}
	json_object_put(r);
}

/* query-block tells which qdev holds which file; query-blockstats
 * counts per qdev */
static void
blocks(struct vc_qmp *q, struct vc_domstats *s)
{
	struct json_object *bl = NULL, *bs = NULL;
	size_t i, j, k, nb, ns;

	if (!s->nblk)
		return;
	if (vc_qmp_cmd(q, "query-block", NULL, &bl) < 0 ||
	    vc_qmp_cmd(q, "query-blockstats", NULL, &bs) < 0) {
		vc_err_clear();
		json_object_put(bl);
		return;
	}
	nb = json_object_array_length(bl);
	ns = json_object_array_length(bs);
	for (i = 0; i < nb; i++) {
		struct json_object *e = json_object_array_get_idx(bl, i), *ins, *img;
		const char *qdev = jstr(e, "qdev"), *file;

		if (!qdev || !json_object_object_get_ex(e, "inserted", &ins) ||
		    !(file = jstr(ins, "file")))
			continue;
		for (k = 0; k < s->nblk; k++)
			if (s->blk[k].path && strcmp(s->blk[k].path, file) == 0)
				break;
		if (k == s->nblk)
			continue;
		if (json_object_object_get_ex(ins, "image", &img)) {
			s->blk[k].has_size = 1;
			s->blk[k].capacity = jnum(img, "virtual-size");
			s->blk[k].allocation = jnum(img, "actual-size");
		}
		for (j = 0; j < ns; j++) {
			struct json_object *t = json_object_array_get_idx(bs, j), *st;
			const char *tq = jstr(t, "qdev");
			struct vc_blkstat *b = &s->blk[k];

			if (!tq || strcmp(tq, qdev) != 0 || !json_object_object_get_ex(t, "stats", &st))
				continue;
			b->has_io = 1;
			b->rd_reqs = jnum(st, "rd_operations");
			b->rd_bytes = jnum(st, "rd_bytes");
			b->rd_ns = jnum(st, "rd_total_time_ns");
			b->wr_reqs = jnum(st, "wr_operations");
			b->wr_bytes = jnum(st, "wr_bytes");
			b->wr_ns = jnum(st, "wr_total_time_ns");
			b->fl_reqs = jnum(st, "flush_operations");
			b->fl_ns = jnum(st, "flush_total_time_ns");
			break;
		}
	}
	json_object_put(bl);
	json_object_put(bs);
}

static int
sysnum(const char *dev, const char *what, unsigned long long *v)
{
	char *p = vc_asprintf("/sys/class/net/%s/statistics/%s", dev, what);
	char *s = vc_file_line(p);
	int r = -1;

	free(p);
	if (s && vc_parse_ull(s, 0, ~0ULL, v) == 0)
		r = 0;
	free(s);
	vc_err_clear();
	return r;
}

/* a tap's host side sees the guest's traffic the other way round */
static void
nets(struct vc_domstats *s)
{
	size_t i;

	for (i = 0; i < s->nnet; i++) {
		struct vc_ifstat *f = &s->net[i];

		if (!f->name || sysnum(f->name, "tx_bytes", &f->rx_bytes) < 0)
			continue;
		f->has_io = 1;
		sysnum(f->name, "tx_packets", &f->rx_pkts);
		sysnum(f->name, "tx_errors", &f->rx_errs);
		sysnum(f->name, "tx_dropped", &f->rx_drop);
		sysnum(f->name, "rx_bytes", &f->tx_bytes);
		sysnum(f->name, "rx_packets", &f->tx_pkts);
		sysnum(f->name, "rx_errors", &f->tx_errs);
		sysnum(f->name, "rx_dropped", &f->tx_drop);
	}
}

static int
q_stats(struct vc_conn *c, const char *name, const struct vc_live *l, int groups,
        struct vc_domstats *s)
{
	struct vc_qmp *q;
	unsigned long long u, sy;

	if (proc_times(l->pid, 0, &u, &sy, NULL) == 0) {
		s->cpu_ns = u + sy;
		s->has_cpu_split = 1;
		s->user_ns = u;
		s->system_ns = sy;
	}
	if ((s->rss_kib = rss_kib(l->pid)))
		s->has_rss = 1;
	if (groups & VC_STATS_NET)
		nets(s);
	if (!(groups & (VC_STATS_BALLOON | VC_STATS_VCPU | VC_STATS_BLOCK)))
		return 0;
	if (!(q = vc_qemu_guest_monitor(c, name, l)))
		return -1;
	if (groups & VC_STATS_BALLOON)
		balloon(q, s);
	if (groups & VC_STATS_VCPU)
		vcpus(q, l->pid, s);
	if (groups & VC_STATS_BLOCK)
		blocks(q, s);
	vc_qmp_close(q);
	return 0;
}

const struct vc_guest_ops vc_qemu_guest_ops = {
	.stats = q_stats,
	.snap_create = vc_qemu_snap_create,
	.snap_revert = vc_qemu_snap_revert,
	.snap_delete = vc_qemu_snap_delete,
	.domcaps = vc_qemu_domcaps,
	.screenshot = vc_qemu_screenshot,
	.sendkey = vc_qemu_sendkey,
	.setmem = vc_qemu_setmem,
	.setvcpus = vc_qemu_setvcpus,
	.save = vc_qemu_save,
	.restore = vc_qemu_restore,
};
