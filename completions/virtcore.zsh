#compdef -p vdom-* vnet-* vnode-* -N vsh virtcore
# virtcore.zsh: zsh completion for the virtcore tools, installed as
# _virtcore in a directory of $fpath (make install: PREFIX/share/zsh/site-functions).
#
# It reads its tables from the bash completion (virtcore.bash: one line per
# tool, "KIND OPTION...", see there), so the two never disagree: the file
# named by VIRTCORE_COMPLETION_TABLE, else the one make install put beside
# this, else virtcore.bash next to this file (the source tree).

# the tables: _vc_spec[TOOL]="KIND OPTION...", _vc_vsh[COMMAND]=TOOL, _vc_uris
_virtcore_load() {
	emulate -L zsh
	setopt extendedglob
	local f line tok block=
	typeset -gA _vc_spec _vc_vsh
	typeset -ga _vc_uris
	for f in ${VIRTCORE_COMPLETION_TABLE-} '@VIRTCORE_BASH_COMPLETION@' \
	    ${functions_source[_virtcore]:h}/virtcore.bash; do
		[[ -r $f ]] && break
	done
	[[ -r $f ]] || return 1
	while IFS= read -r line; do
		if [[ $line == (#b)'declare -gA '([a-z_]##)'=('* ]]; then
			block=$match[1]
		elif [[ $line == ')' ]]; then
			block=
		elif [[ $line == (#b)'_virtcore_uris="'(*)'"' ]]; then
			_vc_uris+=(${=${match[1]#\$_virtcore_uris }})
		elif [[ $block == _virtcore_vsh_cmds ]]; then
			# several [command]=tool on a line; "" for vsh's own
			for tok in ${=line}; do
				[[ $tok == (#b)'['([^]]##)']='(*) ]] || continue
				_vc_vsh[$match[1]]=${${match[2]:#\"\"}:--}
			done
		elif [[ -n $block && $line == (#b)[[:space:]]#'['([^]]##)']="'(*)'"' ]]; then
			_vc_spec[$match[1]]=$match[2]
		fi
	done < $f
	typeset -g _vc_loaded=1
}

# the config file's uri_default and alias names, one a line
_virtcore_conf_uris() {
	emulate -L zsh
	setopt extendedglob
	local f=${VIRTCORE_CONFIG-} s
	if [[ -z $f ]]; then
		if (( EUID == 0 )); then
			f=/etc/virtcore/virtcore.conf
		elif [[ ${XDG_CONFIG_HOME-} == /* ]]; then
			f=$XDG_CONFIG_HOME/virtcore/virtcore.conf
		else
			f=${HOME:-/tmp}/.config/virtcore/virtcore.conf
		fi
	fi
	[[ -r $f ]] || return 0
	s=${(j: :)${(f)"$(<$f)"}:#[[:space:]]#\#*}
	[[ $s == (#b)*uri_default[[:space:]]#=[[:space:]]#\"([^\"]#)\"* ]] && print -r -- $match[1]
	if [[ $s == (#b)*uri_aliases[[:space:]]#=[[:space:]]#\[([^]]#)\]* ]]; then
		s=$match[1]
		while [[ $s == (#b)[^\"]#\"([^\"]#)\"(*) ]]; do
			print -r -- ${match[1]%%=*}
			s=$match[2]
		done
	fi
}

# add the candidates "$@" that start with $cur
_virtcore_add() {
	local -a m
	m=(${(M)@:#${(b)cur}*})
	(( $#m )) && compadd -- $m
	return 0
}

# the -c URI among the words before the current one
_virtcore_uri() {
	local i
	uri=
	for (( i = 2; i < cw; i++ )); do
		case $w[i] in
		-c|--connect) (( i + 1 < cw )) && uri=$w[i+1] ;;
		--connect=*) uri=${w[i]#--connect=} ;;
		-c?*) uri=${w[i]#-c} ;;
		esac
	done
}

# the names a list tool prints (next to the tool when typed with a path)
_virtcore_names() {
	local uri dir=
	local -a c
	_virtcore_uri
	[[ -n $uri ]] && c=(-c $uri)
	[[ $w[1] == */* ]] && dir=${w[1]%/*}/
	_virtcore_add ${(f)"$(${dir}$1 ${=2} $c 2>/dev/null)"}
}

_virtcore_uris() {
	local -a c d
	c=($_vc_uris ${(f)"$(_virtcore_conf_uris)"} ${VIRTCORE_URI-})
	# test:///PATH: the directories there
	if [[ $cur == test://?* ]]; then
		d=(${(b)cur#test://}*(N/))
		c+=(test://$^d)
	fi
	_virtcore_add ${(u)c}
}

# a value or operand of kind $1
_virtcore_value() {
	local n=0 i guest
	case $1 in
	domain) _virtcore_names vdom-list '--all --name' ;;
	network) _virtcore_names vnet-list '--all --name' ;;
	device) _virtcore_names vnode-list --name ;;
	pci) _virtcore_names vnode-list '--name --cap pci' ;;
	snapshot)
		for (( i = 2; i < cw; i++ )); do
			case $w[i] in
			-c|--connect) (( i++ )) ;;
			-*) ;;
			*) (( n++ )); guest=$w[i] ;;
			esac
		done
		if (( n == 0 )); then
			_virtcore_names vdom-list '--all --name'
		elif (( n == 1 )); then
			_virtcore_names vdom-snapshot-list "--name $guest"
		fi
		;;
	file) _files -g '*.xml' ;;
	uri) _virtcore_uris ;;
	vshcmd) _virtcore_add ${(ok)_vc_vsh} ;;
	none|'') ;;
	*) _virtcore_add ${(s:|:)1} ;;
	esac
}

# complete word cw of the words w as the tool w[1]
_virtcore_tool() {
	local spec kind cur prev o
	local -a opts
	spec=${_vc_spec[${w[1]:t}]-}
	[[ -n $spec ]] || return 1
	kind=${spec%% *}
	opts=(${=spec#$kind} --connect=uri --dry-run --help --version)
	cur=$w[cw]
	prev=$w[cw-1]
	[[ $prev == -c ]] && prev=--connect
	if [[ $cur == --*=* ]]; then
		for o in $opts; do
			[[ $o == *=* && ${cur%%=*} == ${o%%=*} ]] || continue
			# the value's candidates, each then with the option before it
			local pre=${cur%%=*}= v
			cur=${cur#*=}
			v=$(compadd() {
				while (( $# )) && [[ $1 != -- ]]; do shift; done
				shift
				print -rl -- "$@"
			}; _virtcore_value ${o#*=})
			cur=$pre$cur
			[[ -n $v ]] && _virtcore_add $pre${^${(f)v}}
		done
	elif [[ $prev == --* && " $opts " == *" $prev="* ]]; then
		for o in $opts; do
			[[ $o == $prev=* ]] && _virtcore_value ${o#*=}
		done
	elif [[ $cur == -* ]]; then
		_virtcore_add -c -h ${opts%%=*}
	else
		_virtcore_value $kind
	fi
	return 0
}

_virtcore() {
	local -a w
	local cw i at=0 t
	(( $+_vc_loaded )) || _virtcore_load || return 1
	w=("${words[@]}")
	cw=$CURRENT
	# virtcore TOOL ...: the tool's words
	if [[ ${w[1]:t} == virtcore ]]; then
		if (( cw == 2 )); then
			local cur=$w[2]
			_virtcore_add ${(ok)_vc_spec}
			return 0
		fi
		w[1]=()
		(( cw-- ))
	fi
	# vsh [-c URI] COMMAND ...: the tool the command runs, the -c kept
	if [[ ${w[1]:t} == vsh ]]; then
		for (( i = 2; i < cw; i++ )); do
			case $w[i] in
			-c|--connect) (( i++ )) ;;
			-*) ;;
			*) at=$i; break ;;
			esac
		done
		if (( at )); then
			t=${_vc_vsh[$w[at]]-}
			if [[ -z $t || $t == - ]]; then
				local cur=$w[cw]
				(( cw == at + 1 )) || return 0
				case $w[at] in
				help) _virtcore_add ${(ok)_vc_vsh} ;;
				connect) _virtcore_uris ;;
				esac
				return 0
			fi
			[[ $w[1] == */* ]] && t=${w[1]%/*}/$t
			w[at]=()
			w[1]=$t
			(( cw-- ))
		fi
	fi
	_virtcore_tool
}

_virtcore "$@"
