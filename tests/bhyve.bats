#!/usr/bin/env bats
# bhyve: the bhyve-argv native format (tests/data/bhyve), libvirt's
# bhyvexml2argv cases when ../shared is there, and the bhyve:///system
# driver against recording bhyve, bhyvectl, bhyveload (tests/fixtures)

load common

setup() { vc_scratch; }
teardown() { vc_cleanup; }

BHDATA=$VC_TOP/tests/data/bhyve

@test "bhyve-argv: each NAME.xml gives the loader's and bhyve's lines of NAME.args" {
	n=0
	for f in "$BHDATA"/*.xml; do
		case $(basename "$f") in bad-*) continue;; esac
		run vdom-to-native --format bhyve-argv "$f"
		if [ "$status" -ne 0 ] || [ "$output" != "$(cat "${f%.xml}.args")" ]; then
			diff -u "${f%.xml}.args" <(printf '%s\n' "$output") || true
			return 1
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 2 ]
}

@test "bhyve-argv: what bhyve cannot run is refused with one line naming it" {
	n=0
	for f in "$BHDATA"/bad-*.xml; do
		run vdom-to-native --format bhyve-argv "$f"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		if [ "$output" != "$(cat "${f%.xml}.err")" ]; then echo "$f: $output"; return 1; fi
		n=$((n + 1))
	done
	[ "$n" -ge 6 ]
}

@test "bhyve-argv: reads the domain on stdin" {
	run sh -c "vdom-to-native --format bhyve-argv < '$BHDATA/grub-cdrom.xml'"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$BHDATA/grub-cdrom.args")" ]
}

@test "bhyve-argv: libvirt's bhyvexml2argv cases (skipped without ../shared)" {
	run_=$VC_TOP/../shared/conformance/run
	[ -x "$run_" ] || skip "../shared/conformance is absent"
	run "$run_" --kind bhyve-argv --bin "$VC_BIN"
	echo "$output"
	ok=$(printf '%s\n' "$output" | sed -n 's|^bhyve-argv to-native: \([0-9]*\)/.*|\1|p')
	[ "$ok" -ge 35 ]
}
