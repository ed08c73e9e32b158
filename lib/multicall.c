/* multicall.c: virtcore, every tool in one binary: the tool is the name it was run by (a link), or its first argument */
#include <stdio.h>
#include <string.h>

struct vc_multicall {
	const char *name;
	int (*main)(int, char **);
};
/* build/multi/tools.c, made from TOOLS */
extern const struct vc_multicall vc_multicall_tools[];

static const struct vc_multicall *
find(const char *name)
{
	const struct vc_multicall *t;
	const char *s = strrchr(name, '/');

	for (t = vc_multicall_tools, s = s ? s + 1 : name; t->name; t++)
		if (strcmp(t->name, s) == 0)
			return t;
	return NULL;
}

int
main(int argc, char *argv[])
{
	const struct vc_multicall *t;

	if (argc > 0 && (t = find(argv[0])))
		return t->main(argc, argv);
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("virtcore %s\n", VC_VERSION);
		return ferror(stdout) || fclose(stdout) ? 1 : 0;
	}
	if (argc > 1 && strcmp(argv[1], "--list") == 0) {
		for (t = vc_multicall_tools; t->name; t++)
			printf("%s\n", t->name);
		return ferror(stdout) || fclose(stdout) ? 1 : 0;
	}
	if (argc > 1 && argv[1][0] != '-' && (t = find(argv[1])) && !strchr(argv[1], '/'))
		return t->main(argc - 1, argv + 1);
	if (argc > 1 && argv[1][0] != '-') {
		fprintf(stderr, "virtcore: %s: no such tool (virtcore --list)\n", argv[1]);
		return 2;
	}
	fprintf(stderr, "usage: virtcore TOOL [argument ...] | virtcore --list | virtcore --version\n"
	        "       or run it by a tool's name (a link to it)\n");
	return 2;
}
