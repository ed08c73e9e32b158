#!/bin/sh
# lists.sh: rewrite virtcore(7)'s tool lists from one table, the Makefile's
# TOOLS, and each tool's page: the Tools list (each page's .Nd), the tools
# that print changed/unchanged (the pages that say so), SEE ALSO.
# usage (make man7): sh man/lists.sh man/man7/virtcore.7 TOOL...
# Each list sits between the lines ".\" BEGIN name" and ".\" END name".
set -eu
page=$1
shift
dir=$(dirname "$page")/../man1
tmp=$page.tmp

tools() {
	echo '.Bl -tag -width "vnet-hostdev-attach(1)" -compact'
	for t; do
		printf '.It Xr %s 1\n' "$t"
		sed -n 's/^\.Nd //p' "$dir/$t.1"
	done
	echo '.El'
}
changers() {
	first=1
	for t; do
		grep -q '^\.Ql changed' "$dir/$t.1" || continue
		if [ $first = 1 ]; then printf '.Po Xr %s 1' "$t"; first=0
		else printf ' ,\n.Xr %s 1' "$t"; fi
	done
	printf '\n.Pc\n'
}
seealso() {
	for t; do printf '.Xr %s 1 ,\n' "$t"; done
}

# the fragments, then awk puts each between its markers
tools "$@" >"$tmp.tools"
changers "$@" >"$tmp.changers"
seealso "$@" | sort >"$tmp.seealso"
awk -v base="$tmp" '
/^\.\\" BEGIN / { print; name = $3; f = base "." name
	while ((getline l < f) > 0) print l
	close(f); skip = 1; next }
/^\.\\" END / { skip = 0 }
!skip' "$page" >"$tmp"
rm -f "$tmp.tools" "$tmp.changers" "$tmp.seealso"
if cmp -s "$tmp" "$page"; then rm -f "$tmp"; else mv "$tmp" "$page"; echo "lists.sh: $page rewritten"; fi
