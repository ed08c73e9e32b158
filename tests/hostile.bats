#!/usr/bin/env bats
# hostile: inputs of hostile size and shape, each a one-line error or a
# success within a deadline (timeout(1): exit 124 fails the test), and a
# refusal changes nothing (the whole simulated host is compared before and
# after). The limits are in virtcore(7), "Input limits". Deadlines allow
# for the sanitizer build, which make check runs.
load common

setup() {
	vc_scratch
	mkdir -p "$SCRATCH/in"
	IN=$SCRATCH/in
}
teardown() { vc_cleanup; }

# a guest named $1; $2: more after <memory> (devices go in $3)
dom() {
	printf "<domain type='qemu'>\n  <name>%s</name>\n  <memory>65536</memory>\n%s\n" "$1" "${2:-}"
	printf "  <os><type arch='x86_64'>hvm</type></os>\n  <devices>%s</devices>\n</domain>\n" "${3:-}"
}

# every path under the host but the inputs, with size, mode, mtime and hash
listing() {
	find "$SCRATCH" -path "$IN" -prune -o -printf '%P %y %s %m %T@\n' | sort
	find "$SCRATCH" -path "$IN" -prune -o -type f -print0 | sort -z | xargs -0r sha1sum
}

# within SECS TOOL ARGS...: run it under a deadline
within() {
	local secs=$1
	shift
	run timeout "$secs" "$@"
	if [ "$status" -eq 124 ]; then
		echo "$* took more than $secs s"
		return 1
	fi
}

# refused SECS TOOL ARGS...: exit 1 within SECS, one line naming the
# tool, no sanitizer report, and the host exactly as it was
refused() {
	local before
	before=$(listing)
	within "$@"
	echo "status $status: $output"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "$(basename "$2"): "* ]]
	vc_no_sanitizer_report
	[ "$(listing)" = "$before" ]
}

# a guest already there: a refusal must leave it as it is
existing() {
	dom keep > "$IN/keep.xml"
	vdom-define "$IN/keep.xml" > /dev/null
}

# ---- size ----

@test "hostile: a 20 MB domain XML is refused before it is read in full (file and stdin)" {
	existing
	awk 'BEGIN { print "<domain type=\"qemu\"><name>big</name><memory>65536</memory><description>"
		for (i = 0; i < 200000; i++) printf "%0100d\n", i
		print "</description></domain>" }' > "$IN/big.xml"
	[ "$(stat -c %s "$IN/big.xml")" -gt 20000000 ]
	refused 20 vdom-define "$IN/big.xml"
	[ "$output" = "vdom-define: $IN/big.xml: more than 16777216 bytes" ]
	refused 20 vdom-define < "$IN/big.xml"
	[ "$output" = "vdom-define: stdin: more than 16777216 bytes" ]
	refused 20 vdom-validate "$IN/big.xml"
	refused 20 vdom-attach-device keep "$IN/big.xml"
	refused 20 vdom-from-native --format xen-xl "$IN/big.xml"
	[ "$output" = "vdom-from-native: $IN/big.xml: more than 16777216 bytes" ]
	# 16 MiB exactly is still read
	head -c 16777216 "$IN/big.xml" > "$IN/max.xml"
	refused 20 vdom-define "$IN/max.xml"
	[[ "$output" == "vdom-define: $IN/max.xml:"*"malformed XML"* ]]
}

@test "hostile: 100,000 disks define, dump and list in bounded time; a 100,001st bad one is refused at its line" {
	awk 'BEGIN { print "<domain type=\"qemu\"><name>many</name><memory>65536</memory>"
		print "<os><type arch=\"x86_64\">hvm</type></os><devices>"
		for (i = 0; i < 100000; i++) {
			n = i; s = ""
			do { s = sprintf("%c", 97 + n % 26) s; n = int(n / 26) - 1 } while (n >= 0)
			printf "<disk type=\"file\" device=\"disk\"><source file=\"/img/%d\"/><target dev=\"vd%s\" bus=\"virtio\"/></disk>\n", i, s
		}
		print "</devices></domain>" }' > "$IN/many.xml"
	within 120 vdom-define "$IN/many.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	within 60 vdom-dumpxml many
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c "<disk type='file' device='disk'>")" -eq 100000 ]
	within 30 vdom-list --all
	[ "$status" -eq 0 ]; [[ "$output" == *many* ]]
	# the same document again changes nothing
	within 120 vdom-define "$IN/many.xml"
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	# one more disk on a target already used: refused at its line
	sed 's|</devices>|<disk type="file" device="disk"><source file="/img/x"/><target dev="vdzz" bus="virtio"/></disk>\n</devices>|' \
		"$IN/many.xml" > "$IN/dup.xml"
	refused 120 vdom-define "$IN/dup.xml"
	[ "$output" = "vdom-define: $IN/dup.xml:100003: devices/disk: target 'vdzz' is used by two disks" ]
}

