#!/usr/bin/env bats
# schemas: lib/schemas/*.rng compile, accept our good samples and libvirt's
# valid corpus, and refuse our bad samples and libvirt's schema-invalid inputs

load common

SCHEMAS="domain network nodedev"
DATA=$VC_TOP/tests/data/schemas
CORPUS=${VC_CONFORMANCE:-$VC_TOP/../shared/conformance}

# libvirt inputs its own schema refuses (besides the MANIFEST's fail-schema)
DOMAIN_INVALID="domain/graphics-listen-network-invalid.xml
domain-qemu/hostdev-mdev-src-address-invalid.xml
domain-qemu/hostdev-scsi-vhost-rawio-invalid.xml
domain-qemu/pci-bus-invalid.xml
domain-qemu/pci-domain-invalid.xml
domain-qemu/pci-function-invalid.xml
domain-qemu/usb-too-long-port-path-invalid.xml
domain/name-slash-fail.xml"

# which of our schemas checks a corpus file of MANIFEST kind $1
schema_for() {
	case $1 in
	network) echo network ;;
	nodedev) echo nodedev ;;
	*) echo domain ;;
	esac
}

@test "schemas: each schema is a single file and compiles" {
	for s in $SCHEMAS; do
		f=$VC_TOP/lib/schemas/$s.rng
		[ -f "$f" ]
		! grep -q -e '<include' -e '<externalRef' "$f" || false
		# validating the schema against itself compiles it: exit 5 means
		# the schema did not compile, 3 only that the document is invalid
		run xmllint --noout --relaxng "$f" "$f"
		[ "$status" -ne 5 ]
		! printf '%s' "$output" | grep -q 'failed to compile' || false
	done
}

@test "schemas: good samples validate" {
	n=0
	for f in "$DATA"/*-good-*.xml; do
		s=${f##*/}
		s=${s%%-*}
		run xmllint --noout --relaxng "$VC_TOP/lib/schemas/$s.rng" "$f"
		[ "$status" -eq 0 ] || { echo "refused: $f"; echo "$output"; false; }
		n=$((n + 1))
	done
	[ "$n" -ge 15 ]
}

@test "schemas: bad samples are refused as invalid" {
	n=0
	for f in "$DATA"/*-bad-*.xml; do
		s=${f##*/}
		s=${s%%-*}
		run xmllint --noout --relaxng "$VC_TOP/lib/schemas/$s.rng" "$f"
		[ "$status" -eq 3 ] || { echo "status $status: $f"; echo "$output"; false; }
		n=$((n + 1))
	done
	[ "$n" -ge 50 ]
}

@test "schemas: every valid libvirt corpus file is accepted" {
	[ -f "$CORPUS/MANIFEST.tsv" ] || skip "no conformance corpus at $CORPUS"
	for s in $SCHEMAS; do
		: > "$BATS_TEST_TMPDIR/$s.list"
	done
	while IFS='	' read -r kind name input expected source expect; do
		case $kind in '#'*) continue ;; esac
		[ "$expect" = ok ] || continue
		for f in $input $expected; do
			case $f in *.xml) ;; *) continue ;; esac
			case "$DOMAIN_INVALID" in *"$f"*) continue ;; esac
			echo "$CORPUS/$f" >> "$BATS_TEST_TMPDIR/$(schema_for "$kind").list"
		done
	done < "$CORPUS/MANIFEST.tsv"
	n=0
	for s in $SCHEMAS; do
		# one xmllint run per schema: it prints a verdict line per file
		sort -u -o "$BATS_TEST_TMPDIR/$s.list" "$BATS_TEST_TMPDIR/$s.list"
		out=$(xargs xmllint --noout --relaxng "$VC_TOP/lib/schemas/$s.rng" \
			< "$BATS_TEST_TMPDIR/$s.list" 2>&1) || true
		ok=$(printf '%s\n' "$out" | grep -c ' validates$' || true)
		want=$(wc -l < "$BATS_TEST_TMPDIR/$s.list")
		echo "$s: $ok of $want accepted"
		printf '%s\n' "$out" | grep ' fails to validate$' || true
		[ "$ok" -eq "$want" ]
		n=$((n + want))
	done
	[ "$n" -gt 500 ]
}

@test "schemas: schema-invalid libvirt corpus inputs are refused" {
	[ -f "$CORPUS/MANIFEST.tsv" ] || skip "no conformance corpus at $CORPUS"
	list=$(awk -F'\t' '$6 == "fail-schema" { print $1 " " $3 }' "$CORPUS/MANIFEST.tsv")
	list="$list
$(printf '%s\n' "$DOMAIN_INVALID" | sed 's/^/domain /')"
	n=0
	while read -r kind f; do
		[ -n "$f" ] || continue
		s=$(schema_for "$kind")
		run xmllint --noout --relaxng "$VC_TOP/lib/schemas/$s.rng" "$CORPUS/$f"
		[ "$status" -eq 3 ] || { echo "accepted: $f"; false; }
		n=$((n + 1))
	done <<EOF
$list
EOF
	[ "$n" -ge 11 ]
}
