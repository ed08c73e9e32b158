/* progress.c: a line on stderr, redrawn each second, while a wait lasts longer than a second; only when stderr is a terminal */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../util.h"

const char *vc_progress_prog;

/* one progress at a time: a begin inside another one's wait is ignored */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th;
	int depth, on, running, stop, shown;
	unsigned long long drawn;  /* the second last drawn, + 1; 0 none */
	unsigned long long t0, after;
	unsigned done, total;
	char what[256];
} p = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* VIRTCORE_PROGRESS_MS: how long a wait lasts before its line shows */
static unsigned long long
threshold(void)
{
	const char *v = getenv("VIRTCORE_PROGRESS_MS");
	unsigned long long ms;

	if (v && *v && vc_parse_ull(v, 0, 3600000, &ms) == 0)
		return ms;
	vc_err_clear();
	return 1000;
}

/* with p.mu held: "\rprog: what (3/64) 2 s" and the rest of the line
 * cleared; again only when what it says changed (force: a new count) */
static void
draw(unsigned long long now, int force)
{
	char line[512], n[32] = "";
	int len;

	if (!force && p.drawn == (now - p.t0) / 1000 + 1)
		return;
	p.drawn = (now - p.t0) / 1000 + 1;
	if (p.total)
		snprintf(n, sizeof(n), " (%u/%u)", p.done, p.total);
	len = snprintf(line, sizeof(line), "\r%s: %s%s %llu s\033[K",
	               vc_progress_prog ? vc_progress_prog : program_invocation_short_name,
	               p.what, n, (now - p.t0) / 1000);
	if (len > (int)sizeof(line) - 1)
		len = (int)sizeof(line) - 1;
	if (write(2, line, (size_t)len) == len)
		p.shown = 1;
}

static void *
run(void *arg)
{
	struct timespec ts;
	unsigned long long now, next;

	(void)arg;
	pthread_mutex_lock(&p.mu);
	while (!p.stop) {
		now = vc_now_ms();
		if (now >= p.t0 + p.after)
			draw(now, 0);
		/* the next whole second of the wait, or the threshold */
		next = now < p.t0 + p.after ? p.t0 + p.after
		       : p.t0 + ((now - p.t0) / 1000 + 1) * 1000;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		next -= now;
		ts.tv_sec += (time_t)(next / 1000);
		ts.tv_nsec += (long)(next % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		while (!p.stop && pthread_cond_timedwait(&p.cv, &p.mu, &ts) == 0)
			;
	}
	pthread_mutex_unlock(&p.mu);
	return NULL;
}

void
vc_progress_begin(const char *fmt, ...)
{
	pthread_condattr_t ca;
	va_list ap;

	if (p.depth++ || !(p.on = isatty(2)))
		return;
	va_start(ap, fmt);
	vsnprintf(p.what, sizeof(p.what), fmt, ap);
	va_end(ap);
	p.t0 = vc_now_ms();
	p.after = threshold();
	p.done = p.total = 0;
	p.stop = p.shown = 0;
	p.drawn = 0;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p.cv, &ca);
	pthread_condattr_destroy(&ca);
	if (p.after == 0)
		draw(p.t0, 1);    /* at once: what a test can see without waiting */
	p.running = pthread_create(&p.th, NULL, run, NULL) == 0;
}

void
vc_progress_count(unsigned done, unsigned total)
{
	if (p.depth != 1 || !p.on)
		return;
	pthread_mutex_lock(&p.mu);
	p.done = done;
	p.total = total;
	if (p.shown || p.after == 0)
		draw(vc_now_ms(), 1);
	pthread_mutex_unlock(&p.mu);
}

void
vc_progress_end(void)
{
	int e = errno;

	if (p.depth == 0 || --p.depth)
		return;
	if (p.running) {
		pthread_mutex_lock(&p.mu);
		p.stop = 1;
		pthread_cond_signal(&p.cv);
		pthread_mutex_unlock(&p.mu);
		pthread_join(p.th, NULL);
		p.running = 0;
	}
	/* a terminal that went away: nothing to erase */
	if (p.shown)
		p.shown = write(2, "\r\033[K", 4) < 0;
	p.shown = p.on = 0;
	errno = e;
}
