#!/usr/bin/env bats
# what the qemu driver refuses at define, as libvirt's QEMU driver does:
# one line naming the culprit, exit 1, nothing stored
load common

setup() {
	vc_scratch
	export XDG_CONFIG_HOME=$SCRATCH/c XDG_RUNTIME_DIR=$SCRATCH/r XDG_STATE_HOME=$SCRATCH/s
	export VIRTCORE_URI=qemu:///session
}
teardown() { vc_cleanup; }

# a guest named v on machine $1 with the devices in $2 (and $3 after <os>)
dom() {
	printf "<domain type='qemu'><name>v</name><memory>65536</memory><os><type arch='x86_64' machine='%s'>hvm</type></os>%s<devices>%s</devices></domain>\n" "$1" "${3:-}" "$2" > "$SCRATCH/v.xml"
}

# define must fail with one line containing $1, and leave no guest behind
refused() {
	run vdom-define "$SCRATCH/v.xml"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ $output == *"$1"* ]]
	run vdom-list --all --name
	[ -z "$output" ]
}

@test "qemu validate: a USB port behind a hub that is not there names the first missing hub" {
	dom pc "<controller type='usb' index='0'/><input type='mouse' bus='usb'><address type='usb' bus='0' port='1.2.3'/></input>"
	refused "there is no hub at port 1 in USB address bus: 0 port: 1.2.3"
	# with the hubs in place (listed after the mouse), the same mouse is fine
	dom pc "<controller type='usb' index='0'/><input type='mouse' bus='usb'><address type='usb' bus='0' port='1.2.3'/></input><hub type='usb'><address type='usb' bus='0' port='1.2'/></hub><hub type='usb'><address type='usb' bus='0' port='1'/></hub>"
	run vdom-define "$SCRATCH/v.xml"
	[ "$status" -eq 0 ]
	run vdom-dumpxml --inactive v
	[[ $output == *"port='1.2.3'"* ]]
}

@test "qemu validate: USB ports: one device a port, a hub has 8, a piix3-uhci 2, xhci at most 15" {
	dom pc "<controller type='usb' index='0'/><hub type='usb'><address type='usb' bus='0' port='1'/></hub><input type='tablet' bus='usb'><address type='usb' bus='0' port='1'/></input>"
	refused "Duplicate USB address bus 0 port 1"
	dom pc "<controller type='usb' index='0'/><hub type='usb'><address type='usb' bus='0' port='1'/></hub><hub type='usb'><address type='usb' bus='0' port='1.9'/></hub>"
	refused "requested USB port 1.9 not present on USB bus 0"
	dom pc "<controller type='usb' index='0' model='piix3-uhci'/><input type='tablet' bus='usb'><address type='usb' bus='0' port='3'/></input>"
	refused "requested USB port 3 not present on USB bus 0"
	dom q35 "<controller type='usb' index='0' model='qemu-xhci' ports='16'/>"
	refused "'qemu-xhci' controller only supports up to '15' ports"
	dom pc "<controller type='usb' index='0'/><hub type='usb'><address type='usb' bus='0' port='1.1.1.1.1'/></hub>"
	refused "port '1.1.1.1.1'"
}

@test "qemu validate: USB devices on a guest whose USB is disabled are refused" {
	dom pc "<controller type='usb' model='none'/><hub type='usb'/>"
	refused "Can't add USB hub: USB is disabled for this domain"
	dom pc "<controller type='usb' model='none'/><input type='tablet' bus='usb'/>"
	refused "Can't add USB input device. USB bus is disabled"
}

@test "qemu validate: a companion USB controller needs its master; isapc has no PCI bus" {
	dom pc "<controller type='usb' index='0' model='ich9-uhci2'><master startport='2'/></controller>"
	refused "'ich9-uhci2' index 0: a companion controller needs a master"
	dom isapc "<controller type='usb' index='0'/>"
	refused "No PCI buses available"
}

@test "qemu validate: PCI controllers: one per index, expander buses on the root bus of their machine, on a NUMA node the guest has" {
	dom pc "<controller type='pci' index='1' model='pci-bridge'/><controller type='pci' index='1' model='pci-bridge'/>"
	refused "Multiple 'pci' controllers with index '1'"
	dom pc "<controller type='pci' index='1' model='pci-bridge'/><controller type='pci' index='2' model='pci-expander-bus'><address type='pci' bus='1' slot='1'/></controller>"
	refused "an expander bus plugs only into the root bus"
	dom pc "<controller type='pci' index='1' model='pcie-expander-bus'/>"
	refused "pcie-expander-bus controllers are not supported with this machine type"
	dom pc "<controller type='pci' index='1' model='pci-expander-bus'><target busNr='254'><node>1</node></target></controller>"
	refused "NUMA node (1) not present"
	# the same expander bus on node 0 of a one-cell guest is fine
	dom pc "<controller type='pci' index='1' model='pci-expander-bus'><target busNr='254'><node>0</node></target></controller>" "<cpu><numa><cell id='0' cpus='0' memory='65536'/></numa></cpu>"
	run vdom-define "$SCRATCH/v.xml"
	[ "$status" -eq 0 ]
}

