/* json.c: the --json output of listing and info tools: one JSON document
 * on stdout, stable keys, numbers as numbers, written with json-c */
#include <json-c/json.h>
#include <stdio.h>
#include "virtcore.h"

struct vc_json *
vc_json_object(void)
{
	return (struct vc_json *)json_object_new_object();
}

struct vc_json *
vc_json_array(void)
{
	return (struct vc_json *)json_object_new_array();
}

void
vc_json_str(struct vc_json *o, const char *k, const char *v)
{
	json_object_object_add((json_object *)o, k, v ? json_object_new_string(v) : NULL);
}

void
vc_json_int(struct vc_json *o, const char *k, long long v)
{
	json_object_object_add((json_object *)o, k, json_object_new_int64(v));
}

void
vc_json_uint(struct vc_json *o, const char *k, unsigned long long v)
{
	json_object_object_add((json_object *)o, k, json_object_new_uint64(v));
}

void
vc_json_double(struct vc_json *o, const char *k, double v)
{
	json_object_object_add((json_object *)o, k, json_object_new_double(v));
}

void
vc_json_bool(struct vc_json *o, const char *k, int v)
{
	json_object_object_add((json_object *)o, k, json_object_new_boolean(v != 0));
}

void
vc_json_null(struct vc_json *o, const char *k)
{
	json_object_object_add((json_object *)o, k, NULL);
}

void
vc_json_put(struct vc_json *o, const char *k, struct vc_json *v)
{
	json_object_object_add((json_object *)o, k, (json_object *)v);
}

void
vc_json_push(struct vc_json *a, struct vc_json *v)
{
	json_object_array_add((json_object *)a, (json_object *)v);
}

void
vc_json_print(struct vc_json *o)
{
	const char *s = json_object_to_json_string_ext((json_object *)o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);

	fputs(s, stdout);
	fputc('\n', stdout);
	json_object_put((json_object *)o);
}

struct vc_json *
vc_json_dominfo(const struct vc_dominfo *i)
{
	struct vc_json *o = vc_json_object();
	char u[37];

	if (i->id >= 0)
		vc_json_int(o, "id", i->id);
	else
		vc_json_null(o, "id");
	vc_json_str(o, "name", i->name);
	vc_json_str(o, "state", vc_state_names[i->state]);
	if (i->type) {
		vc_uuid_format(i->uuid, u);
		vc_json_str(o, "uuid", u);
		vc_json_str(o, "type", i->type);
		vc_json_uint(o, "vcpus", i->vcpus);
		vc_json_uint(o, "max_memory_kib", i->max_kib);
		vc_json_uint(o, "used_memory_kib", i->cur_kib);
		if (i->state == VC_STATE_RUNNING || i->state == VC_STATE_PAUSED)
			vc_json_double(o, "cpu_time_s", (double)i->cpu_ms / 1000.0);
		else
			vc_json_null(o, "cpu_time_s");
		vc_json_bool(o, "persistent", i->persistent);
		vc_json_bool(o, "autostart", i->autostart);
		vc_json_bool(o, "managed_save", i->managed_save);
	}
	return o;
}
