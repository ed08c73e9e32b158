#!/usr/bin/env bats
# esx.bats: the esx://, gsx:// and vpx:// drivers against VMware's own
# vSphere simulator (govmomi's simulator package, tests/fixtures/vcsim)
load common

GOVMOMI=/usr/share/gocode/src/github.com/vmware/govmomi/simulator

# start_sim NAME ARGS...: the simulator in the background, by PID; its
# URL (waited for with a deadline) in $SIMDIR/NAME.url
start_sim() {
	local name=$1 i
	shift
	"$VCSIM" "$@" > "$SIMDIR/$name.url" 2> "$SIMDIR/$name.err" &
	echo $! > "$SIMDIR/$name.pid"
	for i in $(seq 600); do
		grep -q '^http' "$SIMDIR/$name.url" 2>/dev/null && return 0
		kill -0 "$(cat "$SIMDIR/$name.pid")" 2>/dev/null || break
		sleep 0.1
	done
	echo "simulator $name did not start: $(cat "$SIMDIR/$name.err")" >&2
	return 1
}

stop_sim() {
	local pid
	pid=$(cat "$SIMDIR/$1.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$SIMDIR/$1.pid"
}

hostport() {
	local u
	u=$(cat "$SIMDIR/$1.url")
	u=${u#*://}
	echo "${u%/sdk}"
}

setup_file() {
	export VCSIM="$VC_TOP/build/vcsim"
	if [ ! -x "$VCSIM" ]; then
		if ! command -v go >/dev/null 2>&1 || [ ! -d "$GOVMOMI" ]; then
			skip "go or govmomi absent: apt-get install golang-go golang-github-vmware-govmomi-dev"
		fi
		make -s -C "$VC_TOP" build/vcsim >&2
	fi
	export SIMDIR=$(mktemp -d "${BATS_TMPDIR:-/tmp}/vcsim.XXXXXX")
	start_sim esx -esx -poweroff ha-host_VM1
	start_sim vpx -poweroff DC0_H0_VM1 -suspend DC0_C0_RP0_VM1 -log "$SIMDIR/vpx.log"
	export ESX="esx://root@$(hostport esx)/?no_verify=1"
	export VPX="vpx://root@$(hostport vpx)/DC0/DC0_C0/DC0_C0_H0?no_verify=1"
}

teardown_file() {
	[ -n "${SIMDIR:-}" ] || return 0
	stop_sim esx
	stop_sim vpx
	stop_sim big
	stop_sim gone
	rm -rf "$SIMDIR"
}

setup() {
	export VIRTCORE_ESX_PASSWORD=secret
	unset VIRTCORE_AUTH_FILE
	export HOME=$BATS_TEST_TMPDIR XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/config
}

# the state govmomi's own client reads: an independent view
sim_state() {
	"$VCSIM" -get-state "$2" -url "https://root:secret@$(hostport "$1")/sdk"
}

guest_xml() {
	cat <<XML
<domain type='vmware'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <source file='$2'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <controller type='scsi' index='0' model='lsilogic'/>
    <interface type='bridge'>
      <mac address='00:50:56:01:02:03'/>
      <source bridge='$3'/>
      <model type='vmxnet3'/>
    </interface>
  </devices>
</domain>
XML
}

@test "esx: vdom-list shows the simulator's own VMs with their states" {
	run vdom-list --all -c "$ESX"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2,3)" = "$(printf 'ha-host_VM0\trunning\nha-host_VM1\tshut off')" ]
	# running guests carry an id, stopped ones '-'
	printf '%s\n' "$output" | grep -q "^[0-9][0-9]*	ha-host_VM0	running$"
	printf '%s\n' "$output" | grep -q "^-	ha-host_VM1	shut off$"
	run vdom-list -c "$ESX"
	[ "$(printf '%s\n' "$output" | cut -f2)" = "ha-host_VM0" ]
}

@test "vpx: vdom-list shows running, paused and shut off VMs of the datacenter" {
	run vdom-list --all -c "$VPX"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2,3)" = "$(printf 'DC0_C0_RP0_VM0\trunning\nDC0_C0_RP0_VM1\tpaused\nDC0_H0_VM0\trunning\nDC0_H0_VM1\tshut off')" ]
	run vdom-list --inactive -c "$VPX"
	[ "$output" = "$(printf -- '-\tDC0_H0_VM1\tshut off')" ]
	run vdom-state -c "$VPX" DC0_C0_RP0_VM1
	[ "$output" = "paused" ]
}