@test "hostile: the schema check of 100,000 and 200,000 devices is linear, valid or not" {
	awk 'BEGIN { print "<domain type=\"qemu\"><name>many</name><memory>65536</memory>"
		print "<os><type arch=\"x86_64\">hvm</type></os><devices>"
		for (i = 0; i < 100000; i++) printf "<serial type=\"pty\"><target port=\"%d\"/></serial>\n", i % 65536
		print "</devices></domain>" }' > "$IN/ser.xml"
	# (the ports repeat past 65535: libvirt does not refuse that either)
	within 120 vdom-validate "$IN/ser.xml"
	[ "$status" -eq 0 ]; [ "$output" = "$IN/ser.xml: valid" ]
	# one port past 65535 is named at its line, past 65535 too
	sed -i '70000s/port="[0-9]*"/port="65536"/' "$IN/ser.xml"
	refused 120 vdom-validate "$IN/ser.xml"
	[ "$output" = "vdom-validate: $IN/ser.xml:70000: devices/serial/target: port '65536' is not a number in range 0-65535" ]
	awk 'BEGIN { print "<domain type=\"qemu\"><name>many</name><memory>65536</memory>"
		print "<os><type arch=\"x86_64\">hvm</type></os><devices>"
		for (i = 0; i < 100000; i++) printf "<watchdog model=\"i6300esb\"/><rng model=\"virtio\"><backend model=\"random\">/dev/urandom</backend></rng>\n"
		print "</devices></domain>" }' > "$IN/rng.xml"
	within 120 vdom-validate "$IN/rng.xml"
	[ "$status" -eq 0 ]; [ "$output" = "$IN/rng.xml: valid" ]
	# node devices: only the schema reads them; where it fails, the search
	# for the culprit element is bounded (it was quadratic: 4,000 children
	# took 14 s, 100,000 would take hours)
	awk 'BEGIN { print "<device><name>x</name>"
		for (i = 0; i < 100000; i++) printf "<devnode type=\"dev\">/dev/x%d</devnode>\n", i
		print "<bogus/><capability type=\"system\"><hardware><vendor>a</vendor></hardware><firmware/></capability></device>" }' \
		> "$IN/nd.xml"
	refused 60 vnode-validate "$IN/nd.xml"
	[ "$output" = "vnode-validate: $IN/nd.xml:100002: bogus: Did not expect element bogus there" ]
	# a few thousand children are still searched for the element to name
	awk 'BEGIN { print "<device><name>x</name>"
		for (i = 0; i < 4000; i++) printf "<devnode type=\"dev\">/dev/x%d</devnode>\n", i
		print "<bogus/><capability type=\"system\"><hardware><vendor>a</vendor></hardware><firmware/></capability></device>" }' \
		> "$IN/nd4k.xml"
	refused 20 vnode-validate "$IN/nd4k.xml"
	[ "$output" = "vnode-validate: $IN/nd4k.xml:4002: bogus: Did not expect element bogus there" ]
}

@test "hostile: a network of 100,000 DHCP hosts and 20,000 routes defines in bounded time" {
	awk 'BEGIN { print "<network><name>big</name><forward mode=\"nat\"/><bridge name=\"vbr0\"/>"
		print "<ip address=\"10.0.0.1\" netmask=\"255.0.0.0\"><dhcp>"
		for (i = 0; i < 100000; i++)
			printf "<host mac=\"52:54:00:%02x:%02x:%02x\" ip=\"10.%d.%d.%d\"/>\n",
			    int(i / 65536), int(i / 256) % 256, i % 256, int(i / 65536), int(i / 256) % 256, i % 256
		print "</dhcp></ip>"
		for (i = 0; i < 20000; i++) printf "<route address=\"172.%d.%d.0\" prefix=\"24\" gateway=\"10.0.0.2\"/>\n", int(i / 256) % 256, i % 256
		print "</network>" }' > "$IN/net.xml"
	# with the schema too: <dhcp>'s hosts validate in linear time
	# (40,000 took 1.4 s, 100,000 about 9 s; now 0.4 s and 1 s)
	within 120 vnet-define --check --validate "$IN/net.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	within 120 vnet-define "$IN/net.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	within 60 vnet-dumpxml big
	[ "$(printf '%s\n' "$output" | grep -c '<host mac=')" -eq 100000 ]
}

