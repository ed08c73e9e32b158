/* save.c: a QEMU guest into a save image and back: stop, QMP migrate to
 * an fd handed over with getfd, query-migrate polled to its end; restore
 * is a start with -incoming defer and migrate-incoming from an fd */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "driver/qemu/qmp.h"
#include "driver/qemu/guest.h"
#include "driver/qemu/qemu.h"

#define MIGRATE_MS 600000   /* the guest's memory, to or from disk */

/* wait (bounded) for the migration of either side to end */
int
vc_qemu_migrate_wait(struct vc_qmp *q, const char *guest, const char *what)
{
	unsigned long long end = vc_now_ms() + MIGRATE_MS;
	struct json_object *r, *v, *ev;

	for (;;) {
		const char *st = NULL;
		if (vc_qmp_cmd(q, "query-migrate", NULL, &r) < 0)
			return vc_err_prefix("%s: %s", guest, what), -1;
		if (json_object_object_get_ex(r, "status", &v))
			st = json_object_get_string(v);
		if (st && strcmp(st, "completed") == 0) {
			json_object_put(r);
			return 0;
		}
		if (st && (strcmp(st, "failed") == 0 || strcmp(st, "cancelled") == 0)) {
			const char *d = json_object_object_get_ex(r, "error-desc", &v)
			    ? json_object_get_string(v) : st;
			vc_err("%s: %s: QEMU says the migration %s", guest, what, d);
			json_object_put(r);
			return -1;
		}
		json_object_put(r);
		if (vc_now_ms() >= end) {
			vc_qmp_cmd(q, "migrate_cancel", NULL, NULL);
			return vc_err_kind(VC_ERR_TEMP, "%s: %s: not done after %d s", guest, what,
			    MIGRATE_MS / 1000);
		}
		/* QEMU says when the status changes (capability "events"):
		 * wait for that, bounded, then look again */
		if ((ev = vc_qmp_event(q, "MIGRATION", 200)))
			json_object_put(ev);
		vc_err_clear();
	}
}

static void
events_on(struct vc_qmp *q)
{
	struct json_object *a = json_object_new_object(), *caps = json_object_new_array(),
	    *e = json_object_new_object();

	json_object_object_add(e, "capability", json_object_new_string("events"));
	json_object_object_add(e, "state", json_object_new_boolean(1));
	json_object_array_add(caps, e);
	json_object_object_add(a, "capabilities", caps);
	if (vc_qmp_cmd(q, "migrate-set-capabilities", a, NULL) < 0)
		vc_err_clear();    /* then the poll finds the end alone */
	json_object_put(a);
}

static int
migrate(struct vc_qmp *q, const char *guest, const char *cmd, const char *fdname, int fd)
{
	struct json_object *a;
	char *uri;
	int r;

	events_on(q);
	if (vc_qmp_getfd(q, fdname, fd) < 0)
		return vc_err_prefix("%s", guest), -1;
	uri = vc_asprintf("fd:%s", fdname);
	a = json_object_new_object();
	json_object_object_add(a, "uri", json_object_new_string(uri));
	r = vc_qmp_cmd(q, cmd, a, NULL);
	json_object_put(a);
	free(uri);
	if (r < 0) {
		vc_err_prefix("%s", guest);
		return -1;
	}
	return vc_qemu_migrate_wait(q, guest, cmd);
}

/* QEMU throttles a migration to 128 MiB/s by default, a network's pace:
 * a file takes what the disk gives (libvirt lifts it for saves too) */
static void
unthrottle(struct vc_qmp *q)
{
	struct json_object *a = json_object_new_object();

	json_object_object_add(a, "max-bandwidth", json_object_new_int64(INT64_MAX / 2));
	if (vc_qmp_cmd(q, "migrate-set-parameters", a, NULL) < 0)
		vc_err_clear();
	json_object_put(a);
}

int
vc_qemu_save(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int fd)
{
	struct vc_qmp *q;
	int paused_here = 0, r;

	/* stopped first, as libvirt does: the stream is the state of one
	 * instant and written once */
	if (l->state != VC_STATE_PAUSED) {
		if (vc_qemu_suspend(c, live, l) < 0)
			return -1;
		paused_here = 1;
	}
	if (!(q = vc_qemu_guest_monitor(c, live->name, l))) {
		r = -1;
	} else {
		vc_qmp_set_timeout(q, VC_QMP_TIMEOUT_MS);
		unthrottle(q);
		r = migrate(q, live->name, "migrate", "vc-save", fd);
		vc_qmp_close(q);
	}
	if (r < 0 && paused_here) {
		char *msg = vc_strdup(vc_errmsg());
		vc_qemu_resume(c, live, l);
		vc_err("%s", msg);
		free(msg);
	}
	return r;
}

int
vc_qemu_migrate_in(struct vc_qmp *q, const char *guest, int fd)
{
	return migrate(q, guest, "migrate-incoming", "vc-restore", fd);
}

int
vc_qemu_restore(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int fd,
                unsigned long long len, int paused)
{
	(void)len;      /* the stream says where it ends */
	return vc_qemu_start_from(c, def, l, fd, paused);
}