@test "esx: vdom-info and lookup by uuid" {
	run vdom-info -c "$ESX" ha-host_VM0
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q "^Type:	vmware$"
	printf '%s\n' "$output" | grep -q "^State:	running$"
	uuid=$(printf '%s\n' "$output" | sed -n 's/^UUID:	//p')
	[ "$(sim_state esx ha-host_VM0)" = poweredOn ]
	run vdom-state -c "$ESX" "$uuid"
	[ "$output" = running ]
	run vdom-info -c "$ESX" nosuch
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-info: nosuch: no such domain" ]
}

@test "esx: vnode-info gives the host's capabilities as govmomi reads them; host devices are refused" {
	read -r mem pkgs cores model <<EOF
$("$VCSIM" -get-host -url "https://root:secret@$(hostport esx)/sdk")
EOF
	run vnode-info -c "$ESX"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/caps.xml"
	grep -qF "<memory unit='KiB'>$mem</memory>" "$BATS_TEST_TMPDIR/caps.xml"
	grep -qF "<topology sockets='$pkgs' dies='1' cores='$((cores / pkgs))' threads='1'/>" "$BATS_TEST_TMPDIR/caps.xml"
	grep -qF "<model>$model</model>" "$BATS_TEST_TMPDIR/caps.xml"
	[ "$(grep -c "<domain type='vmware'/>" "$BATS_TEST_TMPDIR/caps.xml")" -eq 2 ]
	run vnode-info -c "$VPX"
	[ "$status" -eq 0 ]
	[[ $output == *"<arch>x86_64</arch>"* ]]
	# this machine's PCI devices are not the ESX host's
	run vnode-list -c "$ESX"
	[ "$status" -eq 1 ]
	[[ $output == *"the host's devices: unsupported by the esx driver" ]]
	run vnode-detach -c "$ESX" pci_0000_00_01_0
	[ "$status" -eq 1 ]
	[[ $output == *"unsupported by the esx driver" ]]
	VIRTCORE_ESX_PASSWORD=wrong run vnode-info -c "$ESX"
	[ "$status" -eq 1 ]
	[[ $output == *"InvalidLogin"* ]]
}

@test "esx: vdom-autostart through the host's autostart manager, seen by govmomi; vdom-info shows it" {
	auto() { "$VCSIM" -get-autostart "$1" -url "https://root:secret@$(hostport esx)/sdk"; }
	[ "$(auto ha-host_VM1)" = none ]
	run vdom-autostart -c "$ESX" ha-host_VM1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(auto ha-host_VM1)" = powerOn ]
	run vdom-autostart -c "$ESX" ha-host_VM1
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	vdom-info -c "$ESX" ha-host_VM1 | grep -q "^Autostart:	enable$"
	[ "$(vdom-list -c "$ESX" --all --autostart --name)" = ha-host_VM1 ]
	[ "$(vdom-list -c "$ESX" --all --no-autostart --name)" = "$(vdom-list -c "$ESX" --all --name | grep -vx ha-host_VM1)" ]
	# --dry-run shows the request and sends no change
	run vdom-autostart --dry-run -c "$ESX" --disable ha-host_VM1
	[ "$status" -eq 0 ]
	[[ $output == *"ReconfigureAutostart (not sent: --dry-run)"* ]]
	[[ $output == *"<startAction>none</startAction>"* ]]
	[ "$(auto ha-host_VM1)" = powerOn ]
	run vdom-autostart -c "$ESX" --disable ha-host_VM1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(auto ha-host_VM1)" = none ]
	vdom-info -c "$ESX" ha-host_VM1 | grep -q "^Autostart:	disable$"
	run vdom-autostart -c "$ESX" nosuch
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-autostart: nosuch: no such domain" ]
}

