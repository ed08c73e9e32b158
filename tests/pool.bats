#!/usr/bin/env bats
# pool.bats: VF pools: <interface type='network'> on a forward mode='hostdev'
# network gets a free VF at start and gives it back at stop, on the test
# driver's simulated host (PF eth2 0000:04:00.0 with 8 VFs, netlink recorded
# in STATEDIR/netlink); bridge and nat networks on the qemu driver
load common

setup() {
	vc_scratch
	unset VIRTCORE_SYSFS_ROOT VIRTCORE_NETLINK LD_PRELOAD VIRTCORE_TEST_KILL_AT
	H=$SCRATCH/host/sysfs/bus/pci/devices
}

teardown() {
	if [ -n "${NS:-}" ]; then
		ip netns exec "$NS" vdom-destroy q1 >/dev/null 2>&1 || true
		ip netns del "$NS" 2>/dev/null || true
	fi
	vc_cleanup
}

# VF i of the simulated PF: devfn 0x80 + 2i
vf() {
	local devfn=$((128 + 2 * $1))
	printf '0000:04:%02x.%x' $((devfn >> 3)) $((devfn & 7))
}

drv() {
	basename "$(readlink "$H/$1/driver")"
}

# pf_pool NAME [EXTRA]: every VF of eth2
pf_pool() {
	cat <<XML
<network>
  <name>$1</name>
  <forward mode='hostdev' managed='yes'>
    <pf dev='eth2'/>
  </forward>
  ${2:-}
</network>
XML
}

# addr_pool NAME VF...: the VFs given, by PCI address
addr_pool() {
	local n=$1 a
	shift
	echo "<network><name>$n</name><forward mode='hostdev' managed='yes'>"
	for a in "$@"; do
		echo "<address type='pci' domain='0x${a:0:4}' bus='0x${a:5:2}' slot='0x${a:8:2}' function='0x${a:11:1}'/>"
	done
	echo "</forward></network>"
}

# pool_guest NAME MAC [NETWORK [EXTRA]]: a guest with one interface on the network
pool_guest() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    <interface type='network'>
      <mac address='$2'/>
      <source network='${3:-pool1}'/>
      ${4:-}
    </interface>
  </devices>
</domain>
XML
}

define() {
	run vdom-define /dev/stdin
	[ "$status" -eq 0 ]
}

# the simulated VFs as netlink reports them before any guest: the seed
seed() {
	for i in 0 1 2 3 4 5 6 7; do
		echo "vf 3 $i 02:00:00:00:04:0$i 0 0"
	done
}

# the VF state and drivers now, to compare with the seed (the simulated
# host is built on first use: no tree yet is the seed)
host_state() {
	[ -d "$H" ] || { pristine; return; }
	if [ -f "$SCRATCH/netlink.state" ]; then
		grep '^vf\|^port' "$SCRATCH/netlink.state"
	else
		seed
	fi
	for i in 0 1 2 3 4 5 6 7; do
		echo "$(vf $i) $(drv "$(vf $i)") $(cat "$H/$(vf $i)/driver_override")"
	done
}

pristine() {
	seed
	for i in 0 1 2 3 4 5 6 7; do
		echo "$(vf $i) ixgbevf (null)"
	done
}

@test "pool: a guest gets a free VF of the PF, shown in its live XML; the config keeps the network" {
	pf_pool pool1 | vnet-define
	vnet-start pool1
	pool_guest g1 52:54:00:00:01:01 | define
	run vdom-start g1
	[ "$status" -eq 0 ]
	[ "$(drv "$(vf 0)")" = vfio-pci ]
	grep -qx 'vf 3 0 52:54:00:00:01:01 0 0' "$SCRATCH/netlink.state"
	run vdom-dumpxml g1
	[[ $output == *"<interface type='hostdev' managed='yes'>"* ]]
	[[ $output == *"<address type='pci' domain='0x0000' bus='0x04' slot='0x10' function='0x0'/>"* ]]
	[[ $output != *"type='network'"* ]]
	run vdom-dumpxml --inactive g1
	[[ $output == *"<interface type='network'>"* ]]
	[[ $output == *"<source network='pool1'/>"* ]]
	[[ $output != *"bus='0x04'"* ]]
	run vnet-hostdev-list
	[ "$output" = "$(printf '%s\tg1\t0000:04:00.0\t0\t52:54:00:00:01:01\t-\tpool1' "$(vf 0)")" ]
	vc_no_sanitizer_report
}

