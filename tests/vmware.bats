#!/usr/bin/env bats
# vmware: the vmware-vmx native format (tests/data/vmx), libvirt's vmx2xml
# and xml2vmx cases when ../shared is there, and the VMware desktop driver
# (vmwarews://, vmwareplayer://, vmwarefusion://) against a stateful vmrun
# (tests/fixtures/vmrun)

load common
bats_require_minimum_version 1.5.0

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
	# the rest: <vmware:datacenterpath>, the virtualHW.version libvirt's
	# test picks per case (8, 9, 10), the implicit controllers of an unused slot
	[ "$from" -ge 59 ]
	[ "$to" -ge 43 ]
	[[ "$output" == *"1/1 invalid inputs refused"* ]]
}

# ---- the desktop driver against tests/fixtures/vmrun ----

vmw_env() {
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	export VMRUN_STATE=$SCRATCH/vmrun VIRTCORE_URI=vmwarews:///session
	mkdir -p "$XDG_RUNTIME_DIR" "$VMRUN_STATE"
	PATH=$VC_TOP/tests/fixtures:$PATH
	LOG=$VMRUN_STATE/calls.log
	DIR=$XDG_CONFIG_HOME/virtcore/vmwarews
	cat > "$SCRATCH/web.xml" <<-'X'
	<domain type='vmware'>
	  <name>web</name>
	  <uuid>8a5c7f0e-1b2d-4c3e-9f40-5a6b7c8d9e01</uuid>
	  <memory unit='KiB'>1048576</memory>
	  <vcpu>2</vcpu>
	  <os><type arch='x86_64'>hvm</type></os>
	  <devices>
	    <disk type='file' device='disk'>
	      <source file='/srv/vm/web.vmdk'/>
	      <target dev='sda' bus='scsi'/>
	    </disk>
	    <controller type='scsi' index='0' model='lsilogic'/>
	    <interface type='bridge'><mac address='00:50:56:01:02:03'/><source bridge='vmnet0'/><model type='e1000'/></interface>
	  </devices>
	</domain>
	X
}

# the vmrun commands run since the log was last cut, 'list' calls left out
calls() { grep -v ' list$' "$LOG" 2>/dev/null || true; : > "$LOG"; }

@test "vmwarews: define writes DIR/NAME.vmx, list/info/dumpxml read it back" {
	vmw_env
	run vdom-define "$SCRATCH/web.xml"
	[ "$output" = "changed" ]
	run vdom-define "$SCRATCH/web.xml"
	[ "$output" = "unchanged" ]
	grep -qx 'displayName = "web"' "$DIR/web.vmx"
	grep -qx 'uuid.bios = "8a 5c 7f 0e 1b 2d 4c 3e-9f 40 5a 6b 7c 8d 9e 01"' "$DIR/web.vmx"
	grep -qx 'scsi0:0.fileName = "/srv/vm/web.vmdk"' "$DIR/web.vmx"
	run vdom-list --all
	[ "$output" = "$(printf -- '-\tweb\tshut off')" ]
	run vdom-info web
	[[ "$output" == *"$(printf 'Type:\tvmware')"* ]]
	[[ "$output" == *"$(printf 'CPU(s):\t2')"* ]]
	run vdom-dumpxml 8a5c7f0e-1b2d-4c3e-9f40-5a6b7c8d9e01
	[ "$status" -eq 0 ]
	[[ "$output" == *"<source file='/srv/vm/web.vmdk'/>"* ]]
	[[ "$output" == *"<source bridge='vmnet0'/>"* ]]
	[ -z "$(calls)" ]
	sed 's/<vcpu>2</<vcpu>4</' "$SCRATCH/web.xml" > "$SCRATCH/web4.xml"
	run vdom-define "$SCRATCH/web4.xml"
	[ "$output" = "changed" ]
	grep -qx 'numvcpus = "4"' "$DIR/web.vmx"
}

