# ansible.bats: tests/ansible/site.yml run with Debian's ansible-core against
# localhost: the first run changes, the second reports changed=0, and check
# mode (--check --diff) changes nothing and shows the diff
load common

setup() {
	command -v ansible-playbook >/dev/null || skip "ansible-core is not installed"
	vc_scratch
	export ANSIBLE_NOCOLOR=1 ANSIBLE_HOST_KEY_CHECKING=0 ANSIBLE_LOCAL_TEMP=$SCRATCH/.ansible-tmp
	export ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_RETRY_FILES_ENABLED=0
}

teardown() {
	vc_cleanup
}

play() {
	ansible-playbook -i localhost, -c local "$VC_TOP/tests/ansible/site.yml" \
	    -e "vc_uri=$VIRTCORE_URI" -e "vc_bin=$VC_BIN" "$@"
}

recap() {
	printf '%s\n' "$output" | grep '^localhost' | sed 's/  */ /g'
}

@test "ansible: the first run changes, the second reports changed=0" {
	run play
	[ "$status" -eq 0 ]
	[[ $(recap) == *"changed=5 "*"failed=0"* ]]
	[ "$(vdom-state web1)" = "running" ]
	vnet-hostdev-list | grep -q "0000:04:10.4.*web1"
	run play
	[ "$status" -eq 0 ]
	[[ $(recap) == *"changed=0 "*"failed=0"* ]]
}

@test "ansible: check mode with --diff shows the change and changes nothing" {
	run play
	[ "$status" -eq 0 ]
	before=$(cat "$SCRATCH"/conf/*.xml | md5sum)
	run play --check --diff -e memory_mib=512
	[ "$status" -eq 0 ]
	[[ $(recap) == *"changed=1 "*"failed=0"* ]]
	[[ $output == *"-  <memory unit='KiB'>262144</memory>"* ]]
	[[ $output == *"+  <memory unit='KiB'>524288</memory>"* ]]
	[ "$(cat "$SCRATCH"/conf/*.xml | md5sum)" = "$before" ]
	[ "$(vdom-info --json web1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["max_memory_kib"])')" = "262144" ]
}

@test "ansible: check mode on an empty host defines nothing" {
	run play --check
	[ "$status" -eq 0 ]
	[[ $(recap) == *"failed=0"* ]]
	[ -z "$(vdom-list --all --name)" ]
	[ -z "$(vnet-list --all --name)" ]
}
