#!/usr/bin/env bats
# vdom-snapshot-create, -list, -dumpxml, -revert, -delete: on the test
# driver (metadata beside the guest, the simulated host's states), and on
# QEMU with a real TCG guest (tests/qemu-snapshot.bats)
load common

snap_xml() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='$2'/>
      <source file='$SCRATCH/$1.$2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
XML
}

setup() {
	vc_scratch
	snap_xml web1 qcow2 | vdom-define >/dev/null
	snap_xml raw1 raw | vdom-define >/dev/null
}

teardown() {
	vc_cleanup
}

@test "vdom-snapshot-create: a running guest's snapshot holds memory, its state and config" {
	vdom-start web1 >/dev/null
	run vdom-snapshot-create --name s1 --description 'before upgrade' web1
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-snapshot-dumpxml web1 s1
	[ "$status" -eq 0 ]
	grep -q '<name>s1</name>' <<<"$output"
	grep -q '<description>before upgrade</description>' <<<"$output"
	grep -q '<state>running</state>' <<<"$output"
	grep -q "<memory snapshot='internal'/>" <<<"$output"
	grep -q "<disk name='vda' snapshot='internal'/>" <<<"$output"
	grep -q "<domain type='qemu'" <<<"$output"
	[ -f "$SCRATCH/etc/snapshot/web1/s1.xml" ] || ls -R "$SCRATCH" | grep -q s1.xml
}

@test "vdom-snapshot-create: XML in on stdin as libvirt's domainsnapshot" {
	run vdom-snapshot-create --print-name web1 - <<'XML'
<domainsnapshot>
  <name>from-xml</name>
  <description>x &amp; y</description>
  <disks><disk name='vda' snapshot='internal'/></disks>
</domainsnapshot>
XML
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = from-xml ]
	run vdom-snapshot-dumpxml web1 from-xml
	grep -q '<state>shutoff</state>' <<<"$output"
	grep -q "<memory snapshot='no'/>" <<<"$output"
	grep -q '<description>x &amp; y</description>' <<<"$output"
}

@test "vdom-snapshot-create: an element outside the schema is refused, nothing made" {
	run vdom-snapshot-create web1 - <<<'<domainsnapshot><name>s</name><bogus/></domainsnapshot>'
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	grep -q bogus <<<"$output"
	run vdom-snapshot-list --name web1
	[ -z "$output" ]
}

@test "vdom-snapshot-create: an internal snapshot of a raw disk: one line naming why, nothing changed" {
	run vdom-snapshot-create --name s1 raw1
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"raw1: disk vda"*"is raw: internal snapshots need qcow2"* ]]
	run vdom-snapshot-list --name raw1
	[ -z "$output" ]
}

@test "vdom-snapshot-create: a name taken already is refused" {
	vdom-snapshot-create --name s1 web1 >/dev/null
	run vdom-snapshot-create --name s1 web1
	[ "$status" -eq 1 ]
	[[ "$output" == *"snapshot 's1' exists already"* ]]
}

@test "vdom-snapshot-create --disk-only: external overlays, the guest's disk now points at them" {
	run vdom-snapshot-create --disk-only --name d1 raw1
	[ "$status" -eq 0 ]
	run vdom-snapshot-dumpxml raw1 d1
	grep -q "<state>shutoff</state>" <<<"$output"
	grep -q "<source file='$SCRATCH/raw1.d1'/>" <<<"$output"
	run vdom-dumpxml raw1
	grep -q "<source file='$SCRATCH/raw1.d1'/>" <<<"$output"
	grep -q "type='qcow2'" <<<"$output"
	run vdom-snapshot-revert raw1 d1
	[ "$status" -eq 1 ]
	[[ "$output" == *"external disk vda: reverting to it is unsupported"* ]]
}

@test "vdom-snapshot-create --check: says changed, makes nothing" {
	run vdom-snapshot-create --check --name s1 web1
	[ "$output" = changed ]
	run vdom-snapshot-list --name web1
	[ -z "$output" ]
}

@test "vdom-snapshot-list: oldest first, parents, tree and JSON" {
	vdom-snapshot-create --name a web1 >/dev/null
	vdom-snapshot-create --name b web1 >/dev/null
	vdom-snapshot-revert web1 a >/dev/null
	vdom-snapshot-create --name c web1 >/dev/null
	run vdom-snapshot-list --parent web1
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == a$'\t'*$'\t'shutoff$'\t'- ]]
	printf '%s\n' "$output" | grep -q $'^b\t.*\ta$'
	printf '%s\n' "$output" | grep -q $'^c\t.*\ta$'
	run vdom-snapshot-list --tree web1
	[ "$output" = "a
  b
  c" ]
	run vdom-snapshot-list --json web1
	[ "$(jq -r '.[] | select(.current) | .name' <<<"$output")" = c ]
	[ "$(jq -r '.[1].parent' <<<"$output")" = a ]
}

@test "vdom-snapshot-revert: a running snapshot brings a shut-off guest back running, with its config" {
	vdom-start web1 >/dev/null
	vdom-snapshot-create --name up web1 >/dev/null
	vdom-destroy web1 >/dev/null
	snap_xml web1 qcow2 | sed 's/>64</>128</' | vdom-define >/dev/null
	run vdom-snapshot-revert web1 up
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(vdom-state web1)" = running ]
	vdom-dumpxml --inactive web1 | grep -q "<memory unit='KiB'>65536</memory>"
}

@test "vdom-snapshot-revert: a shut-off snapshot stops a running guest; a paused one stays paused" {
	vdom-snapshot-create --name off web1 >/dev/null
	vdom-start web1 >/dev/null
	vdom-suspend web1 >/dev/null
	vdom-snapshot-create --name p web1 >/dev/null
	vdom-resume web1 >/dev/null
	vdom-snapshot-revert web1 off >/dev/null
	[ "$(vdom-state web1)" = "shut off" ]
	vdom-snapshot-revert web1 p >/dev/null
	[ "$(vdom-state web1)" = paused ]
}

@test "vdom-snapshot-revert: an unknown snapshot name: one line, exit 1, nothing changed" {
	vdom-start web1 >/dev/null
	vdom-snapshot-create --name s1 web1 >/dev/null
	before=$(vdom-dumpxml web1)
	run vdom-snapshot-revert web1 nosuch
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"web1: no snapshot named 'nosuch'"* ]]
	[ "$(vdom-state web1)" = running ]
	[ "$(vdom-dumpxml web1)" = "$before" ]
	run vdom-snapshot-dumpxml web1 nosuch
	[ "$status" -eq 1 ]
	run vdom-snapshot-delete web1 nosuch
	[ "$status" -eq 1 ]
	[[ "$output" == *"no snapshot named 'nosuch'"* ]]
}

@test "vdom-snapshot-delete: children move up to the parent; --children takes them too" {
	vdom-snapshot-create --name a web1 >/dev/null
	vdom-snapshot-create --name b web1 >/dev/null
	vdom-snapshot-create --name c web1 >/dev/null
	run vdom-snapshot-delete web1 b
	[ "$output" = changed ]
	run vdom-snapshot-list --tree web1
	[ "$output" = "a
  c" ]
	vdom-snapshot-delete --children web1 a >/dev/null
	run vdom-snapshot-list --name web1
	[ -z "$output" ]
}

@test "vdom-snapshot-*: a guest that does not exist, and a bad snapshot name" {
	run vdom-snapshot-list nosuch
	[ "$status" -eq 1 ]
	[[ "$output" == *"nosuch: no such domain"* ]]
	run vdom-snapshot-create --name 'a/b' web1
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
}
