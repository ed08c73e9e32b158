#!/usr/bin/env bats
# integrity: uuids unique across names and races, transient guests made
# persistent again, refusals that change nothing, temp files of killed
# writers, hostile input sizes, linear cost of large documents
load common

setup() { vc_scratch; }
teardown() { vc_cleanup; }

U=6a1c0f0e-9d2b-4c3a-8e7f-123456789abc

# a guest named $1, with $2 put after the name (a <uuid>, say)
dom() {
	printf "<domain type='qemu'>\n  <name>%s</name>\n  %s\n  <memory>65536</memory>\n" "$1" "${2:-}"
	printf "  <os><type arch='x86_64'>hvm</type></os>\n  <devices>%s</devices>\n</domain>\n" "${3:-}"
}

# every path under the host with size, mode, mtime and content hash
listing() {
	find "$SCRATCH" -path "$SCRATCH/in" -prune -o -printf '%P %y %s %m %T@\n' | sort
	find "$SCRATCH" -path "$SCRATCH/in" -prune -o -type f -print0 | sort -z | xargs -0r sha1sum
}

@test "integrity: a uuid behind a long escaped name is seen: the second guest is refused" {
	name=$(printf '&amp;%.0s' $(seq 200))
	dom "$name" "<uuid>$U</uuid>" | vdom-define
	[ "$(stat -c %s "$SCRATCH/conf/$(printf '&%.0s' $(seq 200)).xml")" -gt 1100 ]
	run vdom-define <<<"$(dom other "<uuid>$U</uuid>")"
	[ "$status" -eq 1 ]
	[[ "$output" == "vdom-define: other: uuid $U is already used by domain &&&"* ]]
	[ "$(vdom-list --all --uuid | grep -c "$U")" -eq 1 ]
	# the uuid finds the guest too
	vdom-dumpxml "$U" | grep -q '<name>&amp;&amp;'
}

@test "integrity: 8 names defined at once with one uuid: exactly one wins, every round" {
	mkdir "$SCRATCH/in"
	for i in 1 2 3 4 5 6 7 8; do dom "g$i" "<uuid>$U</uuid>" > "$SCRATCH/in/g$i.xml"; done
	for round in 1 2 3 4 5 6 7 8 9 10; do
		rm -rf "$SCRATCH/conf" "$SCRATCH/run" "$SCRATCH"/in/rc?
		pids=()
		for i in 1 2 3 4 5 6 7 8; do
			( rc=0; vdom-define "$SCRATCH/in/g$i.xml" > /dev/null 2> "$SCRATCH/in/err$i" || rc=$?
			  echo $rc > "$SCRATCH/in/rc$i" ) &
			pids+=($!)
		done
		wait "${pids[@]}"
		[ "$(cat "$SCRATCH"/in/rc? | grep -c '^0$')" -eq 1 ]
		[ "$(cat "$SCRATCH"/in/rc? | grep -c '^1$')" -eq 7 ]
		[ "$(grep -l "uuid $U is already used by domain g" "$SCRATCH"/in/err? | wc -l)" -eq 7 ]
		[ "$(vdom-list --all --uuid | grep -c "$U")" -eq 1 ]
	done
}

@test "integrity: a running transient guest defined again keeps its uuid (given in the XML)" {
	dom tr "<uuid>$U</uuid>" > "$SCRATCH/tr.xml"
	vdom-define "$SCRATCH/tr.xml"
	vdom-start tr
	vdom-undefine tr
	vdom-info tr | grep -q '^Persistent:.*no'
	run vdom-define "$SCRATCH/tr.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	vdom-info tr | grep -q '^Persistent:.*yes'
	vdom-dumpxml --inactive tr | grep -q "<uuid>$U</uuid>"
	vdom-dumpxml tr | grep -q "<uuid>$U</uuid>"
	# another uuid for the same running guest is refused
	run vdom-define <<<"$(dom tr "<uuid>${U%c}d</uuid>")"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: tr: already defined with uuid $U" ]
}

