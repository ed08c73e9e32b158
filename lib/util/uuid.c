/* uuid.c: parse (with or without dashes, as libvirt accepts), format, generate */
#include <ctype.h>
#include <stdio.h>
#include "../util.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

int
vc_uuid_parse(const char *s, unsigned char out[16])
{
	const char *p = s;
	int i, hi, lo;

	while (isspace((unsigned char)*p))
		p++;
	for (i = 0; i < 16; i++) {
		while (*p == '-')
			p++;
		if ((hi = hexval(p[0])) < 0 || (lo = hexval(p[1])) < 0)
			return vc_err("'%s' is not a valid UUID", s);
		out[i] = (unsigned char)(hi << 4 | lo);
		p += 2;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return vc_err("'%s' is not a valid UUID", s);
	return 0;
}

void
vc_uuid_format(const unsigned char u[16], char out[37])
{
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
	    u[11], u[12], u[13], u[14], u[15]);
}

void
vc_uuid_generate(unsigned char out[16])
{
	vc_random(out, 16);
	out[6] = (out[6] & 0x0f) | 0x40;   /* version 4 */
	out[8] = (out[8] & 0x3f) | 0x80;   /* RFC 4122 variant */
}
