# virtcore.bash: bash completion for the virtcore tools (vdom-*, and the
# families added later: one completion function per family, one table line
# per tool)
#
# A table line is "KIND OPTION...": KIND says what the operand is
# (domain, network, device, pci (a PCI node device), snapshot, file, vshcmd,
# or none), each OPTION is a long option; an option that
# takes a value is written --option=KIND, where KIND is domain, file, uri,
# none, or the words it may be, separated by '|'. -c/--connect, -h/--help
# and --version are common to every tool and added here. A new tool of a family is one
# line in its table; a new family is a table, a _virtcore_FAMILY_complete
# function naming its list command, and a word in _virtcore_families.

_virtcore_families="vdom vnode vnet"

declare -gA _virtcore_vdom=(
	[vdom-attach-device]="domain --live --config --persistent --check"
	[vdom-autostart]="domain --check --disable"
	[vdom-console]="domain --log"
	[vdom-define]="file --check --diff --print-name --validate"
	[vdom-destroy]="domain --check"
	[vdom-detach-device]="domain --live --config --persistent --check --if-exists"
	[vdom-dumpxml]="domain --inactive"
	[vdom-edit]="domain"
	[vdom-info]="domain --json"
	[vdom-list]="none --all --inactive --state-running --state-paused --state-shutoff --state-other --autostart --no-autostart --with-managed-save --without-managed-save --managed-save --name --uuid --json"
	[vdom-reboot]="domain --check"
	[vdom-reset]="domain --check"
	[vdom-resume]="domain --check"
	[vdom-shutdown]="domain --check --timeout=none"
	[vdom-start]="domain --check --autostart-all"
	[vdom-state]="domain --json"
	[vdom-suspend]="domain --check"
	[vdom-to-native]="file --format=qemu-argv --domain=domain --strict"
	[vdom-from-native]="file --format=qemu-argv --strict"
	[vdom-undefine]="domain --check --if-exists"
	[vdom-validate]="file"
	[vdom-stats]="domain --state --cpu-total --balloon --vcpu --interface --block --list-active --list-inactive --list-running --list-paused --list-shutoff --list-other --json"
	[vdom-blklist]="domain --details --inactive --json"
	[vdom-iflist]="domain --inactive --json"
	[vdom-memstat]="domain --json"
	[vdom-vcpuinfo]="domain --json"
	[vdom-snapshot-create]="domain --check --disk-only --name=none --description=none --print-name"
	[vdom-snapshot-list]="domain --json --tree --name --parent"
	[vdom-snapshot-dumpxml]="snapshot"
	[vdom-snapshot-revert]="snapshot --check"
	[vdom-snapshot-delete]="snapshot --check --children --metadata"
	[vdom-capabilities]="none --virttype=qemu|kvm --emulatorbin=file --arch=none --machine=none"
	[vdom-exec]="domain"
	[vdom-screenshot]="domain --screen=none"
	[vdom-sendkey]="domain --codeset=linux|xt|atset1|atset2|atset3|os_x|xt_kbd|usb|win32|rfb|qnum --holdtime=none"
	[vdom-setmem]="domain --config --live --current --check"
	[vdom-setmaxmem]="domain --config --live --current --check"
	[vdom-setvcpus]="domain --config --live --current --maximum --check"
	[vdom-save]="domain --check --running --paused"
	[vdom-restore]="file --check --running --paused --print-name"
	[vdom-managedsave]="domain --check --running --paused"
	[vdom-managedsave-remove]="domain --check"
	[vdom-rename]="domain --check"
	# guest operands, so they complete from vdom-list
	[vnet-hostdev-attach]="domain --check --live --config --persistent --pci=none --network=none --mac=none --vlan=none"
	[vnet-hostdev-detach]="domain --check --live --config --persistent --if-exists --pci=none --mac=none"
	[vnet-hostdev-list]="none --owner=domain --json"
	# the shell: a command of _virtcore_vsh_cmds, then that tool's words
	[vsh]="vshcmd"
)

