#!/bin/sh
# demo.sh: `make demo`: a guest's life on the embedded test driver, step by step
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=${VC_BIN:-$top/bin}:$PATH
scratch=$(mktemp -d /tmp/virtcore-demo.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export VIRTCORE_URI="test://$scratch"
step() { printf '\n$ %s\n' "$*"; "$@"; }

echo "virtcore demo on $VIRTCORE_URI (a simulated host in $scratch)"
step vdom-validate "$top/tests/data/demo/web1.xml"
step vdom-define "$top/tests/data/demo/web1.xml"
step vdom-define "$top/tests/data/demo/web1.xml"
step vdom-start web1
step vdom-list
step vdom-info web1
step vdom-dumpxml web1
step vdom-suspend web1
step vdom-state web1
step vdom-resume web1
step vdom-shutdown web1
step vdom-list --all
step vdom-undefine web1
step vdom-list --all
echo
echo "demo: test driver done"
if command -v qemu-system-x86_64 >/dev/null 2>&1; then
	sh "$top/tests/demo-qemu.sh"
fi
