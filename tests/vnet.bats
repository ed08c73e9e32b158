#!/usr/bin/env bats
# vnet: the network tools: define/undefine/start/destroy/list/dumpxml/autostart,
# libvirt's network XML round-trip, VF pools, the exit contract
load common

setup() { vc_scratch; }
teardown() { vc_cleanup; }

# a host-bridge network named $1
vc_net_xml() {
	cat <<XML
<network>
  <name>$1</name>
  <forward mode='bridge'/>
  <bridge name='br0'/>
</network>
XML
}

vc_pool_xml() {
	cat <<XML
<network>
  <name>$1</name>
  <forward mode='hostdev' managed='yes'>
    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/>
    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x3'/>
  </forward>
</network>
XML
}

@test "vnet-define: a new network is changed, the same XML again is unchanged" {
	vc_net_xml lan > "$SCRATCH/lan.xml"
	run vnet-define "$SCRATCH/lan.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ -f "$SCRATCH/conf/networks/lan.xml" ]
	before=$(stat -c %Y.%i "$SCRATCH/conf/networks/lan.xml")
	run vnet-define < "$SCRATCH/lan.xml"
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	[ "$(stat -c %Y.%i "$SCRATCH/conf/networks/lan.xml")" = "$before" ]
}

@test "vnet-define: the generated uuid is kept on redefine" {
	vc_net_xml lan | vnet-define
	first=$(vnet-dumpxml lan)
	[[ "$first" == *"<uuid>"* ]]
	run vnet-define <<< "$(vc_net_xml lan)"
	[ "$output" = unchanged ]
	[ "$(vnet-dumpxml lan)" = "$first" ]
}

@test "vnet-define: --check reports the change and writes nothing" {
	run vnet-define --check <<< "$(vc_net_xml lan)"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ ! -e "$SCRATCH/conf/networks/lan.xml" ]
}

@test "vnet-define: --diff shows a unified diff of stored and new config" {
	vc_net_xml lan | vnet-define
	run vnet-define --diff --check <<< "$(vc_net_xml lan | sed 's/br0/br1/')"
	[ "$status" -eq 0 ]
	[[ "$output" == *"-  <bridge name='br0'/>"* ]]
	[[ "$output" == *"+  <bridge name='br1'/>"* ]]
	[ "${lines[-1]}" = changed ]
	vnet-dumpxml lan | grep -q "br0"
}

@test "vnet-define: --print-name prints the network's name" {
	run vnet-define --print-name <<< "$(vc_net_xml lan)"
	[ "${lines[0]}" = lan ]; [ "${lines[1]}" = changed ]
}

@test "vnet-define: the same uuid under another name, or a new uuid for a name, is refused" {
	u=11111111-2222-3333-4444-555555555555
	vnet-define <<< "<network><name>a</name><uuid>$u</uuid><bridge name='v1'/></network>"
	run vnet-define <<< "<network><name>b</name><uuid>$u</uuid><bridge name='v2'/></network>"
	[ "$status" -eq 1 ]; [[ "$output" == *"already used by network a"* ]]
	run vnet-define <<< "<network><name>a</name><uuid>11111111-2222-3333-4444-666666666666</uuid></network>"
	[ "$status" -eq 1 ]; [[ "$output" == *"already defined with uuid $u"* ]]
}

@test "vnet-define: networks and guests live apart: same name, different stores" {
	vc_net_xml web | vnet-define
	vc_guest_xml web | vdom-define
	run vnet-list --all --name
	[ "$output" = web ]
	run vdom-list --all --name
	[ "$output" = web ]
}

@test "vnet-define: malformed XML, hostile names, DOCTYPE are refused" {
	run vnet-define <<< "<network><name>x</name"
	[ "$status" -eq 1 ]; [[ "$output" == *"malformed XML"* ]]
	for n in '../evil' '.hidden' ''; do
		run vnet-define <<< "<network><name>$n</name></network>"
		[ "$status" -eq 1 ] || { echo "accepted '$n'"; return 1; }
	done
	run vnet-define <<< '<!DOCTYPE network [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]><network><name>&x;</name></network>'
	[ "$status" -eq 1 ]; [[ "$output" == *"DOCTYPE declarations are not allowed"* ]]
	run vnet-define <<< "<domain type='qemu'><name>x</name></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"expected <network>"* ]]
	[ -z "$(vnet-list --all --name)" ]
}

@test "vnet-define: usage errors exit 2, missing files exit 1" {
	run vnet-define a.xml b.xml
	[ "$status" -eq 2 ]
	run vnet-define --frob
	[ "$status" -eq 2 ]
	run vnet-define "$SCRATCH/none.xml"
	[ "$status" -eq 1 ]; [[ "$output" == *"No such file or directory"* ]]
	for t in vnet-start vnet-destroy vnet-undefine vnet-dumpxml vnet-autostart; do
		run $t
		[ "$status" -eq 2 ] || { echo "$t: $status"; return 1; }
	done
	run vnet-list extra
	[ "$status" -eq 2 ]
}