# vsh's commands and the tool each runs (lib/shell.c); "" for its own
declare -gA _virtcore_vsh_cmds=(
	[list]=vdom-list [define]=vdom-define [undefine]=vdom-undefine
	[start]=vdom-start [shutdown]=vdom-shutdown [destroy]=vdom-destroy
	[reboot]=vdom-reboot [suspend]=vdom-suspend [resume]=vdom-resume
	[dumpxml]=vdom-dumpxml [dominfo]=vdom-info [domstate]=vdom-state
	[autostart]=vdom-autostart [edit]=vdom-edit [validate]=vdom-validate
	[attach-device]=vdom-attach-device [detach-device]=vdom-detach-device
	[console]=vdom-console
	[screenshot]=vdom-screenshot [send-key]=vdom-sendkey
	[setmem]=vdom-setmem [setmaxmem]=vdom-setmaxmem [setvcpus]=vdom-setvcpus
	[save]=vdom-save [restore]=vdom-restore [managedsave]=vdom-managedsave
	[managedsave-remove]=vdom-managedsave-remove [domrename]=vdom-rename
	[net-list]=vnet-list [net-define]=vnet-define [net-undefine]=vnet-undefine
	[net-start]=vnet-start [net-destroy]=vnet-destroy [net-dumpxml]=vnet-dumpxml
	[net-autostart]=vnet-autostart
	[nodedev-list]=vnode-list [nodedev-dumpxml]=vnode-dumpxml
	[nodedev-detach]=vnode-detach [nodedev-reattach]=vnode-reattach
	[nodedev-reset]=vnode-reset [capabilities]=vnode-info
	[domcapabilities]=vdom-capabilities [nodeinfo]=vnode-info
	[connect]="" [uri]="" [help]="" [quit]="" [exit]=""
)

declare -gA _virtcore_vnode=(
	[vnode-detach]="pci --driver=vfio|pci-stub --force --check"
	[vnode-dumpxml]="device"
	[vnode-info]="none --summary --json"
	[vnode-list]="none --cap=pci|net|usb_device|usb|system --tree --name --json"
	[vnode-reattach]="pci --check"
	[vnode-reset]="pci"
	[vnode-validate]="file"
)

declare -gA _virtcore_vnet=(
	[vnet-autostart]="network --check --disable"
	[vnet-define]="file --check --diff --print-name --validate"
	[vnet-destroy]="network --check"
	[vnet-dumpxml]="network --inactive"
	[vnet-list]="none --all --inactive --autostart --no-autostart --persistent --transient --name --uuid --json"
	[vnet-start]="network --check"
	[vnet-undefine]="network --check --if-exists"
)

_virtcore_uris="test:///default test:/// qemu:///system qemu:///session"
_virtcore_uris="$_virtcore_uris vbox:///session vz:///system"
_virtcore_uris="$_virtcore_uris lxc:///system"
_virtcore_uris="$_virtcore_uris esx:// gsx:// vpx://"
_virtcore_uris="$_virtcore_uris phyp:// hyperv://"
_virtcore_uris="$_virtcore_uris xen:///system xen:///session bhyve:///system bhyve:///session"
_virtcore_uris="$_virtcore_uris vmwarews:///session vmwareplayer:///session vmwarefusion:///session"

