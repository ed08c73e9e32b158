#!/bin/sh
# qemu.sh: vdom-start/vdom-destroy beside libvirt's virsh start/destroy on the same diskless TCG guest
#
# usage: bench/qemu.sh [RUNS]      (default 10; run as root; not part of the tests)
# Installs and starts libvirt's daemon when it can (Debian's
# libvirt-daemon-driver-qemu, no systemd: users libvirt-qemu and kvm,
# qemu.conf user/group root and security_driver none, virtlogd and libvirtd
# started with --daemon and stopped after, by their pid files).  Prints the
# median of each, and the tool's own overhead: vdom-start minus bare QEMU's
# exec -> first QMP answer (bench/qemu-start.sh), and vdom-start --check.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
runs=${1:-10}
qemu=${QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null || { echo "qemu.sh: $qemu not found" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "qemu.sh: run as root (libvirt's daemon, qemu:///system)" >&2; exit 1; }

now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }
ms() { echo $((($2 - $1) / 1000000)); }

tmp=$(mktemp -d /tmp/virtcore-qbench.XXXXXX)
started_libvirt=
cleanup() {
	virsh -q -c qemu:///system destroy vcbench >/dev/null 2>&1 || true
	virsh -q -c qemu:///system undefine vcbench >/dev/null 2>&1 || true
	vdom-destroy vcbench >/dev/null 2>&1 || true
	if [ -n "$started_libvirt" ]; then
		for f in "$tmp/libvirtd.pid" "$tmp/virtlogd.pid"; do
			[ -f "$f" ] || continue
			p=$(cat "$f")
			kill "$p" 2>/dev/null || continue
			i=0     # they remove their sockets on the way out
			while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
				sleep 0.1
				i=$((i + 1))
			done
		done
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

guest() {
	cat <<XML
<domain type='qemu'>
  <name>vcbench</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <devices>
    <emulator>$(command -v "$qemu")</emulator>
    <memballoon model='none'/>
  </devices>
</domain>
XML
}
guest >"$tmp/vcbench.xml"

# ---- libvirt, when it can be had ----
libvirt_up() {
	if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libvirt-daemon \
			libvirt-daemon-driver-qemu libvirt-clients >"$tmp/apt.log" 2>&1 || return 1
	fi
	getent group kvm >/dev/null || groupadd -r kvm
	getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
	getent passwd libvirt-qemu >/dev/null || useradd -r -g libvirt-qemu -G kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
	getent group libvirt >/dev/null || groupadd -r libvirt
	conf=/etc/libvirt/qemu.conf
	for kv in 'user = "root"' 'group = "root"' 'security_driver = "none"'; do
		k=${kv%% *}
		grep -q "^$k = " "$conf" 2>/dev/null && sed -i "s|^$k = .*|$kv|" "$conf" || echo "$kv" >>"$conf"
	done
	if ! virsh -q -c qemu:///system version >/dev/null 2>&1; then
		mkdir -p /var/log/libvirt /var/log/libvirt/qemu /run/libvirt /var/lib/libvirt/qemu
		virtlogd --daemon --pid-file "$tmp/virtlogd.pid"
		libvirtd --daemon --pid-file "$tmp/libvirtd.pid"
		started_libvirt=1
		i=0
		until virsh -q -c qemu:///system version >/dev/null 2>&1; do
			i=$((i + 1))
			[ $i -lt 100 ] || return 1
			sleep 0.1
		done
	fi
}

have_libvirt=
if libvirt_up; then
	have_libvirt=1
	virsh -q -c qemu:///system define "$tmp/vcbench.xml" >/dev/null
else
	echo "qemu.sh: libvirt could not be set up here; virtcore only" >&2
fi

# ---- virtcore: qemu:///session under a scratch runtime dir ----
mkdir -p "$tmp/run" "$tmp/cfg" "$tmp/state"
export XDG_RUNTIME_DIR=$tmp/run XDG_CONFIG_HOME=$tmp/cfg XDG_STATE_HOME=$tmp/state
export VIRTCORE_URI=qemu:///session
vdom-define "$tmp/vcbench.xml" >/dev/null

i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	t0=$(now); vdom-start vcbench >/dev/null; t1=$(now)
	ms "$t0" "$t1" >>"$tmp/vs"
	t0=$(now); vdom-start --check vcbench >/dev/null; t1=$(now)
	ms "$t0" "$t1" >>"$tmp/vc"
	t0=$(now); vdom-destroy vcbench >/dev/null; t1=$(now)
	ms "$t0" "$t1" >>"$tmp/vd"
	if [ -n "$have_libvirt" ]; then
		t0=$(now); virsh -q -c qemu:///system start vcbench >/dev/null; t1=$(now)
		ms "$t0" "$t1" >>"$tmp/ls"
		t0=$(now); virsh -q -c qemu:///system destroy vcbench >/dev/null; t1=$(now)
		ms "$t0" "$t1" >>"$tmp/ld"
	fi
done

# bare QEMU, the floor under any start
floor=$(sh "$top/bench/qemu-start.sh" "$runs" pc | sed -n 's/.*exec -> QMP answer \([0-9]*\) ms.*/\1/p')
vs=$(median <"$tmp/vs")
over=-
[ -n "$floor" ] && over=$((vs - floor))

printf '\n%-40s %12s %12s\n' "median of $runs runs (ms)" virtcore libvirt
printf '%-40s %12s %12s\n' "start to running (diskless TCG)" "$vs" "$( [ -n "$have_libvirt" ] && median <"$tmp/ls" || echo -)"
printf '%-40s %12s %12s\n' "destroy" "$(median <"$tmp/vd")" "$( [ -n "$have_libvirt" ] && median <"$tmp/ld" || echo -)"
printf '%-40s %12s\n' "bare QEMU exec -> first QMP answer" "${floor:--}"
printf '%-40s %12s\n' "vdom-start minus bare QEMU (overhead)" "$over"
printf '%-40s %12s\n' "vdom-start --check (tool alone)" "$(median <"$tmp/vc")"
