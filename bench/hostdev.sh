#!/bin/sh
# hostdev.sh: prepare+release of 64 SR-IOV VFs for 8 guests on a fake host (8 PFs x 8 VFs)
#
# The host is tests/fixtures/mksysfs's tree (PF 0000:04:00.0, eth2) plus
# seven more PFs made here the same way (0000:05:00.0 .. 0000:0b:00.0,
# eth3 .. eth9), the shim playing the kernel, and the netlink recorder.
# Reports wall time of vdom-start/vdom-destroy of the 8 guests, and a
# baseline of the same guests without interfaces, so the difference is
# the hostdev manager's cost (plus the fake kernel's file work). Extra
# rounds with VIRTCORE_SHIM_CPU measure what the shim spends playing the
# kernel (bind, unbind, drivers_probe: a real kernel's work, so it is taken
# out) and telling sysfs files from others (no real host does that, but it
# is not the kernel's work either: it stays in).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
ROUNDS=${ROUNDS:-5}
[ -f "$top/tests/fixtures/sysfs_shim.so" ] || make -s -C "$top" tests/fixtures/sysfs_shim.so
# tmpfs, as /run is on a real host: fsync there costs nothing
scratch=$(mktemp -d "${BENCHDIR:-$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp)}/virtcore-hdbench.XXXXXX")
[ -n "${KEEP:-}" ] && echo "$scratch" >&2 || trap 'rm -rf "$scratch"' EXIT
S=$scratch/sys
"$top/tests/fixtures/mksysfs" "$S" --pf-vfs 8

# a PF on bus B with 8 VFs, as mksysfs lays out 0000:04:00.0
rel() { # rel PATH: "../" per directory level of PATH below $S
	r='' _p=$1
	while :; do
		case $_p in */*) r="../$r"; _p=${_p#*/} ;; *) break ;; esac
	done
}
lnk() { mkdir -p "$S/${2%/*}"; rel "$2"; ln -sfn "$r$1" "$S/$2"; }
put() { mkdir -p "$S/${1%/*}"; printf '%s\n' "$2" > "$S/$1"; }
dev() { # dev REL ADDR DRIVER DEVICEID
	put "$1/vendor" 0x8086
	put "$1/device" "$4"
	put "$1/class" 0x020000
	put "$1/driver_override" "(null)"
	put "$1/.default_driver" "$3"
	lnk "$1" "bus/pci/devices/$2"
	lnk "bus/pci/drivers/$3" "$1/driver"
	lnk "$1" "bus/pci/drivers/$3/$2"
}
net() { # net DEVREL NAME IFINDEX MAC
	put "$1/net/$2/address" "$4"
	put "$1/net/$2/ifindex" "$3"
	put "$1/net/$2/operstate" up
	put "$1/net/$2/mtu" 1500
	lnk "$1" "$1/net/$2/device"
	lnk "$1/net/$2" "class/net/$2"
}
p=1
while [ $p -lt 8 ]; do
	bus=$(printf '%02x' $((4 + p)))
	R=devices/pci0000:00/0000:00:0$p.1
	PF=$R/0000:$bus:00.0
	dev "$PF" "0000:$bus:00.0" ixgbe 0x10fb
	put "$PF/sriov_totalvfs" 63
	put "$PF/sriov_numvfs" 8
	net "$PF" "eth$((2 + p))" $((100 + p)) "$(printf '00:11:22:33:44:%02x' $((0x55 + p)))"
	i=0
	while [ $i -lt 8 ]; do
		devfn=$((128 + 2 * i))
		a=$(printf '0000:%s:%02x.%x' "$bus" $((devfn >> 3)) $((devfn & 7)))
		dev "$R/$a" "$a" ixgbevf 0x10ed
		lnk "$PF" "$R/$a/physfn"
		lnk "$R/$a" "$PF/virtfn$i"
		net "$R/$a" "eth$((2 + p))v$i" $((200 + 8 * p + i)) \
			"$(printf '02:00:00:00:%02x:%02x' $((4 + p)) "$i")"
		i=$((i + 1))
	done
	p=$((p + 1))
done

export VIRTCORE_SYSFS_ROOT=$S VIRTCORE_NETLINK=record:$scratch/nl
export LD_PRELOAD=$top/tests/fixtures/sysfs_shim.so
export ASAN_OPTIONS=verify_asan_link_order=0
export VIRTCORE_URI=test://$scratch/host

