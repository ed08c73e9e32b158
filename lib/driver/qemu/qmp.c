/* qmp.c: QMP over a unix socket: greeting, capabilities, commands by id, queued events */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

#include "util.h"
#include "driver/qemu/process.h"
#include "driver/qemu/qmp.h"

struct vc_qmp {
	int fd;
	int logfd;              /* VIRTCORE_QMP_LOG, or -1 */
	char *rbuf;             /* bytes read, not yet a whole line */
	size_t rlen, rcap;
	long long id;           /* of the last command sent */
	int timeout_ms;
	int version[3];
	struct json_object **ev;        /* queued events, oldest first */
	size_t nev;
	char errclass[64];
	int eof;                /* QEMU closed the monitor */
};

static void
qlog(struct vc_qmp *q, const char *dir, const char *s, size_t n)
{
	struct vc_buf b = { 0 };
	ssize_t w VC_UNUSED;

	if (q->logfd < 0)
		return;
	vc_buf_puts(&b, dir);
	vc_buf_add(&b, s, n);
	vc_buf_putc(&b, '\n');
	w = write(q->logfd, b.s, b.len);   /* one write: O_APPEND keeps lines whole */
	vc_buf_free(&b);
}

static int
left(unsigned long long end)
{
	unsigned long long now = vc_now_ms();

	return end > now ? (int)(end - now) : 0;
}

/* next message, waiting until end (ms clock); NULL on timeout, EOF, junk */
static struct json_object *
readmsg(struct vc_qmp *q, unsigned long long end)
{
	enum json_tokener_error jerr;
	struct json_object *o;
	struct pollfd pfd;
	char *nl;
	size_t n;
	ssize_t r;
	int pr, bad;

	for (;;) {
		while ((nl = q->rlen ? memchr(q->rbuf, '\n', q->rlen) : NULL)) {
			*nl = '\0';
			n = (size_t)(nl - q->rbuf);
			if (n && q->rbuf[n - 1] == '\r')
				q->rbuf[--n] = '\0';
			o = NULL;
			bad = 0;
			if (n) {
				qlog(q, "< ", q->rbuf, n);
				o = json_tokener_parse_verbose(q->rbuf, &jerr);
				if (!o || !json_object_is_type(o, json_type_object)) {
					json_object_put(o);
					o = NULL;
					bad = vc_err("QMP: bad message: %.80s", q->rbuf);
				}
			}
			n = (size_t)(nl + 1 - q->rbuf);
			memmove(q->rbuf, nl + 1, q->rlen - n);
			q->rlen -= n;
			if (o || bad)
				return o;
		}
		pfd.fd = q->fd;
		pfd.events = POLLIN;
		pr = poll(&pfd, 1, left(end));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0) {
			vc_err("QMP: poll:");
			return NULL;
		}
		if (pr == 0) {
			vc_err_kind(VC_ERR_TEMP, "QMP: no answer from QEMU");
			return NULL;
		}
		if (q->rcap - q->rlen < 4096) {
			q->rcap = q->rcap ? q->rcap * 2 : 8192;
			q->rbuf = vc_realloc(q->rbuf, q->rcap);
		}
		r = read(q->fd, q->rbuf + q->rlen, q->rcap - q->rlen - 1);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0 && errno != ECONNRESET) {
			vc_err("QMP: read:");
			return NULL;
		}
		if (r <= 0) {
			q->eof = 1;
			vc_err("QMP: monitor closed by QEMU");
			return NULL;
		}
		q->rlen += (size_t)r;
	}
}

