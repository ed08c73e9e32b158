#!/usr/bin/env bats
# the lxc driver (lxc:///system) on real namespaces and cgroups: a busybox
# root built from Debian's busybox-static in the test's scratch dir
load common
bats_require_minimum_version 1.5.0

setup() {
	[ "$(id -u)" = 0 ] || skip "lxc:///system is root's URI"
	[ -x /bin/busybox ] || skip "busybox-static is needed for the container's root"
	[ -d /sys/fs/cgroup ] || skip "no cgroups mounted"
	vc_scratch
	export VIRTCORE_URI=lxc:///system
	N=vclxc$$-$BATS_TEST_NUMBER
	ROOT=$SCRATCH/root
	mkdir -p "$ROOT/bin" "$ROOT/sbin" "$ROOT/etc" "$ROOT/tmp"
	cp /bin/busybox "$ROOT/bin/"
	for a in sh ls cat ps hostname sleep echo head tail readlink ip ping grep id mknod; do
		ln -s busybox "$ROOT/bin/$a"
	done
}

teardown() {
	if [ -n "${N:-}" ]; then
		vdom-destroy "$N" >/dev/null 2>&1 || true
		vdom-undefine "$N" >/dev/null 2>&1 || true
		rm -f /run/virtcore/lxc/"$N".console
	fi
	[ -n "${NETNS:-}" ] && ip netns del "$NETNS" 2>/dev/null
	[ -n "${TESTLOOP:-}" ] && losetup -d "$TESTLOOP" 2>/dev/null
	vc_cleanup
}

# a bridge in a network namespace of the test's own; vdom-start runs in it
# (nsenter --net, not ip netns exec, which remounts /sys and its cgroups)
test_bridge() {
	command -v ip >/dev/null || skip "iproute2 is needed for the test's bridge"
	NETNS=vclxc$$n$BATS_TEST_NUMBER
	ip netns add "$NETNS"
	ip -n "$NETNS" link add vcbr0 type bridge
	ip -n "$NETNS" addr add 10.213.7.1/24 dev vcbr0
	ip -n "$NETNS" link set vcbr0 up
	in_net() { nsenter --net=/run/netns/"$NETNS" "$@"; }
}

# $1 name, $2 init, $3 its one shell argument (initarg -c), $4 memory MiB
ct_xml() {
	cat <<XML
<domain type='lxc'>
  <name>$1</name>
  <memory unit='MiB'>${4:-64}</memory>
  <os>
    <type>exe</type>
    <init>$2</init>
    <initarg>-c</initarg>
    <initarg>$3</initarg>
    <initenv name='GREETING'>hello-from-env</initenv>${OSX:-}
  </os>${FEAT:-}
  <devices>
    <filesystem type='mount'>
      <source dir='${ROOT_DIR:-$ROOT}'/>
      <target dir='/'/>
    </filesystem>${FSX:-}
    <console type='pty'/>${IFACE:-}
  </devices>
</domain>
XML
}

LOOP='echo console-says-$GREETING; trap "exit 0" TERM; while :; do sleep 1; done'

