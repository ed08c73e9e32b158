/* replay: run a fuzz target once over each file named (or each file in
 * each directory named), without libFuzzer: make check replays
 * tests/fuzz/regress/TARGET/ this way in the sanitizer build. */
#include <dirent.h>
#include <sys/stat.h>
#include "fuzz.h"

static int
one(const char *path)
{
	char *data;
	size_t len;

	if (!(data = vc_file_read(path, &len))) {
		fprintf(stderr, "replay: %s: %s\n", path, vc_errmsg());
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dirent *e;
	struct stat st;
	int i, n = 0, bad = 0;
	DIR *d;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (!(d = opendir(argv[i]))) {
				fprintf(stderr, "replay: %s: cannot open\n", argv[i]);
				return 1;
			}
			while ((e = readdir(d))) {
				char *p;
				if (e->d_name[0] == '.')
					continue;
				p = vc_asprintf("%s/%s", argv[i], e->d_name);
				bad |= one(p);
				n++;
				free(p);
			}
			closedir(d);
		} else {
			bad |= one(argv[i]);
			n++;
		}
	}
	printf("replayed %d inputs\n", n);
	return bad;
}