@test "esx and vpx: dumpxml of every prebuilt VM is valid against our schema" {
	for uri in "$ESX" "$VPX"; do
		for vm in $(vdom-list --all --name -c "$uri"); do
			vdom-dumpxml -c "$uri" "$vm" > "$BATS_TEST_TMPDIR/$vm.xml"
			run vdom-validate "$BATS_TEST_TMPDIR/$vm.xml"
			[ "$status" -eq 0 ]
			grep -q "<name>$vm</name>" "$BATS_TEST_TMPDIR/$vm.xml"
		done
	done
	x=$BATS_TEST_TMPDIR/DC0_H0_VM0.xml
	grep -q "<domain type='vmware'>" "$x"
	grep -q "<source file='\[LocalDS_0\] DC0_H0_VM0/disk1.vmdk'/>" "$x"
	grep -q "<interface type='vds'>" "$x"
	grep -q "<mac address='00:0c:29:" "$x"
	grep -q 'esx:guest xmlns:esx="http://virtcore.org/schemas/esx/1.0" id="otherGuest"' "$x"
	grep -q "<controller type='scsi' index='0' model='vmpvscsi'/>" "$x"
	grep -q "<memory unit='KiB'>32768</memory>" "$x"
	grep -q "<interface type='bridge'>" "$BATS_TEST_TMPDIR/ha-host_VM0.xml"
	grep -q "<source bridge='VM Network'/>" "$BATS_TEST_TMPDIR/ha-host_VM0.xml"
}

@test "esx: a guest's description moves to another host: dumpxml | vdom-define -c test://" {
	vc_scratch
	vdom-dumpxml -c "$ESX" ha-host_VM0 | vdom-define -c "test://$SCRATCH"
	run vdom-dumpxml -c "test://$SCRATCH" ha-host_VM0
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q "\[LocalDS_0\] ha-host_VM0/disk1.vmdk"
	vc_cleanup
}

@test "esx: define, start (seen by govmomi), shutdown, undefine a new guest" {
	guest_xml web1 "[LocalDS_0] ha-host_VM0/disk1.vmdk" "VM Network" > "$BATS_TEST_TMPDIR/web1.xml"
	run vdom-define -c "$ESX" "$BATS_TEST_TMPDIR/web1.xml"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	run vdom-define -c "$ESX" "$BATS_TEST_TMPDIR/web1.xml"
	[ "$output" = unchanged ]
	[ "$(sim_state esx web1)" = poweredOff ]
	run vdom-start -c "$ESX" web1
	[ "$output" = changed ]
	[ "$(sim_state esx web1)" = poweredOn ]
	run vdom-state -c "$ESX" web1
	[ "$output" = running ]
	run vdom-start -c "$ESX" web1
	[ "$output" = unchanged ]
	run vdom-dumpxml -c "$ESX" web1
	printf '%s\n' "$output" | grep -q "<mac address='00:50:56:01:02:03' type='static'/>"
	printf '%s\n' "$output" | grep -q "<model type='vmxnet3'/>"
	printf '%s\n' "$output" | grep -q "<controller type='scsi' index='0' model='lsilogic'/>"
	printf '%s\n' "$output" | grep -q "<vcpu placement='static'>2</vcpu>"
	run vdom-undefine -c "$ESX" web1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-undefine: web1: domain is running: shut it down or destroy it first" ]
	run vdom-shutdown -c "$ESX" --timeout 30 web1
	[ "$output" = changed ]
	[ "$(sim_state esx web1)" = poweredOff ]
	run vdom-shutdown -c "$ESX" web1
	[ "$output" = unchanged ]
	run vdom-undefine -c "$ESX" web1
	[ "$output" = changed ]
	run sim_state esx web1
	[ "$status" -ne 0 ]
	run vdom-undefine -c "$ESX" web1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-undefine: web1: no such domain" ]
}

@test "vpx: define on a cluster host, start, suspend, resume, destroy, undefine" {
	guest_xml db1 "[LocalDS_0] DC0_H0_VM0/disk1.vmdk" "DC0_DVPG0" > "$BATS_TEST_TMPDIR/db1.xml"
	run vdom-define -c "$VPX" "$BATS_TEST_TMPDIR/db1.xml"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	# a portgroup of a distributed switch becomes a vds interface
	run vdom-dumpxml -c "$VPX" db1
	printf '%s\n' "$output" | grep -q "<interface type='vds'>"
	printf '%s\n' "$output" | grep -q "portgroupid='dvportgroup-"
	vdom-start -c "$VPX" db1
	[ "$(sim_state vpx db1)" = poweredOn ]
	run vdom-suspend -c "$VPX" db1
	[ "$output" = changed ]
	[ "$(sim_state vpx db1)" = suspended ]
	run vdom-list -c "$VPX"
	printf '%s\n' "$output" | grep -q "	db1	paused$"
	run vdom-resume -c "$VPX" db1
	[ "$output" = changed ]
	[ "$(sim_state vpx db1)" = poweredOn ]
	run vdom-reset -c "$VPX" db1
	[ "$output" = changed ]
	grep -q ' ResetVM_Task$' "$SIMDIR/vpx.log"
	[ "$(sim_state vpx db1)" = poweredOn ]
	run vdom-destroy -c "$VPX" db1
	[ "$output" = changed ]
	[ "$(sim_state vpx db1)" = poweredOff ]
	run vdom-reset -c "$VPX" db1
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-reset: db1: domain is not running" ]
	# redefining with other settings reconfigures the VM
	sed -i 's/256/512/' "$BATS_TEST_TMPDIR/db1.xml"
	run vdom-define -c "$VPX" "$BATS_TEST_TMPDIR/db1.xml"
	[ "$output" = changed ]
	run vdom-info -c "$VPX" db1
	printf '%s\n' "$output" | grep -q "^Max memory:	524288 KiB$"
	run vdom-undefine -c "$VPX" db1
	[ "$output" = changed ]
	run vdom-list --all --name -c "$VPX"
	! printf '%s\n' "$output" | grep -q db1
}

