# common.bash: loaded by every bats suite: tools on PATH, a scratch test driver
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
VC_TOP=${VC_TOP:-$(cd "$BATS_TEST_DIRNAME/.." && pwd)}
VC_BIN=${VC_BIN:-$VC_TOP/bin}
PATH=$VC_BIN:$PATH
export VIRTCORE_LOCK_WAIT_MS=${VIRTCORE_LOCK_WAIT_MS:-2000}

# each test gets its own simulated host
vc_scratch() {
	SCRATCH=$(mktemp -d "${BATS_TMPDIR:-/tmp}/vc.XXXXXX")
	export VIRTCORE_URI="test://$SCRATCH"
}

vc_cleanup() {
	[ -n "${SCRATCH:-}" ] && rm -rf "$SCRATCH"
}

# a minimal guest, named $1
vc_guest_xml() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
  </devices>
</domain>
XML
}

# sanitizer reports fail a test even when the exit status looks right
vc_no_sanitizer_report() {
	! printf '%s' "$output" | grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' -e 'LeakSanitizer'
}
