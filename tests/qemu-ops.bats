#!/usr/bin/env bats
# qemu-ops.bats: the guest operations on real TCG guests: statistics
# through QMP, memory and vCPU changes, save and restore, keys,
# screenshots, snapshots
load common

QEMU_BIN=qemu-system-x86_64

vq() {
	ip netns exec "$NS" "$@"
}

# wait up to $1 seconds for a command to succeed (polling, never a fixed sleep)
wait_for() {
	local t=$1 i=0
	shift
	while [ $i -lt $((t * 10)) ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

console_has() {
	vq vdom-console --log "$1" 2>/dev/null | grep -q "$2"
}

# type a line on the guest's console; its /init answers VIRTCORE-ECHO LINE
console_say() {
	printf '%s\n' "$2" | vq vdom-console "$1" >/dev/null 2>&1 &
	local p=$!
	wait_for 60 console_has "$1" "VIRTCORE-ECHO $2"
	local r=$?
	kill $p 2>/dev/null
	wait $p 2>/dev/null
	return $r
}

# the guest answers on its console: a fresh word comes back
answers() {
	console_say "$1" "ping-$RANDOM$RANDOM"
}

# guest XML: name, disk file, disk format
guest_xml() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>192</memory>
  <currentMemory unit='MiB'>192</currentMemory>
  <vcpu current='1'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$KERNEL</kernel>
    <initrd>$INITRD</initrd>
    <cmdline>console=ttyS0 quiet panic=-1</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='${3:-raw}'/>
      <source file='$2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='bridge'><source bridge='br0'/><model type='virtio'/></interface>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <memballoon model='virtio'/>
  </devices>
</domain>
XML
}

# QMP, straight to the guest's monitor, for checks the tools do not make
qmp() {
	local sock=$RUNDIR/$1.qmp
	python3 - "$sock" "$2" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rw")
f.readline()
for cmd in ({"execute": "qmp_capabilities"}, {"execute": sys.argv[2]}):
    f.write(json.dumps(cmd) + "\n"); f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            break
print(json.dumps(r.get("return", r)))
PY
}

setup_file() {
	command -v $QEMU_BIN >/dev/null || skip "$QEMU_BIN is not installed"
	command -v python3 >/dev/null || skip "python3 is not installed"
	local out
	out=$(sh "$VC_TOP/tests/fixtures/mkguest" "$VC_TOP/build/guest") || skip "mkguest failed"
	export KERNEL=$(echo "$out" | sed -n 1p) INITRD=$(echo "$out" | sed -n 2p)
	QT=$(mktemp -d /tmp/vcops.XXXXXX)
	mkdir -p "$QT/run" "$QT/cfg" "$QT/state"
	export QT XDG_RUNTIME_DIR=$QT/run XDG_CONFIG_HOME=$QT/cfg XDG_STATE_HOME=$QT/state HOME=$QT
	export VIRTCORE_URI=qemu:///session RUNDIR=$QT/run/virtcore/qemu
	export NS=vcops$$
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	ip -n "$NS" link add br0 type bridge
	ip -n "$NS" link set br0 up
	# one guest for the tests that only look, booted once
	truncate -s 16M "$QT/og.img"
	guest_xml og "$QT/og.img" > "$QT/og.xml"
	vq vdom-define "$QT/og.xml" >/dev/null
	vq vdom-start og >/dev/null
	wait_for 120 console_has og VIRTCORE-GUEST-UP
}

teardown_file() {
	local n
	if [ -n "${NS:-}" ]; then
		for n in $(vq vdom-list --name 2>/dev/null); do
			vq vdom-destroy "$n" >/dev/null 2>&1 || true
		done
		for n in "$RUNDIR"/*.pid; do
			[ -f "$n" ] && kill "$(cut -d' ' -f1 "$n")" 2>/dev/null
		done
		ip netns del "$NS" 2>/dev/null || true
	fi
	[ -n "${QT:-}" ] && rm -rf "$QT"
	true
}

val() {
	printf '%s\n' "$output" | sed -n "s/^  $1=//p"
}

@test "vdom-stats: a running TCG guest's counters come from QMP, /proc and its tap" {
	run vq vdom-stats og
	[ "$status" -eq 0 ]
	vc_no_sanitizer_report
	[ "$(val state.state)" = 1 ]
	[ "$(val cpu.time)" -gt 0 ]
	[ "$(val balloon.maximum)" = 196608 ]
	[ "$(val balloon.current)" = 196608 ]
	[ "$(val balloon.rss)" -gt 1000 ]
	[ "$(val vcpu.current)" = 1 ]
	[ "$(val vcpu.maximum)" = 2 ]
	[ "$(val vcpu.0.state)" = 1 ]
	[ -n "$(val vcpu.0.time)" ]
	[[ "$(val net.0.name)" == vnet* ]]
	[ -n "$(val net.0.tx.bytes)" ]
	[ "$(val block.0.name)" = vda ]
	[ "$(val block.0.capacity)" = 16777216 ]
	# the guest's virtio_blk read the disk at boot: QEMU counted it
	[ "$(val block.0.rd.reqs)" -gt 0 ]
	[ "$(val block.0.rd.bytes)" -gt 0 ]
}

@test "vdom-vcpuinfo, vdom-memstat: QEMU's vCPU thread and balloon" {
	run vq vdom-vcpuinfo --json og
	[ "$status" -eq 0 ]
	tid=$(printf '%s' "$output" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["thread"])')
	want=$(qmp og query-cpus-fast | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["thread-id"])')
	[ "$tid" = "$want" ]
	[ -d "/proc/$(cut -d' ' -f1 "$RUNDIR/og.pid")/task/$tid" ]
	run vq vdom-memstat og
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "actual 196608" ]
	run vq vdom-blklist og
	[ "$output" = "$(printf 'vda\t%s' "$QT/og.img")" ]
	run vq vdom-iflist og
	[[ "$output" == vnet*"	bridge	br0	virtio	52:54:00:"* ]]
}
