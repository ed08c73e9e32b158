# capi.bats: the C API as a libvirt user's C program meets it: `make
# install-lib` (part of make install) puts virtcore.h, libvirtcore.a and
# virtcore.pc in a staging tree; a program built with pkg-config --static
# against that tree alone defines, starts, lists and attaches
load common

setup() {
	vc_scratch
	command -v pkg-config >/dev/null || skip "pkg-config is not installed"
	STAGE=$SCRATCH/stage
}

teardown() {
	vc_cleanup
}

@test "capi: make install-lib installs one public header, the archive and virtcore.pc" {
	run make -s -C "$VC_TOP" install-lib DESTDIR="$STAGE" PREFIX=/usr
	[ "$status" -eq 0 ]
	[ "$(cd "$STAGE" && find . -type f | sort | tr '\n' ' ')" = "./usr/include/virtcore.h ./usr/lib/libvirtcore.a ./usr/lib/pkgconfig/virtcore.pc " ]
	# the public header stands alone: no internal header named
	! grep -q '#include "' "$STAGE/usr/include/virtcore.h" || false
	v=$(sed -n 's/^VERSION = //p' "$VC_TOP/config.mk")
	[ "$(PKG_CONFIG_PATH=$STAGE/usr/lib/pkgconfig pkg-config --modversion virtcore)" = "$v" ]
}

@test "capi: a program built against the installed tree defines, starts, lists and attaches" {
	make -s -C "$VC_TOP" install-lib DESTDIR="$STAGE" PREFIX=/usr
	flags=$(PKG_CONFIG_PATH=$STAGE/usr/lib/pkgconfig pkg-config \
	    --define-variable=prefix="$STAGE/usr" --cflags --libs --static virtcore)
	# only the staged header: the source tree is not on the include path
	run cc -std=c99 -Wall -Wextra -Werror -o "$SCRATCH/capi" "$VC_TOP/tests/fixtures/capi.c" $flags
	[ "$status" -eq 0 ]
	run "$SCRATCH/capi" "test://$SCRATCH/host"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "define capi1 changed" ]
	[ "${lines[1]}" = "start changed" ]
	[ "${lines[2]}" = "list capi1 running" ]
	[ "${lines[3]}" = "info capi1 vcpus=2 max_kib=65536 persistent=1 uuid_len=36" ]
	[ "${lines[4]}" = "attach changed" ]
	[ "${lines[5]}" = "xml has_nic=1" ]
	[[ ${lines[6]} == "nodedev pci="*" all_pci=1" ]]
	[ "${lines[7]}" = "error r=-1 kind=1 msg=nosuch: no such domain" ]
	# what the program did is what the tools see
	[ "$(VIRTCORE_URI=test://$SCRATCH/host vdom-state capi1)" = "running" ]
	# a second run: define replaces the whole config (the attached NIC
	# goes), the running guest is unchanged, the NIC is attached again
	run "$SCRATCH/capi" "test://$SCRATCH/host"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "define capi1 changed" ]
	[ "${lines[1]}" = "start unchanged" ]
	[ "${lines[4]}" = "attach changed" ]
}

@test "packaging: install-strip makes the tools smaller and they still run; --version is config.mk's; uninstall removes all" {
	v=$(sed -n 's/^VERSION = //p' "$VC_TOP/config.mk")
	make -s -C "$VC_TOP" install DESTDIR="$STAGE/full" PREFIX=/usr MANPREFIX=/usr/share/man >/dev/null
	make -s -C "$VC_TOP" install-strip DESTDIR="$STAGE/strip" PREFIX=/usr MANPREFIX=/usr/share/man >/dev/null
	full=$(du -sk "$STAGE/full/usr/bin" | cut -f1)
	strip=$(du -sk "$STAGE/strip/usr/bin" | cut -f1)
	echo "# installed tools: $full KiB, stripped $strip KiB" >&3
	[ "$strip" -lt "$full" ]
	for t in $(make -s -C "$VC_TOP" print-tools); do
		[ "$("$STAGE/strip/usr/bin/$t" --version)" = "$t (virtcore) $v" ]
	done
	"$STAGE/strip/usr/bin/vdom-list" -c "test://$SCRATCH/h" --all
	# one multicall binary, the tools links to it
	[ "$(find "$STAGE/strip/usr/bin" -type f)" = "$STAGE/strip/usr/bin/virtcore" ]
	for t in $(make -s -C "$VC_TOP" print-tools); do
		[ "$(readlink "$STAGE/strip/usr/bin/$t")" = virtcore ]
	done
	[ "$("$STAGE/strip/usr/bin/virtcore" --list)" = "$(make -s -C "$VC_TOP" print-tools | tr ' ' '\n')" ]
	[ "$("$STAGE/strip/usr/bin/virtcore" --version)" = "virtcore $v" ]
	make -s -C "$VC_TOP" uninstall DESTDIR="$STAGE/strip" PREFIX=/usr MANPREFIX=/usr/share/man
	[ -z "$(find "$STAGE/strip" ! -type d)" ]
}

@test "packaging: the multicall virtcore runs a tool by its link name or its first argument" {
	mkdir -p "$STAGE/b"
	m=$VC_BIN/virtcore
	ln -sf "$m" "$STAGE/b/vdom-define"
	ln -sf "$m" "$STAGE/b/vdom-list"
	vc_guest_xml mc1 > "$STAGE/mc1.xml"
	run "$STAGE/b/vdom-define" "$STAGE/mc1.xml"
	[ "$status" -eq 0 ] && [ "$output" = changed ]
	run "$m" vdom-list --all --name
	[ "$status" -eq 0 ] && [ "$output" = mc1 ]
	# errors name the tool it runs as
	run "$STAGE/b/vdom-list" --bogus
	[ "$status" -eq 2 ] && [[ $output == "vdom-list: unknown option --bogus"* ]]
	run "$m" vdom-nosuch
	[ "$status" -eq 2 ] && [ "$output" = "virtcore: vdom-nosuch: no such tool (virtcore --list)" ]
	run "$m"
	[ "$status" -eq 2 ] && [[ $output == "usage: virtcore TOOL"* ]]
}

@test "packaging: MULTICALL=no installs separate stripped tools instead, and uninstall removes them" {
	make -s -C "$VC_TOP" install-strip MULTICALL=no DESTDIR="$STAGE/sep" PREFIX=/usr MANPREFIX=/usr/share/man >/dev/null
	[ ! -e "$STAGE/sep/usr/bin/virtcore" ]
	n=0
	for t in $(make -s -C "$VC_TOP" print-tools); do
		[ -f "$STAGE/sep/usr/bin/$t" ] && [ ! -L "$STAGE/sep/usr/bin/$t" ]
		n=$((n + 1))
	done
	[ "$(find "$STAGE/sep/usr/bin" -type f | wc -l)" -eq "$n" ]
	"$STAGE/sep/usr/bin/vdom-list" -c "test://$SCRATCH/h" --all
	# installing the multicall form over it replaces every tool by a link
	make -s -C "$VC_TOP" install MULTICALL=yes DESTDIR="$STAGE/sep" PREFIX=/usr MANPREFIX=/usr/share/man >/dev/null
	[ "$(find "$STAGE/sep/usr/bin" -type f)" = "$STAGE/sep/usr/bin/virtcore" ]
	make -s -C "$VC_TOP" uninstall DESTDIR="$STAGE/sep" PREFIX=/usr MANPREFIX=/usr/share/man
	[ -z "$(find "$STAGE/sep" ! -type d)" ]
}
