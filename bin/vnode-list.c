/* vnode-list: list the host's devices, one per line: name, capability, parent, description */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "virtcore.h"
#include "host.h"
#include "host/detach.h"
#include "driver/hostdev/hostdev.h"

static void
tree(struct vc_host_nodedev *v, size_t n, char *done, size_t i, int depth)
{
	size_t j;

	done[i] = 1;
	printf("%*s%s\n", 2 * depth, "", v[i].name);
	for (j = 0; j < n; j++)
		if (!done[j] && v[j].parent && strcmp(v[j].parent, v[i].name) == 0)
			tree(v, n, done, j, depth + 1);
}

static int
listed(struct vc_host_nodedev *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"cap", required_argument, NULL, 'C'},
		{"tree", no_argument, NULL, 't'},
		{"name", no_argument, NULL, 'n'},
		{"json", no_argument, NULL, 'j'},
		{0, 0, 0, 0},
	};
	struct vc_host_nodedev *v;
	struct vc_conn *c;
	size_t n, i;
	int ch, cap = VC_HOST_CAP_NONE, treeview = 0, names = 0, json = 0, k;
	struct vc_json *arr = NULL;
	char *done;

	vc_tool_init(argc, argv, "[-c uri] [--cap pci|net|usb_device|usb|system] "
	    "[--tree | --name | --json]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 'C':
			for (k = 1; vc_host_cap_names[k]; k++)
				if (strcmp(vc_host_cap_names[k], optarg) == 0)
					break;
			if (!vc_host_cap_names[k]) {
				fprintf(stderr, "%s: --cap: unknown capability '%s'\n",
				        vc_progname, optarg);
				vc_usage();
			}
			cap = k;
			break;
		case 't': treeview = 1; break;
		case 'n': names = 1; break;
		case 'j': json = 1; break;
		default: vc_usage();
		}
	}
	if (argc != optind || treeview + names + json > 1)
		vc_usage();
	c = vc_tool_conn();
	if (vc_host_use_conn(c) < 0 || vc_host_nodedev_list(cap, &v, &n) < 0)
		vc_die();
	if (treeview) {
		done = vc_calloc(n ? n : 1, 1);
		for (i = 0; i < n; i++)
			if (!done[i] && !listed(v, n, v[i].parent))
				tree(v, n, done, i, 0);
		free(done);
	} else {
		if (json)
			arr = vc_json_array();
		for (i = 0; i < n; i++) {
			if (json) {
				struct vc_json *o = vc_json_object();
				char addr[16], *owner = NULL;
				if (v[i].cap == VC_HOST_CAP_PCI && vc_nodedev_pci_addr(v[i].name, addr) == 0)
					owner = vc_hostdev_owner(c, addr);
				vc_err_clear();
				vc_json_str(o, "name", v[i].name);
				vc_json_str(o, "cap", vc_host_cap_names[v[i].cap]);
				vc_json_str(o, "parent", v[i].parent);
				vc_json_str(o, "description", v[i].desc && *v[i].desc ? v[i].desc : NULL);
				vc_json_str(o, "held_by", owner);
				free(owner);
				vc_json_push(arr, o);
			} else if (names)
				printf("%s\n", v[i].name);
			else {
				char addr[16], *owner = NULL;
				/* a device a guest holds says so */
				if (v[i].cap == VC_HOST_CAP_PCI && vc_nodedev_pci_addr(v[i].name, addr) == 0)
					owner = vc_hostdev_owner(c, addr);
				vc_err_clear();
				printf("%s\t%s\t%s\t%s%s%s\n", v[i].name,
				       vc_host_cap_names[v[i].cap],
				       v[i].parent ? v[i].parent : "-",
				       v[i].desc && *v[i].desc ? v[i].desc : "-",
				       owner ? " held by " : "", owner ? owner : "");
				free(owner);
			}
		}
	}
	if (json)
		vc_json_print(arr);
	vc_host_nodedev_list_free(v, n);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