@test "integrity: a running transient guest defined again without a uuid takes the running one's" {
	dom tr > "$SCRATCH/tr.xml"
	vdom-define "$SCRATCH/tr.xml"
	vdom-start tr
	live=$(vdom-dumpxml tr | sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p')
	[ -n "$live" ]
	vdom-undefine tr
	run vdom-define "$SCRATCH/tr.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(vdom-dumpxml --inactive tr | sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p')" = "$live" ]
	[ "$(vdom-list --all --uuid | grep -c "$live")" -eq 1 ]
}

@test "integrity: a refused define and --check leave every file as it was" {
	dom web1 "<uuid>$U</uuid>" | vdom-define
	vdom-start web1
	before=$(listing)
	# the same uuid under another name; another uuid under the same name
	run vdom-define <<<"$(dom web2 "<uuid>$U</uuid>")"
	[ "$status" -eq 1 ]
	run vdom-define <<<"$(dom web1 "<uuid>${U%c}d</uuid>")"
	[ "$status" -eq 1 ]
	run vdom-define --check <<<"$(dom web3)"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vdom-define --check --diff <<<"$(dom web1 "<uuid>$U</uuid>" "<emulator>/bin/true</emulator>")"
	[ "$status" -eq 0 ]; [ "${lines[-1]}" = changed ]
	[ "$(listing)" = "$before" ]
}

@test "integrity: --check on an empty host makes no directory" {
	rmdir "$SCRATCH"
	run vdom-define --check <<<"$(dom web1)"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ ! -e "$SCRATCH" ]
	mkdir "$SCRATCH"
}

# a pid that is not running any more
dead_pid() {
	sh -c 'echo $$' > "$SCRATCH/pid"
	cat "$SCRATCH/pid"
}

@test "integrity: temp files of killed writers go with the next change of the object" {
	dom web1 | vdom-define
	d=$(dead_pid)
	! kill -0 "$d" 2>/dev/null
	printf '<domain' > "$SCRATCH/conf/web1.xml.tmp.$d"
	: > "$SCRATCH/conf/web1.xml.tmp.$((d + 100000000))"
	# one of a live writer (this shell) stays, and so do other guests' temps
	: > "$SCRATCH/conf/web1.xml.tmp.$$"
	: > "$SCRATCH/conf/web2.xml.tmp.$d"
	dom web1 "" "<emulator>/bin/true</emulator>" | vdom-define
	[ ! -e "$SCRATCH/conf/web1.xml.tmp.$d" ]
	[ ! -e "$SCRATCH/conf/web1.xml.tmp.$((d + 100000000))" ]
	[ -e "$SCRATCH/conf/web1.xml.tmp.$$" ]
	[ -e "$SCRATCH/conf/web2.xml.tmp.$d" ]
	# undefine is a change of web1 as well
	: > "$SCRATCH/conf/web1.xml.tmp.$d"
	vdom-undefine web1
	[ ! -e "$SCRATCH/conf/web1.xml.tmp.$d" ]
}

@test "integrity: a define killed before its rename leaves a temp the next define removes" {
	dom web1 | vdom-define
	run env VIRTCORE_TEST_KILL_AT=rename vdom-define <<<"$(dom web1 "" "<emulator>/bin/true</emulator>")"
	[ "$status" -eq 137 ]
	[ "$(find "$SCRATCH/conf" -name 'web1.xml.tmp.*' | wc -l)" -eq 1 ]
	! grep -q emulator "$SCRATCH/conf/web1.xml"
	run vdom-define <<<"$(dom web1 "" "<emulator>/bin/true</emulator>")"
	[ "$output" = changed ]
	[ -z "$(find "$SCRATCH" -name '*.tmp.*')" ]
	grep -q emulator "$SCRATCH/conf/web1.xml"
}

