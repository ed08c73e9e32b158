/* fuzz.h: what every fuzz target shares. A target defines
 * LLVMFuzzerTestOneInput; libFuzzer drives it (make fuzz), or replay.c
 * runs it once per file (make check replays tests/fuzz/regress/TARGET/). */
#ifndef VC_FUZZ_H
#define VC_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the input as a NUL-terminated string (parsers that take a C string
 * see up to the first NUL, as they would reading a file) */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = vc_malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* a broken oracle: say what and why, then abort() so libFuzzer keeps the input */
#define FUZZ_FAIL(...) do { \
	fprintf(stderr, "fuzz oracle: " __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)

/* round trip of a formatted text: both formats must be equal */
static inline void
fuzz_same(const char *what, const char *a, const char *b)
{
	size_t i;

	if (strcmp(a, b) == 0)
		return;
	for (i = 0; a[i] && a[i] == b[i]; i++)
		;
	FUZZ_FAIL("%s: second format differs at byte %zu:\n--- first\n%s\n--- second\n%s",
	    what, i, a, b);
}

#endif
