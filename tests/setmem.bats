#!/usr/bin/env bats
# vdom-setmem, vdom-setmaxmem, vdom-setvcpus: on the test driver (the
# simulated guest's balloon and vCPUs), drivers without the live change
# (xen, vbox stand-ins), and on QEMU with a real TCG guest (QMP balloon,
# vCPU hotplug)
load common
bats_require_minimum_version 1.5.0

QEMU_BIN=qemu-system-x86_64

# a guest of $2 MiB (<memory>), $3 vCPUs of $4, extra devices $5
set_xml() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>${2:-64}</memory>
  <vcpu${4:+ current='$3'}>${4:-${3:-2}}</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>$5</devices>
</domain>
XML
}

setup() {
	vc_scratch
	set_xml web1 64 2 | vdom-define >/dev/null
}

teardown() {
	vc_cleanup
}

# the value of <TAG ...>V</TAG> in the XML of $output
tagval() {
	printf '%s\n' "$output" | sed -n "s|.*<$1[ >][^>]*>*\([0-9]*\)</$1>.*|\1|p" | head -1
}

mem_of() {   # guest, [--inactive]: <currentMemory>, else <memory>, KiB
	run vdom-dumpxml $2 "$1"
	c=$(tagval currentMemory)
	echo "${c:-$(tagval memory)}"
}

# ---- vdom-setmem ----

@test "vdom-setmem: a shut-off guest's config gets <currentMemory>; again is unchanged" {
	run vdom-setmem web1 32M
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(mem_of web1)" = 32768 ]
	run vdom-dumpxml web1
	[ "$(tagval memory)" = 65536 ]
	run vdom-setmem web1 32768
	[ "$status" -eq 0 ]
	[ "$output" = unchanged ]
}

@test "vdom-setmem: a running guest's balloon moves, its config stays (current = live)" {
	vdom-start web1 >/dev/null
	run vdom-setmem web1 16MiB
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-memstat web1
	[ "${lines[0]}" = "actual 16384" ]
	[ "${lines[1]}" = "available 65536" ]
	run vdom-stats --balloon web1
	grep -qx '  balloon.current=16384' <<<"$output"
	[ "$(mem_of web1 --inactive)" = 65536 ]
}

@test "vdom-setmem: --live --config changes both; a new start keeps it" {
	vdom-start web1 >/dev/null
	run vdom-setmem --live --config web1 40M
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(mem_of web1)" = 40960 ]
	[ "$(mem_of web1 --inactive)" = 40960 ]
	vdom-destroy web1 >/dev/null
	vdom-start web1 >/dev/null
	run vdom-memstat web1
	[ "${lines[0]}" = "actual 40960" ]
}

@test "vdom-setmem: --config on a running guest leaves the live balloon" {
	vdom-start web1 >/dev/null
	run vdom-setmem --config web1 20M
	[ "$output" = changed ]
	run vdom-memstat web1
	[ "${lines[0]}" = "actual 65536" ]
	[ "$(mem_of web1 --inactive)" = 20480 ]
}

@test "vdom-setmem: more than the maximum memory is one line, exit 1, nothing changed" {
	vdom-start web1 >/dev/null
	before=$(vdom-dumpxml web1; vdom-dumpxml --inactive web1)
	run --separate-stderr vdom-setmem --live --config web1 65537
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "vdom-setmem: web1: cannot set memory higher than max memory (65537 KiB > 65536 KiB)" ]
	[ "$(vdom-dumpxml web1; vdom-dumpxml --inactive web1)" = "$before" ]
}

@test "vdom-setmem: --check says changed and changes nothing" {
	vdom-start web1 >/dev/null
	run vdom-setmem --check web1 8M
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-memstat web1
	[ "${lines[0]}" = "actual 65536" ]
}

@test "vdom-setmem: errors: no guest, not running, 0, no balloon; usage errors exit 2" {
	run --separate-stderr vdom-setmem nosuch 1M
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setmem: nosuch: no such domain" ]
	run --separate-stderr vdom-setmem --live web1 1M
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setmem: web1: domain is not running" ]
	run --separate-stderr vdom-setmem web1 0
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setmem: web1: memory size must be greater than 0" ]
	set_xml nob 64 1 "" "<memballoon model='none'/>" | vdom-define >/dev/null
	vdom-start nob >/dev/null
	run --separate-stderr vdom-setmem nob 32M
	[ "$status" -eq 1 ]
	[[ "$stderr" == "vdom-setmem: nob: cannot change the memory of a running guest without a balloon"* ]]
	[ "${#stderr_lines[@]}" -eq 1 ]
	run --separate-stderr vdom-setmem web1 12X
	[ "$status" -eq 2 ]
	[ "$stderr" = "vdom-setmem: size '12X': unknown unit 'X'" ]
	run vdom-setmem --current --config web1 1M
	[ "$status" -eq 2 ]
	run vdom-setmem web1
	[ "$status" -eq 2 ]
	[ "$(mem_of web1 --inactive)" = 65536 ]
}