@test "integrity: a busy id counter names the guest being started" {
	dom web1 | vdom-define
	mkdir -p "$SCRATCH/run"
	mkfifo "$SCRATCH/hold"
	# another run holds the counter until the fifo is written
	flock -x "$SCRATCH/run/.nextid.lock" cat "$SCRATCH/hold" > /dev/null &
	holder=$!
	# poll until it has the lock (bounded)
	for i in $(seq 500); do
		flock -n "$SCRATCH/run/.nextid.lock" true || break
	done
	! flock -n "$SCRATCH/run/.nextid.lock" true
	run env VIRTCORE_LOCK_WAIT_MS=50 vdom-start web1
	echo ok > "$SCRATCH/hold"
	wait "$holder"
	[ "$status" -eq 75 ]
	[ "$output" = "vdom-start: web1: locked by another run, try again later" ]
	run vdom-start web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
}

# $1 padded after its root element to exactly $2 bytes: comment lines of
# 1000 bytes (libxml2 caps one run of text or blanks at 10 MB), then blanks
pad_to() {
	local n=$(( $2 - $(stat -c %s "$1") ))
	awk -v k=$((n / 1000)) 'BEGIN { x = sprintf("%992s", ""); gsub(/ /, "x", x)
		for (i = 0; i < k; i++) printf "<!--%s-->\n", x }' >> "$1"
	head -c $((n % 1000)) /dev/zero | tr '\0' '\n' >> "$1"
	[ "$(stat -c %s "$1")" -eq "$2" ]
}

@test "integrity: a domain of exactly 16 MiB is read, one byte more is refused and changes nothing" {
	dom big > "$SCRATCH/big.xml"
	pad_to "$SCRATCH/big.xml" 16777216
	run vdom-define --check "$SCRATCH/big.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	printf '\n' >> "$SCRATCH/big.xml"
	before=$(listing)
	run vdom-define < "$SCRATCH/big.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: stdin: more than 16777216 bytes" ]
	run vdom-define "$SCRATCH/big.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: $SCRATCH/big.xml: more than 16777216 bytes" ]
	run vdom-validate "$SCRATCH/big.xml"
	[ "$status" -eq 1 ]
	[ "$(listing)" = "$before" ]
}

@test "integrity: a network and a node device over 16 MiB are refused" {
	printf "<network><name>n1</name></network>\n" > "$SCRATCH/n.xml"
	pad_to "$SCRATCH/n.xml" 16777217
	run vnet-define "$SCRATCH/n.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vnet-define: $SCRATCH/n.xml: more than 16777216 bytes" ]
	printf "<device><name>x</name><capability type='system'/></device>\n" > "$SCRATCH/d.xml"
	pad_to "$SCRATCH/d.xml" 16777217
	run vnode-validate "$SCRATCH/d.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"more than 16777216 bytes" ]]
}

@test "integrity: a NUL byte after the root element is refused (domain, network, node device)" {
	{ dom web1; printf '\0<evil/>\n'; } > "$SCRATCH/nul.xml"
	run vdom-define "$SCRATCH/nul.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == "vdom-define: $SCRATCH/nul.xml: NUL byte at offset "* ]]
	[ ! -e "$SCRATCH/conf" ]
	{ printf "<network><name>n1</name></network>"; printf '\0<evil/>'; } > "$SCRATCH/nul.xml"
	run vnet-define "$SCRATCH/nul.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"NUL byte at offset 34" ]]
	{ printf "<device><name>x</name></device>"; printf '\0<evil/>'; } > "$SCRATCH/nul.xml"
	run vnode-validate "$SCRATCH/nul.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"NUL byte at offset 31" ]]
	# a NUL inside is refused as well
	printf "<network><name>n\0</name></network>" > "$SCRATCH/nul.xml"
	run vnet-define "$SCRATCH/nul.xml"
	[ "$status" -eq 1 ]; [[ "$output" == *"NUL byte at offset 16" ]]
}

