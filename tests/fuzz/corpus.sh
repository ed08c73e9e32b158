#!/bin/sh
# corpus.sh OUT: the seed corpora of the fuzz targets, one directory a
# target under OUT, from the project's test data and fixtures (and the
# libvirt conformance corpus when ../shared/conformance is there). Made at
# build time so that no input is kept twice in the tree.
set -eu
out=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
conf=$top/../shared/conformance
rm -rf "$out.tmp"
mkdir -p "$out.tmp"

# put T FILE...: copy files that exist into OUT/T, named by content
put() {
	t=$1; shift
	mkdir -p "$out.tmp/$t"
	for f in "$@"; do
		[ -f "$f" ] || continue
		cp "$f" "$out.tmp/$t/$(cksum < "$f" | cut -d' ' -f1)"
	done
}
# seed T TEXT: one input given as printf's format
seed() {
	t=$1; shift
	mkdir -p "$out.tmp/$t"
	# shellcheck disable=SC2059
	printf "$@" > "$out.tmp/$t/seed.tmp"
	mv "$out.tmp/$t/seed.tmp" "$out.tmp/$t/$(cksum < "$out.tmp/$t/seed.tmp" | cut -d' ' -f1)"
}

d=$top/tests/data
put domain "$d"/domain/*.xml "$d"/demo/*.xml "$d"/qemuargv/*.xml "$d"/xl/*.xml "$d"/bhyve/*.xml \
	"$d"/vmx/*.xml "$d"/schemas/domain-*.xml "$conf"/domain/*.xml "$conf"/domain-qemu/*.xml
put network "$d"/network/*.xml "$d"/schemas/network-*.xml "$conf"/network/*.xml
put nodedev "$d"/schemas/nodedev-*.xml "$conf"/nodedev/*.xml
put native-xen-xl "$d"/xl/*.cfg "$conf"/native/xlconfigdata/*.cfg
put native-vmware-vmx "$d"/vmx/*.vmx "$conf"/native/vmx2xmldata/*.vmx
put native-bhyve-argv "$d"/bhyve/*.args "$conf"/native/bhyvexml2argvdata/*.args
put native-vbox "$d"/vbox/*.vbox

# QMP: what QEMU says at start and in a session, a message a line
g='{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": "Debian 1:7.2"}, "capabilities": ["oob"]}}\r\n'
seed qmp "$g"'{"return": {}, "id": 1}\r\n{"return": {"status": "running", "singlestep": false, "running": true}, "id": 2}\r\n'
seed qmp "$g"'{"return": {}}\n{"timestamp": {"seconds": 1700000000, "microseconds": 1}, "event": "STOP"}\n{"return": {"status": "paused", "running": false}, "id": 2}\n{"return": [{"device": "drive0", "stats": {"rd_bytes": 512, "wr_bytes": 0}}], "id": 3}\n'
seed qmp "$g"'{"return": {}, "id": 1}\n{"error": {"class": "DeviceNotFound", "desc": "Device '"'"'net0'"'"' not found"}, "id": 2}\n{"return": {}, "id": 4}\n{"event": "DEVICE_DELETED", "data": {"device": "net0", "path": "/machine/peripheral/net0"}, "timestamp": {"seconds": 1, "microseconds": 2}}\n{"return": {}, "id": 5}\n{"event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}}\n'
seed qmp "$g"'{"id": 7, "return": 1}\n{"return": {}, "id": "x"}\n{"return": {}, "id": 1}\n[1, 2]\nnot json\n{"return": {"status": 5, "running": "yes"}, "id": 2}\n'

# URIs: every one the tests and man pages use
mkdir -p "$out.tmp/uri"
cat "$top"/tests/*.bats "$top"/man/man1/*.1 "$top"/man/man7/*.7 "$top"/README |
	grep -o '[a-z][a-z0-9+]*://[^] "'"'"'\\)<>,`]*' | sort -u | head -300 |
	while IFS= read -r u; do seed uri '%s' "$u"; done
seed uri 'qemu+ssh://root%%40x@[::1]:2222/system?keyfile=%%2Froot%%2Fk&no_verify=1'
seed uri 'esx://user@host:443/?transport=https&no_verify=1'

# virtcore.conf
seed conf 'uri_default = "qemu:///system"\n'
seed conf '# comment\nuri_aliases = [\n  "hail=qemu+ssh://root@hail.example.com/system",\n  '"'"'sleet=test:///tmp/x'"'"',\n]\nuri_default = "test:///default"\nlog_level = 1\nother = [ 1, -2, "x\\"y" ]\n'
seed conf 'uri_default = "test:///a\\\\b"   # trailing\r\nkeepalive_interval = 5\n'

# small parsers: selector byte (see scalar.c), then the text
for v in 0 1 18446744073709551615 18446744073709551616 007 4095 4096; do seed scalar '\000%s' "$v"; done
for v in 0x0 0xffff 0x10000 0X1a 12; do seed scalar '\001%s' "$v"; done
for v in -1000000 -0 1000001 42; do seed scalar '\002%s' "$v"; done
for v in '1\nGiB' '16\nEiB' '17\nEiB' '1023\nb' '1\nk' '5\nKB' '2\nbytes' '3\nx'; do seed scalar "\\003$v"; done
for v in 52:54:00:12:34:56 FF:ff:00:00:00:01 '52:54:00:12:34: 6' 1:2:3:4:5:6; do seed scalar '\004%s' "$v"; done
for v in c7a5fdbd-edaf-9455-926a-d65c16db1809 ' c7a5fdbdedaf9455926ad65c16db1809 ' c7a5-fdbd; do seed scalar '\005%s' "$v"; done
for v in 0000:00:1f.7 ff:1f.0 0000:00:20.0 '0000:0a:01.1 ' 10000:00:00.0; do seed scalar '\006%s' "$v"; done
for v in vda hdzzzzz sdaa xvdb nvme0n1 'vd\001\002\003'; do seed scalar "\\007$v"; done

# hostdev records, as rec_write writes them
seed hostdev 'owner=web1\nstep=claimed\npci=1\nmanaged=1\niface=0\norig_driver=igb\n'
seed hostdev 'owner=web1\nstep=config\npci=1\nmanaged=1\niface=1\npf=0000:03:00.0\nvf=3\npf_netdev=eth2\norig_mac=52:54:00:aa:bb:cc\norig_vlan=0\norig_qos=0\nmac=52:54:00:12:34:56\nvlan=42\nnetwork=pool1\n'
seed hostdev 'owner=g\nstep=port\npci=1\nmanaged=0\niface=1\npf=0000:03:00.0\nvf=1\nvport=802.1Qbh\ninstance=c7a5fdbd-edaf-9455-926a-d65c16db1809\nassociated=1\nprofile=prof1\n'
seed hostdev 'owner=g\nstep=port\npci=1\nmanaged=0\niface=1\npf=0000:03:00.0\nvf=1\nvport=802.1Qbg\ninstance=c7a5fdbd-edaf-9455-926a-d65c16db1809\nassociated=0\nvsi=1,2,3\n'

# netlink: RTM_SETLINK VF requests as the hostdev manager sends them
mkdir -p "$out.tmp/netlink"
python3 - "$out.tmp/netlink" <<'PY'
import struct, sys
def attr(t, p):
    n = 4 + len(p)
    return struct.pack('=HH', n, t) + p + b'\0' * ((-n) % 4)
def msg(idx, vf, mac=None, vlan=None, port=False):
    inner = b''
    if mac is not None:
        inner += attr(1, struct.pack('=I', vf) + bytes(mac) + b'\0' * 26)
    if vlan is not None:
        inner += attr(2, struct.pack('=III', vf, vlan[0], vlan[1]))
    body = struct.pack('=BxHiII', 0, 0, idx, 0, 0)
    body += attr(22 | 0x8000, attr(1 | 0x8000, inner)) if not port else attr(24 | 0x8000, attr(1 | 0x8000, attr(1, struct.pack('=I', vf))))
    return struct.pack('=IHHII', 16 + len(body), 19, 5, 1, 0) + body
seeds = [msg(3, 0, mac=[0x52, 0x54, 0, 1, 2, 3]), msg(3, 7, vlan=(42, 0)),
         msg(9, 2, mac=[2, 0, 0, 0, 0, 1], vlan=(4095, 7)), msg(4, 1, port=True)]
for i, m in enumerate(seeds):
    open('%s/seed%d' % (sys.argv[1], i), 'wb').write(m)
PY

rm -rf "$out"
mv "$out.tmp" "$out"
