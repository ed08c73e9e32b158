/* screen.c: a running QEMU guest's keyboard and screen: QMP send-key
 * (keys as QEMU's qnum numbers) and screendump */
#include <stdio.h>
#include <stdlib.h>

#include <json.h>

#include "driver/qemu/qmp.h"
#include "driver/qemu/guest.h"

int
vc_qemu_sendkey(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
                const unsigned *keys, size_t n, unsigned holdtime)
{
	struct json_object *a, *ks, *k;
	struct vc_qmp *q;
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		if (!vc_keycode_qnum(keys[i]))
			return vc_err("key %s has no QEMU key number", vc_keycode_name(keys[i]));
	if (!(q = vc_qemu_guest_monitor(c, live->name, l)))
		return -1;
	a = json_object_new_object();
	ks = json_object_new_array();
	for (i = 0; i < n; i++) {
		k = json_object_new_object();
		json_object_object_add(k, "type", json_object_new_string("number"));
		json_object_object_add(k, "data", json_object_new_int((int)vc_keycode_qnum(keys[i])));
		json_object_array_add(ks, k);
	}
	json_object_object_add(a, "keys", ks);
	if (holdtime)
		json_object_object_add(a, "hold-time", json_object_new_int64(holdtime));
	r = vc_qmp_cmd(q, "send-key", a, NULL);
	json_object_put(a);
	vc_qmp_close(q);
	return r;
}

int
vc_qemu_screenshot(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
                   size_t dev, unsigned head, const char *path)
{
	struct json_object *a;
	struct vc_qmp *q;
	char id[32];
	int r;

	if (!(q = vc_qemu_guest_monitor(c, live->name, l)))
		return -1;
	a = json_object_new_object();
	json_object_object_add(a, "filename", json_object_new_string(path));
	/* the first head of the first device is QEMU's own default */
	if (dev || head) {
		snprintf(id, sizeof(id), "video%zu", dev);
		json_object_object_add(a, "device", json_object_new_string(id));
		json_object_object_add(a, "head", json_object_new_int((int)head));
	}
	r = vc_qmp_cmd(q, "screendump", a, NULL);
	json_object_put(a);
	vc_qmp_close(q);
	return r;
}