# ---- shape ----

@test "hostile: nesting 10,000 deep is refused at once (domain, network, node device, vbox)" {
	existing
	deep() { awk -v o="$1" -v c="$2" 'BEGIN { printf "%s", o
		for (i = 0; i < 10000; i++) printf "<a>"
		for (i = 0; i < 10000; i++) printf "</a>"
		print c }'; }
	deep "<domain type='qemu'><name>deep</name><memory>1</memory><metadata>" "</metadata></domain>" > "$IN/d.xml"
	refused 10 vdom-define "$IN/d.xml"
	[[ "$output" == "vdom-define: $IN/d.xml:1: malformed XML: Excessive depth in document: 256"* ]]
	deep "<network><name>deep</name>" "</network>" > "$IN/n.xml"
	refused 10 vnet-define "$IN/n.xml"
	[[ "$output" == *"Excessive depth in document"* ]]
	deep "<device><name>deep</name>" "</device>" > "$IN/nd.xml"
	refused 10 vnode-validate "$IN/nd.xml"
	[[ "$output" == *"Excessive depth in document"* ]]
	deep "<VirtualBox><Machine name='deep'>" "</Machine></VirtualBox>" > "$IN/v.vbox"
	refused 10 vdom-from-native --format vbox "$IN/v.vbox"
	[[ "$output" == *"Excessive depth in document"* ]]
	# 250 deep (below libxml2's 256) in <metadata> is kept as it is
	awk 'BEGIN { printf "<domain type=\"qemu\"><name>m250</name><memory>1</memory><metadata>"
		for (i = 0; i < 250; i++) printf "<x:a xmlns:x=\"urn:x\">"
		for (i = 0; i < 250; i++) printf "</x:a>"
		print "</metadata></domain>" }' > "$IN/m.xml"
	within 10 vdom-define "$IN/m.xml"
	[ "$status" -eq 0 ]
	[ "$(vdom-dumpxml m250 | grep -c '<x:a')" -eq 250 ]
}

@test "hostile: names of 200 bytes define; 201 bytes are refused (domain, network)" {
	n200=$(printf 'n%.0s' $(seq 200))
	u200=$(printf '\xc3\xa9%.0s' $(seq 100))   # é: 100 characters, 200 bytes
	dom "$n200" > "$IN/a.xml"
	within 10 vdom-define "$IN/a.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ -f "$SCRATCH/conf/$n200.xml" ]
	vdom-info "$n200" | grep -q "^Name:[[:space:]]*$n200$"
	dom "$u200" > "$IN/u.xml"
	within 10 vdom-define "$IN/u.xml"
	[ "$status" -eq 0 ]
	dom "${n200}x" > "$IN/b.xml"
	refused 10 vdom-define "$IN/b.xml"
	[[ "$output" == *"name is longer than 200 bytes"* ]]
	dom "${u200}x" > "$IN/c.xml"
	refused 10 vdom-define "$IN/c.xml"
	printf "<network><name>%s</name></network>\n" "$n200" > "$IN/n.xml"
	within 10 vnet-define "$IN/n.xml"
	[ "$status" -eq 0 ]
	printf "<network><name>%sx</name></network>\n" "$n200" > "$IN/n2.xml"
	refused 10 vnet-define "$IN/n2.xml"
	[[ "$output" == *"name is longer than 200 bytes"* ]]
	# a tool given the long name looks it up, never past the limit
	refused 10 vdom-dumpxml "${n200}x"
}

@test "hostile: numbers that overflow 64 bits are one line each" {
	existing
	big=18446744073709551616 huge=99999999999999999999999999999999
	dom a "" > "$IN/ok.xml"
	try() {
		printf '%s\n' "$1" > "$IN/t.xml"
		refused 10 vdom-define "$IN/t.xml"
		[[ "$output" == *"$2"* ]]
	}
	try "$(dom a | sed "s|<memory>65536|<memory>$big|")" "$big out of range"
	try "$(dom a "<vcpu>$huge</vcpu>")" "vcpu: '$huge' is not a number"
	try "$(dom a "<currentMemory>$big</currentMemory>")" "out of range"
	try "$(dom a "" "<controller type='pci' index='$big' model='pci-root'/>")" "$big"
	try "$(dom a "" "<disk type='file' device='disk'><source file='/x'/><target dev='vda' bus='virtio'/><address type='pci' domain='0x0000' bus='0x00' slot='0x10000000000000000' function='0x0'/></disk>")" "slot"
	try "$(dom a "" "<interface type='network'><source network='default'/><mtu size='$big'/></interface>")" "$big"
	try "$(dom a "<cputune><shares>$big</shares></cputune>")" "$big"
	try "$(dom a "" "<disk type='file' device='disk'><source file='/x'/><target dev='vda' bus='virtio'/><iotune><total_bytes_sec>$big</total_bytes_sec></iotune></disk>")" "$big"
	printf "<network><name>n</name><mtu size='%s'/></network>\n" "$big" > "$IN/n.xml"
	refused 10 vnet-define "$IN/n.xml"
	printf "<network><name>n</name><vlan><tag id='%s'/></vlan></network>\n" "$big" > "$IN/n.xml"
	refused 10 vnet-define "$IN/n.xml"
	printf "<network><name>n</name><ip address='10.0.0.1' prefix='%s'/></network>\n" "$big" > "$IN/n.xml"
	refused 10 vnet-define "$IN/n.xml"
}

