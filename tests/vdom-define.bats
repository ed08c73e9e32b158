#!/usr/bin/env bats
# vdom-define: XML in, a stored guest out; idempotent, validated, atomic
load common

setup() { vc_scratch; }
teardown() { vc_cleanup; }

@test "vdom-define: a new guest is changed, the same XML again is unchanged" {
	vc_guest_xml web1 > "$SCRATCH/web1.xml"
	run vdom-define "$SCRATCH/web1.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	before=$(stat -c %Y.%i "$SCRATCH/conf/web1.xml")
	run vdom-define < "$SCRATCH/web1.xml"
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	[ "$(stat -c %Y.%i "$SCRATCH/conf/web1.xml")" = "$before" ]
}

@test "vdom-define: the generated uuid and MACs are kept on redefine" {
	cat > "$SCRATCH/n.xml" <<XML
<domain type='kvm'>
  <name>n1</name>
  <memory>65536</memory>
  <devices>
    <interface type='network'>
      <source network='default'/>
    </interface>
  </devices>
</domain>
XML
	vdom-define "$SCRATCH/n.xml"
	first=$(vdom-dumpxml n1)
	echo "$first" | grep -q "<uuid>"
	echo "$first" | grep -q "<mac address='52:54:00:"
	run vdom-define "$SCRATCH/n.xml"
	[ "$output" = unchanged ]
	[ "$(vdom-dumpxml n1)" = "$first" ]
}

@test "vdom-define: --check reports the change and writes nothing" {
	vc_guest_xml web1 > "$SCRATCH/web1.xml"
	run vdom-define --check "$SCRATCH/web1.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ ! -e "$SCRATCH/conf/web1.xml" ]
}

@test "vdom-define: --diff shows a unified diff of stored and new config" {
	vc_guest_xml web1 > "$SCRATCH/web1.xml"
	vdom-define "$SCRATCH/web1.xml"
	sed 's/>64</>128</' "$SCRATCH/web1.xml" > "$SCRATCH/web2.xml"
	run vdom-define --diff --check "$SCRATCH/web2.xml"
	[ "$status" -eq 0 ]
	[[ "$output" == *"-  <memory unit='KiB'>65536</memory>"* ]]
	[[ "$output" == *"+  <memory unit='KiB'>131072</memory>"* ]]
	[ "${lines[-1]}" = changed ]
	# --check: the stored config is still the old one
	vdom-dumpxml web1 | grep -q 65536
}

@test "vdom-define: malformed XML is refused with file and line" {
	printf '<domain type="qemu">\n<name>x</name>\n<memory>1</memory\n' > "$SCRATCH/bad.xml"
	run vdom-define "$SCRATCH/bad.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == "vdom-define: $SCRATCH/bad.xml:"[0-9]*": malformed XML"* ]]
	vc_no_sanitizer_report
}

@test "vdom-define: an unknown element is an error, not dropped" {
	printf "<domain type='qemu'><name>x</name><memory>1</memory>\n<frobnicate/></domain>" | {
		run vdom-define
		[ "$status" -eq 1 ]
		[ "$output" = "vdom-define: stdin:2: frobnicate: unknown element <frobnicate>" ]
	}
	run vdom-list --all
	[ -z "$output" ]
}

@test "vdom-define: an unknown attribute is an error" {
	run vdom-define <<< "<domain type='qemu' colour='red'><name>x</name><memory>1</memory></domain>"
	[ "$status" -eq 1 ]
	[[ "$output" == *"unknown attribute 'colour'"* ]]
}

@test "vdom-define: wrong value types and out-of-range values are refused" {
	run vdom-define <<< "<domain type='qemu'><name>x</name><memory>lots</memory></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"memory: 'lots' is not a number"* ]]
	run vdom-define <<< "<domain type='qemu'><name>x</name><memory>1</memory><vcpu>0</vcpu></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"vcpu:"* ]]
	run vdom-define <<< "<domain type='warp'><name>x</name><memory>1</memory></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"type 'warp'"* ]]
	run vdom-define <<< "<domain type='qemu'><name>x</name><uuid>not-a-uuid</uuid><memory>1</memory></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"not a valid UUID"* ]]
	run vdom-define <<< "<domain type='qemu'><name>x</name><memory unit='parsecs'>1</memory></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"unknown unit"* ]]
	run vdom-list --all --name
	[ -z "$output" ]
}

@test "vdom-define: hostile names never become paths" {
	for n in '../evil' '/etc/passwd' 'a/b' '.hidden' ''; do
		run vdom-define <<< "<domain type='qemu'><name>$n</name><memory>1</memory></domain>"
		[ "$status" -eq 1 ] || { echo "accepted '$n'"; return 1; }
	done
	long=$(head -c 300 /dev/zero | tr '\0' a)
	run vdom-define <<< "<domain type='qemu'><name>$long</name><memory>1</memory></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"longer than"* ]]
	run vdom-define <<< "<domain type='qemu'><name>a&#10;b</name><memory>1</memory></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"control characters"* ]]
	[ ! -e "$SCRATCH/evil.xml" ]
	[ -z "$(ls "$SCRATCH/conf")" ]
}

