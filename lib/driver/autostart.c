/* autostart.c: start every guest marked autostart (vdom-start --autostart-all) */
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "driver/autostart.h"

int
vc_dom_autostart_all(struct vc_conn *c, int check, struct vc_autostart_result **res, size_t *n)
{
	struct vc_autostart_result *v = NULL, *e;
	char **names, *p;
	size_t k, i;
	int failed = 0, persistent;

	*res = NULL;
	*n = 0;
	vc_store_names(c, &names, &k);
	for (i = 0; i < k; i++) {
		p = vc_store_conf_path(c, names[i]);
		persistent = vc_exists(p);
		free(p);
		if (!persistent || !vc_store_autostart_get(c, names[i]))
			continue;
		VC_GROW(v, *n);
		e = &v[(*n)++];
		memset(e, 0, sizeof(*e));
		e->name = vc_strdup(names[i]);
		vc_err_clear();
		/* start is idempotent: a running guest is unchanged */
		e->r = vc_dom_op(c, names[i], VC_OP_START, check, -1);
		if (e->r < 0) {
			e->msg = vc_strdup(vc_errmsg()[0] ? vc_errmsg() : "failed");
			failed++;
		}
	}
	vc_strv_free(names, k);
	vc_err_clear();
	*res = v;
	return failed;
}

void
vc_autostart_free(struct vc_autostart_result *res, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(res[i].name);
		free(res[i].msg);
	}
	free(res);
}
