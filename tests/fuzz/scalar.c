/* fuzz target: the small parsers every XML and native reader uses:
 * numbers (vc_parse_ull/_x/_ll), sizes with units (vc_parse_scaled),
 * MAC addresses, UUIDs, PCI addresses, disk names. The first byte picks
 * the parser, the rest is its text (a size: "NUMBER\nUNIT"). Oracles:
 * what parses formats back to text that parses to the same value, and
 * a size is the exact rounded-up KiB of number x unit. */
#include "fuzz.h"
#include "conf.h"
#include "driver/qemu/argv.h"

static void
num(const char *s, int kind)
{
	unsigned long long v, v2;
	long long l, l2;
	char out[32];

	switch (kind) {
	case 0:
		if (vc_parse_ull(s, 0, ~0ULL, &v) < 0)
			return;
		snprintf(out, sizeof(out), "%llu", v);
		if (vc_parse_ull(out, 0, ~0ULL, &v2) < 0 || v2 != v)
			FUZZ_FAIL("parse_ull: '%s' -> %llu -> '%s'", s, v, out);
		if (vc_parse_ull(s, 1, 4095, &v2) == 0 && (v2 < 1 || v2 > 4095))
			FUZZ_FAIL("parse_ull: '%s' -> %llu outside 1-4095", s, v2);
		break;
	case 1:
		if (vc_parse_ull_x(s, 0, 0xffff, &v) < 0)
			return;
		if (v > 0xffff)
			FUZZ_FAIL("parse_ull_x: '%s' -> %llu > 0xffff", s, v);
		snprintf(out, sizeof(out), "0x%llx", v);
		if (vc_parse_ull_x(out, 0, 0xffff, &v2) < 0 || v2 != v)
			FUZZ_FAIL("parse_ull_x: '%s' -> %llu -> '%s'", s, v, out);
		break;
	default:
		if (vc_parse_ll(s, -1000000, 1000000, &l) < 0)
			return;
		snprintf(out, sizeof(out), "%lld", l);
		if (vc_parse_ll(out, -1000000, 1000000, &l2) < 0 || l2 != l)
			FUZZ_FAIL("parse_ll: '%s' -> %lld -> '%s'", s, l, out);
	}
}

static void
scaled(char *s)
{
	char *unit = strchr(s, '\n');
	unsigned long long kib, n, mul;
	unsigned __int128 bytes;

	if (unit)
		*unit++ = '\0';
	if (vc_parse_scaled(s, unit, "KiB", &kib) < 0)
		return;
	if (vc_parse_ull(s, 0, ~0ULL, &n) < 0 || !(mul = vc_unit_scale(unit ? unit : "KiB")))
		FUZZ_FAIL("parse_scaled: '%s' '%s' took what parse_ull or unit_scale refuse", s, unit);
	bytes = (unsigned __int128)n * mul;
	if (bytes > ~0ULL)
		FUZZ_FAIL("parse_scaled: '%s' %s overflows 64 bits but was taken", s, unit);
	if (kib != (unsigned long long)(bytes / 1024 + (bytes % 1024 != 0)))
		FUZZ_FAIL("parse_scaled: '%s' %s -> %llu KiB", s, unit, kib);
}

static void
mac(const char *s)
{
	unsigned char m[6], m2[6];
	char out[18];

	if (vc_mac_parse(s, m) < 0)
		return;
	vc_mac_format(m, out);
	if (strcasecmp(out, s) != 0)
		FUZZ_FAIL("mac: '%s' formats as '%s'", s, out);
	if (vc_mac_parse(out, m2) < 0 || memcmp(m, m2, 6))
		FUZZ_FAIL("mac: '%s' -> '%s' does not parse back", s, out);
}

static void
uuid(const char *s)
{
	unsigned char u[16], u2[16];
	char out[37];

	if (vc_uuid_parse(s, u) < 0)
		return;
	vc_uuid_format(u, out);
	if (vc_uuid_parse(out, u2) < 0 || memcmp(u, u2, 16))
		FUZZ_FAIL("uuid: '%s' -> '%s' does not parse back", s, out);
}

static void
pci(const char *s)
{
	unsigned d, b, sl, f, d2, b2, sl2, f2;
	char out[32];

	if (vc_pci_addr_parse(s, &d, &b, &sl, &f) < 0)
		return;
	if (d > 0xffff || b > 0xff || sl > 0x1f || f > 7)
		FUZZ_FAIL("pci: '%s' -> %x:%x:%x.%x out of range", s, d, b, sl, f);
	snprintf(out, sizeof(out), "%04x:%02x:%02x.%x", d, b, sl, f);
	if (vc_pci_addr_parse(out, &d2, &b2, &sl2, &f2) < 0 ||
	    d2 != d || b2 != b || sl2 != sl || f2 != f)
		FUZZ_FAIL("pci: '%s' -> '%s' does not parse back", s, out);
}

static void
disk(const uint8_t *data, size_t size, const char *s)
{
	unsigned idx = 0;
	char name[32];
	int i;

	(void)vc_qemu_disk_index(s);
	/* a name made from an index gives the index back */
	for (i = 0; i < 4 && (size_t)i < size; i++)
		idx = idx << 8 | data[i];
	idx %= 100000;
	vc_disk_name(name, sizeof(name), "vd", idx);
	if (vc_qemu_disk_index(name) != (int)idx)
		FUZZ_FAIL("disk: %u -> '%s' -> %d", idx, name, vc_qemu_disk_index(name));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1)
		return 0;
	s = fuzz_str(data + 1, size - 1);
	switch (data[0] % 8) {
	case 0: case 1: case 2: num(s, data[0] % 8); break;
	case 3: scaled(s); break;
	case 4: mac(s); break;
	case 5: uuid(s); break;
	case 6: pci(s); break;
	default: disk(data + 1, size - 1, s); break;
	}
	free(s);
	vc_err_clear();
	return 0;
}
