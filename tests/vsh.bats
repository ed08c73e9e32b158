#!/usr/bin/env bats
# vsh: one-shot commands, scripted sessions, quoting, connect, and the
# interactive prompt under a pseudo-terminal
load common

setup() {
	vc_scratch
	export HOME=$SCRATCH/home XDG_STATE_HOME=$SCRATCH/state
	mkdir -p "$HOME"
	vc_guest_xml web1 > "$SCRATCH/web1.xml"
}
teardown() { vc_cleanup; }

# run vsh at a terminal: tests/fixtures/ptyrun gives it a pseudo-terminal
# and types each send= step only once the expect= before it has appeared,
# so no step depends on timing; vsh's exit status comes back
P='expect=vsh # '
vc_vsh_tty() {
	[ -x "$VC_TOP/tests/fixtures/ptyrun" ] || make -s -C "$VC_TOP" tests/fixtures/ptyrun >&2
	run env TERM=dumb "$VC_TOP/tests/fixtures/ptyrun" -t 30 "$@" -- "$VC_BIN/vsh"
}

@test "vsh: one-shot commands define from a file, start and list" {
	run vsh define "$SCRATCH/web1.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vsh start web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vsh list
	[ "$status" -eq 0 ]; [ "$output" = "$(printf '1\tweb1\trunning')" ]
	run vsh domstate web1
	[ "$output" = running ]
	vc_no_sanitizer_report
}

@test "vsh: options after the command word go to the tool" {
	vsh define "$SCRATCH/web1.xml" >/dev/null
	run vsh list --all --name
	[ "$status" -eq 0 ]; [ "$output" = web1 ]
	run vsh list --no-such-option
	[ "$status" -eq 2 ]; [[ $output == *"usage: vdom-list "* ]]
}

@test "vsh: a one-shot command exits with the tool's status" {
	run vsh start nope
	[ "$status" -eq 1 ]; [ "$output" = "vdom-start: nope: no such domain" ]
	run vsh dumpxml
	[ "$status" -eq 2 ]
}

@test "vsh: an unknown command is status 2 one-shot and skipped in a session" {
	run vsh frob
	[ "$status" -eq 2 ]; [ "$output" = "vsh: unknown command 'frob'; try help" ]
	run bash -c 'printf "frob\nlist --all --name\n" | vsh' x
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "vsh: unknown command 'frob'; try help" ]
	[ "${#lines[@]}" -eq 1 ]
}

@test "vsh: a scripted session runs every line in order, with no prompt" {
	run bash -c 'printf "define %s\nstart web1\n\n# a comment\nlist\ndomstate web1\ndestroy web1\nlist --all\n" "$1" | vsh' x "$SCRATCH/web1.xml"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = changed ]
	[ "${lines[1]}" = changed ]
	[ "${lines[2]}" = "$(printf '1\tweb1\trunning')" ]
	[ "${lines[3]}" = running ]
	[ "${lines[4]}" = changed ]
	[ "${lines[5]}" = "$(printf -- '-\tweb1\tshut off')" ]
	[ "${#lines[@]}" -eq 6 ]
	[[ $output != *"vsh #"* ]]
	vc_no_sanitizer_report
}

@test "vsh: a failed command does not end the session; quit gives the last status" {
	run bash -c 'printf "start nope\nquit\nlist\n" | vsh' x
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-start: nope: no such domain" ]
	run bash -c 'printf "start nope\nlist\n" | vsh' x
	[ "$status" -eq 0 ]
	run bash -c 'printf "list\nexit 3\n" | vsh' x
	[ "$status" -eq 3 ]
	run bash -c 'printf "list\nquit now\n" | vsh' x
	[ "$status" -eq 2 ]
}

@test "vsh: a session reads no further than each line, so a tool gets the rest" {
	run bash -c '{ echo define; cat "$1"; } | vsh' x "$SCRATCH/web1.xml"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vsh list --all --name
	[ "$output" = web1 ]
}

@test "vsh: quoted words reach the tool as one argument" {
	run bash -c 'printf "%s\n" "start \"my guest\"" | vsh' x
	[ "$status" -eq 1 ]; [ "$output" = "vdom-start: my guest: no such domain" ]
	run bash -c 'printf "%s\n" "start '\''my  guest'\''" | vsh' x
	[ "$output" = "vdom-start: my  guest: no such domain" ]
	run bash -c 'printf "%s\n" "start my\\ guest" | vsh' x
	[ "$output" = "vdom-start: my guest: no such domain" ]
	run bash -c 'printf "%s\n" "start \"a\\\"b\"'\''c'\''" | vsh' x
	[ "$output" = "vdom-start: a\"bc: no such domain" ]
	# no expansion
	run bash -c 'printf "%s\n" "start \$HOME*" | vsh' x
	[ "$output" = "vdom-start: \$HOME*: no such domain" ]
	run bash -c 'printf "%s\n" "start \"unterminated" | vsh' x
	[ "$status" -eq 2 ]; [ "$output" = "vsh: unterminated quote" ]
}

