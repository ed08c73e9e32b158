# remote.bats: DRIVER+ssh:// runs the same tool on the remote host through a
# real sshd (started here on 127.0.0.1, stopped by PID), and virtcore.conf
# gives URI aliases and a default URI
load common

setup_file() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (sshd on 127.0.0.1)"
	[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed"
	D=$(mktemp -d "${BATS_TMPDIR:-/tmp}/vcssh.XXXXXX")
	export SSHD_DIR=$D
	ssh-keygen -q -t ed25519 -N '' -f "$D/host_key"
	ssh-keygen -q -t ed25519 -N '' -f "$D/user_key"
	cp "$D/user_key.pub" "$D/authorized_keys"
	# a free port: ask the kernel for one
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	echo "$PORT" > "$D/port"
	cat > "$D/sshd_config" <<CFG
Port $PORT
ListenAddress 127.0.0.1
HostKey $D/host_key
AuthorizedKeysFile $D/authorized_keys
PidFile $D/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AcceptEnv VIRTCORE_* ASAN_OPTIONS UBSAN_OPTIONS
CFG
	# the ssh of the URI's command=: this client config, a log line per session
	cat > "$D/ssh_config" <<CFG
Host *
	IdentityFile $D/user_key
	IdentitiesOnly yes
	StrictHostKeyChecking no
	UserKnownHostsFile /dev/null
	LogLevel ERROR
	SendEnv ASAN_OPTIONS UBSAN_OPTIONS
CFG
	cat > "$D/ssh" <<SH
#!/bin/sh
echo "\$*" >> "$D/sessions"
exec ssh -F "$D/ssh_config" "\$@"
SH
	chmod +x "$D/ssh"
	mkdir -p /run/sshd
	/usr/sbin/sshd -f "$D/sshd_config" -E "$D/sshd.log"
	# poll until it answers (bounded)
	i=0
	until "$D/ssh" -p "$PORT" -o BatchMode=yes root@127.0.0.1 true 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$D/sshd.log" >&3; return 1; }
		sleep 0.1
	done
	: > "$D/sessions"
}

teardown_file() {
	[ -n "${SSHD_DIR:-}" ] || return 0
	[ -f "$SSHD_DIR/sshd.pid" ] && kill "$(cat "$SSHD_DIR/sshd.pid")" 2>/dev/null
	rm -rf "$SSHD_DIR"
}

setup() {
	vc_scratch
	PORT=$(cat "$SSHD_DIR/port")
	# the remote side is this machine: the same test:/// host, seen over ssh
	R="test+ssh://root@127.0.0.1:$PORT$SCRATCH?command=$SSHD_DIR/ssh&bindir=$VC_BIN&no_tty=1"
	: > "$SSHD_DIR/sessions"
}

teardown() {
	vc_cleanup
}

sessions() {
	wc -l < "$SSHD_DIR/sessions" | tr -d ' '
}

@test "remote: define from stdin, start, list and dumpxml run on the remote host" {
	run sh -c 'vc_guest_xml() { cat; }; cat' < /dev/null
	vc_guest_xml web1 > "$SCRATCH/web1.xml"
	run vdom-define -c "$R" < "$SCRATCH/web1.xml"
	[ "$status" -eq 0 ]
	[ "$output" = "changed" ]
	run vdom-start -c "$R" web1
	[ "$status" -eq 0 ]
	[ "$output" = "changed" ]
	run vdom-list -c "$R"
	[ "$status" -eq 0 ]
	[[ $output == *"web1"*"running"* ]]
	# the remote host's own state, read locally
	[ "$(vdom-state web1)" = "running" ]
	run vdom-dumpxml -c "$R" web1
	[ "$status" -eq 0 ]
	[[ $output == *"<name>web1</name>"* ]]
	vc_no_sanitizer_report
}

@test "remote: a local file operand is read here and sent on stdin" {
	vc_guest_xml db1 > "$SCRATCH/db1.xml"
	cd /
	run vdom-define -c "$R" "$SCRATCH/db1.xml"
	[ "$status" -eq 0 ]
	[ "$output" = "changed" ]
	grep -q -- ' -$' "$SSHD_DIR/sessions"
	[ "$(vdom-list --all --name)" = "db1" ]
}

@test "remote: the remote exit status comes back unchanged" {
	run vdom-start -c "$R" nosuch
	[ "$status" -eq 1 ]
	[[ $output == *"nosuch"* ]]
	run vdom-list -c "$R" --bogus-option
	[ "$status" -eq 2 ]
	vc_guest_xml web1 | vdom-define >/dev/null
	run vdom-undefine -c "$R" --if-exists nosuch
	[ "$status" -eq 0 ]
	[ "$output" = "unchanged" ]
}

