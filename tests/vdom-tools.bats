#!/usr/bin/env bats
# vdom-undefine, vdom-list, vdom-dumpxml, vdom-info, vdom-state,
# vdom-autostart, vdom-edit, vdom-validate
load common

setup() {
	vc_scratch
	vc_guest_xml web1 | vdom-define >/dev/null
	vc_guest_xml db1 | vdom-define >/dev/null
}
teardown() { vc_cleanup; }

@test "vdom-undefine: removes; --if-exists on a missing guest is unchanged" {
	run vdom-undefine web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ ! -e "$SCRATCH/conf/web1.xml" ]
	run vdom-undefine web1
	[ "$status" -eq 1 ]; [ "$output" = "vdom-undefine: web1: no such domain" ]
	run vdom-undefine --if-exists web1
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
}

@test "vdom-undefine: --check removes nothing" {
	run vdom-undefine --check web1
	[ "$output" = changed ]
	[ -e "$SCRATCH/conf/web1.xml" ]
}

@test "vdom-list: running only by default, --all adds shut off, tab separated" {
	run vdom-list
	[ -z "$output" ]
	vdom-start db1
	run vdom-list
	[ "$output" = "$(printf '1\tdb1\trunning')" ]
	run vdom-list --all
	[ "${lines[0]}" = "$(printf '1\tdb1\trunning')" ]
	[ "${lines[1]}" = "$(printf -- '-\tweb1\tshut off')" ]
	run vdom-list --inactive --name
	[ "$output" = web1 ]
	run vdom-list --state-shutoff --name
	[ "$output" = web1 ]
	run vdom-list --state-running --state-shutoff --name
	[ "${#lines[@]}" -eq 2 ]
}

@test "vdom-list: --uuid prints the uuids; --name and --uuid together is a usage error" {
	run vdom-list --all --uuid
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]]
	run vdom-list --name --uuid
	[ "$status" -eq 2 ]
	run vdom-list extra
	[ "$status" -eq 2 ]
}

@test "vdom-list: --autostart filters" {
	vdom-autostart web1
	run vdom-list --all --autostart --name
	[ "$output" = web1 ]
	run vdom-list --all --no-autostart --name
	[ "$output" = db1 ]
}

@test "vdom-list: a closed pipe is not an error" {
	for i in $(seq 1 200); do vc_guest_xml "g$i"; done > /dev/null
	run sh -c 'vdom-list --all | head -1'
	[ "$status" -eq 0 ]
}

@test "vdom-dumpxml: live XML carries the id, --inactive does not" {
	vdom-start web1
	run vdom-dumpxml web1
	[[ "${lines[0]}" == "<domain type='qemu' id='1'>" ]]
	run vdom-dumpxml --inactive web1
	[[ "${lines[0]}" == "<domain type='qemu'>" ]]
	run vdom-dumpxml nope
	[ "$status" -eq 1 ]; [[ "$output" == *"no such domain"* ]]
	run vdom-dumpxml
	[ "$status" -eq 2 ]
}

@test "vdom-dumpxml: output defines back unchanged" {
	vdom-dumpxml web1 > "$SCRATCH/out.xml"
	run vdom-define "$SCRATCH/out.xml"
	[ "$output" = unchanged ]
}

@test "vdom-info: facts as Key:<TAB>value lines" {
	run vdom-info web1
	[ "$status" -eq 0 ]
	[[ "$output" == *"Name:	web1"* ]]
	[[ "$output" == *"State:	shut off"* ]]
	[[ "$output" == *"Max memory:	65536 KiB"* ]]
	[[ "$output" == *"CPU(s):	1"* ]]
	run vdom-info nope
	[ "$status" -eq 1 ]
}

@test "vdom-info: a running guest's cpu time is shown" {
	vdom-start web1
	run vdom-info web1
	[[ "$output" == *"CPU time:"* ]]
	[[ "$output" == *"Id:	1"* ]]
}

@test "vdom-state: prints one word state" {
	run vdom-state web1
	[ "$output" = "shut off" ]
	run vdom-state nope
	[ "$status" -eq 1 ]
}

@test "vdom-autostart: on, again unchanged, --disable, --check" {
	run vdom-autostart --check web1
	[ "$output" = changed ]
	run vdom-info web1
	[[ "$output" == *"Autostart:	disable"* ]]
	run vdom-autostart web1
	[ "$output" = changed ]
	run vdom-autostart web1
	[ "$output" = unchanged ]
	[[ "$(vdom-info web1)" == *"Autostart:	enable"* ]]
	run vdom-autostart --disable web1
	[ "$output" = changed ]
	run vdom-autostart nope
	[ "$status" -eq 1 ]
}

@test "vdom-edit: an editor's valid change is saved" {
	export EDITOR="sed -i s/65536/131072/"
	run vdom-edit web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	vdom-dumpxml web1 | grep -q 131072
}

@test "vdom-edit: no edit is unchanged" {
	export EDITOR=true
	run vdom-edit web1
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
}

@test "vdom-edit: an invalid edit keeps the old config" {
	before=$(vdom-dumpxml web1)
	export EDITOR="sed -i s/<memory/<mem/"
	run vdom-edit web1
	[ "$status" -eq 1 ]
	[ "$(vdom-dumpxml web1)" = "$before" ]
	export EDITOR="sed -i s/65536/lots/"
	run vdom-edit web1
	[ "$status" -eq 1 ]; [[ "$output" == *"not a number"* ]]
	[ "$(vdom-dumpxml web1)" = "$before" ]
}

@test "vdom-edit: a failing editor changes nothing; a rename is refused" {
	before=$(vdom-dumpxml web1)
	EDITOR=false run vdom-edit web1
	[ "$status" -eq 1 ]
	EDITOR="sed -i s/>web1</>web2</" run vdom-edit web1
	[ "$status" -eq 1 ]; [[ "$output" == *renam* ]]
	[ "$(vdom-dumpxml web1)" = "$before" ]
	run vdom-list --all --name
	[ "${#lines[@]}" -eq 2 ]
}

@test "vdom-validate: good XML is valid, bad XML is exit 1 with the place" {
	vc_guest_xml x > "$SCRATCH/x.xml"
	run vdom-validate "$SCRATCH/x.xml"
	[ "$status" -eq 0 ]
	printf "<domain type='qemu'>\n<name>x</name>\n<memory>1</memory>\n<devices><disk/></devices></domain>\n" > "$SCRATCH/bad.xml"
	run vdom-validate "$SCRATCH/bad.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == "vdom-validate: $SCRATCH/bad.xml:4: "* ]]
	run vdom-validate < "$SCRATCH/x.xml"
	[ "$status" -eq 0 ]
}

@test "options may follow the operands, as virsh allows; -- ends the options" {
	run vdom-undefine web1 --check
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ -e "$SCRATCH/conf/web1.xml" ]
	run vdom-dumpxml web1 --inactive
	[ "$status" -eq 0 ]; [[ $output == "<domain type='"* ]]
	run vdom-dumpxml -- --inactive
	[ "$status" -eq 1 ]; [ "$output" = "vdom-dumpxml: --inactive: no such domain" ]
	run vdom-dumpxml web1 --frob
	[ "$status" -eq 2 ]; [[ $output == "vdom-dumpxml: unknown option --frob"* ]]
}
