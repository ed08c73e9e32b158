#!/usr/bin/env bats
# the vz driver (vz:///system) against tests/fixtures/prlctl, a stand-in that
# keeps virtual machines and containers in $PRLCTL_HOME and logs every command
load common

setup() {
	[ -x /usr/bin/python3 ] || skip "python3 is needed by the prlctl stand-in"
	[ "$(id -u)" = 0 ] || skip "vz:///system is root's URI"
	vc_scratch
	export PRLCTL_HOME=$SCRATCH/prl
	mkdir -p "$PRLCTL_HOME"
	PATH=$VC_TOP/tests/fixtures:$PATH
	export VIRTCORE_URI=vz:///system
	LOG=$PRLCTL_HOME/calls.log
	: > "$SCRATCH/data.hdd"
	: > "$SCRATCH/boot.iso"
}
teardown() { vc_cleanup; }

vm_xml() {
	cat <<XML
<domain type='vz'>
  <name>$1</name>
  <memory unit='MiB'>${2:-2048}</memory>
  <vcpu>4</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <boot dev='hd'/>
    <boot dev='cdrom'/>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='$SCRATCH/data.hdd'/>
      <target dev='sda' bus='sata'/>
    </disk>
    <disk type='file' device='cdrom'>
      <source file='$SCRATCH/boot.iso'/>
      <target dev='hdc' bus='ide'/>
    </disk>
    <interface type='bridge'>
      <mac address='00:1c:42:aa:bb:cc'/>
      <source bridge='eth0'/>
      <model type='virtio'/>
    </interface>
    <interface type='network'>
      <mac address='00:1c:42:dd:ee:01'/>
      <source network='Host-Only'/>
    </interface>
  </devices>
</domain>
XML
}

ct_xml() {
	cat <<XML
<domain type='vz'>
  <name>$1</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>2</vcpu>
  <os>
    <type>exe</type>
    <init>/sbin/init</init>
  </os>
  <devices>
    <filesystem type='template'>
      <source name='${2:-ubuntu-22.04-x86_64}'/>
      <target dir='/'/>
    </filesystem>
    <interface type='bridge'>
      <mac address='00:1c:42:00:00:10'/>
      <source bridge='br0'/>
    </interface>
  </devices>
</domain>
XML
}

@test "vz: list shows VMs and containers with their states from one prlctl call" {
	vm_xml vm1 | vdom-define >/dev/null
	ct_xml ct1 | vdom-define >/dev/null
	ct_xml ct2 | vdom-define >/dev/null
	vdom-start ct1 >/dev/null
	vdom-start ct2 >/dev/null
	vdom-suspend ct2 >/dev/null
	: > "$LOG"
	run vdom-list --all
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "-	vm1	shut off" ]
	[ "${lines[1]}" = "1	ct1	running" ]
	[ "${lines[2]}" = "2	ct2	paused" ]
	[ "$(cat "$LOG")" = "prlctl list -a -i -j" ]
	[ "$(vdom-state ct2)" = paused ]
}

