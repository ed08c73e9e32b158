#!/bin/sh
# scale.sh: is the cost linear in the number of guests? On the test driver,
# with 100, 1,000 and 10,000 guests (SIZES to change): the time of
# vdom-list --all (median of 5, by hyperfine when installed, else date
# +%s%N around each run) and of one more vdom-define (median of 5 new
# guests). The guests are defined through vdom-define, each one, timed by
# bench/spawn: the mean define over the whole fill is printed too.
top=$(cd "$(dirname "$0")/.." && pwd)
B=$top/bin
SIZES=${SIZES:-100 1000 10000}
scratch=$(mktemp -d /tmp/virtcore-scale.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
spawn=$scratch/spawn
${CC:-cc} -O2 -o "$spawn" "$top/bench/spawn.c" || exit 1

# gen DIR FROM TO: guests g FROM .. TO-1 in DIR/s0.xml .., by one awk
gen() {
	mkdir -p "$1"
	awk -v d="$1" -v a="$2" -v b="$3" 'BEGIN {
		for (i = a; i < b; i++) {
			f = sprintf("%s/s%d.xml", d, i - a)
			printf "<domain type=\047kvm\047>\n  <name>g%d</name>\n  <memory unit=\047MiB\047>512</memory>\n  <vcpu>2</vcpu>\n", i > f
			printf "  <os>\n    <type arch=\047x86_64\047 machine=\047pc\047>hvm</type>\n  </os>\n  <devices>\n" > f
			printf "    <disk type=\047file\047 device=\047disk\047>\n      <source file=\047/var/lib/images/g%d.qcow2\047/>\n      <target dev=\047vda\047 bus=\047virtio\047/>\n    </disk>\n", i > f
			printf "    <interface type=\047bridge\047>\n      <mac address=\04752:54:%02x:%02x:%02x:%02x\047/>\n      <source bridge=\047br0\047/>\n    </interface>\n", int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256 > f
			printf "  </devices>\n</domain>\n" > f
			close(f)
		}
	}'
}

# median5 CMD...: the median wall time of 5 runs in ms (one warm-up first)
median5() {
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --style none -w 1 -r 5 --export-json "$scratch/h.json" "$*" >/dev/null 2>&1 || return 1
		awk -F: '/"median"/ { gsub(/[ ,]/, "", $2); printf "%.2f", $2 * 1000; exit }' "$scratch/h.json"
	else
		"$@" >/dev/null
		for k in 1 2 3 4 5; do
			t0=$(date +%s%N); "$@" >/dev/null || return 1; t1=$(date +%s%N)
			echo $((t1 - t0))
		done | sort -n | sed -n 3p | awk '{ printf "%.2f", $1 / 1e6 }'
	fi
}

# one more define, 5 times (the same new guest, undefined before each), median in ms
more5() {
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --style none -r 5 --prepare "sh -c '$B/vdom-undefine g$big >/dev/null 2>&1; true'" \
			--export-json "$scratch/h.json" "$B/vdom-define $scratch/more/s0.xml" >/dev/null 2>&1 || return 1
		"$B/vdom-undefine" "g$big" >/dev/null || return 1
		awk -F: '/"median"/ { gsub(/[ ,]/, "", $2); printf "%.2f", $2 * 1000; exit }' "$scratch/h.json"
		return
	fi
	for k in 1 2 3 4 5; do
		t0=$(date +%s%N); "$B/vdom-define" "$scratch/more/s$k.xml" >/dev/null || return 1; t1=$(date +%s%N)
		"$B/vdom-undefine" "g$((big + k))" >/dev/null || return 1
		echo $((t1 - t0))
	done | sort -n | sed -n 3p | awk '{ printf "%.2f", $1 / 1e6 }'
}

max=0
for n in $SIZES; do [ "$n" -gt $max ] && max=$n; done
big=$max
gen "$scratch/more" $big $((big + 6))
export VIRTCORE_URI="test://$scratch/host"
echo "scale: test driver, ms; vdom-list --all median of 5$(command -v hyperfine >/dev/null && echo ' (hyperfine)'); one more define median of 5"
printf '  %8s %14s %14s %14s %12s\n' guests "list --all" "list/guest" "define +1" "fill mean"
have=0
for n in $SIZES; do
	# fill from the guests there to n: g$have .. g$((n-1))
	rm -rf "$scratch/xml"
	gen "$scratch/xml" $have $n
	t0=$(date +%s%N)
	"$spawn" $((n - have)) "$B/vdom-define" "$scratch/xml/s%d.xml" >/dev/null || exit 1
	t1=$(date +%s%N)
	have=$n
	got=$("$B/vdom-list" --all --name | wc -l)
	[ "$got" -eq "$n" ] || { echo "scale: $got guests defined, $n wanted" >&2; exit 1; }
	lst=$(median5 "$B/vdom-list" --all) || exit 1
	one=$(more5) || exit 1
	printf '  %8d %14s %14s %14s %12s\n' "$n" "$lst" \
		"$(awk -v a="$lst" -v n="$n" 'BEGIN { printf "%.4f", a / n }')" "$one" \
		"$(awk -v a=$((t1 - t0)) -v n=$n 'BEGIN { printf "%.2f", a / n / 1e6 }')"
done