# the config file the tools read (lib/remote/conf.c): its uri_default and
# the names of its uri_aliases, one a line
_virtcore_conf_uris() {
	local f=${VIRTCORE_CONFIG-}
	if [[ -z $f ]]; then
		if ((EUID == 0)); then
			f=/etc/virtcore/virtcore.conf
		elif [[ ${XDG_CONFIG_HOME-} == /* ]]; then
			f=$XDG_CONFIG_HOME/virtcore/virtcore.conf
		else
			f=${HOME:-/tmp}/.config/virtcore/virtcore.conf
		fi
	fi
	[[ -r $f ]] || return 0
	awk '
	{ sub(/^[ \t]*#.*/, ""); s = s " " $0 }
	END {
		if (match(s, /uri_default[ \t]*=[ \t]*"[^"]*"/)) {
			d = substr(s, RSTART, RLENGTH); sub(/^[^"]*"/, "", d); sub(/"$/, "", d); print d
		}
		if (match(s, /uri_aliases[ \t]*=[ \t]*\[[^]]*\]/)) {
			a = substr(s, RSTART, RLENGTH)
			while (match(a, /"[^"]*"/)) {
				v = substr(a, RSTART + 1, RLENGTH - 2); a = substr(a, RSTART + RLENGTH)
				sub(/=.*/, "", v); print v
			}
		}
	}' "$f" 2>/dev/null
}

# URIs for -c: the drivers', the config file's default and aliases, the one
# in VIRTCORE_URI, and test:///PATH as the directories below PATH
_virtcore_uri_words() {
	local cur=$1 d
	local -a w
	read -r -a w <<<"$_virtcore_uris"
	w+=($(_virtcore_conf_uris))
	[[ -n ${VIRTCORE_URI-} ]] && w+=("$VIRTCORE_URI")
	if [[ $cur == test://?* ]]; then
		while IFS= read -r d; do
			w+=("test://$d")
		done < <(compgen -d -- "${cur#test://}")
	fi
	COMPREPLY=($(compgen -W "${w[*]}" -- "$cur" | awk '!seen[$0]++'))
}

# bash replaces only the part of the word after its last ':' or '='
_virtcore_trim() {
	local cur=$1 pre
	if [[ -n ${COMP_LINE-} && $cur == *[:=]* ]]; then
		pre=${cur%"${cur##*[:=]}"}
		COMPREPLY=("${COMPREPLY[@]#"$pre"}")
	fi
}

# bash splits words at ':' and '=' (COMP_WORDBREAKS), which cuts URIs
# apart: split the line at blanks only. Sets words and cword.
_virtcore_words() {
	local line
	if [[ -n ${COMP_LINE-} ]]; then
		line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}}
		read -r -a words <<<"$line"
		[[ -z $line || $line == *[[:space:]] ]] && words+=("")
		cword=$((${#words[@]} - 1))
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
}

# the -c URI already on the command line, so names come from the same host
_virtcore_uri() {
	local i w
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		-c | --connect) ((i + 1 < cword)) && uri=${words[i + 1]} ;;
		--connect=*) uri=${w#--connect=} ;;
		-c?*) uri=${w#-c} ;;
		esac
	done
}

# names printed one per line by a list command, filtered by $cur
_virtcore_names() {
	local uri= n
	_virtcore_uri
	while IFS= read -r n; do
		[[ $n == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$n")")
	done < <("$@" ${uri:+-c "$uri"} 2>/dev/null)
}

# GUEST SNAPSHOT operands: the guest from the list command, then that
# guest's snapshots from vdom-snapshot-list beside it
_virtcore_snapshot() {
	local i w guest= n=0
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		-c | --connect) ((i++)) ;;
		-*) ;;
		*) ((n++)) ; guest=$w ;;
		esac
	done
	if ((n == 0)); then
		_virtcore_names "${list[@]}"
	elif ((n == 1)); then
		_virtcore_names "${list[0]%vdom-list}vdom-snapshot-list" --name "$guest"
	fi
}

# complete the word $2 as a value of kind $1: domain, file, uri, none, or
# words separated by '|'
_virtcore_value() {
	local what=$1 cur=$2
	case $what in
	domain | device | network) _virtcore_names "${list[@]}" ;;
	pci) _virtcore_names "${list[@]}" --cap pci ;;
	vshcmd) COMPREPLY=($(compgen -W "$(printf '%s\n' "${!_virtcore_vsh_cmds[@]}" | sort)" -- "$cur")) ;;
	snapshot) _virtcore_snapshot ;;
	file)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.xml' -- "$cur"))
		;;
	uri) _virtcore_uri_words "$cur" ;;
	none | "") ;;
	*) COMPREPLY=($(compgen -W "${what//|/ }" -- "$cur")) ;;
	esac
}

