#!/bin/sh
# multicall.sh: start-up of the installed forms side by side: the separate
# static tools (install-strip before the multicall binary) and the one
# multicall virtcore binary run through a symlink and through a hard link,
# each stripped as install-strip leaves it; and the installed size of bin/
# for each form. Rounds alternate the forms so that a load on the machine
# falls on all of them alike; the median of the rounds is printed.
#
# usage: bench/multicall.sh [ROUNDS [RUNS]]   (defaults 9 rounds of 500 runs)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-9}
runs=${2:-500}
tmp=$(mktemp -d /tmp/virtcore-multi.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -O2 -o "$tmp/spawn" "$top/bench/spawn.c"
make -s -C "$top" all bin/virtcore >/dev/null
tools=$(make -s -C "$top" print-tools)
mkdir -p "$tmp/sep" "$tmp/sym" "$tmp/hard"
cp "$top/bin/virtcore" "$tmp/sym/virtcore"
strip --strip-unneeded "$tmp/sym/virtcore"
cp "$tmp/sym/virtcore" "$tmp/hard/virtcore"
for t in $tools; do
	cp "$top/bin/$t" "$tmp/sep/$t"
	strip --strip-unneeded "$tmp/sep/$t"
	ln -s virtcore "$tmp/sym/$t"
	ln "$tmp/hard/virtcore" "$tmp/hard/$t"
done

export VIRTCORE_URI="test://$tmp/host"
"$top/bin/vdom-define" "$top/tests/data/demo/web1.xml" >/dev/null

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] / 1000 }'; }

# one round of each form for a command; prints "FORM wall-us cpu-us" lines
round() {
	for f in sep sym hard; do
		printf '%s %s\n' "$f" "$(SPAWN_CPU=1 "$tmp/spawn" "$runs" "$tmp/$f/$@" | paste -sd' ')"
	done
}

echo "start-up, ms per run, wall / CPU (median of $rounds rounds of $runs runs; /bin/true: $("$tmp/spawn" "$runs" /bin/true | awk '{ printf "%.2f", $1 / 1000 }'))"
printf '  %-28s %14s %14s %14s\n' command separate "multi symlink" "multi hardlink"
for cmd in "vdom-list --version" "vdom-dumpxml web1" "vdom-list --all" "vnode-list --name"; do
	: > "$tmp/r"
	i=0
	while [ $i -lt $rounds ]; do
		# shellcheck disable=SC2086
		round $cmd >> "$tmp/r"
		i=$((i + 1))
	done
	printf '  %-28s %14s %14s %14s\n' "$cmd" \
		"$(awk '$1 == "sep" { print $2 }' "$tmp/r" | median) / $(awk '$1 == "sep" { print $3 }' "$tmp/r" | median)" \
		"$(awk '$1 == "sym" { print $2 }' "$tmp/r" | median) / $(awk '$1 == "sym" { print $3 }' "$tmp/r" | median)" \
		"$(awk '$1 == "hard" { print $2 }' "$tmp/r" | median) / $(awk '$1 == "hard" { print $3 }' "$tmp/r" | median)"
done

# what make install / install-strip put in bin/: du counts a hard link once
n=$(echo "$tools" | wc -w)
full=0
for t in $tools; do full=$((full + $(stat -c %s "$top/bin/$t"))); done
sep=$(du -sk "$tmp/sep" | cut -f1)
multi=$(du -sk "$tmp/sym" | cut -f1)
echo "installed bin/ ($n tools): separate unstripped $((full / 1024)) KiB, separate stripped $sep KiB;"
echo "  multicall unstripped $(($(stat -c %s "$top/bin/virtcore") / 1024)) KiB, stripped with $n links $multi KiB"