@test "pool: two guests get different VFs, each listed with its network" {
	pf_pool pool1 | vnet-define
	vnet-start pool1
	pool_guest g1 52:54:00:00:01:01 | define
	pool_guest g2 52:54:00:00:01:02 | define
	vdom-start g1
	vdom-start g2
	run vnet-hostdev-list
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "$(printf '%s\tg1\t0000:04:00.0\t0\t52:54:00:00:01:01\t-\tpool1' "$(vf 0)")" ]
	[ "${lines[1]}" = "$(printf '%s\tg2\t0000:04:00.0\t1\t52:54:00:00:01:02\t-\tpool1' "$(vf 1)")" ]
	vdom-dumpxml g2 | grep -q "slot='0x10' function='0x2'"
	# a VF given back is free for the next guest
	vdom-destroy g1
	pool_guest g3 52:54:00:00:01:03 | define
	vdom-start g3
	run vnet-hostdev-list --owner g3
	[[ $output == "$(vf 0)"$'\t'g3* ]]
}

@test "pool: a ninth guest on 8 VFs: no free VF in network pool1, nothing taken" {
	pf_pool pool1 | vnet-define
	vnet-start pool1
	for i in 1 2 3 4 5 6 7 8 9; do
		pool_guest g$i 52:54:00:00:02:0$i | define
	done
	for i in 1 2 3 4 5 6 7 8; do
		run vdom-start g$i
		[ "$status" -eq 0 ]
	done
	before=$(host_state)
	run vdom-start g9
	[ "$status" -eq 1 ]
	[[ $output == *"g9: no free VF in network pool1"* ]]
	vc_no_sanitizer_report
	[ "$(vdom-state g9)" = "shut off" ]
	[ "$(host_state)" = "$before" ]
	run vnet-hostdev-list
	[ "${#lines[@]}" -eq 8 ]
	[[ $output != *g9* ]]
}

@test "pool: stop gives every VF back: MAC, VLAN, driver as before" {
	pf_pool pool1 "<vlan><tag id='42'/></vlan>" | vnet-define
	vnet-start pool1
	[ "$(host_state)" = "$(pristine)" ]
	pool_guest g1 52:54:00:00:03:01 | define
	pool_guest g2 52:54:00:00:03:02 | define
	for op in vdom-destroy vdom-shutdown; do
		vdom-start g1
		vdom-start g2
		grep -qx 'vf 3 0 52:54:00:00:03:01 42 0' "$SCRATCH/netlink.state"
		grep -qx 'vf 3 1 52:54:00:00:03:02 42 0' "$SCRATCH/netlink.state"
		[ "$(drv "$(vf 1)")" = vfio-pci ]
		run $op g1
		[ "$status" -eq 0 ]
		run $op g2
		[ "$status" -eq 0 ]
		diff -u <(pristine) <(host_state)
		run vnet-hostdev-list
		[ -z "$output" ]
	done
	vc_no_sanitizer_report
}

@test "pool: the network must be active, and must exist" {
	pf_pool pool1 | vnet-define
	pool_guest g1 52:54:00:00:04:01 | define
	run vdom-start g1
	[ "$status" -eq 1 ]
	[[ $output == *"g1: network pool1 is not active"* ]]
	pool_guest g2 52:54:00:00:04:02 nosuch | define
	run vdom-start g2
	[ "$status" -eq 1 ]
	[[ $output == *"nosuch: no such network"* ]]
	vc_no_sanitizer_report
	[ "$(host_state)" = "$(pristine)" ]
	vnet-start pool1
	run vdom-start g1
	[ "$status" -eq 0 ]
}

