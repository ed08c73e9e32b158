# qemu.bats: the qemu driver: argv goldens, and real TCG guests started, watched and stopped
load common

QEMU_BIN=qemu-system-x86_64

# every tool runs inside the test's network namespace, where its taps live
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

is_shut_off() {
	[ "$(vq vdom-state "$1")" = "shut off" ]
}

# guest XML: name, extra cmdline, extra devices
guest_xml() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='${MACHINE:-pc}'>hvm</type>
    <kernel>$KERNEL</kernel>
    <initrd>$INITRD</initrd>
    <cmdline>console=ttyS0 quiet panic=-1 $2</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    ${EMULATOR:+<emulator>$EMULATOR</emulator>}
    $3
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <memballoon model='none'/>
  </devices>
</domain>
XML
}

BRIDGE_IF="<interface type='bridge'><source bridge='br0'/><model type='virtio'/></interface>"

# no pid file, no socket, no tap: what a stopped or failed guest leaves
nothing_left() {
	local n=$1 f
	for f in pid qmp console.sock taps; do
		[ ! -e "$RUNDIR/$n.$f" ] || { echo "left behind: $RUNDIR/$n.$f"; return 1; }
	done
	if ip -n "$NS" -o link show type tun | grep .; then
		echo "a tap was left behind"
		return 1
	fi
}

no_link() {
	if ip -n "$NS" link show "$1" 2>/dev/null; then
		echo "$1 still there"
		return 1
	fi
}

setup_file() {
	command -v $QEMU_BIN >/dev/null || skip "$QEMU_BIN is not installed"
	local out
	out=$(sh "$VC_TOP/tests/fixtures/mkguest" "$VC_TOP/build/guest") || skip "mkguest failed"
	export KERNEL=$(echo "$out" | sed -n 1p) INITRD=$(echo "$out" | sed -n 2p)
	QT=$(mktemp -d /tmp/vcq.XXXXXX)
	mkdir -p "$QT/run" "$QT/cfg" "$QT/state"
	export QT XDG_RUNTIME_DIR=$QT/run XDG_CONFIG_HOME=$QT/cfg XDG_STATE_HOME=$QT/state HOME=$QT
	export VIRTCORE_URI=qemu:///session RUNDIR=$QT/run/virtcore/qemu
	export NS=vcq$$
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	ip -n "$NS" link add br0 type bridge
	ip -n "$NS" link set br0 up
}

