#!/bin/sh
# lxc.sh: lxc:///system: vdom-start of a busybox container to its init
# running (vdom-start returns once the init has been exec'd in its
# namespaces), and vdom-destroy to everything gone (cgroups removed,
# supervisor exited); median of R runs (10).  Beside lxc-start -d /
# lxc-stop -k from Debian's lxc package on the same root, when installed.
# Root only; part of `make bench`.
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "lxc: needs root (lxc:///system): no figures"; exit 0; }
[ -x /bin/busybox ] || { echo "lxc: busybox-static not installed: no figures"; exit 0; }
R=${R:-10}
scratch=$(mktemp -d /tmp/virtcore-bench-lxc.XXXXXX)
name=vcbench$$
export VIRTCORE_URI=lxc:///system
trap '"$top/bin/vdom-destroy" $name >/dev/null 2>&1; "$top/bin/vdom-undefine" $name >/dev/null 2>&1;
	rm -f /run/virtcore/lxc/$name.console; lxc-destroy -P "$scratch/lxc" -n $name -f >/dev/null 2>&1; rm -rf "$scratch"' EXIT
root=$scratch/root
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev"
cp /bin/busybox "$root/bin/"
for a in sh sleep init; do ln -s busybox "$root/bin/$a"; done
cat > "$scratch/c.xml" <<XML
<domain type='lxc'>
  <name>$name</name>
  <memory unit='MiB'>64</memory>
  <os><type>exe</type><init>/bin/sleep</init><initarg>100000</initarg></os>
  <devices>
    <filesystem type='mount'><source dir='$root'/><target dir='/'/></filesystem>
    <console type='pty'/>
  </devices>
</domain>
XML
"$top/bin/vdom-define" "$scratch/c.xml" >/dev/null || exit 1
now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000000 }'; }
i=0
while [ $i -lt "$R" ]; do
	t0=$(now); "$top/bin/vdom-start" $name >/dev/null || exit 1; t1=$(now)
	"$top/bin/vdom-destroy" $name >/dev/null || exit 1; t2=$(now)
	echo $((t1 - t0)) >> "$scratch/start"; echo $((t2 - t1)) >> "$scratch/destroy"
	i=$((i + 1))
done
echo "lxc:///system, busybox container, median of $R runs (ms)"
printf '  %-40s %8s\n' "vdom-start (to init running)" "$(median < "$scratch/start")" \
	"vdom-destroy (to cgroups and all gone)" "$(median < "$scratch/destroy")"
if ! command -v lxc-start >/dev/null 2>&1; then
	echo "  lxc-start/lxc-stop: Debian's lxc package not installed (apt-get install lxc): no comparison"
	exit 0
fi
mkdir -p "$scratch/lxc/$name"
cat > "$scratch/lxc/$name/config" <<CONF
lxc.uts.name = $name
lxc.rootfs.path = dir:$root
lxc.init.cmd = /bin/sleep 100000
lxc.net.0.type = empty
lxc.mount.auto = proc:mixed sys:ro
lxc.apparmor.profile = unconfined
lxc.cgroup.memory.limit_in_bytes = 64M
CONF
i=0
while [ $i -lt "$R" ]; do
	t0=$(now)
	lxc-start -P "$scratch/lxc" -n $name -d 2> "$scratch/err" || { echo "  lxc-start failed: $(tail -1 "$scratch/err")"; exit 0; }
	lxc-wait -P "$scratch/lxc" -n $name -s RUNNING -t 10 || { echo "  lxc-start: not RUNNING in 10 s"; exit 0; }
	t1=$(now)
	lxc-stop -P "$scratch/lxc" -n $name -k 2> "$scratch/err" || { echo "  lxc-stop failed: $(tail -1 "$scratch/err")"; exit 0; }
	t2=$(now)
	echo $((t1 - t0)) >> "$scratch/lstart"; echo $((t2 - t1)) >> "$scratch/lstop"
	i=$((i + 1))
done
printf '  %-40s %8s\n' "lxc-start -d + lxc-wait RUNNING" "$(median < "$scratch/lstart")" \
	"lxc-stop -k" "$(median < "$scratch/lstop")"
