/* dup.c: the first repeated element of an array in O(n log n), for the
 * "listed twice" checks of parsers (a pairwise scan is quadratic) */
#include <stdlib.h>
#include "../util.h"

struct ctx {
	const char *base;
	size_t size;
	int (*cmp)(const void *, const void *);
};

static int
by_value_then_index(const void *a, const void *b, void *arg)
{
	const struct ctx *c = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int r = c->cmp(c->base + i * c->size, c->base + j * c->size);

	return r ? r : (i > j) - (i < j);
}

size_t
vc_first_dup(const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	struct ctx c = {base, size, cmp};
	size_t *ix, i, best = n;

	if (n < 2)
		return n;
	ix = vc_malloc(n * sizeof(*ix));
	for (i = 0; i < n; i++)
		ix[i] = i;
	qsort_r(ix, n, sizeof(*ix), by_value_then_index, &c);
	/* in each run of equal elements the second (by position) is the
	 * first that repeats an earlier one; the earliest such wins */
	for (i = 1; i < n; i++)
		if (cmp(c.base + ix[i - 1] * size, c.base + ix[i] * size) == 0 &&
		    (i < 2 || cmp(c.base + ix[i - 2] * size, c.base + ix[i] * size) != 0) &&
		    ix[i] < best)
			best = ix[i];
	free(ix);
	return best;
}
