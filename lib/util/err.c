/* err.c: the pending error message; lib records it, bin prints it */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../util.h"

static char msg[1024];
static enum vc_errkind kind;

static void
vset(enum vc_errkind k, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	if (n > 0 && fmt[strlen(fmt) - 1] == ':')
		snprintf(msg + n, sizeof(msg) - n, " %s", strerror(saved));
	kind = k;
	errno = saved;
}

int
vc_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(VC_ERR_FAIL, fmt, ap);
	va_end(ap);
	return -1;
}

int
vc_err_kind(enum vc_errkind k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(k, fmt, ap);
	va_end(ap);
	return -1;
}

void
vc_err_prefix(const char *fmt, ...)
{
	char pre[512], old[sizeof(msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	size_t n;

	memcpy(old, msg, sizeof(old));
	n = strlen(pre);
	if (n > sizeof(msg) - 3)
		n = sizeof(msg) - 3;
	memcpy(msg, pre, n);
	memcpy(msg + n, ": ", 2);
	n += 2;
	strncpy(msg + n, old, sizeof(msg) - n - 1);
	msg[sizeof(msg) - 1] = '\0';
}

const char *
vc_errmsg(void)
{
	return msg[0] ? msg : "unknown error";
}

enum vc_errkind
vc_errkind_get(void)
{
	return kind;
}

void
vc_err_clear(void)
{
	msg[0] = '\0';
	kind = VC_ERR_NONE;
}

void
vc_killpoint(const char *step)
{
	const char *e = getenv("VIRTCORE_TEST_KILL_AT");

	if (e && strcmp(e, step) == 0)
		kill(getpid(), SIGKILL);
}
