#!/usr/bin/env bats
# hostdev.bats: SR-IOV VFs and PCI hostdevs on a fake sysfs host: prepare, give back, reconcile

load common

setup() {
	vc_scratch
	SYS=$SCRATCH/sys
	"$VC_TOP/tests/fixtures/mksysfs" "$SYS" --pf-vfs 8
	SHIM=$VC_TOP/tests/fixtures/sysfs_shim.so
	[ -f "$SHIM" ] || make -s -C "$VC_TOP" tests/fixtures/sysfs_shim.so >&2
	export VIRTCORE_SYSFS_ROOT=$SYS VIRTCORE_NETLINK=record:$SCRATCH/nl
	export LD_PRELOAD=$SHIM
	export ASAN_OPTIONS=verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
	unset VIRTCORE_TEST_KILL_AT VIRTCORE_SHIM_PROBE_EBUSY
}

teardown() {
	vc_cleanup
}

# VF i of the fake PF: devfn 0x80 + 2i
vf() {
	local devfn=$((128 + 2 * $1))
	printf '0000:04:%02x.%x' $((devfn >> 3)) $((devfn & 7))
}

# the <source><address> of a PCI address
srcaddr() {
	local a=$1
	echo "<address type='pci' domain='0x${a:0:4}' bus='0x${a:5:2}' slot='0x${a:8:2}' function='0x${a:11:1}'/>"
}

# hd_guest NAME ADDR [MAC [VLAN [MANAGED [EXTRA]]]]: a guest with one VF interface
hd_guest() {
	local vlan=
	[ -n "${4:-}" ] && vlan="<vlan><tag id='$4'/></vlan>"
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    <interface type='hostdev' managed='${5:-yes}'>
      <mac address='${3:-52:54:00:aa:00:01}'/>
      <source>
        $(srcaddr "$2")
      </source>
      $vlan
      ${6:-}
    </interface>
  </devices>
</domain>
XML
}

define() {
	run vdom-define /dev/stdin
	[ "$status" -eq 0 ]
}

# nothing held, and the host byte for byte as snapped in $SCRATCH/before
as_before() {
	run vnet-hostdev-list
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
}

# the host's state, byte for byte: every file and link of the fake sysfs
# but the kernel's command inputs (bind, unbind, drivers_probe keep what was
# last written to them; new_id is compared: it must stay unused), and the
# VF settings the netlink recorder holds (its seed when untouched)
snap() {
	(cd "$SYS" && find . -type l -printf '%p -> %l\n' | sort &&
		find . -type f ! -name '.*' ! -name bind ! -name unbind \
			! -name drivers_probe -exec md5sum {} + | sort -k2)
	if [ -f "$SCRATCH/nl.state" ]; then
		grep '^vf\|^port' "$SCRATCH/nl.state"
	else
		for i in 0 1 2 3 4 5 6 7; do
			echo "vf 3 $i 02:00:00:00:04:0$i 0 0"
		done
	fi
}

# kput VALUE FILE: a sysfs write the shim sees (this shell started without it)
kput() {
	sh -c 'printf "%s\n" "$1" > "$2"' kput "$1" "$2"
}

drv() {
	basename "$(readlink "$SYS/bus/pci/devices/$1/driver")"
}

@test "start/stop cycles give MAC, VLAN and driver back byte for byte" {
	snap > "$SCRATCH/before"
	hd_guest g1 "$(vf 1)" 52:54:00:12:34:56 42 | define
	for op in vdom-destroy vdom-shutdown; do
		run vdom-start g1
		[ "$status" -eq 0 ]
		[ "$(drv "$(vf 1)")" = vfio-pci ]
		grep -qx 'vf 3 1 52:54:00:12:34:56 42 0' "$SCRATCH/nl.state"
		run vnet-hostdev-list
		[ "$status" -eq 0 ]
		[ "$output" = "$(printf '%s\tg1\t0000:04:00.0\t1\t52:54:00:12:34:56\t42\t-' "$(vf 1)")" ]
		run $op g1
		[ "$status" -eq 0 ]
		[ "$(drv "$(vf 1)")" = ixgbevf ]
		snap > "$SCRATCH/after"
		diff -u "$SCRATCH/before" "$SCRATCH/after"
		run vnet-hostdev-list
		[ -z "$output" ]
	done
	vc_no_sanitizer_report
}

