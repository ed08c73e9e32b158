#!/usr/bin/env bats
# readme: the README's runnable blocks (those whose first line sets
# VIRTCORE_URI=test:///tmp/lab) run as written, one after the other on one
# scratch host, from the top of the tree: every command exits 0 and prints
# each line its comment quotes ("...", <TAB> a tab). /tmp/lab becomes the
# scratch host and $PWD/bin the tools under test.
load common

setup() {
	vc_scratch
	README=$VC_TOP/README
}
teardown() { vc_cleanup; }

# the runnable blocks' lines, a line "--" between blocks
runnable() {
	awk '
	/^    / { line = substr($0, 5)
		if (!inblk) { inblk = 1; run = line ~ /VIRTCORE_URI=test:\/\/\/tmp\/lab/; if (run && n++) print "--" }
		if (run) print line
		next }
	{ inblk = 0 }' "$README"
}

# the command of a README line, and the lines its comment quotes
cmd_of() { printf '%s\n' "$1" | sed -E 's/[[:space:]]{2,}# .*//'; }
quoted() {
	case $1 in
	*"  # "*) printf '%s\n' "${1#*  # }" | grep -o '"[^"]*"' | sed 's/^"//; s/"$//; s/<TAB>/\t/g' ;;
	esac
}

# run one README line in this shell (exports stay); output in $SCRATCH/out
run_line() {
	local c
	c=$(cmd_of "$1")
	c=${c//\$PWD\/bin/$VC_BIN}
	c=${c//\/tmp\/lab/$SCRATCH/lab}
	eval "$c" >"$SCRATCH/out" 2>"$SCRATCH/err"
}

@test "readme: the runnable blocks are there: the tour, host devices, SR-IOV" {
	[ "$(runnable | grep -c -x -- --)" -ge 2 ]
	runnable | grep -q '^vdom-start web1 || {'
	runnable | grep -q '^vnet-hostdev-attach web1 --pci'
	runnable | grep -q '^vnet-hostdev-attach web1 --network pool1'
}

@test "readme: every runnable line exits 0 and prints what its comment quotes" {
	command -v jq >/dev/null || skip "jq not installed (the tour pipes --json into it)"
	cd "$VC_TOP"
	export EDITOR=true VISUAL=true
	local l want n=0
	while IFS= read -r l; do
		[ "$l" = -- ] && continue
		n=$((n + 1))
		if ! run_line "$l"; then
			echo "README line failed: $l"
			cat "$SCRATCH/out" "$SCRATCH/err"
			return 1
		fi
		while IFS= read -r want; do
			grep -qxF -- "$want" "$SCRATCH/out" || {
				echo "README line: $l"
				echo "did not print: $want"
				echo "printed:"; cat "$SCRATCH/out"
				return 1
			}
		done < <(quoted "$l")
		output=$(cat "$SCRATCH/out" "$SCRATCH/err")
		vc_no_sanitizer_report || { echo "$l: $output"; return 1; }
	done < <(runnable)
	[ "$n" -ge 25 ]
	# the tour's guest is gone at the end of the SR-IOV block
	[ -z "$(vdom-list --all --name)" ]
}

@test "readme: the lock idiom prints its message on exit 75 only" {
	idiom=$(runnable | grep -m1 -e '-eq 75')
	[ -n "$idiom" ]
	vc_guest_xml web1 | vdom-define >/dev/null
	# success: exit 0, no message
	run_line "$idiom"
	[ "$(cat "$SCRATCH/out")" = changed ]
	run_line "$idiom"
	[ "$(cat "$SCRATCH/out")" = unchanged ]
	# another run holds the guest's lock: the message, and the idiom is 0
	vdom-destroy web1 >/dev/null
	exec 9>"$SCRATCH/conf/.web1.lock"
	flock 9
	VIRTCORE_LOCK_WAIT_MS=50 run_line "$idiom"
	exec 9>&-
	[ "$(cat "$SCRATCH/out")" = "locked: retry later" ]
	[ "$(vdom-state web1)" = "shut off" ]
	# any other failure is not hidden: exit 1, no message
	vdom-undefine web1 >/dev/null
	st=0
	run_line "$idiom" || st=$?
	[ "$st" -eq 1 ]
	[ -z "$(cat "$SCRATCH/out")" ]
	# the idiom the README had ran its echo after a success
	vc_guest_xml web1 | vdom-define >/dev/null
	out=$(vdom-start web1 || [ $? -eq 75 ] && echo "locked: retry later")
	[ "$out" = "$(printf 'changed\nlocked: retry later')" ]
}