teardown_file() {
	local n
	if [ -n "${NS:-}" ]; then
		for n in $(vq vdom-list --name 2>/dev/null); do
			vq vdom-destroy "$n" >/dev/null 2>&1 || true
		done
		# whatever a failed test left running: by its pid file, not by name
		for n in "$RUNDIR"/*.pid; do
			[ -f "$n" ] && kill "$(cut -d' ' -f1 "$n")" 2>/dev/null
		done
		ip netns del "$NS" 2>/dev/null || true
	fi
	[ -n "${QT:-}" ] && rm -rf "$QT"
	true
}

@test "vdom-to-native: argv goldens in tests/data/qemuargv" {
	local f out rd=$QT/gold
	for f in "$VC_TOP"/tests/data/qemuargv/*.xml; do
		out=$(XDG_RUNTIME_DIR=$rd vdom-to-native -c qemu:///session --format qemu-argv "$f" |
			sed "s|$rd/virtcore/qemu|@RUNDIR@|g")
		if [ "$out" != "$(cat "${f%.xml}.args")" ]; then
			diff -u "${f%.xml}.args" - <<<"$out" || true
			echo "golden mismatch: $f"
			return 1
		fi
	done
}

@test "vdom-to-native: --domain prints the defined guest's argv with PCI slots filled" {
	guest_xml tn "" "<interface type='user'><model type='virtio'/></interface>" > "$QT/tn.xml"
	vq vdom-define "$QT/tn.xml"
	run vq vdom-to-native --domain tn
	[ "$status" -eq 0 ]
	[[ "$output" == *"guest=tn"* ]]
	[[ "$output" == *"virtio-net-pci,netdev=hostnet0,id=net0,mac=52:54:00:"*",bus=pci.0,addr=0x2"* ]]
	vq vdom-undefine tn
}

@test "vdom-to-native: a file converts to the argv its defined guest gets (same post-parse)" {
	guest_xml tf "" "<interface type='user'><mac address='52:54:00:aa:bb:01'/><model type='virtio'/></interface>" |
		sed "s|<name>tf</name>|&<uuid>6e1f3a52-8f0c-4d5e-9a51-0c1d2e3f4a5b</uuid>|" > "$QT/tf.xml"
	run vq vdom-to-native --format qemu-argv "$QT/tf.xml"
	[ "$status" -eq 0 ]
	local file=$output
	vq vdom-define "$QT/tf.xml"
	run vq vdom-to-native --domain tf
	[ "$status" -eq 0 ]
	vq vdom-undefine tf
	if [ "$output" != "$file" ]; then
		diff -u <(echo "$file") <(echo "$output") || true
		return 1
	fi
	[[ "$(tr '\n' ' ' <<<"$file")" == *"-rtc base=utc "* ]]
}

@test "vdom-to-native: q35 with a user watchdog keeps ICH9's one action; two actions are refused" {
	MACHINE=q35 guest_xml wd "" "<watchdog model='i6300esb' action='poweroff'/>" > "$QT/wd.xml"
	run vq vdom-to-native --format qemu-argv "$QT/wd.xml"
	[ "$status" -eq 0 ]
	local argv
	argv=$(tr '\n' ' ' <<<"$output")
	[[ "$argv" == *"-device i6300esb,id=watchdog0,"* ]]
	[[ "$argv" == *"-global ICH9-LPC.noreboot=off "* ]]
	[ "$(grep -o -- '-action watchdog=[a-z]*' <<<"$argv")" = "-action watchdog=poweroff" ]
	MACHINE=q35 guest_xml wd2 "" "<watchdog model='i6300esb' action='poweroff'/><watchdog model='itco' action='reset'/>" > "$QT/wd2.xml"
	run vq vdom-to-native --format qemu-argv "$QT/wd2.xml"
	[ "$status" -ne 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *watchdog* ]]
}

@test "vdom-start: a TCG guest boots and vdom-console --log shows its marker" {
	guest_xml g1 "" "<interface type='user'><model type='virtio'/></interface>" > "$QT/g1.xml"
	vq vdom-define "$QT/g1.xml"
	run vq vdom-start g1
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(vq vdom-state g1)" = running ]
	wait_for 90 console_has g1 VIRTCORE-GUEST-UP
	# PCI addresses were written back into the persistent config
	vq vdom-dumpxml --inactive g1 | grep -q "<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>"
	run vq vdom-start g1
	[ "$output" = unchanged ]
}

@test "vdom-reset: system_reset boots the guest again (its marker twice), same id" {
	[ "$(vq vdom-state g1)" = running ] || skip "g1 is not running"
	id=$(vq vdom-list | cut -f1)
	run vq vdom-reset g1
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	two_boots() { [ "$(vq vdom-console --log g1 2>/dev/null | grep -c VIRTCORE-GUEST-UP)" -ge 2 ]; }
	wait_for 90 two_boots
	[ "$(vq vdom-state g1)" = running ]
	[ "$(vq vdom-list | cut -f1)" = "$id" ]
}

@test "vdom-destroy: kills the guest at once and leaves no pid file or socket" {
	[ "$(vq vdom-state g1)" = running ] || skip "g1 is not running"
	run vq vdom-destroy g1
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(vq vdom-state g1)" = "shut off" ]
	nothing_left g1
	# the console log stays for a post-mortem
	console_has g1 VIRTCORE-GUEST-UP
}

@test "confinement: a guest runs as qemu.conf's user, in a cgroup of its own, removed after" {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	mkdir -p "$XDG_CONFIG_HOME/virtcore/qemu"
	echo 'user = "nobody"' > "$XDG_CONFIG_HOME/virtcore/qemu/qemu.conf"
	guest_xml c1 "" "" | sed 's|<vcpu>|<memtune><hard_limit unit="MiB">512</hard_limit></memtune><vcpu>|' > "$QT/c1.xml"
	vq vdom-define "$QT/c1.xml"
	# outside the netns: `ip netns exec` mounts a fresh /sys without the cgroup mounts
	run vdom-start c1
	rm -f "$XDG_CONFIG_HOME/virtcore/qemu/qemu.conf"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	pid=$(cut -d' ' -f1 "$RUNDIR/c1.pid")
	wait_for 20 sh -c "[ \"\$(ps -o user= -p $pid)\" = nobody ]"
	cg=virtcore/qemu-session-0/c1
	grep -q ":cpu:/$cg\$" "/proc/$pid/cgroup"
	grep -q ":memory:/$cg\$" "/proc/$pid/cgroup"
	[ "$(cat "/sys/fs/cgroup/memory/$cg/memory.limit_in_bytes")" -eq $((512 * 1024 * 1024)) ]
	vdom-destroy c1
	[ ! -d "/sys/fs/cgroup/cpu/$cg" ]
	[ ! -d "/sys/fs/cgroup/memory/$cg" ]
	nothing_left c1
}

@test "confinement: a qemu.conf user that does not exist is a clear error, nothing left" {
	mkdir -p "$XDG_CONFIG_HOME/virtcore/qemu"
	echo 'user = "no-such-user-vc"' > "$XDG_CONFIG_HOME/virtcore/qemu/qemu.conf"
	guest_xml c2 "" "" | vq vdom-define >/dev/null
	run vq vdom-start c2
	rm -f "$XDG_CONFIG_HOME/virtcore/qemu/qemu.conf"
	if [ "$(id -u)" -ne 0 ]; then skip "only root drops to a user"; fi
	[ "$status" -eq 1 ]
	[[ "$output" == *"user 'no-such-user-vc' does not exist"* ]]
	nothing_left c2
}

@test "vdom-shutdown --timeout: the guest powers off through ACPI" {
	guest_xml g2 "" "" > "$QT/g2.xml"
	vq vdom-define "$QT/g2.xml"
	vq vdom-start g2
	wait_for 90 console_has g2 VIRTCORE-GUEST-UP
	run vq vdom-shutdown --timeout 20 g2
	[ "$status" -eq 0 ]
	[ "$(vq vdom-state g2)" = "shut off" ]
	console_has g2 VIRTCORE-GUEST-POWERDOWN
	nothing_left g2
}

@test "poll: a guest that powers itself off shows shut off and its tap is gone" {
	guest_xml g3 "vc.poweroff=1" "$BRIDGE_IF" > "$QT/g3.xml"
	vq vdom-define "$QT/g3.xml"
	vq vdom-start g3
	tap=$(vq vdom-dumpxml g3 | sed -n "s/.*<target dev='\([^']*\)'.*/\1/p")
	[ -n "$tap" ]
	wait_for 90 sh -c "ip netns exec $NS vdom-list --all | grep -q 'g3.*shut off'"
	no_link "$tap"
	nothing_left g3
}

