/* mac.c: MAC addresses as libvirt writes them */
#include <stdio.h>
#include "../util.h"

int
vc_mac_parse(const char *s, unsigned char out[6])
{
	unsigned v[6];
	char tail;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3],
	    &v[4], &v[5], &tail) != 6)
		return vc_err("'%s' is not a MAC address", s);
	/* sscanf accepts " 1" and "+1"; demand two hex digits each */
	for (i = 0; i < 17; i++) {
		char c = s[i];
		if (i % 3 == 2 ? c != ':' : !((c >= '0' && c <= '9') ||
		    (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return vc_err("'%s' is not a MAC address", s);
	}
	for (i = 0; i < 6; i++)
		out[i] = (unsigned char)v[i];
	return 0;
}

void
vc_mac_format(const unsigned char m[6], char out[18])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	/* what "%02x:%02x:..." prints, without stdio: records are full of these */
	for (i = 0; i < 6; i++) {
		out[3 * i] = hex[m[i] >> 4];
		out[3 * i + 1] = hex[m[i] & 15];
		out[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}

void
vc_mac_generate(unsigned char out[6])
{
	out[0] = 0x52;
	out[1] = 0x54;
	out[2] = 0x00;
	vc_random(out + 3, 3);
}
