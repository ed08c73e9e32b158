#!/usr/bin/env bats
# bhyve: the bhyve-argv native format (tests/data/bhyve), libvirt's
# bhyvexml2argv cases when ../shared is there, and the bhyve:///system
# driver against recording bhyve, bhyvectl, bhyveload (tests/fixtures)

load common

setup() { vc_scratch; }
teardown() {
	# a stand-in bhyve a failed test left running, by its recorded pid
	for f in "$SCRATCH"/r/virtcore/bhyve/*.pid; do
		[ -f "$f" ] || continue
		kill -KILL "$(cat "$f")" 2>/dev/null && wait_gone "$(cat "$f")"
	done
	vc_cleanup
}

BHDATA=$VC_TOP/tests/data/bhyve

@test "bhyve-argv: each NAME.xml gives the loader's and bhyve's lines of NAME.args" {
	n=0
	for f in "$BHDATA"/*.xml; do
		case $(basename "$f") in bad-*) continue;; esac
		run vdom-to-native --format bhyve-argv "$f"
		if [ "$status" -ne 0 ] || [ "$output" != "$(cat "${f%.xml}.args")" ]; then
			diff -u "${f%.xml}.args" <(printf '%s\n' "$output") || true
			return 1
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 2 ]
}

@test "bhyve-argv: what bhyve cannot run is refused with one line naming it" {
	n=0
	for f in "$BHDATA"/bad-*.xml; do
		run vdom-to-native --format bhyve-argv "$f"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		if [ "$output" != "$(cat "${f%.xml}.err")" ]; then echo "$f: $output"; return 1; fi
		n=$((n + 1))
	done
	[ "$n" -ge 6 ]
}

@test "bhyve-argv: reads the domain on stdin" {
	run sh -c "vdom-to-native --format bhyve-argv < '$BHDATA/grub-cdrom.xml'"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$BHDATA/grub-cdrom.args")" ]
}

@test "bhyve-argv: libvirt's bhyvexml2argv cases (skipped without ../shared)" {
	run_=$VC_TOP/../shared/conformance/run
	[ -x "$run_" ] || skip "../shared/conformance is absent"
	run "$run_" --kind bhyve-argv --bin "$VC_BIN"
	echo "$output"
	ok=$(printf '%s\n' "$output" | sed -n 's|^bhyve-argv to-native: \([0-9]*\)/.*|\1|p')
	[ "$ok" -ge 35 ]
}

@test "bhyve-argv: vdom-from-native | vdom-to-native gives each NAME.args back" {
	for f in "$BHDATA"/*.args; do
		run sh -c "vdom-from-native --format bhyve-argv < '$f' 2>/dev/null | vdom-to-native --format bhyve-argv"
		[ "$status" -eq 0 ]
		if [ "$output" != "$(cat "$f")" ]; then echo "$f: $output"; return 1; fi
	done
}

@test "bhyve-argv: from native, what the command line lacks is named (the bridge)" {
	run vdom-from-native --format bhyve-argv "$BHDATA/uefi-devices.args"
	[ "$status" -eq 0 ]
	[[ "$output" == *"uefi-devices.args:1: dropped: -s 2:0,e1000,tap7,mac=52:54:00:12:34:56: bhyve's command line names no bridge: bridge0 assumed"* ]]
	run vdom-from-native --strict --format bhyve-argv "$BHDATA/uefi-devices.args"
	[ "$status" -eq 1 ]
}

@test "bhyve-argv: bad command lines fail with one line naming the line" {
	cd "$SCRATCH"
	printf 'bhyveload -m 64 -d /x.img g\nbhyve -c 1 -m 64 -Q g\n' > a1
	printf 'bhyve -c 1 -m 64 -s 2:0,floppy,/x g\n' > a2
	printf 'bhyve -c 1 -s 0:0,hostbridge g\n' > a3
	printf 'bhyve -c 1 -m 64 -s 40:0,virtio-rnd g\n' > a4
	printf 'bhyveload -m 64 g\n' > a5
	for f in a1 a2 a3 a4 a5; do
		run vdom-from-native --format bhyve-argv "$f"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		echo "$output" >> errs
	done
	[ "$(cat errs)" = "vdom-from-native: a1:2: bhyve: '-Q': unknown option
vdom-from-native: a2:1: -s 2:0,floppy,/x: unknown device 'floppy'
vdom-from-native: a3:1: bhyve: no -m (memory)
vdom-from-native: a4:1: -s 40:0,virtio-rnd: slot '40': expected 0-31
vdom-from-native: a5: no bhyve command line" ]
}

@test "bhyve-argv: libvirt's argv files convert to XML and back (skipped without ../shared)" {
	dir=$VC_TOP/../shared/conformance/native/bhyvexml2argvdata
	[ -d "$dir" ] || skip "../shared/conformance is absent"
	ok=0
	for a in "$dir"/*.args; do
		n=${a%.args}
		{ [ -f "$n.ldargs" ] && cat "$n.ldargs"; cat "$a"; } > "$SCRATCH/in"
		VIRTCORE_CONFORMANCE=1 vdom-from-native --format bhyve-argv "$SCRATCH/in" > "$SCRATCH/x.xml" 2>/dev/null || continue
		VIRTCORE_CONFORMANCE=1 vdom-to-native --format bhyve-argv "$SCRATCH/x.xml" > "$SCRATCH/out" || continue
		[ "$(tr -d '\\' < "$SCRATCH/in" | tr -s ' \n' '\n\n')" = "$(tr -s ' \n' '\n\n' < "$SCRATCH/out")" ] && ok=$((ok + 1))
	done
	echo "$ok round trips"
	# the rest: an older bhyve's ahci-hd syntax and grub without --cons-dev, <bhyve:commandline>
	[ "$ok" -ge 36 ]
}

# ---- the bhyve driver against tests/fixtures/freebsd ----

bhyve_env() {
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	export BHYVE_STATE=$SCRATCH/bh VIRTCORE_URI=bhyve:///session
	mkdir -p "$XDG_RUNTIME_DIR"
	PATH=$VC_TOP/tests/fixtures/freebsd:$PATH
	LOG=$BHYVE_STATE/calls.log
	RUN=$XDG_RUNTIME_DIR/virtcore/bhyve
}

# the driver's commands (the "bhyve" line bhyve itself logs once daemon
# started it is left out: it comes when it comes)
calls() { grep -v '^bhyve ' "$LOG"; }

guest() {   # name, bootloader element, extra devices
	cat <<XML
<domain type='bhyve'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  $2
  <os><type>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='file' type='raw'/>
      <source file='/vm/$1.img'/>
      <target dev='hda' bus='sata'/>
    </disk>
$3
  </devices>
</domain>
XML
}

NIC="<interface type='bridge'><mac address='52:54:00:00:00:42'/><source bridge='bridge0'/><model type='virtio'/></interface>"
COM="<serial type='nmdm'><source master='/dev/nmdm3A' slave='/dev/nmdm3B'/></serial>"

bhyve_line() {
	echo "daemon -p $RUN/$1.pid -o $RUN/$1.log bhyve -c 1 -m 256 -u -H -P -s 0:0,hostbridge -s 1:0,lpc -s 2:0,ahci,hd:/vm/$1.img -s 3:0,virtio-net,tap0,mac=52:54:00:00:00:42 -l com1,/dev/nmdm3A $1"
}

wait_gone() {   # pid: poll with a deadline (a zombie nobody reaps counts as gone)
	for _ in $(seq 100); do
		st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 0
		[ "$st" = Z ] && return 0
		sleep 0.05
	done
	return 1
}

@test "bhyve: define runs nothing; start makes the tap, runs the loader, then bhyve under daemon" {
	bhyve_env
	guest b1 "" "$NIC
$COM" > "$SCRATCH/b1.xml"
	vdom-define "$SCRATCH/b1.xml"
	[ ! -e "$LOG" ]
	run vdom-start b1
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(calls)" = "ifconfig tap create
ifconfig bridge0 addm tap0
ifconfig tap0 up
bhyveload -m 256 -d /vm/b1.img b1
$(bhyve_line b1)" ]
	pid=$(cat "$RUN/b1.pid")
	kill -0 "$pid"
	run vdom-list
	[ "$output" = "1	b1	running" ]
	vdom-dumpxml b1 | grep -q "<target dev='tap0'/>"
	grep -q '"tap0"' "$BHYVE_STATE/state.json"
}

@test "bhyve: destroy goes through bhyvectl --destroy and takes the tap away" {
	bhyve_env
	guest b2 "" "$NIC
$COM" > "$SCRATCH/b2.xml"
	vdom-define "$SCRATCH/b2.xml" && vdom-start b2
	pid=$(cat "$RUN/b2.pid")
	: > "$LOG"
	run vdom-destroy b2
	[ "$status" -eq 0 ]
	[ "$(calls)" = "bhyvectl --destroy --vm=b2
ifconfig tap0 destroy" ]
	wait_gone "$pid"
	[ ! -e "$RUN/b2.pid" ]
	run vdom-state b2
	[ "$output" = "shut off" ]
	! grep -q tap0 "$BHYVE_STATE/state.json"
}

@test "bhyve: shutdown is bhyve's ACPI power button; after --timeout the VM is destroyed" {
	bhyve_env
	guest b3 "" "$NIC
$COM" > "$SCRATCH/b3.xml"
	vdom-define "$SCRATCH/b3.xml" && vdom-start b3
	pid=$(cat "$RUN/b3.pid")
	: > "$LOG"
	run vdom-shutdown --timeout 10 b3
	[ "$status" -eq 0 ]
	wait_gone "$pid"
	[ "$(calls)" = "bhyvectl --destroy --vm=b3
ifconfig tap0 destroy" ]
	[ "$(vdom-state b3)" = "shut off" ]
	vdom-start b3
	pid=$(cat "$RUN/b3.pid")
	BHYVE_ACPI=ignore vdom-destroy b3 >/dev/null
	wait_gone "$pid"
	vdom-start b3
	pid=$(cat "$RUN/b3.pid")
	kill -STOP "$pid"      # deaf to the power button
	run vdom-shutdown --timeout 1 b3
	kill -CONT "$pid" 2>/dev/null || true
	[ "$status" -eq 0 ]
	wait_gone "$pid"
	[ "$(vdom-state b3)" = "shut off" ]
	[ "$(tail -2 "$LOG")" = "bhyvectl --destroy --vm=b3
ifconfig tap0 destroy" ]
}

@test "bhyve: a bhyve that exits is noticed: its VM and tap are cleaned up" {
	bhyve_env
	guest b4 "" "$NIC
$COM" > "$SCRATCH/b4.xml"
	vdom-define "$SCRATCH/b4.xml" && vdom-start b4
	pid=$(cat "$RUN/b4.pid")
	kill -TERM "$pid"
	wait_gone "$pid"
	run vdom-list --all
	[ "$output" = "-	b4	shut off" ]
	[ "$(tail -2 "$LOG")" = "bhyvectl --destroy --vm=b4
ifconfig tap0 destroy" ]
	grep -q '"vms": {}' "$BHYVE_STATE/state.json"
}

@test "bhyve: grub-bhyve boots from a device map in the run dir" {
	bhyve_env
	guest b5 "<bootloader>grub-bhyve</bootloader>" "$COM" > "$SCRATCH/b5.xml"
	vdom-define "$SCRATCH/b5.xml" && vdom-start b5
	grep -qx "grub-bhyve --root hd0,msdos1 --device-map $RUN/b5.devmap --memory 256 --cons-dev /dev/nmdm3A b5" "$LOG"
	[ "$(cat "$RUN/b5.devmap")" = "(hd0) /vm/b5.img" ]
	vdom-destroy b5
	[ ! -e "$RUN/b5.devmap" ]
}

@test "bhyve: a failed start undoes it: no tap, no VM, no record" {
	bhyve_env
	guest b6 "" "$NIC
$COM" > "$SCRATCH/b6.xml"
	vdom-define "$SCRATCH/b6.xml"
	BHYVE_FAIL=bhyveload run vdom-start b6
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"b6: start: bhyveload: bhyveload: the stand-in was told to fail"* ]]
	[ "$(calls)" = "ifconfig tap create
ifconfig bridge0 addm tap0
ifconfig tap0 up
bhyveload -m 256 -d /vm/b6.img b6
bhyvectl --destroy --vm=b6
ifconfig tap0 destroy" ]
	! grep -q tap0 "$BHYVE_STATE/state.json"
	[ "$(vdom-state b6)" = "shut off" ]
	[ ! -e "$RUN/b6.pid" ]
}

@test "bhyve: --dry-run prints the commands and changes nothing" {
	bhyve_env
	guest b7 "" "$NIC
$COM" > "$SCRATCH/b7.xml"
	vdom-define "$SCRATCH/b7.xml"
	run vdom-start --dry-run b7
	[ "$status" -eq 0 ]
	[[ "$output" == *"ifconfig tap create"* ]]
	[[ "$output" == *"bhyveload -m 256 -d /vm/b7.img b7"* ]]
	[[ "$output" == *"$(bhyve_line b7)"* ]]
	[ ! -e "$LOG" ]
	[ "$(vdom-state b7)" = "shut off" ]
}

@test "bhyve: without the FreeBSD tools, start says where they come from" {
	bhyve_env
	guest b8 > "$SCRATCH/b8.xml"
	vdom-define "$SCRATCH/b8.xml"
	PATH=$VC_BIN:/usr/bin:/bin run vdom-start b8
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"bhyveload"*"FreeBSD's base system"* ]]
}

@test "bhyve: define refuses what bhyve cannot run; attach is unsupported" {
	bhyve_env
	run vdom-define "$BHDATA/bad-two-tablets.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"xhci needs exactly one tablet"* ]]
	vc_guest_xml q9 > "$SCRATCH/q9.xml"
	run vdom-define "$SCRATCH/q9.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not supported by the bhyve driver"* ]]
	guest b9 > "$SCRATCH/b9.xml"
	vdom-define "$SCRATCH/b9.xml" && vdom-start b9
	echo "$NIC" > "$SCRATCH/nic.xml"
	run vdom-attach-device b9 "$SCRATCH/nic.xml" --live
	[ "$status" -eq 1 ]
	[[ "$output" == *"unsupported by the bhyve driver"* ]]
	vdom-destroy b9
}