@test "the recorded netlink messages carry PF ifindex, VF index, MAC and VLAN" {
	hd_guest g1 "$(vf 5)" 52:54:00:00:00:05 100 | define
	run vdom-start g1
	[ "$status" -eq 0 ]
	run vdom-destroy g1
	[ "$status" -eq 0 ]
	# 2 RTM_SETLINK to ifindex 3 (eth2): MAC and VLAN in one, then both
	# back in one; the unit test parses them back with libnl (hostdev_test)
	[ "$(wc -l < "$SCRATCH/nl")" -eq 2 ]
}

@test "two guests cannot hold one VF" {
	hd_guest g1 "$(vf 2)" | define
	hd_guest g2 "$(vf 2)" 52:54:00:aa:00:02 | define
	run vdom-start g1
	[ "$status" -eq 0 ]
	run vdom-start g2
	[ "$status" -eq 1 ]
	[[ $output == *"$(vf 2) is in use by guest g1"* ]]
	vc_no_sanitizer_report
	run vdom-state g2
	[ "$output" = "shut off" ]
	run vdom-destroy g1
	run vdom-start g2
	[ "$status" -eq 0 ]
	run vnet-hostdev-list
	[[ $output == "$(vf 2)"$'\t'g2* ]]
	# the same row as JSON: numbers as numbers, null for what does not apply
	run vnet-hostdev-list --json --owner g2
	[ "$status" -eq 0 ]
	[ "$(python3 -c 'import json,sys; d=json.load(sys.stdin); r=d[0]; print(len(d), r["device"], r["owner"], r["mac"], type(r["vf"]).__name__, r["vlan"], r["network"])' <<<"$output")" = "1 $(vf 2) g2 52:54:00:aa:00:02 int None None" ]
	run vnet-hostdev-list --json --owner nobody
	[ "$output" = "$(printf "[\n]")" ]
}

@test "two shells starting two guests on one VF: exactly one wins" {
	hd_guest g1 "$(vf 3)" | define
	hd_guest g2 "$(vf 3)" 52:54:00:aa:00:02 | define
	for round in 1 2 3; do
		vdom-start g1 > "$SCRATCH/o1" 2>&1 & p1=$!
		vdom-start g2 > "$SCRATCH/o2" 2>&1 & p2=$!
		s1=0 s2=0
		wait $p1 || s1=$?
		wait $p2 || s2=$?
		[ $((s1 == 0)) -ne $((s2 == 0)) ]
		run vnet-hostdev-list
		[ "${#lines[@]}" -eq 1 ]
		vdom-destroy g1 > /dev/null
		vdom-destroy g2 > /dev/null
	done
}

@test "managed='no' needs the VF on vfio-pci already" {
	hd_guest g1 "$(vf 1)" 52:54:00:aa:00:01 "" no | define
	run vdom-start g1
	[ "$status" -eq 1 ]
	[[ $output == *"managed='no' but the device is bound to ixgbevf"* ]]
	vc_no_sanitizer_report
	[ "$(drv "$(vf 1)")" = ixgbevf ]
	# detach it by hand: then it starts, and stays detached after stop
	kput "$(vf 1)" "$SYS/bus/pci/drivers/ixgbevf/unbind"
	kput vfio-pci "$SYS/bus/pci/devices/$(vf 1)/driver_override"
	kput "$(vf 1)" "$SYS/bus/pci/drivers_probe"
	[ "$(drv "$(vf 1)")" = vfio-pci ]
	run vdom-start g1
	[ "$status" -eq 0 ]
	run vdom-destroy g1
	[ "$status" -eq 0 ]
	[ "$(drv "$(vf 1)")" = vfio-pci ]
	grep -qx 'vf 3 1 02:00:00:00:04:01 0 0' "$SCRATCH/nl.state"
}