@test "vmwarews: the life of a guest is vmrun's exact commands" {
	vmw_env
	vdom-define "$SCRATCH/web.xml"
	V=$DIR/web.vmx
	: > "$LOG"
	run vdom-start web
	[ "$output" = "changed" ]
	[ "$(calls)" = "vmrun -T ws start $V nogui" ]
	run vdom-list
	[ "$output" = "$(printf '1\tweb\trunning')" ]
	run vdom-start web
	[ "$output" = "unchanged" ]
	[ -z "$(calls)" ]
	run vdom-suspend web
	[ "$output" = "changed" ]
	[ "$(calls)" = "vmrun -T ws pause $V" ]
	run vdom-list
	[ "$output" = "$(printf '1\tweb\tpaused')" ]
	run vdom-suspend web
	[ "$output" = "unchanged" ]
	run vdom-resume web
	[ "$output" = "changed" ]
	[ "$(calls)" = "vmrun -T ws unpause $V" ]
	run vdom-reboot web
	[ "$(calls)" = "vmrun -T ws reset $V soft" ]
	run vdom-reset web
	[ "$(calls)" = "vmrun -T ws reset $V hard" ]
	run vdom-dumpxml web
	[[ "${lines[0]}" == "<domain type='vmware' id='1'>" ]]
	run vdom-shutdown web
	[ "$output" = "changed" ]
	[ "$(calls)" = "vmrun -T ws stop $V soft" ]
	run vdom-list --all
	[ "$output" = "$(printf -- '-\tweb\tshut off')" ]
	vdom-start web
	run vdom-destroy web
	[ "$output" = "changed" ]
	[ "$(calls)" = "$(printf 'vmrun -T ws start %s nogui\nvmrun -T ws stop %s hard' "$V" "$V")" ]
	run vdom-destroy web
	[ "$output" = "unchanged" ]
	run vdom-undefine web
	[ "$output" = "changed" ]
	[ ! -e "$V" ]
	run vdom-undefine --if-exists web
	[ "$output" = "unchanged" ]
}

@test "vmwarews: refusals: not running, running at undefine, vmrun's own error, no vmrun" {
	vmw_env
	vdom-define "$SCRATCH/web.xml"
	run vdom-suspend web
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-suspend: web: domain is not running" ]
	VMRUN_FAIL=start run vdom-start web
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: web: vmrun start: Error: The operation was canceled" ]
	run vdom-list --all
	[ "$output" = "$(printf -- '-\tweb\tshut off')" ]
	vdom-start web
	run vdom-undefine web
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-undefine: web: domain is running; destroy it first" ]
	[ -e "$DIR/web.vmx" ]
	run env PATH=/usr/bin:/bin "$VC_BIN/vdom-list"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-list: vmrun: command not found (it comes with VMware Workstation or Player)" ]
	sed "s/<name>web</<name>other</" "$SCRATCH/web.xml" > "$SCRATCH/other.xml"
	run vdom-define "$SCRATCH/other.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"other: uuid 8a5c7f0e-1b2d-4c3e-9f40-5a6b7c8d9e01 is guest 'web''s" ]]
	vc_guest_xml q1 > "$SCRATCH/q.xml"
	run vdom-define "$SCRATCH/q.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"q1: domain type 'qemu': the vmwarews driver runs type 'vmware'" ]]
	run vdom-list -c vmwarews:///system
	[ "$status" -ne 0 ]
	[[ "$output" == *"the vmwarews driver's URI is vmwarews:///session"* ]]
}

@test "vmwareplayer, vmwarefusion: the same driver, vmrun -T player / -T fusion" {
	vmw_env
	for p in player fusion; do
		export VIRTCORE_URI=vmware$p:///session
		vdom-define "$SCRATCH/web.xml"
		: > "$LOG"
		vdom-start web
		vdom-destroy web
		V=$XDG_CONFIG_HOME/virtcore/vmware$p/web.vmx
		[ "$(calls)" = "$(printf 'vmrun -T %s start %s nogui\nvmrun -T %s stop %s hard' "$p" "$V" "$p" "$V")" ]
	done
}

@test "vmwarews: --dry-run prints the vmrun command the guest's state calls for, changes nothing" {
	vmw_env
	run vdom-define --dry-run "$SCRATCH/web.xml"
	[ "$status" -eq 0 ]
	[[ "$output" == *'displayName = "web"'* ]]
	[ ! -e "$DIR/web.vmx" ]
	vdom-define "$SCRATCH/web.xml"
	V=$DIR/web.vmx
	run vdom-start --dry-run web
	[[ "$output" == *"vmrun -T ws start $V nogui"* ]]
	[ -z "$(calls)" ]
	run vdom-state web
	[ "$output" = "shut off" ]
	vdom-start web
	: > "$LOG"
	run vdom-suspend --dry-run web
	[[ "$output" == *"vmrun -T ws pause $V"* ]]
	run vdom-shutdown --dry-run web
	[[ "$output" == *"vmrun -T ws stop $V soft"* ]]
	[ -z "$(calls)" ]
	run vdom-state web
	[ "$output" = "running" ]
}

@test "vmware-vmx: what a .vmx cannot hold is named on stderr, one line each; --strict refuses it" {
	run --separate-stderr vdom-to-native --format vmware-vmx "$VMXDATA/drop-sound.xml"
	[ "$status" -eq 0 ]
	[[ "$output" == *'displayName = "noisy"'* ]]
	[ "$stderr" = "$(printf '%s\n' "vdom-to-native: noisy: dropped: <sound>: a .vmx file has no place for it" \
	    "vdom-to-native: noisy: dropped: <clock offset> other than utc: a .vmx file has no place for it")" ]
	run vdom-to-native --strict --format vmware-vmx "$VMXDATA/drop-sound.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-to-native: noisy: <sound>: a .vmx file has no place for it (--strict)" ]
}
