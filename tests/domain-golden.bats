#!/usr/bin/env bats
# domain-golden: every tests/data/domain/NAME.xml defines and dumps back to
# NAME.out.xml (or itself); every bad-NAME.xml is refused with bad-NAME.err's text

load common

setup() { vc_scratch; }
teardown() { vc_cleanup; }

@test "domain-golden: good files round-trip through vdom-define and vdom-dumpxml" {
	n=0
	for f in "$VC_TOP"/tests/data/domain/*.xml; do
		case $(basename "$f") in bad-*|*.out.xml) continue;; esac
		want=${f%.xml}.out.xml
		[ -f "$want" ] || want=$f
		name=$(sed -n 's|.*<name>\(.*\)</name>.*|\1|p' "$f" | head -1)
		run vdom-define "$f"
		if [ "$status" -ne 0 ]; then echo "$f: define: $output"; return 1; fi
		run vdom-dumpxml --inactive "$name"
		[ "$status" -eq 0 ]
		# a file without a uuid gets one: compare without it
		if ! grep -q '<uuid>' "$f"; then
			output=$(printf '%s\n' "$output" | grep -v '<uuid>')
		fi
		if [ "$output" != "$(cat "$want")" ]; then
			diff -u "$want" <(printf '%s\n' "$output") || true
			echo "$f: output differs"
			return 1
		fi
		n=$((n + 1))
	done
	[ "$n" -gt 0 ]
}

@test "domain-golden: bad files are refused with their expected message and change nothing" {
	n=0
	for f in "$VC_TOP"/tests/data/domain/bad-*.xml; do
		[ -f "$f" ] || continue
		want=$(cat "${f%.xml}.err")
		run vdom-define "$f"
		if [ "$status" -ne 1 ]; then echo "$f: status $status: $output"; return 1; fi
		case $output in
		*"$want"*) ;;
		*) echo "$f: got '$output', want '$want'"; return 1;;
		esac
		[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ]
		n=$((n + 1))
	done
	run vdom-list --all --name
	[ -z "$output" ]
	[ "$n" -gt 0 ]
}

@test "domain-golden: output of every good file is a fixed point" {
	for f in "$VC_TOP"/tests/data/domain/*.xml; do
		case $(basename "$f") in bad-*|*.out.xml) continue;; esac
		name=$(sed -n 's|.*<name>\(.*\)</name>.*|\1|p' "$f" | head -1)
		vdom-define "$f" >/dev/null
		vdom-dumpxml --inactive "$name" > "$SCRATCH/once.xml"
		run vdom-define "$SCRATCH/once.xml"
		[ "$status" -eq 0 ]
		[ "$output" = "unchanged" ] || { echo "$f: redefine of own output: $output"; return 1; }
	done
}

@test "domain-golden: every good file and its output also pass the RELAX NG schema" {
	for f in "$VC_TOP"/tests/data/domain/*.xml; do
		case $(basename "$f") in bad-*) continue;; esac
		run vdom-validate "$f"
		[ "$status" -eq 0 ] || { echo "$f: $output"; return 1; }
	done
}
