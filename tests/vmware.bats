#!/usr/bin/env bats
# vmware: the vmware-vmx native format (tests/data/vmx), libvirt's vmx2xml
# and xml2vmx cases when ../shared is there, and the VMware desktop driver
# (vmwarews://, vmwareplayer://, vmwarefusion://) against a stateful vmrun
# (tests/fixtures/vmrun)

load common

setup() { vc_scratch; }
teardown() { vc_cleanup; }

VMXDATA=$VC_TOP/tests/data/vmx

@test "vmware-vmx: each NAME.vmx converts to NAME.xml" {
	n=0
	for f in "$VMXDATA"/*.vmx; do
		case $(basename "$f") in bad-*|*.out.vmx) continue;; esac
		run vdom-from-native --format vmware-vmx "$f"
		if [ "$status" -ne 0 ] || [ "$output" != "$(cat "${f%.vmx}.xml")" ]; then
			echo "$f: $output"; return 1
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
}

@test "vmware-vmx: each NAME.xml converts to NAME.out.vmx, which converts back to NAME.xml" {
	n=0
	for f in "$VMXDATA"/*.out.vmx; do
		x=${f%.out.vmx}.xml
		run vdom-to-native --format vmware-vmx "$x"
		if [ "$status" -ne 0 ] || [ "$output" != "$(cat "$f")" ]; then
			diff -u "$f" <(printf '%s\n' "$output") || true
			return 1
		fi
		run vdom-from-native --format vmware-vmx "$f"
		[ "$status" -eq 0 ]
		[ "$output" = "$(cat "$x")" ]
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
}

@test "vmware-vmx: a domain VMware cannot hold is one line naming it, exit 1" {
	run vdom-to-native --format vmware-vmx "$VMXDATA/bad-vcpus.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-to-native: odd: vcpu 3: VMware takes 1 or a multiple of 2" ]
	vc_guest_xml q1 > "$SCRATCH/q.xml"
	run vdom-to-native --format vmware-vmx "$SCRATCH/q.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-to-native: q1: domain type 'qemu' has no .vmx file" ]
}

@test "vmware-vmx: keys are read case-insensitively, |XX escapes decoded" {
	run vdom-from-native --format vmware-vmx "$VMXDATA/ws-desktop.vmx"
	[ "$status" -eq 0 ]
	[[ "$output" == *"<name>build box</name>"* ]]
	[[ "$output" == *"<controller type='sata' index='0'/>"* ]]   # SATA0.Present
}

@test "vmware-vmx: stdin when no file is given" {
	run sh -c 'vdom-from-native --format vmware-vmx < "$1"' sh "$VMXDATA/ws-desktop.vmx"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$VMXDATA/ws-desktop.xml")" ]
}

@test "vmware-vmx: bad input is one line naming the file, line and key, exit 1" {
	run vdom-from-native --format vmware-vmx "$VMXDATA/bad-config-version.vmx"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-from-native: $VMXDATA/bad-config-version.vmx:1: config.version: expected 8, not '7'" ]
	run vdom-from-native --format vmware-vmx "$VMXDATA/bad-no-hw.vmx"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-from-native: $VMXDATA/bad-no-hw.vmx: virtualHW.version: missing (a .vmx file has it)" ]
	run vdom-from-native --format vmware-vmx "$VMXDATA/bad-syntax.vmx"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-from-native: $VMXDATA/bad-syntax.vmx:3: expected 'key = \"value\"'" ]
	run vdom-from-native --format vmware-vmx "$VMXDATA/bad-nic.vmx"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad-nic.vmx:4: ethernet0.virtualDev: expected vlance, vmxnet, vmxnet3, e1000 or e1000e, not 'rtl8139'" ]]
	[ "${#lines[@]}" -eq 1 ]
}

@test "vmware-vmx: libvirt's vmx2xml and xml2vmx cases (skipped without ../shared)" {
	run_=$VC_TOP/../shared/conformance/run
	[ -x "$run_" ] || skip "../shared/conformance is absent"
	run "$run_" --kind vmware-vmx --bin "$VC_BIN"
	echo "$output"
	from=$(printf '%s\n' "$output" | sed -n 's|^vmware-vmx from-native: \([0-9]*\)/.*|\1|p')
	to=$(printf '%s\n' "$output" | sed -n 's|^vmware-vmx to-native: \([0-9]*\)/.*|\1|p')
	# the rest: <vmware:datacenterpath>, a block CD-ROM's startupPolicy
	# (refused by the domain parser), the virtualHW.version libvirt's test
	# picks per case (8, 9, 10), the implicit controllers of an unused slot
	[ "$from" -ge 55 ]
	[ "$to" -ge 43 ]
	[[ "$output" == *"1/1 invalid inputs refused"* ]]
}