@test "bridge: the tap is enslaved to the bridge while the guest runs, removed after" {
	guest_xml g4 "" "$BRIDGE_IF" > "$QT/g4.xml"
	vq vdom-define "$QT/g4.xml"
	vq vdom-start g4
	tap=$(vq vdom-dumpxml g4 | sed -n "s/.*<target dev='\([^']*\)'.*/\1/p")
	[ -n "$tap" ]
	ip -n "$NS" -o link show master br0 | grep -q ": $tap[:@]"
	# the persistent config keeps no generated tap name
	run vq vdom-dumpxml --inactive g4
	[[ "$output" != *"<target dev="* ]]
	vq vdom-destroy g4
	no_link "$tap"
	nothing_left g4
}

@test "vdom-start: a missing emulator is a clear error naming it, nothing left" {
	EMULATOR=/nonexistent/qemu-system-x86_64 guest_xml f1 "" "$BRIDGE_IF" > "$QT/f1.xml"
	vq vdom-define "$QT/f1.xml"
	run vq vdom-start f1
	[ "$status" -eq 1 ]
	[[ "$output" == *"/nonexistent/qemu-system-x86_64"* ]]
	is_shut_off f1
	nothing_left f1
}

@test "vdom-start: QEMU refusing an option reports QEMU's own line, nothing left" {
	MACHINE=bogus-machine guest_xml f2 "" "$BRIDGE_IF" > "$QT/f2.xml"
	vq vdom-define "$QT/f2.xml"
	run vq vdom-start f2
	[ "$status" -eq 1 ]
	[[ "$output" == *"qemu-system-x86_64: unsupported machine type"* ]] ||
		[[ "$output" == *"qemu-system-x86_64:"*"bogus-machine"* ]]
	is_shut_off f2
	nothing_left f2
}

