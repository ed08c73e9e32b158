#!/usr/bin/env bats
# vdom-sendkey, vdom-screenshot: on the test driver (the simulated
# keyboard records its keys in the state dir; its screen is a small PPM)
# and on QEMU with a real TCG guest (QMP send-key: Ctrl+Alt+Del reboots
# it; QMP screendump: the VGA's text mode picture)
load common
bats_require_minimum_version 1.5.0

QEMU_BIN=qemu-system-x86_64

setup() {
	vc_scratch
	cat <<'XML' | vdom-define >/dev/null
<domain type='qemu'>
  <name>web1</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices><video><model type='vga'/></video></devices>
</domain>
XML
}

teardown() {
	# a QEMU test that failed half way leaves no guest behind
	[ "$VIRTCORE_URI" != qemu:///session ] || vdom-destroy kb >/dev/null 2>&1 || true
	vc_cleanup
}

# "W H" of a binary PPM whose header and size are right, else nothing
ppm_size() {
	python3 - "$1" <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", d)
if m and int(m.group(3)) == 255 and len(d) - m.end() == int(m.group(1)) * int(m.group(2)) * 3:
    print(int(m.group(1)), int(m.group(2)))
PY
}

# ---- the test driver ----

@test "vdom-sendkey: the simulated guest gets the keys, by name or number in any codeset" {
	vdom-start web1 >/dev/null
	run vdom-sendkey web1 KEY_LEFTCTRL KEY_LEFTALT KEY_DELETE
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run vdom-sendkey --codeset xt_kbd --holdtime 50 web1 0x11c 30
	[ "$status" -eq 0 ]
	run vdom-sendkey --codeset usb web1 4
	run vdom-sendkey --codeset qnum web1 0xd3
	run vdom-sendkey --codeset win32 web1 0x41
	run vdom-sendkey --codeset atset2 web1 28
	run vdom-sendkey --codeset os_x web1 0
	[ "$status" -eq 0 ]
	run cat "$SCRATCH/sendkey/web1"
	[ "${lines[0]}" = "KEY_LEFTCTRL KEY_LEFTALT KEY_DELETE holdtime=0" ]
	[ "${lines[1]}" = "KEY_KPENTER KEY_A holdtime=50" ]
	[ "${lines[2]}" = "KEY_A holdtime=0" ]
	[ "${lines[3]}" = "KEY_DELETE holdtime=0" ]
	[ "${lines[4]}" = "KEY_A holdtime=0" ]
	[ "${lines[5]}" = "KEY_A holdtime=0" ]
	[ "${lines[6]}" = "KEY_A holdtime=0" ]
	[ "${#lines[@]}" -eq 7 ]
}

@test "vdom-sendkey: a bad name, a 17th key, a key twice, a shut-off guest: one line, exit 1, no key sent" {
	run --separate-stderr vdom-sendkey web1 KEY_A
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-sendkey: web1: domain is not running" ]
	vdom-start web1 >/dev/null
	run --separate-stderr vdom-sendkey web1 KEY_A KEY_NOPE
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-sendkey: keycode 'KEY_NOPE': no such key name (KEY_A, KEY_LEFTCTRL, ...)" ]
	run --separate-stderr vdom-sendkey web1 $(seq 2 18)
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-sendkey: 17 keycodes: at most 16 keys can be sent together" ]
	run --separate-stderr vdom-sendkey web1 30 KEY_A
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-sendkey: keycode 'KEY_A': given twice" ]
	run --separate-stderr vdom-sendkey --codeset xt web1 0x60
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-sendkey: keycode 0x60: no such key in the xt codeset" ]
	run --separate-stderr vdom-sendkey --codeset usb web1 KEY_A
	[ "$status" -eq 1 ]
	[[ "$stderr" == "vdom-sendkey: keycode 'KEY_A': key names are those of the linux codeset"* ]]
	run --separate-stderr vdom-sendkey --codeset dvorak web1 1
	[ "$status" -eq 2 ]
	[[ "$stderr" == "vdom-sendkey: --codeset dvorak: not one of linux, xt,"* ]]
	run --separate-stderr vdom-sendkey web1 nope
	[ "$status" -eq 1 ]
	run --separate-stderr vdom-sendkey web1
	[ "$status" -eq 2 ]
	[ ! -e "$SCRATCH/sendkey/web1" ]
}

@test "vdom-screenshot: the simulated screen is a valid PPM, named as virsh names it" {
	vdom-start web1 >/dev/null
	cd "$SCRATCH"
	run --separate-stderr vdom-screenshot web1
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^web1-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{2}:[0-9]{2}:[0-9]{2}\.ppm$ ]]
	[ "$(ppm_size "$output")" = "64 48" ]
	run vdom-screenshot web1 "$SCRATCH/shot.ppm"
	[ "$status" -eq 0 ]
	[ "$output" = "$SCRATCH/shot.ppm" ]
	[ "$(ppm_size "$SCRATCH/shot.ppm")" = "64 48" ]
	# nothing of the hypervisor's temporary file is left
	[ -z "$(ls -A "$SCRATCH/run" | grep screenshot)" ]
}

