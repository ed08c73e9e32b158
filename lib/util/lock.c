/* lock.c: one flock per object, bounded wait, then "try again later" (75) */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include "../util.h"

static int
lock_wait(const char *dir, const char *name, unsigned long long wait)
{
	char *path = vc_asprintf("%s/.%s.lock", dir, name);
	unsigned long long deadline;
	struct timespec ts = {0, 2000000};
	int fd;

	/* the directory is made the first time, when the open says it is missing */
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0 && errno == ENOENT) {
		if (vc_mkdir_p(dir, 0755) < 0) {
			free(path);
			return -1;
		}
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	}
	if (fd < 0) {
		vc_err("lock %s:", path);
		free(path);
		return -1;
	}
	deadline = vc_now_ms() + wait;
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			vc_err("lock %s:", path);
			goto fail;
		}
		if (vc_now_ms() >= deadline) {
			vc_err_kind(VC_ERR_TEMP, "%s: locked by another run, try again later", name);
			goto fail;
		}
		nanosleep(&ts, NULL);
	}
	free(path);
	return fd;
fail:
	close(fd);
	free(path);
	return -1;
}

int
vc_lock(const char *dir, const char *name)
{
	const char *env;
	unsigned long long wait = VC_LOCK_WAIT_MS;

	/* tests shorten the wait; it is documented in virtcore(7) */
	if ((env = getenv("VIRTCORE_LOCK_WAIT_MS")) && vc_parse_ull(env, 0, 3600000, &wait) < 0) {
		wait = VC_LOCK_WAIT_MS;
		vc_err_clear();
	}
	return lock_wait(dir, name, wait);
}

int
vc_lock_try(const char *dir, const char *name)
{
	return lock_wait(dir, name, 0);
}

void
vc_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

unsigned long long
vc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}