@test "vnet-define: a network locked by another run waits, then exits 75" {
	mkdir -p "$SCRATCH/conf/networks"
	exec 9> "$SCRATCH/conf/networks/.lan.lock"
	flock 9
	VIRTCORE_LOCK_WAIT_MS=200 run vnet-define <<< "$(vc_net_xml lan)"
	exec 9>&-
	[ "$status" -eq 75 ]; [[ "$output" == *"try again later"* ]]
	[ ! -e "$SCRATCH/conf/networks/lan.xml" ]
	run vnet-define <<< "$(vc_net_xml lan)"
	[ "$status" -eq 0 ]
}

@test "vnet-define: parallel defines of many networks never tear a file" {
	for i in $(seq 1 8); do vc_net_xml "n$i" > "$SCRATCH/n$i.xml"; done
	for round in 1 2 3; do
		for i in $(seq 1 8); do
			vnet-define "$SCRATCH/n$i.xml" >/dev/null &
			vnet-define "$SCRATCH/n1.xml" >/dev/null &
		done
		wait
	done
	run vnet-list --all --name
	[ "${#lines[@]}" -eq 8 ]
	[ -z "$(ls "$SCRATCH/conf/networks" | grep tmp)" ]
	for i in $(seq 1 8); do
		[[ "$(vnet-dumpxml "n$i")" == *"</network>" ]]
	done
}

@test "vnet-start: start marks active, again is unchanged; destroy likewise" {
	vc_net_xml lan | vnet-define
	run vnet-start --check lan
	[ "$output" = changed ]; [ ! -e "$SCRATCH/run/networks/lan.xml" ]
	run vnet-start lan
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ -f "$SCRATCH/run/networks/lan.xml" ]
	run vnet-start lan
	[ "$output" = unchanged ]
	run vnet-list
	[ "$output" = "$(printf 'lan\tactive\tno\tyes\tbridge\tbr0')" ]
	run vnet-destroy --check lan
	[ "$output" = changed ]; [ -f "$SCRATCH/run/networks/lan.xml" ]
	run vnet-destroy lan
	[ "$output" = changed ]
	run vnet-destroy lan
	[ "$output" = unchanged ]
	run vnet-list
	[ -z "$output" ]
	run vnet-list --inactive
	[ "$output" = "$(printf 'lan\tinactive\tno\tyes\tbridge\tbr0')" ]
}

@test "vnet-start: a VF pool network starts on the test driver" {
	vc_pool_xml pool | vnet-define
	run vnet-start pool
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vnet-dumpxml pool
	[[ "$output" == *"<forward mode='hostdev' managed='yes'>"* ]]
	[[ "$output" == *"function='0x3'/>"* ]]
}

@test "vnet-start: unknown networks are exit 1, a bridge network without a bridge or device is refused" {
	run vnet-start nope
	[ "$status" -eq 1 ]; [ "$output" = "vnet-start: nope: no such network" ]
	vnet-define <<< "<network><name>ovs</name><forward mode='bridge'/><virtualport type='openvswitch'/></network>"
	run vnet-start ovs
	[ "$status" -eq 1 ]; [[ "$output" == *"needs a <bridge name>"* ]]
	[ ! -e "$SCRATCH/run/networks/ovs.xml" ]
}

@test "vnet-dumpxml: live XML while active, --inactive shows the new config" {
	vc_net_xml lan | vnet-define
	vnet-start lan
	vc_net_xml lan | sed 's/br0/br9/' | vnet-define
	[[ "$(vnet-dumpxml lan)" == *"br0"* ]]
	[[ "$(vnet-dumpxml --inactive lan)" == *"br9"* ]]
	vnet-destroy lan
	[[ "$(vnet-dumpxml lan)" == *"br9"* ]]
}

@test "vnet-dumpxml: a network is found by its uuid" {
	u=11111111-2222-3333-4444-555555555555
	vnet-define <<< "<network><name>a</name><uuid>$u</uuid><bridge name='v1'/></network>"
	run vnet-dumpxml "$u"
	[ "$status" -eq 0 ]; [[ "$output" == *"<name>a</name>"* ]]
	run vnet-list --all --uuid
	[ "$output" = "$u" ]
}

@test "vnet-undefine: an active network becomes transient; --if-exists makes absence success" {
	vc_net_xml lan | vnet-define
	vnet-start lan
	vnet-autostart lan
	run vnet-undefine --check lan
	[ "$output" = changed ]; [ -f "$SCRATCH/conf/networks/lan.xml" ]
	run vnet-undefine lan
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ ! -e "$SCRATCH/conf/networks/autostart/lan" ]
	run vnet-list --all
	[ "$output" = "$(printf 'lan\tactive\tno\tno\tbridge\tbr0')" ]
	run vnet-undefine lan
	[ "$status" -eq 1 ]; [[ "$output" == *"not persistent"* ]]
	run vnet-undefine --if-exists lan
	[ "$output" = unchanged ]
	vnet-destroy lan
	run vnet-list --all
	[ -z "$output" ]
	run vnet-undefine lan
	[ "$status" -eq 1 ]; [[ "$output" == *"no such network"* ]]
	run vnet-undefine --if-exists lan
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
}