@test "vdom-screenshot: a shut-off guest, a screen it lacks, no video: one line, exit 1, no file" {
	cd "$SCRATCH"
	run --separate-stderr vdom-screenshot web1 a.ppm
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-screenshot: web1: domain is not running" ]
	vdom-start web1 >/dev/null
	run --separate-stderr vdom-screenshot --screen 1 web1 a.ppm
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-screenshot: web1: no screen 1: the guest has 1 (0 to 0)" ]
	vc_guest_xml novideo | vdom-define >/dev/null
	vdom-start novideo >/dev/null
	run --separate-stderr vdom-screenshot novideo a.ppm
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-screenshot: novideo: the guest has no video device to take a screenshot of" ]
	[ ! -e a.ppm ]
}

@test "vdom-screenshot --screen: a second head of a multi-head video device" {
	cat <<'XML' | vdom-define >/dev/null
<domain type='qemu'>
  <name>duo</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices><video><model type='virtio' heads='2'/></video></devices>
</domain>
XML
	vdom-start duo >/dev/null
	run vdom-screenshot --screen 1 duo "$SCRATCH/h1.ppm"
	[ "$status" -eq 0 ]
	[ "$(ppm_size "$SCRATCH/h1.ppm")" = "64 48" ]
	run vdom-screenshot --screen 2 duo "$SCRATCH/h2.ppm"
	[ "$status" -eq 1 ]
}

@test "vsh: send-key and screenshot run the tools" {
	vdom-start web1 >/dev/null
	run vsh send-key web1 KEY_ENTER
	[ "$status" -eq 0 ]
	[ "$(cat "$SCRATCH/sendkey/web1")" = "KEY_ENTER holdtime=0" ]
	run vsh screenshot web1 "$SCRATCH/v.ppm"
	[ "$status" -eq 0 ]
	[ "$output" = "$SCRATCH/v.ppm" ]
}

@test "vdom-sendkey, vdom-screenshot: a driver without them says unsupported" {
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	export XL_STATE=$SCRATCH/xl VIRTCORE_URI=xen:///session
	mkdir -p "$XDG_RUNTIME_DIR"
	PATH=$VC_TOP/tests/fixtures:$PATH
	printf "<domain type='xen'><name>x1</name><memory unit='MiB'>256</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='xenpv'>linux</type><kernel>/boot/vmlinuz</kernel></os></domain>\n" | vdom-define >/dev/null
	run --separate-stderr vdom-sendkey x1 KEY_A
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-sendkey: x1: send-key is unsupported by the xen driver" ]
	run --separate-stderr vdom-screenshot x1 a.ppm
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-screenshot: x1: screenshot is unsupported by the xen driver" ]
}

# ---- QEMU, a real TCG guest ----

