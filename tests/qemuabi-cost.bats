#!/usr/bin/env bats
# implicit controllers and drive addresses: only used controllers, bounded cost
load common

setup() { vc_scratch; }
teardown() { vc_cleanup; }

# a guest named $1 with the devices in $2
dom() {
	printf "<domain type='qemu'><name>%s</name><memory>65536</memory><os><type arch='x86_64'>hvm</type></os><devices>%s</devices></domain>\n" "$1" "$2"
}

@test "qemuabi: a disk on ide controller 65535 adds that controller only, at once" {
	dom big "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='hda' bus='ide'/><address type='drive' controller='65535' bus='0' target='0' unit='0'/></disk>" > "$SCRATCH/big.xml"
	run timeout 10 vdom-define "$SCRATCH/big.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vdom-dumpxml --inactive big
	[ "$(printf '%s\n' "$output" | grep -c '<controller')" -eq 1 ]
	printf '%s\n' "$output" | grep -q "<controller type='ide' index='65535'/>"
	[ "$(stat -c %s "$SCRATCH/conf/big.xml")" -lt 4096 ]
	run timeout 10 vdom-define "$SCRATCH/big.xml"
	[ "$output" = unchanged ]
}

@test "qemuabi: a disk named hdzzzz without an address costs nothing and adds one controller" {
	dom zz "<disk type='file' device='cdrom'><source file='/tmp/x.img'/><target dev='hdzzzz' bus='ide'/></disk>" > "$SCRATCH/zz.xml"
	run timeout 10 vdom-define "$SCRATCH/zz.xml"
	[ "$status" -eq 0 ]
	run vdom-dumpxml --inactive zz
	printf '%s\n' "$output" | grep -q "<address type='drive' controller='118813' bus='0' target='0' unit='1'/>"
	[ "$(printf '%s\n' "$output" | grep -c '<controller')" -eq 1 ]
}

@test "qemuabi: a disk name encoding an index past the bound is refused at once" {
	dom zl "<disk type='file' device='cdrom'><source file='/tmp/x.img'/><target dev='hdzzzzzzz' bus='ide'/></disk>" > "$SCRATCH/zl.xml"
	run timeout 10 vdom-define "$SCRATCH/zl.xml"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"hdzzzzzzz"* ]]
	[ ! -e "$SCRATCH/conf/zl.xml" ]
}

@test "qemuabi: a drive controller index past the controller index range is refused" {
	dom hi "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='sda' bus='sata'/><address type='drive' controller='4294967295' bus='0' target='0' unit='0'/></disk>" > "$SCRATCH/hi.xml"
	run timeout 10 vdom-define "$SCRATCH/hi.xml"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"controller 4294967295 out of range"* ]]
	[ ! -e "$SCRATCH/conf/hi.xml" ]
}

@test "qemuabi: disks on sata controllers 2 and 7 add 0-7 as libvirt does, sorted" {
	dom sp "<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='sda' bus='sata'/><address type='drive' controller='7' bus='0' target='0' unit='0'/></disk><disk type='file' device='disk'><source file='/tmp/b.img'/><target dev='sdb' bus='sata'/><address type='drive' controller='2' bus='0' target='0' unit='0'/></disk><controller type='sata' index='5'/>" > "$SCRATCH/sp.xml"
	vdom-define "$SCRATCH/sp.xml"
	run vdom-dumpxml --inactive sp
	[ "$(printf '%s\n' "$output" | grep -o "<controller type='sata' index='[0-9]*'" | tr -dc '0-9\n' | paste -sd,)" = "0,1,2,3,4,5,6,7" ]
}

@test "qemuabi: 20000 controllers without an index are numbered in linear time" {
	{
		printf "<domain type='qemu'><name>many</name><memory>65536</memory><devices>"
		yes "<controller type='scsi'/>" | head -n 20000 | tr -d '\n'
		printf "</devices></domain>\n"
	} > "$SCRATCH/many.xml"
	run timeout 20 vdom-define "$SCRATCH/many.xml"
	[ "$status" -eq 0 ]
	run vdom-dumpxml --inactive many
	[ "$(printf '%s\n' "$output" | grep -c "<controller type='scsi'")" -eq 20000 ]
	printf '%s\n' "$output" | grep -q "<controller type='scsi' index='19999'/>"
}

@test "qemuabi: past index 31 only the controllers used are added" {
	dom sp2 "<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='sda' bus='sata'/><address type='drive' controller='40' bus='0' target='0' unit='0'/></disk><disk type='file' device='disk'><source file='/tmp/b.img'/><target dev='sdb' bus='sata'/><address type='drive' controller='3' bus='0' target='0' unit='0'/></disk>" > "$SCRATCH/sp2.xml"
	vdom-define "$SCRATCH/sp2.xml"
	run vdom-dumpxml --inactive sp2
	[ "$(printf '%s\n' "$output" | grep -o "<controller type='sata' index='[0-9]*'" | tr -dc '0-9\n' | paste -sd,)" = "3,40" ]
}
