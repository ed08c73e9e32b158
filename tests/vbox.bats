#!/usr/bin/env bats
# the vbox driver (vbox:///session) against tests/fixtures/VBoxManage, a
# stand-in that keeps machines in $VBOX_USER_HOME and logs every command
load common

setup() {
	[ -x /usr/bin/python3 ] || skip "python3 is needed by the VBoxManage stand-in"
	vc_scratch
	export VBOX_USER_HOME=$SCRATCH/vbox
	mkdir -p "$VBOX_USER_HOME"
	PATH=$VC_TOP/tests/fixtures:$PATH
	export VIRTCORE_URI=vbox:///session
	LOG=$VBOX_USER_HOME/calls.log
	: > "$SCRATCH/disk.vdi"
	: > "$SCRATCH/boot.iso"
}
teardown() { vc_cleanup; }

# a guest with two disks (SATA hard disk, IDE DVD) and two NICs
vbox_xml() {
	cat <<XML
<domain type='vbox'>
  <name>$1</name>
  <memory unit='MiB'>${2:-512}</memory>
  <vcpu>2</vcpu>
  <os firmware='efi'>
    <type arch='x86_64'>hvm</type>
    <boot dev='cdrom'/>
    <boot dev='hd'/>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='$SCRATCH/disk.vdi'/>
      <target dev='sda' bus='sata'/>
    </disk>
    <disk type='file' device='cdrom'>
      <source file='$SCRATCH/boot.iso'/>
      <target dev='hdc' bus='ide'/>
    </disk>
    <interface type='bridge'>
      <mac address='08:00:27:12:34:56'/>
      <source bridge='eth0'/>
      <model type='virtio'/>
    </interface>
    <interface type='network'>
      <mac address='08:00:27:ab:cd:ef'/>
      <source network='vboxnet0'/>
    </interface>
  </devices>
</domain>
XML
}

small_xml() {
	printf "<domain type='vbox'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>\n" "$1"
}

@test "vbox: list shows each machine's state from two VBoxManage calls" {
	for g in a b c; do small_xml $g | vdom-define >/dev/null; done
	vdom-start b >/dev/null
	vdom-start c >/dev/null
	vdom-suspend c >/dev/null
	: > "$LOG"
	run vdom-list --all
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "-	a	shut off" ]
	[ "${lines[1]}" = "1	b	running" ]
	[ "${lines[2]}" = "2	c	paused" ]
	[ "$(cat "$LOG")" = "VBoxManage list vms
VBoxManage list --long runningvms" ]
	run vdom-list
	[ "${#lines[@]}" -eq 2 ]
	[ "$(vdom-state c)" = paused ]
	[ "$(vdom-state a)" = "shut off" ]
}

