#!/usr/bin/env bats
# vnode-list, vnode-dumpxml, vnode-detach, vnode-reattach, vnode-reset,
# vnode-info, vnode-validate: on fake sysfs trees (the kernel's side played
# by the LD_PRELOAD shim), on the test driver's simulated host, and on the
# real host (read only)
load common

CONF=${VC_CONFORMANCE:-$VC_TOP/../shared/conformance}

setup() {
	vc_scratch
	SHIM=$VC_TOP/tests/fixtures/sysfs_shim.so
	[ -f "$SHIM" ] || make -C "$VC_TOP" -s tests/fixtures/sysfs_shim.so >/dev/null
}
teardown() { vc_cleanup; }

# a fake host: sysfs from mksysfs, an empty proc (no root disk, no route)
fake() {
	"$VC_TOP/tests/fixtures/mksysfs" "$SCRATCH/sys" "$@"
	mkdir -p "$SCRATCH/proc/net" "$SCRATCH/proc/self" "$SCRATCH/xdg"
	: > "$SCRATCH/proc/net/route"
	: > "$SCRATCH/proc/self/mountinfo"
	export VIRTCORE_SYSFS_ROOT=$SCRATCH/sys VIRTCORE_PROC_ROOT=$SCRATCH/proc
	export XDG_RUNTIME_DIR=$SCRATCH/xdg VIRTCORE_URI=qemu:///session
}

# run a tool with the shim preloaded (the sanitizer runtime must come first
# otherwise, which the shim is not)
shim() {
	LD_PRELOAD=$SHIM ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@"
}

@test "vnode-list: a fake tree, tab separated: name, cap, parent, description" {
	fake
	run vnode-list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'computer\tsystem\t-\t-')" ]
	printf '%s\n' "${lines[@]}" | grep -qx "$(printf 'pci_0000_04_00_0\tpci\tpci_0000_00_03_0\t0000:04:00.0 8086:10fb ixgbe')"
	printf '%s\n' "${lines[@]}" | grep -qx "$(printf 'net_eth2_00_11_22_33_44_55\tnet\tpci_0000_04_00_0\teth2 00:11:22:33:44:55')"
	printf '%s\n' "${lines[@]}" | grep -q "^usb_1_1	usb_device	usb_usb1	"
	vc_no_sanitizer_report
}

@test "vnode-list: --cap filters, --name prints names, --tree indents children" {
	fake --pf-vfs 2
	run vnode-list --cap pci --name
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 10 ]
	[ "${lines[0]}" = pci_0000_00_00_0 ]
	run vnode-list --cap usb_device --name
	[ "$output" = "$(printf 'usb_1_1\nusb_usb1')" ]
	run vnode-list --cap usb --name
	[ "$output" = usb_1_1_1_0 ]
	run vnode-list --tree
	[ "${lines[0]}" = computer ]
	printf '%s\n' "${lines[@]}" | grep -qx '    pci_0000_04_00_0'
	printf '%s\n' "${lines[@]}" | grep -qx '      net_eth2_00_11_22_33_44_55'
	run vnode-list --cap disk
	[ "$status" -eq 2 ]
	run vnode-list --tree --name
	[ "$status" -eq 2 ]
	run vnode-list extra
	[ "$status" -eq 2 ]
}

@test "vnode-dumpxml: the PF lists its VFs, a VF names its PF; addresses work too" {
	fake --pf-vfs 4
	run vnode-dumpxml pci_0000_04_00_0
	[ "$status" -eq 0 ]
	[[ "$output" == *"<capability type='virt_functions' maxCount='63'>"* ]]
	[ "$(grep -c "<address domain='0x0000' bus='0x04' slot='0x10'" <<<"$output")" -eq 4 ]
	[[ "$output" == *"<name>ixgbe</name>"* ]]
	run vnode-dumpxml 0000:04:10.2
	[ "$status" -eq 0 ]
	[[ "$output" == *"<name>pci_0000_04_10_2</name>"* ]]
	[[ "$output" == *"<capability type='phys_function'>"* ]]
	[[ "$output" == *"<address domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>"* ]]
	run vnode-dumpxml computer
	[[ "$output" == *"<capability type='system'>"* ]]
	vc_no_sanitizer_report
}

@test "vnode-dumpxml: every device's XML passes vnode-validate (and xmllint)" {
	fake --pf-vfs 2
	for n in $(vnode-list --name); do
		vnode-dumpxml "$n" > "$SCRATCH/d.xml"
		run vnode-validate "$SCRATCH/d.xml"
		[ "$status" -eq 0 ] || { echo "$n: $output"; false; }
		if command -v xmllint >/dev/null && [ -f "$CONF/schemas/nodedev.rng" ]; then
			xmllint --noout --relaxng "$CONF/schemas/nodedev.rng" "$SCRATCH/d.xml" 2>/dev/null
		fi
	done
}

