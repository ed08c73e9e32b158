/* snapshot.c: the qemu driver's snapshots: qemu-img snapshot/create on
 * the images of a shut-off guest; for a running one the QMP jobs
 * snapshot-save, snapshot-load, snapshot-delete (QEMU 6.0+) and
 * blockdev-snapshot-sync for external overlays */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "driver/qemu/qmp.h"
#include "driver/qemu/guest.h"
#include "conf/devs_storage.h"

#define JOB_MS 120000   /* a snapshot job writes the guest's memory */

static const struct vc_disk *
disk_of(const struct vc_domain *d, const char *target)
{
	size_t i;

	for (i = 0; i < d->ndev[VC_DEV_DISK]; i++) {
		const struct vc_disk *k = d->dev[VC_DEV_DISK][i];
		if (k->target_dev && strcmp(k->target_dev, target) == 0)
			return k;
	}
	return NULL;
}

static int
img(const char *op, const char *snap, const char *path)
{
	const char *argv[] = { "qemu-img", "snapshot", op, snap, path, NULL };

	return vc_exec_ok(argv, NULL);
}

/* refuse what cannot be done before anything is done */
static int
check(const struct vc_domain *def, const struct vc_snapshot *s, int running)
{
	size_t i;
	int internal = 0;

	for (i = 0; i < s->ndisk; i++) {
		const struct vc_snapdisk *k = &s->disk[i];
		const struct vc_disk *d = disk_of(def, k->name);
		if (k->how == VC_SNAP_INTERNAL) {
			internal++;
			if (!d || d->src.format != VC_FMT_QCOW2)
				return vc_err("%s: disk %s (%s) is %s: internal snapshots need qcow2",
				    def->name, k->name, k->path, d && d->src.format != VC_FMT_NONE
				    ? vc_disk_format_names[d->src.format] : "raw");
			if (d->src.type != VC_DISK_TYPE_FILE)
				return vc_err("%s: disk %s: internal snapshots need a file", def->name, k->name);
		}
	}
	if (s->memory == VC_SNAP_EXTERNAL)
		return vc_err("%s: external memory snapshots are unsupported by the qemu driver yet",
		    def->name);
	if (running && s->memory == VC_SNAP_INTERNAL && !internal)
		return vc_err("%s: a memory snapshot needs a qcow2 disk to hold it", def->name);
	if (running && s->memory == VC_SNAP_NO && internal)
		return vc_err("%s: internal disk snapshots of a running guest take its memory too "
		    "(leave out --disk-only, or make the disks external)", def->name);
	return 0;
}

/* ---- shut off: qemu-img ---- */

static int
off_create(const struct vc_domain *def, const struct vc_snapshot *s)
{
	size_t i, j;

	for (i = 0; i < s->ndisk; i++) {
		const struct vc_snapdisk *k = &s->disk[i];
		int r = 0;
		if (k->how == VC_SNAP_INTERNAL) {
			r = img("-c", s->name, k->path);
		} else if (k->how == VC_SNAP_EXTERNAL) {
			const struct vc_disk *d = disk_of(def, k->name);
			const char *fmt = d && d->src.format != VC_FMT_NONE
			    ? vc_disk_format_names[d->src.format] : "raw";
			const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", "-b",
			    k->path, "-F", fmt, k->file, NULL };
			r = vc_exec_ok(argv, NULL);
		}
		if (r < 0) {
			/* undo the disks done so far: all or nothing */
			char *msg = vc_strdup(vc_errmsg());
			for (j = 0; j < i; j++) {
				if (s->disk[j].how == VC_SNAP_INTERNAL)
					img("-d", s->name, s->disk[j].path);
				else if (s->disk[j].how == VC_SNAP_EXTERNAL)
					remove(s->disk[j].file);
			}
			vc_err("%s: %s", def->name, msg);
			free(msg);
			return -1;
		}
	}
	return 0;
}

/* ---- running: QMP ---- */

/* node names of the guest's disks, by the image each reads (query-block) */
static char *
node_of(struct json_object *blocks, const char *path)
{
	size_t i, n = blocks ? json_object_array_length(blocks) : 0;

	for (i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(blocks, i), *in, *v;
		if (!json_object_object_get_ex(b, "inserted", &in))
			continue;
		if (json_object_object_get_ex(in, "file", &v) &&
		    strcmp(json_object_get_string(v), path) == 0 &&
		    json_object_object_get_ex(in, "node-name", &v))
			return vc_strdup(json_object_get_string(v));
	}
	return NULL;
}

