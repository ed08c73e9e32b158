#!/usr/bin/env bats
# vdom-stats, vdom-blklist, vdom-iflist, vdom-memstat, vdom-vcpuinfo on
# the test driver: counters simulated from the CPU time a guest has had
load common

# a guest with a disk (a real file, so its size is known) and a NIC
stats_xml() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <currentMemory unit='MiB'>192</currentMemory>
  <vcpu current='2'>4</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$SCRATCH/$1.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='hdc' bus='ide'/>
    </disk>
    <interface type='bridge'>
      <mac address='52:54:00:aa:bb:0$2'/>
      <source bridge='br0'/>
      <target dev='tap$1'/>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
XML
}

setup() {
	vc_scratch
	truncate -s 8M "$SCRATCH/web1.img"
	stats_xml web1 1 | vdom-define >/dev/null
	stats_xml db1 2 | vdom-define >/dev/null
}
teardown() { vc_cleanup; }

# the value of KEY in vdom-stats output ($output)
val() {
	printf '%s\n' "$output" | sed -n "s/^  $1=//p"
}

@test "vdom-stats: every guest in one pass; a shut-off guest shows its config" {
	vdom-start web1
	run vdom-stats
	[ "$status" -eq 0 ]
	vc_no_sanitizer_report
	[ "${lines[0]}" = "Domain: 'db1'" ]
	printf '%s\n' "$output" | grep -q "^Domain: 'web1'$"
	# db1 first, shut off: state 5, no cpu or counters
	db=$(printf '%s\n' "$output" | sed -n "/^Domain: 'db1'/,/^$/p")
	[[ "$db" == *"state.state=5"* ]]
	[[ "$db" != *"cpu.time"* ]]
	[[ "$db" == *"balloon.current=196608"* ]]
	[[ "$db" == *"balloon.maximum=262144"* ]]
	[[ "$db" == *"vcpu.current=2"* ]]
	[[ "$db" == *"vcpu.maximum=4"* ]]
	[[ "$db" != *"rd.reqs"* ]]
	web=$(printf '%s\n' "$output" | sed -n "/^Domain: 'web1'/,/^$/p")
	[[ "$web" == *"state.state=1"* ]]
	[[ "$web" == *"cpu.time="* ]]
	[[ "$web" == *"vcpu.0.state=1"* ]]
	[[ "$web" == *"vcpu.1.time="* ]]
	[[ "$web" != *"vcpu.2."* ]]
	[[ "$web" == *"net.count=1"* ]]
	[[ "$web" == *"net.0.name=tapweb1"* ]]
	[[ "$web" == *"net.0.rx.bytes="* ]]
	[[ "$web" == *"block.count=2"* ]]
	[[ "$web" == *"block.0.name=vda"* ]]
	[[ "$web" == *"block.0.path=$SCRATCH/web1.img"* ]]
	[[ "$web" == *"block.0.capacity=8388608"* ]]
	[[ "$web" == *"block.1.name=hdc"* ]]
	[[ "$web" != *"block.1.path"* ]]
	[[ "$web" != *"block.1.rd.reqs"* ]]
}

@test "vdom-stats: counters grow while running and stand still while paused" {
	vdom-start web1
	run vdom-stats --block web1
	a=$(val block.0.rd.reqs)
	# poll until the simulated guest has done more I/O
	for i in $(seq 100); do
		run vdom-stats --block web1
		[ "$(val block.0.rd.reqs)" -gt "$a" ] && break
		sleep 0.05
	done
	[ "$(val block.0.rd.reqs)" -gt "$a" ]
	vdom-suspend web1
	run vdom-stats --cpu-total web1
	t=$(val cpu.time)
	run vdom-stats --cpu-total web1
	[ "$(val cpu.time)" = "$t" ]
	run vdom-stats --state web1
	[ "$(val state.state)" = 3 ]
}

