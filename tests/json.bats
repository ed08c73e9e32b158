# json.bats: --json on the listing and info tools: one document, stable keys, numbers as numbers
load common

setup() {
	vc_scratch
	command -v python3 >/dev/null || skip "python3 is not installed"
}

teardown() {
	vc_cleanup
}

# py EXPR: evaluate EXPR with the document on stdin as d
py() {
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

@test "vdom-list --json: an array of id, name and state; id null when shut off" {
	vc_guest_xml web1 | vdom-define >/dev/null
	vc_guest_xml db1 | vdom-define >/dev/null
	vdom-start web1 >/dev/null
	run vdom-list --all --json
	[ "$status" -eq 0 ]
	vc_no_sanitizer_report
	[ "$(printf '%s' "$output" | py '[(g["name"], g["state"], g["id"]) for g in d]')" = "[('db1', 'shut off', None), ('web1', 'running', 1)]" ]
	[ "$(printf '%s' "$output" | py 'type(d[1]["id"]).__name__')" = "int" ]
	run vdom-list --json
	[ "$(printf '%s' "$output" | py 'len(d)')" = "1" ]
	run vdom-list --json --name
	[ "$status" -eq 2 ]
}

@test "vdom-list --json of no guest is an empty array" {
	run vdom-list --all --json
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | py 'd')" = "[]" ]
}

@test "vdom-info --json: numbers as numbers, booleans as booleans" {
	vc_guest_xml web1 | vdom-define >/dev/null
	run vdom-info --json web1
	[ "$status" -eq 0 ]
	vc_no_sanitizer_report
	[ "$(printf '%s' "$output" | py 'd["max_memory_kib"], d["vcpus"], d["persistent"], d["autostart"], d["cpu_time_s"], d["state"]')" = "65536 1 True False None shut off" ]
	u=$(vdom-list --all --uuid)
	[ "$(printf '%s' "$output" | py 'd["uuid"]')" = "$u" ]
	vdom-start web1 >/dev/null
	run vdom-info --json web1
	[ "$(printf '%s' "$output" | py 'type(d["cpu_time_s"]).__name__, d["id"]')" = "float 1" ]
	run vdom-info --json nosuch
	[ "$status" -eq 1 ]
	[ -z "$(vdom-info --json nosuch 2>/dev/null)" ]
}

@test "vdom-state --json" {
	vc_guest_xml web1 | vdom-define >/dev/null
	run vdom-state --json web1
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | py 'd["name"], d["state"]')" = "web1 shut off" ]
}

@test "vnet-list --json: booleans, forward mode, bridge null when none" {
	printf "<network><name>pool1</name><forward mode='hostdev' managed='yes'><pf dev='eth2'/></forward></network>" | vnet-define >/dev/null
	run vnet-list --all --json
	[ "$status" -eq 0 ]
	vc_no_sanitizer_report
	[ "$(printf '%s' "$output" | py '[(n["name"], n["active"], n["persistent"], n["forward"], n["bridge"]) for n in d]')" = "[('pool1', False, True, 'hostdev', None)]" ]
}

@test "vnode-list --json: the simulated host's devices, with the capability asked" {
	run vnode-list --json --cap pci
	[ "$status" -eq 0 ]
	vc_no_sanitizer_report
	n=$(vnode-list --cap pci | wc -l)
	[ "$(printf '%s' "$output" | py 'len(d)')" = "$n" ]
	[ "$(printf '%s' "$output" | py 'sorted(set(x["cap"] for x in d))')" = "['pci']" ]
	[ "$(printf '%s' "$output" | py 'sorted(d[0].keys())')" = "['cap', 'description', 'held_by', 'name', 'parent']" ]
}
