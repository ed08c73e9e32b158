#!/usr/bin/env bats
# the phyp driver (phyp://[user@]hmc/MANAGED_SYSTEM) against a real sshd on
# 127.0.0.1 (started here, stopped by PID) whose forced command is
# tests/fixtures/hmc, a stand-in HMC keeping partitions in $HMC_HOME
load common

SYS=Server-8286-42A-SN1234

setup_file() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (sshd on 127.0.0.1)"
	[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed"
	[ -x /usr/bin/python3 ] || skip "python3 is needed by the HMC stand-in"
	D=$(mktemp -d "${BATS_TMPDIR:-/tmp}/vchmc.XXXXXX")
	export HMC_DIR=$D
	mkdir "$D/home"
	ssh-keygen -q -t ed25519 -N '' -f "$D/host_key"
	ssh-keygen -q -t ed25519 -N '' -f "$D/user_key"
	echo "command=\"HMC_HOME=$D/home exec $VC_TOP/tests/fixtures/hmc\",no-pty,no-port-forwarding $(cat "$D/user_key.pub")" > "$D/authorized_keys"
	ssh-keygen -q -t ed25519 -N '' -f "$D/other_key"
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	echo "$PORT" > "$D/port"
	cat > "$D/sshd_config" <<CFG
Port $PORT
ListenAddress 127.0.0.1
HostKey $D/host_key
AuthorizedKeysFile $D/authorized_keys
PidFile $D/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
CFG
	cat > "$D/ssh_config" <<CFG
Host *
	IdentitiesOnly yes
	StrictHostKeyChecking no
	UserKnownHostsFile /dev/null
	LogLevel ERROR
CFG
	# the URI's command=: this client config and the key (an ~/.ssh/config would do the same)
	printf '#!/bin/sh\nexec ssh -F "%s/ssh_config" -i "${HMC_KEY:-%s/user_key}" "$@"\n' "$D" "$D" > "$D/ssh"
	chmod +x "$D/ssh"
	mkdir -p /run/sshd
	/usr/sbin/sshd -f "$D/sshd_config" -E "$D/sshd.log"
	i=0
	until "$D/ssh" -p "$PORT" -o BatchMode=yes root@127.0.0.1 lssyscfg -r sys -F name >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$D/sshd.log" >&3; return 1; }
		sleep 0.1
	done
}

teardown_file() {
	[ -n "${HMC_DIR:-}" ] || return 0
	[ -f "$HMC_DIR/sshd.pid" ] && kill "$(cat "$HMC_DIR/sshd.pid")" 2>/dev/null
	rm -rf "$HMC_DIR"
}

