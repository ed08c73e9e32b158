#!/bin/sh
# multicall.sh TOOL...: the table of lib/multicall.c: each tool's main,
# compiled from bin/TOOL.c as vc_main_TOOL (dashes as underscores)
echo '/* made by lib/multicall.sh from the Makefile'"'"'s TOOLS */'
echo '#include <stddef.h>'
for t in "$@"; do
	echo "int vc_main_$(echo "$t" | tr - _)(int, char **);"
done
echo 'const struct vc_multicall { const char *name; int (*main)(int, char **); } vc_multicall_tools[] = {'
for t in "$@"; do
	echo "	{\"$t\", vc_main_$(echo "$t" | tr - _)},"
done
echo '	{NULL, NULL},'
echo '};'
