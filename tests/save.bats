#!/usr/bin/env bats
# vdom-save, vdom-restore, vdom-managedsave, vdom-managedsave-remove,
# vdom-rename: on the test driver (the simulated guest's clock is its
# state), on QEMU with a real TCG guest (QMP migrate to the image,
# migrate-incoming from it) and rename on the qemu and lxc stores
load common
bats_require_minimum_version 1.5.0

QEMU_BIN=qemu-system-x86_64

setup() {
	vc_scratch
	unset VIRTCORE_TEST_KILL_AT
	vc_guest_xml g1 | vdom-define >/dev/null
	vc_guest_xml g2 | vdom-define >/dev/null
}

teardown() {
	if [ -n "${QT:-}" ]; then
		for n in $(vdom-list --name 2>/dev/null); do
			vdom-destroy "$n" >/dev/null 2>&1 || true
		done
		for n in "$QT"/run/virtcore/qemu/*.pid; do
			[ -f "$n" ] && kill "$(cut -d' ' -f1 "$n")" 2>/dev/null
		done
		rm -rf "$QT"
	fi
	if [ -n "${LXN:-}" ]; then
		vdom-undefine -c lxc:///system "$LXN" >/dev/null 2>&1 || true
		vdom-undefine -c lxc:///system "$LXN-new" >/dev/null 2>&1 || true
	fi
	vc_cleanup
}

# the files beside an image: none but it (no temp left behind)
only_image() {
	[ "$(ls "$SCRATCH" | grep -c "^$1")" -eq 1 ] && [ -f "$SCRATCH/$1" ]
}

uuid_of() {
	vdom-info "$1" | sed -n 's/^UUID:\t//p'
}

# ---- save and restore on the test driver ----

@test "vdom-save: a running guest goes into the image and stops; vdom-restore brings it back" {
	vdom-start g1 >/dev/null
	u=$(uuid_of g1)
	run vdom-save g1 "$SCRATCH/g1.img"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-state g1
	[ "$output" = "shut off" ]
	only_image g1.img
	# the header, then the guest's config: restore needs just the file
	[ "$(head -1 "$SCRATCH/g1.img")" = "VIRTCORE-SAVE 1" ]
	grep -q '^state running$' "$SCRATCH/g1.img"
	grep -aq '<name>g1</name>' "$SCRATCH/g1.img"
	run vdom-restore --print-name "$SCRATCH/g1.img"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = g1 ]
	[ "${lines[1]}" = changed ]
	run vdom-state g1
	[ "$output" = running ]
	[ "$(uuid_of g1)" = "$u" ]
	# virsh restore keeps the file
	[ -f "$SCRATCH/g1.img" ]
}

@test "vdom-save --paused: the restored guest is paused; vdom-restore --running overrides" {
	vdom-start g1 >/dev/null
	vdom-save --paused g1 "$SCRATCH/p.img" >/dev/null
	grep -q '^state paused$' "$SCRATCH/p.img"
	vdom-restore "$SCRATCH/p.img" >/dev/null
	[ "$(vdom-state g1)" = paused ]
	vdom-destroy g1 >/dev/null
	vdom-restore --running "$SCRATCH/p.img" >/dev/null
	[ "$(vdom-state g1)" = running ]
}

@test "vdom-save: a paused guest comes back paused" {
	vdom-start g1 >/dev/null
	vdom-suspend g1 >/dev/null
	vdom-save g1 "$SCRATCH/p.img" >/dev/null
	vdom-restore "$SCRATCH/p.img" >/dev/null
	[ "$(vdom-state g1)" = paused ]
}

@test "vdom-save: a shut-off guest: one line naming it, exit 1, no file" {
	run vdom-save g1 "$SCRATCH/g1.img"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"g1: domain is not running"* ]]
	[ -z "$(ls "$SCRATCH" | grep g1.img)" ]
	run vdom-save nosuch "$SCRATCH/x.img"
	[ "$status" -eq 1 ]
	[[ "$output" == *"nosuch: no such domain"* ]]
}

@test "vdom-save --check: says changed, the guest runs on, no file" {
	vdom-start g1 >/dev/null
	run vdom-save --check g1 "$SCRATCH/g1.img"
	[ "$output" = changed ]
	[ "$(vdom-state g1)" = running ]
	[ ! -e "$SCRATCH/g1.img" ]
}

@test "vdom-save: into a directory that does not exist: one line, the guest runs on" {
	vdom-start g1 >/dev/null
	run vdom-save g1 "$SCRATCH/nodir/g1.img"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"g1: create $SCRATCH/nodir/g1.img.tmp."* ]]
	[ "$(vdom-state g1)" = running ]
}

@test "vdom-save: killed after the stream, before the rename: no image, the guest still there" {
	vdom-start g1 >/dev/null
	run env VIRTCORE_TEST_KILL_AT=save-streamed vdom-save g1 "$SCRATCH/g1.img"
	[ "$status" -ne 0 ]
	[ ! -e "$SCRATCH/g1.img" ]
	run vdom-state g1
	[ "$output" = paused ]
	# the next save takes the dead run's temp away
	vdom-resume g1 >/dev/null
	vdom-save g1 "$SCRATCH/g1.img" >/dev/null
	only_image g1.img
}

@test "vdom-restore: not an image, a truncated one, a missing file: one line naming the file, exit 1" {
	echo junk > "$SCRATCH/junk"
	run vdom-restore "$SCRATCH/junk"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$SCRATCH/junk: not a virtcore save image"* ]]
	vdom-start g1 >/dev/null
	vdom-save g1 "$SCRATCH/g1.img" >/dev/null
	head -c 4100 "$SCRATCH/g1.img" > "$SCRATCH/short.img"
	run vdom-restore "$SCRATCH/short.img"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$SCRATCH/short.img: truncated save image: 4100 bytes, its header says"* ]]
	head -c 200 "$SCRATCH/g1.img" > "$SCRATCH/short2.img"
	run vdom-restore "$SCRATCH/short2.img"
	[ "$status" -eq 1 ]
	[[ "$output" == *"short2.img: "* ]]
	run vdom-restore "$SCRATCH/none.img"
	[ "$status" -eq 1 ]
	[[ "$output" == *"none.img: open: No such file or directory"* ]]
	[ "$(vdom-state g1)" = "shut off" ]
	run vdom-restore
	[ "$status" -eq 2 ]
}

@test "vdom-restore: a guest of that name running: one line naming it, it runs on untouched" {
	vdom-start g1 >/dev/null
	vdom-save g1 "$SCRATCH/g1.img" >/dev/null
	vdom-start g1 >/dev/null
	id=$(vdom-info g1 | sed -n 's/^Id:\t//p')
	run vdom-restore "$SCRATCH/g1.img"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"g1: domain is already active"* ]]
	[ "$(vdom-info g1 | sed -n 's/^Id:\t//p')" = "$id" ]
}

@test "vdom-restore: a guest redefined with another uuid is refused" {
	vdom-start g1 >/dev/null
	vdom-save g1 "$SCRATCH/g1.img" >/dev/null
	vdom-undefine g1 >/dev/null
	vc_guest_xml g1 | vdom-define >/dev/null
	run vdom-restore "$SCRATCH/g1.img"
	[ "$status" -eq 1 ]
	[[ "$output" == *"g1: defined with another uuid"* ]]
}

@test "vdom-restore: an undefined guest comes back transient" {
	vdom-start g1 >/dev/null
	vdom-save g1 "$SCRATCH/g1.img" >/dev/null
	vdom-undefine g1 >/dev/null
	run vdom-restore "$SCRATCH/g1.img"
	[ "$status" -eq 0 ]
	run vdom-info g1
	grep -qx $'Persistent:\tno' <<<"$output"
	grep -qx $'State:\trunning' <<<"$output"
}

@test "vdom-restore: an image of another driver is refused" {
	vdom-start g1 >/dev/null
	vdom-save g1 "$SCRATCH/g1.img" >/dev/null
	sed -i '2s/^driver test$/driver qemu/' "$SCRATCH/g1.img"
	run vdom-restore "$SCRATCH/g1.img"
	[ "$status" -eq 1 ]
	[[ "$output" == *"g1.img: a save image of the qemu driver, not test"* ]]
}

# ---- managed save ----

@test "vdom-managedsave: shut off and 'saved'; vdom-start goes on from the image, then removes it" {
	vdom-start g1 >/dev/null
	vdom-suspend g1 >/dev/null
	run vdom-managedsave g1
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-list --all --managed-save
	[ "${lines[0]}" = $'-\tg1\tsaved' ]
	[ "${lines[1]}" = $'-\tg2\tshut off' ]
	run vdom-list --all
	[ "${lines[0]}" = $'-\tg1\tshut off' ]
	run vdom-list --with-managed-save --name
	[ "$output" = g1 ]
	run vdom-list --without-managed-save --name
	[ "$output" = g2 ]
	run vdom-info g1
	grep -qx $'Managed save:\tyes' <<<"$output"
	grep -qx $'State:\tshut off' <<<"$output"
	[ "$(vdom-info --json g1 | jq .managed_save)" = true ]
	[ -f "$SCRATCH/save/g1.save" ]
	run vdom-start g1
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	# paused when saved: paused again
	[ "$(vdom-state g1)" = paused ]
	[ ! -e "$SCRATCH/save/g1.save" ]
	run vdom-info g1
	grep -qx $'Managed save:\tno' <<<"$output"
}

@test "vdom-managedsave-remove: the next start boots; again is unchanged" {
	vdom-start g1 >/dev/null
	vdom-managedsave g1 >/dev/null
	run vdom-managedsave-remove --check g1
	[ "$output" = changed ]
	[ -f "$SCRATCH/save/g1.save" ]
	run vdom-managedsave-remove g1
	[ "$output" = changed ]
	run vdom-managedsave-remove g1
	[ "$output" = unchanged ]
	vdom-start g1 >/dev/null
	[ "$(vdom-state g1)" = running ]
}

@test "vdom-managedsave: a transient guest and a shut-off one are refused; undefine waits for the image" {
	run vdom-managedsave g1
	[ "$status" -eq 1 ]
	[[ "$output" == *"g1: domain is not running"* ]]
	vdom-start g1 >/dev/null
	vdom-undefine g1 >/dev/null
	run vdom-managedsave g1
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"g1: cannot do a managed save of a transient domain"* ]]
	vdom-start g2 >/dev/null
	vdom-managedsave g2 >/dev/null
	run vdom-undefine g2
	[ "$status" -eq 1 ]
	[[ "$output" == *"g2: refusing to undefine while a managed save image exists"* ]]
	[ -f "$SCRATCH/conf/g2.xml" ]
}

@test "vdom-start: a damaged managed save image: one line naming it, nothing started" {
	vdom-start g1 >/dev/null
	vdom-managedsave g1 >/dev/null
	truncate -s 4100 "$SCRATCH/save/g1.save"
	run vdom-start g1
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"g1: start from its managed save image"*"truncated save image"* ]]
	[ "$(vdom-state g1)" = "shut off" ]
	vdom-managedsave-remove g1 >/dev/null
	vdom-start g1 >/dev/null
}

# ---- rename ----

@test "vdom-rename: a shut-off guest gets the new name, keeps its uuid; autostart follows" {
	u=$(uuid_of g1)
	vdom-autostart g1 >/dev/null
	run vdom-rename g1 web
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-list --all --name
	[ "$output" = "g2
web" ]
	[ "$(uuid_of web)" = "$u" ]
	vdom-dumpxml web | grep -q '<name>web</name>'
	[ ! -e "$SCRATCH/conf/g1.xml" ]
	[ -e "$SCRATCH/conf/autostart/web" ] && [ ! -e "$SCRATCH/conf/autostart/g1" ]
	run vdom-rename web web
	[ "$output" = unchanged ]
	run vdom-rename --check web g1
	[ "$output" = changed ]
	[ -e "$SCRATCH/conf/web.xml" ]
}

@test "vdom-rename: running, taken, hostile, with snapshots or a managed save: one line, nothing changed" {
	before=$(cat "$SCRATCH/conf/g1.xml")
	run vdom-rename g1 g2
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"g1: cannot rename to g2: a domain of that name exists already"* ]]
	for bad in 'a/b' '../x' '.hidden' ''; do
		run vdom-rename g1 "$bad"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == *"g1: rename: domain name"* ]]
	done
	vdom-start g1 >/dev/null
	run vdom-rename g1 new
	[ "$status" -eq 1 ]
	[[ "$output" == *"g1: domain has to be shut off before renaming (it is running)"* ]]
	vdom-managedsave g1 >/dev/null
	run vdom-rename g1 new
	[ "$status" -eq 1 ]
	[[ "$output" == *"g1: cannot rename a domain with a managed save image"* ]]
	vdom-managedsave-remove g1 >/dev/null
	vdom-snapshot-create --name s1 g1 >/dev/null
	run vdom-rename g1 new
	[ "$status" -eq 1 ]
	[[ "$output" == *"g1: cannot rename a domain with snapshots"* ]]
	[ "$(cat "$SCRATCH/conf/g1.xml")" = "$before" ]
	[ ! -e "$SCRATCH/conf/new.xml" ]
	# a refusal makes no file for the new name, not even its lock
	[ -z "$(ls -a "$SCRATCH/conf" | grep -e new -e hidden)" ]
	run vdom-rename nosuch x
	[ "$status" -eq 1 ]
	[[ "$output" == *"nosuch: no such domain"* ]]
}

@test "vdom-rename: killed before the commit it is the old guest; after it the new one; never two" {
	run env VIRTCORE_TEST_KILL_AT=domrename-rewritten vdom-rename g1 web
	[ "$status" -ne 0 ]
	run vdom-list --all --name
	[ "$output" = "g1
g2" ]
	vdom-dumpxml g1 | grep -q '<name>g1</name>'
	vdom-start g1 >/dev/null
	[ "$(vdom-list --name)" = g1 ]
	vdom-destroy g1 >/dev/null
	run env VIRTCORE_TEST_KILL_AT=domrename-committed vdom-rename g1 web
	[ "$status" -ne 0 ]
	run vdom-list --all --name
	[ "$output" = "g2
web" ]
	vdom-dumpxml web | grep -q '<name>web</name>'
}

@test "vdom-rename: the qemu driver's store renames the config (no QEMU needed)" {
	export XDG_CONFIG_HOME=$SCRATCH/qcfg XDG_RUNTIME_DIR=$SCRATCH/qrun XDG_STATE_HOME=$SCRATCH/qstate
	export VIRTCORE_URI=qemu:///session
	vc_guest_xml q1 | vdom-define >/dev/null
	run vdom-rename q1 q2
	[ "$status" -eq 0 ]
	[ -f "$SCRATCH/qcfg/virtcore/qemu/q2.xml" ] && [ ! -e "$SCRATCH/qcfg/virtcore/qemu/q1.xml" ]
	grep -q '<name>q2</name>' "$SCRATCH/qcfg/virtcore/qemu/q2.xml"
}

@test "vdom-rename: the lxc driver's store renames the config" {
	[ "$(id -u)" = 0 ] || skip "lxc:///system is root's URI"
	LXN=vcsave$$
	cat <<XML | vdom-define -c lxc:///system >/dev/null
<domain type='lxc'><name>$LXN</name><memory unit='MiB'>32</memory>
<os><type>exe</type><init>/bin/sh</init></os>
<devices><filesystem type='mount'><source dir='/'/><target dir='/'/></filesystem></devices></domain>
XML
	run vdom-rename -c lxc:///system "$LXN" "$LXN-new"
	[ "$status" -eq 0 ]
	run vdom-dumpxml -c lxc:///system "$LXN-new"
	grep -q "<name>$LXN-new</name>" <<<"$output"
	run vdom-dumpxml -c lxc:///system "$LXN"
	[ "$status" -eq 1 ]
}

@test "xen: rename works on its store; save is unsupported in one line, the guest runs on" {
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	export XL_STATE=$SCRATCH/xl VIRTCORE_URI=xen:///session
	mkdir -p "$XDG_RUNTIME_DIR"
	PATH=$VC_TOP/tests/fixtures:$PATH
	cat <<'XML' | vdom-define >/dev/null
<domain type='xen'>
  <name>x1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64' machine='xenpv'>linux</type><kernel>/boot/vmlinuz</kernel></os>
</domain>
XML
	run vdom-rename x1 x2
	[ "$status" -eq 0 ]
	[ "$(vdom-list --all --name)" = x2 ]
	vdom-start x2 >/dev/null
	run --separate-stderr vdom-save x2 "$SCRATCH/x2.img"
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-save: x2: save is unsupported by the xen driver" ]
	[ ! -e "$SCRATCH/x2.img" ]
	[ "$(vdom-state x2)" = running ]
}

@test "vbox: a driver that keeps its own inventory says rename and save are unsupported" {
	[ -x /usr/bin/python3 ] || skip "python3 is needed by the VBoxManage stand-in"
	export VBOX_USER_HOME=$SCRATCH/vbox VIRTCORE_URI=vbox:///session
	mkdir -p "$VBOX_USER_HOME"
	PATH=$VC_TOP/tests/fixtures:$PATH
	printf "<domain type='vbox'><name>v1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>\n" | vdom-define >/dev/null
	run --separate-stderr vdom-rename v1 v2
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-rename: v1: rename is unsupported by the vbox driver" ]
	run --separate-stderr vdom-managedsave v1
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-managedsave: v1: managedsave is unsupported by the vbox driver" ]
}

@test "vsh: save, restore, managedsave, managedsave-remove, domrename run the tools" {
	vdom-start g1 >/dev/null
	run vsh -c "$VIRTCORE_URI" save g1 "$SCRATCH/v.img"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vsh -c "$VIRTCORE_URI" restore "$SCRATCH/v.img"
	[ "$output" = changed ]
	run vsh -c "$VIRTCORE_URI" managedsave g1
	[ "$output" = changed ]
	run vsh -c "$VIRTCORE_URI" managedsave-remove g1
	[ "$output" = changed ]
	run vsh -c "$VIRTCORE_URI" domrename g2 g3
	[ "$output" = changed ]
}

# ---- QEMU: a real TCG guest ----

wait_for() {
	local t=$1 i=0
	shift
	while [ $i -lt $((t * 10)) ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

console_has() {
	vdom-console --log "$1" 2>/dev/null | grep -q "$2"
}

# type a line on the guest's console; its /init answers VIRTCORE-ECHO LINE.
# vdom-console's stdin stays open until the answer is there (QEMU drops
# what the guest has not read yet when the console's client goes)
console_say() {
	local r=0
	{ printf '%s\n' "$2"; wait_for 60 console_has "$1" "VIRTCORE-ECHO $2" || true; } |
		vdom-console "$1" >/dev/null 2>&1 || true
	console_has "$1" "VIRTCORE-ECHO $2" || r=1
	[ $r -eq 0 ] || vdom-console --log "$1" | tail -5 >&3
	return $r
}

qemu_guest() {
	command -v $QEMU_BIN >/dev/null || skip "$QEMU_BIN is not installed"
	local out
	out=$(sh "$VC_TOP/tests/fixtures/mkguest" "$VC_TOP/build/guest") || skip "mkguest failed"
	QT=$(mktemp -d /tmp/vcsave.XXXXXX)
	mkdir -p "$QT/run" "$QT/cfg" "$QT/state"
	export XDG_RUNTIME_DIR=$QT/run XDG_CONFIG_HOME=$QT/cfg XDG_STATE_HOME=$QT/state HOME=$QT
	export VIRTCORE_URI=qemu:///session
	truncate -s 16M "$QT/$1.img"
	cat > "$QT/$1.xml" <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$(echo "$out" | sed -n 1p)</kernel>
    <initrd>$(echo "$out" | sed -n 2p)</initrd>
    <cmdline>console=ttyS0 quiet panic=-1</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$QT/$1.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>
XML
	vdom-define "$QT/$1.xml" >/dev/null
	vdom-start "$1" >/dev/null
	wait_for 120 console_has "$1" VIRTCORE-GUEST-UP
	console_say "$1" "before-$RANDOM"
}

# the guest did not boot again: its console shows one boot, and answers
same_run() {
	[ "$(vdom-console --log "$1" | grep -c VIRTCORE-GUEST-UP)" -eq 1 ]
	vdom-console --log "$1" | grep -q "VIRTCORE-ECHO before-"
	console_say "$1" "after-$RANDOM"
}

ms() { date +%s%3N; }

@test "qemu: vdom-save stops a TCG guest into its image; vdom-restore resumes it, console marker kept" {
	qemu_guest sq
	t0=$(ms)
	run vdom-save sq "$QT/sq.save"
	t1=$(ms)
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(vdom-state sq)" = "shut off" ]
	[ ! -e "$QT/run/virtcore/qemu/sq.pid" ]
	[ "$(ls "$QT" | grep -c '^sq.save')" -eq 1 ]
	grep -aq '<name>sq</name>' "$QT/sq.save"
	t2=$(ms)
	run vdom-restore "$QT/sq.save"
	t3=$(ms)
	[ "$status" -eq 0 ]
	[ "$(vdom-state sq)" = running ]
	same_run sq
	echo "# save $((t1 - t0)) ms, restore $((t3 - t2)) ms, image $(stat -c %s "$QT/sq.save") bytes" >&3
	# the one running: a second restore is refused, the guest untouched
	run vdom-restore "$QT/sq.save"
	[ "$status" -eq 1 ]
	[[ "$output" == *"sq: domain is already active"* ]]
	console_say sq "still-$RANDOM"
}

@test "qemu: vdom-managedsave then vdom-start resumes the guest, console marker kept" {
	qemu_guest mq
	run vdom-managedsave mq
	[ "$status" -eq 0 ]
	run vdom-list --all --managed-save
	[ "$output" = $'-\tmq\tsaved' ]
	[ -f "$QT/state/virtcore/qemu/save/mq.save" ]
	run vdom-start mq
	[ "$status" -eq 0 ]
	[ "$(vdom-state mq)" = running ]
	[ ! -e "$QT/state/virtcore/qemu/save/mq.save" ]
	same_run mq
}

@test "qemu: a damaged migration stream: one line, exit 1, no QEMU left, the guest shut off" {
	qemu_guest dq
	vdom-save dq "$QT/dq.save" >/dev/null
	printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' |
		dd of="$QT/dq.save" bs=1 seek=4200 conv=notrunc 2>/dev/null
	run vdom-restore "$QT/dq.save"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"dq: restore from $QT/dq.save: "*"load of migration failed"* ]]
	[ "$(vdom-state dq)" = "shut off" ]
	[ ! -e "$QT/run/virtcore/qemu/dq.pid" ]
	run vdom-save dq "$QT/dq2.save"
	[ "$status" -eq 1 ]
	[[ "$output" == *"dq: domain is not running"* ]]
	[ ! -e "$QT/dq2.save" ]
}