@test "vdom-define: external entities and DTDs are refused, nothing is fetched" {
	cat > "$SCRATCH/xxe.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE domain [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<domain type='qemu'><name>&x;</name><memory>1</memory></domain>
XML
	run vdom-define "$SCRATCH/xxe.xml"
	[ "$status" -eq 1 ]; [[ "$output" == *"DOCTYPE declarations are not allowed"* ]]
	[[ "$output" != *root:* ]]
}

@test "vdom-define: an entity expansion bomb is refused quickly" {
	{
		echo '<?xml version="1.0"?>'
		echo '<!DOCTYPE lolz [<!ENTITY lol "lol">'
		p=lol
		for i in 1 2 3 4 5 6 7 8 9; do
			echo "<!ENTITY lol$i \"&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;\">"
			p=lol$i
		done
		echo ']>'
		echo "<domain type='qemu'><name>&lol9;</name><memory>1</memory></domain>"
	} > "$SCRATCH/bomb.xml"
	run vdom-define "$SCRATCH/bomb.xml"
	[ "$status" -eq 1 ]
	[ "${#output}" -lt 300 ]
}

@test "vdom-define: an undefined entity reference is malformed XML" {
	run vdom-define <<< "<domain type='qemu'><name>&nope;</name><memory>1</memory></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"malformed XML"* ]]
}

@test "vdom-define: the same uuid under another name is refused" {
	u=11111111-2222-3333-4444-555555555555
	vdom-define <<< "<domain type='qemu'><name>a</name><uuid>$u</uuid><memory>1</memory></domain>"
	run vdom-define <<< "<domain type='qemu'><name>b</name><uuid>$u</uuid><memory>1</memory></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"already used by domain a"* ]]
}

@test "vdom-define: a different uuid for an existing name is refused" {
	vdom-define <<< "<domain type='qemu'><name>a</name><uuid>11111111-2222-3333-4444-555555555555</uuid><memory>1</memory></domain>"
	run vdom-define <<< "<domain type='qemu'><name>a</name><uuid>11111111-2222-3333-4444-666666666666</uuid><memory>1</memory></domain>"
	[ "$status" -eq 1 ]; [[ "$output" == *"already defined with uuid"* ]]
}

@test "vdom-define: usage errors exit 2" {
	run vdom-define a.xml b.xml
	[ "$status" -eq 2 ]
	run vdom-define --frob
	[ "$status" -eq 2 ]
	run vdom-define -c 'nonsense'
	[ "$status" -eq 2 ]
}

@test "vdom-define: a missing file is exit 1 with the reason" {
	run vdom-define "$SCRATCH/none.xml"
	[ "$status" -eq 1 ]; [[ "$output" == *"No such file or directory"* ]]
}

@test "vdom-define: a guest locked by another run waits, then exits 75" {
	vc_guest_xml web1 > "$SCRATCH/web1.xml"
	mkdir -p "$SCRATCH/conf"
	exec 9> "$SCRATCH/conf/.web1.lock"
	flock 9
	VIRTCORE_LOCK_WAIT_MS=200 run vdom-define "$SCRATCH/web1.xml"
	exec 9>&-
	[ "$status" -eq 75 ]; [[ "$output" == *"try again later"* ]]
	[ ! -e "$SCRATCH/conf/web1.xml" ]
	run vdom-define "$SCRATCH/web1.xml"
	[ "$status" -eq 0 ]
}

@test "vdom-define: parallel defines and undefines never tear or lose a config" {
	for i in $(seq 1 8); do vc_guest_xml "g$i" > "$SCRATCH/g$i.xml"; done
	for round in 1 2 3; do
		for i in $(seq 1 8); do
			vdom-define "$SCRATCH/g$i.xml" >/dev/null &
			vdom-define "$SCRATCH/g1.xml" >/dev/null &
			vdom-undefine --if-exists g2 >/dev/null &
		done
		wait
	done
	for i in 1 3 4 5 6 7 8; do
		run vdom-dumpxml --inactive "g$i"
		[ "$status" -eq 0 ]
		[[ "$output" == *"<name>g$i</name>"*"</domain>" ]]
		vdom-validate "$SCRATCH/conf/g$i.xml" >/dev/null
	done
	# no temp files are left behind
	[ -z "$(ls "$SCRATCH/conf" | grep tmp)" ]
	run vdom-list --all --name
	[ "${#lines[@]}" -ge 7 ]
}

@test "vdom-define: documents in other encodings are read (iconv), unknown encodings refused" {
	printf "<?xml version='1.0' encoding='ISO-8859-15'?>\n<domain type='qemu'><name>caf\xe9</name><memory>1</memory></domain>\n" > "$SCRATCH/latin.xml"
	run vdom-define "$SCRATCH/latin.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vdom-list --all --name
	[ "$output" = "café" ]
	printf "<?xml version='1.0' encoding='x-no-such'?>\n<domain type='qemu'><name>a</name><memory>1</memory></domain>\n" > "$SCRATCH/odd.xml"
	run vdom-define "$SCRATCH/odd.xml"
	[ "$status" -eq 1 ]; [[ "$output" == *"Unsupported encoding x-no-such"* ]]
}
