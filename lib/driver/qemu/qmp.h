/* qmp.h: a synchronous QMP client (json-c) that queues events while it waits for replies */
#ifndef VC_QEMU_QMP_H
#define VC_QEMU_QMP_H

#include <sys/types.h>

struct json_object;
struct vc_qmp;

#define VC_QMP_TIMEOUT_MS 30000 /* default wait for a reply */

/* Connect to QEMU's QMP unix socket, waiting up to timeout_ms for it to
 * appear (failing at once when pid, if > 0, dies), read the greeting and
 * negotiate capabilities.  With VIRTCORE_QMP_LOG=FILE set, every line sent
 * ("> ...") and received ("< ...") is appended to FILE.  NULL on error. */
struct vc_qmp *vc_qmp_open(const char *path, pid_t pid, int timeout_ms);
void vc_qmp_close(struct vc_qmp *q);
/* socket fd, for poll loops that watch for events */
int vc_qmp_fd(struct vc_qmp *q);
/* wait for replies this long from now on (ms) */
void vc_qmp_set_timeout(struct vc_qmp *q, int timeout_ms);
/* QEMU's version from the greeting */
void vc_qmp_version(struct vc_qmp *q, int *major, int *minor, int *micro);

/* Run cmd with args (an object, not consumed; NULL for none).  Events that
 * arrive meanwhile are queued.  On success *reply (when reply is not NULL)
 * holds the "return" value: the caller json_object_put()s it.  A QEMU
 * error becomes "cmd: QEMU's desc"; vc_qmp_errclass() tells its class. */
int vc_qmp_cmd(struct vc_qmp *q, const char *cmd, struct json_object *args,
               struct json_object **reply);
/* hand fd to QEMU under fdname (getfd, SCM_RIGHTS): "fd:NAME" in a
 * migration URI then names it; QEMU holds its own copy */
int vc_qmp_getfd(struct vc_qmp *q, const char *fdname, int fd);
/* class of the last QEMU error ("GenericError", "DeviceNotFound", ...),
 * "" when the last failure was not an error reply */
const char *vc_qmp_errclass(struct vc_qmp *q);

/* The first queued or arriving event named name (NULL: any), removed from
 * the queue, waiting up to timeout_ms (0: only what is already there).
 * The caller json_object_put()s it.  NULL on timeout (VC_ERR_TEMP) or
 * when the monitor closes. */
struct json_object *vc_qmp_event(struct vc_qmp *q, const char *name,
                                 int timeout_ms);
/* events queued so far */
int vc_qmp_nevents(struct vc_qmp *q);

/* Helpers.  query_status: 1 running, 0 not, -1 error; status (if not
 * NULL, n bytes) gets QEMU's word: "running", "paused", "prelaunch", ... */
int vc_qmp_query_status(struct vc_qmp *q, char *status, size_t n);
int vc_qmp_stop(struct vc_qmp *q);
int vc_qmp_cont(struct vc_qmp *q);
int vc_qmp_system_powerdown(struct vc_qmp *q);
int vc_qmp_system_reset(struct vc_qmp *q);
/* QEMU answers, then closes the monitor and exits: both are success */
int vc_qmp_quit(struct vc_qmp *q);
/* args: {"driver": ..., "id": ..., ...}, not consumed */
int vc_qmp_device_add(struct vc_qmp *q, struct json_object *args);
/* device_del id, then wait up to timeout_ms for its DEVICE_DELETED event
 * (the guest must let go): VC_ERR_TEMP when it does not come */
int vc_qmp_device_del(struct vc_qmp *q, const char *id, int timeout_ms);

#endif
