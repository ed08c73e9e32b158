#!/usr/bin/env bats
# automation: what an Ansible author relies on: "absent" operations that are
# idempotent, --persistent as virsh has it, check-mode chains that say what
# they cannot know, nothing on stdout from a failing run, listings every row
# of which splits into the same columns
load common

setup() {
	vc_scratch
	DEMO=$VC_TOP/tests/data/demo/web1.xml
}
teardown() { vc_cleanup; }

@test "vnet-hostdev-detach --if-exists: a second detach is unchanged, rc 0; without it rc 1" {
	vdom-define "$DEMO" >/dev/null
	run vnet-hostdev-detach web1 --pci 0000:04:10.2 --if-exists
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vnet-hostdev-detach web1 --pci 0000:04:10.2 --if-exists
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	run vnet-hostdev-detach web1 --pci 0000:04:10.2
	[ "$status" -eq 1 ]
	[ "$output" = "vnet-hostdev-detach: web1: no hostdev interface with PCI address 0000:04:10.2" ]
	# --if-exists does not hide a guest that is not there
	run vnet-hostdev-detach nosuch --pci 0000:04:10.2 --if-exists
	[ "$status" -eq 1 ]
	[[ $output == *"nosuch"* ]]
	vc_no_sanitizer_report
}

@test "vnode-reattach of a device never detached: unchanged, rc 0" {
	run vnode-reattach pci_0000_04_10_4
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	run vnode-reattach --check pci_0000_04_10_4
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	# not a PCI device, no such device: still errors
	run vnode-reattach pci_0000_04_1f_0
	[ "$status" -eq 1 ]
	[ "$output" = "vnode-reattach: no PCI device 0000:04:1f.0" ]
	vc_no_sanitizer_report
}

@test "vnet-hostdev-attach on a running guest: live only by default, --persistent survives a restart" {
	vdom-define "$DEMO" >/dev/null
	vdom-start web1 >/dev/null
	run vnet-hostdev-attach web1 --pci 0000:04:10.4
	[ "$status" -eq 0 ]; [ "${lines[-1]}" = changed ]
	vdom-dumpxml web1 | grep -q "function='0x4'"
	! vdom-dumpxml --inactive web1 | grep -q "function='0x4'"
	vdom-destroy web1 >/dev/null
	vdom-start web1 >/dev/null
	! vdom-dumpxml web1 | grep -q "function='0x4'"
	# --persistent: the running guest and its config
	run vnet-hostdev-attach web1 --pci 0000:04:10.4 --persistent
	[ "$status" -eq 0 ]; [ "${lines[-1]}" = changed ]
	vdom-dumpxml web1 | grep -q "function='0x4'"
	vdom-dumpxml --inactive web1 | grep -q "function='0x4'"
	run vnet-hostdev-attach web1 --pci 0000:04:10.4 --persistent
	[ "${lines[-1]}" = unchanged ]
	vdom-destroy web1 >/dev/null
	vdom-start web1 >/dev/null
	vdom-dumpxml web1 | grep -q "function='0x4'"
	# and away again, from both
	run vnet-hostdev-detach web1 --pci 0000:04:10.4 --persistent
	[ "$output" = changed ]
	! vdom-dumpxml web1 | grep -q "function='0x4'"
	! vdom-dumpxml --inactive web1 | grep -q "function='0x4'"
	vc_no_sanitizer_report
}

@test "vdom-attach-device --persistent: live and config on a running guest, config on a stopped one" {
	vc_guest_xml g1 | vdom-define >/dev/null
	nic="<interface type='user'><mac address='52:54:00:00:00:51'/></interface>"
	echo "$nic" | vdom-attach-device g1 --persistent >/dev/null
	vdom-dumpxml --inactive g1 | grep -q 52:54:00:00:00:51
	vdom-start g1 >/dev/null
	nic2="<interface type='user'><mac address='52:54:00:00:00:52'/></interface>"
	run vdom-attach-device g1 --persistent <<<"$nic2"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	vdom-dumpxml g1 | grep -q 52:54:00:00:00:52
	vdom-dumpxml --inactive g1 | grep -q 52:54:00:00:00:52
	run vdom-detach-device g1 --persistent <<<"$nic2"
	[ "$output" = changed ]
	! vdom-dumpxml g1 | grep -q 52:54:00:00:00:52
	! vdom-dumpxml --inactive g1 | grep -q 52:54:00:00:00:52
	vdom-attach-device --help | grep -q -- --persistent
	vdom-detach-device --help | grep -q -- --persistent
	vc_no_sanitizer_report
}

@test "check mode: vdom-start --check of a guest not defined yet says so, exit 1, nothing changed" {
	run vdom-define --check "$DEMO"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	before=$(find "$SCRATCH" | sort)
	run vdom-start --check web1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: web1: would start a guest that is not defined yet (no such domain)" ]
	[ "$(find "$SCRATCH" | sort)" = "$before" ]
	# without --check the plain error stays
	run vdom-start web1
	[ "$status" -eq 1 ]; [ "$output" = "vdom-start: web1: no such domain" ]
}

@test "a failing vnet-hostdev-attach prints nothing on standard output" {
	vdom-define "$DEMO" >/dev/null
	# the demo guest has 0000:04:10.2 already, with another MAC
	out=$(vnet-hostdev-attach web1 --pci 0000:04:10.2 --vlan 42 --mac 52:54:00:00:00:99 2>"$SCRATCH/err") && false
	[ -z "$out" ]
	[ "$(cat "$SCRATCH/err")" = "vnet-hostdev-attach: web1: already has an interface on PCI 0000:04:10.2" ]
	vdom-start web1 >/dev/null
	# a live attach of a device the host does not have
	out=$(vnet-hostdev-attach web1 --pci 0000:04:10.3 2>"$SCRATCH/err") && false
	[ -z "$out" ]
	[ "$(cat "$SCRATCH/err")" = "vnet-hostdev-attach: no PCI device 0000:04:10.3" ]
	# the same with what the demo XML has: unchanged, rc 0
	run vnet-hostdev-attach web1 --pci 0000:04:10.2 --vlan 42 --mac 52:54:00:6d:90:02
	[ "$status" -eq 0 ]; [ "${lines[-1]}" = unchanged ]
}

@test "vnet-hostdev-list: every row has seven columns, '-' for none" {
	vdom-define "$DEMO" >/dev/null
	vnet-define <<<"<network><name>pool1</name><forward mode='hostdev' managed='yes'><pf dev='eth2'/></forward></network>" >/dev/null
	vnet-start pool1 >/dev/null
	vnet-hostdev-attach web1 --network pool1 --config >/dev/null
	vnet-hostdev-attach web1 --pci 0000:04:11.0 --config >/dev/null
	vdom-start web1 >/dev/null
	run vnet-hostdev-list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	for l in "${lines[@]}"; do
		[ "$(printf '%s\n' "$l" | awk -F'\t' '{ print NF }')" -eq 7 ] || { echo "row: $l"; return 1; }
		[[ $l != *$'\t\t'* && $l != *$'\t' ]]
	done
	printf '%s\n' "${lines[@]}" | grep -qx "$(printf '0000:04:10.2\tweb1\t0000:04:00.0\t1\t52:54:00:6d:90:02\t42\t-')"
	printf '%s\n' "${lines[@]}" | grep -q "^0000:04:11.0	web1	0000:04:00.0	4	52:54:00:[0-9a-f:]*	-	-\$"
	printf '%s\n' "${lines[@]}" | grep -q "	web1	0000:04:00.0	[0-9]	52:54:00:[0-9a-f:]*	-	pool1\$"
}