@test "pool: the VLAN is the interface's, else the portgroup's, else the network's" {
	pf_pool pool1 "<vlan><tag id='10'/></vlan>
  <portgroup name='web'><vlan><tag id='20'/></vlan></portgroup>" | vnet-define
	vnet-start pool1
	pool_guest g1 52:54:00:00:05:01 | define
	pool_guest g2 52:54:00:00:05:02 pool1 "<vlan><tag id='30'/></vlan>" | define
	pool_guest g3 52:54:00:00:05:03 | sed "s|<source network='pool1'/>|<source network='pool1' portgroup='web'/>|" | define
	pool_guest g4 52:54:00:00:05:04 | sed "s|<source network='pool1'/>|<source network='pool1' portgroup='nope'/>|" | define
	for g in g1 g2 g3; do
		run vdom-start $g
		[ "$status" -eq 0 ]
	done
	grep -qx 'vf 3 0 52:54:00:00:05:01 10 0' "$SCRATCH/netlink.state"
	grep -qx 'vf 3 1 52:54:00:00:05:02 30 0' "$SCRATCH/netlink.state"
	grep -qx 'vf 3 2 52:54:00:00:05:03 20 0' "$SCRATCH/netlink.state"
	vdom-dumpxml g1 | grep -q "<tag id='10'/>"
	run vdom-start g4
	[ "$status" -eq 1 ]
	[[ $output == *"network pool1 has no portgroup 'nope'"* ]]
}

@test "pool: two shells starting two guests on a one-VF pool: exactly one wins" {
	addr_pool pool1 "$(vf 3)" | vnet-define
	vnet-start pool1
	pool_guest g1 52:54:00:00:06:01 | define
	pool_guest g2 52:54:00:00:06:02 | define
	for round in 1 2 3 4; do
		vdom-start g1 > "$SCRATCH/o1" 2>&1 & p1=$!
		vdom-start g2 > "$SCRATCH/o2" 2>&1 & p2=$!
		s1=0 s2=0
		wait $p1 || s1=$?
		wait $p2 || s2=$?
		[ $((s1 == 0)) -ne $((s2 == 0)) ]
		cat "$SCRATCH/o1" "$SCRATCH/o2" | grep -q "no free VF in network pool1"
		run vnet-hostdev-list
		[ "${#lines[@]}" -eq 1 ]
		[[ ${lines[0]} == "$(vf 3)"$'\t'* ]]
		vdom-destroy g1 > /dev/null
		vdom-destroy g2 > /dev/null
	done
	[ "$(host_state)" = "$(pristine)" ]
}

@test "pool: a start killed after taking a pool VF is given back by the next run" {
	pf_pool pool1 | vnet-define
	vnet-start pool1
	pool_guest g1 52:54:00:00:07:01 | define
	for step in claim config unbind override probe; do
		run env VIRTCORE_TEST_KILL_AT=$step vdom-start g1
		[ "$status" -eq 137 ]
		run vnet-hostdev-list
		[ -z "$output" ]
		[ "$(host_state)" = "$(pristine)" ]
	done
	run vdom-start g1
	[ "$status" -eq 0 ]
	[ "$(drv "$(vf 0)")" = vfio-pci ]
}

