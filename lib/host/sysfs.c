/* sysfs.c: the configurable sysfs root and small attribute helpers */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "host/detach.h"

static char *root;

static void
setroot(const char *r)
{
	size_t n;

	free(root);
	root = vc_strdup(r && *r ? r : "/sys");
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		root[--n] = '\0';
}

const char *
vc_host_root(void)
{
	if (!root)
		setroot(getenv("VIRTCORE_SYSFS_ROOT"));
	return root;
}

void
vc_host_set_root(const char *r)
{
	setroot(r ? r : getenv("VIRTCORE_SYSFS_ROOT"));
}

int
vc_host_is_real(void)
{
	return strcmp(vc_host_root(), "/sys") == 0;
}

static char *
vpath(const char *fmt, va_list ap)
{
	struct vc_buf b = {0};

	vc_buf_puts(&b, vc_host_root());
	vc_buf_putc(&b, '/');
	vc_buf_vprintf(&b, fmt, ap);
	return vc_buf_take(&b);
}

char *
vc_host_path(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vpath(fmt, ap);
	va_end(ap);
	return p;
}

char *
vc_host_read(const char *fmt, ...)
{
	va_list ap;
	char *p, *s;

	va_start(ap, fmt);
	p = vpath(fmt, ap);
	va_end(ap);
	s = vc_file_line(p);
	free(p);
	return s;
}

int
vc_host_read_ull(unsigned long long *v, const char *fmt, ...)
{
	va_list ap;
	char *p, *s, *end;
	int r = -1;

	va_start(ap, fmt);
	p = vpath(fmt, ap);
	va_end(ap);
	s = vc_file_line(p);
	free(p);
	if (s && *s && *s != '-') {
		errno = 0;
		*v = strtoull(s, &end, 0);
		if (errno == 0 && end != s && (*end == '\0' || *end == ' '))
			r = 0;
	}
	free(s);
	return r;
}

static vc_host_kernel_fn kernel;

void
vc_host_set_kernel(vc_host_kernel_fn fn)
{
	kernel = fn;
}

int
vc_host_write(const char *val, const char *fmt, ...)
{
	va_list ap;
	char *p;
	size_t len = strlen(val);
	ssize_t n;
	int fd, e;

	va_start(ap, fmt);
	p = vpath(fmt, ap);
	va_end(ap);
	if ((fd = open(p, O_WRONLY | O_CLOEXEC)) < 0) {
		vc_err("open %s:", p);
		free(p);
		return -1;
	}
	n = write(fd, val, len);
	e = errno;
	close(fd);
	if (n < 0 || (size_t)n != len) {
		const char *shown = strcmp(val, "\n") == 0 ? "newline" : val;

		errno = n < 0 ? e : EIO;
		if (errno == EAGAIN || errno == EBUSY)
			vc_err_kind(VC_ERR_TEMP, "write %s to %s:", shown, p);
		else
			vc_err("write %s to %s:", shown, p);
		free(p);
		return -1;
	}
	/* the simulated host has no kernel: its hook plays the kernel's part */
	if (kernel) {
		const char *root = vc_host_root(), *rel = p;
		if (strncmp(p, root, strlen(root)) == 0)
			rel = p + strlen(root);
		while (*rel == '/')
			rel++;
		if (kernel(rel, val) < 0) {
			const char *shown = strcmp(val, "\n") == 0 ? "newline" : val;
			if (errno == EAGAIN || errno == EBUSY)
				vc_err_kind(VC_ERR_TEMP, "write %s to %s:", shown, p);
			else
				vc_err("write %s to %s:", shown, p);
			free(p);
			return -1;
		}
	}
	free(p);
	return 0;
}

char *
vc_host_link_name(const char *fmt, ...)
{
	va_list ap;
	char *p, buf[4096], *s;
	ssize_t n;

	va_start(ap, fmt);
	p = vpath(fmt, ap);
	va_end(ap);
	n = readlink(p, buf, sizeof(buf) - 1);
	free(p);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	s = strrchr(buf, '/');
	return vc_strdup(s ? s + 1 : buf);
}

static int
strcmpp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
vc_host_dir(char ***names, size_t *n, const char *fmt, ...)
{
	va_list ap;
	char *p;
	DIR *d;
	struct dirent *e;

	*names = NULL;
	*n = 0;
	va_start(ap, fmt);
	p = vpath(fmt, ap);
	va_end(ap);
	if (!(d = opendir(p))) {
		vc_err("open %s:", p);
		free(p);
		return -1;
	}
	free(p);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		VC_APPEND(*names, *n, vc_strdup(e->d_name));
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), strcmpp);
	return 0;
}

void
vc_host_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