@test "vdom-stats: groups select keys; --list-* select guests" {
	vdom-start web1
	run vdom-stats --state --balloon
	[ "$status" -eq 0 ]
	! printf '%s\n' "$output" | grep -q -e vcpu -e net -e block -e cpu.time
	printf '%s\n' "$output" | grep -q "balloon.maximum"
	run vdom-stats --list-running --state
	[ "$output" = "$(printf "Domain: 'web1'\n  state.state=1")" ]
	run vdom-stats --list-shutoff --state
	[ "${lines[0]}" = "Domain: 'db1'" ]
	run vdom-stats --list-inactive --state
	[ "${lines[0]}" = "Domain: 'db1'" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "vdom-stats --json: an array of objects with the same keys, numbers as numbers" {
	command -v python3 >/dev/null || skip "python3 not installed"
	vdom-start web1
	run vdom-stats --json
	[ "$status" -eq 0 ]
	printf '%s' "$output" | python3 -c '
import json, sys
v = json.load(sys.stdin)
assert [d["name"] for d in v] == ["db1", "web1"], v
w = v[1]
assert w["state.state"] == 1 and isinstance(w["cpu.time"], int)
assert w["block.0.name"] == "vda" and w["net.0.name"] == "tapweb1"
assert w["balloon.maximum"] == 262144
'
}

@test "vdom-stats: a named guest that does not exist fails naming it, nothing printed" {
	run vdom-stats web1 nosuch
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-stats: nosuch: no such domain" ]
	run vdom-stats --list-running web1
	[ "$status" -eq 2 ]
	run vdom-stats --bogus
	[ "$status" -eq 2 ]
}

@test "vdom-stats: a corrupt stored config is a one-line error" {
	echo '<domain><name>db1' > "$SCRATCH/conf/db1.xml"
	run vdom-stats
	[ "$status" -eq 1 ]
	[[ "$output" == "vdom-stats: "*"db1.xml: not well-formed XML" ]]
	[ "${#lines[@]}" -eq 1 ]
}

@test "vdom-blklist: target and source; --details adds type and device" {
	run vdom-blklist web1
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'vda\t%s' "$SCRATCH/web1.img")" ]
	[ "${lines[1]}" = "$(printf 'hdc\t-')" ]
	run vdom-blklist --details web1
	[ "${lines[0]}" = "$(printf 'file\tdisk\tvda\t%s' "$SCRATCH/web1.img")" ]
	[ "${lines[1]}" = "$(printf 'file\tcdrom\thdc\t-')" ]
	run vdom-blklist --json web1
	[[ "$output" == *'"target": "vda"'* ]]
	[[ "$output" == *'"source": null'* ]]
	run vdom-blklist nosuch
	[ "$status" -eq 1 ]; [ "$output" = "vdom-blklist: nosuch: no such domain" ]
	run vdom-blklist
	[ "$status" -eq 2 ]
}

@test "vdom-iflist: name, type, source, model, MAC" {
	run vdom-iflist web1
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'tapweb1\tbridge\tbr0\tvirtio\t52:54:00:aa:bb:01')" ]
	run vdom-iflist --json db1
	[[ "$output" == *'"mac": "52:54:00:aa:bb:02"'* ]]
	run vdom-iflist nosuch
	[ "$status" -eq 1 ]
}

@test "vdom-blklist --inactive: the persistent config of a running guest" {
	vdom-start web1
	printf "<disk type='file' device='disk'><source file='%s'/><target dev='vda' bus='virtio'/></disk>" \
		"$SCRATCH/web1.img" > "$SCRATCH/vda.xml"
	run vdom-detach-device --live web1 "$SCRATCH/vda.xml"
	[ "$status" -eq 0 ]
	run vdom-blklist web1
	[ "${#lines[@]}" -eq 1 ]
	run vdom-blklist --inactive web1
	[ "${#lines[@]}" -eq 2 ]
}

@test "vdom-memstat: actual, available, rss of a running guest; shut off is an error" {
	run vdom-memstat web1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-memstat: web1: domain is not running" ]
	vdom-start web1
	run vdom-memstat web1
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "actual 196608" ]
	[ "${lines[1]}" = "available 262144" ]
	[[ "${lines[2]}" == "rss "* ]]
	run vdom-memstat --json web1
	[[ "$output" == *'"actual": 196608'* ]]
}

@test "vdom-vcpuinfo: a block per vCPU; N/A when shut off" {
	run vdom-vcpuinfo web1
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'VCPU:\t0')" ]
	[ "${lines[1]}" = "$(printf 'CPU:\tN/A')" ]
	vdom-start web1
	run vdom-vcpuinfo web1
	[ "$(printf '%s\n' "$output" | grep -c '^VCPU:')" -eq 2 ]
	[ "$(printf '%s\n' "$output" | grep -c "^State:$(printf '\t')running$")" -eq 2 ]
	run vdom-vcpuinfo --json web1
	[[ "$output" == *'"state": "running"'* ]]
	run vdom-vcpuinfo nosuch
	[ "$status" -eq 1 ]
}
