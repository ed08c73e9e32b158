#!/usr/bin/env bats
# vnode-info --summary and --json: virsh nodeinfo's fields, from the test
# driver's simulated host and from the real one (/proc/cpuinfo, sysfs)
load common
bats_require_minimum_version 1.5.0

setup() {
	vc_scratch
}

teardown() {
	vc_cleanup
}

@test "vnode-info --summary: the simulated host as virsh nodeinfo shows a host" {
	run --separate-stderr vnode-info --summary
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "CPU model:           $(uname -m)" ]
	[ "${lines[1]}" = "CPU(s):              4" ]
	[ "${lines[2]}" = "CPU frequency:       2400 MHz" ]
	[ "${lines[3]}" = "CPU socket(s):       1" ]
	[ "${lines[4]}" = "Core(s) per socket:  2" ]
	[ "${lines[5]}" = "Thread(s) per core:  2" ]
	[ "${lines[6]}" = "NUMA cell(s):        1" ]
	[ "${lines[7]}" = "Memory size:         16777216 KiB" ]
	[ "${#lines[@]}" -eq 8 ]
	# the capabilities XML of the same host agrees
	run vnode-info
	grep -q "<topology sockets='1' dies='1' clusters='1' cores='2' threads='2'/>" <<<"$output"
	grep -q "<memory unit='KiB'>16777216</memory>" <<<"$output"
}

@test "vnode-info --summary: the labels and columns of virsh -c test:///default nodeinfo" {
	command -v virsh >/dev/null || skip "virsh is not installed (libvirt-clients)"
	want=$(virsh -c test:///default nodeinfo) || skip "virsh cannot open test:///default"
	run vnode-info -c test:///default --summary
	[ "$status" -eq 0 ]
	# the same labels in the same order, each value starting in column 22
	[ "$(sed -n 's/^\([^:]*:\) *.*/\1/p' <<<"$want")" = "$(sed -n 's/^\([^:]*:\) *.*/\1/p' <<<"$output")" ]
	[ "$(grep -v '^$' <<<"$want" | sed 's/^\(.\{21\}\)[^ ].*/\1/' | sort -u)" = "$(sed 's/^\(.\{21\}\)[^ ].*/\1/' <<<"$output" | sort -u)" ]
	# and the same units
	[ "$(grep -o ' [A-Za-z]*$' <<<"$want" | tail -2)" = "$(grep -o ' [A-Za-z]*$' <<<"$output" | tail -2)" ]
	[[ "$(grep Memory <<<"$want")" == *" KiB" ]]
	[[ "$(grep Memory <<<"$output")" == *" KiB" ]]
	[[ "$(grep frequency <<<"$output")" == *" MHz" ]]
}

@test "vnode-info --summary --json: the summary's fields as one object" {
	run --separate-stderr vnode-info --summary --json
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.cpu_model, .cpus, .cpu_mhz, .cpu_sockets, .cores_per_socket, .threads_per_core, .numa_cells, .memory_kib] | map(tostring) | join(" ")' <<<"$output")" = "$(uname -m) 4 2400 1 2 2 1 16777216" ]
}

@test "vnode-info --json: the capabilities XML's facts as JSON" {
	run --separate-stderr vnode-info --json
	[ "$status" -eq 0 ]
	[ "$(jq -r .host.uuid <<<"$output")" = 6a1f3c2e-9b7d-4e21-8c55-0f0d2b9e7a11 ]
	[ "$(jq -c .host.cpu.topology <<<"$output")" = '{"sockets":1,"dies":1,"clusters":1,"cores":2,"threads":2}' ]
	[ "$(jq -r .host.iommu <<<"$output")" = true ]
	[ "$(jq -r '.host.cells | length' <<<"$output")" = 1 ]
	[ "$(jq -r '.host.cells[0].memory_kib' <<<"$output")" = 16777216 ]
	[ "$(jq -r '[.host.cells[0].cpus[].siblings] | join(" ")' <<<"$output")" = "0,2 1,3 0,2 1,3" ]
	[ "$(jq -r '.guests[0] | [.os_type, .arch, .emulator, (.domains | map(.type) | join(","))] | join(" ")' <<<"$output")" = "hvm x86_64 /usr/bin/qemu-system-x86_64 qemu,kvm" ]
	# the same numbers as the XML
	xml=$(vnode-info)
	[ "$(grep -c "<cpu id=" <<<"$xml")" = "$(jq -r '.host.cells[0].cpus | length' <<<"$output")" ]
}

@test "vnode-info --summary: the real host's CPUs and memory, as /proc and sysfs say" {
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	mkdir -p "$XDG_RUNTIME_DIR"
	run vnode-info -c qemu:///session --summary --json
	[ "$status" -eq 0 ]
	[ "$(jq -r .cpus <<<"$output")" = "$(getconf _NPROCESSORS_ONLN)" ]
	[ "$(jq -r .memory_kib <<<"$output")" = "$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" ]
	[ "$(jq -r '.numa_cells * .cpu_sockets * .cores_per_socket * .threads_per_core' <<<"$output")" = "$(jq -r .cpus <<<"$output")" ]
	mhz=$(awk -F: '/^cpu MHz/ { printf "%d\n", $2; exit }' /proc/cpuinfo)
	[ -z "$mhz" ] || [ "$(jq -r .cpu_mhz <<<"$output")" = "$mhz" ]
}

@test "vnode-info: an operand or unknown option is a usage error" {
	run vnode-info --summary extra
	[ "$status" -eq 2 ]
	run vnode-info --bogus
	[ "$status" -eq 2 ]
}

@test "vsh: nodeinfo runs vnode-info --summary" {
	run vsh nodeinfo
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "CPU(s):              4" ]
}
