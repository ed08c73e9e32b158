#!/bin/sh
# dict.sh SCHEMA.rng...: a libFuzzer dictionary of the element and
# attribute names (and the enumerated values) the schemas know
set -eu
for f in "$@"; do
	sed -n 's/.*<element name="\([A-Za-z0-9_:.-]*\)".*/E \1/p; s/.*<attribute name="\([A-Za-z0-9_:.-]*\)".*/A \1/p; s/.*<value>\([A-Za-z0-9_.:+-]*\)<\/value>.*/V \1/p' "$f"
done | sort -u | while read -r k n; do
	case $k in
	E) printf '"<%s"\n"</%s>"\n' "$n" "$n" ;;
	A) printf '"%s=\\x27"\n' "$n" ;;
	V) printf '"%s"\n' "$n" ;;
	esac
done | sort -u