@test "vnode-dumpxml: unknown device and malformed address fail with one line" {
	fake
	run vnode-dumpxml pci_0000_04_1f_0
	[ "$status" -eq 1 ]
	[ "$output" = "vnode-dumpxml: no PCI device 0000:04:1f.0" ]
	run vnode-dumpxml 0000:04:zz.0
	[ "$status" -eq 1 ]
	[ "$output" = "vnode-dumpxml: 0000:04:zz.0: malformed PCI address" ]
	run vnode-dumpxml net_nope_00_00_00_00_00_00
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	run vnode-dumpxml
	[ "$status" -eq 2 ]
}

@test "vnode-detach/reattach: round trip restores the original driver" {
	fake
	dev=$SCRATCH/sys/bus/pci/devices/0000:04:10.0
	run shim vnode-detach pci_0000_04_10_0
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(basename "$(readlink "$dev/driver")")" = vfio-pci ]
	[ "$(cat "$dev/driver_override")" = vfio-pci ]
	run shim vnode-detach pci_0000_04_10_0
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	run shim vnode-reattach pci_0000_04_10_0
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(basename "$(readlink "$dev/driver")")" = ixgbevf ]
	[ "$(cat "$dev/driver_override")" = "(null)" ]
	run shim vnode-reattach pci_0000_04_10_0
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	vc_no_sanitizer_report
}

@test "vnode-detach: --driver pci-stub, then vfio keeps the first original driver" {
	fake
	dev=$SCRATCH/sys/bus/pci/devices/0000:00:19.0
	run shim vnode-detach --driver pci-stub 0000:00:19.0
	[ "$output" = changed ]
	[ "$(basename "$(readlink "$dev/driver")")" = pci-stub ]
	run shim vnode-detach --driver vfio 00:19.0
	[ "$output" = changed ]
	[ "$(basename "$(readlink "$dev/driver")")" = vfio-pci ]
	run shim vnode-reattach pci_0000_00_19_0
	[ "$output" = changed ]
	[ "$(basename "$(readlink "$dev/driver")")" = e1000e ]
	run shim vnode-detach --driver nvme pci_0000_00_19_0
	[ "$status" -eq 2 ]
}

@test "vnode-detach: --check changes nothing and creates nothing" {
	fake
	run shim vnode-detach --check pci_0000_04_10_0
	[ "$output" = changed ]
	[ "$(basename "$(readlink "$SCRATCH/sys/bus/pci/devices/0000:04:10.0/driver")")" = ixgbevf ]
	[ ! -e "$SCRATCH/xdg/virtcore" ]
}

@test "vnode-detach: a busy kernel exits 75, and running again finishes the job" {
	fake
	dev=$SCRATCH/sys/bus/pci/devices/0000:04:10.0
	VIRTCORE_SHIM_PROBE_EBUSY=1 run shim vnode-detach pci_0000_04_10_0
	[ "$status" -eq 75 ]
	[[ "$output" == *"Device or resource busy"* ]]
	run shim vnode-detach pci_0000_04_10_0
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(basename "$(readlink "$dev/driver")")" = vfio-pci ]
	run shim vnode-reattach pci_0000_04_10_0
	[ "$output" = changed ]
	[ "$(basename "$(readlink "$dev/driver")")" = ixgbevf ]
}

@test "vnode-reattach: a device never detached is unchanged; a stub's without a record is refused" {
	fake
	dev=$SCRATCH/sys/bus/pci/devices/0000:04:10.2
	run shim vnode-reattach pci_0000_04_10_2
	[ "$status" -eq 0 ]
	[ "$output" = unchanged ]
	[ "$(basename "$(readlink "$dev/driver")")" = ixgbevf ]
	# vfio-pci holds it, but the record of its host driver is gone
	run shim vnode-detach pci_0000_04_10_2
	[ "$output" = changed ]
	rm "$XDG_RUNTIME_DIR"/virtcore/qemu/nodedev/0000:04:10.2.orig
	run shim vnode-reattach pci_0000_04_10_2
	[ "$status" -eq 1 ]
	[[ "$output" == "vnode-reattach: 0000:04:10.2: held by vfio-pci, but never detached here"* ]]
	[ "${#lines[@]}" -eq 1 ]
	[ "$(basename "$(readlink "$dev/driver")")" = vfio-pci ]
}

@test "vnode-detach: unknown device, malformed address, not a PCI device" {
	fake
	run shim vnode-detach pci_0000_04_1f_0
	[ "$status" -eq 1 ]; [ "$output" = "vnode-detach: no PCI device 0000:04:1f.0" ]
	run shim vnode-detach 0000:04:00
	[ "$status" -eq 1 ]; [ "$output" = "vnode-detach: 0000:04:00: malformed PCI address" ]
	run shim vnode-detach net_eth2_00_11_22_33_44_55
	[ "$status" -eq 1 ]; [ "$output" = "vnode-detach: net_eth2_00_11_22_33_44_55 is not a PCI device" ]
	run shim vnode-detach
	[ "$status" -eq 2 ]
}

