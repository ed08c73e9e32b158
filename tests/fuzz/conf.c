/* fuzz target: the config file, virtcore.conf in libvirt.conf's syntax
 * (lib/remote/conf.c, compiled in here for its static parser). Oracle:
 * what the parser keeps is what the rest relies on: uri_default is a
 * URI, every alias is NAME=URI. */
#include "../../lib/remote/conf.c"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf f = {0};
	char *text;
	size_t i;

	/* conf_load refuses a file with a NUL in it */
	if (memchr(data, 0, size))
		return 0;
	text = fuzz_str(data, size);
	if (conf_parse(&f, text, "virtcore.conf") == 0) {
		if (f.uri_default && !strstr(f.uri_default, "://"))
			FUZZ_FAIL("conf: uri_default '%s' kept", f.uri_default);
		for (i = 0; i < f.nalias; i++) {
			const char *eq = strchr(f.alias[i], '=');
			if (!eq || eq == f.alias[i] || !strstr(eq, "://"))
				FUZZ_FAIL("conf: alias '%s' kept", f.alias[i]);
		}
	}
	conf_free(&f);
	free(text);
	vc_err_clear();
	return 0;
}