@test "vdom-start: a tap that cannot be created is a clear error, nothing left" {
	# br0 exists and is no tap: TUNSETIFF refuses it
	guest_xml f3 "" "<interface type='bridge'><source bridge='br0'/><target dev='br0'/></interface>" > "$QT/f3.xml"
	vq vdom-define "$QT/f3.xml"
	run vq vdom-start f3
	[ "$status" -eq 1 ]
	[[ "$output" == *"tap br0"* ]]
	is_shut_off f3
	nothing_left f3
}

@test "vdom-start: a missing bridge removes the tap it made, nothing left" {
	guest_xml f4 "" "<interface type='bridge'><source bridge='nobr0'/></interface>" > "$QT/f4.xml"
	vq vdom-define "$QT/f4.xml"
	run vq vdom-start f4
	[ "$status" -eq 1 ]
	[[ "$output" == *"bridge nobr0: no such device"* ]]
	is_shut_off f4
	nothing_left f4
}

@test "vdom-define: type kvm without a usable /dev/kvm says so" {
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		skip "/dev/kvm works here"
	fi
	guest_xml k1 "" "" | sed "s/type='qemu'/type='kvm'/" > "$QT/k1.xml"
	run vq vdom-define "$QT/k1.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"/dev/kvm"* ]]
}

@test "attach/detach: a virtio disk goes into the running guest through QMP and out again" {
	guest_xml h1 "" "" > "$QT/h1.xml"
	vq vdom-define "$QT/h1.xml"
	vq vdom-start h1
	wait_for 90 console_has h1 VIRTCORE-GUEST-UP
	truncate -s 16M "$QT/disk1.img"
	cat > "$QT/disk1.xml" <<XML
<disk type='file' device='disk'>
  <driver name='qemu' type='raw'/>
  <source file='$QT/disk1.img'/>
  <target dev='vdb' bus='virtio'/>
</disk>
XML
	export VIRTCORE_QMP_LOG=$QT/qmp-h1.log
	run vq vdom-attach-device h1 "$QT/disk1.xml"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	grep -q '"execute":"blockdev-add","arguments":{"driver":"file","filename":"'"${QT//\//\\\\/}"'\\/disk1.img","node-name":"file-virtio-disk1"' "$VIRTCORE_QMP_LOG"
	grep -q '"execute":"device_add","arguments":{"driver":"virtio-blk-pci","drive":"drive-virtio-disk1","id":"virtio-disk1","bus":"pci.0","addr":"0x' "$VIRTCORE_QMP_LOG"
	# the live XML has it, with the slot it got; the persistent config does not
	vq vdom-dumpxml h1 | grep -q "<target dev='vdb' bus='virtio'/>"
	vq vdom-dumpxml h1 | grep -A3 "<target dev='vdb'" | grep -q "<address type='pci'"
	run vq vdom-dumpxml --inactive h1
	[[ "$output" != *"vdb"* ]]
	run vq vdom-attach-device h1 "$QT/disk1.xml"
	[ "$output" = unchanged ]
	: > "$VIRTCORE_QMP_LOG"
	run vq vdom-detach-device h1 "$QT/disk1.xml"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	grep -q '"event": "DEVICE_DELETED", "data": {"device": "virtio-disk1"' "$VIRTCORE_QMP_LOG"
	grep -q '"execute":"blockdev-del","arguments":{"node-name":"drive-virtio-disk1"}' "$VIRTCORE_QMP_LOG"
	run vq vdom-dumpxml h1
	[[ "$output" != *"vdb"* ]]
	run vq vdom-detach-device h1 "$QT/disk1.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"no such device: disk vdb"* ]]
}