@test "vnet-autostart: on, again unchanged, --disable, listed by --autostart" {
	vc_net_xml lan | vnet-define
	vc_net_xml wan | vnet-define
	run vnet-autostart lan
	[ "$output" = changed ]
	run vnet-autostart lan
	[ "$output" = unchanged ]
	run vnet-list --all --autostart --name
	[ "$output" = lan ]
	run vnet-list --all --no-autostart --name
	[ "$output" = wan ]
	run vnet-autostart --disable lan
	[ "$output" = changed ]
	run vnet-list --all --autostart --name
	[ -z "$output" ]
}

@test "vnet-list: sorted, tab separated, isolated networks say so" {
	vnet-define <<< "<network><name>b-iso</name><bridge name='virbr5'/></network>"
	vc_net_xml a-lan | vnet-define
	vc_pool_xml c-pool | vnet-define
	run vnet-list --all
	[ "${lines[0]}" = "$(printf 'a-lan\tinactive\tno\tyes\tbridge\tbr0')" ]
	[ "${lines[1]}" = "$(printf 'b-iso\tinactive\tno\tyes\tisolated\tvirbr5')" ]
	[ "${lines[2]}" = "$(printf 'c-pool\tinactive\tno\tyes\thostdev\t-')" ]
	run vnet-list --all --transient
	[ -z "$output" ]
}

@test "vnet-golden: good files round-trip through vnet-define and vnet-dumpxml" {
	n=0
	for f in "$VC_TOP"/tests/data/network/*.xml; do
		case $(basename "$f") in bad-*|*.out.xml) continue;; esac
		want=${f%.xml}.out.xml
		[ -f "$want" ] || want=$f
		name=$(sed -n 's|.*<name>\(.*\)</name>.*|\1|p' "$f" | head -1)
		run vnet-define "$f"
		if [ "$status" -ne 0 ]; then echo "$f: define: $output"; return 1; fi
		run vnet-dumpxml --inactive "$name"
		[ "$status" -eq 0 ]
		if ! grep -q '<uuid>' "$f"; then
			output=$(printf '%s\n' "$output" | grep -v '<uuid>')
		fi
		if [ "$output" != "$(cat "$want")" ]; then
			diff -u "$want" <(printf '%s\n' "$output") || true
			echo "$f: output differs"
			return 1
		fi
		# the output is a fixed point
		vnet-dumpxml --inactive "$name" > "$SCRATCH/once.xml"
		run vnet-define "$SCRATCH/once.xml"
		[ "$output" = unchanged ] || { echo "$f: redefine of own output: $output"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -gt 0 ]
}

@test "vnet-golden: bad files are refused with their expected message and change nothing" {
	n=0
	for f in "$VC_TOP"/tests/data/network/bad-*.xml; do
		want=$(cat "${f%.xml}.err")
		run vnet-define "$f"
		if [ "$status" -ne 1 ]; then echo "$f: status $status: $output"; return 1; fi
		case $output in
		*"$want"*) ;;
		*) echo "$f: got '$output', want '$want'"; return 1;;
		esac
		[ "${#lines[@]}" -eq 1 ]
		vc_no_sanitizer_report
		n=$((n + 1))
	done
	run vnet-list --all --name
	[ -z "$output" ]
	[ "$n" -gt 0 ]
}

@test "vnet-golden: every good file also passes the built-in schema with --validate" {
	for f in "$VC_TOP"/tests/data/network/*.xml; do
		case $(basename "$f") in bad-*|*.out.xml) continue;; esac
		run vnet-define --validate --check "$f"
		[ "$status" -eq 0 ] || { echo "$f: $output"; return 1; }
	done
}

@test "vnet-golden: libvirt's own network tests round-trip exactly (when the corpus is present)" {
	corpus=$VC_TOP/../shared/conformance/network
	[ -d "$corpus" ] || skip "conformance corpus not present"
	for f in "$corpus"/*.xml; do
		case $(basename "$f") in *.out.xml) continue;; esac
		want=${f%.xml}.out.xml
		[ -f "$want" ] || want=$f
		name=$(sed -n 's|.*<name>\(.*\)</name>.*|\1|p' "$f" | head -1)
		run vnet-define "$f"
		case $(basename "$f") in
		open-network-with-forward-dev.xml|passthrough-duplicate.xml)
			[ "$status" -eq 1 ] || { echo "$f: accepted"; return 1; }
			continue;;
		esac
		[ "$status" -eq 0 ] || { echo "$f: $output"; return 1; }
		run vnet-dumpxml --inactive "$name"
		[ "$output" = "$(cat "$want")" ] || { echo "$f: output differs"; return 1; }
		vnet-undefine "$name" >/dev/null
	done
}
