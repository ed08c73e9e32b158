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
	}
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || name[0] == '.')
		return vc_err("%s name '%s' may not start with '.'", kind, name);
	return 0;
}