qemu_setup() {
	command -v $QEMU_BIN >/dev/null || skip "$QEMU_BIN is not installed"
	command -v python3 >/dev/null || skip "python3 is not installed"
	local out
	out=$(sh "$VC_TOP/tests/fixtures/mkguest" "$VC_TOP/build/guest") || skip "mkguest failed"
	KERNEL=$(echo "$out" | sed -n 1p) INITRD=$(echo "$out" | sed -n 2p)
	mkdir -p "$SCRATCH/q/run" "$SCRATCH/q/cfg" "$SCRATCH/q/state"
	export XDG_RUNTIME_DIR=$SCRATCH/q/run XDG_CONFIG_HOME=$SCRATCH/q/cfg
	export XDG_STATE_HOME=$SCRATCH/q/state VIRTCORE_URI=qemu:///session
	RUNDIR=$XDG_RUNTIME_DIR/virtcore/qemu
	cat >"$SCRATCH/kb.xml" <<XML
<domain type='qemu'>
  <name>kb</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$KERNEL</kernel>
    <initrd>$INITRD</initrd>
    <cmdline>console=ttyS0 quiet panic=-1</cmdline>
  </os>
  <devices>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <video><model type='vga'/></video>
  </devices>
</domain>
XML
	vdom-define "$SCRATCH/kb.xml" >/dev/null
}

qemu_teardown() {
	vdom-destroy kb >/dev/null 2>&1 || true
}

# the guest printed its marker at least $2 times; polled up to $1 s
markers() {
	local i=0
	while [ $i -lt $(($1 * 10)) ]; do
		[ "$(vdom-console --log kb 2>/dev/null | grep -c VIRTCORE-GUEST-UP)" -ge "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# QMP, straight to the guest's monitor: screendump to $2, then print "W H"
qmp_screendump() {
	python3 - "$RUNDIR/kb.qmp" "$2" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rw")
f.readline()
for cmd in ({"execute": "qmp_capabilities"},
            {"execute": "screendump", "arguments": {"filename": sys.argv[2]}}):
    f.write(json.dumps(cmd) + "\n"); f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            break
    if "error" in r:
        sys.exit(r["error"]["desc"])
PY
}

@test "vdom-sendkey on QEMU: Ctrl+Alt+Del through QMP send-key reboots the TCG guest" {
	qemu_setup
	run --separate-stderr vdom-sendkey kb KEY_A
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-sendkey: kb: domain is not running" ]
	vdom-start kb >/dev/null
	markers 120 1
	VIRTCORE_QMP_LOG=$SCRATCH/qmp.log run vdom-sendkey --holdtime 20 kb KEY_LEFTCTRL KEY_LEFTALT KEY_DELETE
	[ "$status" -eq 0 ]
	# linux codes 29 56 111 went as QEMU's qnums 0x1d 0x38 0xd3 (e0 53)
	grep -q '"execute":"send-key","arguments":{"keys":\[{"type":"number","data":29},{"type":"number","data":56},{"type":"number","data":211}\],"hold-time":20}' "$SCRATCH/qmp.log"
	# the guest's kernel took the keys: it restarts and says so again
	markers 120 2
	[ "$(vdom-state kb)" = running ]
	qemu_teardown
}

@test "vdom-screenshot on QEMU: screendump gives a valid PPM of the size QEMU's VGA shows" {
	qemu_setup
	vdom-start kb >/dev/null
	markers 120 1
	cd "$SCRATCH"
	run --separate-stderr vdom-screenshot kb
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^kb-[0-9-]+-[0-9:]+\.ppm$ ]]
	got=$(ppm_size "$output")
	[ -n "$got" ]
	# QEMU's own screendump of the same console, straight through QMP
	qmp_screendump kb "$SCRATCH/direct.ppm"
	[ "$(ppm_size "$SCRATCH/direct.ppm")" = "$got" ]
	# the VGA text mode the guest's console is in: 80x25 cells of 9x16
	[ "$got" = "720 400" ]
	run vdom-screenshot kb "$SCRATCH/sub/none.ppm"
	[ "$status" -eq 1 ]
	[ -z "$(ls -A "$RUNDIR" | grep screenshot)" ]
	run --separate-stderr vdom-screenshot --screen 1 kb x.ppm
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-screenshot: kb: no screen 1: the guest has 1 (0 to 0)" ]
	qemu_teardown
}
