#!/usr/bin/env bats
# the hyperv driver (hyperv://host:port/?transport=http) against
# tests/fixtures/wsman, a WS-Management stand-in for a Hyper-V host's WMI
# root/virtualization/v2, started per test on 127.0.0.1 on a free port and
# stopped by PID
load common

setup() {
	[ -x /usr/bin/python3 ] || skip "python3 is needed by the WS-Management stand-in"
	vc_scratch
	H=$SCRATCH/hv
	mkdir "$H"
	LOG=$H/calls.log
	HV_HOME=$H HV_PAGE=${HV_PAGE:-100} python3 "$VC_TOP/tests/fixtures/wsman" 2>"$H/server.err" &
	echo $! > "$H/pid"
	i=0
	until [ -s "$H/port" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$H/server.err" >&3; return 1; }
		sleep 0.05
	done
	PORT=$(cat "$H/port")
	export VIRTCORE_URI="hyperv://administrator@127.0.0.1:$PORT/?transport=http"
	export VIRTCORE_ESX_PASSWORD=secret
}
teardown() {
	[ -f "${H:-}/pid" ] && kill "$(cat "$H/pid")" 2>/dev/null
	vc_cleanup
}

vm_xml() {
	cat <<XML
<domain type='hyperv'>
  <name>$1</name>
  <memory unit='MiB'>${2:-2048}</memory>
  <vcpu>${3:-2}</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
</domain>
XML
}

invokes() {
	grep '^Invoke' "$LOG"
}

@test "hyperv: define then dumpxml gives back memory and vcpus; a redefine sends only what differs" {
	run vdom-define <(vm_xml vm1)
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	x=$(vdom-dumpxml vm1)
	[[ $x == *"<domain type='hyperv'>"* ]]
	[[ $x == *"<uuid>4d1b4c52-0001-4000-8000-000000000001</uuid>"* ]]
	[[ $x == *"<memory unit='KiB'>2097152</memory>"* ]]
	[[ $x == *"<vcpu placement='static'>2</vcpu>"* ]]
	vdom-dumpxml vm1 > "$SCRATCH/back.xml"
	: > "$LOG"
	run vdom-define "$SCRATCH/back.xml"
	[ "$output" = unchanged ]
	[ -z "$(invokes)" ]
	run vdom-define <(vm_xml vm1 4096)
	[ "$output" = changed ]
	[ "$(invokes)" = "Invoke Msvm_VirtualSystemManagementService.ModifyResourceSettings vm1 Msvm_MemorySettingData VirtualQuantity=4096" ]
	[ "$(vdom-info vm1 | grep Max)" = "Max memory:	4194304 KiB" ]
	[ "$(vdom-info 4d1b4c52-0001-4000-8000-000000000001 | grep Name)" = "Name:	vm1" ]
}

@test "hyperv: the exact calls of define, start, shutdown, destroy, undefine" {
	vdom-define <(vm_xml vm1) >/dev/null
	[ "$(grep -v '^Get' "$LOG")" = 'Enumerate select * from Msvm_ComputerSystem where Description = "Microsoft Virtual Machine" and ElementName = "vm1"
Enumerate select * from Msvm_VirtualSystemManagementService
Invoke Msvm_VirtualSystemManagementService.DefineSystem ElementName=vm1
Enumerate select * from Msvm_ComputerSystem where Description = "Microsoft Virtual Machine" and ElementName = "vm1"
Enumerate associators of {Msvm_VirtualSystemSettingData.InstanceID="Microsoft:4D1B4C52-0001-4000-8000-000000000001"} where AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = Msvm_MemorySettingData
Enumerate associators of {Msvm_VirtualSystemSettingData.InstanceID="Microsoft:4D1B4C52-0001-4000-8000-000000000001"} where AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = Msvm_ProcessorSettingData
Invoke Msvm_VirtualSystemManagementService.ModifyResourceSettings vm1 Msvm_MemorySettingData VirtualQuantity=2048
Invoke Msvm_VirtualSystemManagementService.ModifyResourceSettings vm1 Msvm_ProcessorSettingData VirtualQuantity=2' ]
	# each job is polled until done: Running at the first Get, Completed at the second
	[ "$(grep -c '^Get Msvm_ConcreteJob' "$LOG")" -eq 4 ]
	: > "$LOG"; vdom-start vm1 >/dev/null
	[ "$(invokes)" = "Invoke Msvm_ComputerSystem.RequestStateChange vm1 RequestedState=2" ]
	: > "$LOG"; vdom-shutdown vm1 >/dev/null
	[ "$(invokes)" = "Invoke Msvm_ShutdownComponent.InitiateShutdown vm1 Force=true" ]
	grep -qx 'Enumerate select \* from Msvm_ShutdownComponent where SystemName = "4D1B4C52-0001-4000-8000-000000000001"' "$LOG"
	vdom-start vm1 >/dev/null
	: > "$LOG"; vdom-destroy vm1 >/dev/null
	[ "$(invokes)" = "Invoke Msvm_ComputerSystem.RequestStateChange vm1 RequestedState=3" ]
	: > "$LOG"; vdom-undefine vm1 >/dev/null
	[ "$(invokes)" = "Invoke Msvm_VirtualSystemManagementService.DestroySystem vm1" ]
	[ -z "$(vdom-list --all)" ]
}

@test "hyperv: list with states through Enumerate and Pull; pause, resume, reset" {
	export HV_PAGE=1
	teardown; setup
	for g in a b c; do vm_xml $g 512 1 | vdom-define >/dev/null; done
	vdom-start b >/dev/null
	vdom-start c >/dev/null
	run vdom-suspend c
	[ "$output" = changed ]
	grep -qx "Invoke Msvm_ComputerSystem.RequestStateChange c RequestedState=9" "$LOG"
	: > "$LOG"
	run vdom-list --all
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "-	a	shut off" ]
	[[ ${lines[1]} == [0-9]*"	b	running" ]]
	[[ ${lines[2]} == [0-9]*"	c	paused" ]]
	[ "$(head -1 "$LOG")" = 'Enumerate select * from Msvm_ComputerSystem where Description = "Microsoft Virtual Machine"' ]
	[ "$(grep -c '^Pull$' "$LOG")" -eq 2 ]
	run vdom-resume c
	[ "$output" = changed ]
	[ "$(vdom-state c)" = running ]
	run vdom-reset c
	[ "$output" = changed ]
	grep -qx "Invoke Msvm_ComputerSystem.RequestStateChange c RequestedState=11" "$LOG"
	run vdom-reboot c
	[ "$status" -eq 1 ]
	[[ $output == "vdom-reboot: c: operation unsupported by the hyperv driver"* ]]
	run vdom-undefine c
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-undefine: c: Msvm_VirtualSystemManagementService.DestroySystem: returned 32775 (Invalid state for this operation)" ]
}

@test "hyperv: shutdown --timeout turns off a guest that does not stop" {
	vm_xml vm1 | vdom-define >/dev/null
	vdom-start vm1 >/dev/null
	touch "$H/ignore-shutdown"
	: > "$LOG"
	run vdom-shutdown --timeout 1 vm1
	[ "$status" -eq 0 ]
	[ "$(invokes)" = "Invoke Msvm_ShutdownComponent.InitiateShutdown vm1 Force=true
Invoke Msvm_ComputerSystem.RequestStateChange vm1 RequestedState=3" ]
	[ "$(vdom-state vm1)" = "shut off" ]
}

@test "hyperv: a failed start is the job's error, exit 1, the guest turned off again" {
	vm_xml vm1 | vdom-define >/dev/null
	echo "Synthetic SCSI Controller: Failed to power on with Error 'The system cannot find the file specified.'" > "$H/fail-start"
	: > "$LOG"
	run vdom-start vm1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: vm1: Msvm_ComputerSystem.RequestStateChange: 'vm1' failed to start. Synthetic SCSI Controller: Failed to power on with Error 'The system cannot find the file specified.'" ]
	[ "$(invokes)" = "Invoke Msvm_ComputerSystem.RequestStateChange vm1 RequestedState=2
Invoke Msvm_ComputerSystem.RequestStateChange vm1 RequestedState=3" ]
	[ "$(vdom-state vm1)" = "shut off" ]
}

@test "hyperv: a product error is Hyper-V's message, exit 1, nothing left behind" {
	run vdom-define <(vm_xml odd 1025)
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: odd: Msvm_VirtualSystemManagementService.ModifyResourceSettings: 'odd' failed to modify settings. The amount of memory (1025 MB) must be a multiple of 2 MB." ]
	[ "$(invokes | tail -1)" = "Invoke Msvm_VirtualSystemManagementService.DestroySystem odd" ]
	[ -z "$(vdom-list --all)" ]
	vm_xml big 20480 | vdom-define >/dev/null
	cp "$H/state.json" "$SCRATCH/before"
	run vdom-start big
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: big: Msvm_ComputerSystem.RequestStateChange: 'big' failed to start. Not enough memory in the system to start the virtual machine big." ]
	cmp "$H/state.json" "$SCRATCH/before"
	run vdom-start nosuch
	[ "$status" -eq 1 ]; [ "$output" = "vdom-start: nosuch: no such domain" ]
}

@test "hyperv: an unreachable endpoint and a refused password are one line, exit 1, nothing changed" {
	vm_xml vm1 | vdom-define >/dev/null
	cp "$H/state.json" "$SCRATCH/before"
	P2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	run vdom-list -c "hyperv://127.0.0.1:$P2/?transport=http"
	[ "$status" -eq 1 ]; [ "${#lines[@]}" -eq 1 ]
	[[ $output == "vdom-list: http://127.0.0.1:$P2/wsman: "*"onnect"* ]]
	VIRTCORE_ESX_PASSWORD=wrong run vdom-start vm1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: vm1: http://127.0.0.1:$PORT/wsman: HTTP 401: the user or password is refused" ]
	cmp "$H/state.json" "$SCRATCH/before"
	run vdom-list -c "hyperv://127.0.0.1:$PORT/?transport=ftp"
	[ "$status" -eq 2 ]
}

@test "hyperv: --dry-run prints the SOAP requests and sends none that change; bad input is refused" {
	vm_xml vm1 | vdom-define >/dev/null
	vdom-start vm1 >/dev/null
	: > "$LOG"
	run vdom-destroy --dry-run vm1
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "POST http://127.0.0.1:$PORT/wsman Enumerate" ]
	[[ ${lines[1]} == *"<w:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">select * from Msvm_ComputerSystem where Description = \"Microsoft Virtual Machine\" and ElementName = \"vm1\"</w:Filter>"* ]]
	[ "${lines[2]}" = "POST http://127.0.0.1:$PORT/wsman Msvm_ComputerSystem.RequestStateChange (not sent: --dry-run)" ]
	[[ ${lines[3]} == *"<p:RequestStateChange_INPUT xmlns:p=\"http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/Msvm_ComputerSystem\"><p:RequestedState>3</p:RequestedState></p:RequestStateChange_INPUT>"* ]]
	[ -z "$(invokes)" ]
	[ "$(vdom-state vm1)" = running ]
	vm_xml k | sed "s/type='hyperv'/type='kvm'/" > "$SCRATCH/k.xml"
	run vdom-define "$SCRATCH/k.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: k: domain type 'kvm': the hyperv driver takes <domain type='hyperv'>" ]
}
