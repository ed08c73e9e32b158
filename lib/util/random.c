/* random.c: bytes from the kernel for UUIDs and MACs */
#include <sys/random.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "../util.h"

void
vc_random(void *buf, size_t n)
{
	unsigned char *p = buf;
	ssize_t r;

	while (n > 0) {
		r = getrandom(p, n, 0);
		if (r <= 0) {
			/* no entropy source: never block a tool on it */
			size_t i;
			srandom((unsigned)(time(NULL) ^ getpid()));
			for (i = 0; i < n; i++)
				p[i] = (unsigned char)random();
			return;
		}
		p += r;
		n -= (size_t)r;
	}
}
