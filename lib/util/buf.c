/* buf.c: a growable string for formatting XML and messages */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../util.h"

static void
grow(struct vc_buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	b->cap = (b->len + n + 1) * 2;
	if (b->cap < 256)
		b->cap = 256;
	b->s = vc_realloc(b->s, b->cap);
}

void
vc_buf_add(struct vc_buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void vc_buf_puts(struct vc_buf *b, const char *s) { vc_buf_add(b, s, strlen(s)); }
void vc_buf_putc(struct vc_buf *b, char c) { vc_buf_add(b, &c, 1); }

void
vc_buf_vprintf(struct vc_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room;
	int n;

	/* format once into the room there is; a second time only if it
	 * did not fit */
	room = b->cap > b->len ? b->cap - b->len : 0;
	va_copy(ap2, ap);
	n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		if (room)
			b->s[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
vc_buf_printf(struct vc_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vc_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
vc_buf_esc(struct vc_buf *b, const char *s, int attr)
{
	const char *p;

	for (p = s; *p; p++) {
		switch (*p) {
		case '&': vc_buf_puts(b, "&amp;"); break;
		case '<': vc_buf_puts(b, "&lt;"); break;
		case '>': vc_buf_puts(b, "&gt;"); break;
		case '\'': if (attr) { vc_buf_puts(b, "&apos;"); break; } /* fallthrough */
		case '"': if (attr && *p == '"') { vc_buf_puts(b, "&quot;"); break; } /* fallthrough */
		default: vc_buf_putc(b, *p);
		}
	}
}

void
vc_buf_indent(struct vc_buf *b, int level)
{
	static const char sp[] = "                                ";
	size_t n = (size_t)level * 2;

	while (n > sizeof(sp) - 1) {
		vc_buf_add(b, sp, sizeof(sp) - 1);
		n -= sizeof(sp) - 1;
	}
	vc_buf_add(b, sp, n);
}

char *
vc_buf_take(struct vc_buf *b)
{
	char *s = b->s ? b->s : vc_strdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
vc_buf_free(struct vc_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