/* one line; passfd >= 0 goes along with its first byte (SCM_RIGHTS) */
static int
sendline(struct vc_qmp *q, const char *s, int passfd)
{
	size_t n = strlen(s), off = 0;
	char *line;
	ssize_t w;

	qlog(q, "> ", s, n);
	line = vc_asprintf("%s\n", s);
	n++;
	while (off < n) {
		if (passfd >= 0) {
			union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
			struct iovec iov = { line + off, n - off };
			struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
			struct cmsghdr *cm;
			memset(&u, 0, sizeof(u));
			cm = CMSG_FIRSTHDR(&mh);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(cm), &passfd, sizeof(int));
			w = sendmsg(q->fd, &mh, MSG_NOSIGNAL);
			if (w > 0)
				passfd = -1;
		} else {
			w = send(q->fd, line + off, n - off, MSG_NOSIGNAL);
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			free(line);
			return vc_err("QMP: write:");
		}
		off += (size_t)w;
	}
	free(line);
	return 0;
}

static const char *
str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static void
queue(struct vc_qmp *q, struct json_object *ev)
{
	VC_APPEND(q->ev, q->nev, ev);
}

/* run cmd; eof_ok: the monitor closing before the reply is success (quit) */
static int
cmd(struct vc_qmp *q, const char *name, struct json_object *args,
    struct json_object **reply, int eof_ok, int passfd)
{
	struct json_object *o, *m, *v, *e;
	unsigned long long end;
	const char *desc, *cls;
	int r;

	q->errclass[0] = '\0';
	if (reply)
		*reply = NULL;
	o = json_object_new_object();
	json_object_object_add(o, "execute", json_object_new_string(name));
	if (args)
		json_object_object_add(o, "arguments", json_object_get(args));
	json_object_object_add(o, "id", json_object_new_int64(++q->id));
	r = sendline(q, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN), passfd);
	json_object_put(o);
	if (r < 0)
		goto fail;
	end = vc_now_ms() + (unsigned)q->timeout_ms;
	for (;;) {
		if (!(m = readmsg(q, end))) {
			if (eof_ok && q->eof) {
				vc_err_clear();
				return 0;
			}
			goto fail;
		}
		if (json_object_object_get_ex(m, "event", NULL)) {
			queue(q, m);
			continue;
		}
		/* a reply without id answers a command QEMU could not parse:
		 * only ours is outstanding */
		if (json_object_object_get_ex(m, "id", &v) &&
		    (!json_object_is_type(v, json_type_int) ||
		     json_object_get_int64(v) != q->id)) {
			json_object_put(m);     /* a stale reply to a timed-out command */
			continue;
		}
		break;
	}
	if (json_object_object_get_ex(m, "error", &e)) {
		desc = str(e, "desc");
		cls = str(e, "class");
		snprintf(q->errclass, sizeof(q->errclass), "%s",
		         cls ? cls : "GenericError");
		vc_err("%s: %s", name, desc ? desc : "QEMU reported an error");
		json_object_put(m);
		return -1;
	}
	if (!json_object_object_get_ex(m, "return", &v)) {
		json_object_put(m);
		return vc_err("%s: QMP reply without return", name);
	}
	if (reply)
		*reply = json_object_get(v);
	json_object_put(m);
	return 0;
fail:
	vc_err_prefix("%s", name);
	return -1;
}

int
vc_qmp_cmd(struct vc_qmp *q, const char *name, struct json_object *args,
           struct json_object **reply)
{
	return cmd(q, name, args, reply, 0, -1);
}

int
vc_qmp_getfd(struct vc_qmp *q, const char *fdname, int fd)
{
	struct json_object *a = json_object_new_object();
	int r;

	json_object_object_add(a, "fdname", json_object_new_string(fdname));
	r = cmd(q, "getfd", a, NULL, 0, fd);
	json_object_put(a);
	return r;
}

const char *
vc_qmp_errclass(struct vc_qmp *q)
{
	return q->errclass;
}

static int
evmatch(struct json_object *ev, const char *name, const char *device)
{
	struct json_object *data;

	if (name && (!str(ev, "event") || strcmp(str(ev, "event"), name)))
		return 0;
	if (!device)
		return 1;
	json_object_object_get_ex(ev, "data", &data);
	return str(data, "device") && !strcmp(str(data, "device"), device);
}