/* run a snapshot job and wait (bounded) for it to conclude */
static int
job(struct vc_qmp *q, const char *guest, const char *cmd, struct json_object *args)
{
	struct json_object *r = NULL, *jid;
	unsigned long long waited = 0;
	int rc = -1;

	json_object_object_add(args, "job-id", json_object_new_string("vc-snapshot"));
	if (vc_qmp_cmd(q, cmd, args, NULL) < 0)
		return vc_err_prefix("%s", guest), -1;
	jid = json_object_new_object();
	json_object_object_add(jid, "id", json_object_new_string("vc-snapshot"));
	for (;;) {
		struct json_object *ev;
		size_t i, n;
		const char *status = NULL, *error = NULL;
		if (vc_qmp_cmd(q, "query-jobs", NULL, &r) < 0)
			break;
		n = json_object_array_length(r);
		for (i = 0; i < n; i++) {
			struct json_object *j = json_object_array_get_idx(r, i), *v;
			if (json_object_object_get_ex(j, "id", &v) &&
			    strcmp(json_object_get_string(v), "vc-snapshot") == 0) {
				if (json_object_object_get_ex(j, "status", &v))
					status = json_object_get_string(v);
				if (json_object_object_get_ex(j, "error", &v))
					error = json_object_get_string(v);
			}
		}
		if (status && strcmp(status, "concluded") == 0) {
			rc = error ? vc_err("%s: %s: %s", guest, cmd, error) : 0;
			json_object_put(r);
			r = NULL;
			vc_qmp_cmd(q, "job-dismiss", jid, NULL);
			break;
		}
		if (!status) {
			vc_err("%s: %s: the job went away", guest, cmd);
			break;
		}
		json_object_put(r);
		r = NULL;
		if (waited >= JOB_MS) {
			vc_err_kind(VC_ERR_TEMP, "%s: %s: not done after %d s", guest, cmd, JOB_MS / 1000);
			break;
		}
		/* the job says when its state changes: wait for that, bounded */
		if ((ev = vc_qmp_event(q, "JOB_STATUS_CHANGE", 1000)))
			json_object_put(ev);
		vc_err_clear();
		waited += 1000;
	}
	json_object_put(r);
	json_object_put(jid);
	return rc;
}

/* snapshot-save/-load/-delete arguments: tag, vmstate, devices */
static struct json_object *
job_args(struct json_object *blocks, const struct vc_snapshot *s, int vmstate)
{
	struct json_object *a = json_object_new_object(), *devs = json_object_new_array();
	char *first = NULL;
	size_t i;

	json_object_object_add(a, "tag", json_object_new_string(s->name));
	for (i = 0; i < s->ndisk; i++) {
		char *node;
		if (s->disk[i].how != VC_SNAP_INTERNAL || !(node = node_of(blocks, s->disk[i].path)))
			continue;
		json_object_array_add(devs, json_object_new_string(node));
		if (!first)
			first = node;
		else
			free(node);
	}
	if (vmstate && first)
		json_object_object_add(a, "vmstate", json_object_new_string(first));
	json_object_object_add(a, "devices", devs);
	free(first);
	return a;
}

static int
nodes_found(struct json_object *a, const struct vc_snapshot *s, const char *guest)
{
	struct json_object *d;
	size_t want = 0, i;

	for (i = 0; i < s->ndisk; i++)
		want += s->disk[i].how == VC_SNAP_INTERNAL;
	json_object_object_get_ex(a, "devices", &d);
	if (json_object_array_length(d) != want)
		return vc_err("%s: QEMU does not show every disk of the snapshot (query-block)", guest);
	return 0;
}

