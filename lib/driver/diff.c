/* diff.c: unified diff of two texts, for --diff (small files: O(n*m) LCS) */
#include <stdlib.h>
#include <string.h>
#include "../driver.h"

struct lines {
	char **l;
	size_t n;
};

static void
split(const char *s, struct lines *L)
{
	const char *p = s, *e;

	L->l = NULL;
	L->n = 0;
	while (*p) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		VC_APPEND(L->l, L->n, vc_strndup(p, (size_t)(e - p)));
		p = *e ? e + 1 : e;
	}
}

enum { SAME, DEL, ADD };

char *
vc_diff(const char *a, const char *b, const char *la, const char *lb)
{
	struct lines A, B;
	struct vc_buf out = {0};
	unsigned *t;
	size_t i, j, n = 0, k, w;
	struct { int op; size_t ai, bi; } *ops;

	split(a, &A);
	split(b, &B);
	w = B.n + 1;
	t = vc_calloc((A.n + 1) * w, sizeof(*t));
	for (i = A.n; i-- > 0;)
		for (j = B.n; j-- > 0;)
			t[i * w + j] = strcmp(A.l[i], B.l[j]) == 0 ? t[(i + 1) * w + j + 1] + 1 :
			    (t[(i + 1) * w + j] > t[i * w + j + 1] ? t[(i + 1) * w + j] : t[i * w + j + 1]);
	ops = vc_calloc(A.n + B.n + 1, sizeof(*ops));
	for (i = j = 0; i < A.n || j < B.n;) {
		if (i < A.n && j < B.n && strcmp(A.l[i], B.l[j]) == 0) {
			ops[n].op = SAME; ops[n].ai = i++; ops[n++].bi = j++;
		} else if (j < B.n && (i == A.n || t[i * w + j + 1] > t[(i + 1) * w + j])) {
			ops[n].op = ADD; ops[n].ai = i; ops[n++].bi = j++;
		} else {
			ops[n].op = DEL; ops[n].ai = i++; ops[n++].bi = j;
		}
	}
	free(t);
	/* hunks: changes with 3 lines of context */
	for (k = 0; k < n;) {
		size_t s, e, last, as = 0, bs = 0, ac = 0, bc = 0, m;
		if (ops[k].op == SAME) { k++; continue; }
		s = k > 3 ? k - 3 : 0;
		last = k;
		for (e = k; e < n; e++) {
			if (ops[e].op != SAME)
				last = e;
			else if (e - last > 6)
				break;
		}
		e = last + 4 < n ? last + 4 : n;
		if (!out.len)
			vc_buf_printf(&out, "--- %s\n+++ %s\n", la, lb);
		as = ops[s].ai; bs = ops[s].bi;
		for (m = s; m < e; m++) {
			if (ops[m].op != ADD) ac++;
			if (ops[m].op != DEL) bc++;
		}
		vc_buf_printf(&out, "@@ -%zu,%zu +%zu,%zu @@\n", ac ? as + 1 : as, ac, bc ? bs + 1 : bs, bc);
		for (m = s; m < e; m++) {
			if (ops[m].op == SAME)
				vc_buf_printf(&out, " %s\n", A.l[ops[m].ai]);
			else if (ops[m].op == DEL)
				vc_buf_printf(&out, "-%s\n", A.l[ops[m].ai]);
			else
				vc_buf_printf(&out, "+%s\n", B.l[ops[m].bi]);
		}
		k = e;
	}
	free(ops);
	for (i = 0; i < A.n; i++) free(A.l[i]);
	for (i = 0; i < B.n; i++) free(B.l[i]);
	free(A.l);
	free(B.l);
	return vc_buf_take(&out);
}
