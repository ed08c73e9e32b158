/* lock.c: one flock per object, bounded wait, then "try again later" (75) */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include "../util.h"

/* wait for an exclusive flock on fd; shown names the object in the message */
static int
flock_wait(int fd, const char *path, const char *shown, unsigned long long wait)
{
	unsigned long long deadline = vc_now_ms() + wait;
	struct timespec ts = {0, 2000000};

	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return vc_err("lock %s:", path);
		if (vc_now_ms() >= deadline)
			return vc_err_kind(VC_ERR_TEMP, "%s: locked by another run, try again later", shown);
		nanosleep(&ts, NULL);
	}
	return 0;
}

static unsigned long long
wait_ms(void)
{
	const char *env;
	unsigned long long wait = VC_LOCK_WAIT_MS;

	/* tests shorten the wait; it is documented in virtcore(7) */
	if ((env = getenv("VIRTCORE_LOCK_WAIT_MS")) && vc_parse_ull(env, 0, 3600000, &wait) < 0) {
		wait = VC_LOCK_WAIT_MS;
		vc_err_clear();
	}
	return wait;
}

static int
lock_wait(const char *dir, const char *name, const char *shown, unsigned long long wait)
{
	char *path = vc_asprintf("%s/.%s.lock", dir, name);
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
	if (flock_wait(fd, path, shown ? shown : name, wait) < 0) {
		close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

int
vc_lock(const char *dir, const char *name)
{
	return lock_wait(dir, name, NULL, wait_ms());
}

int
vc_lock_as(const char *dir, const char *name, const char *shown)
{
	return lock_wait(dir, name, shown, wait_ms());
}

int
vc_lock_try(const char *dir, const char *name)
{
	return lock_wait(dir, name, NULL, 0);
}

int
vc_lock_dir(const char *dir, const char *shown)
{
	int fd;

	/* the directory itself is the lock: taking it creates no file */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return vc_err("lock %s:", dir);
	if (flock_wait(fd, dir, shown, wait_ms()) < 0) {
		close(fd);
		return -1;
	}
	return fd;
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
