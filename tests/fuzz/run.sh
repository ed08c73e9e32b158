#!/bin/sh
# run.sh DIR SECONDS TARGET...: run each fuzz target for SECONDS from its
# seed corpus (DIR/corpus/T, read only) and what earlier runs found
# (DIR/work/T); print and write DIR/report.txt: target, executions, new
# crashes. Fails when a target crashed or broke its oracle.
set -u
dir=$1 secs=$2
shift 2
mkdir -p "$dir/work" "$dir/crash" "$dir/log"
report=$dir/report.txt
: > "$report.tmp"
printf '%-20s %12s %8s %8s\n' target executions seconds crashes | tee -a "$report.tmp"
bad=0
for t in "$@"; do
	mkdir -p "$dir/work/$t"
	dict=
	case $t in domain|network|nodedev|native-vbox) dict=-dict=$dir/xml.dict ;; esac
	before=$(ls "$dir/crash" | grep -c "^$t-" || true)
	# -close_fd_mask=2: the converters' "dropped:" lines would flood the
	# log; sanitizer reports and libFuzzer's own lines still come through
	"$dir/bin/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -close_fd_mask=2 $dict \
		-artifact_prefix="$dir/crash/$t-" "$dir/work/$t" "$dir/corpus/$t" \
		> "$dir/log/$t.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log/$t.log" | tail -1)
	time=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log/$t.log" | tail -1)
	after=$(ls "$dir/crash" | grep -c "^$t-" || true)
	n=$((after - before))
	[ "$rc" -ne 0 ] && [ "$n" -eq 0 ] && n=1
	printf '%-20s %12s %8s %8s\n' "$t" "${runs:-?}" "$secs" "$n" | tee -a "$report.tmp"
	if [ "$n" -gt 0 ]; then
		bad=1
		echo "$t: crashed: see $dir/log/$t.log and $dir/crash/$t-*" >&2
		grep -m3 -e 'ERROR: ' -e 'fuzz oracle' -e 'runtime error' "$dir/log/$t.log" >&2
	fi
done
mv "$report.tmp" "$report"
exit $bad
