#!/usr/bin/env bats
# completion: bash (completions/virtcore.bash) and zsh (completions/virtcore.zsh,
# installed as _virtcore) complete tools, options and live names: vsh's
# commands as the tools they run, PCI devices only where only PCI devices
# go, URIs from the config file's aliases and the test:/// paths there are

load common

setup() {
	vc_scratch
	vc_guest_xml web1 | vdom-define >/dev/null
	vc_guest_xml db1 | vdom-define >/dev/null
}
teardown() { vc_cleanup; }

# bash: the candidates for the words "$@" (the last one is being completed)
vc_bash() {
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
	' vc_bash "$VC_TOP" "$@" | sort
}

# zsh: the same, the completion function run with compadd recording what
# it is given (outside a completion widget compadd cannot run)
vc_zsh() {
	zsh -f -c '
		setopt extendedglob
		zmodload zsh/parameter
		top=$1; shift
		export VIRTCORE_COMPLETION_TABLE=$top/completions/virtcore.bash
		compadd() { while (( $# )) && [[ $1 != -- ]]; do shift; done; shift; print -rl -- "$@" }
		_files() { print -r -- "<files>" }
		functions[_virtcore_file]="$(<$top/completions/virtcore.zsh)"
		words=("$@"); CURRENT=$#
		_virtcore_file
	' vc_zsh "$VC_TOP" "$@" | sort
}

need_zsh() {
	command -v zsh >/dev/null || skip "zsh is not installed (apt-get install zsh)"
}

# a config file with a default and two aliases, one on a test:/// path
vc_conf() {
	export VIRTCORE_CONFIG=$SCRATCH/virtcore.conf
	cat > "$VIRTCORE_CONFIG" <<'EOF'
# aliases as in libvirt.conf
uri_default = "qemu:///system"
uri_aliases = [
  "hail=qemu+ssh://root@hail.example.com/system",
  "lab=test:///tmp/lab",
]
EOF
}

@test "completion: vsh start <TAB> gives guests, in bash and zsh" {
	run vc_bash vsh start ""
	[ "$output" = "$(printf 'db1\nweb1')" ]
	run vc_bash vsh -c "$VIRTCORE_URI" dominfo w
	[ "$output" = web1 ]
	need_zsh
	run vc_zsh vsh start ""
	[ "$output" = "$(printf 'db1\nweb1')" ]
	run vc_zsh vsh -c "$VIRTCORE_URI" dominfo w
	[ "$output" = web1 ]
}

@test "completion: vsh's first word is a command, help's too; list --<TAB> gives vdom-list's options" {
	run vc_bash vsh net-
	[[ $output == *net-list* && $output == *net-start* && $output != *web1* ]]
	run vc_bash vsh help nodedev-d
	[ "$output" = "$(printf 'nodedev-detach\nnodedev-dumpxml')" ]
	run vc_bash vsh list --
	[[ $output == *--all* && $output == *--json* && $output == *--state-running* ]]
	run vc_bash vsh net-list --tr
	[ "$output" = --transient ]
	need_zsh
	run vc_zsh vsh net-
	[[ $output == *net-list* && $output == *net-start* && $output != *web1* ]]
	run vc_zsh vsh help nodedev-d
	[ "$output" = "$(printf 'nodedev-detach\nnodedev-dumpxml')" ]
	run vc_zsh vsh list --
	[[ $output == *--all* && $output == *--json* && $output == *--state-running* ]]
}

@test "completion: vnode-detach, vnode-reattach and vnode-reset offer PCI devices only; vnode-dumpxml every device" {
	for t in vnode-detach vnode-reattach vnode-reset; do
		run vc_bash "$t" ""
		[ -n "$output" ]
		! grep -v '^pci_' <<<"$output" || false
	done
	run vc_bash vnode-dumpxml ""
	grep -qx computer <<<"$output"
	grep -q '^net_' <<<"$output"
	run vc_bash vsh nodedev-detach ""
	! grep -v '^pci_' <<<"$output" || false
	need_zsh
	run vc_zsh vnode-detach ""
	[ -n "$output" ]
	! grep -v '^pci_' <<<"$output" || false
	run vc_zsh vnode-dumpxml ""
	grep -qx computer <<<"$output"
}

@test "completion: --connect= offers the config file's aliases and default, VIRTCORE_URI, and test:/// paths" {
	vc_conf
	mkdir -p "$SCRATCH/labs/lab1" "$SCRATCH/labs/lab2"
	run vc_bash vdom-list --connect=
	grep -qx hail <<<"$output"
	grep -qx lab <<<"$output"
	grep -qx qemu:///system <<<"$output"
	grep -qx "$VIRTCORE_URI" <<<"$output"
	# qemu:///system is the default and a driver's: once
	[ "$(grep -cx qemu:///system <<<"$output")" -eq 1 ]
	run vc_bash vdom-list -c ha
	[ "$output" = hail ]
	# bash replaces what follows the last ':'
	run vc_bash vdom-list -c "test://$SCRATCH/labs/la"
	[ "$output" = "$(printf '%s\n%s' "//$SCRATCH/labs/lab1" "//$SCRATCH/labs/lab2")" ]
	run vc_bash vsh connect ha
	[ "$output" = hail ]
	need_zsh
	run vc_zsh vdom-list --connect=
	grep -qx -- --connect=hail <<<"$output"
	grep -qx -- --connect=lab <<<"$output"
	grep -qx -- "--connect=$VIRTCORE_URI" <<<"$output"
	run vc_zsh vdom-list -c "test://$SCRATCH/labs/la"
	[ "$output" = "$(printf '%s\n%s' "test://$SCRATCH/labs/lab1" "test://$SCRATCH/labs/lab2")" ]
}

@test "completion: a config file without aliases, or none, adds nothing and says nothing" {
	export VIRTCORE_CONFIG=$SCRATCH/none.conf
	run vc_bash vdom-list -c ha
	[ "$status" -eq 0 ] && [ -z "$output" ]
	printf 'uri_default = "lxc:///system"\n' > "$VIRTCORE_CONFIG"
	run vc_bash vdom-list -c l
	[ "$output" = lxc:///system ]
}

@test "completion: zsh completes tools, options, values and guests as bash does" {
	need_zsh
	run vc_zsh vdom-start ""
	[ "$output" = "$(printf 'db1\nweb1')" ]
	run vc_zsh vdom-shutdown --t
	[ "$output" = --timeout ]
	run vc_zsh vnode-list --cap=usb
	[ "$output" = "$(printf -- '--cap=usb\n--cap=usb_device')" ]
	run vc_zsh vnode-detach --driver ""
	[ "$output" = "$(printf 'pci-stub\nvfio')" ]
	run vc_zsh vdom-define ""
	[ "$output" = "<files>" ]
	other=$SCRATCH/other
	vc_guest_xml elsewhere | vdom-define -c "test://$other" >/dev/null
	run vc_zsh vdom-info -c "test://$other" ""
	[ "$output" = elsewhere ]
	# virtcore TOOL: the tools, then the tool's words
	run vc_zsh virtcore vdom-li
	[ "$output" = vdom-list ]
	run vc_zsh virtcore vdom-info ""
	[ "$output" = "$(printf 'db1\nweb1')" ]
}

@test "completion: zsh knows every tool bash knows, and compinit binds them to _virtcore" {
	need_zsh
	for t in $(make -s -C "$VC_TOP" print-tools); do
		run vc_zsh "$t" --
		[[ $output == *--help* ]] || { echo "$t: $output"; return 1; }
	done
	d=$SCRATCH/fpath
	mkdir -p "$d"
	cp "$VC_TOP/completions/virtcore.zsh" "$d/_virtcore"
	run zsh -f -c 'fpath=($1 $fpath); autoload -Uz compinit; compinit -u -D
		print -r -- $_comps[vsh] $_comps[virtcore] $_patcomps[vdom-*] $_patcomps[vnet-*] $_patcomps[vnode-*]' x "$d"
	[ "$output" = "_virtcore _virtcore _virtcore _virtcore _virtcore" ]
}

@test "completion: make install puts both completions in place, zsh's pointing at bash's tables" {
	stage=$SCRATCH/stage
	make -s -C "$VC_TOP" install DESTDIR="$stage" PREFIX=/usr MANPREFIX=/usr/share/man >/dev/null
	[ -f "$stage/usr/share/bash-completion/completions/virtcore" ]
	z=$stage/usr/share/zsh/site-functions/_virtcore
	[ -f "$z" ]
	grep -qF "'/usr/share/bash-completion/completions/virtcore'" "$z"
	! grep -q @VIRTCORE_BASH_COMPLETION@ "$z" || false
	make -s -C "$VC_TOP" uninstall DESTDIR="$stage" PREFIX=/usr MANPREFIX=/usr/share/man
	[ ! -e "$z" ]
}
