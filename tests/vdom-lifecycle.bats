#!/usr/bin/env bats
# vdom-start, vdom-shutdown, vdom-destroy, vdom-reboot, vdom-suspend,
# vdom-resume on the test driver: idempotent, exact exit codes
load common

setup() {
	vc_scratch
	vc_guest_xml web1 | vdom-define >/dev/null
}
teardown() { vc_cleanup; }

@test "vdom-start: starting a defined guest is changed, again unchanged" {
	run vdom-start web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	run vdom-start web1
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	[ "$(vdom-state web1)" = running ]
}

@test "vdom-start: --check reports changed and starts nothing" {
	run vdom-start --check web1
	[ "$output" = changed ]
	[ "$(vdom-state web1)" = "shut off" ]
}

@test "vdom-start: a missing guest is exit 1, no such domain" {
	run vdom-start nope
	[ "$status" -eq 1 ]; [ "$output" = "vdom-start: nope: no such domain" ]
}

@test "vdom-start: by uuid" {
	u=$(vdom-list --all --uuid)
	run vdom-start "$u"
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(vdom-state web1)" = running ]
}

@test "vdom-start: usage errors exit 2" {
	run vdom-start
	[ "$status" -eq 2 ]
	run vdom-start a b
	[ "$status" -eq 2 ]
	run vdom-start --timeout 3 web1
	[ "$status" -eq 2 ]
}

@test "vdom-start: each start gets a new id" {
	vdom-start web1
	id1=$(vdom-list | cut -f1)
	vdom-destroy web1
	vdom-start web1
	id2=$(vdom-list | cut -f1)
	[ "$id1" -ge 1 ]; [ "$id2" -gt "$id1" ]
}

@test "vdom-shutdown: a running guest shuts off; a stopped one is unchanged" {
	vdom-start web1
	run vdom-shutdown web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(vdom-state web1)" = "shut off" ]
	run vdom-shutdown web1
	[ "$status" -eq 0 ]; [ "$output" = unchanged ]
	run vdom-shutdown --timeout 5 web1
	[ "$status" -eq 0 ]
	run vdom-shutdown --timeout soon web1
	[ "$status" -eq 2 ]
}

@test "vdom-destroy: stops at once; idempotent; missing guest exit 1" {
	vdom-start web1
	run vdom-destroy web1
	[ "$output" = changed ]
	run vdom-destroy web1
	[ "$output" = unchanged ]
	run vdom-destroy nope
	[ "$status" -eq 1 ]
	[ ! -e "$SCRATCH/run/web1.state" ]
}

@test "vdom-suspend, vdom-resume: pause and continue, idempotent" {
	run vdom-suspend web1
	[ "$status" -eq 1 ]; [[ "$output" == *"not running"* ]]
	vdom-start web1
	run vdom-suspend web1
	[ "$output" = changed ]; [ "$(vdom-state web1)" = paused ]
	run vdom-suspend web1
	[ "$output" = unchanged ]
	run vdom-resume web1
	[ "$output" = changed ]; [ "$(vdom-state web1)" = running ]
	run vdom-resume web1
	[ "$output" = unchanged ]
}

@test "vdom-reboot: only a running guest reboots" {
	run vdom-reboot web1
	[ "$status" -eq 1 ]; [[ "$output" == *"not running"* ]]
	vdom-start web1
	id=$(vdom-list | cut -f1)
	run vdom-reboot web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(vdom-list | cut -f1)" = "$id" ]
	[ "$(vdom-state web1)" = running ]
}

@test "vdom-reset: only a running guest resets; a paused one runs after it" {
	run vdom-reset web1
	[ "$status" -eq 1 ]; [ "$output" = "vdom-reset: web1: domain is not running" ]
	vdom-start web1
	vdom-suspend web1
	id=$(vdom-list | cut -f1)
	run vdom-reset --check web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(vdom-state web1)" = paused ]
	run vdom-reset web1
	[ "$status" -eq 0 ]; [ "$output" = changed ]
	[ "$(vdom-list | cut -f1)" = "$id" ]
	[ "$(vdom-state web1)" = running ]
	run vdom-reset nosuch
	[ "$status" -eq 1 ]; [ "$output" = "vdom-reset: nosuch: no such domain" ]
}

@test "vdom-lifecycle: separate runs see each other's state" {
	vdom-start web1
	run vdom-list
	[ "$output" = "$(printf '1\tweb1\trunning')" ]
	vdom-suspend web1
	run vdom-list --state-paused --name
	[ "$output" = web1 ]
}

@test "vdom-lifecycle: a locked guest is exit 75 for every changer" {
	exec 9> "$SCRATCH/conf/.web1.lock"
	flock 9
	for t in vdom-start vdom-destroy vdom-undefine vdom-autostart; do
		VIRTCORE_LOCK_WAIT_MS=50 run $t web1
		[ "$status" -eq 75 ] || { echo "$t: $status $output"; return 1; }
	done
	exec 9>&-
	run vdom-start web1
	[ "$status" -eq 0 ]
}

@test "vdom-undefine: a running guest stays, transient, until stopped" {
	vdom-start web1
	run vdom-undefine web1
	[ "$output" = changed ]
	run vdom-list
	[[ "$output" == *web1*running* ]]
	run vdom-info web1
	[[ "$output" == *"Persistent:	no"* ]]
	vdom-destroy web1
	run vdom-list --all
	[ -z "$output" ]
}