cg_left() { ls -d /sys/fs/cgroup/*/virtcore/lxc-"$1" /sys/fs/cgroup/virtcore/lxc-"$1" 2>/dev/null; }
init_pid() { awk '{print $3}' /run/virtcore/lxc/"$1".sup; }
sup_pid() { awk '{print $1}' /run/virtcore/lxc/"$1".sup; }
in_ct() { vdom-exec "$N" -- "$@"; }
sleepers() { [ "$(in_ct /bin/ps | grep -c ' sleep 1000$')" -eq 2 ]; }

# a container's /etc/passwd and /etc/group, unlike the host's
ct_users() {
	printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1001:1001::/tmp:/bin/sh\n' > "$ROOT/etc/passwd"
	printf 'root:x:0:\nwheel:x:10:app\napp:x:1001:\nstaff:x:50:\n' > "$ROOT/etc/group"
}
status_of_1() { in_ct /bin/grep "^$1:" /proc/1/status | cut -f2- | tr -s '\t ' ' ' | sed 's/ $//'; }

# until "$@" succeeds, for at most 10 s
poll() {
	local end=$((SECONDS + 10))
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}
# no such process, or only its zombie
gone() { [ ! -e /proc/"$1" ] || grep -q '^State:.*Z' /proc/"$1"/status; }
is_state() { [ "$(vdom-list --all | awk -v n="$N" '$2 == n {print $3" "$4}' | sed 's/ $//')" = "$1" ]; }

@test "lxc: start runs the init as pid 1 in its own namespaces, with the guest's hostname" {
	ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	run vdom-start "$N"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	is_state running
	run in_ct /bin/cat /proc/1/cmdline
	[[ "$output" == /bin/sh* ]]
	run in_ct /bin/hostname
	[ "$output" = "$N" ]
	# its own /proc: only the container's few processes
	run in_ct /bin/ps
	[ "$(printf '%s\n' "$output" | wc -l)" -le 5 ]
	[ "$(readlink /proc/"$(init_pid "$N")"/ns/pid)" != "$(readlink /proc/self/ns/pid)" ]
	[ "$(readlink /proc/"$(init_pid "$N")"/ns/net)" != "$(readlink /proc/self/ns/net)" ]
	[ "$(readlink /proc/"$(init_pid "$N")"/ns/uts)" != "$(readlink /proc/self/ns/uts)" ]
	# the root is the busybox tree, /sys read-only, a minimal /dev
	in_ct /bin/ls /bin/busybox
	run in_ct /bin/sh -c 'echo x > /sys/kernel/test-write'
	[ "$status" -ne 0 ]
	run in_ct /bin/ls /dev
	for d in null zero full random urandom tty console ptmx pts; do
		[[ " $(echo $output) " == *" $d "* ]]
	done
	in_ct /bin/sh -c 'echo ok > /dev/null'
	# the console's output is in the log
	console_has() { vdom-console --log "$N" | grep -q console-says-hello-from-env; }
	poll console_has
	# a second start changes nothing and starts no second supervisor
	s=$(sup_pid "$N")
	run vdom-start "$N"
	[ "$output" = unchanged ]
	[ "$(sup_pid "$N")" = "$s" ]
	run vdom-dumpxml "$N"
	[[ "$output" == *"<domain type='lxc' id="* ]]
	run vdom-info "$N"
	[[ "$output" == *"Used memory:"* ]]
	[ -n "$(cg_left "$N")" ]
}

@test "lxc: shutdown signals the init; it and its cgroups are gone" {
	ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	s=$(sup_pid "$N")
	run vdom-shutdown --timeout 10 "$N"
	[ "$status" -eq 0 ]
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	poll gone "$s"
	[ ! -e /run/virtcore/lxc/"$N".sup ]
}

@test "lxc: an init that ignores SIGTERM is destroyed after --timeout" {
	ct_xml "$N" /bin/sh 'while :; do sleep 1; done' > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	run vdom-shutdown --timeout 1 "$N"
	[ "$status" -eq 0 ]
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
}

@test "lxc: destroy kills every task in the cgroup" {
	ct_xml "$N" /bin/sh 'sleep 1000 &amp; sleep 1000 &amp; while :; do sleep 1; done' > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	s=$(sup_pid "$N")
	i=$(init_pid "$N")
	poll sleepers
	run vdom-destroy "$N"
	[ "$status" -eq 0 ]
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	poll gone "$s"
	poll gone "$i"
}

@test "lxc: an init that exits by itself is reported shut off, its cgroups gone" {
	ct_xml "$N" /bin/sh 'echo done-now' > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	poll is_state "shut off"
	poll test -z "$(cg_left "$N")"
	[ ! -e /run/virtcore/lxc/"$N".sup ]
	vdom-console --log "$N" | grep -q done-now
}

@test "lxc: the memory hard limit kills an allocation over it" {
	# 64 MiB: room for the init and a sanitizer-built vdom-exec beside tail,
	# so the OOM killer has only tail over the limit to choose
	ct_xml "$N" /bin/sh "$LOOP" 64 > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	# tail keeps the one endless line in memory
	run in_ct /bin/sh -c 'head -c 200000000 /dev/zero | tail > /dev/null'
	[ "$status" -ne 0 ]
	# a smaller one fits
	in_ct /bin/sh -c 'head -c 4000000 /dev/zero | tail > /dev/null'
	is_state running
}

@test "lxc: a supervisor killed with SIGKILL is found dead and cleaned up" {
	ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	s=$(sup_pid "$N")
	i=$(init_pid "$N")
	kill -9 "$s"
	poll is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	poll gone "$i"
	# and it starts again
	vdom-start "$N"
	is_state running
}

@test "lxc: a missing root directory: one line naming it, nothing left behind" {
	ROOT_DIR=$SCRATCH/no-such-root ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	run vdom-start "$N"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$SCRATCH/no-such-root"* ]]
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	[ ! -e /run/virtcore/lxc/"$N".sup ]
}

@test "lxc: an init that is not executable: one line naming it, nothing left behind" {
	printf '#!/bin/sh\n' > "$ROOT/sbin/noexec"
	chmod 644 "$ROOT/sbin/noexec"
	ct_xml "$N" /sbin/noexec x > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	run vdom-start "$N"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"/sbin/noexec"* ]]
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	[ ! -e /run/virtcore/lxc/"$N".sup ]
	# missing inside the root, seen only from the container (an absolute
	# symlink that points nowhere there)
	ln -s /no/such/init "$ROOT/sbin/dangling"
	ct_xml "$N" /sbin/dangling x > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	run vdom-start "$N"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"/sbin/dangling"* ]]
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	! pgrep -f "vdom-start $N" >/dev/null || false
}

@test "lxc: vdom-exec passes stdio and returns the command's exit status" {
	ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	run vdom-exec "$N" -- /bin/sh -c 'exit 7'
	[ "$status" -eq 7 ]
	[ "$(echo piped-in | vdom-exec "$N" /bin/cat)" = piped-in ]
	run vdom-exec "$N" -- /bin/sh -c 'echo to-stderr >&2'
	[ "$output" = to-stderr ]
	# in the container's cgroups, so its limits hold
	run vdom-exec "$N" -- /bin/cat /proc/self/cgroup
	[[ "$output" == *":memory:/"* ]]
	[[ "$output" != *"virtcore"* ]]
	run -127 vdom-exec "$N" -- /no/such/cmd
	[ "$status" -eq 127 ]
	[[ "$output" == *"/no/such/cmd"* ]]
	vdom-destroy "$N"
	run vdom-exec "$N" -- /bin/true
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-exec: $N: not running" ]
}

@test "lxc: a bridge interface is a veth pair: the host end on the bridge, eth0 inside with its MAC" {
	test_bridge
	IFACE="<interface type='bridge'><mac address='52:54:00:7a:00:01'/><source bridge='vcbr0'/></interface>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	in_net vdom-start "$N"
	host=$(cat /run/virtcore/lxc/"$N".veth)
	[ -n "$host" ]
	ip -n "$NETNS" -o link show "$host" | grep -q "master vcbr0"
	[ "$(vdom-exec "$N" cat /sys/class/net/eth0/address)" = 52:54:00:7a:00:01 ]
	vdom-exec "$N" ip addr add 10.213.7.2/24 dev eth0
	vdom-exec "$N" ping -c 1 -W 5 10.213.7.1
	# not in the host's namespace
	! ip link show "$host" 2>/dev/null || false
	in_net vdom-destroy "$N"
	! ip -n "$NETNS" link show "$host" 2>/dev/null || false
	[ ! -e /run/virtcore/lxc/"$N".veth ]
}

@test "lxc: an init that exits by itself takes its veth with it" {
	test_bridge
	IFACE="<interface type='bridge'><source bridge='vcbr0'/></interface>" \
	    ct_xml "$N" /bin/sh 'while [ ! -e /tmp/stop ]; do sleep 1; done' > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	in_net vdom-start "$N"
	host=$(cat /run/virtcore/lxc/"$N".veth)
	ip -n "$NETNS" link show "$host"
	# the init's root is the test's tree: tell it to end there
	: > "$ROOT/tmp/stop"
	poll is_state "shut off"
	poll test -z "$(cg_left "$N")"
	gone_link() { ! ip -n "$NETNS" link show "$host" >/dev/null 2>&1; }
	poll gone_link
}

@test "lxc: a bridge that does not exist: one line naming it, nothing left behind" {
	IFACE="<interface type='bridge'><source bridge='vcnosuchbr'/></interface>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	run vdom-start "$N"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"bridge vcnosuchbr: no such device"* ]]
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	[ ! -e /run/virtcore/lxc/"$N".sup ]
	[ ! -e /run/virtcore/lxc/"$N".veth ]
	! ip -o link | grep -q "vcl.*-0" || false
}

@test "lxc: a domain of another type is refused at define" {
	vc_guest_xml "$N" > "$SCRATCH/q.xml"
	run vdom-define "$SCRATCH/q.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not supported by the lxc driver"* ]]
	N=
}

@test "lxc: inituser and initgroup are looked up in the container's /etc/passwd and /etc/group" {
	ct_users
	OSX="<inituser>app</inituser><initdir>/tmp</initdir>" ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(status_of_1 Uid)" = "1001 1001 1001 1001" ]
	# the user's primary group and its groups in /etc/group
	[ "$(status_of_1 Gid)" = "1001 1001 1001 1001" ]
	[ "$(status_of_1 Groups)" = "10 1001" ]
	[ "$(in_ct /bin/readlink /proc/1/cwd)" = /tmp ]
	# its console is the user's: the init's shell has job control
	[ "$(stat -L -c %u /proc/"$(init_pid "$N")"/fd/0)" = 1001 ]
	vdom-destroy "$N"
	# numbers: a uid the container does not know, a group by name
	OSX="<inituser>2345</inituser><initgroup>staff</initgroup>" ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(status_of_1 Uid)" = "2345 2345 2345 2345" ]
	[ "$(status_of_1 Gid)" = "50 50 50 50" ]
	[ "$(status_of_1 Groups)" = "50" ]
	vdom-destroy "$N"
	# a group alone keeps the init root
	OSX="<initgroup>+77</initgroup>" ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(status_of_1 Uid)" = "0 0 0 0" ]
	[ "$(status_of_1 Gid)" = "77 77 77 77" ]
}

@test "lxc: an unknown inituser, initgroup or initdir: one line naming it, nothing left behind" {
	ct_users
	for os in "<inituser>nosuchuser</inituser>" "<initgroup>nosuchgroup</initgroup>" \
	    "<inituser>+12x</inituser>" "<initdir>/no/such/dir</initdir>"; do
		OSX=$os ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
		vdom-define "$SCRATCH/c.xml"
		run vdom-start "$N"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		culprit=$(echo "$os" | sed 's/<[^>]*>//g')
		[[ "$output" == *"$culprit"* ]]
		is_state "shut off"
		[ -z "$(cg_left "$N")" ]
		[ ! -e /run/virtcore/lxc/"$N".sup ]
	done
}

# the host's bounding set less the capabilities numbered "$@", as /proc shows it
caps_less() {
	local v=$((16#$(awk '/^CapBnd:/ {print $2}' /proc/self/status))) c
	for c in "$@"; do v=$((v & ~(1 << c))); done
	printf '%016x' "$v"
}
MKNOD_TRY='if mknod /tmp/nod c 1 3 2>/dev/null; then echo made; else echo refused; fi > /tmp/r; '"$LOOP"

@test "lxc: by default the init has no sys_module, sys_time, mknod, audit_control, mac_admin" {
	ct_xml "$N" /bin/sh "$MKNOD_TRY" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(status_of_1 CapBnd)" = "$(caps_less 16 25 27 30 33)" ]
	[ "$(status_of_1 CapEff)" = "$(caps_less 16 25 27 30 33)" ]
	[ "$(status_of_1 CapInh)" = 0000000000000000 ]
	poll test -s "$ROOT/tmp/r"
	[ "$(cat "$ROOT/tmp/r")" = refused ]
}

@test "lxc: capabilities policy default: off drops one, on keeps one of the default drops" {
	FEAT="<features><capabilities policy='default'><sys_admin state='off'/><mknod state='on'/></capabilities></features>" \
	    ct_xml "$N" /bin/sh "$MKNOD_TRY" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(status_of_1 CapBnd)" = "$(caps_less 16 21 25 30 33)" ]
	[ "$(status_of_1 CapEff)" = "$(caps_less 16 21 25 30 33)" ]
	poll test -s "$ROOT/tmp/r"
	[ "$(cat "$ROOT/tmp/r")" = made ]
	# and the XML keeps them
	run vdom-dumpxml "$N"
	[[ "$output" == *"<sys_admin state='off'/>"* ]]
}

@test "lxc: capabilities policy allow keeps all but those turned off; deny drops all but those on" {
	FEAT="<features><capabilities policy='allow'><net_admin state='off'/></capabilities></features>" \
	    ct_xml "$N" /bin/sh "$MKNOD_TRY" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(status_of_1 CapBnd)" = "$(caps_less 12)" ]
	poll test -s "$ROOT/tmp/r"
	[ "$(cat "$ROOT/tmp/r")" = made ]
	vdom-destroy "$N"
	rm -f "$ROOT/tmp/r" "$ROOT/tmp/nod"
	FEAT="<features><capabilities policy='deny'><chown state='on'/><kill state='on'/></capabilities></features>" \
	    ct_xml "$N" /bin/sh "$MKNOD_TRY" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(status_of_1 CapBnd)" = 0000000000000021 ]
	[ "$(status_of_1 CapEff)" = 0000000000000021 ]
	[ "$(status_of_1 CapPrm)" = 0000000000000021 ]
	poll test -s "$ROOT/tmp/r"
	[ "$(cat "$ROOT/tmp/r")" = refused ]
}

@test "lxc: an unknown capability is refused at define, naming it" {
	FEAT="<features><capabilities policy='default'><sys_wizard state='off'/></capabilities></features>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	run vdom-define "$SCRATCH/c.xml"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"sys_wizard"* ]]
	FEAT="<features><capabilities policy='sometimes'/></features>" ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	run vdom-define "$SCRATCH/c.xml"
	[ "$status" -eq 1 ]
	[[ "$output" == *"sometimes"* ]]
	N=
}

# a small ext2 image holding /hello; loop devices must be there
ext2_image() {
	[ -e /dev/loop-control ] || skip "no /dev/loop-control: loop devices are not available here"
	command -v mke2fs >/dev/null || skip "e2fsprogs is needed for the test's image"
	mkdir -p "$SCRATCH/imgsrc"
	echo from-the-image > "$SCRATCH/imgsrc/hello"
	IMG=$SCRATCH/data.img
	mke2fs -q -F -t ext2 -d "$SCRATCH/imgsrc" "$IMG" 4M
}
loops_of() { losetup -n -O NAME -j "$1"; }
no_loops() { [ -z "$(loops_of "$IMG")" ]; }

@test "lxc: a filesystem type='file' is loop-mounted, and the loop device goes at stop" {
	ext2_image
	FSX="<filesystem type='file' accessmode='passthrough'><driver type='loop' format='raw'/><source file='$IMG'/><target dir='/data'/></filesystem>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(in_ct /bin/cat /data/hello)" = from-the-image ]
	[ -n "$(loops_of "$IMG")" ]
	in_ct /bin/sh -c 'echo written-inside > /data/new'
	# the host sees no mount of it
	! grep -q " $ROOT/data " /proc/mounts || false
	vdom-destroy "$N"
	poll no_loops
	[ ! -e /run/virtcore/lxc/"$N".loop ]
	# what was written is in the image
	debugfs -R 'cat /new' "$IMG" 2>/dev/null | grep -q written-inside
	# read-only: refused inside
	FSX="<filesystem type='file'><source file='$IMG'/><target dir='/data'/><readonly/></filesystem>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(in_ct /bin/cat /data/hello)" = from-the-image ]
	run in_ct /bin/sh -c 'echo x > /data/other'
	[ "$status" -ne 0 ]
	vdom-shutdown --timeout 10 "$N"
	poll no_loops
}

@test "lxc: a supervisor killed with SIGKILL leaves no loop device; a kept one is freed by the next start" {
	ext2_image
	FSX="<filesystem type='file'><source file='$IMG'/><target dir='/data'/></filesystem>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ -n "$(loops_of "$IMG")" ]
	kill -9 "$(sup_pid "$N")"
	poll is_state "shut off"
	poll no_loops
	[ ! -e /run/virtcore/lxc/"$N".loop ]
	# one the kernel kept (attached without autoclear) behind a record
	TESTLOOP=$(losetup -f --show "$IMG")
	printf '%s\t%s\n' "$TESTLOOP" "$(realpath "$IMG")" > /run/virtcore/lxc/"$N".loop
	vdom-start "$N"
	[ "$(in_ct /bin/cat /data/hello)" = from-the-image ]
	[ "$(loops_of "$IMG" | wc -l)" -eq 1 ]
	# the kept one went; this start's own frees itself
	[ "$(losetup -n -O AUTOCLEAR -j "$IMG" | tr -d ' ')" = 1 ]
	vdom-destroy "$N"
	poll no_loops
	TESTLOOP=
}

@test "lxc: a filesystem type='block' mounts the block device" {
	ext2_image
	TESTLOOP=$(losetup -f --show "$IMG")
	FSX="<filesystem type='block'><source dev='$TESTLOOP'/><target dir='/blk'/><readonly/></filesystem>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(in_ct /bin/cat /blk/hello)" = from-the-image ]
	run in_ct /bin/sh -c 'echo x > /blk/other'
	[ "$status" -ne 0 ]
	vdom-destroy "$N"
}

@test "lxc: a bad file or block filesystem: one line naming it, nothing left behind" {
	ext2_image
	head -c 1048576 /dev/zero > "$SCRATCH/blank.img"
	for fs in "<filesystem type='file'><source file='$SCRATCH/no-such.img'/><target dir='/data'/></filesystem>" \
	    "<filesystem type='file'><source file='$SCRATCH/blank.img'/><target dir='/data'/></filesystem>" \
	    "<filesystem type='file'><driver type='nbd' format='qcow2'/><source file='$IMG'/><target dir='/data'/></filesystem>" \
	    "<filesystem type='block'><source dev='$IMG'/><target dir='/blk'/></filesystem>" \
	    "<filesystem type='block'><source dev='/dev/no-such-disk'/><target dir='/blk'/></filesystem>"; do
		FSX="$fs<filesystem type='file'><source file='$IMG'/><target dir='/good'/></filesystem>" \
		    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
		vdom-define "$SCRATCH/c.xml"
		run vdom-start "$N"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		culprit=$(echo "$fs" | sed -n "s/.*source [a-z]*='\([^']*\)'.*/\1/p")
		[[ "$output" == *"$culprit"* ]]
		is_state "shut off"
		[ -z "$(cg_left "$N")" ]
		[ ! -e /run/virtcore/lxc/"$N".sup ]
		[ ! -e /run/virtcore/lxc/"$N".loop ]
		poll no_loops
		[ -z "$(loops_of "$SCRATCH/blank.img")" ]
	done
}