@test "attach on q35: a disk goes to the spare root port, live and --config alike; none left is one line" {
	MACHINE=q35 guest_xml hq "" "" > "$QT/hq.xml"
	vq vdom-define "$QT/hq.xml"
	vq vdom-start hq
	wait_for 90 console_has hq VIRTCORE-GUEST-UP
	local n
	for n in b c; do
		truncate -s 16M "$QT/hq$n.img"
		cat > "$QT/hq$n.xml" <<XML
<disk type='file' device='disk'>
  <driver name='qemu' type='raw'/>
  <source file='$QT/hq$n.img'/>
  <target dev='vd$n' bus='virtio'/>
</disk>
XML
	done
	export VIRTCORE_QMP_LOG=$QT/qmp-hq.log
	run vq vdom-attach-device hq "$QT/hqb.xml" --live --config
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	# on a root port (pci.N), never on pcie.0, which takes no hotplug
	grep -q '"execute":"device_add","arguments":{"driver":"virtio-blk-pci","drive":"drive-virtio-disk1","id":"virtio-disk1","bus":"pci.[1-9][0-9]*","addr":"0x0"' "$VIRTCORE_QMP_LOG"
	local live conf
	live=$(vq vdom-dumpxml hq | grep -A3 "<target dev='vdb'" | grep "<address type='pci'")
	conf=$(vq vdom-dumpxml --inactive hq | grep -A3 "<target dev='vdb'" | grep "<address type='pci'")
	[ -n "$live" ]
	[ "$live" = "$conf" ]
	# the port it sits on is a pcie-root-port of the guest
	local bus
	bus=$(sed -n "s/.*bus='0x\([0-9a-f]*\)'.*/\1/p" <<<"$live")
	vq vdom-dumpxml hq | grep -q "<controller type='pci' index='$((16#$bus))' model='pcie-root-port'>"
	# no spare port is left: refused before QEMU hears of it
	: > "$VIRTCORE_QMP_LOG"
	run vq vdom-attach-device hq "$QT/hqc.xml" --live
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"no free pcie-root-port"* ]]
	! grep -q blockdev-add "$VIRTCORE_QMP_LOG"
	run vq vdom-dumpxml hq
	[[ "$output" != *"vdc"* ]]
	# detach gives the port back: the other disk takes it
	run vq vdom-detach-device hq "$QT/hqb.xml" --live
	[ "$status" -eq 0 ]
	run vq vdom-attach-device hq "$QT/hqc.xml" --live
	[ "$status" -eq 0 ]
	[ "$(vq vdom-dumpxml hq | grep -A3 "<target dev='vdc'" | grep "<address type='pci'")" = "$live" ]
	vq vdom-destroy hq
	vq vdom-undefine hq
}

