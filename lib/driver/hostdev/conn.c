/* conn.c: which host a connection's node devices are: the test driver's simulated one or this machine's */
#include "driver.h"

int
vc_host_use_conn(struct vc_conn *c)
{
	if (c->drv == &vc_test_driver)
		return vc_test_host_open(c->statedir) < 0 ? -1 : 1;
	/* esx://host, hyperv://host: never this machine's devices */
	if (c->drv->flags & VC_DRV_HOST)
		return vc_err("%s: the host's devices: unsupported by the %s driver", c->uri, c->drv->name);
	return 0;
}
