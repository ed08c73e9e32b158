#!/usr/bin/env bats
# docs: every tool has a lint-clean man page, --help and bad options keep the
# exit contract, and the bash completion completes options and guest names

load common

setup() { vc_scratch; }
teardown() { vc_cleanup; }

# the tools: every bin/NAME.c
vc_tools() {
	local f
	for f in "$VC_TOP"/bin/*.c; do
		f=${f##*/}
		printf '%s\n' "${f%.c}"
	done
}

# run the completion for the words "$@" (the last one is being completed)
# in a fresh bash; prints one candidate per line
vc_complete() {
	bash -c '
		. "$1/completions/virtcore.bash" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		spec=$(complete -p "$1") || exit 1
		fn=${spec##*-F }
		fn=${fn%% *}
		"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 1
		printf "%s\n" "${COMPREPLY[@]}"
	' vc_complete "$VC_TOP" "$@"
}

@test "docs: every tool with a .c source has a man page in man/man1" {
	missing=
	for t in $(vc_tools); do
		[ -f "$VC_TOP/man/man1/$t.1" ] || missing="$missing $t"
	done
	[ -z "$missing" ] || { echo "no man page:$missing"; return 1; }
	[ -f "$VC_TOP/man/man7/virtcore.7" ]
}

@test "docs: man pages are mandoc -Tlint -Wwarning clean" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	cd "$VC_TOP"
	run mandoc -Tlint -Wwarning man/man1/*.1 man/man7/*.7
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "docs: every man page has the sections of STYLE.md and points to virtcore(7)" {
	for t in $(vc_tools); do
		p=$VC_TOP/man/man1/$t.1
		[ -f "$p" ] || continue         # missing pages fail the test above
		for s in NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
			grep -qx "\.Sh $s" "$p" || { echo "$t.1: no $s section"; return 1; }
		done
		grep -qx '\.Xr virtcore 7' "$p" || { echo "$t.1: no Xr virtcore 7"; return 1; }
	done
}

@test "docs: every tool's --help exits 0 and prints its usage on stdout" {
	for t in $(vc_tools); do
		st=0
		out=$("$t" --help 2>/dev/null) || st=$?
		[ "$st" -eq 0 ] || { echo "$t --help: exit $st"; return 1; }
		case $out in
		"usage: $t "*) ;;
		*) echo "$t --help printed: $out"; return 1 ;;
		esac
		err=$("$t" --help 2>&1 >/dev/null)
		[ -z "$err" ] || { echo "$t --help wrote to stderr: $err"; return 1; }
	done
}

@test "docs: every tool's --version exits 0" {
	for t in $(vc_tools); do
		run "$t" --version
		[ "$status" -eq 0 ] || { echo "$t --version: exit $status"; return 1; }
		[ "$output" = "$t (virtcore) $(sed -n 's/^VERSION = //p' "$VC_TOP/config.mk")" ]
	done
}

@test "docs: an unknown option exits 2 with the usage on stderr" {
	for t in $(vc_tools); do
		st=0
		out=$("$t" --no-such-option 2>/dev/null) || st=$?
		[ "$st" -eq 2 ] || { echo "$t --no-such-option: exit $st"; return 1; }
		[ -z "$out" ] || { echo "$t: usage error wrote to stdout: $out"; return 1; }
		err=$("$t" --no-such-option 2>&1 >/dev/null) || true
		case $err in
		*"usage: $t "*) ;;
		*) echo "$t: stderr: $err"; return 1 ;;
		esac
		run "$t" -Z
		[ "$status" -eq 2 ] || { echo "$t -Z: exit $status"; return 1; }
	done
}

@test "docs: every tool's long options are in its man page and its completion" {
	for t in $(vc_tools); do
		opts=$(sed -n 's/^[[:space:]]*{"\([a-z-]*\)", [a-z_]*_argument.*/\1/p' "$VC_TOP/bin/$t.c")
		# the lifecycle tools share vc_main_op's options
		if grep -q vc_main_op "$VC_TOP/bin/$t.c"; then
			opts=$(grep -o '\[--[a-z-]*' "$VC_TOP/bin/$t.c" | sed 's/^\[--//')
		fi
		for o in $opts; do
			[ ! -f "$VC_TOP/man/man1/$t.1" ] ||
			grep -Eq "Fl Fl $o( |\$)" "$VC_TOP/man/man1/$t.1" ||
				{ echo "$t.1: --$o not documented"; return 1; }
			grep -q "\[$t\]=.*--$o\b" "$VC_TOP/completions/virtcore.bash" ||
				{ echo "completion of $t: no --$o"; return 1; }
		done
	done
}

