#!/bin/sh
# run.sh: `make bench`: per-call cost of vdom-define, vdom-list and
# vdom-dumpxml with 1,000 guests, beside virsh -c test:///default when present
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
N=${N:-1000}
scratch=$(mktemp -d /tmp/virtcore-bench.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
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

now() { date +%s%N; }
# per-call milliseconds: total ns / calls
per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.3f", t / n / 1e6 }'; }

t0=$(now)
i=0; while [ $i -lt $N ]; do vdom-define "$scratch/xml/g$i.xml" >/dev/null || exit 1; i=$((i + 1)); done
t1=$(now); def=$(per $((t1 - t0)) $N)

R=100
t0=$(now)
i=0; while [ $i -lt $R ]; do vdom-list --all >/dev/null || exit 1; i=$((i + 1)); done
t1=$(now); lst=$(per $((t1 - t0)) $R)

t0=$(now)
i=0; while [ $i -lt $N ]; do vdom-dumpxml g$i >/dev/null || exit 1; i=$((i + 1)); done
t1=$(now); dump=$(per $((t1 - t0)) $N)

# the floor: starting a process that does nothing
t0=$(now)
i=0; while [ $i -lt $N ]; do /bin/true; i=$((i + 1)); done
t1=$(now); floor=$(per $((t1 - t0)) $N)

echo "virtcore, $N guests on the test driver (ms per call; /bin/true costs $floor):"
printf '  %-14s %8s\n' vdom-define "$def" "vdom-list --all" "$lst" vdom-dumpxml "$dump"

if command -v virsh >/dev/null 2>&1; then
	# virsh's test driver keeps nothing between calls: each call is one
	# process that loads the driver and does the same work once
	M=${M:-100}
	t0=$(now)
	i=0; while [ $i -lt $M ]; do virsh -q -c test:///default define "$scratch/xml/g$i.xml" >/dev/null || exit 1; i=$((i + 1)); done
	t1=$(now); vdef=$(per $((t1 - t0)) $M)
	t0=$(now)
	i=0; while [ $i -lt $M ]; do virsh -q -c test:///default list --all >/dev/null; i=$((i + 1)); done
	t1=$(now); vlst=$(per $((t1 - t0)) $M)
	t0=$(now)
	i=0; while [ $i -lt $M ]; do virsh -q -c test:///default dumpxml test >/dev/null; i=$((i + 1)); done
	t1=$(now); vdump=$(per $((t1 - t0)) $M)
	echo "virsh -c test:///default (ms per call, $M calls):"
	printf '  %-14s %8s  (%sx)\n' define "$vdef" "$(awk -v a=$vdef -v b=$def 'BEGIN{printf "%.1f", a/b}')" \
		"list --all" "$vlst" "$(awk -v a=$vlst -v b=$lst 'BEGIN{printf "%.1f", a/b}')" \
		dumpxml "$vdump" "$(awk -v a=$vdump -v b=$dump 'BEGIN{printf "%.1f", a/b}')"
else
	echo "virsh not installed (apt-get install libvirt-clients): no comparison"
fi