@test "vnode-detach: the default route's and the root disk's devices need --force" {
	fake
	printf 'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\neth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n' \
		> "$SCRATCH/proc/net/route"
	run shim vnode-detach pci_0000_00_19_0
	[ "$status" -eq 1 ]
	[[ "$output" == *"default route (eth0); --force"* ]]
	run shim vnode-detach --force --check pci_0000_00_19_0
	[ "$output" = changed ]
	# a disk below the GPU's audio function holds /
	blk=devices/pci0000:00/0000:00:01.0/0000:01:00.1/host0/block/sda
	mkdir -p "$SCRATCH/sys/$blk" "$SCRATCH/sys/dev/block"
	ln -s "../../$blk" "$SCRATCH/sys/dev/block/8:0"
	echo '22 1 8:0 / / rw - ext4 /dev/sda rw' > "$SCRATCH/proc/self/mountinfo"
	run shim vnode-detach pci_0000_01_00_1
	[ "$status" -eq 1 ]
	[[ "$output" == *"root file system (/dev/sda)"* ]]
	run shim vnode-detach pci_0000_01_00_0
	[ "$status" -eq 0 ]
}

@test "vnode-reset: a device with a reset file; one without is refused" {
	fake
	run shim vnode-reset pci_0000_04_00_0
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run shim vnode-reset pci_0000_01_00_1
	[ "$status" -eq 1 ]
	[[ "$output" == *"no function reset"* ]]
}

@test "simulated host: test:// lists the PF with 8 VFs, and detach works without a kernel" {
	run vnode-list --cap pci --name
	[ "$status" -eq 0 ]
	[ "$(grep -c '^pci_0000_04_1[01]_' <<<"$output")" -eq 8 ]
	run vnode-dumpxml pci_0000_04_00_0
	[ "$(grep -c "<address domain='0x0000' bus='0x04' slot='0x1[01]'" <<<"$output")" -eq 8 ]
	run vnode-list --cap net --name
	[[ "$output" == *net_eth2_00_11_22_33_44_55* ]]
	[[ "$output" == *net_usb0_* ]]
	run vnode-detach pci_0000_04_11_6
	[ "$output" = changed ]
	run vnode-dumpxml pci_0000_04_11_6
	[[ "$output" == *"<name>vfio-pci</name>"* ]]
	run vnode-reattach pci_0000_04_11_6
	[ "$output" = changed ]
	run vnode-dumpxml pci_0000_04_11_6
	[[ "$output" == *"<name>ixgbevf</name>"* ]]
	# its default route runs over eth0, its root disk hangs off 0000:00:1f.2
	run vnode-detach pci_0000_00_19_0
	[ "$status" -eq 1 ]
	run vnode-detach pci_0000_00_1f_2
	[ "$status" -eq 1 ]
	vc_no_sanitizer_report
}

@test "vnode-info: capabilities XML of the simulated host" {
	run vnode-info
	[ "$status" -eq 0 ]
	[[ "$output" == *"<topology sockets='1' dies='1' clusters='1' cores='2' threads='2'/>"* ]]
	[[ "$output" == *"<iommu support='yes'/>"* ]]
	[[ "$output" == *"<memory unit='KiB'>16777216</memory>"* ]]
	[[ "$output" == *"<domain type='kvm'/>"* ]]
	if command -v xmllint >/dev/null && [ -f "$CONF/schemas/capability.rng" ]; then
		vnode-info | xmllint --noout --relaxng "$CONF/schemas/capability.rng" - 2>/dev/null
	fi
	run vnode-info extra
	[ "$status" -eq 2 ]
}

@test "vnode-validate: valid node device XML passes, bad XML fails" {
	cat > "$SCRATCH/ok.xml" <<XML
<device>
  <name>pci_0000_00_19_0</name>
  <parent>computer</parent>
  <capability type='pci'>
    <domain>0</domain>
    <bus>0</bus>
    <slot>25</slot>
    <function>0</function>
    <product id='0x1502'/>
    <vendor id='0x8086'/>
  </capability>
</device>
XML
	run vnode-validate "$SCRATCH/ok.xml"
	[ "$status" -eq 0 ]
	sed 's/<bus>0</<bus>x</' "$SCRATCH/ok.xml" > "$SCRATCH/bad.xml"
	run vnode-validate "$SCRATCH/bad.xml"
	[ "$status" -eq 1 ]
	run vnode-validate "$SCRATCH/missing.xml"
	[ "$status" -eq 1 ]
	run vnode-validate a b
	[ "$status" -eq 2 ]
}

@test "real host: vnode-list --cap pci names what lspci -D lists" {
	command -v lspci >/dev/null || skip "lspci missing"
	[ -d /sys/bus/pci/devices ] || skip "no PCI in /sys"
	unset VIRTCORE_SYSFS_ROOT
	export XDG_RUNTIME_DIR=$SCRATCH/xdg
	run vnode-list -c qemu:///session --cap pci
	[ "$status" -eq 0 ]
	diff <(printf '%s\n' "${lines[@]}" | cut -f4 | cut -d' ' -f1) <(lspci -D | cut -d' ' -f1)
}