@test "a VF that does not exist, a PF and a plain NIC are refused" {
	snap > "$SCRATCH/before"
	hd_guest g1 0000:04:1f.0 | define
	run vdom-start g1
	[ "$status" -eq 1 ]
	[[ $output == *"no PCI device 0000:04:1f.0"* ]]
	hd_guest g2 0000:04:00.0 | define
	run vdom-start g2
	[ "$status" -eq 1 ]
	[[ $output == *"0000:04:00.0 is not an SR-IOV virtual function"* ]]
	hd_guest g3 0000:00:19.0 | define
	run vdom-start g3
	[ "$status" -eq 1 ]
	[[ $output == *"0000:00:19.0 is not an SR-IOV virtual function"* ]]
	vc_no_sanitizer_report
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
}

@test "a failed start gives back the VFs it had prepared" {
	snap > "$SCRATCH/before"
	vc_guest_xml g1 | sed "s|  </devices>|\
    <interface type='hostdev' managed='yes'><mac address='52:54:00:aa:00:01'/><source>$(srcaddr "$(vf 0)")</source></interface>\
    <interface type='hostdev' managed='yes'><mac address='52:54:00:aa:00:02'/><source>$(srcaddr "$(vf 1)")</source></interface>\
    <interface type='hostdev' managed='yes'><mac address='52:54:00:aa:00:03'/><source>$(srcaddr 0000:04:00.0)</source></interface>\
  </devices>|" | define
	run vdom-start g1
	[ "$status" -eq 1 ]
	[[ $output == *"not an SR-IOV virtual function"* ]]
	run vnet-hostdev-list
	[ -z "$output" ]
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
}

@test "a run killed at each step of prepare is reconciled by the next" {
	snap > "$SCRATCH/before"
	hd_guest g1 "$(vf 4)" 52:54:00:aa:00:04 7 | define
	for step in claim config unbind override probe; do
		run env VIRTCORE_TEST_KILL_AT=$step vdom-start g1
		[ "$status" -eq 137 ]
		[ -e "$SCRATCH/run/hostdev/$(vf 4)" ]
		run vnet-hostdev-list
		[ "$status" -eq 0 ]
		[ -z "$output" ]
		snap > "$SCRATCH/after"
		diff -u "$SCRATCH/before" "$SCRATCH/after"
	done
	# and the guest starts cleanly afterwards
	run vdom-start g1
	[ "$status" -eq 0 ]
	[ "$(drv "$(vf 4)")" = vfio-pci ]
}

@test "a stop killed while giving back is finished by the next run" {
	snap > "$SCRATCH/before"
	hd_guest g1 "$(vf 4)" 52:54:00:aa:00:04 7 | define
	for step in restore-driver restore-config; do
		run vdom-start g1
		[ "$status" -eq 0 ]
		run env VIRTCORE_TEST_KILL_AT=$step vdom-destroy g1
		[ "$status" -eq 137 ]
		run vnet-hostdev-list
		[ -z "$output" ]
		snap > "$SCRATCH/after"
		diff -u "$SCRATCH/before" "$SCRATCH/after"
		run vdom-destroy g1
		[ "$status" -eq 0 ]
	done
}

@test "a VF still in reset (EBUSY) is retried, and a lasting one is given back" {
	snap > "$SCRATCH/before"
	hd_guest g1 "$(vf 6)" | define
	run env VIRTCORE_SHIM_PROBE_EBUSY=3 vdom-start g1
	[ "$status" -eq 0 ]
	[ "$(drv "$(vf 6)")" = vfio-pci ]
	run vdom-destroy g1
	[ "$status" -eq 0 ]
	run env VIRTCORE_SHIM_PROBE_EBUSY=100000 vdom-start g1
	[ "$status" -ne 0 ]
	[[ $output == *"drivers_probe"* ]]
	vc_no_sanitizer_report
	run vnet-hostdev-list
	[ -z "$output" ]
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
}

@test "USB network hostdevs and openvswitch ports on a VF are refused as unsupported" {
	vc_guest_xml u1 | sed "s|  </devices>|<interface type='hostdev'><source><address type='usb' bus='1' device='2'/></source></interface></devices>|" | define
	run vdom-start u1
	[ "$status" -eq 1 ]
	[[ $output == *"unsupported configuration: USB network hostdev (usb bus 1 device 2)"* ]]
	hd_guest o1 "$(vf 1)" 52:54:00:aa:00:01 "" yes "<virtualport type='openvswitch'/>" | define
	run vdom-start o1
	[ "$status" -eq 1 ]
	[[ $output == *"openvswitch"* ]]
	vc_no_sanitizer_report
	run vnet-hostdev-list
	[ -z "$output" ]
}