@test "qemu validate: ramfb takes no address; mdev display needs graphics; vhost-user passt needs shared memory" {
	dom pc "<video><model type='ramfb'/><address type='pci' bus='0' slot='5'/></video>"
	refused "address not supported for video type ramfb"
	dom pc "<hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on'><source><address uuid='53764d0e-85a0-42b4-af5c-2046b460b1dc'/></source></hostdev>"
	refused "graphics device is needed for attribute value 'display=on'"
	dom pc "<interface type='vhostuser'><backend type='passt'/></interface>"
	refused "requires shared memory"
}

# libvirt's own qemuxmlconfdata cases: the figures of the closing note,
# kept from going back (skipped without ../shared)
@test "qemu validate: libvirt's domain-qemu cases: at least 107 exact (95%) and every invalid one refused" {
	run_=$VC_TOP/../shared/conformance/run
	[ -x "$run_" ] || skip "no ../shared/conformance"
	run "$run_" --kind domain-qemu --bin "$VC_BIN"
	[ "$status" -eq 0 ]
	line=$(grep '^domain-qemu:' <<<"$output")
	exact=$(sed -E 's/^domain-qemu: ([0-9]+)\/.*/\1/' <<<"$line")
	[ "$exact" -ge 107 ]
	[[ $line == *"39/39 invalid inputs refused"* ]]
}

@test "redirfilter: rules round-trip as libvirt writes them (versions as BCD), bad ones refused, one set only" {
	dom pc "<redirfilter><usbdev class='0x08' vendor='0x15e1' product='0x2007' version='9.4' allow='yes'/><usbdev class='-1' allow='no'/></redirfilter>"
	run vdom-define "$SCRATCH/v.xml"
	[ "$status" -eq 0 ]
	run vdom-dumpxml --inactive v
	[[ $output == *"<usbdev class='0x08' vendor='0x15E1' product='0x2007' version='9.40' allow='yes'/>"* ]]
	[[ $output == *"<usbdev allow='no'/>"* ]]
	run vdom-undefine v
	dom pc "<redirfilter><usbdev version='1.100' allow='yes'/></redirfilter>"
	refused "version '1.100'"
	dom pc "<redirfilter><usbdev vendor='15e1' allow='yes'/></redirfilter>"
	refused "vendor '15e1'"
	dom pc "<redirfilter><usbdev/></redirfilter>"
	refused "allow"
	dom pc "<redirfilter/><redirfilter/>"
	refused "only one set of redirect filter rules"
}

@test "usb ports: a define gives USB devices ports of bus 0 (a hub when the controller's run out), QEMU gets them" {
	dom pc "<controller type='usb' model='piix3-uhci'/><input type='tablet' bus='usb'/><input type='mouse' bus='usb'/><input type='keyboard' bus='usb'/>"
	run vdom-define "$SCRATCH/v.xml"
	[ "$status" -eq 0 ]
	run vdom-dumpxml --inactive v
	# two root ports: the hub takes one and gives eight
	[[ $output == *"<hub type='usb'>"*"<address type='usb' bus='0' port='1'/>"* ]]
	[ "$(grep -c "<address type='usb'" <<<"$output")" -eq 4 ]
	grep -q "port='1.2'" <<<"$output"
	run vdom-to-native --format qemu-argv --domain v
	[ "$status" -eq 0 ]
	grep -qx 'usb-hub,id=hub0,bus=usb.0,port=1' <<<"$output"
	grep -qx 'usb-tablet,id=input0,bus=usb.0,port=2' <<<"$output"
	grep -qx 'usb-kbd,id=input2,bus=usb.0,port=1.2' <<<"$output"
	# the hub comes before the devices on its ports
	[ "$(grep -n usb-hub <<<"$output" | cut -d: -f1)" -lt "$(grep -n usb-mouse <<<"$output" | cut -d: -f1)" ]
	# and a redefine keeps every port
	run vdom-dumpxml --inactive v
	printf '%s\n' "$output" > "$SCRATCH/v2.xml"
	run vdom-define "$SCRATCH/v2.xml"
	[ "$output" = unchanged ]
}
