/* alloc.c: allocation that aborts on exhaustion, so callers stay simple */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../util.h"

static void *
check(void *p)
{
	if (!p) {
		fputs("virtcore: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *vc_malloc(size_t n) { return check(malloc(n ? n : 1)); }
void *vc_calloc(size_t n, size_t m) { return check(calloc(n ? n : 1, m ? m : 1)); }
void *vc_realloc(void *p, size_t n) { return check(realloc(p, n ? n : 1)); }
char *vc_strdup(const char *s) { return s ? check(strdup(s)) : NULL; }
char *vc_strndup(const char *s, size_t n) { return check(strndup(s, n)); }

void *
vc_grow(void *p, size_t n, size_t size)
{
	size_t want;

	/* room for element n: the allocator's real size says whether it is
	 * there already, so arrays grown by exact reallocs elsewhere stay
	 * correct; when not, the capacity doubles: n appends cost O(n) */
	if (p && (n + 1) * size <= malloc_usable_size(p))
		return p;
	want = n < 4 ? 4 : 2 * n;
	if (want > ((size_t)-1) / size) {
		fputs("virtcore: out of memory\n", stderr);
		abort();
	}
	return vc_realloc(p, want * size);
}

char *
vc_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return check(s);
}
