#!/bin/bash
# gen.sh: XML as real users' tools write it, and what libvirt makes of it.
# Run by hand on a host with Debian's virtinst and libvirt (as root, with
# libvirtd answering qemu:///system); writes tests/data/virtinst/:
#   NAME.qemu.in.xml   virt-install --print-xml for qemu:///system
#   NAME.qemu.out.xml  libvirt's dumpxml --inactive after defining it
#   NAME.test.in.xml, NAME.test.out.xml   the same on test:///default
# tests/virtinst.bats defines each .in.xml in virtcore and compares.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/tests/data/virtinst
mkdir -p "$out"
rm -f "$out"/*.xml

# name, then virt-install options (beyond the common ones below)
cases=(
	"pc-minimal|--machine pc --disk none --network none --graphics none"
	"q35-minimal|--machine q35 --disk none --network none --graphics none"
	"pc-virtio-disk|--machine pc --disk path=/var/lib/vi/a.qcow2,format=qcow2,bus=virtio,size=1 --network none --graphics none"
	"q35-virtio-disk|--machine q35 --disk path=/var/lib/vi/a.qcow2,format=qcow2,bus=virtio,size=1 --network none --graphics none"
	"q35-sata-disk|--machine q35 --disk path=/var/lib/vi/a.raw,format=raw,bus=sata,size=1 --network none --graphics none"
	"pc-ide-disk|--machine pc --disk path=/var/lib/vi/a.raw,format=raw,bus=ide,size=1 --network none --graphics none"
	"q35-scsi-disk|--machine q35 --disk path=/var/lib/vi/a.qcow2,format=qcow2,bus=scsi,size=1 --controller scsi,model=virtio-scsi --network none --graphics none"
	"pc-scsi-disk|--machine pc --disk path=/var/lib/vi/a.qcow2,format=qcow2,bus=scsi,size=1 --network none --graphics none"
	"q35-usb-disk|--machine q35 --disk path=/var/lib/vi/a.raw,format=raw,bus=usb,size=1 --network none --graphics none"
	"q35-cdrom|--machine q35 --disk device=cdrom,bus=sata --network none --graphics none"
	"pc-cdrom-ide|--machine pc --disk device=cdrom,bus=ide --network none --graphics none"
	"q35-two-disks|--machine q35 --disk path=/var/lib/vi/a.qcow2,format=qcow2,size=1 --disk path=/var/lib/vi/b.qcow2,format=qcow2,size=1 --network none --graphics none"
	"q35-nic-bridge|--machine q35 --disk none --network bridge=br0,model=virtio,mac=52:54:00:11:22:33 --graphics none"
	"pc-nic-bridge-e1000|--machine pc --disk none --network bridge=br0,model=e1000,mac=52:54:00:11:22:34 --graphics none"
	"q35-nic-user|--machine q35 --disk none --network user,model=virtio,mac=52:54:00:11:22:35 --graphics none"
	"q35-nic-direct|--machine q35 --disk none --network type=direct,source=eth0,source.mode=bridge,model=virtio,mac=52:54:00:11:22:36 --graphics none"
	"q35-nic-ethernet|--machine q35 --disk none --network type=ethernet,target.dev=vnet7,model=virtio,mac=52:54:00:11:22:37 --graphics none"
	"pc-two-nics|--machine pc --disk none --network bridge=br0,model=virtio,mac=52:54:00:11:22:38 --network bridge=br1,model=rtl8139,mac=52:54:00:11:22:39 --graphics none"
	"q35-vnc|--machine q35 --disk none --network none --graphics vnc,listen=127.0.0.1"
	"pc-vnc|--machine pc --disk none --network none --graphics vnc"
	"q35-spice|--machine q35 --disk none --network none --graphics spice"
	"q35-serial-console|--machine q35 --disk none --network none --graphics none --serial pty --console pty,target.type=serial"
	"q35-virtio-console|--machine q35 --disk none --network none --graphics none --console pty,target.type=virtio"
	"q35-agent-channel|--machine q35 --disk none --network none --graphics none --channel unix,target.type=virtio,name=org.qemu.guest_agent.0"
	"q35-rng|--machine q35 --disk none --network none --graphics none --rng /dev/urandom"
	"pc-watchdog|--machine pc --disk none --network none --graphics none --watchdog i6300esb,action=reset"
	"q35-xhci|--machine q35 --disk none --network none --graphics none --controller usb,model=qemu-xhci --input tablet"
	"pc-usb-ehci|--machine pc --disk none --network none --graphics none --controller usb2 --input tablet"
	"q35-fs-9p|--machine q35 --disk none --network none --graphics none --filesystem /srv/share,share"
	"q35-fs-virtiofs|--machine q35 --disk none --network none --graphics none --memorybacking access.mode=shared,source.type=memfd --filesystem /srv/share,share,driver.type=virtiofs"
	"q35-sound|--machine q35 --disk none --network none --graphics none --sound ich9"
	"pc-sound-ac97|--machine pc --disk none --network none --graphics none --sound ac97"
	"q35-video-virtio|--machine q35 --disk none --network none --graphics vnc --video virtio"
	"q35-memballoon-none|--machine q35 --disk none --network none --graphics none --memballoon none"
	"q35-uefi|--machine q35 --disk none --network none --graphics none --boot uefi"
	"q35-cpu-topology|--machine q35 --disk none --network none --graphics none --vcpus 4,sockets=1,cores=2,threads=2 --cpu qemu64"
	"q35-full|--machine q35 --disk path=/var/lib/vi/a.qcow2,format=qcow2,size=1 --disk device=cdrom --network bridge=br0,model=virtio,mac=52:54:00:11:22:40 --graphics vnc --rng /dev/urandom --channel unix,target.type=virtio,name=org.qemu.guest_agent.0 --console pty,target.type=serial"
	"pc-full|--machine pc --disk path=/var/lib/vi/a.qcow2,format=qcow2,size=1,bus=ide --disk device=cdrom,bus=ide --network bridge=br0,model=e1000,mac=52:54:00:11:22:41 --graphics vnc --sound ac97 --watchdog i6300esb"
)

common="--name vi --memory 512 --vcpus 1 --osinfo detect=off,require=off --import --noautoconsole --print-xml --dry-run"

for c in "${cases[@]}"; do
	n=${c%%|*}
	opts=${c#*|}
	uuid=$(printf '%s' "$n" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/')
	# shellcheck disable=SC2086
	if virt-install --connect qemu:///system --virt-type qemu --arch x86_64 --uuid "$uuid" \
	    $common $opts > "$out/$n.qemu.in.xml" 2>/tmp/vi.err; then
		if virsh -q -c qemu:///system define "$out/$n.qemu.in.xml" >/dev/null 2>/tmp/vi.err; then
			virsh -c qemu:///system dumpxml --inactive vi > "$out/$n.qemu.out.xml"
			virsh -q -c qemu:///system undefine --nvram vi >/dev/null
		else
			echo "libvirt refuses $n (qemu): $(head -1 /tmp/vi.err)" >&2
			rm -f "$out/$n.qemu.in.xml"
		fi
	else
		echo "skip $n (qemu): $(head -1 /tmp/vi.err)" >&2
		rm -f "$out/$n.qemu.in.xml"
	fi
	# shellcheck disable=SC2086
	# the test driver has no machine types: the same devices without one
	topts=$(sed -E 's/--machine [^ ]+//' <<<"$opts")
	if virt-install --connect test:///default --uuid "$uuid" $common $topts \
	    > "$out/$n.test.in.xml" 2>/tmp/vi.err; then
		virsh -q -c test:///default "define $out/$n.test.in.xml; dumpxml --inactive vi" \
		    | sed '/^Domain .* defined from/d' > "$out/$n.test.out.xml"
	else
		echo "skip $n (test): $(head -1 /tmp/vi.err)" >&2
		rm -f "$out/$n.test.in.xml"
	fi
done
echo "$(ls "$out" | wc -l) files in $out"