@test "lxc: the root filesystem can be an image (type='file')" {
	ext2_image
	mkdir -p "$ROOT/proc" "$ROOT/sys" "$ROOT/dev"
	echo in-the-root-image > "$ROOT/etc/motd"
	mke2fs -q -F -t ext2 -d "$ROOT" "$SCRATCH/root.img" 16M
	IMG=$SCRATCH/root.img
	cat > "$SCRATCH/c.xml" <<XML
<domain type='lxc'>
  <name>$N</name>
  <memory unit='MiB'>64</memory>
  <os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg><initarg>$LOOP</initarg></os>
  <devices>
    <filesystem type='file'><source file='$IMG'/><target dir='/'/></filesystem>
    <console type='pty'/>
  </devices>
</domain>
XML
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(in_ct /bin/cat /etc/motd)" = in-the-root-image ]
	[ "$(in_ct /bin/hostname)" = "$N" ]
	! grep -q "/run/virtcore/lxc/$N.root" /proc/mounts || false
	vdom-destroy "$N"
	poll no_loops
	[ ! -e /run/virtcore/lxc/"$N".root ]
}

devcg() { cat /sys/fs/cgroup/devices/virtcore/lxc-"$N"/devices.list; }

@test "lxc: the devices cgroup allows the minimal /dev and nothing else" {
	[ -e /sys/fs/cgroup/devices/cgroup.procs ] || skip "no cgroup v1 devices controller here"
	ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	mknod "$ROOT/tmp/kmsg" c 1 11
	vdom-start "$N"
	run devcg
	[[ "$output" == *"c 1:3 rwm"* ]]
	[[ "$output" == *"c 136:* rwm"* ]]
	[[ "$output" != *"a *:* rwm"* ]]
	in_ct /bin/sh -c 'echo ok > /dev/null; head -c 4 /dev/urandom > /dev/null; echo to-console > /dev/console'
	in_ct /bin/mknod /tmp/null2 c 1 3
	in_ct /bin/sh -c 'echo ok > /tmp/null2'
	# a node the host made for it, and one made inside: refused
	run in_ct /bin/sh -c 'echo x > /tmp/kmsg'
	[ "$status" -ne 0 ]
	[[ "$output" == *"Operation not permitted"* ]]
	run in_ct /bin/mknod /tmp/mem c 1 1
	[ "$status" -ne 0 ]
}