QBH="<virtualport type='802.1Qbh'><parameters profileid='finance'/></virtualport>"
QBG="<virtualport type='802.1Qbg'><parameters managerid='11' typeid='1193047' typeidversion='2'/></virtualport>"

@test "802.1Qbh: the port profile is associated at start and disassociated at stop" {
	snap > "$SCRATCH/before"
	hd_guest q1 "$(vf 1)" 52:54:00:aa:00:01 "" yes "$QBH" | define
	run vdom-start q1
	[ "$status" -eq 0 ]
	[ "$(drv "$(vf 1)")" = vfio-pci ]
	# the fake switch holds the association: kind 1 (Qbh), request 2 (associate), 0x100 (success)
	grep -qx 'port 3 1 1 2 256' "$SCRATCH/nl.state"
	grep -qx 'vport=802.1Qbh' "$SCRATCH/run/hostdev/$(vf 1)"
	grep -qx 'profile=finance' "$SCRATCH/run/hostdev/$(vf 1)"
	run vdom-destroy q1
	[ "$status" -eq 0 ]
	! grep -q '^port' "$SCRATCH/nl.state" || false
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
	vc_no_sanitizer_report
}

@test "802.1Qbg: the VSI is associated, and a define gives it an instance id that stays" {
	hd_guest q2 "$(vf 2)" 52:54:00:aa:00:02 "" yes "$QBG" | define
	id=$(vdom-dumpxml q2 | sed -n "s/.*instanceid='\([^']*\)'.*/\1/p")
	[ -n "$id" ]
	vdom-dumpxml q2 | vdom-define /dev/stdin
	[ "$(vdom-dumpxml q2 | sed -n "s/.*instanceid='\([^']*\)'.*/\1/p")" = "$id" ]
	run vdom-start q2
	[ "$status" -eq 0 ]
	grep -qx 'port 3 2 2 2 0' "$SCRATCH/nl.state"
	grep -qx "instance=$id" "$SCRATCH/run/hostdev/$(vf 2)"
	run vdom-destroy q2
	[ "$status" -eq 0 ]
	! grep -q '^port' "$SCRATCH/nl.state" || false
}

@test "a switch that refuses the port profile fails the start and the host is as before" {
	snap > "$SCRATCH/before"
	hd_guest q1 "$(vf 1)" 52:54:00:aa:00:01 "" yes "$QBH" | define
	# 0x102: PORT_PROFILE_RESPONSE_INVALID
	run env VIRTCORE_NETLINK_PORT_RESPONSE=258 vdom-start q1
	[ "$status" -eq 1 ]
	[[ $output == *"802.1Qbh port profile association of VF 1 refused by the switch: invalid"* ]]
	[ "$(vdom-state q1)" = "shut off" ]
	run vnet-hostdev-list
	[ -z "$output" ]
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
	vc_no_sanitizer_report
}

@test "port profiles: a VLAN beside them, or a missing parameter, is refused before anything changes" {
	snap > "$SCRATCH/before"
	hd_guest q1 "$(vf 1)" 52:54:00:aa:00:01 42 yes "$QBH" | define
	run vdom-start q1
	[ "$status" -eq 1 ]
	[[ $output == *"a <vlan> tag cannot be set directly with <virtualport type='802.1Qbh'>"* ]]
	run vdom-define /dev/stdin < <(hd_guest q3 "$(vf 3)" 52:54:00:aa:00:03 "" yes \
		"<virtualport type='802.1Qbg'><parameters managerid='11'/></virtualport>")
	[ "$status" -eq 1 ]
	[[ $output == *"type '802.1Qbg' requires parameter typeid"* ]]
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
	[ ! -e "$SCRATCH/nl" ]
}

