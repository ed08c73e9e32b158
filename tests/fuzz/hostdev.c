/* fuzz target: the hostdev manager's record files (one KEY=VALUE a
 * line, lib/driver/hostdev/hostdev.c, compiled in here for its static
 * reader and writer). Oracle: a record that reads, written and read
 * again, writes the same text. */
#include "../../lib/driver/hostdev/hostdev.c"
#include "fuzz.h"

static char *
slurp(const char *dir)
{
	char *p = vc_asprintf("%s/rec", dir), *s;
	size_t len;

	if (!(s = vc_file_read(p, &len)))
		FUZZ_FAIL("hostdev: cannot read back %s: %s", p, vc_errmsg());
	free(p);
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/vc-fuzz-hostdev.XXXXXX";
	static int made;
	struct hd h = {0};
	struct vc_hostdev_rec r;
	char *path, *a, *b;

	if (!made && !mkdtemp(dir))
		FUZZ_FAIL("mkdtemp: %s", strerror(errno));
	made = 1;
	h.dir = dir;
	path = vc_asprintf("%s/rec", dir);
	if (vc_file_replace(path, (const char *)data, size, 0600) < 0)
		FUZZ_FAIL("hostdev: write %s: %s", path, vc_errmsg());
	free(path);
	if (rec_read(&h, "rec", &r) != 1) {
		vc_err_clear();
		return 0;
	}
	if (rec_write(&h, &r) < 0)
		FUZZ_FAIL("hostdev: rec_write: %s", vc_errmsg());
	rec_clear(&r);
	a = slurp(dir);
	if (rec_read(&h, "rec", &r) != 1)
		FUZZ_FAIL("hostdev: a record we wrote does not read: %s\n%s", vc_errmsg(), a);
	rec_write(&h, &r);
	rec_clear(&r);
	b = slurp(dir);
	fuzz_same("hostdev", a, b);
	free(a);
	free(b);
	return 0;
}