static struct json_object *
waitevent(struct vc_qmp *q, const char *name, const char *device,
          int timeout_ms)
{
	struct json_object *m;
	unsigned long long end;
	size_t i;

	for (i = 0; i < q->nev; i++) {
		if (evmatch(q->ev[i], name, device)) {
			m = q->ev[i];
			memmove(q->ev + i, q->ev + i + 1,
			        (q->nev - i - 1) * sizeof(*q->ev));
			q->nev--;
			return m;
		}
	}
	end = vc_now_ms() + (unsigned)timeout_ms;
	for (;;) {
		if (!(m = readmsg(q, end))) {
			if (vc_errkind_get() == VC_ERR_TEMP)
				vc_err_kind(VC_ERR_TEMP, "no %s event from QEMU in %d ms",
				            name ? name : "QMP", timeout_ms);
			return NULL;
		}
		if (!json_object_object_get_ex(m, "event", NULL)) {
			json_object_put(m);     /* a late reply nobody waits for */
			continue;
		}
		if (evmatch(m, name, device))
			return m;
		queue(q, m);
	}
}

struct json_object *
vc_qmp_event(struct vc_qmp *q, const char *name, int timeout_ms)
{
	return waitevent(q, name, NULL, timeout_ms);
}

int
vc_qmp_nevents(struct vc_qmp *q)
{
	return (int)q->nev;
}

