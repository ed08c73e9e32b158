/* autostart.h: start every guest marked autostart (vdom-start --autostart-all) */
#ifndef VC_DRIVER_AUTOSTART_H
#define VC_DRIVER_AUTOSTART_H

#include <stddef.h>
#include "driver.h"

struct vc_autostart_result {
	char *name;
	int r;              /* 1 started, 0 was running, -1 failed */
	char *msg;          /* the error when r is -1 */
};

/* start each persistent guest marked autostart that is not running, in
 * name order; one failure does not stop the others.  Returns how many
 * failed; *res (free with vc_autostart_free) says what happened to each. */
int vc_dom_autostart_all(struct vc_conn *c, int check, struct vc_autostart_result **res,
                         size_t *n);
void vc_autostart_free(struct vc_autostart_result *res, size_t n);

#endif
