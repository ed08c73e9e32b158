# vdom-attach.bats: vdom-attach-device / vdom-detach-device on the test driver: config, live, idempotency, errors
load common

setup() {
	vc_scratch
	vc_guest_xml g1 > "$SCRATCH/g1.xml"
	vdom-define "$SCRATCH/g1.xml" >/dev/null
	cat > "$SCRATCH/disk.xml" <<XML
<disk type='file' device='disk'>
  <driver name='qemu' type='raw'/>
  <source file='$SCRATCH/d.img'/>
  <target dev='vdb' bus='virtio'/>
</disk>
XML
	cat > "$SCRATCH/nic.xml" <<XML
<interface type='user'>
  <mac address='52:54:00:00:11:22'/>
  <model type='virtio'/>
</interface>
XML
}

teardown() {
	vc_cleanup
}

ndisks() {
	vdom-dumpxml "$@" g1 | grep -c "<disk " || true
}

@test "attach --config to a stopped guest: changed, then unchanged" {
	run vdom-attach-device g1 "$SCRATCH/disk.xml"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(ndisks --inactive)" = 1 ]
	vdom-dumpxml --inactive g1 | grep -q "<target dev='vdb' bus='virtio'/>"
	run vdom-attach-device --config g1 "$SCRATCH/disk.xml"
	[ "$status" -eq 0 ]
	[ "$output" = unchanged ]
	[ "$(ndisks --inactive)" = 1 ]
	vc_no_sanitizer_report
}

@test "attach reads the device from stdin; --check changes nothing" {
	run vdom-attach-device --check g1 < "$SCRATCH/nic.xml"
	[ "$output" = changed ]
	run vdom-dumpxml --inactive g1
	[[ "$output" != *"<interface"* ]]
	run vdom-attach-device g1 < "$SCRATCH/nic.xml"
	[ "$output" = changed ]
	vdom-dumpxml --inactive g1 | grep -q "52:54:00:00:11:22"
}

@test "an interface without a MAC gets one, and attaching it again is unchanged" {
	echo "<interface type='user'><model type='virtio'/></interface>" > "$SCRATCH/n.xml"
	run vdom-attach-device g1 "$SCRATCH/n.xml"
	[ "$output" = changed ]
	vdom-dumpxml --inactive g1 | grep -q "<mac address='52:54:00:"
	run vdom-attach-device g1 "$SCRATCH/n.xml"
	[ "$output" = unchanged ]
	[ "$(vdom-dumpxml --inactive g1 | grep -c '<interface')" = 1 ]
}

@test "a different disk on a target in use is an error" {
	vdom-attach-device g1 "$SCRATCH/disk.xml"
	sed "s|d.img|other.img|" "$SCRATCH/disk.xml" > "$SCRATCH/d2.xml"
	run vdom-attach-device g1 "$SCRATCH/d2.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"disk vdb: attached already, with a different configuration"* ]]
}

@test "running guest: current is live only; --config and --live together touch both" {
	vdom-start g1
	run vdom-attach-device g1 "$SCRATCH/disk.xml"
	[ "$output" = changed ]
	[ "$(ndisks)" = 1 ]
	[ "$(ndisks --inactive)" = 0 ]
	run vdom-attach-device --live --config g1 "$SCRATCH/disk.xml"
	[ "$output" = changed ]
	[ "$(ndisks --inactive)" = 1 ]
	run vdom-attach-device --live --config g1 "$SCRATCH/disk.xml"
	[ "$output" = unchanged ]
	run vdom-detach-device --live --config g1 "$SCRATCH/disk.xml"
	[ "$output" = changed ]
	[ "$(ndisks)" = 0 ]
	[ "$(ndisks --inactive)" = 0 ]
	vc_no_sanitizer_report
}

@test "--live on a guest that is not running is an error" {
	run vdom-attach-device --live g1 "$SCRATCH/disk.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"g1: domain is not running"* ]]
}

@test "detach: matched by MAC / target; missing is exit 1 unless --if-exists" {
	vdom-attach-device g1 "$SCRATCH/nic.xml"
	echo "<interface type='user'><mac address='52:54:00:00:11:22'/></interface>" > "$SCRATCH/bymac.xml"
	run vdom-detach-device g1 "$SCRATCH/bymac.xml"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-detach-device g1 "$SCRATCH/bymac.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"no such device: interface 52:54:00:00:11:22"* ]]
	run vdom-detach-device --if-exists g1 "$SCRATCH/bymac.xml"
	[ "$status" -eq 0 ]
	[ "$output" = unchanged ]
	vdom-attach-device g1 "$SCRATCH/disk.xml"
	echo "<disk type='file'><target dev='vdb'/></disk>" > "$SCRATCH/bytarget.xml"
	run vdom-detach-device --check g1 "$SCRATCH/bytarget.xml"
	[ "$output" = changed ]
	[ "$(ndisks --inactive)" = 1 ]
	run vdom-detach-device g1 "$SCRATCH/bytarget.xml"
	[ "$output" = changed ]
	[ "$(ndisks --inactive)" = 0 ]
}

@test "bad XML, an element that is no device, an unknown guest: exit 1 with the reason" {
	echo "<disk type='file'><target dev='vdb'/><bogus/></disk>" > "$SCRATCH/bad.xml"
	run vdom-attach-device g1 "$SCRATCH/bad.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad.xml"*"bogus"* ]]
	echo "<disk" > "$SCRATCH/broken.xml"
	run vdom-attach-device g1 "$SCRATCH/broken.xml"
	[ "$status" -eq 1 ]
	echo "<video/>" > "$SCRATCH/video.xml"
	run vdom-attach-device g1 "$SCRATCH/video.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"expected one <disk>, <interface> or <hostdev>"* ]]
	run vdom-attach-device nosuch "$SCRATCH/disk.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"nosuch: no such domain"* ]]
	run vdom-detach-device nosuch "$SCRATCH/disk.xml"
	[ "$status" -eq 1 ]
	run vdom-attach-device
	[ "$status" -eq 2 ]
	vc_no_sanitizer_report
}

@test "vdom-start --autostart-all starts marked guests, one line each" {
	vc_guest_xml g2 > "$SCRATCH/g2.xml"
	vc_guest_xml g3 > "$SCRATCH/g3.xml"
	vdom-define "$SCRATCH/g2.xml"
	vdom-define "$SCRATCH/g3.xml"
	vdom-autostart g1
	vdom-autostart g2
	vdom-start g2
	run vdom-start --autostart-all
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'g1\tchanged\ng2\tunchanged')" ]
	[ "$(vdom-state g1)" = running ]
	[ "$(vdom-state g3)" = "shut off" ]
	run vdom-start --autostart-all
	[ "$output" = "$(printf 'g1\tunchanged\ng2\tunchanged')" ]
	run vdom-start --autostart-all extra
	[ "$status" -eq 2 ]
}