static int
connect_wait(const char *path, pid_t pid, int timeout_ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	unsigned long long end = vc_now_ms() + (unsigned)timeout_ms;
	long ns = 1000000;
	int fd, e, tries;

	if (strlen(path) >= sizeof(sa.sun_path))
		return vc_err("%s: socket path too long", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	for (tries = 0;; tries++) {
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			return vc_err("socket:");
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		e = errno;
		close(fd);
		if (e != ENOENT && e != ECONNREFUSED && e != EAGAIN && e != EINTR) {
			errno = e;
			return vc_err("connect %s:", path);
		}
		if (pid > 0 && !vc_proc_alive(pid, 0))
			return vc_err("QEMU exited before its monitor %s appeared", path);
		if (vc_now_ms() >= end)
			return vc_err_kind(VC_ERR_TEMP, "%s: no QMP socket after %d ms",
			                   path, timeout_ms);
		/* QEMU makes the socket some 10-20 ms after exec: poll finely first */
		if (tries > 100)
			ns = 10000000;
		nanosleep(&(struct timespec){ 0, ns }, NULL);
	}
}

static void
greeting(struct vc_qmp *q, struct json_object *g)
{
	static const char *const keys[] = { "major", "minor", "micro" };
	struct json_object *v = g;
	size_t i;

	if (!json_object_object_get_ex(v, "QMP", &v) ||
	    !json_object_object_get_ex(v, "version", &v) ||
	    !json_object_object_get_ex(v, "qemu", &v))
		return;
	for (i = 0; i < 3; i++) {
		struct json_object *n;

		if (json_object_object_get_ex(v, keys[i], &n))
			q->version[i] = json_object_get_int(n);
	}
}

struct vc_qmp *
vc_qmp_open(const char *path, pid_t pid, int timeout_ms)
{
	struct vc_qmp *q;
	struct json_object *g;
	const char *lp;
	int fd;

	if ((fd = connect_wait(path, pid, timeout_ms)) < 0)
		return NULL;
	q = vc_calloc(1, sizeof(*q));
	q->fd = fd;
	q->logfd = -1;
	q->timeout_ms = VC_QMP_TIMEOUT_MS;
	if ((lp = getenv("VIRTCORE_QMP_LOG")) && *lp)
		q->logfd = open(lp, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	/* the greeting comes once QEMU's main loop runs */
	if (!(g = readmsg(q, vc_now_ms() + (unsigned)timeout_ms)))
		goto fail;
	if (!json_object_object_get_ex(g, "QMP", NULL)) {
		json_object_put(g);
		vc_err("%s: not a QMP greeting", path);
		goto fail;
	}
	greeting(q, g);
	json_object_put(g);
	if (cmd(q, "qmp_capabilities", NULL, NULL, 0, -1) < 0)
		goto fail;
	return q;
fail:
	vc_err_prefix("QMP %s", path);
	vc_qmp_close(q);
	return NULL;
}

void
vc_qmp_close(struct vc_qmp *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->nev; i++)
		json_object_put(q->ev[i]);
	free(q->ev);
	free(q->rbuf);
	if (q->logfd >= 0)
		close(q->logfd);
	close(q->fd);
	free(q);
}

int
vc_qmp_fd(struct vc_qmp *q)
{
	return q->fd;
}

void
vc_qmp_set_timeout(struct vc_qmp *q, int timeout_ms)
{
	q->timeout_ms = timeout_ms;
}

void
vc_qmp_version(struct vc_qmp *q, int *major, int *minor, int *micro)
{
	*major = q->version[0];
	*minor = q->version[1];
	*micro = q->version[2];
}

int
vc_qmp_query_status(struct vc_qmp *q, char *status, size_t n)
{
	struct json_object *r, *v;
	const char *s;
	int running;

	if (vc_qmp_cmd(q, "query-status", NULL, &r) < 0)
		return -1;
	if (!(s = str(r, "status")) || !json_object_object_get_ex(r, "running", &v)) {
		json_object_put(r);
		return vc_err("query-status: unexpected reply");
	}
	running = json_object_get_boolean(v) ? 1 : 0;
	if (status && n)
		snprintf(status, n, "%s", s);
	json_object_put(r);
	return running;
}

int
vc_qmp_stop(struct vc_qmp *q)
{
	return vc_qmp_cmd(q, "stop", NULL, NULL);
}

int
vc_qmp_cont(struct vc_qmp *q)
{
	return vc_qmp_cmd(q, "cont", NULL, NULL);
}

int
vc_qmp_system_powerdown(struct vc_qmp *q)
{
	return vc_qmp_cmd(q, "system_powerdown", NULL, NULL);
}

int
vc_qmp_system_reset(struct vc_qmp *q)
{
	return vc_qmp_cmd(q, "system_reset", NULL, NULL);
}

int
vc_qmp_quit(struct vc_qmp *q)
{
	struct json_object *m;
	unsigned long long end;

	if (cmd(q, "quit", NULL, NULL, 1, -1) < 0)
		return -1;
	/* wait for QEMU to drop the monitor: it is on its way out then */
	end = vc_now_ms() + (unsigned)q->timeout_ms;
	while ((m = readmsg(q, end))) {
		if (json_object_object_get_ex(m, "event", NULL))
			queue(q, m);
		else
			json_object_put(m);
	}
	if (q->eof) {
		vc_err_clear();
		return 0;
	}
	vc_err_prefix("quit");
	return -1;
}

int
vc_qmp_device_add(struct vc_qmp *q, struct json_object *args)
{
	return vc_qmp_cmd(q, "device_add", args, NULL);
}

int
vc_qmp_device_del(struct vc_qmp *q, const char *id, int timeout_ms)
{
	struct json_object *args, *ev;
	int r;

	args = json_object_new_object();
	json_object_object_add(args, "id", json_object_new_string(id));
	r = vc_qmp_cmd(q, "device_del", args, NULL);
	json_object_put(args);
	if (r < 0)
		return -1;
	if (!(ev = waitevent(q, "DEVICE_DELETED", id, timeout_ms))) {
		if (vc_errkind_get() == VC_ERR_TEMP)
			vc_err_kind(VC_ERR_TEMP, "device %s: not released by the guest "
			            "within %d ms", id, timeout_ms);
		return -1;
	}
	json_object_put(ev);
	return 0;
}
