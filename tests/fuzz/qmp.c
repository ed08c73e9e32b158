/* fuzz target: what QEMU sends on the QMP monitor (lib/driver/qemu/qmp.c):
 * the input is the byte stream QEMU would write, greeting, replies and
 * events, ending in EOF. The client runs the session it runs at start:
 * greeting, qmp_capabilities, then commands and event waits, as the
 * driver does. qmp.c is compiled in here for its static parts. */
#include <fcntl.h>
#include <sys/socket.h>
#include "../../lib/driver/qemu/qmp.c"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_object *g, *r = NULL, *ev;
	struct vc_qmp *q;
	char status[32];
	int sv[2], maj, min, mic;
	size_t off = 0;
	ssize_t w;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		FUZZ_FAIL("socketpair: %s", strerror(errno));
	/* as much as the socket holds; then QEMU closes the monitor */
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	while (off < size && (w = write(sv[1], data + off, size - off)) > 0)
		off += (size_t)w;
	shutdown(sv[1], SHUT_WR);
	q = vc_calloc(1, sizeof(*q));
	q->fd = sv[0];
	q->logfd = -1;
	q->timeout_ms = 1000;
	if ((g = readmsg(q, vc_now_ms() + 1000))) {
		if (json_object_object_get_ex(g, "QMP", NULL))
			greeting(q, g);
		json_object_put(g);
	}
	vc_qmp_version(q, &maj, &min, &mic);
	cmd(q, "qmp_capabilities", NULL, NULL, 0, -1);
	vc_qmp_query_status(q, status, sizeof(status));
	if (vc_qmp_cmd(q, "query-blockstats", NULL, &r) == 0)
		json_object_put(r);
	(void)vc_qmp_errclass(q);
	vc_qmp_device_del(q, "net0", 0);
	if ((ev = vc_qmp_event(q, "STOP", 0)))
		json_object_put(ev);
	if ((ev = vc_qmp_event(q, NULL, 0)))
		json_object_put(ev);
	(void)vc_qmp_nevents(q);
	vc_qmp_quit(q);
	vc_qmp_close(q);
	close(sv[1]);
	vc_err_clear();
	return 0;
}