@test "docs: the completion script loads and registers every tool" {
	for t in $(vc_tools); do
		run bash -c '. "$1/completions/virtcore.bash" && complete -p "$2"' x "$VC_TOP" "$t"
		[ "$status" -eq 0 ] || { echo "$t: $output"; return 1; }
		[[ $output == *" -F "* ]]
	done
}

@test "docs: completion of vdom-start <TAB> gives the defined guests" {
	vc_guest_xml web1 | vdom-define >/dev/null
	vc_guest_xml db1 | vdom-define >/dev/null
	vdom-start web1 >/dev/null
	run vc_complete vdom-start ""
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'db1\nweb1')" ]
	run vc_complete vdom-start w
	[ "$output" = web1 ]
}

@test "docs: completion honours a -c URI already typed" {
	other=$SCRATCH/other
	vc_guest_xml web1 | vdom-define >/dev/null
	vc_guest_xml elsewhere | vdom-define -c "test://$other" >/dev/null
	run vc_complete vdom-info -c "test://$other" ""
	[ "$status" -eq 0 ]
	[ "$output" = elsewhere ]
	run vc_complete vdom-info "--connect=test://$other" ""
	[ "$output" = elsewhere ]
}

@test "docs: completion offers a tool's own options and URIs" {
	run vc_complete vdom-shutdown --t
	[ "$output" = --timeout ]
	# bash replaces only what follows the last ':' of the word
	run vc_complete vdom-shutdown -c qemu:///s
	[ "$output" = "$(printf '///system\n///session')" ]
	run vc_complete vdom-list --no
	[ "$output" = --no-autostart ]
	run vc_complete vdom-undefine --
	[[ $output == *--if-exists* && $output == *--connect* && $output == *--check* ]]
}

@test "make demo's script runs every step to the end and exits 0" {
	run sh "$VC_TOP/tests/demo.sh"
	[ "$status" -eq 0 ]
	[[ $output == *"demo: test driver done"* ]]
	[[ $output == *"vdom-start web1"*"changed"* ]]
	if command -v qemu-system-x86_64 >/dev/null; then
		[[ $output == *"VIRTCORE-GUEST-UP"* ]]
	fi
	vc_no_sanitizer_report
}

# ---- one table: the Makefile's TOOLS; every tool there is checked ----

# the tools to build, as the Makefile lists them
vc_make_tools() {
	make -s --no-print-directory -C "$VC_TOP" print-tools | tr ' ' '\n' | grep .
}

# the long options in section $2 of page $1 (OPTIONS: the .It lines only),
# without the common ones
vc_man_opts() {
	awk -v s="$2" '/^\.Sh /{ins = ($0 == ".Sh " s); next} ins' "$1" |
		{ if [ "$2" = OPTIONS ]; then grep '^\.It'; else cat; fi; } |
		grep -oE 'Fl Fl [a-z][a-z0-9-]*' | sed 's/^Fl Fl /--/' |
		grep -vE '^--(connect|help|version|dry-run)$' | sort -u
}

vc_help_opts() {
	"$1" --help | grep -oE -- '--[a-z][a-z0-9-]*' |
		grep -vE '^--(connect|help|version|dry-run)$' | sort -u
}

# the options of tool $1's line in the completion's tables
vc_comp_opts() {
	bash -c '. "$1/completions/virtcore.bash" || exit 1
		for f in $_virtcore_families; do
			declare -n tb=_virtcore_$f
			[ -n "${tb[$2]+x}" ] && echo "${tb[$2]}"
			unset -n tb
		done' x "$VC_TOP" "$1" | tr ' ' '\n' | grep -- '^--' | sed 's/=.*//' |
		grep -vE '^--(connect|help|version|dry-run)$' | sort -u
}

@test "docs: every tool in TOOLS has a source, a man page, a completion line" {
	n=0
	for t in $(vc_make_tools); do
		n=$((n + 1))
		[ -f "$VC_TOP/bin/$t.c" ] || { echo "$t: no bin/$t.c"; return 1; }
		[ -f "$VC_TOP/man/man1/$t.1" ] || { echo "$t: no man page"; return 1; }
		bash -c '. "$1/completions/virtcore.bash" && complete -p "$2"' x "$VC_TOP" "$t" >/dev/null ||
			{ echo "$t: not registered by the completion"; return 1; }
	done
	[ "$n" -ge 30 ]
	# and every bin/*.c is a tool in TOOLS
	for t in $(vc_tools); do
		vc_make_tools | grep -qx "$t" || { echo "bin/$t.c is not in TOOLS"; return 1; }
	done
}