@test "a start or stop killed around the port association is finished by the next run" {
	snap > "$SCRATCH/before"
	hd_guest q1 "$(vf 5)" 52:54:00:aa:00:05 "" yes "$QBH" | define
	for step in port unbind; do
		run env VIRTCORE_TEST_KILL_AT=$step vdom-start q1
		[ "$status" -eq 137 ]
		grep -q '^port 3 5 1 2' "$SCRATCH/nl.state"
		as_before
		! grep -q '^port' "$SCRATCH/nl.state" || false
	done
	for step in restore-driver disassociate; do
		run vdom-start q1
		[ "$status" -eq 0 ]
		run env VIRTCORE_TEST_KILL_AT=$step vdom-destroy q1
		[ "$status" -eq 137 ]
		as_before
	done
}

@test "a plain PCI hostdev goes through the same manager" {
	snap > "$SCRATCH/before"
	vc_guest_xml h1 | sed "s|  </devices>|<hostdev mode='subsystem' type='pci' managed='yes'><source>$(srcaddr 0000:00:19.0)</source></hostdev></devices>|" | define
	run vdom-start h1
	[ "$status" -eq 0 ]
	[ "$(drv 0000:00:19.0)" = vfio-pci ]
	run vnet-hostdev-list
	[ "$output" = "$(printf '0000:00:19.0\th1\t-\t-\t-\t-\t-')" ]
	run vdom-destroy h1
	[ "$(drv 0000:00:19.0)" = e1000e ]
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
}