@test "vpx: faults are one-line errors naming the fault" {
	run vdom-reboot -c "$VPX" DC0_H0_VM0
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "vdom-reboot: DC0_H0_VM0: MethodNotFound: "* ]]
	guest_xml nodisk "[LocalDS_0] nowhere/missing.vmdk" "VM Network" > "$BATS_TEST_TMPDIR/nodisk.xml"
	run vdom-define -c "$VPX" "$BATS_TEST_TMPDIR/nodisk.xml"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "vdom-define: nodisk: FileNotFound: "* ]]
	run vdom-list --all --name -c "$VPX"
	! printf '%s\n' "$output" | grep -q nodisk
}

@test "vpx: bad domain XML for a vSphere host changes nothing" {
	guest_xml bad1 "/var/lib/x.img" "VM Network" > "$BATS_TEST_TMPDIR/bad1.xml"
	run vdom-define -c "$VPX" "$BATS_TEST_TMPDIR/bad1.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: bad1: disk sda: source '/var/lib/x.img' is not in datastore form '[datastore] dir/file.vmdk'" ]
	guest_xml bad2 "[LocalDS_0] DC0_H0_VM0/disk1.vmdk" "No Such Net" > "$BATS_TEST_TMPDIR/bad2.xml"
	run vdom-define -c "$VPX" "$BATS_TEST_TMPDIR/bad2.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == "vdom-define: bad2: interface 1: network 'No Such Net' is not on host "* ]]
	vc_guest_xml qemu1 > "$BATS_TEST_TMPDIR/q.xml"
	run vdom-define -c "$VPX" "$BATS_TEST_TMPDIR/q.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"qemu1: domain type 'qemu' cannot run on vpx"* ]]
	run vdom-list --all --name -c "$VPX"
	! printf '%s\n' "$output" | grep -q -e bad1 -e bad2 -e qemu1
}

@test "esx: --dry-run prints the SOAP requests, sends no change, shows no password" {
	guest_xml dry1 "[LocalDS_0] ha-host_VM0/disk1.vmdk" "VM Network" > "$BATS_TEST_TMPDIR/dry1.xml"
	run vdom-define --dry-run -c "$ESX" "$BATS_TEST_TMPDIR/dry1.xml"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q "^POST https://.*/sdk CreateVM_Task (not sent: --dry-run)$"
	printf '%s\n' "$output" | grep -q "<CreateVM_Task xmlns=\"urn:vim25\">.*<name>dry1</name>"
	printf '%s\n' "$output" | grep -q "<password>\*\*\*\*\*\*\*\*</password>"
	! printf '%s\n' "$output" | grep -q secret
	run sim_state esx dry1
	[ "$status" -ne 0 ]
	run vdom-destroy --dry-run -c "$ESX" ha-host_VM0
	printf '%s\n' "$output" | grep -q "PowerOffVM_Task (not sent: --dry-run)"
	[ "$(sim_state esx ha-host_VM0)" = poweredOn ]
}

@test "esx: the password comes from an auth file as libvirt writes it" {
	unset VIRTCORE_ESX_PASSWORD
	cat > "$BATS_TEST_TMPDIR/auth.conf" <<EOF
[credentials-sim]
authname=root
password=secret

[auth-esx-127.0.0.1]
credentials=sim
EOF
	export VIRTCORE_AUTH_FILE=$BATS_TEST_TMPDIR/auth.conf
	run vdom-list -c "esx://$(hostport esx)/?no_verify=1"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q ha-host_VM0
	# no password anywhere, no terminal: one line naming the ways to give it
	unset VIRTCORE_AUTH_FILE
	run vdom-list -c "$ESX" < /dev/null
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *": no password for root: set VIRTCORE_ESX_PASSWORD"* ]]
}