@test "vnet-hostdev-attach --network: live takes a free VF, config keeps the network" {
	pf_pool pool1 | vnet-define
	vnet-start pool1
	vc_guest_xml g1 | define
	pool_guest g0 52:54:00:00:08:00 | define
	vdom-start g0                     # holds VF 0
	# config: the network element, with a stable MAC
	run vnet-hostdev-attach g1 --network pool1 --vlan 5
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "<interface type='network'>" ]
	[[ ${lines[1]} == "  <mac address='52:54:00:"* ]]
	[ "${lines[2]}" = "  <source network='pool1'/>" ]
	[ "${lines[-1]}" = changed ]
	mac=${lines[1]#*address=\'}
	mac=${mac%%\'*}
	run vnet-hostdev-attach g1 --network pool1 --vlan 5
	[ "${lines[-1]}" = unchanged ]
	# at start the interface gets the next free VF, with its VLAN
	vdom-start g1
	grep -qx "vf 3 1 $mac 5 0" "$SCRATCH/netlink.state"
	vdom-destroy g1
	# live: a free VF now, printed as the interface the guest got
	vdom-start g1
	run vnet-hostdev-attach g1 --network pool1 --mac 52:54:00:00:08:99 --live
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "<interface type='hostdev' managed='yes'>" ]
	[[ $output == *"slot='0x10' function='0x4'"* ]]
	[ "${lines[-1]}" = changed ]
	run vnet-hostdev-list --owner g1
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[1]}" = "$(printf '%s\tg1\t0000:04:00.0\t2\t52:54:00:00:08:99\t-\tpool1' "$(vf 2)")" ]
	vdom-dumpxml g1 | grep -q "52:54:00:00:08:99"
	run vdom-dumpxml --inactive g1
	[[ $output != *"52:54:00:00:08:99"* ]]
	run vnet-hostdev-attach g1 --network pool1 --mac 52:54:00:00:08:99 --live
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = unchanged ]
	run vnet-hostdev-detach g1 --mac 52:54:00:00:08:99 --live
	[ "$status" -eq 0 ]
	[ "$(drv "$(vf 2)")" = ixgbevf ]
	grep -qx 'vf 3 2 02:00:00:00:04:02 0 0' "$SCRATCH/netlink.state"
	# an inactive network or an unknown one is an error
	vnet-destroy pool1
	run vnet-hostdev-attach g1 --network pool1 --mac 52:54:00:00:08:98 --live
	[ "$status" -eq 1 ]
	[[ $output == *"network pool1 is not active"* ]]
	run vnet-hostdev-attach g1 --network nosuch --live
	[ "$status" -eq 1 ]
	[[ $output == *"nosuch: no such network"* ]]
	printf "<network><name>lan</name><forward mode='bridge'/><bridge name='br0'/></network>" | vnet-define
	run vnet-hostdev-attach g1 --network lan --config
	[ "$status" -eq 1 ]
	[[ $output == *"network lan is not a VF pool (forward mode='hostdev')"* ]]
	vc_no_sanitizer_report
}

@test "pool: a bridge network on the test driver is simulated; it too must be active" {
	printf "<network><name>lan</name><forward mode='bridge'/><bridge name='br0'/></network>" | vnet-define
	pool_guest g1 52:54:00:00:09:01 lan | define
	run vdom-start g1
	[ "$status" -eq 1 ]
	[[ $output == *"network lan is not active"* ]]
	vnet-start lan
	run vdom-start g1
	[ "$status" -eq 0 ]
	run vdom-dumpxml g1
	[[ $output == *"<source network='lan'/>"* ]]
	run vnet-hostdev-list
	[ -z "$output" ]
}

