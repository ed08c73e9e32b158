#!/usr/bin/env bats
# progress: a wait longer than a second (VIRTCORE_PROGRESS_MS, 1000 by
# default) shows "tool: what (done/total) N s" on stderr, redrawn each second
# and erased at the end, only when stderr is a terminal. Here the threshold
# is 0, so that the line shows at once whatever the machine's speed: the
# tests see it through tests/fixtures/ptyrun and never wait for a clock.

load common

setup() {
	vc_scratch
	[ -x "$VC_TOP/tests/fixtures/ptyrun" ] || make -s -C "$VC_TOP" tests/fixtures/ptyrun >&2
	export VIRTCORE_PROGRESS_MS=0
}
teardown() { vc_cleanup; }

# the tool at a terminal (stdout and stderr both on it): what it printed
vc_tty() {
	run env TERM=dumb "$VC_TOP/tests/fixtures/ptyrun" -t 60 -- "$@"
	output=${output//$'\r'/<CR>}
	output=${output//$'\e'[K/<EL>}
}

@test "progress: vdom-shutdown --timeout shows the wait at a terminal, then erases it" {
	vc_guest_xml web1 | vdom-define >/dev/null
	vdom-start web1 >/dev/null
	vc_tty "$VC_BIN/vdom-shutdown" --timeout 5 web1
	[ "$status" -eq 0 ]
	[[ $output == "<CR>vdom-shutdown: web1: waiting for the guest to shut down (--timeout 5) 0 s<EL>"* ]]
	# erased before the result, which is all stdout carries
	[[ $output == *"<CR><EL>changed<CR>" ]]
	vc_no_sanitizer_report
}

@test "progress: nothing when stderr is not a terminal, even with stdout on one" {
	vc_guest_xml web1 | vdom-define >/dev/null
	vdom-start web1 >/dev/null
	run vdom-shutdown --timeout 5 web1
	[ "$status" -eq 0 ] && [ "$output" = changed ]
	vdom-start web1 >/dev/null
	vc_tty sh -c '"$0" --timeout 5 web1 2>"$1"' "$VC_BIN/vdom-shutdown" "$SCRATCH/err"
	[ "$status" -eq 0 ] && [ "$output" = "changed<CR>" ]
	[ ! -s "$SCRATCH/err" ]
	# a shutdown that does not wait (no --timeout) has nothing to show
	vdom-start web1 >/dev/null
	vc_tty "$VC_BIN/vdom-shutdown" web1
	[ "$output" = "changed<CR>" ]
}

@test "progress: starting a guest on a VF pool counts the devices it prepares" {
	printf "<network><name>pool1</name><forward mode='hostdev' managed='yes'><pf dev='eth2'/></forward></network>" | vnet-define >/dev/null
	vnet-start pool1 >/dev/null
	cat > "$SCRATCH/g.xml" <<XML
<domain type='qemu'>
  <name>many</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <interface type='network'><source network='pool1'/></interface>
    <interface type='network'><source network='pool1'/></interface>
    <interface type='network'><source network='pool1'/></interface>
  </devices>
</domain>
XML
	vdom-define "$SCRATCH/g.xml" >/dev/null
	vc_tty "$VC_BIN/vdom-start" many
	[ "$status" -eq 0 ]
	for k in 0 1 2; do
		[[ $output == *"vdom-start: many: preparing host devices ($k/3) "[0-9]*" s<EL>"* ]]
	done
	[[ $output == *"<CR><EL>changed<CR>" ]]
	[ "$(vnet-hostdev-list --owner many | wc -l)" -eq 3 ]
}

@test "progress: the first probe of QEMU's machine types shows, a cached one does not" {
	command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed"
	export HOME=$SCRATCH/home XDG_CONFIG_HOME=$SCRATCH/home/.config XDG_RUNTIME_DIR=$SCRATCH/run
	mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
	export VIRTCORE_URI=qemu:///session
	vc_guest_xml q1 > "$SCRATCH/q1.xml"
	vc_tty "$VC_BIN/vdom-define" "$SCRATCH/q1.xml"
	[ "$status" -eq 0 ]
	[[ $output == "<CR>vdom-define: "*"qemu-system-x86_64: probing its machine types 0 s<EL>"*"<CR><EL>changed<CR>" ]]
	vc_tty "$VC_BIN/vdom-define" "$SCRATCH/q1.xml"
	[ "$output" = "unchanged<CR>" ]
}

@test "progress: VIRTCORE_PROGRESS_MS sets how long a wait lasts before it shows; a bad one is the default" {
	vc_guest_xml web1 | vdom-define >/dev/null
	vdom-start web1 >/dev/null
	VIRTCORE_PROGRESS_MS=3600000 vc_tty "$VC_BIN/vdom-shutdown" --timeout 5 web1
	[ "$status" -eq 0 ] && [ "$output" = "changed<CR>" ]
	vdom-start web1 >/dev/null
	VIRTCORE_PROGRESS_MS=soon vc_tty "$VC_BIN/vdom-shutdown" --timeout 5 web1
	[ "$status" -eq 0 ] && [[ $output == *"changed<CR>" ]]
	[[ $output != *soon* ]]
}
