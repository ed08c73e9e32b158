#!/usr/bin/env bats
# summary: tests/run counts every pass, failure and skip (bats skips, a
# unit test's TAP skips, a unit test that exits 77), names each skip after
# its "N passed, N failed, N skipped" line, and under CI=true fails on a
# skip that tests/ci-skips does not allow. Run here on fixture suites.

load common

setup() {
	vc_scratch
	F=$VC_TOP/tests/fixtures/summary
	# no guest build for the fixtures
	export VIRTCORE_GUEST_DIR=$SCRATCH/noguest VC_SUITES=$F/suite.bats
	unset CI
}
teardown() { vc_cleanup; }

# tests/run in an environment of its own: none of this bats run's
# variables and functions, which would confuse the bats it starts
vc_run() {
	local -a e
	local p
	# bats puts its libexec first on PATH: there "bats" is not the command
	p=$(tr ':' '\n' <<<"$PATH" | grep -v bats-core | paste -sd:)
	e=(PATH="$p" HOME="$HOME")
	local v
	for v in $(compgen -e | grep -E '^(VC_|VIRTCORE_|CI$|SUMMARY_|TMPDIR$)'); do
		e+=("$v=${!v}")
	done
	run env -i "${e[@]}" sh "$VC_TOP/tests/run"
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' <<<"$output")
}

@test "summary: every skip is counted and named: bats, a unit test's TAP, exit 77" {
	export VC_UNIT_TESTS="$F/unit $F/unit77"
	vc_run
	[ "$status" -eq 0 ]
	# man page lint (1 when mandoc is here, else a skip), 1 unit, 1 bats pass
	if command -v mandoc >/dev/null; then
		[ "$summary" = "4 passed, 0 failed, 3 skipped" ]
	else
		[ "$summary" = "3 passed, 0 failed, 4 skipped" ]
	fi
	grep -qx "skipped:" <<<"$output"
	grep -qx "  summary fixture: skips # skip the fixture's reason" <<<"$output"
	grep -qx "  - unit fixture: a step that needs a guest # skip VIRTCORE_GUEST_DIR unset" <<<"$output"
	grep -qx "  - unit test unit77 # skip unit77: skip: nothing to test on" <<<"$output"
}

@test "summary: a failure fails the run and is counted" {
	export SUMMARY_FAIL=1 VC_UNIT_TESTS=
	vc_run
	[ "$status" -ne 0 ]
	[[ $summary == *" passed, 1 failed, 1 skipped" ]]
}

@test "summary: under CI=true a skip fails the run unless tests/ci-skips allows its reason" {
	export CI=true VC_UNIT_TESTS="$F/unit"
	vc_run
	[ "$status" -ne 0 ]
	grep -q "^CI: these skips are failures here" <<<"$output"
	grep -qx "  the fixture's reason" <<<"$output"
	grep -qx "  VIRTCORE_GUEST_DIR unset" <<<"$output"
	printf '%s\n' "the fixture's reason" "VIRTCORE_GUEST_DIR unset" > "$SCRATCH/allowed"
	export VC_CI_SKIPS=$SCRATCH/allowed
	vc_run
	[ "$status" -eq 0 ]
	# the real list allows no guest test's reason
	! grep -qiE 'guest|qemu|mkguest|root|busybox' "$VC_TOP/tests/ci-skips" || false
}

@test "summary: qmp_test's guest boot is a counted skip without VIRTCORE_GUEST_DIR, a pass with it" {
	t=$VC_BIN/../tests/unit/qmp_test
	[ -x "$t" ] || t=$VC_TOP/tests/unit/qmp_test
	[ -x "$t" ] || make -s -C "$VC_TOP" tests/unit/qmp_test >&2
	command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed"
	unset VIRTCORE_GUEST_DIR
	run env -u VIRTCORE_GUEST_DIR "$t"
	[ "$status" -eq 0 ]
	grep -qx "ok [0-9]* - qmp_test: a guest boots and powers off # skip VIRTCORE_GUEST_DIR unset" <<<"$output"
	# tests/run builds the guest and names it, so the step runs
	export VC_UNIT_TESTS=$t
	vc_run
	[ "$status" -eq 0 ]
	grep -qx "ok [0-9]* - qmp_test: a guest boots and powers off" <<<"$output"
	! grep -q "VIRTCORE_GUEST_DIR unset" <<<"$output" || false
}