@test "qemu: type='network' on a forward mode='bridge' network joins its bridge; nat is refused" {
	command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed"
	[ "$(id -u)" -eq 0 ] || skip "a network namespace needs root"
	local q=$SCRATCH/q tap
	mkdir -p "$q/run" "$q/cfg" "$q/state"
	export XDG_RUNTIME_DIR=$q/run XDG_CONFIG_HOME=$q/cfg XDG_STATE_HOME=$q/state HOME=$q
	export VIRTCORE_URI=qemu:///session
	NS=vcpool$$
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	ip -n "$NS" link add br0 type bridge
	ip -n "$NS" link set br0 up
	printf "<network><name>lan</name><forward mode='bridge'/><bridge name='br0'/></network>" | vnet-define
	vnet-start lan
	# no kernel, no disk: the firmware waits for a boot device, enough here
	vc_guest_xml q1 | sed "s|  </devices>|<interface type='network'><source network='lan'/><model type='virtio'/></interface><memballoon model='none'/></devices>|" | define
	run ip netns exec "$NS" vdom-start q1
	[ "$status" -eq 0 ]
	tap=$(vdom-dumpxml q1 | sed -n "s/.*<target dev='\([^']*\)'.*/\1/p")
	[ -n "$tap" ]
	ip -n "$NS" -o link show master br0 | grep -q ": $tap[:@]"
	run ip netns exec "$NS" vdom-destroy q1
	[ "$status" -eq 0 ]
	! ip -n "$NS" link show "$tap" 2>/dev/null || false
	# nat: refused with the reason, not "not active"
	printf "<network><name>nat1</name><forward mode='nat'/><bridge name='virbr9'/><ip address='192.168.199.1' netmask='255.255.255.0'/></network>" | vnet-define
	vc_guest_xml q2 | sed "s|  </devices>|<interface type='network'><source network='nat1'/></interface><memballoon model='none'/></devices>|" | define
	run ip netns exec "$NS" vdom-start q2
	[ "$status" -eq 1 ]
	[[ $output == *"network nat1: forward mode nat is not supported yet"* ]]
	[ "$(vdom-state q2)" = "shut off" ]
	vc_no_sanitizer_report
}

@test "pool: the network's 802.1Qbh port profile is associated for each guest's VF and disassociated at stop" {
	pf_pool pool1 "<virtualport type='802.1Qbh'><parameters profileid='eng'/></virtualport>" | vnet-define
	vnet-start pool1
	pool_guest g1 52:54:00:00:07:01 | define
	run vdom-start g1
	[ "$status" -eq 0 ]
	grep -qx 'port 3 0 1 2 256' "$SCRATCH/netlink.state"
	run vdom-dumpxml g1
	[[ $output == *"<virtualport type='802.1Qbh'>"* ]]
	[[ $output == *"profileid='eng'"* ]]
	run vdom-destroy g1
	[ "$status" -eq 0 ]
	[ "$(host_state)" = "$(pristine)" ]
	vc_no_sanitizer_report
}

@test "pool: an openvswitch virtualport on a VF pool is refused, and nothing is taken" {
	pf_pool pool1 "<virtualport type='openvswitch'/>" | vnet-define
	vnet-start pool1
	pool_guest g1 52:54:00:00:07:02 | define
	run vdom-start g1
	[ "$status" -eq 1 ]
	[[ $output == *"<virtualport type='openvswitch'> cannot be used with SR-IOV VFs"* ]]
	run vnet-hostdev-list
	[ -z "$output" ]
	[ "$(host_state)" = "$(pristine)" ]
}

@test "pool: a VF that cannot be prepared is given back whole and the next free one is used" {
	pf_pool pool1 | vnet-define
	vnet-start pool1
	vnode-list > /dev/null                 # the simulated host exists
	# VF 0 no longer shows as a VF of its PF (its physfn link is gone)
	rm "$H/$(vf 0)/physfn"
	pool_guest g1 52:54:00:00:08:01 | define
	run vdom-start g1
	[ "$status" -eq 0 ]
	run vnet-hostdev-list
	[ "$output" = "$(printf '%s\tg1\t0000:04:00.0\t1\t52:54:00:00:08:01\t-\tpool1' "$(vf 1)")" ]
	# VF 0 is as it was: its driver, its MAC and VLAN
	[ "$(drv "$(vf 0)")" = ixgbevf ]
	grep -qx 'vf 3 0 02:00:00:00:04:00 0 0' "$SCRATCH/netlink.state"
	# every VF broken: one clear error naming the first failure, nothing held
	for i in 1 2 3 4 5 6 7; do rm -f "$H/$(vf $i)/physfn"; done
	vdom-destroy g1
	run vdom-start g1
	[ "$status" -eq 1 ]
	[[ $output == *"network pool1: none of its 8 free VFs could be prepared; the first: $(vf 0) is not an SR-IOV virtual function"* ]]
	run vnet-hostdev-list
	[ -z "$output" ]
	vc_no_sanitizer_report
}