@test "vnet-hostdev-attach/detach: config, live, stable MAC" {
	snap > "$SCRATCH/before"
	vc_guest_xml g1 | define
	run vnet-hostdev-attach g1 --pci "$(vf 2)" --vlan 9
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "<interface type='hostdev' managed='yes'>" ]]
	[[ ${lines[1]} == "  <mac address='52:54:00:"* ]]
	[ "${lines[-1]}" = changed ]
	mac=${lines[1]#*address=\'}
	mac=${mac%%\'*}
	run vnet-hostdev-attach g1 --pci "$(vf 2)" --vlan 9
	[ "${lines[-1]}" = unchanged ]
	run vdom-dumpxml g1
	[[ $output == *"<mac address='$mac'/>"* ]]
	run vnet-hostdev-detach g1 --pci "$(vf 2)"
	[ "$status" -eq 0 ]
	run vnet-hostdev-attach g1 --pci "$(vf 2)" --vlan 9 --check
	[[ ${lines[1]} == *"$mac"* ]]
	run vdom-start g1
	[ "$status" -eq 0 ]
	run vnet-hostdev-list
	[ "${#lines[@]}" -eq 0 ]
	# live: prepared through the manager, shown in the live XML
	run vnet-hostdev-attach g1 --pci "$(vf 3)" --mac 52:54:00:00:00:33 --live
	[ "$status" -eq 0 ]
	[ "$(drv "$(vf 3)")" = vfio-pci ]
	grep -qx 'vf 3 3 52:54:00:00:00:33 0 0' "$SCRATCH/nl.state"
	run vdom-dumpxml g1
	[[ $output == *"52:54:00:00:00:33"* ]]
	run vdom-dumpxml --inactive g1
	[[ $output != *"52:54:00:00:00:33"* ]]
	run vnet-hostdev-attach g1 --pci "$(vf 3)" --mac 52:54:00:00:00:34 --live
	[ "$status" -eq 1 ]
	run vnet-hostdev-detach g1 --mac 52:54:00:00:00:33 --live
	[ "$status" -eq 0 ]
	[ "$(drv "$(vf 3)")" = ixgbevf ]
	run vdom-destroy g1
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
	run vnet-hostdev-attach g1 --network pool
	[ "$status" -eq 1 ]
	run vnet-hostdev-attach g1
	[ "$status" -eq 2 ]
}

@test "live attach of a VF with an 802.1Qbh profile names the running guest by its uuid; detach disassociates" {
	snap > "$SCRATCH/before"
	vc_guest_xml g1 | define
	vdom-start g1
	uuid=$(vdom-dumpxml g1 | sed -n 's|.*<uuid>\(.*\)</uuid>.*|\1|p')
	cat > "$SCRATCH/nic.xml" <<XML
<interface type='hostdev' managed='yes'>
  <mac address='52:54:00:00:00:61'/>
  <source>$(srcaddr "$(vf 6)")</source>
  $QBH
</interface>
XML
	# options after the operands, as virsh users write them
	run vdom-attach-device g1 "$SCRATCH/nic.xml" --live
	[ "$status" -eq 0 ]
	grep -qx 'port 3 6 1 2 256' "$SCRATCH/nl.state"
	grep -qx "instance=$uuid" "$SCRATCH/run/hostdev/$(vf 6)"
	run vdom-detach-device g1 "$SCRATCH/nic.xml" --live
	[ "$status" -eq 0 ]
	! grep -q '^port' "$SCRATCH/nl.state" || false
	vdom-destroy g1
	snap > "$SCRATCH/after"
	diff -u "$SCRATCH/before" "$SCRATCH/after"
	vc_no_sanitizer_report
}

@test "test:// alone: the driver's simulated host and its own netlink recorder" {
	unset VIRTCORE_SYSFS_ROOT VIRTCORE_NETLINK LD_PRELOAD
	hd_guest g1 "$(vf 1)" 52:54:00:12:34:56 42 | define
	run vdom-start g1
	[ "$status" -eq 0 ]
	H=$SCRATCH/host/sysfs/bus/pci/devices/$(vf 1)
	[ "$(basename "$(readlink "$H/driver")")" = vfio-pci ]
	grep -qx 'vf 3 1 52:54:00:12:34:56 42 0' "$SCRATCH/netlink.state"
	run vnet-hostdev-list
	[ "$output" = "$(printf '%s\tg1\t0000:04:00.0\t1\t52:54:00:12:34:56\t42\t-' "$(vf 1)")" ]
	run vdom-shutdown g1
	[ "$status" -eq 0 ]
	[ "$(basename "$(readlink "$H/driver")")" = ixgbevf ]
	[ "$(cat "$H/driver_override")" = "(null)" ]
	grep -qx 'vf 3 1 02:00:00:00:04:01 0 0' "$SCRATCH/netlink.state"
	[ ! -e "$SCRATCH/nl" ]
	vc_no_sanitizer_report
}

@test "vnode tools see the registry: a held VF is listed as held and not detached, reattached or reset" {
	unset VIRTCORE_SYSFS_ROOT VIRTCORE_NETLINK LD_PRELOAD
	hd_guest g1 "$(vf 2)" 52:54:00:12:34:57 7 | define
	vdom-start g1
	name=pci_$(vf 2 | tr ':.' '__')
	run vnode-list --cap pci
	printf '%s\n' "${lines[@]}" | grep "^$name	" | grep -q "held by g1"
	for t in vnode-reattach vnode-detach vnode-reset; do
		run $t "$name"
		[ "$status" -eq 1 ] || { echo "$t: $status $output"; return 1; }
		[[ "$output" == *"held by guest g1"* ]]
	done
	vdom-destroy g1
	run vnode-list --cap pci
	! printf '%s\n' "${lines[@]}" | grep -q "held by" || false
}

@test "a VF held by a guest that is not running (a start or stop killed around the guest's state) is given back by the next run" {
	snap > "$SCRATCH/before"
	hd_guest g1 "$(vf 4)" 52:54:00:aa:00:04 7 | define
	# killed with every VF prepared ("done") but before the guest is recorded running
	run env VIRTCORE_TEST_KILL_AT=prepared vdom-start g1
	[ "$status" -eq 137 ]
	grep -qx 'step=done' "$SCRATCH/run/hostdev/$(vf 4)"
	[ "$(vdom-state g1)" = "shut off" ]
	as_before
	# killed after the guest is recorded stopped, before its VF goes back
	run vdom-start g1
	[ "$status" -eq 0 ]
	run env VIRTCORE_TEST_KILL_AT=stopped vdom-destroy g1
	[ "$status" -eq 137 ]
	[ "$(vdom-state g1)" = "shut off" ]
	as_before
	# a running guest's VF is not touched by another run's reconcile
	run vdom-start g1
	[ "$status" -eq 0 ]
	run vnet-hostdev-list
	[[ $output == "$(vf 4)"$'\t'g1* ]]
	[ "$(drv "$(vf 4)")" = vfio-pci ]
}