@test "hostile: sizes whose unit overflows, or past 2^63 bytes, are one line each" {
	existing
	try() {
		dom a | sed "s|<memory>65536</memory>|$1|" > "$IN/t.xml"
		refused 10 vdom-define "$IN/t.xml"
		[[ "$output" == *"$2"* ]]
	}
	try "<memory unit='EiB'>16</memory>" "memory: 16 EiB is too large"
	try "<memory unit='KiB'>18446744073709551615</memory>" "is too large"
	try "<memory unit='bytes'>18446744073709551615</memory>" "more than the 9007199254740991 KiB allowed"
	# 15 EiB fits 64 bits but not libvirt's bound (an off_t of bytes)
	try "<memory unit='EiB'>15</memory>" "memory: 15 EiB is more than the 9007199254740991 KiB allowed"
	try "<memory unit='EB'>10</memory>" "more than the 9007199254740991 KiB allowed"
	try "<memory unit='YiB'>1</memory>" "unknown unit 'YiB'"
	try "<memory unit='KiB'>-1</memory>" "is not a number"
	try "<memory>65536</memory><maxMemory slots='1' unit='PiB'>99999</maxMemory>" "too large"
	# the largest allowed is taken
	dom a | sed "s|<memory>65536</memory>|<memory unit='KiB'>9007199254740991</memory>|" > "$IN/t.xml"
	within 10 vdom-define "$IN/t.xml"
	[ "$status" -eq 0 ]
}

@test "hostile: invalid UTF-8 anywhere is one line, malformed XML" {
	existing
	for bad in '\xff\xfe' '\xc3\x28' '\xc0\xaf' '\xed\xa0\x80' '\xf4\x90\x80\x80' '\xe2\x82'; do
		# shellcheck disable=SC2059
		printf "<domain type='qemu'><name>a$bad</name><memory>1</memory></domain>" > "$IN/t.xml"
		refused 10 vdom-define "$IN/t.xml"
		[[ "$output" == *"malformed XML"* ]]
		# shellcheck disable=SC2059
		printf "<domain type='qemu'><name>a</name><memory>1</memory><description>x$bad</description></domain>" > "$IN/t.xml"
		refused 10 vdom-define "$IN/t.xml"
		# shellcheck disable=SC2059
		printf "<network><name>n</name><bridge name='b$bad'/></network>" > "$IN/t.xml"
		refused 10 vnet-define "$IN/t.xml"
		# shellcheck disable=SC2059
		printf "<device><name>d</name><!-- $bad --></device>" > "$IN/t.xml"
		refused 10 vnode-validate "$IN/t.xml"
	done
	# character references to what XML cannot hold
	for ref in '&#0;' '&#xD800;' '&#x1;' '&#x110000;'; do
		printf "<domain type='qemu'><name>a%s</name><memory>1</memory></domain>" "$ref" > "$IN/t.xml"
		refused 10 vdom-define "$IN/t.xml"
	done
}

@test "hostile: NUL bytes are refused wherever they are (file, stdin, native formats)" {
	existing
	printf '\0' > "$IN/t.xml"
	refused 10 vdom-define "$IN/t.xml"
	[ "$output" = "vdom-define: $IN/t.xml: NUL byte at offset 0" ]
	printf "<domain type='qemu'><name>a\0b</name><memory>1</memory></domain>" > "$IN/t.xml"
	refused 10 vdom-define < "$IN/t.xml"
	[ "$output" = "vdom-define: stdin: NUL byte at offset 27" ]
	printf "<network><name>n</name></network>\0" > "$IN/t.xml"
	refused 10 vnet-define "$IN/t.xml"
	printf 'name = "a\0b"\nmemory = 64\n' > "$IN/t.cfg"
	refused 10 vdom-from-native --format xen-xl "$IN/t.cfg"
	[ "$output" = "vdom-from-native: $IN/t.cfg: NUL byte at offset 9" ]
	printf 'config.version = "8"\nvirtualHW.version = "4"\ndisplayName = "a\0b"\n' > "$IN/t.vmx"
	refused 10 vdom-from-native --format vmware-vmx < "$IN/t.vmx"
	[ "$output" = "vdom-from-native: -: NUL byte at offset 61" ]
}