# shared by every family: $1 is the table line, the rest the command that
# lists the family's names
_virtcore_complete() {
	local line=$1 cur prev= kind opt o
	local -a opts words list=("${@:2}")
	local cword
	_virtcore_words
	cur=${words[cword]}
	((cword > 0)) && prev=${words[cword - 1]}
	COMPREPLY=()
	read -r kind opt <<<"$line"
	read -r -a opts <<<"$opt --connect=uri --dry-run --help --version"
	[[ $prev == -c ]] && prev=--connect

	if [[ $cur == --*=* ]]; then
		# --option=value in one word
		for o in "${opts[@]}"; do
			[[ $o == *=* && ${cur%%=*} == "${o%%=*}" ]] || continue
			_virtcore_value "${o#*=}" "${cur#*=}"
			COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
		done
	elif [[ $prev == --* && " ${opts[*]} " == *" $prev="* ]]; then
		# the value of the option before
		for o in "${opts[@]}"; do
			[[ $o == "$prev="* ]] && _virtcore_value "${o#*=}" "$cur"
		done
	elif [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-c -h ${opts[*]%%=*}" -- "$cur"))
	else
		_virtcore_value "$kind" "$cur"
	fi

	_virtcore_trim "$cur"
	return 0
}

# a family's list tool, taken next to the tool when that was typed with a path
_virtcore_dir() {
	[[ $1 == */* ]] && printf '%s/' "${1%/*}"
}

# vsh [-c URI] COMMAND ...: the words after the command complete as those
# of the tool it runs (with the -c typed before it), help as a command
_virtcore_vsh_complete() {
	local -a words
	local cword i w at=0 tool line fam
	_virtcore_words
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		-c | --connect) ((i++)) ;;
		-*) ;;
		*) at=$i; break ;;
		esac
	done
	if ((at == 0)); then
		_virtcore_complete "${_virtcore_vdom[vsh]}" "$(_virtcore_dir "$1")vdom-list" --all --name
		return
	fi
	w=${words[at]}
	COMPREPLY=()
	[[ -n ${_virtcore_vsh_cmds[$w]+x} ]] || return 0
	tool=${_virtcore_vsh_cmds[$w]}
	if [[ -z $tool ]]; then
		((cword == at + 1)) || return 0
		case $w in
		help) COMPREPLY=($(compgen -W "$(printf '%s\n' "${!_virtcore_vsh_cmds[@]}" | sort)" -- "${words[cword]}")) ;;
		connect) _virtcore_uri_words "${words[cword]}"; _virtcore_trim "${words[cword]}" ;;
		esac
		return 0
	fi
	# the line the tool would be completed on
	line="$(_virtcore_dir "$1")$tool"
	for ((i = 1; i <= cword; i++)); do
		((i == at)) || line+=" ${words[i]}"
	done
	fam=${tool%%-*}
	COMP_LINE=$line COMP_POINT=${#line} "_virtcore_${fam}_complete" "$(_virtcore_dir "$1")$tool"
}

_virtcore_vdom_complete() {
	[[ ${1##*/} == vsh ]] && { _virtcore_vsh_complete "$1"; return; }
	_virtcore_complete "${_virtcore_vdom[${1##*/}]}" "$(_virtcore_dir "$1")vdom-list" --all --name
}

_virtcore_vnode_complete() {
	_virtcore_complete "${_virtcore_vnode[${1##*/}]}" "$(_virtcore_dir "$1")vnode-list" --name
}

_virtcore_vnet_complete() {
	_virtcore_complete "${_virtcore_vnet[${1##*/}]}" "$(_virtcore_dir "$1")vnet-list" --all --name
}

# register every tool of every family's table
_virtcore_register() {
	local fam t
	for fam in $_virtcore_families; do
		local -n _virtcore_tbl=_virtcore_$fam
		for t in "${!_virtcore_tbl[@]}"; do
			complete -F "_virtcore_${fam}_complete" "$t"
		done
		unset -n _virtcore_tbl
	done
}
_virtcore_register