@test "esx: the password is asked for on a terminal" {
	unset VIRTCORE_ESX_PASSWORD
	[ -x "$VC_TOP/tests/fixtures/ptyrun" ] || make -s -C "$VC_TOP" tests/fixtures/ptyrun >&2
	run "$VC_TOP/tests/fixtures/ptyrun" -t 30 "expect=password for 127.0.0.1: " 'send=secret\n' -- \
	    "$VC_BIN/vdom-list" -c "$ESX"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q "ha-host_VM0	running"
	# not echoed
	! printf '%s\n' "$output" | grep -q secret
}

@test "esx: a wrong password is a one-line error, exit 1" {
	VIRTCORE_ESX_PASSWORD=wrong run vdom-list -c "$ESX"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "vdom-list: https://127.0.0.1:"*"/sdk: login as root refused: InvalidLogin: Login failure" ]]
}

@test "esx: a certificate that does not verify is refused without no_verify=1" {
	run vdom-list -c "esx://root@$(hostport esx)/"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"certificate"*"?no_verify=1 accepts it)" ]]
}

@test "esx and vpx: the wrong kind of endpoint is named" {
	run vdom-list -c "vpx://root@$(hostport esx)/DC0/H0?no_verify=1"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is not a vCenter (its API is HostAgent): use esx://"* ]]
	run vdom-list -c "esx://root@$(hostport vpx)/?no_verify=1"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is a vCenter (its API is VirtualCenter): use vpx://"* ]]
	run vdom-list -c "vpx://root@$(hostport vpx)/DC9/H0?no_verify=1"
	[ "$status" -eq 1 ]
	[[ "$output" == *": no datacenter DC9 in the vCenter" ]]
	# gsx speaks the host agent's API too
	run vdom-list -c "gsx://root@$(hostport esx)/?no_verify=1"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q ha-host_VM0
}

@test "esx: a stopped server is a one-line error with the URL, exit 1" {
	start_sim gone -esx
	hp=$(hostport gone)
	stop_sim gone
	run vdom-list -c "esx://root@$hp/?no_verify=1"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "vdom-list: https://$hp/sdk: "*"onnect"* ]]
}

@test "esx and vpx: malformed URIs are one-line usage errors" {
	for u in "esx:///" "esx://h/some/path" "vpx://h/DC0" "esx://h/?no_verify=2" \
	    "esx://h/?transport=ftp" "esx://h/?bogus=1" "esx://h/?proxy=gopher://p"; do
		run vdom-list -c "$u"
		[ "$status" -eq 2 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == "vdom-list: $u: "* ]]
	done
}

@test "vpx: 500 VMs list in one RetrievePropertiesEx exchange, over plain HTTP" {
	start_sim big -http -vms 250 -log "$SIMDIR/big.log"
	uri="vpx://root@$(hostport big)/DC0/DC0_C0/DC0_C0_H0?transport=http"
	: > "$SIMDIR/big.log"
	t0=$(date +%s%N)
	run vdom-list --all -c "$uri"
	t1=$(date +%s%N)
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 500 ]
	[ "$(printf '%s\n' "$output" | grep -c '	running$')" -eq 500 ]
	echo "# vdom-list of 500 VMs: $(( (t1 - t0) / 1000000 )) ms, $(wc -l < "$SIMDIR/big.log") HTTP requests" >&3
	[ "$(grep -c ' RetrievePropertiesEx$' "$SIMDIR/big.log")" -eq 1 ]
	! grep -q ContinueRetrievePropertiesEx "$SIMDIR/big.log"
	[ "$(awk '{print $2}' "$SIMDIR/big.log" | tr '\n' ' ')" = \
	    "RetrieveServiceContent Login FindByInventoryPath CreateContainerView RetrievePropertiesEx DestroyView Logout " ]
	# each guest's uuid comes from that same one listing
	: > "$SIMDIR/big.log"
	run vdom-list --all --uuid -c "$uri"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sort -u | grep -c '^[0-9a-f-]\{36\}$')" -eq 500 ]
	[ "$(grep -c ' RetrievePropertiesEx$' "$SIMDIR/big.log")" -eq 1 ]
	stop_sim big
}
