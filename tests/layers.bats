#!/usr/bin/env bats
# layers: the arrows of DESIGN.md point down. bin/ -> driver/ -> conf/,
# host/ -> util/: no file of lib/util, lib/conf or lib/host includes a
# header of a layer above it or beside it, lib/conf has no include cycle,
# and the built objects agree (no symbol of a higher layer is used below,
# no two objects of lib/conf use each other, directly or round a cycle).

load common

# the #include "..." lines of the files under lib/$1: "FILE<TAB>HEADER"
vc_includes() {
	local f h
	for f in "$VC_TOP"/lib/"$1"/*.[ch]; do
		while read -r h; do
			printf '%s\t%s\n' "${f#"$VC_TOP"/lib/}" "$h"
		done < <(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
	done
}

# a header as the file it is, relative to lib/: FILE HEADER -> lib/ path
vc_resolve() {
	local dir=${1%/*} h=$2
	if [[ -e $VC_TOP/lib/$dir/$h ]]; then
		realpath -m --relative-to="$VC_TOP/lib" "$VC_TOP/lib/$dir/$h"
	else
		realpath -m --relative-to="$VC_TOP/lib" "$VC_TOP/lib/$h"
	fi
}

# lines "FILE HEADER" whose header is not one of the allowed patterns $2...
vc_bad_includes() {
	local layer=$1 f h r ok p
	shift
	while IFS=$'\t' read -r f h; do
		r=$(vc_resolve "$f" "$h")
		ok=0
		for p in "$@"; do
			# shellcheck disable=SC2053
			[[ $r == $p ]] && ok=1
		done
		((ok)) || printf '%s includes %s\n' "$f" "$h"
	done < <(vc_includes "$layer")
}

# the objects built from lib/: the sanitizer tree when that is under test
vc_objdir() {
	if [[ -f $VC_BIN/../lib/conf/xml.o ]]; then
		cd "$VC_BIN/../lib" && pwd
	else
		printf '%s/lib\n' "$VC_TOP"
	fi
}

# "OBJECT<TAB>OBJECT" for every object of the library that uses a symbol
# another one defines (paths relative to lib/)
vc_uses() {
	local d
	d=$(vc_objdir)
	(cd "$d" && find util conf host driver remote -name '*.o' | sort | xargs nm -A -P) |
		awk '
		{ o = $1; sub(/:$/, "", o) }
		$3 == "U" { use[o, $2] = 1; next }
		$3 ~ /^[TDRBCV]$/ { def[$2] = o }
		END {
			for (k in use) {
				split(k, p, SUBSEP)
				if ((p[2] in def) && def[p[2]] != p[1]) print p[1] "\t" def[p[2]]
			}
		}' | sort -u
}

# cycles in a graph given as "A<TAB>B" edges on stdin: one line per node on one
vc_cycles() {
	awk -F '\t' '
	{ n[$1] = 1; n[$2] = 1; e[$1] = e[$1] " " $2 }
	function dfs(v,   i, k, w) {
		state[v] = 1
		k = split(e[v], w, " ")
		for (i = 1; i <= k; i++) {
			if (state[w[i]] == 1) print "cycle: " v " -> " w[i]
			else if (!state[w[i]]) dfs(w[i])
		}
		state[v] = 2
	}
	END { for (v in n) if (!state[v]) dfs(v) }'
}

@test "layers: no file of lib/host includes a driver, conf or tool header" {
	run vc_bad_includes host 'host.h' 'host/*' 'util.h'
	[ "$status" -eq 0 ]
	[ -z "$output" ] || { echo "$output"; false; }
}

@test "layers: no file of lib/conf includes a driver, host or tool header" {
	run vc_bad_includes conf 'conf.h' 'conf/*' 'util.h'
	[ "$status" -eq 0 ]
	[ -z "$output" ] || { echo "$output"; false; }
}

@test "layers: lib/util includes only util.h" {
	run vc_bad_includes util 'util.h'
	[ "$status" -eq 0 ]
	[ -z "$output" ] || { echo "$output"; false; }
}

@test "layers: lib/conf has no include cycle" {
	local f h
	run bash -c "$(declare -f vc_includes vc_resolve vc_cycles); VC_TOP='$VC_TOP';
		vc_includes conf | while IFS=\$'\t' read -r f h; do
			printf '%s\t%s\n' \"\$f\" \"\$(vc_resolve \"\$f\" \"\$h\")\"
		done | grep -P '\tconf/' | vc_cycles"
	[ "$status" -eq 0 ]
	[ -z "$output" ] || { echo "$output"; false; }
}

@test "layers: the cycle check finds a cycle" {
	run vc_cycles < <(printf 'a\tb\nb\tc\nc\ta\nc\td\n')
	[[ $output == "cycle: "* ]]
	run vc_cycles < <(printf 'a\tb\nb\tc\na\tc\n')
	[ -z "$output" ]
}

@test "layers: objects of lib/util, lib/conf and lib/host use no symbol of a layer above" {
	run vc_uses
	[ "$status" -eq 0 ]
	# the check sees something: conf uses util, the drivers use conf
	grep -q $'^conf/xml.o\tutil/' <<<"$output"
	grep -q $'^driver/.*\tconf/' <<<"$output"
	bad=$(grep -P '^util/.*\t(?!util/)|^conf/.*\t(?!conf/|util/)|^host/.*\t(?!host/|util/)' <<<"$output" || true)
	[ -z "$bad" ] || { echo "$bad"; false; }
}

@test "layers: no two objects of lib/conf use each other, directly or round a cycle" {
	run vc_uses
	[ "$status" -eq 0 ]
	run vc_cycles < <(grep -P '^conf/.*\tconf/' <<<"$output")
	[ -z "$output" ] || { echo "$output"; false; }
}

@test "layers: the hostdev manager is in the driver layer, host primitives in lib/host" {
	[ -f "$VC_TOP/lib/driver/hostdev/hostdev.c" ]
	[ ! -e "$VC_TOP/lib/host/hostdev.c" ]
	# lib/host knows no guest: no domain, store or connection type
	run grep -lE 'struct vc_(domain|conn|iface|hostdev)\b|vc_store_' "$VC_TOP"/lib/host/*.[ch]
	[ -z "$output" ] || { echo "$output"; false; }
}
