/* vnode-info: print the host's capabilities XML (CPU, NUMA cells, IOMMU, guest types) or virsh nodeinfo's summary, either as JSON */
#include <stdio.h>
#include <stdlib.h>
#include "virtcore.h"
#include "host.h"
#include "host/detach.h"

/* virsh nodeinfo's labels and columns, or the same fields as JSON */
static void
summary(const struct vc_nodeinfo *ni, int json)
{
	struct vc_json *o;

	if (!json) {
		printf("%-20s %s\n", "CPU model:", ni->model);
		printf("%-20s %u\n", "CPU(s):", ni->cpus);
		printf("%-20s %u MHz\n", "CPU frequency:", ni->mhz);
		printf("%-20s %u\n", "CPU socket(s):", ni->sockets);
		printf("%-20s %u\n", "Core(s) per socket:", ni->cores);
		printf("%-20s %u\n", "Thread(s) per core:", ni->threads);
		printf("%-20s %u\n", "NUMA cell(s):", ni->nodes);
		printf("%-20s %llu KiB\n", "Memory size:", ni->memory_kib);
		return;
	}
	o = vc_json_object();
	vc_json_str(o, "cpu_model", ni->model);
	vc_json_uint(o, "cpus", ni->cpus);
	vc_json_uint(o, "cpu_mhz", ni->mhz);
	vc_json_uint(o, "cpu_sockets", ni->sockets);
	vc_json_uint(o, "cores_per_socket", ni->cores);
	vc_json_uint(o, "threads_per_core", ni->threads);
	vc_json_uint(o, "numa_cells", ni->nodes);
	vc_json_uint(o, "memory_kib", ni->memory_kib);
	vc_json_print(o);
}

/* the capabilities XML, or the same as JSON; frees xml */
static void
print(char *xml, int json)
{
	struct vc_json *o;

	if (json) {
		if (!(o = vc_json_caps(xml)))
			vc_die();
		vc_json_print(o);
	} else {
		fputs(xml, stdout);
	}
	free(xml);
}

int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{"summary", no_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{0, 0, 0, 0},
	};
	struct vc_caps_opts o;
	struct vc_nodeinfo ni;
	struct vc_conn *c;
	char *emu, *xml;
	int ch, sim, sum = 0, json = 0;

	vc_tool_init(argc, argv, "[-c uri] [--summary] [--json]");
	while ((ch = vc_getopt(argc, argv, "", lo)) != -1) {
		switch (ch) {
		case 's': sum = 1; break;
		case 'j': json = 1; break;
		default: vc_usage();
		}
	}
	if (argc != optind)
		vc_usage();
	c = vc_tool_conn();
	if (c->drv->inv && c->drv->inv->caps) {
		/* the driver's own host (esx://host): its answer, not ours */
		if (sum)
			vc_die_msg(VC_EXIT_FAIL, "--summary is unsupported by the %s driver",
			    c->drv->name);
		if (!(xml = c->drv->inv->caps(c)))
			vc_die();
		print(xml, json);
		vc_conn_close(c);
		return vc_exit(VC_EXIT_OK);
	}
	if ((sim = vc_host_use_conn(c)) < 0)
		vc_die();
	if (sum) {
		vc_host_nodeinfo(&ni);
		summary(&ni, json);
		vc_conn_close(c);
		return vc_exit(VC_EXIT_OK);
	}
	vc_caps_opts_default(&o, &emu);
	if (sim) {
		/* the simulated host runs every guest type the test driver takes */
		o.emulator = "/usr/bin/qemu-system-x86_64";
		o.kvm = 1;
	}
	print(vc_host_capabilities(&o), json);
	free(emu);
	vc_conn_close(c);
	return vc_exit(VC_EXIT_OK);
}