@test "integrity: only comments may follow the root element" {
	{ dom web1; printf '<evil/>\n'; } > "$SCRATCH/t.xml"
	run vdom-define "$SCRATCH/t.xml"
	[ "$status" -eq 1 ]; [[ "$output" == *"malformed XML"* ]]
	{ dom web1; printf '<?evil x?>\n'; } > "$SCRATCH/t.xml"
	run vdom-define "$SCRATCH/t.xml"
	[ "$status" -eq 1 ]; [[ "$output" == *"content after the root element" ]]
	{ dom web1; printf 'text\n'; } > "$SCRATCH/t.xml"
	run vdom-define "$SCRATCH/t.xml"
	[ "$status" -eq 1 ]
	[ ! -e "$SCRATCH/conf" ]
	{ dom web1; printf '<!-- a comment -->\n'; } > "$SCRATCH/t.xml"
	run vdom-define "$SCRATCH/t.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
}

# Large documents: each parse check is linear (sorted duplicate checks,
# one pass for port numbers, arrays that grow geometrically); 100,000
# entries define within the run, where the quadratic checks took minutes
# under the sanitizers. Inputs are generated by awk.

@test "integrity: 65,000 serial ports without numbers are numbered after the highest given, up to 65535" {
	awk 'BEGIN { print "<domain type=\"qemu\"><name>ser</name><memory>65536</memory>"
		print "<os><type arch=\"x86_64\">hvm</type></os><devices>"
		print "<serial type=\"pty\"><target port=\"7\"/></serial>"
		for (i = 0; i < 65000; i++) print "<serial type=\"pty\"/>"
		print "</devices></domain>" }' > "$SCRATCH/ser.xml"
	run vdom-define "$SCRATCH/ser.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(grep -c "<serial type='pty'>" "$SCRATCH/conf/ser.xml")" -eq 65001 ]
	# after the numbered port 7: 8, 9, ... in document order
	grep -o "<target [^>]*port='[0-9]*'" "$SCRATCH/conf/ser.xml" | sed 's/.*port=.//; s/.$//' > "$SCRATCH/ports"
	[ "$(sed -n '1p;2p;65001p' "$SCRATCH/ports" | tr '\n' ' ')" = "7 8 65007 " ]
	[ "$(sort -u "$SCRATCH/ports" | wc -l)" -eq 65001 ]
	# what was written reads back
	run vdom-define "$SCRATCH/conf/ser.xml"
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	# past 65535 there is no port to hand out: the config would not read back
	sed -i 's|port="7"|port="65000"|' "$SCRATCH/ser.xml"
	run vdom-define "$SCRATCH/ser.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: $SCRATCH/ser.xml: serial 537: no port number left (65535 is the highest)" ]
}

@test "integrity: 100,000 portgroups define; one name twice is refused at its line" {
	awk 'BEGIN { print "<network><name>pg</name><forward mode=\"bridge\"/><bridge name=\"br0\"/>"
		for (i = 0; i < 100000; i++) printf "<portgroup name=\"pg%d\"/>\n", i
		print "</network>" }' > "$SCRATCH/pg.xml"
	run vnet-define "$SCRATCH/pg.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(vnet-dumpxml pg | grep -c '<portgroup ')" -eq 100000 ]
	sed -i '50002s/pg50000/pg7/' "$SCRATCH/pg.xml"
	run vnet-define --check "$SCRATCH/pg.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vnet-define: $SCRATCH/pg.xml:50002: portgroup: portgroup 'pg7' is defined twice" ]
}

@test "integrity: a pool of 100,000 PCI addresses defines; one listed twice is refused at its line" {
	awk 'BEGIN { print "<network><name>pool</name><forward mode=\"hostdev\" managed=\"yes\">"
		for (i = 0; i < 100000; i++)
			printf "<address type=\"pci\" domain=\"0x%04x\" bus=\"0x%02x\" slot=\"0x%02x\" function=\"0x%x\"/>\n",
			    int(i / 65536), int(i / 256) % 256, int(i / 8) % 32, i % 8
		print "</forward></network>" }' > "$SCRATCH/pool.xml"
	run vnet-define "$SCRATCH/pool.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(vnet-dumpxml pool | grep -c "<address type='pci'")" -eq 100000 ]
	# line 60001 (entry 59999) becomes a copy of line 3 (entry 1)
	awk 'NR == 3 { l = $0 } NR == 60001 { $0 = l } { print }' "$SCRATCH/pool.xml" > "$SCRATCH/pool2.xml"
	mv "$SCRATCH/pool2.xml" "$SCRATCH/pool.xml"
	run vnet-define --check "$SCRATCH/pool.xml"
	[ "$status" -eq 1 ]
	[ "$output" = "vnet-define: $SCRATCH/pool.xml:60001: forward/address: PCI address 0000:00:00.1 is listed twice" ]
}

