#!/bin/sh
# esx.sh: vdom-list over vpx:// against VMware's simulator (build/vcsim)
# with 500 VMs, beside govmomi's own client doing the same listing (one
# container view retrieve of name and power state, as govc's listings do).
# Both log in, list and log out each call. Part of `make bench`.
top=$(cd "$(dirname "$0")/.." && pwd)
sim=$top/build/vcsim
[ -x "$sim" ] || { echo "esx: build/vcsim not built (make vcsim): no figures"; exit 0; }
scratch=$(mktemp -d /tmp/virtcore-bench-esx.XXXXXX)
"$sim" -http -vms 250 > "$scratch/url" 2> "$scratch/err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$scratch"' EXIT
i=0
while ! grep -q '^http' "$scratch/url" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 600 ] && kill -0 $pid 2>/dev/null || { echo "esx: simulator did not start: $(cat "$scratch/err")"; exit 1; }
	sleep 0.1
done
hp=$(sed -n '1s|^https\{0,1\}://||; 1s|^[^@/]*@||; 1s|/sdk$||p' "$scratch/url")
${CC:-cc} -O2 -o "$scratch/spawn" "$top/bench/spawn.c" || exit 1
export VIRTCORE_ESX_PASSWORD=secret
R=${R:-20}
n=$("$top/bin/vdom-list" --all -c "vpx://root@$hp/DC0/DC0_C0/DC0_C0_H0?transport=http" | wc -l)
ours=$("$scratch/spawn" "$R" "$top/bin/vdom-list" --all -c "vpx://root@$hp/DC0/DC0_C0/DC0_C0_H0?transport=http") || exit 1
theirs=$("$scratch/spawn" "$R" "$sim" -list -url "http://root:secret@$hp/sdk") || exit 1
echo "vSphere simulator, $n VMs, ms per listing (login, one RetrievePropertiesEx, logout; $R calls)"
awk -v a="$ours" -v b="$theirs" 'BEGIN {
	printf "  %-34s %8.1f\n  %-34s %8.1f  (%.1fx virtcore)\n", "vdom-list --all -c vpx://", a / 1000, "govmomi container view listing", b / 1000, b / a }'