@test "attach/detach: an interface on the bridge gets a tap while attached" {
	[ "$(vq vdom-state h1)" = running ] || skip "h1 is not running"
	echo "<interface type='bridge'><mac address='52:54:00:00:aa:01'/><source bridge='br0'/><model type='virtio'/></interface>" > "$QT/nic.xml"
	run vq vdom-attach-device h1 "$QT/nic.xml"
	[ "$status" -eq 0 ]
	tap=$(vq vdom-dumpxml h1 | grep -A4 "52:54:00:00:aa:01" | sed -n "s/.*<target dev='\([^']*\)'.*/\1/p")
	[ -n "$tap" ]
	ip -n "$NS" -o link show master br0 | grep -q ": $tap[:@]"
	run vq vdom-detach-device h1 "$QT/nic.xml"
	[ "$status" -eq 0 ]
	no_link "$tap"
	run vq vdom-dumpxml h1
	[[ "$output" != *"52:54:00:00:aa:01"* ]]
}

@test "attach: a PCI hostdev reaches QEMU as vfio-pci device_add (no VFIO here: QEMU refuses, all undone)" {
	# There is no VFIO on this machine: the fake sysfs of hostdev.bats lets the
	# hostdev manager hand the device over, and QEMU's refusal of the
	# device_add (checked in the QMP exchange log) must undo everything.
	[ "$(vq vdom-state h1)" = running ] || skip "h1 is not running"
	local sys=$QT/sys shim=$VC_TOP/tests/fixtures/sysfs_shim.so
	[ -f "$shim" ] || make -s -C "$VC_TOP" tests/fixtures/sysfs_shim.so >&2
	"$VC_TOP/tests/fixtures/mksysfs" "$sys" --pf-vfs 2 >/dev/null
	cat > "$QT/hd.xml" <<XML
<hostdev mode='subsystem' type='pci' managed='yes'>
  <source><address domain='0x0000' bus='0x04' slot='0x10' function='0x0'/></source>
</hostdev>
XML
	export VIRTCORE_QMP_LOG=$QT/qmp-hd.log
	run env VIRTCORE_SYSFS_ROOT=$sys LD_PRELOAD=$shim ASAN_OPTIONS=verify_asan_link_order=0 \
		ip netns exec "$NS" vdom-attach-device h1 "$QT/hd.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"device_add: vfio"* ]]
	grep -q '"execute":"device_add","arguments":{"driver":"vfio-pci","host":"0000:04:10.0","id":"hostdev-0000-04-10-0","bus":"pci.0","addr":"0x' "$VIRTCORE_QMP_LOG"
	# given back to its host driver, and not in the live XML
	[ "$(basename "$(readlink "$sys/bus/pci/devices/0000:04:10.0/driver")")" = ixgbevf ]
	run vq vdom-dumpxml h1
	[[ "$output" != *"<hostdev"* ]]
}

@test "vdom-start: a guest with an SR-IOV VF that QEMU cannot open gives the VF back whole" {
	# The hostdev manager sets the VF's MAC and VLAN through netlink (recorded
	# here) and binds it to vfio-pci on a fake sysfs; QEMU then fails (no VFIO
	# on this machine) and the start must restore MAC, VLAN and driver.
	local sys=$QT/sys2 shim=$VC_TOP/tests/fixtures/sysfs_shim.so
	[ -f "$shim" ] || make -s -C "$VC_TOP" tests/fixtures/sysfs_shim.so >&2
	"$VC_TOP/tests/fixtures/mksysfs" "$sys" --pf-vfs 2 >/dev/null
	local vf=0000:04:10.2
	local IF="<interface type='hostdev' managed='yes'><mac address='52:54:00:aa:bb:02'/><source><address type='pci' domain='0x0000' bus='0x04' slot='0x10' function='0x2'/></source><vlan><tag id='42'/></vlan></interface>"
	guest_xml vf1 "" "$IF" | vq vdom-define >/dev/null
	local before
	before=$(cat "$sys/bus/pci/devices/$vf/driver_override"; readlink "$sys/bus/pci/devices/$vf/driver")
	run env VIRTCORE_SYSFS_ROOT=$sys LD_PRELOAD=$shim ASAN_OPTIONS=verify_asan_link_order=0 \
		VIRTCORE_NETLINK=record:$QT/nl ip netns exec "$NS" vdom-start vf1
	[ "$status" -eq 1 ]
	[[ "$output" == *vfio* ]]
	# MAC and VLAN were set (one message), then the saved ones put back (one)
	grep -c . "$QT/nl" | grep -qx 2
	[ "$(cat "$sys/bus/pci/devices/$vf/driver_override"; readlink "$sys/bus/pci/devices/$vf/driver")" = "$before" ]
	# no record is left in the registry
	[ -z "$(ls "$QT/run/virtcore/qemu/hostdev" 2>/dev/null)" ]
	VIRTCORE_SYSFS_ROOT=$sys run vq vnet-hostdev-list
	[ -z "$output" ]
	nothing_left vf1
}

