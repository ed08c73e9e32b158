#!/bin/sh
# deps.sh: install the Debian packages given as arguments when missing
missing=
for p; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "virtcore: missing Debian packages:$missing" >&2
	echo "virtcore: run as root: apt-get install -y$missing" >&2
	exit 1
fi
echo "virtcore: installing$missing"
# an apt that has never been updated finds nothing
if [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v -e lock -e partial)" ]; then
	apt-get update -qq || exit 1
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null || {
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
} || exit 1