# ---- vdom-setmaxmem ----

@test "vdom-setmaxmem: the config's <memory> changes; a <currentMemory> above comes down" {
	vdom-setmem web1 48M >/dev/null
	run vdom-setmaxmem web1 128M
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-dumpxml web1
	[ "$(tagval memory)" = 131072 ]
	[ "$(tagval currentMemory)" = 49152 ]
	run vdom-setmaxmem --config web1 32M
	[ "$output" = changed ]
	run vdom-dumpxml web1
	[ "$(tagval memory)" = 32768 ]
	[ "$(mem_of web1)" = 32768 ]
	run vdom-setmaxmem web1 32M
	[ "$output" = unchanged ]
}

@test "vdom-setmaxmem: a running guest is refused live, its config changes with --config" {
	vdom-start web1 >/dev/null
	before=$(vdom-dumpxml web1)
	for opt in --live --current ""; do
		run --separate-stderr vdom-setmaxmem $opt web1 128M
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[[ "$stderr" == "vdom-setmaxmem: web1: cannot resize the maximum memory of a running guest"* ]]
	done
	[ "$(vdom-dumpxml web1)" = "$before" ]
	run vdom-setmaxmem --config web1 128M
	[ "$output" = changed ]
	run vdom-dumpxml --inactive web1
	[ "$(tagval memory)" = 131072 ]
	[ "$(vdom-dumpxml web1)" = "$before" ]
	# the new room is there from the next start, and setmem can use it
	vdom-destroy web1 >/dev/null
	vdom-start web1 >/dev/null
	run vdom-setmem web1 100M
	[ "$output" = changed ]
	run vdom-memstat web1
	[ "${lines[0]}" = "actual 102400" ]
}

@test "vdom-setmaxmem: above <maxMemory>, or 0, is an error that changes nothing" {
	cat <<'XML' | vdom-define >/dev/null
<domain type='qemu'>
  <name>hp</name>
  <maxMemory slots='4' unit='MiB'>256</maxMemory>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <cpu><numa><cell id='0' cpus='0' memory='64' unit='MiB'/></numa></cpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
XML
	before=$(vdom-dumpxml hp)
	run --separate-stderr vdom-setmaxmem hp 512M
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setmaxmem: hp: memory 524288 KiB is above maxMemory (262144 KiB)" ]
	run --separate-stderr vdom-setmaxmem hp 0
	[ "$status" -eq 1 ]
	[ "$(vdom-dumpxml hp)" = "$before" ]
}

# ---- vdom-setvcpus ----

@test "vdom-setvcpus: a running guest's vCPUs go down and up, its config stays" {
	vdom-start web1 >/dev/null
	run vdom-setvcpus web1 1
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(vdom-vcpuinfo web1 | grep -c '^VCPU')" = 1 ]
	run vdom-stats --vcpu web1
	grep -qx '  vcpu.current=1' <<<"$output"
	grep -qx '  vcpu.maximum=2' <<<"$output"
	run vdom-setvcpus --live web1 2
	[ "$output" = changed ]
	[ "$(vdom-vcpuinfo web1 | grep -c '^VCPU')" = 2 ]
	run vdom-setvcpus web1 2
	[ "$output" = unchanged ]
	run vdom-dumpxml --inactive web1
	grep -q "<vcpu placement='static'>2</vcpu>" <<<"$output"
}

@test "vdom-setvcpus: --config sets current; --maximum --config the maximum" {
	run vdom-setvcpus --config web1 1
	[ "$output" = changed ]
	run vdom-dumpxml web1
	grep -q "<vcpu placement='static' current='1'>2</vcpu>" <<<"$output"
	run vdom-setvcpus --maximum --config web1 8
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-dumpxml web1
	grep -q "<vcpu placement='static' current='1'>8</vcpu>" <<<"$output"
	vdom-setvcpus --config web1 8 >/dev/null
	# a maximum below the count online takes it down with it
	run vdom-setvcpus --maximum --config web1 4
	[ "$output" = changed ]
	run vdom-dumpxml web1
	grep -q "<vcpu placement='static'>4</vcpu>" <<<"$output"
}

