#!/usr/bin/env bats
# fuzz.bats: the fuzz targets of tests/fuzz/ in make check. Each target's
# replay harness (no libFuzzer: the sanitizer build's, or the plain one)
# runs every regression input (tests/fuzz/regress/TARGET/) and every seed
# (build/fuzz/corpus/TARGET/) through the target and its oracle; where
# make check built the libFuzzer binaries, each fuzzes a few seconds more.
load common

targets() {
	sed -n 's/^FUZZ_TARGETS = //p' "$VC_TOP/tests/fuzz/fuzz.mk"
}

setup() {
	case $VC_BIN in
	*/build/san/bin) REPLAY=$VC_TOP/build/san/fuzz ;;
	*) REPLAY=$VC_TOP/build/replay ;;
	esac
	CORPUS=$VC_TOP/build/fuzz/corpus
	FUZZ=$VC_TOP/build/fuzz/bin
}

@test "fuzz: every target has a replay harness and a seed corpus" {
	n=0
	for t in $(targets); do
		[ -x "$REPLAY/$t" ] || { echo "no $REPLAY/$t (make fuzz-replay)"; false; }
		[ -n "$(ls "$CORPUS/$t")" ] || { echo "no seeds for $t"; false; }
		n=$((n + 1))
	done
	[ "$n" -ge 11 ]
}

@test "fuzz: regression inputs and seeds pass each target's oracle (no crash, no leak, round trip)" {
	for t in $(targets); do
		dirs=$CORPUS/$t
		[ -d "$VC_TOP/tests/fuzz/regress/$t" ] && dirs="$dirs $VC_TOP/tests/fuzz/regress/$t"
		# shellcheck disable=SC2086
		run timeout 300 "$REPLAY/$t" $dirs
		if [ "$status" -ne 0 ] || ! vc_no_sanitizer_report; then
			echo "$t: exit $status"
			printf '%s\n' "$output" | grep -v 'dropped:' | head -40
			false
		fi
		[[ "${lines[-1]}" == replayed\ * ]]
	done
}

@test "fuzz: the replay harness runs one input, and fails on one it cannot read" {
	printf '\003%s\n%s' 1 KiB > "$BATS_TEST_TMPDIR/ok"
	run "$REPLAY/scalar" "$BATS_TEST_TMPDIR/ok"
	[ "$status" -eq 0 ]
	# a target given a file it cannot read says so and fails
	run "$REPLAY/scalar" "$BATS_TEST_TMPDIR/missing"
	[ "$status" -ne 0 ]
	[[ "$output" == *"replay: $BATS_TEST_TMPDIR/missing"* ]]
}

@test "fuzz: each libFuzzer target runs its seeds and fuzzes 3 seconds without a crash" {
	[ -x "$FUZZ/domain" ] || skip "no libFuzzer binaries (clang with libclang-rt-14-dev)"
	for t in $(targets); do
		mkdir -p "$BATS_TEST_TMPDIR/$t"
		run timeout 120 "$FUZZ/$t" -max_total_time=3 -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
			-close_fd_mask=2 -print_final_stats=1 -artifact_prefix="$BATS_TEST_TMPDIR/$t-" "$BATS_TEST_TMPDIR/$t" "$CORPUS/$t"
		if [ "$status" -ne 0 ]; then
			echo "$t: exit $status"
			printf '%s\n' "$output" | tail -40
			false
		fi
		[[ "$output" == *"stat::number_of_executed_units"* ]]
	done
}
