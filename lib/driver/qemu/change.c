/* change.c: a running QEMU guest's memory and vCPUs: QMP balloon, and
 * vCPU hotplug (query-hotpluggable-cpus, device_add, device_del) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "driver/qemu/qmp.h"
#include "driver/qemu/guest.h"

/* how long a guest has to give up an unplugged vCPU (ACPI eject) */
#define UNPLUG_MS 20000

int
vc_qemu_setmem(struct vc_conn *c, struct vc_domain *live, struct vc_live *l,
               unsigned long long kib)
{
	struct json_object *a;
	struct vc_qmp *q;
	int r;

	if (!(q = vc_qemu_guest_monitor(c, live->name, l)))
		return -1;
	a = json_object_new_object();
	json_object_object_add(a, "value", json_object_new_int64((int64_t)(kib * 1024)));
	r = vc_qmp_cmd(q, "balloon", a, NULL);
	json_object_put(a);
	vc_qmp_close(q);
	return r;
}

static int
ncpus(struct vc_qmp *q, unsigned *n)
{
	struct json_object *r;

	if (vc_qmp_cmd(q, "query-cpus-fast", NULL, &r) < 0)
		return -1;
	*n = (unsigned)json_object_array_length(r);
	json_object_put(r);
	return 0;
}

static const char *
jstr(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string)
	    ? json_object_get_string(v) : NULL;
}

/* plug vCPUs into the free slots, lowest first, as vcpuN */
static int
plug(struct vc_qmp *q, unsigned have, unsigned want)
{
	struct json_object *slots, *a, *props, *cnt;
	size_t i, n;
	int r = -1;

	if (vc_qmp_cmd(q, "query-hotpluggable-cpus", NULL, &slots) < 0) {
		vc_err_prefix("vCPU hotplug is unsupported by this machine type");
		return -1;
	}
	n = json_object_array_length(slots);
	/* QEMU lists the slots from the highest: walk them from the end */
	for (i = n; i-- > 0 && have < want; ) {
		struct json_object *s = json_object_array_get_idx(slots, i);
		char id[32];
		if (jstr(s, "qom-path") || !jstr(s, "type") ||
		    !json_object_object_get_ex(s, "props", &props))
			continue;
		if (json_object_object_get_ex(s, "vcpus-count", &cnt) &&
		    json_object_get_int(cnt) != 1) {
			vc_err("the guest's CPU topology plugs %d vCPUs at a time "
			    "(threads per core): hotplug of single vCPUs is unsupported",
			    json_object_get_int(cnt));
			goto out;
		}
		a = json_object_new_object();
		json_object_object_add(a, "driver", json_object_new_string(jstr(s, "type")));
		snprintf(id, sizeof(id), "vcpu%u", have);
		json_object_object_add(a, "id", json_object_new_string(id));
		json_object_object_foreach(props, k, v)
			json_object_object_add(a, k, json_object_get(v));
		if (vc_qmp_cmd(q, "device_add", a, NULL) < 0) {
			json_object_put(a);
			goto out;
		}
		json_object_put(a);
		have++;
	}
	if (have < want) {
		vc_err("no free vCPU slot left in the machine (%u plugged)", have);
		goto out;
	}
	r = 0;
out:
	json_object_put(slots);
	return r;
}

/* unplug the vCPUs plugged as vcpuN from the highest; those the guest
 * started with cannot go */
static int
unplug(struct vc_qmp *q, unsigned have, unsigned want)
{
	char id[32];

	for (; have > want; have--) {
		snprintf(id, sizeof(id), "vcpu%u", have - 1);
		if (vc_qmp_device_del(q, id, UNPLUG_MS) == 0)
			continue;
		if (strcmp(vc_qmp_errclass(q), "DeviceNotFound") == 0) {
			vc_err_clear();
			return vc_err("vCPU %u was there at start: unplugging it is "
			    "unsupported (--config changes it from the next start)", have - 1);
		}
		return -1;
	}
	return 0;
}

int
vc_qemu_setvcpus(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, unsigned n)
{
	struct vc_qmp *q;
	unsigned have;
	int r = -1;

	if (!(q = vc_qemu_guest_monitor(c, live->name, l)))
		return -1;
	if (ncpus(q, &have) < 0)
		goto out;
	if (have < n)
		r = plug(q, have, n);
	else if (have > n)
		r = unplug(q, have, n);
	else
		r = 0;
out:
	vc_qmp_close(q);
	return r;
}