@test "vdom-setvcpus: above the maximum is one line, exit 1, nothing changed" {
	vdom-start web1 >/dev/null
	before=$(vdom-dumpxml web1; vdom-dumpxml --inactive web1)
	run --separate-stderr vdom-setvcpus web1 3
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "vdom-setvcpus: web1: requested vcpus is greater than max allowable vcpus for the live domain: 3 > 2" ]
	run --separate-stderr vdom-setvcpus --config web1 3
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setvcpus: web1: requested vcpus is greater than max allowable vcpus for the persistent domain: 3 > 2" ]
	[ "$(vdom-dumpxml web1; vdom-dumpxml --inactive web1)" = "$before" ]
}

@test "vdom-setvcpus: --maximum: not live, not without --config, not against the topology" {
	vdom-start web1 >/dev/null
	run --separate-stderr vdom-setvcpus --maximum --live --config web1 4
	[ "$status" -eq 1 ]
	[[ "$stderr" == "vdom-setvcpus: web1: the maximum vcpu count of a running guest cannot be changed"* ]]
	run --separate-stderr vdom-setvcpus --maximum web1 4
	[ "$status" -eq 2 ]
	[ "$stderr" = "vdom-setvcpus: --maximum needs --config" ]
	run vdom-setvcpus web1 0
	[ "$status" -eq 2 ]
	cat <<'XML' | vdom-define >/dev/null
<domain type='qemu'>
  <name>topo</name>
  <memory unit='MiB'>64</memory>
  <vcpu>4</vcpu>
  <cpu><topology sockets='1' cores='2' threads='2'/></cpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
XML
	before=$(vdom-dumpxml topo)
	run --separate-stderr vdom-setvcpus --maximum --config topo 6
	[ "$status" -eq 1 ]
	[[ "$stderr" == "vdom-setvcpus: topo: the CPU topology holds 4 vCPUs, not 6"* ]]
	[ "$(vdom-dumpxml topo)" = "$before" ]
}

# ---- drivers without the live change ----

@test "vdom-setmem, vdom-setvcpus: xen says unsupported live in one line; --config works" {
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	export XL_STATE=$SCRATCH/xl VIRTCORE_URI=xen:///session
	mkdir -p "$XDG_RUNTIME_DIR"
	PATH=$VC_TOP/tests/fixtures:$PATH
	cat <<'XML' | vdom-define >/dev/null
<domain type='xen'>
  <name>x1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64' machine='xenpv'>linux</type><kernel>/boot/vmlinuz</kernel></os>
</domain>
XML
	vdom-start x1 >/dev/null
	run --separate-stderr vdom-setmem x1 128M
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setmem: x1: live setmem is unsupported by the xen driver" ]
	run --separate-stderr vdom-setvcpus --live x1 1
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setvcpus: x1: live setvcpus is unsupported by the xen driver" ]
	run vdom-setmem --config x1 128M
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-dumpxml --inactive x1
	grep -q "<currentMemory unit='KiB'>131072</currentMemory>" <<<"$output"
}

@test "vdom-setmem: a driver that keeps its own inventory (vbox) says unsupported" {
	[ -x /usr/bin/python3 ] || skip "python3 is needed by the VBoxManage stand-in"
	export VBOX_USER_HOME=$SCRATCH/vbox VIRTCORE_URI=vbox:///session
	mkdir -p "$VBOX_USER_HOME"
	PATH=$VC_TOP/tests/fixtures:$PATH
	printf "<domain type='vbox'><name>v1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>\n" | vdom-define >/dev/null
	run --separate-stderr vdom-setmem v1 32M
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setmem: v1: setmem is unsupported by the vbox driver" ]
	run --separate-stderr vdom-setvcpus --config v1 1
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setvcpus: v1: setvcpus is unsupported by the vbox driver" ]
	run --separate-stderr vdom-setmaxmem --config v1 128M
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-setmaxmem: v1: setmaxmem is unsupported by the vbox driver" ]
}

@test "vsh: setmem, setmaxmem, setvcpus run the tools" {
	run vsh setmem web1 24M
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(mem_of web1)" = 24576 ]
	run vsh setvcpus --config web1 1
	[ "$output" = changed ]
	run vsh setmaxmem web1 96M
	[ "$output" = changed ]
}