@test "remote: one ssh session per tool run, however many guests" {
	for i in 1 2 3 4 5 6 7 8; do vc_guest_xml "g$i" | vdom-define >/dev/null; done
	: > "$SSHD_DIR/sessions"
	run vdom-list -c "$R" --all --name
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 8 ]
	[ "$(sessions)" -eq 1 ]
}

@test "remote: an unreachable host is one line naming the URI, exit 1" {
	P2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	U="test+ssh://root@127.0.0.1:$P2/tmp/x?command=$SSHD_DIR/ssh&no_tty=1"
	run vdom-list -c "$U"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ]
	[[ $output == "vdom-list: test+ssh://root@127.0.0.1:$P2/tmp/x"*"ssh to 127.0.0.1 failed"*"refused"* ]]
}

@test "remote: a bad transport or a missing host is a usage error" {
	run vdom-list -c "test+tls://h/tmp/x"
	[ "$status" -eq 2 ]
	[[ $output == *"unknown transport 'tls'"* ]]
	run vdom-list -c "test+ssh:///tmp/x"
	[ "$status" -eq 2 ]
	[[ $output == *"needs a host"* ]]
}

@test "remote: vsh runs its command on the remote host" {
	vc_guest_xml web1 | vdom-define >/dev/null
	run vsh -c "$R" list --all --name
	[ "$status" -eq 0 ]
	[ "$output" = "web1" ]
	[ "$(sessions)" -eq 1 ]
}

@test "remote: --dry-run shows the ssh command line on stderr" {
	run vdom-list -c "$R" --dry-run --all
	[ "$status" -eq 0 ]
	[[ $output == *"$SSHD_DIR/ssh -p $PORT -l root"*"-- 127.0.0.1"* ]]
}

@test "config: uri_aliases name URIs, remote ones included; uri_default is the default" {
	vc_guest_xml web1 | vdom-define >/dev/null
	cat > "$SCRATCH/virtcore.conf" <<CFG
# as in libvirt.conf
uri_aliases = [
  "lab=$R",
  'local=test://$SCRATCH',   # a comment
]
uri_default = "test://$SCRATCH"
CFG
	export VIRTCORE_CONFIG=$SCRATCH/virtcore.conf
	run vdom-list -c lab --all --name
	[ "$status" -eq 0 ]
	[ "$output" = "web1" ]
	[ "$(sessions)" -eq 1 ]
	run vdom-list -c local --all --name
	[ "$output" = "web1" ]
	[ "$(sessions)" -eq 1 ]
	# the default comes from the file when VIRTCORE_URI is unset ...
	run env -u VIRTCORE_URI vdom-list --all --name
	[ "$status" -eq 0 ]
	[ "$output" = "web1" ]
	# ... the environment overrides the file, and -c overrides both
	mkdir "$SCRATCH/other"
	run env VIRTCORE_URI="test://$SCRATCH/other" vdom-list --all --name
	[ "$output" = "" ]
	run env VIRTCORE_URI="test://$SCRATCH/other" vdom-list -c local --all --name
	[ "$output" = "web1" ]
}

@test "config: a bad file is one line with its line number; an unknown alias is named" {
	printf 'uri_default = "test:///tmp/x"\nuri_aliases = [\n  "ok=test:///tmp/y",\n  "bad name=test:///z",\n]\n' > "$SCRATCH/bad.conf"
	run env VIRTCORE_CONFIG="$SCRATCH/bad.conf" vdom-list
	[ "$status" -eq 1 ]
	[ "$output" = "vdom-list: $SCRATCH/bad.conf:4: uri_aliases: an alias name has only letters, digits, _ - and ." ]
	printf 'uri_default = "test:///tmp/x\n' > "$SCRATCH/bad2.conf"
	run env VIRTCORE_CONFIG="$SCRATCH/bad2.conf" vdom-list
	[ "$status" -eq 1 ]
	[[ $output == *"bad2.conf:1: unterminated string" ]]
	printf 'uri_aliases = [ "a=test:///tmp/a" ]\n' > "$SCRATCH/ok.conf"
	run env VIRTCORE_CONFIG="$SCRATCH/ok.conf" vdom-list -c nosuch
	[ "$status" -eq 2 ]
	[[ $output == *"nosuch: not a URI (driver:///path) nor an alias of $SCRATCH/ok.conf" ]]
}