@test "vdom-shutdown: asked twice before the guest is gone, the second is unchanged" {
	guest_xml s1 "" "" > "$QT/s1.xml"
	vq vdom-define "$QT/s1.xml"
	vq vdom-start s1
	# right after start the guest's ACPI button is not set up yet: the request
	# stays pending, which is what this test needs
	run vq vdom-shutdown s1
	[ "$output" = changed ]
	if [ "$(vq vdom-state s1)" = "in shutdown" ]; then
		run vq vdom-shutdown s1
		[ "$status" -eq 0 ]
		[ "$output" = unchanged ]
		[ "$(vq vdom-state s1)" = "in shutdown" ]
	fi
	run vq vdom-shutdown --timeout 2 s1
	[ "$status" -eq 0 ]
	is_shut_off s1
	nothing_left s1
}

@test "vdom-start --autostart-all: starts the marked guests, reports a failure, exit 1" {
	guest_xml a1 "" "" > "$QT/a1.xml"
	vq vdom-define "$QT/a1.xml"
	vq vdom-autostart a1
	vq vdom-autostart f1          # its emulator does not exist
	run vq vdom-start --autostart-all
	[ "$status" -eq 1 ]
	[[ "$output" == *"a1	changed"* ]]
	[[ "$output" == *"f1	failed: "*"/nonexistent/qemu-system-x86_64"* ]]
	[ "$(vq vdom-state a1)" = running ]
	vq vdom-autostart --disable f1
	run vq vdom-start --autostart-all
	[ "$status" -eq 0 ]
	[[ "$output" == *"a1	unchanged"* ]]
	vq vdom-destroy a1
}

@test "macvtap: type='direct' on a veth in the namespace: QEMU gets the tap fd, all removed after" {
	ip -n "$NS" link add vlow type veth peer name vpeer
	ip -n "$NS" link set vlow up
	ip -n "$NS" link set vpeer up
	guest_xml m1 "" "<interface type='direct'><source dev='vlow' mode='bridge'/><model type='virtio'/></interface>" > "$QT/m1.xml"
	vq vdom-define "$QT/m1.xml"
	run vq vdom-start m1
	[ "$status" -eq 0 ]
	mv=$(vq vdom-dumpxml m1 | sed -n "s/.*<target dev='\([^']*\)'.*/\1/p")
	[[ "$mv" == macvtap* ]]
	ip -n "$NS" -d link show "$mv" | grep -q "macvtap mode bridge"
	ip -n "$NS" link show "$mv" | grep -q "$(vq vdom-dumpxml m1 | sed -n "s/.*<mac address='\([^']*\)'.*/\1/p")"
	grep -q -- "-netdev tap,id=hostnet0,fd=[0-9]" "$RUNDIR/m1.log"
	pid=$(cut -d' ' -f1 "$RUNDIR/m1.pid")
	ls -l /proc/$pid/fd | grep -q "/dev/tap"
	vq vdom-destroy m1
	no_link "$mv"
	[ ! -e "$RUNDIR/m1.macvtaps" ]
	nothing_left m1
}
