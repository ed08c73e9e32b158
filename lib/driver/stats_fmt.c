/* stats_fmt.c: the one-guest views of a guest's statistics, as text
 * (tab separated, one record a line) or JSON */
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "../driver.h"

static const char *
dash(const char *s)
{
	return s && *s ? s : "-";
}

static void
jput(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v ? json_object_new_string(v) : NULL);
}

static char *
jtake(struct json_object *o)
{
	char *s = vc_asprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));

	json_object_put(o);
	return s;
}

char *
vc_domstats_blklist(const struct vc_domstats *s, int details, int json)
{
	struct json_object *a = json ? json_object_new_array() : NULL, *o;
	struct vc_buf b = { 0 };
	size_t i;

	for (i = 0; i < s->nblk; i++) {
		const struct vc_blkstat *k = &s->blk[i];
		if (json) {
			o = json_object_new_object();
			jput(o, "type", k->type);
			jput(o, "device", k->device);
			jput(o, "target", k->dev);
			jput(o, "source", k->path);
			json_object_array_add(a, o);
		} else if (details) {
			vc_buf_printf(&b, "%s\t%s\t%s\t%s\n", dash(k->type), dash(k->device),
			    dash(k->dev), dash(k->path));
		} else {
			vc_buf_printf(&b, "%s\t%s\n", dash(k->dev), dash(k->path));
		}
	}
	return json ? jtake(a) : vc_buf_take(&b);
}

char *
vc_domstats_iflist(const struct vc_domstats *s, int json)
{
	struct json_object *a = json ? json_object_new_array() : NULL, *o;
	struct vc_buf b = { 0 };
	size_t i;

	for (i = 0; i < s->nnet; i++) {
		const struct vc_ifstat *f = &s->net[i];
		if (json) {
			o = json_object_new_object();
			jput(o, "interface", f->name);
			jput(o, "type", f->type);
			jput(o, "source", f->source);
			jput(o, "model", f->model);
			jput(o, "mac", f->mac[0] ? f->mac : NULL);
			json_object_array_add(a, o);
		} else {
			vc_buf_printf(&b, "%s\t%s\t%s\t%s\t%s\n", dash(f->name), dash(f->type),
			    dash(f->source), dash(f->model), dash(f->mac));
		}
	}
	return json ? jtake(a) : vc_buf_take(&b);
}

/* virsh dommemstat's names: actual (balloon), available (maximum), rss */
char *
vc_domstats_memstat(const struct vc_domstats *s, int json)
{
	struct json_object *o = json ? json_object_new_object() : NULL;
	struct vc_buf b = { 0 };
	const char *k[3] = { "actual", "available", "rss" };
	unsigned long long v[3] = { s->mem_cur_kib, s->mem_max_kib, s->rss_kib };
	size_t i, n = s->has_rss ? 3 : 2;

	for (i = 0; i < n; i++) {
		if (json)
			json_object_object_add(o, k[i], json_object_new_uint64(v[i]));
		else
			vc_buf_printf(&b, "%s %llu\n", k[i], v[i]);
	}
	return json ? jtake(o) : vc_buf_take(&b);
}

/* virsh vcpuinfo: a block per vcpu; N/A for a guest that is not running */
char *
vc_domstats_vcpuinfo(const struct vc_domstats *s, int json)
{
	struct json_object *a = json ? json_object_new_array() : NULL, *o;
	struct vc_buf b = { 0 };
	size_t i, n = s->active ? s->nvcpu : s->vcpu_cur;

	for (i = 0; i < n; i++) {
		const struct vc_vcpustat *v = s->active ? &s->vcpu[i] : NULL;
		if (json) {
			o = json_object_new_object();
			json_object_object_add(o, "vcpu", json_object_new_int((int)i));
			json_object_object_add(o, "cpu", v && v->cpu >= 0 ? json_object_new_int(v->cpu) : NULL);
			jput(o, "state", v ? (v->state ? "running" : "offline") : NULL);
			json_object_object_add(o, "time_ns", v ? json_object_new_uint64(v->time_ns) : NULL);
			json_object_object_add(o, "thread", v && v->thread ?
			    json_object_new_int64(v->thread) : NULL);
			json_object_array_add(a, o);
			continue;
		}
		vc_buf_printf(&b, "%sVCPU:\t%zu\n", i ? "\n" : "", i);
		if (v && v->cpu >= 0)
			vc_buf_printf(&b, "CPU:\t%d\n", v->cpu);
		else
			vc_buf_puts(&b, "CPU:\tN/A\n");
		vc_buf_printf(&b, "State:\t%s\n", v ? (v->state ? "running" : "offline") : "N/A");
		if (v)
			vc_buf_printf(&b, "CPU time:\t%.1fs\n", (double)v->time_ns / 1e9);
		else
			vc_buf_puts(&b, "CPU time:\tN/A\n");
	}
	return json ? jtake(a) : vc_buf_take(&b);
}