@test "hostile: external entities read no file, no network (domain, network, node device, vbox)" {
	existing
	for doc in \
		'<!DOCTYPE domain [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]><domain type="qemu"><name>&x;</name><memory>1</memory></domain>' \
		'<!DOCTYPE domain [ <!ENTITY % p SYSTEM "file:///etc/passwd"> %p; ]><domain type="qemu"><name>a</name><memory>1</memory></domain>' \
		'<!DOCTYPE domain SYSTEM "file:///etc/passwd"><domain type="qemu"><name>a</name><memory>1</memory></domain>' \
		'<!DOCTYPE domain SYSTEM "http://127.0.0.1:9/x.dtd"><domain type="qemu"><name>a</name><memory>1</memory></domain>'; do
		printf '%s\n' "$doc" > "$IN/t.xml"
		refused 10 vdom-define "$IN/t.xml"
		[[ "$output" != *root:* ]]
		refused 10 vdom-validate "$IN/t.xml"
		[[ "$output" != *root:* ]]
	done
	printf '<!DOCTYPE network [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]><network><name>&x;</name></network>\n' > "$IN/n.xml"
	refused 10 vnet-define "$IN/n.xml"; [[ "$output" != *root:* ]]
	printf '<!DOCTYPE device [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]><device><name>&x;</name></device>\n' > "$IN/d.xml"
	refused 10 vnode-validate "$IN/d.xml"; [[ "$output" != *root:* ]]
	printf '<!DOCTYPE VirtualBox [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]><VirtualBox><Machine name="&x;"/></VirtualBox>\n' > "$IN/v.vbox"
	refused 10 vdom-from-native --format vbox "$IN/v.vbox"; [[ "$output" != *root:* ]]
	# XInclude is not processed: <metadata> keeps the element as written
	dom xi "<metadata><xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='/etc/passwd' parse='text'/></metadata>" > "$IN/xi.xml"
	within 10 vdom-define "$IN/xi.xml"
	[ "$status" -eq 0 ]
	run vdom-dumpxml xi
	[[ "$output" == *"<xi:include"* ]]; [[ "$output" != *root:* ]]
}

@test "hostile: entity expansion (billion laughs) is refused at once, in little memory" {
	existing
	lol() {
		echo '<?xml version="1.0"?>'
		echo "<!DOCTYPE $1 [<!ENTITY lol \"lol\">"
		p=lol
		for i in 1 2 3 4 5 6 7 8 9; do
			echo "<!ENTITY lol$i \"&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;\">"
			p=lol$i
		done
		echo ']>'
		echo "$2"
	}
	lol domain "<domain type='qemu'><name>&lol9;</name><memory>1</memory></domain>" > "$IN/d.xml"
	refused 10 vdom-define "$IN/d.xml"
	[[ "$output" == *"entity reference loop"* || "$output" == *"DOCTYPE declarations are not allowed"* ]]
	refused 10 vdom-validate "$IN/d.xml"
	lol network "<network><name>&lol9;</name></network>" > "$IN/n.xml"
	refused 10 vnet-define "$IN/n.xml"
	lol device "<device><name>&lol9;</name></device>" > "$IN/nd.xml"
	refused 10 vnode-validate "$IN/nd.xml"
	lol VirtualBox "<VirtualBox><Machine name='&lol9;'/></VirtualBox>" > "$IN/v.vbox"
	refused 10 vdom-from-native --format vbox "$IN/v.vbox"
	# quadratic blowup: one large entity used many times, no nesting
	{
		printf '<!DOCTYPE domain [<!ENTITY a "%s">]>' "$(head -c 100000 /dev/zero | tr '\0' a)"
		printf "<domain type='qemu'><name>x</name><memory>1</memory><description>"
		for i in $(seq 2000); do printf '&a;'; done
		printf '</description></domain>\n'
	} > "$IN/q.xml"
	refused 10 vdom-define "$IN/q.xml"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$IN/rss" vdom-define "$IN/q.xml" 2> /dev/null || true
		echo "peak RSS $(cat "$IN/rss") KiB"
		[ "$(tail -1 "$IN/rss")" -lt 262144 ]
	fi
}
