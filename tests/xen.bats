#!/usr/bin/env bats
# xen: the xen-xl native format both ways (tests/data/xl), libvirt's
# xlconfig cases when ../shared is there, and the xen:///system driver
# against a recording xl (tests/fixtures/xl)

load common

setup() { vc_scratch; }
teardown() { vc_cleanup; }

XLDATA=$VC_TOP/tests/data/xl

@test "xen-xl: each NAME.cfg converts to NAME.xml" {
	n=0
	for f in "$XLDATA"/*.cfg; do
		case $(basename "$f") in bad-*|*.out.cfg) continue;; esac
		run vdom-from-native --format xen-xl "$f"
		if [ "$status" -ne 0 ] || [ "$output" != "$(cat "${f%.cfg}.xml")" ]; then
			echo "$f: $output"; return 1
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 3 ]
}

@test "xen-xl: each NAME.xml converts back to NAME.out.cfg (or NAME.cfg)" {
	n=0
	for f in "$XLDATA"/*.xml; do
		want=${f%.xml}.out.cfg
		[ -f "$want" ] || want=${f%.xml}.cfg
		run vdom-to-native --format xen-xl "$f"
		if [ "$status" -ne 0 ] || [ "$output" != "$(cat "$want")" ]; then
			diff -u "$want" <(printf '%s\n' "$output") || true
			return 1
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 3 ]
}

@test "xen-xl: vdom-from-native | vdom-to-native gives the canonical file back, through stdin" {
	for f in "$XLDATA"/hvm-devices.cfg "$XLDATA"/pv-vfb.cfg "$XLDATA"/syntax.out.cfg; do
		run sh -c "vdom-from-native --format xen-xl < '$f' | vdom-to-native --format xen-xl"
		[ "$status" -eq 0 ]
		[ "$output" = "$(cat "$f")" ]
	done
}

@test "xen-xl: bad files fail with one line naming file, line and key" {
	n=0
	for f in "$XLDATA"/bad-*.cfg; do
		cd "$XLDATA"
		run vdom-from-native --format xen-xl "$(basename "$f")"
		cd - >/dev/null
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		if [ "$output" != "$(cat "${f%.cfg}.err")" ]; then echo "$f: $output"; return 1; fi
		n=$((n + 1))
	done
	[ "$n" -ge 8 ]
}

@test "xen-xl: what has no place in the XML is reported; --strict refuses it" {
	printf 'name = "d1"\nmemory = 64\ncpu_weight = 256\n' > "$SCRATCH/d.cfg"
	run vdom-from-native --format xen-xl "$SCRATCH/d.cfg"
	[ "$status" -eq 0 ]
	[[ "$output" == *"d.cfg:3: dropped: cpu_weight: no domain XML for it"* ]]
	run vdom-from-native --strict --format xen-xl "$SCRATCH/d.cfg"
	[ "$status" -eq 1 ]
	[[ "$output" == *"d.cfg:3: cpu_weight: no domain XML for it (--strict)" ]]
	vc_guest_xml q1 | sed "s/type='qemu'/type='xen'/; s|</devices>|<watchdog model='i6300esb'/></devices>|" > "$SCRATCH/q.xml"
	run vdom-to-native --format xen-xl "$SCRATCH/q.xml"
	[ "$status" -eq 0 ]
	[[ "$output" == *"dropped: devices/watchdog: no xl.cfg key"* ]]
	run vdom-to-native --strict --format xen-xl "$SCRATCH/q.xml"
	[ "$status" -eq 1 ]
}

@test "xen-xl: a non-xen domain has no xl.cfg" {
	vc_guest_xml q2 > "$SCRATCH/q.xml"
	run vdom-to-native --format xen-xl "$SCRATCH/q.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"q2: domain type 'qemu' has no xl.cfg"* ]]
}

@test "xen-xl: libvirt's xlconfig cases, both ways (skipped without ../shared)" {
	run_=$VC_TOP/../shared/conformance/run
	[ -x "$run_" ] || skip "../shared/conformance is absent"
	run "$run_" --kind xen-xl --bin "$VC_BIN"
	echo "$output"
	# every case whose features virtcore covers: all but the three vnuma
	# inputs (libvirt's own expected XML lacks the implicit devices) and the
	# six it only parses (positional disks, type=, extra/root)
	from=$(printf '%s\n' "$output" | sed -n 's|^xen-xl from-native: \([0-9]*\)/.*|\1|p')
	to=$(printf '%s\n' "$output" | sed -n 's|^xen-xl to-native: \([0-9]*\)/.*|\1|p')
	[ "$from" -ge 36 ]
	[ "$to" -ge 33 ]
}

# ---- the xen driver against tests/fixtures/xl ----

xen_env() {
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	export XL_STATE=$SCRATCH/xl VIRTCORE_URI=xen:///session
	mkdir -p "$XDG_RUNTIME_DIR"
	PATH=$VC_TOP/tests/fixtures:$PATH
	LOG=$XL_STATE/calls.log
	RUN=$XDG_RUNTIME_DIR/virtcore/xen
}

pv_guest() {
	cat <<XML
<domain type='xen'>
  <name>$1</name>
  <uuid>6c4b5b52-4b61-4d0c-9a35-6a3f0a6c0e01</uuid>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='xenpv'>linux</type><kernel>/boot/vmlinuz</kernel></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/srv/$1.img'/>
      <target dev='xvda' bus='xen'/>
    </disk>
    <interface type='bridge'>
      <mac address='00:16:3e:11:22:33'/>
      <source bridge='xenbr0'/>
    </interface>
$2
  </devices>
</domain>
XML
}

@test "xen: define runs nothing; start writes the xl.cfg and runs xl create" {
	xen_env
	pv_guest g1 > "$SCRATCH/g1.xml"
	run vdom-define "$SCRATCH/g1.xml"
	[ "$status" -eq 0 ]
	[ ! -e "$LOG" ]
	run vdom-start g1
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	[ "$(cat "$LOG")" = "xl create $RUN/g1.cfg
xl domid g1" ]
	[ "$(cat "$RUN/g1.cfg")" = "$(vdom-to-native --format xen-xl "$SCRATCH/g1.xml")" ]
	run vdom-list
	[ "$output" = "1	g1	running" ]
	run vdom-start g1
	[ "$output" = unchanged ]
}

@test "xen: state follows xl list -l: a guest xl no longer lists is shut off" {
	xen_env
	pv_guest g2 > "$SCRATCH/g2.xml"
	vdom-define "$SCRATCH/g2.xml" && vdom-start g2
	xl destroy g2          # behind virtcore's back
	run vdom-list --all
	[ "$output" = "-	g2	shut off" ]
	[ ! -e "$RUN/g2.cfg" ]
	[ "$(tail -1 "$LOG")" = "xl list -l" ]
}

@test "xen: shutdown, destroy, reboot, suspend, resume through xl" {
	xen_env
	pv_guest g3 > "$SCRATCH/g3.xml"
	vdom-define "$SCRATCH/g3.xml" && vdom-start g3
	: > "$LOG"
	vdom-suspend g3 && vdom-list | grep -q paused
	vdom-resume g3 && vdom-reboot g3
	run vdom-shutdown --timeout 10 g3
	[ "$status" -eq 0 ]
	[ "$(grep -v '^xl list -l$' "$LOG")" = "xl pause g3
xl unpause g3
xl reboot g3
xl shutdown g3" ]
	run vdom-state g3
	[ "$output" = "shut off" ]
	vdom-start g3
	: > "$LOG"
	run vdom-destroy g3
	[ "$status" -eq 0 ]
	[ "$(cat "$LOG")" = "xl list -l
xl destroy g3" ]
	[ ! -e "$RUN/g3.cfg" ]
}

@test "xen: a guest that ignores shutdown is destroyed after --timeout" {
	xen_env
	pv_guest g4 > "$SCRATCH/g4.xml"
	vdom-define "$SCRATCH/g4.xml" && vdom-start g4
	XL_SHUTDOWN=ignore run vdom-shutdown --timeout 1 g4
	[ "$status" -eq 0 ]
	grep -q '^xl shutdown g4$' "$LOG"
	[ "$(tail -1 "$LOG")" = "xl destroy g4" ]
	run vdom-state g4
	[ "$output" = "shut off" ]
}

@test "xen: attach and detach disks, NICs and PCI devices through xl" {
	xen_env
	pv_guest g5 > "$SCRATCH/g5.xml"
	vdom-define "$SCRATCH/g5.xml" && vdom-start g5
	cat > "$SCRATCH/disk.xml" <<XML
<disk type='block' device='disk'><driver name='phy' type='raw'/><source dev='/dev/vg0/extra'/><target dev='xvdb' bus='xen'/></disk>
XML
	cat > "$SCRATCH/nic.xml" <<XML
<interface type='bridge'><mac address='00:16:3e:aa:bb:cc'/><source bridge='xenbr1'/><script path='vif-bridge'/></interface>
XML
	cat > "$SCRATCH/pci.xml" <<XML
<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x03' slot='0x00' function='0x1'/></source></hostdev>
XML
	: > "$LOG"
	for f in disk nic pci; do vdom-attach-device g5 "$SCRATCH/$f.xml" --live; done
	for f in disk nic pci; do vdom-detach-device g5 "$SCRATCH/$f.xml" --live; done
	[ "$(grep -v '^xl list -l$' "$LOG")" = "xl block-attach g5 format=raw,vdev=xvdb,access=rw,backendtype=phy,target=/dev/vg0/extra
xl network-attach g5 mac=00:16:3e:aa:bb:cc bridge=xenbr1 script=vif-bridge
xl pci-assignable-add 0000:03:00.1
xl pci-attach g5 0000:03:00.1,seize=1
xl block-detach g5 xvdb
xl network-detach g5 00:16:3e:aa:bb:cc
xl pci-detach g5 0000:03:00.1
xl pci-assignable-remove -r 0000:03:00.1" ]
	[ -z "$(xl pci-assignable-list)" ]
}

@test "xen: a failed start gives the PCI device back and leaves no xl.cfg" {
	xen_env
	pv_guest g6 "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x04' slot='0x10' function='0x2'/></source></hostdev>" > "$SCRATCH/g6.xml"
	vdom-define "$SCRATCH/g6.xml"
	XL_FAIL=create run vdom-start g6
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"g6: start: xl: libxl: error:"*"fail create"* ]]
	[ "$(cat "$LOG")" = "xl pci-assignable-add 0000:04:10.2
xl create $RUN/g6.cfg
xl pci-assignable-remove -r 0000:04:10.2" ]
	[ ! -e "$RUN/g6.cfg" ]
	[ -z "$(xl pci-assignable-list)" ]
	run vdom-state g6
	[ "$output" = "shut off" ]
}

@test "xen: --dry-run prints the xl commands and changes nothing" {
	xen_env
	pv_guest g7 > "$SCRATCH/g7.xml"
	vdom-define "$SCRATCH/g7.xml"
	run vdom-start --dry-run g7
	[ "$status" -eq 0 ]
	[[ "$output" == *"xl create $RUN/g7.cfg"* ]]
	[ ! -e "$LOG" ]
	[ ! -e "$RUN/g7.cfg" ]
	run vdom-state g7
	[ "$output" = "shut off" ]
}

@test "xen: without xl, start says which package gives it" {
	xen_env
	pv_guest g8 > "$SCRATCH/g8.xml"
	vdom-define "$SCRATCH/g8.xml"
	PATH=$VC_BIN:/usr/bin:/bin run vdom-start g8
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"xl"*"xen-utils"* ]]
	[ ! -e "$RUN/g8.cfg" ]
}

@test "xen: define refuses a domain that is not type='xen'" {
	xen_env
	vc_guest_xml q9 > "$SCRATCH/q9.xml"
	run vdom-define "$SCRATCH/q9.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"q9: domain type 'qemu' is not supported by the xen driver"* ]]
}