# guest g (0..7) takes VF g of every PF: 8 interfaces each, 64 in all
guest() { # guest NAME WITH_IFACES
	printf "<domain type='kvm'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>" "$1"
	printf "<os><type arch='x86_64'>hvm</type></os><devices>"
	if [ "$2" = 1 ]; then
		g=${1#g}
		p=0
		while [ $p -lt 8 ]; do
			devfn=$((128 + 2 * g))
			printf "<interface type='hostdev' managed='yes'><mac address='52:54:00:00:%02x:%02x'/>" "$g" "$p"
			printf "<source><address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x%x'/></source>" \
				$((4 + p)) $((devfn >> 3)) $((devfn & 7))
			printf "<vlan><tag id='%d'/></vlan></interface>" $((100 + p))
			p=$((p + 1))
		done
	fi
	printf "</devices></domain>\n"
}

# cycle PREFIX: "wall user sys" seconds for start+destroy of the 8 guests;
# the CPU time counts our processes, not a busy machine's other work
cycle() {
	/usr/bin/time -f '%e %U %S' -o "$scratch/t" sh -c '
		for g in 0 1 2 3 4 5 6 7; do vdom-start "$1$g" > /dev/null; done
		for g in 0 1 2 3 4 5 6 7; do vdom-destroy "$1$g" > /dev/null; done' sh "$1"
	tail -1 "$scratch/t"
}
# shimcpu PREFIX: "sim lookup" seconds of the shim's CPU in the same cycle
shimcpu() {
	rm -f "$scratch/cpu"
	VIRTCORE_SHIM_CPU=$scratch/cpu sh -c '
		for g in 0 1 2 3 4 5 6 7; do vdom-start "$1$g" > /dev/null; done
		for g in 0 1 2 3 4 5 6 7; do vdom-destroy "$1$g" > /dev/null; done' sh "$1"
	awk '{ s += $1; l += $2 } END { printf "%.6f %.6f\n", s / 1e9, l / 1e9 }' "$scratch/cpu"
}
for g in 0 1 2 3 4 5 6 7; do
	guest "g$g" 1 | vdom-define /dev/stdin > /dev/null
	guest "b$g" 0 | sed "s/<name>g/<name>b/" | vdom-define /dev/stdin > /dev/null
done
# one checked round: every VF held once, then all given back
for g in 0 1 2 3 4 5 6 7; do vdom-start "g$g" > /dev/null; done
[ "$(vnet-hostdev-list | wc -l)" -eq 64 ] || { echo "hostdev.sh: expected 64 held VFs" >&2; exit 1; }
for g in 0 1 2 3 4 5 6 7; do vdom-destroy "g$g" > /dev/null; done
[ -z "$(vnet-hostdev-list)" ] || { echo "hostdev.sh: VFs left held" >&2; exit 1; }

r=0
while [ $r -lt "$ROUNDS" ]; do
	echo "hd $(cycle g)"
	echo "base $(cycle b)"
	echo "hdk $(shimcpu g)"
	echo "basek $(shimcpu b)"
	r=$((r + 1))
done | awk -v n="$ROUNDS" '
	/k / { s[$1] += $2; l[$1] += $3; next }
	{ w[$1] += $2; c[$1] += $3 + $4 }
	END {
		f = 1000 / n / 64
		sim = (s["hdk"] - s["basek"]) * f
		look = (l["hdk"] - l["basek"]) * f
		cpu = (c["hd"] - c["base"]) * f
		printf "hostdev: 64 VFs, 8 guests, start+destroy (prepare+release), mean of %d rounds\n", n
		printf "  with VFs:    wall %7.1f ms  cpu %7.1f ms\n", w["hd"] * 1000 / n, c["hd"] * 1000 / n
		printf "  without VFs: wall %7.1f ms  cpu %7.1f ms\n", w["base"] * 1000 / n, c["base"] * 1000 / n
		printf "  per VF (difference / 64): wall %.3f ms  cpu %.3f ms\n",
		    (w["hd"] - w["base"]) * f, cpu
		printf "  of which the fake kernel (shim: bind/unbind/probe): cpu %.3f ms\n", sim
		printf "  of which the shim telling sysfs files apart (kept): cpu %.3f ms\n", look
		printf "  per VF without the fake kernel: wall %.3f ms  cpu %.3f ms\n",
		    (w["hd"] - w["base"]) * f - sim, cpu - sim
	}'