@test "docs: every tool's --help options are its man page's (SYNOPSIS and OPTIONS) and its completion's" {
	for t in $(vc_make_tools); do
		h=$(vc_help_opts "$t")
		p=$VC_TOP/man/man1/$t.1
		for what in OPTIONS SYNOPSIS; do
			m=$(vc_man_opts "$p" "$what")
			[ "$h" = "$m" ] || {
				echo "$t: --help and $t.1 $what differ (< --help only, > man only):"
				diff <(echo "$h") <(echo "$m") | grep '^[<>]'
				return 1
			}
		done
		c=$(vc_comp_opts "$t")
		[ "$h" = "$c" ] || {
			echo "$t: --help and completions/virtcore.bash differ (< --help only, > completion only):"
			diff <(echo "$h") <(echo "$c") | grep '^[<>]'
			return 1
		}
	done
}

@test "docs: every option a man page documents is one its tool takes" {
	for t in $(vc_make_tools); do
		for o in $(vc_man_opts "$VC_TOP/man/man1/$t.1" OPTIONS); do
			err=$("$t" "$o" </dev/null 2>&1 >/dev/null) || true
			[[ $err != *"unknown option"* && $err != *"ambiguous"* ]] ||
				{ echo "$t $o: $err"; return 1; }
		done
	done
}

@test "docs: virtcore(7) lists every tool (Tools, SEE ALSO), and every tool that prints changed" {
	p=$VC_TOP/man/man7/virtcore.7
	sub() { awk -v a="$1" -v b="$2" 'index($0, a) == 1 { on = 1; next } on && index($0, b) == 1 { exit } on' "$p"; }
	tools=$(sub '.Ss Tools' '.Ss ')
	changers=$(sub '.Ss Changed and unchanged' '.Sh ')
	seealso=$(sub '.Sh SEE ALSO' '.Sh ')
	for t in $(vc_make_tools); do
		grep -q "Xr $t 1" <<<"$tools" || { echo "virtcore.7 Tools: no $t (make man7)"; return 1; }
		grep -q "^\.Xr $t 1" <<<"$seealso" || { echo "virtcore.7 SEE ALSO: no $t (make man7)"; return 1; }
		if grep -q '^\.Ql changed' "$VC_TOP/man/man1/$t.1"; then
			grep -q "Xr $t 1" <<<"$changers" ||
				{ echo "virtcore.7 Changed and unchanged: no $t (make man7)"; return 1; }
		fi
	done
	# and names no tool that is not there
	for t in $(grep -oE 'Xr v(dom|net|node|sh)[a-z-]* 1' <<<"$tools$seealso$changers" | awk '{ print $2 }' | sort -u); do
		vc_make_tools | grep -qx "$t" || { echo "virtcore.7 names $t, not in TOOLS"; return 1; }
	done
	# make man7 writes what is there
	cp "$p" "$SCRATCH/v.7"
	mkdir -p "$SCRATCH/man7"
	ln -s "$VC_TOP/man/man1" "$SCRATCH/man1"
	mv "$SCRATCH/v.7" "$SCRATCH/man7/virtcore.7"
	sh "$VC_TOP/man/lists.sh" "$SCRATCH/man7/virtcore.7" $(vc_make_tools) >/dev/null
	diff -u "$p" "$SCRATCH/man7/virtcore.7" || { echo "run make man7"; return 1; }
}

@test "docs: man pages have no mandoc STYLE items (but links to pages not installed here)" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	cd "$VC_TOP"
	# one page a run, to a file: mandoc's lines stay whole
	out=$(for f in man/man1/*.1 man/man7/*.7; do
		mandoc -Tlint -Wstyle "$f" >"$SCRATCH/lint" 2>&1 || true
		grep -E ': (STYLE|WARNING|ERROR|UNSUPP)' "$SCRATCH/lint" |
			grep -v 'referenced manual not found' || true
	done)
	[ -z "$out" ] || { echo "$out"; return 1; }
}

@test "docs: an ambiguous option names what it could be; a value for a flag is refused" {
	run vdom-list --a
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "vdom-list: option --a is ambiguous: --all, --autostart" ]
	run vdom-list --st
	[ "${lines[0]}" = "vdom-list: option --st is ambiguous: --state-running, --state-paused, --state-shutoff, --state-other" ]
	run vdom-list --all=yes
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "vdom-list: option --all takes no value" ]
	run vdom-list --nosuch
	[ "${lines[0]}" = "vdom-list: unknown option --nosuch" ]
	# a unique prefix still works
	run vdom-list --inact
	[ "$status" -eq 0 ]
	run vdom-list -c foo://bar
	[ "$status" -eq 2 ]
	[[ ${lines[0]} == "vdom-list: foo://bar: unknown driver"* ]]
}