static int
run_create(struct vc_conn *c, const struct vc_domain *def, struct vc_live *l,
           const struct vc_snapshot *s)
{
	struct vc_qmp *q = vc_qemu_guest_monitor(c, def->name, l);
	struct json_object *blocks = NULL, *a = NULL;
	size_t i;
	int r = -1;

	if (!q)
		return vc_err_prefix("%s", def->name), -1;
	if (vc_qmp_cmd(q, "query-block", NULL, &blocks) < 0)
		goto out;
	if (s->memory == VC_SNAP_INTERNAL) {
		a = job_args(blocks, s, 1);
		if (nodes_found(a, s, def->name) < 0 || job(q, def->name, "snapshot-save", a) < 0)
			goto out;
	}
	for (i = 0; i < s->ndisk; i++) {
		struct json_object *b;
		char *node, *sn;
		if (s->disk[i].how != VC_SNAP_EXTERNAL)
			continue;
		if (!(node = node_of(blocks, s->disk[i].path))) {
			vc_err("%s: disk %s: QEMU does not show %s (query-block)", def->name,
			    s->disk[i].name, s->disk[i].path);
			goto out;
		}
		sn = vc_asprintf("snap-%s-%s", s->disk[i].name, s->name);
		b = json_object_new_object();
		json_object_object_add(b, "node-name", json_object_new_string(node));
		json_object_object_add(b, "snapshot-file", json_object_new_string(s->disk[i].file));
		json_object_object_add(b, "snapshot-node-name", json_object_new_string(sn));
		json_object_object_add(b, "format", json_object_new_string("qcow2"));
		r = vc_qmp_cmd(q, "blockdev-snapshot-sync", b, NULL);
		json_object_put(b);
		free(sn);
		free(node);
		if (r < 0) {
			vc_err_prefix("%s", def->name);
			goto out;
		}
		r = -1;
	}
	r = 0;
out:
	json_object_put(a);
	json_object_put(blocks);
	vc_qmp_close(q);
	return r;
}

int
vc_qemu_snap_create(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
                    struct vc_snapshot *s)
{
	if (check(def, s, l != NULL) < 0)
		return -1;
	return l ? run_create(c, def, l, s) : off_create(def, s);
}

static int
run_job(struct vc_conn *c, const struct vc_domain *def, struct vc_live *l,
        const struct vc_snapshot *s, const char *cmd)
{
	struct vc_qmp *q = vc_qemu_guest_monitor(c, def->name, l);
	struct json_object *blocks = NULL, *a = NULL;
	char st[32];
	int r = -1;

	if (!q)
		return vc_err_prefix("%s", def->name), -1;
	if (vc_qmp_cmd(q, "query-block", NULL, &blocks) < 0)
		goto out;
	a = job_args(blocks, s, strcmp(cmd, "snapshot-delete") != 0);
	if (nodes_found(a, s, def->name) < 0 || job(q, def->name, cmd, a) < 0)
		goto out;
	if (strcmp(cmd, "snapshot-load") == 0) {
		/* the loaded guest runs on as it ran when it was saved */
		if (vc_qmp_query_status(q, st, sizeof(st)) == 0 && strcmp(s->state, "running") == 0 &&
		    vc_qmp_cont(q) < 0)
			goto out;
		l->state = strcmp(s->state, "paused") == 0 ? VC_STATE_PAUSED : VC_STATE_RUNNING;
	}
	r = 0;
out:
	json_object_put(a);
	json_object_put(blocks);
	vc_qmp_close(q);
	return r;
}

int
vc_qemu_snap_revert(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
                    const struct vc_snapshot *s)
{
	size_t i;

	if (l)
		return run_job(c, def, l, s, "snapshot-load");
	for (i = 0; i < s->ndisk; i++)
		if (s->disk[i].how == VC_SNAP_INTERNAL && img("-a", s->name, s->disk[i].path) < 0)
			return vc_err_prefix("%s", def->name), -1;
	return 0;
}

int
vc_qemu_snap_delete(struct vc_conn *c, struct vc_domain *def, struct vc_live *l,
                    const struct vc_snapshot *s)
{
	size_t i;
	int internal = 0;

	for (i = 0; i < s->ndisk; i++)
		internal += s->disk[i].how == VC_SNAP_INTERNAL;
	if (!internal)
		return 0;    /* external overlays stay: the guest reads them */
	if (l)
		return run_job(c, def, l, s, "snapshot-delete");
	for (i = 0; i < s->ndisk; i++)
		if (s->disk[i].how == VC_SNAP_INTERNAL && img("-d", s->name, s->disk[i].path) < 0)
			return vc_err_prefix("%s", def->name), -1;
	return 0;
}
