#!/bin/sh
# run.sh: `make bench`: per-call cost of vdom-define, vdom-list and
# vdom-dumpxml with 1,000 guests, beside virsh -c test:///default when present.
# Calls are timed by bench/spawn (posix_spawn), not by a shell loop, whose
# own fork would be most of what it measured.
top=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-1000}
scratch=$(mktemp -d /tmp/virtcore-bench.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
spawn=$scratch/spawn
${CC:-cc} -O2 -o "$spawn" "$top/bench/spawn.c" || exit 1
export VIRTCORE_URI="test://$scratch/host"
mkdir -p "$scratch/xml"
i=0
while [ $i -lt $N ]; do
	cat > "$scratch/xml/g$i.xml" <<XML
<domain type='kvm'>
  <name>g$i</name>
  <memory unit='MiB'>512</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <boot dev='hd'/>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/images/g$i.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='bridge'>
      <mac address='52:54:00:00:$(printf %02x $((i / 256))):$(printf %02x $((i % 256)))'/>
      <source bridge='br0'/>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
XML
	i=$((i + 1))
done
B=$top/bin
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

floor=$("$spawn" 500 /bin/true)
def=$("$spawn" "$N" "$B/vdom-define" "$scratch/xml/g%d.xml") || exit 1
redef=$("$spawn" "$N" "$B/vdom-define" "$scratch/xml/g%d.xml") || exit 1
lst=$("$spawn" 200 "$B/vdom-list" --all) || exit 1
dump=$("$spawn" "$N" "$B/vdom-dumpxml" "g%d") || exit 1
"$B/vdom-start" g1 >/dev/null
info=$("$spawn" "$N" "$B/vdom-info" g1) || exit 1

echo "virtcore: $N guests on the test driver, ms per call (starting /bin/true costs $(ms "$floor"))"
printf '  %-26s %8s\n' "vdom-define (new)" "$(ms "$def")" "vdom-define (unchanged)" "$(ms "$redef")" \
	"vdom-list --all ($N lines)" "$(ms "$lst")" "vdom-dumpxml" "$(ms "$dump")" "vdom-info" "$(ms "$info")"

# vdom-stats: every guest in one pass, half of them running (their live
# record, live config and simulated counters read too)
i=0
while [ $i -lt $((N / 2)) ]; do "$B/vdom-start" g$i >/dev/null; i=$((i + 1)); done
st=$(SPAWN_CPU=1 "$spawn" 20 "$B/vdom-stats") || exit 1
echo "  vdom-stats ($N guests, $((N / 2)) running, one pass): $(ms "$(echo "$st" | sed -n 1p)") ms wall, $(ms "$(echo "$st" | sed -n 2p)") ms CPU"

if command -v virsh >/dev/null 2>&1; then
	# virsh's test driver keeps nothing between calls: each call is one
	# process that sets up the driver and does the same work once
	M=${M:-100}
	vdef=$("$spawn" "$M" virsh -q -c test:///default define "$scratch/xml/g%d.xml")
	vlst=$("$spawn" "$M" virsh -q -c test:///default list --all)
	vdump=$("$spawn" "$M" virsh -q -c test:///default dumpxml test)
	vinfo=$("$spawn" "$M" virsh -q -c test:///default dominfo test)
	echo "virsh -c test:///default, ms per call ($M calls), and how many times slower"
	x() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
	printf '  %-26s %8s  %s\n' define "$(ms "$vdef")" "$(x "$vdef" "$def")" \
		"list --all" "$(ms "$vlst")" "$(x "$vlst" "$lst")" \
		dumpxml "$(ms "$vdump")" "$(x "$vdump" "$dump")" \
		dominfo "$(ms "$vinfo")" "$(x "$vinfo" "$info")"
else
	echo "virsh not installed (apt-get install libvirt-clients): no comparison"
fi

# the esx driver against VMware's simulator, beside govmomi's own client
sh "$top/bench/esx.sh"

# the multicall binary beside the separate static tools: start-up, size
sh "$top/bench/multicall.sh"

# lxc:///system containers, beside lxc-start/lxc-stop (root only)
sh "$top/bench/lxc.sh"

# linear cost: vdom-list and one more define at 100, 1,000 and 10,000 guests
sh "$top/bench/scale.sh"
