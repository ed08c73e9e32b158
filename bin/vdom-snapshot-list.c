/* vdom-snapshot-list: a guest's snapshots, oldest first (virsh snapshot-list) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "virtcore.h"

static void
tree(const struct vc_snapshot *v, size_t n, const char *parent, int depth)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (parent ? !v[i].parent || strcmp(v[i].parent, parent) != 0 : v[i].parent != NULL)
			continue;
		printf("%*s%s\n", depth * 2, "", v[i].name);
		tree(v, n, v[i].name, depth + 1);
	}
}

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, 'j'},
		{"parent", no_argument, NULL, 'p'},
		{"tree", no_argument, NULL, 't'},
		{"name", no_argument, NULL, 'N'},
		{0, 0, 0, 0},
	};
	struct vc_snapshot *v;
	struct vc_conn *c;
	int ch, json = 0, parent = 0, astree = 0, names = 0;
	size_t n, i;

	vc_tool_init(argc, argv, "[-c uri] [--json | --tree | --name] [--parent] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		case 'p': parent = 1; break;
		case 't': astree = 1; break;
		case 'N': names = 1; break;
		default: vc_usage();
		}
	}
	if (argc - optind != 1 || json + astree + names > 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_snapshot_list(c, argv[optind], &v, &n) < 0)
		vc_die();
	if (json) {
		struct vc_json *a = vc_json_array();
		for (i = 0; i < n; i++) {
			struct vc_json *o = vc_json_object();
			vc_json_str(o, "name", v[i].name);
			vc_json_uint(o, "creationTime", v[i].ctime);
			vc_json_str(o, "state", v[i].state);
			vc_json_str(o, "parent", v[i].parent);
			vc_json_str(o, "description", v[i].description);
			vc_json_str(o, "memory", vc_snap_how_names[v[i].memory]);
			vc_json_bool(o, "current", v[i].current);
			vc_json_push(a, o);
		}
		vc_json_print(a);
	} else if (astree) {
		tree(v, n, NULL, 0);
	} else {
		/* name, creation time (UTC), state[, parent]: tab separated */
		for (i = 0; i < n; i++) {
			char when[32];
			time_t t = (time_t)v[i].ctime;
			struct tm tm;
			if (names) {
				printf("%s\n", v[i].name);
				continue;
			}
			gmtime_r(&t, &tm);
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S +0000", &tm);
			printf("%s\t%s\t%s", v[i].name, when, v[i].state);
			if (parent)
				printf("\t%s", v[i].parent ? v[i].parent : "-");
			putchar('\n');
		}
	}
	vc_snapshot_free(v, n);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
