/* name.c: names become file names, so they are checked first */
#include <string.h>
#include "../util.h"

int
vc_name_check(const char *kind, const char *name)
{
	const unsigned char *p;

	if (!name || !*name)
		return vc_err("%s name is empty", kind);
	if (strlen(name) > 200)
		return vc_err("%s name is longer than 200 bytes", kind);
	for (p = (const unsigned char *)name; *p; p++) {
		if (*p == '/')
			return vc_err("%s name '%s' may not contain '/'", kind, name);
		if (*p < 0x20 || *p == 0x7f)
			return vc_err("%s name may not contain control characters", kind);
		/* C1 controls (U+0080-U+009F) act on a terminal as C0 ones do */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return vc_err("%s name may not contain control characters (U+%04X)",
			    kind, p[1]);
		/* bidirectional controls make a listing show another name:
		 * U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069 */
		if ((p[0] == 0xd8 && p[1] == 0x9c) ||
		    (p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0x8e && p[2] <= 0x8f) ||
		    (p[2] >= 0xaa && p[2] <= 0xae))) ||
		    (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))
			return vc_err("%s name may not contain bidirectional text controls", kind);
	}
	if (name[0] == ' ' || name[strlen(name) - 1] == ' ')
		return vc_err("%s name '%s' may not start or end with a space", kind, name);
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || name[0] == '.')
		return vc_err("%s name '%s' may not start with '.'", kind, name);
	return 0;
}