@test "lxc: hostdev storage and misc: the node inside, allowed in the devices cgroup" {
	[ -e /sys/fs/cgroup/devices/cgroup.procs ] || skip "no cgroup v1 devices controller here"
	[ -c /dev/fuse ] || skip "no /dev/fuse for the misc hostdev"
	ext2_image
	TESTLOOP=$(losetup -f --show "$IMG")
	IFACE="
    <hostdev mode='capabilities' type='storage'><source><block>$TESTLOOP</block></source></hostdev>
    <hostdev mode='capabilities' type='misc'><source><char>/dev/fuse</char></source></hostdev>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	[ "$(in_ct /bin/sh -c "head -c 1024 $TESTLOOP | wc -c")" = 1024 ]
	in_ct /bin/sh -c ': < /dev/fuse'
	# another loop device's node is refused
	mknod "$ROOT/tmp/other" b 7 $(( ${TESTLOOP#/dev/loop} + 1 ))
	run in_ct /bin/sh -c "head -c 1 /tmp/other"
	[ "$status" -ne 0 ]
	run devcg
	[[ "$output" == *"c 10:229 rwm"* ]]
}

@test "lxc: a bad hostdev: one line naming it, nothing left behind" {
	for h in "<hostdev mode='capabilities' type='storage'><source><block>/dev/no-such-disk</block></source></hostdev>" \
	    "<hostdev mode='capabilities' type='storage'><source><block>/dev/null</block></source></hostdev>" \
	    "<hostdev mode='capabilities' type='misc'><source><char>/dev/no-such-char</char></source></hostdev>" \
	    "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0' bus='3' slot='0' function='0'/></source></hostdev>"; do
		IFACE="$h" ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
		vdom-define "$SCRATCH/c.xml"
		run vdom-start "$N"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		culprit=$(echo "$h" | sed -n 's/.*<\(block\|char\)>\([^<]*\)<.*/\2/p')
		[[ "$output" == *"${culprit:-subsystem}"* ]]
		is_state "shut off"
		[ -z "$(cg_left "$N")" ]
		[ ! -e /run/virtcore/lxc/"$N".sup ]
	done
}

new_init() { [ "$(init_pid "$N")" != "$1" ] && [ -e /proc/"$(init_pid "$N")" ]; }

@test "vdom-reboot: the init starts again in fresh namespaces, with its filesystems" {
	ext2_image
	FSX="<filesystem type='file'><source file='$IMG'/><target dir='/data'/></filesystem>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	i=$(init_pid "$N")
	s=$(sup_pid "$N")
	in_ct /bin/sh -c 'sleep 1000 > /dev/null 2>&1 &'
	run vdom-reboot "$N"
	[ "$status" -eq 0 ]
	[ "$output" = changed ]
	is_state running
	j=$(init_pid "$N")
	[ "$j" != "$i" ]
	[ "$(sup_pid "$N")" = "$s" ]
	# (a namespace's inode number is reused once the old one is gone: no test there)
	poll gone "$i"
	# nothing of the old one: no sleep, one loop device, the image mounted again
	[ "$(in_ct /bin/ps | grep -c 'sleep 1000')" -eq 0 ]
	[ "$(in_ct /bin/cat /data/hello)" = from-the-image ]
	[ "$(loops_of "$IMG" | wc -l)" -eq 1 ]
	[ "$(in_ct /bin/cat /proc/1/cmdline | tr '\0' ' ')" = "/bin/sh -c $LOOP " ]
	two_greetings() { [ "$(vdom-console --log "$N" | grep -c console-says-hello)" -eq 2 ]; }
	poll two_greetings
	# and it stops as usual
	vdom-shutdown --timeout 10 "$N"
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	poll no_loops
}

@test "vdom-reboot: reboot(2) inside the container restarts it; an init deaf to SIGHUP is restarted the hard way" {
	ct_xml "$N" /bin/sh "trap '' HUP; $LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	vdom-start "$N"
	i=$(init_pid "$N")
	run in_ct /bin/busybox reboot -f
	poll new_init "$i"
	is_state running
	i=$(init_pid "$N")
	run vdom-reboot "$N"
	[ "$status" -eq 0 ]
	new_init "$i"
	is_state running
	# the live record knows the new init: shutdown signals it
	vdom-shutdown --timeout 10 "$N"
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	run vdom-reboot "$N"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$N: domain is not running"* ]]
}

@test "lxc: a hostdev net is moved into the container and given back at stop" {
	test_bridge
	ip -n "$NETNS" link add vchd0 type veth peer name vchd1
	IFACE="<hostdev mode='capabilities' type='net'><source><interface>vchd0</interface></source></hostdev>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	in_net vdom-start "$N"
	vdom-exec "$N" ip -o link show vchd0 | grep -q "UP"
	! ip -n "$NETNS" link show vchd0 2>/dev/null || false
	in_net vdom-reboot "$N"
	vdom-exec "$N" ip -o link show vchd0
	in_net vdom-destroy "$N"
	ip -n "$NETNS" link show vchd0
	# an init that ends by itself gives it back too
	in_net vdom-start "$N"
	in_net vdom-shutdown --timeout 10 "$N"
	ip -n "$NETNS" link show vchd0
	# one that is not there: one line, nothing moved, nothing left
	IFACE="<hostdev mode='capabilities' type='net'><source><interface>vcnosuch0</interface></source></hostdev>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	run in_net vdom-start "$N"
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: $N: hostdev net vcnosuch0: no such device" ]
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
}

@test "lxc: an interface's guest name, addresses and routes are set inside" {
	test_bridge
	IFACE="<interface type='bridge'><source bridge='vcbr0'/>
      <ip address='10.213.7.2' family='ipv4' prefix='24'/><ip address='fd00:7::2' family='ipv6' prefix='64'/>
      <route family='ipv4' address='0.0.0.0' gateway='10.213.7.1'/><guest dev='lan0'/></interface>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	in_net vdom-start "$N"
	run vdom-exec "$N" ip -o addr show lan0
	[[ "$output" == *"inet 10.213.7.2/24"* ]]
	[[ "$output" == *"inet6 fd00:7::2/64"* ]]
	[[ "$(vdom-exec "$N" ip route)" == *"default via 10.213.7.1 dev lan0"* ]]
	vdom-exec "$N" ping -c 1 -W 5 10.213.7.1
	in_net vdom-destroy "$N"
	# a gateway that cannot be reached: one line, nothing left behind
	IFACE="<interface type='bridge'><source bridge='vcbr0'/><ip address='10.213.7.2' family='ipv4' prefix='24'/>
      <route family='ipv4' address='0.0.0.0' gateway='192.0.2.1'/></interface>" \
	    ct_xml "$N" /bin/sh "$LOOP" > "$SCRATCH/c.xml"
	vdom-define "$SCRATCH/c.xml"
	run in_net vdom-start "$N"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"192.0.2.1"* ]]
	is_state "shut off"
	[ -z "$(cg_left "$N")" ]
	[ ! -e /run/virtcore/lxc/"$N".veth ]
	[ -z "$(ip -n "$NETNS" -o link show master vcbr0)" ]
}