setup() {
	vc_scratch
	PORT=$(cat "$HMC_DIR/port")
	H=$HMC_DIR/home
	rm -f "$H"/*
	LOG=$H/calls.log
	: > "$LOG"
	export VIRTCORE_URI="phyp://root@127.0.0.1:$PORT/$SYS?command=$HMC_DIR/ssh&no_tty=1"
}
teardown() { vc_cleanup; }

lpar_xml() {
	cat <<XML
<domain type='phyp'>
  <name>$1</name>
  <memory unit='MiB'>${2:-4096}</memory>
  <currentMemory unit='MiB'>${3:-2048}</currentMemory>
  <vcpu current='2'>4</vcpu>
  <os>
    <type>linux</type>
  </os>
  <devices>
    <interface type='bridge'>
      <mac address='fa:16:3e:00:00:01'/>
      <source bridge='ETHERNET0'/>
      <vlan>
        <tag id='1'/>
      </vlan>
    </interface>
    <interface type='bridge'>
      <source bridge='VSW_PROD'/>
      <vlan>
        <tag id='20'/>
      </vlan>
    </interface>
  </devices>
</domain>
XML
}

@test "phyp: define then dumpxml gives back memory, vcpus and the virtual ethernet adapters" {
	run vdom-define <(lpar_xml lp1)
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	x=$(vdom-dumpxml lp1)
	[[ $x == *"<domain type='phyp'>"* ]]
	[[ $x == *"<memory unit='KiB'>4194304</memory>"* ]]
	[[ $x == *"<currentMemory unit='KiB'>2097152</currentMemory>"* ]]
	[[ $x == *"<vcpu placement='static' current='2'>4</vcpu>"* ]]
	[[ $x == *"<type>linux</type>"* ]]
	[[ $x == *"<mac address='fa:16:3e:00:00:01'/>
      <source bridge='ETHERNET0'/>"* ]]
	[[ $x == *"<source bridge='VSW_PROD'/>
      <vlan>
        <tag id='20'/>"* ]]
	# the HMC chose the second adapter's MAC; dumpxml shows it
	[[ $x == *"<mac address='fa:00:00:7a:00:"* ]]
	vdom-dumpxml lp1 > "$SCRATCH/back.xml"
	: > "$LOG"
	run vdom-define "$SCRATCH/back.xml"
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	[ "$(wc -l < "$LOG")" -eq 2 ]
	run vdom-define <(lpar_xml lp1 8192 4096)
	[ "$output" = changed ]
	[ "$(tail -1 "$LOG")" = "chsyscfg -r prof -m $SYS -i name=default,lpar_name=lp1,min_mem=4096,desired_mem=4096,max_mem=8192" ]
	[ "$(vdom-info lp1 | grep Max)" = "Max memory:	8388608 KiB" ]
}

@test "phyp: the exact HMC commands of define, start, shutdown, destroy, undefine" {
	vdom-define <(lpar_xml lp1) >/dev/null
	[ "$(cat "$LOG")" = "lssyscfg -r lpar -m $SYS --filter lpar_names=lp1 -F name,lpar_id,state
mksyscfg -r lpar -m $SYS -i 'name=lp1,profile_name=default,lpar_env=aixlinux,min_mem=2048,desired_mem=2048,max_mem=4096,proc_mode=ded,min_procs=1,desired_procs=2,max_procs=4,sharing_mode=share_idle_procs,\"virtual_eth_adapters=2/0/1//0/0/ETHERNET0/FA163E000001,3/0/20//0/0/VSW_PROD\"'" ]
	: > "$LOG"; vdom-start lp1 >/dev/null
	[ "$(cat "$LOG")" = "lssyscfg -r lpar -m $SYS --filter lpar_names=lp1 -F name,lpar_id,state
lssyscfg -r prof -m $SYS --filter lpar_names=lp1 -F name,desired_mem,max_mem,desired_procs,max_procs,virtual_eth_adapters
chsysstate -r lpar -m $SYS -o on -n lp1 -f default" ]
	: > "$LOG"; vdom-shutdown lp1 >/dev/null
	[ "$(cat "$LOG")" = "lssyscfg -r lpar -m $SYS --filter lpar_names=lp1 -F name,lpar_id,state
chsysstate -r lpar -m $SYS -o osshutdown -n lp1" ]
	vdom-start lp1 >/dev/null
	: > "$LOG"; vdom-destroy lp1 >/dev/null
	[ "$(cat "$LOG")" = "lssyscfg -r lpar -m $SYS --filter lpar_names=lp1 -F name,lpar_id,state
chsysstate -r lpar -m $SYS -o shutdown --immed -n lp1" ]
	: > "$LOG"; vdom-undefine lp1 >/dev/null
	[ "$(cat "$LOG")" = "lssyscfg -r lpar -m $SYS --filter lpar_names=lp1 -F name,lpar_id,state
rmsyscfg -r lpar -m $SYS -n lp1" ]
}

@test "phyp: list with states and ids, info from lshwres, start, shutdown, undefine" {
	vdom-define <(lpar_xml lp1) >/dev/null
	vdom-define <(lpar_xml lp2) >/dev/null
	run vdom-start lp2
	[ "$output" = changed ]
	run vdom-start lp2
	[ "$output" = unchanged ]
	: > "$LOG"
	run vdom-list --all
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "-	lp1	shut off" ]
	[ "${lines[1]}" = "2	lp2	running" ]
	[ "$(cat "$LOG")" = "lssyscfg -r lpar -m $SYS -F name,lpar_id,state" ]
	[ "$(vdom-state lp2)" = running ]
	run vdom-info lp2
	[[ $output == *"Id:	2"* ]]
	[[ $output == *"Type:	phyp"* ]]
	[[ $output == *"CPU(s):	2"* ]]
	[[ $output == *"Used memory:	2097152 KiB"* ]]
	grep -q "^lshwres -r mem -m $SYS --level lpar --filter lpar_names=lp2 -F curr_mem,curr_max_mem$" "$LOG"
	grep -q "^lshwres -r proc -m $SYS --level lpar --filter lpar_names=lp2 -F curr_procs,curr_max_procs$" "$LOG"
	vdom-reboot lp2 >/dev/null
	grep -qx "chsysstate -r lpar -m $SYS -o osshutdown --restart -n lp2" "$LOG"
	run vdom-undefine lp2
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-undefine: lp2: HMC 127.0.0.1: HSCL0A2F The partition lp2 must be Not Activated to be removed. (exit 1)" ]
	vdom-shutdown lp2 >/dev/null
	[ "$(vdom-state lp2)" = "shut off" ]
	run vdom-undefine lp2
	[ "$output" = changed ]
	[ "$(vdom-list --all --name)" = lp1 ]
	run vdom-undefine --if-exists lp2
	[ "$output" = unchanged ]
	run vdom-suspend lp1
	[ "$status" -eq 1 ]; [ "$output" = "vdom-suspend: lp1: operation unsupported by the phyp driver" ]
}

@test "phyp: shutdown --timeout powers off a partition whose OS does not stop" {
	vdom-define <(lpar_xml lp1) >/dev/null
	vdom-start lp1 >/dev/null
	touch "$H/ignore-osshutdown"
	: > "$LOG"
	run vdom-shutdown --timeout 1 lp1
	[ "$status" -eq 0 ]
	[ "$(sed -n 2p "$LOG")" = "chsysstate -r lpar -m $SYS -o osshutdown -n lp1" ]
	[ "$(tail -1 "$LOG")" = "chsysstate -r lpar -m $SYS -o shutdown --immed -n lp1" ]
	[ "$(vdom-state lp1)" = "shut off" ]
}

@test "phyp: a failed start is the HMC's line, exit 1, the partition powered off again" {
	vdom-define <(lpar_xml lp1) >/dev/null
	echo "no bootable device" > "$H/fail-firmware"
	: > "$LOG"
	run vdom-start lp1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: lp1: HMC 127.0.0.1: HSCL1402 The partition lp1 stopped in Open Firmware: no bootable device (exit 1)" ]
	[ "$(sed -n '3,$p' "$LOG")" = "chsysstate -r lpar -m $SYS -o on -n lp1 -f default
lssyscfg -r lpar -m $SYS --filter lpar_names=lp1 -F name,lpar_id,state
chsysstate -r lpar -m $SYS -o shutdown --immed -n lp1" ]
	[ "$(vdom-state lp1)" = "shut off" ]
}

@test "phyp: a product error is the HMC's message, exit 1, nothing changed" {
	vdom-define <(lpar_xml big 65536 40000) >/dev/null
	cp "$H/state.json" "$SCRATCH/before"
	run vdom-start big
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: big: HMC 127.0.0.1: HSCLA9BB There is not enough memory available on the managed system: 40000 MB needed, 32768 MB free. (exit 1)" ]
	cmp "$H/state.json" "$SCRATCH/before"
	run vdom-start nosuch
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: nosuch: no such domain (no partition of that name on $SYS)" ]
	run vdom-list -c "phyp://root@127.0.0.1:$PORT/NoSuchSystem?command=$HMC_DIR/ssh&no_tty=1"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-list: HMC 127.0.0.1: HSCL8012 The managed system NoSuchSystem was not found. (exit 1)" ]
}

@test "phyp: an unreachable HMC and a refused key are one line naming ssh's reason, exit 1" {
	P2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	run vdom-list -c "phyp://root@127.0.0.1:$P2/$SYS?command=$HMC_DIR/ssh&no_tty=1"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ $output == "vdom-list: ssh to 127.0.0.1 failed: "*"Connection refused" ]]
	HMC_KEY=$HMC_DIR/other_key run vdom-list
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ $output == "vdom-list: ssh to 127.0.0.1 failed: "*"Permission denied"* ]]
	[ ! -s "$LOG" ]
}

@test "phyp: a user the HMC refuses changes is its line, exit 1, nothing changed" {
	vdom-define <(lpar_xml lp1) >/dev/null
	cp "$H/state.json" "$SCRATCH/before"
	echo hmcviewer > "$H/role"
	run vdom-start lp1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: lp1: HMC 127.0.0.1: HSCL350B The user does not have the appropriate authority. (exit 1)" ]
	run vdom-define <(lpar_xml lp2)
	[ "$status" -eq 1 ]; [ "${#lines[@]}" -eq 1 ]
	cmp "$H/state.json" "$SCRATCH/before"
	[ "$(vdom-list --all --name)" = lp1 ]
}

@test "phyp: --dry-run prints the ssh commands and runs none; bad input is refused" {
	vdom-define <(lpar_xml lp1) >/dev/null
	: > "$LOG"
	run vdom-destroy --dry-run lp1
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "$HMC_DIR/ssh -p $PORT -l root -o BatchMode=yes -e none -T -- 127.0.0.1 'lssyscfg -r lpar -m $SYS --filter lpar_names=lp1 -F name,lpar_id,state'" ]]
	[[ ${lines[1]} == *"-- 127.0.0.1 'chsysstate -r lpar -m $SYS -o shutdown --immed -n lp1'" ]]
	[ ! -s "$LOG" ]
	printf "<domain type='phyp'><name>d</name><memory>65536</memory><vcpu>1</vcpu><os><type>linux</type></os><devices><disk type='file'><source file='/x'/><target dev='sda'/></disk></devices></domain>" > "$SCRATCH/d.xml"
	run vdom-define "$SCRATCH/d.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: d: disks are unsupported by the phyp driver (storage is mapped on the VIOS)" ]
	lpar_xml lp3 | sed "s/type='phyp'/type='kvm'/" > "$SCRATCH/k.xml"
	run vdom-define "$SCRATCH/k.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: lp3: domain type 'kvm': the phyp driver takes <domain type='phyp'>" ]
	run vdom-list -c "phyp://127.0.0.1/"
	[ "$status" -eq 2 ]
	[ ! -s "$LOG" ]
}
