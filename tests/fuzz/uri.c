/* fuzz target: connection URIs (lib/driver/uri.c: vc_uri_split and the
 * ?key=value query), as -c and $VIRTCORE_URI give them. Oracle: what a
 * split finds is a part of the URI (the host, user, path are in it). */
#include "fuzz.h"
#include "driver.h"
#include "remote/remote.h"

static void
part(const char *uri, const char *what, const char *s)
{
	/* a user is %XX-decoded, the rest is copied */
	if (s && strcmp(what, "user") != 0 && !strstr(uri, s))
		FUZZ_FAIL("uri: %s '%s' is not in '%s'", what, s, uri);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {"transport", "no_verify", "keyfile", "socket", ""};
	struct vc_conn c = {0};
	char *uri = fuzz_str(data, size), *v;
	size_t i;

	if (vc_uri_split(&c, uri) == 0) {
		part(uri, "scheme", c.scheme);
		part(uri, "transport", c.transport);
		part(uri, "host", c.host);
		if (c.port < 0 || c.port > 65535)
			FUZZ_FAIL("uri: port %d of '%s'", c.port, uri);
		for (i = 0; i < VC_NELEM(keys); i++)
			free(vc_uri_param(&c, keys[i]));
		if (c.query && (v = vc_uri_param(&c, c.query)))
			free(v);
	}
	free(c.scheme);
	free(c.transport);
	free(c.user);
	free(c.host);
	free(c.path);
	free(c.query);
	free(uri);
	vc_err_clear();
	return 0;
}
