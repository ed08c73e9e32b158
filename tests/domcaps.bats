#!/usr/bin/env bats
# vdom-capabilities (virsh domcapabilities): the test driver's fixed set,
# the QEMU driver's from the host's qemu-system (its cached probe), both
# checked against libvirt's domaincaps.rng when ../shared/conformance has it
load common
bats_require_minimum_version 1.5.0

QEMU_BIN=qemu-system-x86_64

setup() {
	vc_scratch
	RNG=$VC_TOP/../shared/conformance/schemas/domaincaps.rng
}

teardown() {
	vc_cleanup
}

# the text of the elements at xpath $1 in $output, one a line
xp() {
	xmllint --xpath "$1" - <<<"$output" 2>/dev/null | sed 's/></>\n</g' | sed -n 's/^<[^>]*>\([^<]*\)<.*/\1/p'
}

valid() {
	if [ ! -f "$RNG" ]; then
		echo "# no libvirt schema at $RNG: structure not validated" >&3
		return 0
	fi
	xmllint --noout --relaxng "$RNG" - <<<"$output"
}

qemu_env() {
	command -v $QEMU_BIN >/dev/null || skip "$QEMU_BIN is not installed"
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	export VIRTCORE_URI=qemu:///session
	mkdir -p "$XDG_RUNTIME_DIR"
}

@test "vdom-capabilities: the simulated host's set, valid against libvirt's schema" {
	run --separate-stderr vdom-capabilities
	[ "$status" -eq 0 ]
	valid
	[ "$(xp '/domainCapabilities/path')" = /usr/bin/qemu-system-x86_64 ]
	[ "$(xp '/domainCapabilities/domain')" = kvm ]
	[ "$(xp '/domainCapabilities/machine')" = pc ]
	[ "$(xp '/domainCapabilities/arch')" = x86_64 ]
	grep -q "<vcpu max='255'/>" <<<"$output"
	# every disk bus the XML model knows
	[ "$(xp '//disk/enum[@name="bus"]/value' | tr '\n' ' ')" = "ide fdc scsi virtio xen usb uml sata sd nvme " ]
	run vdom-capabilities --virttype qemu --machine q35 --arch x86_64
	[ "$(xp '/domainCapabilities/domain')" = qemu ]
	[ "$(xp '/domainCapabilities/machine')" = q35 ]
}

@test "vdom-capabilities: what the simulated host does not run is one line, exit 1" {
	run --separate-stderr vdom-capabilities --arch aarch64
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-capabilities: arch 'aarch64': the simulated host runs x86_64 guests" ]
	run --separate-stderr vdom-capabilities --virttype xen
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-capabilities: virttype 'xen': the simulated host runs qemu and kvm guests" ]
	run --separate-stderr vdom-capabilities --emulatorbin /opt/qemu
	[ "$status" -eq 1 ]
	run vdom-capabilities extra
	[ "$status" -eq 2 ]
}

@test "vdom-capabilities on QEMU: the host's emulator, machines and CPU models, valid against libvirt's schema" {
	qemu_env
	run --separate-stderr vdom-capabilities --virttype qemu
	[ "$status" -eq 0 ]
	valid
	emu=$(command -v $QEMU_BIN)
	[ "$(xp '/domainCapabilities/path')" = "$emu" ]
	[ "$(xp '/domainCapabilities/domain')" = qemu ]
	[ "$(xp '/domainCapabilities/arch')" = x86_64 ]
	# QEMU's default machine, canonical, as -machine help names it
	default=$($emu -machine help | sed -n 's/^\(pc-i440fx-[^ ]*\) .*(default).*/\1/p')
	[ -n "$default" ]
	[ "$(xp '/domainCapabilities/machine')" = "$default" ]
	grep -q "<vcpu max='255'/>" <<<"$output"
	# the custom models are QEMU's own, with their vendors and aliases
	[ "$(xp '//mode[@name="custom"]/model' | wc -l)" -eq "$($emu -cpu help | sed -n '2,/^$/p' | grep -c '^x86 ' | awk '{ print $1 - 3 }')" ]
	grep -q "<model usable='unknown' vendor='Intel'>Skylake-Client-v1</model>" <<<"$output"
	grep -q "<model usable='unknown' vendor='AMD'>EPYC-v1</model>" <<<"$output"
	grep -Eq "<model usable='unknown' canonical='Skylake-Client-v[0-9]+' vendor='Intel'>Skylake-Client-IBRS</model>" <<<"$output"
	# what argv.c does not build is said so
	grep -q "<iothreads supported='no'/>" <<<"$output"
	grep -q "<tpm supported='no'/>" <<<"$output"
	grep -q "<mode name='host-passthrough' supported='no'/>" <<<"$output"
	[ "$(xp '//video/enum[@name="modelType"]/value' | head -1)" = vga ]
	# the probe is cached: the second answer reads it
	[ -n "$(ls "$XDG_STATE_HOME"/virtcore/qemu/caps/*.cpus)" ]
}

@test "vdom-capabilities on QEMU: --machine q35 is its canonical name, 288 vCPUs, no IDE" {
	qemu_env
	run --separate-stderr vdom-capabilities --virttype qemu --machine q35
	[ "$status" -eq 0 ]
	valid
	[[ "$(xp '/domainCapabilities/machine')" == pc-q35-* ]]
	grep -q "<vcpu max='288'/>" <<<"$output"
	[ "$(xp '//disk/enum[@name="bus"]/value' | tr '\n' ' ')" = "scsi virtio sata " ]
}

@test "vdom-capabilities on QEMU: a machine, arch, emulator or type it lacks: one line, exit 1" {
	qemu_env
	emu=$(command -v $QEMU_BIN)
	run --separate-stderr vdom-capabilities --virttype qemu --machine nope
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-capabilities: emulator $emu has no machine type 'nope' (vsh: qemu -machine help)" ]
	run --separate-stderr vdom-capabilities --virttype qemu --emulatorbin "$emu" --arch aarch64
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-capabilities: emulator $emu runs x86_64 guests, not aarch64" ]
	run --separate-stderr vdom-capabilities --emulatorbin /nonexistent/qemu
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-capabilities: emulator /nonexistent/qemu: No such file or directory" ]
	run --separate-stderr vdom-capabilities --virttype xen
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-capabilities: virttype 'xen': the qemu driver runs qemu and kvm guests" ]
	if [ ! -w /dev/kvm ]; then
		run --separate-stderr vdom-capabilities --virttype kvm
		[ "$status" -eq 1 ]
		[ "$stderr" = "vdom-capabilities: virttype kvm: KVM is not available for x86_64 guests on this host (/dev/kvm)" ]
	fi
}

@test "vdom-capabilities: a driver without them says so" {
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	export XL_STATE=$SCRATCH/xl
	mkdir -p "$XDG_RUNTIME_DIR"
	run --separate-stderr vdom-capabilities -c xen:///session
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdom-capabilities: domain capabilities are unsupported by the xen driver" ]
}

@test "vsh: domcapabilities runs vdom-capabilities" {
	run vsh domcapabilities --machine q35
	[ "$status" -eq 0 ]
	[ "$(xp '/domainCapabilities/machine')" = q35 ]
}