@test "vbox: define then dumpxml gives back memory, vcpus, firmware, boot order, disks and NICs" {
	vbox_xml web1 > "$SCRATCH/web1.xml"
	run vdom-define "$SCRATCH/web1.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vdom-dumpxml web1
	[ "$status" -eq 0 ]
	x=$output
	[[ $x == *"<domain type='vbox'>"* ]]
	[[ $x == *"<memory unit='KiB'>524288</memory>"* ]]
	[[ $x == *"<vcpu placement='static'>2</vcpu>"* ]]
	[[ $x == *"<os firmware='efi'>"* ]]
	[[ $x == *"<boot dev='cdrom'/>
    <boot dev='hd'/>"* ]]
	[[ $x == *"<source file='$SCRATCH/disk.vdi'/>
      <target dev='sda' bus='sata'/>"* ]]
	[[ $x == *"<disk type='file' device='cdrom'>
      <source file='$SCRATCH/boot.iso'/>
      <target dev='hdc' bus='ide'/>"* ]]
	[[ $x == *"<interface type='bridge'>
      <mac address='08:00:27:12:34:56'/>
      <source bridge='eth0'/>
      <model type='virtio'/>"* ]]
	[[ $x == *"<interface type='network'>
      <mac address='08:00:27:ab:cd:ef'/>
      <source network='vboxnet0'/>
      <model type='82540EM'/>"* ]]
	# what VirtualBox itself holds
	grep -q '"memory": 512' "$VBOX_USER_HOME/machines.json"
	# dumpxml output defines back unchanged, without a single change sent
	vdom-dumpxml web1 > "$SCRATCH/back.xml"
	: > "$LOG"
	run vdom-define "$SCRATCH/back.xml"
	[ "$output" = unchanged ]
	[ "$(cat "$LOG")" = "VBoxManage showvminfo web1 --machinereadable" ]
}

@test "vbox: redefining changes only what differs" {
	vbox_xml web1 | vdom-define >/dev/null
	: > "$LOG"
	run vdom-define --diff <(vbox_xml web1 1024)
	[ "$status" -eq 0 ]
	[[ $output == *"-  <memory unit='KiB'>524288</memory>"* ]]
	[[ $output == *"+  <memory unit='KiB'>1048576</memory>"* ]]
	[ "${lines[-1]}" = changed ]
	[ "$(cat "$LOG")" = "VBoxManage showvminfo web1 --machinereadable
VBoxManage modifyvm web1 --memory 1024" ]
	run vdom-define --check <(vbox_xml web1 2048)
	[ "$output" = changed ]
	grep -q '"memory": 1024' "$VBOX_USER_HOME/machines.json"
}

@test "vbox: the exact VBoxManage commands of define, start, shutdown, destroy, undefine" {
	vbox_xml web1 | vdom-define >/dev/null
	[ "$(cat "$LOG")" = "VBoxManage showvminfo web1 --machinereadable
VBoxManage createvm --name web1 --ostype Other_64 --register
VBoxManage showvminfo web1 --machinereadable
VBoxManage modifyvm web1 --memory 512 --cpus 2 --firmware efi --boot1 dvd --boot2 disk --boot3 none --nic1 bridged --bridgeadapter1 eth0 --nictype1 virtio --macaddress1 080027123456 --nic2 hostonly --hostonlyadapter2 vboxnet0 --macaddress2 080027ABCDEF
VBoxManage storagectl web1 --name SATA --add sata
VBoxManage storagectl web1 --name IDE --add ide
VBoxManage storageattach web1 --storagectl SATA --port 0 --device 0 --type hdd --medium $SCRATCH/disk.vdi
VBoxManage storageattach web1 --storagectl IDE --port 1 --device 0 --type dvddrive --medium $SCRATCH/boot.iso" ]
	: > "$LOG"; vdom-start web1 >/dev/null
	[ "$(cat "$LOG")" = "VBoxManage showvminfo web1 --machinereadable
VBoxManage startvm web1 --type headless" ]
	: > "$LOG"; vdom-shutdown web1 >/dev/null
	[ "$(cat "$LOG")" = "VBoxManage showvminfo web1 --machinereadable
VBoxManage controlvm web1 acpipowerbutton" ]
	vdom-start web1 >/dev/null
	: > "$LOG"; vdom-destroy web1 >/dev/null
	[ "$(cat "$LOG")" = "VBoxManage showvminfo web1 --machinereadable
VBoxManage controlvm web1 poweroff" ]
	u=$(vdom-info web1 | sed -n 's/^UUID:\t//p')
	: > "$LOG"; vdom-undefine web1 >/dev/null
	[ "$(cat "$LOG")" = "VBoxManage showvminfo web1 --machinereadable
VBoxManage storageattach web1 --storagectl SATA --port 0 --device 0 --medium none
VBoxManage unregistervm $u --delete" ]
}

@test "vbox: --dry-run prints the commands, runs none, changes nothing" {
	small_xml a | vdom-define >/dev/null
	: > "$LOG"
	run vdom-start --dry-run a
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "VBoxManage showvminfo a --machinereadable" ]
	[ "${lines[1]}" = "VBoxManage startvm a --type headless" ]
	[ ! -s "$LOG" ]
	run env VIRTCORE_DRY_RUN=1 vdom-destroy a
	[ "${lines[1]}" = "VBoxManage controlvm a poweroff" ]
	[ "$(vdom-state a)" = "shut off" ]
}

@test "vbox: start, state running, suspend, resume, shutdown, undefine keeps the disk image" {
	vbox_xml web1 | vdom-define >/dev/null
	run vdom-start web1
	[ "$output" = changed ]
	run vdom-start web1
	[ "$output" = unchanged ]
	[ "$(vdom-state web1)" = running ]
	run vdom-info web1
	[[ $output == *"Id:	1"* ]]
	[[ $output == *"State:	running"* ]]
	[[ $output == *"Max memory:	524288 KiB"* ]]
	vdom-suspend web1 >/dev/null
	[ "$(vdom-state web1)" = paused ]
	run vdom-suspend web1
	[ "$output" = unchanged ]
	vdom-resume web1 >/dev/null
	[ "$(vdom-state web1)" = running ]
	run vdom-reboot web1
	[ "$output" = changed ]
	grep -q "controlvm web1 reset" "$LOG"
	: > "$LOG"
	run vdom-reset web1
	[ "$output" = changed ]
	grep -q "controlvm web1 reset" "$LOG"
	run vdom-undefine web1
	[ "$status" -eq 1 ]
	[[ $output == "vdom-undefine: web1: VBoxManage: Cannot unregister the machine 'web1' while it is locked (exit 1)" ]] ||
	[[ $output == "vdom-undefine: web1: VBoxManage: The machine 'web1' is already locked for a session (or being unlocked) (exit 1)" ]]
	run vdom-shutdown web1
	[ "$output" = changed ]
	[ "$(vdom-state web1)" = "shut off" ]
	run vdom-shutdown web1
	[ "$output" = unchanged ]
	run vdom-undefine web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ -f "$SCRATCH/disk.vdi" ]
	[ -z "$(vdom-list --all)" ]
	run vdom-undefine --if-exists web1
	[ "$output" = unchanged ]
}

@test "vbox: shutdown --timeout powers off a guest that ignores the power button" {
	small_xml a | vdom-define >/dev/null
	vdom-start a >/dev/null
	: > "$LOG"
	VBOX_FAKE_ACPI=ignore run vdom-shutdown --timeout 1 a
	[ "$status" -eq 0 ]
	[ "$(sed -n 2p "$LOG")" = "VBoxManage controlvm a acpipowerbutton" ]
	[ "$(tail -1 "$LOG")" = "VBoxManage controlvm a poweroff" ]
	[ "$(vdom-state a)" = "shut off" ]
}

@test "vbox: a failed start is one line, exit 1, the machine left powered off" {
	vbox_xml web1 | vdom-define >/dev/null
	rm "$SCRATCH/disk.vdi"
	: > "$LOG"
	run vdom-start web1
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$output" = "vdom-start: web1: VBoxManage: Could not open the medium '$SCRATCH/disk.vdi'. (exit 1)" ]
	[ "$(cat "$LOG")" = "VBoxManage showvminfo web1 --machinereadable
VBoxManage startvm web1 --type headless
VBoxManage showvminfo web1 --machinereadable" ]
	[ "$(vdom-state web1)" = "shut off" ]
}

@test "vbox: a product error is VBoxManage's own message, exit 1, and the half-made machine goes" {
	vbox_xml web1 | sed "s|$SCRATCH/disk.vdi|$SCRATCH/missing.vdi|" > "$SCRATCH/bad.xml"
	run vdom-define "$SCRATCH/bad.xml"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$output" = "vdom-define: web1: VBoxManage: Could not find file for the medium '$SCRATCH/missing.vdi' (VERR_FILE_NOT_FOUND) (exit 1)" ]
	[ "$(tail -1 "$LOG")" = "VBoxManage unregistervm web1 --delete" ]
	[ -z "$(vdom-list --all)" ]
	[ -f "$SCRATCH/disk.vdi" ]
}

@test "vbox: a missing VBoxManage is one line naming where it comes from, exit 1" {
	small_xml a | vdom-define >/dev/null
	cp "$VBOX_USER_HOME/machines.json" "$SCRATCH/before"
	PATH=$VC_BIN:/usr/bin:/bin run vdom-start a
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: a: VBoxManage: command not found (it comes with VirtualBox (Oracle's virtualbox package))" ]
	cmp "$VBOX_USER_HOME/machines.json" "$SCRATCH/before"
}

@test "vbox: VirtualBox refusing the client is one line, exit 1, nothing changed" {
	small_xml a | vdom-define >/dev/null
	cp "$VBOX_USER_HOME/machines.json" "$SCRATCH/before"
	VBOX_FAKE_NO_SERVER=1 run vdom-start a
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: a: VBoxManage: Failed to create the VirtualBox object! (exit 1)" ]
	VBOX_FAKE_NO_SERVER=1 run vdom-define <(small_xml b)
	[ "$status" -eq 1 ]; [ "${#lines[@]}" -eq 1 ]
	cmp "$VBOX_USER_HOME/machines.json" "$SCRATCH/before"
}

@test "vbox: what VirtualBox cannot do is unsupported by the vbox driver, exit 1" {
	cat > "$SCRATCH/direct.xml" <<XML
<domain type='vbox'><name>d</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type>hvm</type></os><devices><interface type='direct'><source dev='eth0' mode='vepa'/></interface></devices></domain>
XML
	run vdom-define "$SCRATCH/direct.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: d: interface 1: type 'direct' is unsupported by the vbox driver" ]
	run vdom-define <(small_xml q | sed "s/type='vbox'/type='kvm'/")
	[ "$status" -eq 1 ]
	[[ $output == *"the vbox driver takes <domain type='vbox'>"* ]]
	[ ! -s "$LOG" ] || ! grep -q createvm "$LOG"
	run vdom-list --all -c vbox:///system
	[ "$status" -eq 2 ]
}

@test "vbox: autostart through modifyvm --autostart-enabled" {
	small_xml a | vdom-define >/dev/null
	run vdom-autostart a
	[ "$output" = changed ]
	grep -q "modifyvm a --autostart-enabled on" "$LOG"
	run vdom-autostart a
	[ "$output" = unchanged ]
	vdom-info a | grep -q "Autostart:	enable"
	run vdom-autostart --disable a
	[ "$output" = changed ]
}

# ---- vdom-from-native --format vbox: VirtualBox 7 machine files ----

@test "vbox native: a VirtualBox 7 .vbox file becomes domain XML" {
	run vdom-from-native --format vbox "$VC_TOP/tests/data/vbox/web1.vbox"
	[ "$status" -eq 0 ]
	x=$output
	d=$VC_TOP/tests/data/vbox
	[[ $x == *"<name>web1</name>
  <uuid>5d3c6a2e-8f41-4b6a-9c1e-2f7a0b9d4e11</uuid>
  <memory unit='KiB'>2097152</memory>"* ]]
	[[ $x == *"<vcpu placement='static'>2</vcpu>
  <os firmware='efi'>
    <type arch='x86_64'>hvm</type>
    <boot dev='cdrom'/>
    <boot dev='hd'/>
  </os>"* ]]
	[[ $x == *"<source file='$d/ubuntu-22.04.iso'/>
      <target dev='hdc' bus='ide'/>"* ]]
	[[ $x == *"<source file='$d/web1.vdi'/>
      <target dev='sda' bus='sata'/>"* ]]
	[[ $x == *"<interface type='user'>
      <mac address='08:00:27:d1:a2:b3'/>
      <model type='82540EM'/>"* ]]
	# the attachment in use, not the ones under DisabledModes
	[[ $x == *"<interface type='bridge'>
      <mac address='08:00:27:c4:d5:e6'/>
      <source bridge='eth0'/>
      <model type='virtio'/>"* ]]
	[[ $x != *intnet* ]]
}

@test "vbox native: differencing images, floppies, empty DVDs, disabled and unmappable adapters" {
	run vdom-from-native --format vbox "$VC_TOP/tests/data/vbox/db1.vbox"
	[ "$status" -eq 0 ]
	[[ $output == *"db1.vbox:44: dropped: a network adapter with no attachment libvirt names"* ]]
	x=$(vdom-from-native --format vbox "$VC_TOP/tests/data/vbox/db1.vbox" 2>/dev/null)
	[[ $x == *"<source file='$VC_TOP/tests/data/vbox/Snapshots/{66666666-7777-4888-8999-aaaaaaaaaaaa}.vdi'/>
      <target dev='sda' bus='scsi'/>"* ]]
	[[ $x == *"<target dev='sdb' bus='scsi'/>"* ]]
	[[ $x == *"<disk type='file' device='floppy'>
      <source file='/srv/vbox/drivers.img'/>
      <target dev='fda' bus='fdc'/>"* ]]
	[[ $x == *"<disk type='file' device='cdrom'>
      <target dev='hdd' bus='ide'/>"* ]]
	[[ $x == *"<source name='backend'/>
      <model type='Am79C973'/>"* ]]
	[[ $x == *"<source network='vboxnet0'/>
      <model type='82545EM'/>"* ]]
	[ "$(grep -c '<interface' <<<"$x")" -eq 2 ]
	[[ $x == *"<boot dev='hd'/>
    <boot dev='network'/>"* ]]
	run vdom-from-native --strict --format vbox "$VC_TOP/tests/data/vbox/db1.vbox"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-from-native: $VC_TOP/tests/data/vbox/db1.vbox:44: a network adapter with no attachment libvirt names (generic, NAT network, cloud) (--strict)" ]
}

@test "vbox native: bad machine files are one line naming the place, exit 1" {
	printf '<VirtualBox><Machine name="x"/></VirtualBox>\n' > "$SCRATCH/nohw.vbox"
	run vdom-from-native --format vbox "$SCRATCH/nohw.vbox"
	[ "$status" -eq 1 ]; [ "$output" = "vdom-from-native: $SCRATCH/nohw.vbox:1: Machine: no <Hardware>" ]
	printf '<VirtualBox><Machine name="x"><Hardware><Memory RAMSize="lots"/></Hardware></Machine></VirtualBox>\n' > "$SCRATCH/mem.vbox"
	run vdom-from-native --format vbox "$SCRATCH/mem.vbox"
	[ "$status" -eq 1 ]; [ "${#lines[@]}" -eq 1 ]
	[[ $output == "vdom-from-native: $SCRATCH/mem.vbox:1: Memory RAMSize='lots': "* ]]
	sed 's/{0a6c1f3e-7b2d-4e59-8c4a-1d2e3f405162}"\/>/{00000000-0000-4000-8000-000000000000}"\/>/' \
	    "$VC_TOP/tests/data/vbox/web1.vbox" > "$SCRATCH/dangling.vbox"
	run vdom-from-native --format vbox "$SCRATCH/dangling.vbox"
	[ "$status" -eq 1 ]
	[[ $output == *"image {00000000-0000-4000-8000-000000000000} is not in the media registry" ]]
	run vdom-from-native --format vbox "$SCRATCH/none.vbox"
	[ "$status" -eq 1 ]
	printf '<domain/>\n' | { run vdom-from-native --format vbox; [ "$status" -eq 1 ]; }
}

@test "vbox native: from-native, define, dumpxml gives the same domain back" {
	for f in web1 db1; do
		mkdir -p "$SCRATCH/$f/Snapshots"
		sed "s|/srv/vbox|$SCRATCH/$f|g" "$VC_TOP/tests/data/vbox/$f.vbox" > "$SCRATCH/$f/$f.vbox"
		for m in web1.vdi ubuntu-22.04.iso db1-data.vmdk db1-system.vdi drivers.img \
		    "Snapshots/{66666666-7777-4888-8999-aaaaaaaaaaaa}.vdi"; do
			: > "$SCRATCH/$f/$m"
		done
		vdom-from-native --format vbox "$SCRATCH/$f/$f.vbox" > "$SCRATCH/$f.xml" 2>/dev/null
		run vdom-define "$SCRATCH/$f.xml"
		[ "$status" -eq 0 ]; [ "$output" = changed ]
		vdom-dumpxml $f > "$SCRATCH/$f.back.xml"
		diff -u "$SCRATCH/$f.xml" "$SCRATCH/$f.back.xml"
		run vdom-define "$SCRATCH/$f.back.xml"
		[ "$output" = unchanged ]
	done
	grep -q "createvm --name web1 --uuid 5d3c6a2e-8f41-4b6a-9c1e-2f7a0b9d4e11 --ostype Other_64 --register" "$LOG"
}
