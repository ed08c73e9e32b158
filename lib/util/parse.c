/* parse.c: numbers and sizes with limits and a message, never atoi */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../util.h"

static int
parse_ull(const char *s, unsigned long long min, unsigned long long max,
          unsigned long long *v, int hex)
{
	unsigned long long n;
	char *end;
	int base = 10;

	if (!s || !*s || isspace((unsigned char)*s) || *s == '-' || *s == '+')
		return vc_err("'%s' is not a number", s ? s : "");
	/* decimal, as libvirt reads numbers (never octal); 0x.. only where
	 * libvirt takes hex too (address parts, USB and PCI ids) */
	if (hex && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		if (!isxdigit((unsigned char)s[2]))
			return vc_err("'%s' is not a number", s);
	}
	errno = 0;
	n = strtoull(s, &end, base);
	if (*end != '\0')
		return vc_err("'%s' is not a number", s);
	if (errno == ERANGE || n < min || n > max)
		return vc_err("%s out of range %llu-%llu", s, min, max);
	*v = n;
	return 0;
}

int
vc_parse_ull(const char *s, unsigned long long min, unsigned long long max,
             unsigned long long *v)
{
	return parse_ull(s, min, max, v, 0);
}

int
vc_parse_ull_x(const char *s, unsigned long long min, unsigned long long max,
               unsigned long long *v)
{
	return parse_ull(s, min, max, v, 1);
}

int
vc_parse_ll(const char *s, long long min, long long max, long long *v)
{
	long long n;
	char *end;

	if (!s || !*s || isspace((unsigned char)*s))
		return vc_err("'%s' is not a number", s ? s : "");
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0')
		return vc_err("'%s' is not a number", s);
	if (errno == ERANGE || n < min || n > max)
		return vc_err("%s out of range %lld-%lld", s, min, max);
	*v = n;
	return 0;
}

unsigned long long
vc_unit_scale(const char *u)
{
	static const struct { const char *name; unsigned long long mul; } units[] = {
		{"b", 1}, {"bytes", 1},
		{"KB", 1000ULL}, {"k", 1024ULL}, {"KiB", 1024ULL},
		{"MB", 1000000ULL}, {"M", 1ULL << 20}, {"MiB", 1ULL << 20},
		{"GB", 1000000000ULL}, {"G", 1ULL << 30}, {"GiB", 1ULL << 30},
		{"TB", 1000000000000ULL}, {"T", 1ULL << 40}, {"TiB", 1ULL << 40},
		{"PB", 1000000000000000ULL}, {"P", 1ULL << 50}, {"PiB", 1ULL << 50},
		{"EB", 1000000000000000000ULL}, {"E", 1ULL << 60}, {"EiB", 1ULL << 60},
	};
	size_t i;

	for (i = 0; i < VC_NELEM(units); i++)
		if (strcmp(u, units[i].name) == 0)
			return units[i].mul;
	/* libvirt takes the single letters case-insensitively */
	if (strlen(u) == 1)
		for (i = 0; i < VC_NELEM(units); i++)
			if (strcasecmp(u, units[i].name) == 0 && strlen(units[i].name) == 1)
				return units[i].mul;
	return 0;
}

int
vc_parse_scaled(const char *s, const char *unit, const char *default_unit,
                unsigned long long *kib)
{
	unsigned long long n, mul;

	if (vc_parse_ull(s, 0, ~0ULL, &n) < 0)
		return -1;
	if (!unit)
		unit = default_unit;
	if (!(mul = vc_unit_scale(unit)))
		return vc_err("unknown unit '%s'", unit);
	if (n && mul > ~0ULL / n)
		return vc_err("%s %s is too large", s, unit);
	n *= mul;
	/* libvirt rounds up to whole KiB */
	*kib = n / 1024 + (n % 1024 != 0);
	return 0;
}