@test "vz: define a VM then dumpxml gives back memory, vcpus, boot order, disks and NICs" {
	run vdom-define <(vm_xml vm1)
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	x=$(vdom-dumpxml vm1)
	[[ $x == *"<domain type='vz'>"* ]]
	[[ $x == *"<memory unit='KiB'>2097152</memory>"* ]]
	[[ $x == *"<vcpu placement='static'>4</vcpu>"* ]]
	[[ $x == *"<type arch='x86_64'>hvm</type>
    <boot dev='hd'/>
    <boot dev='cdrom'/>"* ]]
	[[ $x == *"<source file='$SCRATCH/data.hdd'/>
      <target dev='sda' bus='sata'/>"* ]]
	[[ $x == *"<disk type='file' device='cdrom'>
      <source file='$SCRATCH/boot.iso'/>
      <target dev='hdc' bus='ide'/>"* ]]
	[[ $x == *"<interface type='bridge'>
      <mac address='00:1c:42:aa:bb:cc'/>
      <source bridge='eth0'/>
      <model type='virtio'/>"* ]]
	[[ $x == *"<interface type='network'>
      <mac address='00:1c:42:dd:ee:01'/>
      <source network='Host-Only'/>"* ]]
	vdom-dumpxml vm1 > "$SCRATCH/back.xml"
	: > "$LOG"
	run vdom-define "$SCRATCH/back.xml"
	[ "$output" = unchanged ]
	[ "$(cat "$LOG")" = "prlctl list -i -j vm1" ]
}

@test "vz: a system container is <os><type>exe</type>, created from its template" {
	run vdom-define <(ct_xml ct1)
	[ "$output" = changed ]
	grep -qx "prlctl create ct1 --vmtype ct --ostemplate ubuntu-22.04-x86_64" "$LOG"
	x=$(vdom-dumpxml ct1)
	[[ $x == *"<type arch='x86_64'>exe</type>
    <init>/sbin/init</init>"* ]]
	[[ $x == *"<target dir='/'/>"* ]]
	[[ $x == *"<source bridge='br0'/>"* ]]
	[[ $x == *"<memory unit='KiB'>1048576</memory>"* ]]
	vdom-dumpxml ct1 > "$SCRATCH/ct.xml"
	run vdom-define "$SCRATCH/ct.xml"
	[ "$output" = unchanged ]
	run vdom-define <(vm_xml ct1)
	[ "$status" -eq 1 ]; [ "$output" = "vdom-define: ct1: already defined as a container" ]
}

@test "vz: redefining changes only what differs" {
	vm_xml vm1 | vdom-define >/dev/null
	: > "$LOG"
	run vdom-define --diff <(vm_xml vm1 4096)
	[[ $output == *"+  <memory unit='KiB'>4194304</memory>"* ]]
	[ "${lines[-1]}" = changed ]
	[ "$(cat "$LOG")" = "prlctl list -i -j vm1
prlctl set vm1 --memsize 4096" ]
}

@test "vz: the exact prlctl commands of define, start, shutdown, destroy, undefine" {
	vm_xml vm1 | vdom-define >/dev/null
	[ "$(cat "$LOG")" = "prlctl list -i -j vm1
prlctl create vm1 --vmtype vm
prlctl list -i -j vm1
prlctl set vm1 --memsize 2048 --cpus 4
prlctl set vm1 --device-del cdrom0 --detach-only
prlctl set vm1 --device-set hdd0 --image $SCRATCH/data.hdd
prlctl set vm1 --device-add cdrom --image $SCRATCH/boot.iso --iface ide --position 2
prlctl set vm1 --device-set net0 --type bridged --iface eth0 --mac 001C42AABBCC
prlctl set vm1 --device-add net --network Host-Only --mac 001C42DDEE01
prlctl set vm1 --device-bootorder 'hdd0 cdrom0'" ]
	: > "$LOG"; vdom-start vm1 >/dev/null
	[ "$(cat "$LOG")" = "prlctl list -i -j vm1
prlctl start vm1" ]
	: > "$LOG"; vdom-shutdown vm1 >/dev/null
	[ "$(cat "$LOG")" = "prlctl list -i -j vm1
prlctl stop vm1" ]
	vdom-start vm1 >/dev/null
	: > "$LOG"; vdom-destroy vm1 >/dev/null
	[ "$(cat "$LOG")" = "prlctl list -i -j vm1
prlctl stop vm1 --kill" ]
	: > "$LOG"; vdom-undefine vm1 >/dev/null
	[ "$(cat "$LOG")" = "prlctl list -i -j vm1
prlctl delete vm1" ]
}

@test "vz: start, state running, pause, resume, restart, shutdown, undefine" {
	ct_xml ct1 | vdom-define >/dev/null
	run vdom-start ct1
	[ "$output" = changed ]
	run vdom-start ct1
	[ "$output" = unchanged ]
	[ "$(vdom-state ct1)" = running ]
	run vdom-info ct1
	[[ $output == *"Id:	1"* ]]
	[[ $output == *"Type:	vz"* ]]
	vdom-suspend ct1 >/dev/null
	[ "$(vdom-state ct1)" = paused ]
	grep -qx "prlctl pause ct1" "$LOG"
	vdom-resume ct1 >/dev/null
	[ "$(vdom-state ct1)" = running ]
	vdom-reboot ct1 >/dev/null
	grep -qx "prlctl restart ct1" "$LOG"
	run vdom-undefine ct1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-undefine: ct1: prlctl: Failed to delete the Container: The Container is running. (exit 1)" ]
	vdom-shutdown ct1 >/dev/null
	[ "$(vdom-state ct1)" = "shut off" ]
	run vdom-undefine ct1
	[ "$output" = changed ]
	[ -z "$(vdom-list --all)" ]
	run vdom-undefine --if-exists ct1
	[ "$output" = unchanged ]
}

@test "vz: shutdown --timeout kills a guest that does not stop" {
	ct_xml ct1 | vdom-define >/dev/null
	vdom-start ct1 >/dev/null
	: > "$LOG"
	PRLCTL_FAKE_ACPI=ignore run vdom-shutdown --timeout 1 ct1
	[ "$status" -eq 0 ]
	[ "$(sed -n 2p "$LOG")" = "prlctl stop ct1" ]
	[ "$(tail -1 "$LOG")" = "prlctl stop ct1 --kill" ]
	[ "$(vdom-state ct1)" = "shut off" ]
}

@test "vz: a failed start is one line, exit 1, the guest left stopped" {
	vm_xml vm1 | vdom-define >/dev/null
	rm "$SCRATCH/data.hdd"
	: > "$LOG"
	run vdom-start vm1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: vm1: prlctl: Failed to start the VM: Unable to open the disk image $SCRATCH/data.hdd. (exit 1)" ]
	[ "$(cat "$LOG")" = "prlctl list -i -j vm1
prlctl start vm1
prlctl list -i -j vm1" ]
	[ "$(vdom-state vm1)" = "shut off" ]
}

@test "vz: a product error is prlctl's own message, exit 1, nothing left behind" {
	run vdom-define <(ct_xml ct1 no-such-template)
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: ct1: prlctl: Failed to create the Container: The OS template no-such-template is not found. (exit 1)" ]
	vm_xml vm1 | sed "s|$SCRATCH/data.hdd|$SCRATCH/missing.hdd|" > "$SCRATCH/bad.xml"
	run vdom-define "$SCRATCH/bad.xml"
	[ "$status" -eq 1 ]; [ "${#lines[@]}" -eq 1 ]
	[[ $output == *"The image file $SCRATCH/missing.hdd does not exist."* ]]
	[ "$(tail -1 "$LOG")" = "prlctl delete vm1" ]
	[ -z "$(vdom-list --all)" ]
	run vdom-start nosuch
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: nosuch: prlctl: Failed to get VM config: The virtual machine could not be found. (exit 255)" ]
}

@test "vz: a missing prlctl is one line naming where it comes from, exit 1" {
	PATH=$VC_BIN:/usr/bin:/bin run vdom-list --all
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-list: prlctl: command not found (it comes with Virtuozzo's prlctl)" ]
}

@test "vz: a refused caller is one line, exit 1, nothing changed" {
	ct_xml ct1 | vdom-define >/dev/null
	cp "$PRLCTL_HOME/guests.json" "$SCRATCH/before"
	PRLCTL_FAKE_DENIED=1 run vdom-start ct1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: ct1: prlctl: Unable to connect to Virtuozzo. You may not have sufficient permissions. (exit 1)" ]
	PRLCTL_FAKE_DENIED=1 run vdom-define <(vm_xml vm2)
	[ "$status" -eq 1 ]; [ "${#lines[@]}" -eq 1 ]
	cmp "$PRLCTL_HOME/guests.json" "$SCRATCH/before"
}

@test "vz: --dry-run prints the commands and runs none; what Virtuozzo cannot do is unsupported" {
	ct_xml ct1 | vdom-define >/dev/null
	: > "$LOG"
	run vdom-destroy --dry-run ct1
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "prlctl list -i -j ct1" ]
	[ "${lines[1]}" = "prlctl stop ct1 --kill" ]
	[ ! -s "$LOG" ]
	printf "<domain type='vz'><name>u</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices><interface type='user'/></devices></domain>" > "$SCRATCH/u.xml"
	run vdom-define "$SCRATCH/u.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: u: interface 1: type 'user' is unsupported by the vz driver" ]
	run vdom-list -c vz:///session
	[ "$status" -eq 2 ]
}

@test "vz: autostart through prlctl set --autostart" {
	ct_xml ct1 | vdom-define >/dev/null
	run vdom-autostart ct1
	[ "$output" = changed ]
	grep -qx "prlctl set ct1 --autostart on" "$LOG"
	run vdom-autostart ct1
	[ "$output" = unchanged ]
}
