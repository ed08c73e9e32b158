/* file.c: whole-file reads, atomic writes, sysfs attribute access */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../util.h"

char *
vc_fd_read(int fd, size_t *lenp)
{
	struct vc_buf b = {0};
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vc_buf_free(&b);
			return NULL;
		}
		if (n == 0)
			break;
		vc_buf_add(&b, chunk, (size_t)n);
	}
	if (lenp)
		*lenp = b.len;
	return vc_buf_take(&b);
}

/* read at most max bytes; one more says the input is too long */
static char *
fd_read_max(int fd, size_t max, size_t *lenp, const char *shown)
{
	struct vc_buf b = {0};
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vc_err("read %s:", shown);
			vc_buf_free(&b);
			return NULL;
		}
		if (n == 0)
			break;
		if ((size_t)n > max - b.len) {
			vc_err("%s: more than %zu bytes", shown, max);
			vc_buf_free(&b);
			return NULL;
		}
		vc_buf_add(&b, chunk, (size_t)n);
	}
	if (lenp)
		*lenp = b.len;
	return vc_buf_take(&b);
}

char *
vc_file_read_max(const char *path, size_t max, size_t *lenp)
{
	char *s;
	int fd;

	if (strcmp(path, "-") == 0)
		return fd_read_max(0, max, lenp, "stdin");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		vc_err("open %s:", path);
		return NULL;
	}
	s = fd_read_max(fd, max, lenp, path);
	close(fd);
	return s;
}

void
vc_file_clean_stale(const char *path)
{
	const char *base = strrchr(path, '/');
	char *dir = base ? vc_strndup(path, (size_t)(base - path)) : vc_strdup(".");
	struct dirent *e;
	size_t bl;
	DIR *d;

	base = base ? base + 1 : path;
	bl = strlen(base);
	if (!(d = opendir(*dir ? dir : "/"))) {
		free(dir);
		return;
	}
	/* BASE.tmp.PID whose PID is gone: a writer killed before its rename.
	 * A live PID may be writing it now, so it stays. */
	while ((e = readdir(d))) {
		const char *p = e->d_name;
		char *end, *tp;
		long pid;

		if (strncmp(p, base, bl) != 0 || strncmp(p + bl, ".tmp.", 5) != 0)
			continue;
		p += bl + 5;
		if (*p < '1' || *p > '9')
			continue;
		errno = 0;
		pid = strtol(p, &end, 10);
		if (*end || errno || pid <= 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		tp = vc_asprintf("%s/%s", dir, e->d_name);
		unlink(tp);
		free(tp);
	}
	closedir(d);
	free(dir);
}

char *
vc_file_read(const char *path, size_t *lenp)
{
	char *s;
	int fd;

	if (strcmp(path, "-") == 0) {
		if (!(s = vc_fd_read(0, lenp)))
			vc_err("read standard input:");
		return s;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		vc_err("open %s:", path);
		return NULL;
	}
	if (!(s = vc_fd_read(fd, lenp)))
		vc_err("read %s:", path);
	close(fd);
	return s;
}

static int
fsync_dir(const char *path)
{
	char *dir = vc_strdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	fsync(fd);
	close(fd);
	return 0;
}

static int
write_atomic(const char *path, const char *data, size_t len, int mode, int sync)
{
	char *tmp = vc_asprintf("%s.tmp.%ld", path, (long)getpid());
	size_t off = 0;
	ssize_t n;
	int fd;

	/* temps of killed writers go; one left by a killed run of this pid
	 * is stale too: replaced below */
	vc_file_clean_stale(path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)) < 0) {
		vc_err("create %s:", tmp);
		free(tmp);
		return -1;
	}
	while (off < len) {
		n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		off += (size_t)n;
	}
	if (sync && fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	vc_killpoint("rename");
	if (rename(tmp, path) < 0)
		goto fail;
	if (sync)
		fsync_dir(path);
	free(tmp);
	return 0;
fail:
	vc_err("write %s:", path);
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

int
vc_file_write_atomic(const char *path, const char *data, size_t len, int mode)
{
	return write_atomic(path, data, len, mode, 1);
}

int
vc_file_replace(const char *path, const char *data, size_t len, int mode)
{
	return write_atomic(path, data, len, mode, 0);
}

int
vc_mkdir_p(const char *path, int mode)
{
	char *p, *s;

	/* mostly it is there already: one mkdir says so (any EEXIST below
	 * would say the same), the walk down is for what is missing */
	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return 0;
	p = vc_strdup(path);
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			goto fail;
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		goto fail;
	free(p);
	return 0;
fail:
	vc_err("mkdir %s:", p);
	free(p);
	return -1;
}

int
vc_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

char *
vc_file_line(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return vc_strdup(buf);
}

int
vc_file_put(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return vc_err("open %s:", path);
	n = write(fd, s, len);
	if (n < 0 || (size_t)n != len) {
		vc_err("write %s:", path);
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return vc_err("write %s:", path);
	return 0;
}