@test "integrity: 100,000 DHCP hosts define" {
	awk 'BEGIN { print "<network><name>dh</name><ip address=\"10.0.0.1\" netmask=\"255.0.0.0\"><dhcp>"
		for (i = 0; i < 100000; i++)
			printf "<host mac=\"52:54:00:%02x:%02x:%02x\" ip=\"10.%d.%d.%d\"/>\n",
			    int(i / 65536), int(i / 256) % 256, i % 256, int(i / 65536), int(i / 256) % 256, i % 256
		print "</dhcp></ip></network>" }' > "$SCRATCH/dh.xml"
	run vnet-define "$SCRATCH/dh.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(vnet-dumpxml dh | grep -c '<host mac=')" -eq 100000 ]
}

@test "integrity: two disks on one target are refused, naming the second" {
	disk() { printf "<disk type='file' device='disk'><source file='/tmp/%s.img'/><target dev='%s' bus='virtio'/></disk>" "$1" "$2"; }
	run vdom-define <<<"$(dom web1 "" "$(disk a vda)
$(disk b vdb)
$(disk c vda)")"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-define: stdin:8: devices/disk: target 'vda' is used by two disks" ]
	[ ! -e "$SCRATCH/conf" ]
	run vdom-define <<<"$(dom web1 "" "$(disk a vda)$(disk b vdb)")"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
}

@test "integrity: numbers are decimal: 0x10 as a memory size or a vcpu count is refused" {
	run vdom-define <<<"$(dom web1 | sed 's/65536/0x10/')"
	[ "$status" -eq 1 ]
	[[ "$output" == *"memory: '0x10' is not a number"* ]]
	run vdom-define <<<"$(dom web1 "<vcpu>0x2</vcpu>")"
	[ "$status" -eq 1 ]
	[ ! -e "$SCRATCH/conf" ]
	# 010 is ten, not eight
	dom web1 "<vcpu>010</vcpu>" | vdom-define
	vdom-dumpxml web1 | grep -q '>10</vcpu>'
}

@test "integrity: PCI address parts and USB ids still take hex, as libvirt's do" {
	run vdom-define <<<"$(dom web1 "" "<interface type='network'><source network='default'/><address type='pci' domain='0x0000' bus='0x01' slot='0x1f' function='0x7'/></interface><hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/><product id='0xbeef'/></source></hostdev>")"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	vdom-dumpxml web1 | grep -q "bus='0x01' slot='0x1f' function='0x7'"
	vdom-dumpxml web1 | grep -q "<vendor id='0x1234'/>"
	# a bare 0x is not a number
	run vdom-define <<<"$(dom web2 "" "<interface type='network'><source network='default'/><address type='pci' domain='0x0000' bus='0x' slot='0x1f' function='0x7'/></interface>")"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bus '0x' is not a number"* ]]
}

@test "integrity: names with C1 controls, bidi controls or edge spaces are refused in one line" {
	for n in $'web\u0085x' $'web\u202Ex' $'\u2066web' $'web\u200F' ' web' 'web ' $'web\u061C'; do
		run vdom-define <<<"$(dom "$n")"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == "vdom-define: stdin:2: name: domain name "* ]]
		run vnet-define <<<"<network><name>$n</name></network>"
		[ "$status" -eq 1 ]; [ "${#lines[@]}" -eq 1 ]
	done
	[ ! -e "$SCRATCH/conf" ]
	# other non-ASCII letters and inner spaces are fine
	run vdom-define <<<"$(dom $'w\u00e9b 1')"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
}
