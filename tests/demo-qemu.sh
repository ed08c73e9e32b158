#!/bin/sh
# demo-qemu.sh: the second half of `make demo`: a real QEMU guest (TCG),
# defined, started, inspected and stopped through ACPI, on qemu:///session
# with its state in a scratch directory
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=${VC_BIN:-$top/bin}:$PATH
echo
echo "virtcore demo on qemu:///session: a real guest under TCG"
if ! out=$(sh "$top/tests/fixtures/mkguest" "$top/build/guest"); then
	echo "demo: cannot build the demo guest (kernel package); skipped"
	exit 0
fi
kernel=$(echo "$out" | sed -n 1p)
initrd=$(echo "$out" | sed -n 2p)
scratch=$(mktemp -d /tmp/virtcore-demo-qemu.XXXXXX)
export XDG_RUNTIME_DIR=$scratch/run XDG_CONFIG_HOME=$scratch/cfg XDG_STATE_HOME=$scratch/state
export VIRTCORE_URI=qemu:///session
mkdir -p "$XDG_RUNTIME_DIR"
trap 'vdom-destroy tiny >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
cat > "$scratch/tiny.xml" <<XML
<domain type='qemu'>
  <name>tiny</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$kernel</kernel>
    <initrd>$initrd</initrd>
    <cmdline>console=ttyS0 quiet panic=-1</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <memballoon model='none'/>
  </devices>
</domain>
XML
step() { printf '\n$ %s\n' "$*"; "$@"; }
step vdom-define "$scratch/tiny.xml"
step vdom-to-native --format qemu-argv --domain tiny
step vdom-start tiny
step vdom-list
i=0
while ! vdom-console --log tiny 2>/dev/null | grep -q VIRTCORE-GUEST-UP; do
	i=$((i + 1))
	[ $i -lt 300 ] || { echo "demo: the guest did not come up in 30 s"; exit 1; }
	sleep 0.1
done
printf '\n$ vdom-console --log tiny | grep VIRTCORE\n'
vdom-console --log tiny | grep VIRTCORE
step vdom-info tiny
step vdom-shutdown --timeout 20 tiny
step vdom-list --all
step vdom-undefine tiny
echo
echo "demo: qemu driver done"