@test "vsh: connect switches the URI for the commands that follow" {
	other=$SCRATCH/other
	vsh define "$SCRATCH/web1.xml" >/dev/null
	vc_guest_xml db1 | vdom-define -c "test://$other" >/dev/null
	run bash -c 'printf "list --all --name\nconnect test://%s\nuri\nlist --all --name\nconnect bogus\nlist --all --name\nconnect\nlist --all --name\n" "$1" | vsh' x "$other"
	[ "${lines[0]}" = web1 ]
	[ "${lines[1]}" = "test://$other" ]
	[ "${lines[2]}" = db1 ]
	[ "${lines[3]}" = "vsh: bogus: not a URI (driver:///path) nor an alias" ]
	[ "${lines[4]}" = db1 ]
	[ "${lines[5]}" = web1 ]
	# -c on the command line does the same
	run vsh -c "test://$other" list --all --name
	[ "$output" = db1 ]
	run vsh -c "test://$other" uri
	[ "$output" = "test://$other" ]
}

@test "vsh: help lists the commands; help COMMAND shows the tool's usage" {
	run vsh help
	[ "$status" -eq 0 ]
	[[ $output == *"start "*"[vdom-start]"* ]]
	[[ $output == *"capabilities "*"[vnode-info]"* ]]
	[[ $output == *"quit "* ]]
	run vsh help dominfo
	[ "$status" -eq 0 ]
	[[ $output == *"usage: vdom-info "* ]]
	run vsh help connect
	[ "$status" -eq 0 ]; [[ $output == *"usage: connect [uri]"* ]]
	run vsh help frob
	[ "$status" -eq 2 ]
}

@test "vsh: every command of help runs an existing tool and is in the completion" {
	run vsh help
	while read -r cmd _ ; do
		[ -n "$cmd" ] || continue
		# [TOOL] or [TOOL --option]: the tool, then an option it gets first
		tool=$(printf '%s\n' "${lines[@]}" | sed -n "s/^ *$cmd .*\[\(v[a-z-]*\)\( --[a-z-]*\)*\]\$/\1/p")
		# the completion's table maps the command to the tool help names
		grep -q "\[$cmd\]=${tool:-\"\"}" "$VC_TOP/completions/virtcore.bash" ||
			{ echo "completion: no $cmd${tool:+ -> $tool}"; return 1; }
	done < <(printf '%s\n' "${lines[@]:1}")
	for t in $(printf '%s\n' "$output" | sed -n 's/.*\[\(v[a-z-]*\)\( --[a-z-]*\)*\]$/\1/p'); do
		[ -x "$VC_BIN/$t" ] || { echo "no tool $t"; return 1; }
	done
}

@test "vsh: at a terminal it prompts, runs commands and keeps a history" {
	vsh define "$SCRATCH/web1.xml" >/dev/null
	vc_vsh_tty "$P" 'send=list --all\n' "$P" 'send=start nope\n' "$P" 'send=quit\n'
	[ "$status" -eq 1 ]
	[[ $output == *"vsh # "* ]]
	[[ $output == *"web1"*"shut off"* ]]
	[[ $output == *"vdom-start: nope: no such domain"* ]]
	vc_no_sanitizer_report
	[ "$(head -1 "$XDG_STATE_HOME/virtcore/vsh_history")" = _HiStOrY_V2_ ]
	grep -qx 'list\\040--all\\012' "$XDG_STATE_HOME/virtcore/vsh_history"
}

@test "vsh: at a terminal end of input leaves with the last status" {
	vc_vsh_tty "$P" 'send=start nope\n' "$P" 'send=\004'
	[ "$status" -eq 1 ]
	[[ $output == *"vsh # "* ]]
	vc_no_sanitizer_report
}

@test "vsh: the tab key completes command names and guest names" {
	vsh define "$SCRATCH/web1.xml" >/dev/null
	vc_vsh_tty "$P" 'send=doms\t' 'expect=domstate ' 'send=w\t' 'expect=web1' 'send=\n' "$P" 'send=quit\n'
	[ "$status" -eq 0 ]
	[[ $output == *"domstate web1"* ]]
	[[ $output == *"shut off"* ]]
	vc_no_sanitizer_report
}

@test "vsh: at a terminal ^C drops the line being typed, not the session" {
	vc_vsh_tty "$P" 'send=frob' 'expect=frob' 'send=\003' "$P" 'send=uri\n' "$P" 'send=quit\n'
	[ "$status" -eq 0 ]
	[[ $output != *"unknown command"* ]]
	[[ $output == *"$VIRTCORE_URI"* ]]
	vc_no_sanitizer_report
}
