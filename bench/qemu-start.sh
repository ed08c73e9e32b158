#!/bin/sh
# qemu-start.sh: time bare QEMU from exec to its first QMP answer (the floor under vdom-start)
#
# usage: bench/qemu-start.sh [RUNS [MACHINE]]     (defaults: 10, pc)
# For each run: exec qemu-system-x86_64 (TCG, diskless, -nodefaults, -S) with
# QMP on stdio, send qmp_capabilities + query-status + quit, and note when the
# query-status reply arrives (ms after exec) and when QEMU has exited.
# Prints each run and the median of both.
set -eu

runs=${1:-10}
machine=${2:-pc}
qemu=${QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null || { echo "qemu-start: $qemu not found" >&2; exit 1; }

now() { date +%s%N; }

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	t0=$(now)
	printf '%s\n' '{"execute":"qmp_capabilities"}' '{"execute":"query-status"}' \
		'{"execute":"quit"}' |
	"$qemu" -accel tcg -nodefaults -display none -machine "$machine" -m 64 \
		-S -qmp stdio 2>"$tmp/err" |
	while IFS= read -r l; do
		case $l in
		*'"status"'*) now >"$tmp/answer" ;;
		esac
	done
	t2=$(now)
	[ -s "$tmp/answer" ] || { echo "qemu-start: no answer:" >&2; cat "$tmp/err" >&2; exit 1; }
	a=$((($(cat "$tmp/answer") - t0) / 1000000))
	e=$(((t2 - t0) / 1000000))
	rm -f "$tmp/answer"
	echo "run $i: exec -> query-status answer ${a} ms, -> exited ${e} ms"
	echo $a >>"$tmp/a"
	echo $e >>"$tmp/e"
done
echo "median ($machine, $runs runs): exec -> QMP answer $(median <"$tmp/a") ms," \
	"exec -> exited after quit $(median <"$tmp/e") ms"
