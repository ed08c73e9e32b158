# virtcore: libvirtcore.a and the tools (GNU make)
include config.mk

# read when the Makefile is parsed: targets that install packages first
# (demo, check) run the build in a second make that parses it again
PKG_CFLAGS != $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null
PKG_STATIC != $(PKG_CONFIG) --libs $(STATIC_PKGS) 2>/dev/null
PKG_SHARED != $(PKG_CONFIG) --libs $(SHARED_PKGS) 2>/dev/null
PKG_LIBS = -Wl,--as-needed $(XML_LIBS) -Wl,-Bstatic $(PKG_STATIC) -Wl,-Bdynamic $(EDIT_LIBS) $(PKG_SHARED) -lz -lpthread -lm -ldl
CPPFLAGS = -Ilib -D_GNU_SOURCE $(PKG_CFLAGS)

HDR = lib/util.h lib/conf.h lib/driver.h lib/virtcore.h lib/conf/network.h lib/driver/network_ops.h \
      lib/conf/devs_storage.h lib/conf/dev_net.h lib/conf/devs_misc.h lib/conf/dev_info.h lib/conf/sections.h \
      lib/host.h lib/host/netdev.h lib/host/detach.h lib/conf/device.h lib/driver/device_ops.h lib/driver/autostart.h lib/shell.h lib/driver/pool.h lib/remote/remote.h
HDR += lib/driver/guest_ops.h lib/driver/qemu/guest.h
HDR += lib/driver/esx/esx.h

UTILSRC = lib/util/err.c lib/util/alloc.c lib/util/buf.c lib/util/file.c \
          lib/util/lock.c lib/util/name.c lib/util/parse.c lib/util/uuid.c \
          lib/util/mac.c lib/util/random.c lib/util/exec.c \
          lib/util/dup.c lib/util/progress.c
CONFSRC = lib/conf/xml.c lib/conf/address.c lib/conf/devices.c lib/conf/domain.c \
          lib/conf/defaults.c lib/conf/schema.c \
          lib/conf/dev_disk.c lib/conf/dev_controller.c lib/conf/dev_fs.c \
          lib/conf/dev_hostdev.c lib/conf/dev_redirdev.c lib/conf/dev_net.c \
          lib/conf/dev_chr.c lib/conf/dev_smartcard.c lib/conf/dev_input.c lib/conf/dev_graphics.c \
          lib/conf/dev_video.c lib/conf/dev_sound.c lib/conf/dev_misc.c lib/conf/dev_info.c \
          lib/conf/domain_os.c lib/conf/domain_cpu.c lib/conf/domain_features.c \
          lib/conf/domain_tune.c lib/conf/network.c lib/conf/device.c \
          lib/conf/dev_dups.c
DRVSRC = lib/driver/uri.c lib/driver/store.c lib/driver/diff.c lib/driver/domain_ops.c lib/driver/device_ops.c lib/driver/autostart.c lib/driver/network_ops.c lib/driver/pool.c lib/driver/native.c lib/remote/conf.c lib/remote/ssh.c \
         lib/driver/test/test.c lib/driver/test/host.c lib/driver/qemu/driver.c lib/driver/qemu/qmp.c lib/driver/qemu/process.c lib/driver/qemu/argv.c lib/driver/qemu/launch.c lib/driver/qemu/tap.c lib/driver/qemu/console.c lib/driver/qemu/hotplug.c lib/driver/qemu/macvtap.c lib/driver/qemu/confine.c lib/driver/qemu/caps.c lib/driver/qemu/postparse.c lib/driver/qemu/validate.c
DRVSRC += lib/driver/xen/xl_conf.c lib/driver/xen/xl_parse.c lib/driver/xen/xl_format.c lib/driver/xen/driver.c
DRVSRC += lib/driver/vmware/vmx.c lib/driver/vmware/vmx_format.c lib/driver/vmware/driver.c
VMWOBJ = lib/driver/vmware/vmx.o lib/driver/vmware/vmx_format.o lib/driver/vmware/driver.o lib/driver/native.o
DRVSRC += lib/driver/bhyve/argv.c lib/driver/bhyve/argv_parse.c lib/driver/bhyve/driver.c
BHYVEOBJ = lib/driver/bhyve/argv_parse.o lib/driver/bhyve/driver.o lib/driver/bhyve/argv.o lib/driver/native.o
XENOBJ = lib/driver/xen/driver.o lib/driver/xen/xl_conf.o lib/driver/xen/xl_parse.o lib/driver/xen/xl_format.o lib/driver/native.o
DRVSRC += lib/driver/vbox/driver.c lib/driver/vbox/vm.c lib/driver/vbox/native.c
DRVSRC += lib/driver/keycodes.c lib/driver/screen_ops.c lib/driver/qemu/screen.c
DRVSRC += lib/driver/domcaps.c lib/driver/qemu/domcaps.c
DRVSRC += lib/driver/stats_ops.c lib/driver/stats_fmt.c lib/driver/test/guest.c lib/driver/qemu/stats.c
DRVSRC += lib/driver/esx/soap.c lib/driver/esx/vi.c lib/driver/esx/auth.c lib/driver/esx/vmxml.c lib/driver/esx/driver.c
DRVSRC += lib/driver/vz/vz.c
DRVSRC += lib/driver/phyp/phyp.c lib/driver/hyperv/hyperv.c
DRVSRC += lib/driver/snapshot_ops.c lib/driver/qemu/snapshot.c
DRVSRC += lib/driver/change_ops.c lib/driver/qemu/change.c
DRVSRC += lib/driver/save_ops.c lib/driver/qemu/save.c
DRVSRC += lib/driver/lxc/driver.c lib/driver/lxc/exec.c lib/driver/lxc/net.c lib/driver/lxc/ident.c lib/driver/lxc/loop.c lib/driver/lxc/native.c
HDR += lib/driver/lxc/lxc.h
DRVSRC += lib/driver/hostdev/hostdev.c lib/driver/hostdev/conn.c
HDR += lib/driver/hostdev/hostdev.h
HOSTSRC = lib/host/sysfs.c lib/host/pci.c lib/host/netdev.c lib/host/nodedev.c lib/host/detach.c lib/host/capabilities.c
TOOLSRC = lib/tool.c lib/shell.c lib/json.c lib/caps_json.c
HDR += lib/driver/vbox/vbox.h
LIBSRC = $(UTILSRC) $(CONFSRC) $(HOSTSRC) $(DRVSRC) $(TOOLSRC) lib/schemas/schemas.c
LIBOBJ = $(LIBSRC:.c=.o)

SCHEMAS = lib/schemas/domain.rng lib/schemas/network.rng lib/schemas/nodedev.rng lib/schemas/domainsnapshot.rng
TOOLS = vdom-define vdom-undefine vdom-list vdom-dumpxml vdom-start vdom-shutdown \
        vdom-destroy vdom-reboot vdom-suspend vdom-resume vdom-info vdom-state \
        vdom-autostart vdom-edit vdom-validate vdom-console vdom-to-native vdom-from-native vdom-attach-device vdom-detach-device \
        vnet-define vnet-undefine vnet-start vnet-destroy vnet-list vnet-dumpxml vnet-autostart vnet-hostdev-attach vnet-hostdev-detach vnet-hostdev-list vnode-list vnode-dumpxml vnode-detach vnode-reattach vnode-reset vnode-info vnode-validate vsh \
        vdom-stats vdom-blklist vdom-iflist vdom-memstat vdom-vcpuinfo vdom-reset
TOOLS += vdom-snapshot-create vdom-snapshot-list vdom-snapshot-dumpxml vdom-snapshot-revert vdom-snapshot-delete
TOOLS += vdom-exec
TOOLS += vdom-capabilities vdom-screenshot vdom-sendkey
TOOLS += vdom-setmem vdom-setmaxmem vdom-setvcpus
TOOLS += vdom-save vdom-restore vdom-managedsave vdom-managedsave-remove vdom-rename
BIN = $(TOOLS:%=bin/%)
MAN1 = $(TOOLS:%=man/man1/%.1)

# `make check` builds a second tree with sanitizers in build/san
SANDIR = build/san
SANOBJ = $(LIBOBJ:%=$(SANDIR)/%)
SANBIN = $(TOOLS:%=$(SANDIR)/bin/%) $(SANDIR)/bin/virtcore

all: $(BIN) bin/virtcore

$(XENOBJ) $(XENOBJ:%=build/san/%): lib/driver/xen/xl.h
$(BHYVEOBJ) $(BHYVEOBJ:%=build/san/%): lib/driver/bhyve/bhyve.h
$(VMWOBJ) $(VMWOBJ:%=build/san/%): lib/driver/vmware/vmware.h

lib/schemas/schemas.c: $(SCHEMAS) lib/schemas/embed.sh
	sh lib/schemas/embed.sh domain=lib/schemas/domain.rng network=lib/schemas/network.rng nodedev=lib/schemas/nodedev.rng domainsnapshot=lib/schemas/domainsnapshot.rng > $@.tmp && mv $@.tmp $@

# the one version: config.mk's VERSION is what --version prints
lib/tool.o $(SANDIR)/lib/tool.o: config.mk
lib/tool.o $(SANDIR)/lib/tool.o: CPPFLAGS += -DVC_VERSION='"$(VERSION)"'

%.o: %.c $(HDR)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# linked into the tools, not the library (see XML_LIBS in config.mk)
lib/conf/noicu.o: lib/conf/noicu.c
	$(CC) $(CFLAGS) -c $< -o $@

lib/libvirtcore.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

bin/%: bin/%.c lib/libvirtcore.a lib/conf/noicu.o $(HDR)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< lib/libvirtcore.a $(PKG_LIBS) -o $@

# virtcore: every tool in one binary (lib/multicall.c), run by a tool's
# name; each bin/TOOL.c is compiled once more with its main renamed
MULTIOBJ = $(TOOLS:%=build/multi/%.o)
build/multi/%.o: bin/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Dmain=vc_main_$(subst -,_,$*) -c $< -o $@
build/multi/tools.c: Makefile lib/multicall.sh
	@mkdir -p $(@D)
	sh lib/multicall.sh $(TOOLS) > $@.tmp && mv $@.tmp $@
$(SANDIR)/multi/%.o: bin/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -O1 $(SANFLAGS) -Dmain=vc_main_$(subst -,_,$*) -c $< -o $@
$(SANDIR)/bin/virtcore: lib/multicall.c build/multi/tools.c $(TOOLS:%=$(SANDIR)/multi/%.o) $(SANDIR)/lib/libvirtcore.a lib/conf/noicu.o config.mk
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DVC_VERSION='"$(VERSION)"' $(CFLAGS) -O1 $(SANFLAGS) $(LDFLAGS) lib/multicall.c build/multi/tools.c $(TOOLS:%=$(SANDIR)/multi/%.o) $(SANDIR)/lib/libvirtcore.a $(PKG_LIBS) -o $@
bin/virtcore: lib/multicall.c build/multi/tools.c $(MULTIOBJ) lib/libvirtcore.a lib/conf/noicu.o config.mk
	$(CC) $(CPPFLAGS) -DVC_VERSION='"$(VERSION)"' $(CFLAGS) $(LDFLAGS) lib/multicall.c build/multi/tools.c $(MULTIOBJ) lib/libvirtcore.a $(PKG_LIBS) -o $@

$(SANDIR)/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -O1 $(SANFLAGS) -c $< -o $@

$(SANDIR)/lib/libvirtcore.a: $(SANOBJ)
	rm -f $@
	ar rcs $@ $(SANOBJ)

$(SANDIR)/bin/%: bin/%.c $(SANDIR)/lib/libvirtcore.a lib/conf/noicu.o $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -O1 $(SANFLAGS) $(LDFLAGS) $< $(SANDIR)/lib/libvirtcore.a $(PKG_LIBS) -o $@

# C unit tests (TAP), run by tests/run; each takes the sanitizer build in make check
UNIT = host_test qmp_test hostdev_test
tests/fixtures/sysfs_shim.so: tests/fixtures/sysfs_shim.c
	$(CC) -D_GNU_SOURCE -std=gnu11 -O2 -Wall -Wextra -shared -fPIC $< -o $@ -ldl
tests/fixtures/ptyrun: tests/fixtures/ptyrun.c
	$(CC) -D_GNU_SOURCE -std=gnu11 -O2 -Wall -Wextra $< -o $@
tests/unit/%: tests/unit/%.c lib/libvirtcore.a lib/conf/noicu.o $(HDR)
	$(CC) $(CPPFLAGS) $(CFLAGS) $< lib/libvirtcore.a $(PKG_LIBS) -o $@
$(SANDIR)/tests/unit/%: tests/unit/%.c $(SANDIR)/lib/libvirtcore.a lib/conf/noicu.o $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -O1 $(SANFLAGS) $< $(SANDIR)/lib/libvirtcore.a $(PKG_LIBS) -o $@

# VMware's vSphere simulator (govmomi) for tests/esx.bats, built offline
# with Debian's golang-go and golang-github-vmware-govmomi-dev when present
GOVMOMI = /usr/share/gocode/src/github.com/vmware/govmomi/simulator
build/vcsim: tests/fixtures/vcsim/main.go
	@mkdir -p build/gopath
	cd tests/fixtures/vcsim && GO111MODULE=off GOCACHE=$(CURDIR)/build/gocache GOPATH=$(CURDIR)/build/gopath:/usr/share/gocode go build -o $(CURDIR)/$@ .
vcsim:
	@if command -v go >/dev/null 2>&1 && [ -d $(GOVMOMI) ]; then $(MAKE) build/vcsim; \
	else echo "vcsim: go or govmomi missing: tests/esx.bats will skip"; fi

# install the Debian packages the build and tests need, when missing
print-tools:
	@echo $(TOOLS)

print-debs:
	@echo $(DEBS)

deps:
	@sh tests/deps.sh $(DEBS)

san: $(SANBIN)

# deps first, then the build in a make that sees the installed packages
check: deps
	+$(MAKE) check-san

check-san: $(SANBIN) $(UNIT:%=$(SANDIR)/tests/unit/%) tests/fixtures/sysfs_shim.so tests/fixtures/ptyrun vcsim fuzz-check
	VC_BIN=$(CURDIR)/$(SANDIR)/bin VC_UNIT_TESTS="$(UNIT:%=$(CURDIR)/$(SANDIR)/tests/unit/%)" sh tests/run

# quick: the tests on the plain build
check-fast: all $(UNIT:%=tests/unit/%) tests/fixtures/sysfs_shim.so tests/fixtures/ptyrun vcsim $(REPLAY) $(FUZZDIR)/corpus/.stamp
	VC_BIN=$(CURDIR)/bin VC_UNIT_TESTS="$(UNIT:%=$(CURDIR)/tests/unit/%)" sh tests/run

demo: deps
	+$(MAKE) all
	sh tests/demo.sh

conformance: all
	@if [ -x ../shared/conformance/run ]; then \
		python3 ../shared/conformance/run --bin bin --kind all; \
	else echo "conformance: ../shared/conformance not present, skipped"; fi

bench: all
	sh bench/run.sh

# virtcore(7)'s tool lists, from TOOLS and each tool's page
man7:
	sh man/lists.sh man/man7/virtcore.7 $(TOOLS)

lint-man:
	mandoc -Tlint -Wwarning $(MAN1) man/man7/virtcore.7

install: all install-lib
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man7 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	if [ "$(MULTICALL)" = yes ]; then \
		cp -f bin/virtcore $(DESTDIR)$(PREFIX)/bin/virtcore && \
		for t in $(TOOLS); do ln -sf virtcore $(DESTDIR)$(PREFIX)/bin/$$t || exit 1; done; \
	else \
		rm -f $(DESTDIR)$(PREFIX)/bin/virtcore && \
		for t in $(TOOLS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$t && cp bin/$$t $(DESTDIR)$(PREFIX)/bin/ || exit 1; done; \
	fi
	cp -f $(MAN1) $(DESTDIR)$(MANPREFIX)/man1/
	cp -f man/man7/virtcore.7 $(DESTDIR)$(MANPREFIX)/man7/
	cp -f completions/virtcore.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/virtcore
	for t in $(TOOLS); do ln -sf virtcore $(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$t; done
	sed 's|@VIRTCORE_BASH_COMPLETION@|$(PREFIX)/share/bash-completion/completions/virtcore|' \
		completions/virtcore.zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_virtcore

# install, then strip the debugging symbols (a static binary: the size is
# mostly libxml2's and libnl's symbols). The tools are installed as links to
# the one multicall binary, or as separate binaries with MULTICALL=no
# (config.mk): bench/multicall.sh measures both forms.
install-strip: install
	if [ "$(MULTICALL)" = yes ]; then strip --strip-unneeded $(DESTDIR)$(PREFIX)/bin/virtcore; \
	else for t in $(TOOLS); do strip --strip-unneeded $(DESTDIR)$(PREFIX)/bin/$$t || exit 1; done; fi

# what install put there, and nothing else
uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$t $(DESTDIR)$(MANPREFIX)/man1/$$t.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$t; done
	rm -f $(DESTDIR)$(PREFIX)/bin/virtcore $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_virtcore
	rm -f $(DESTDIR)$(MANPREFIX)/man7/virtcore.7 $(DESTDIR)$(PREFIX)/share/bash-completion/completions/virtcore \
		$(DESTDIR)$(PREFIX)/include/virtcore.h $(DESTDIR)$(PREFIX)/lib/libvirtcore.a \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/virtcore.pc

# the C API: virtcore.h (lib/api/virtcore.h, nothing internal), the
# archive and virtcore.pc (pkg-config --cflags --libs --static virtcore)
install-lib: lib/libvirtcore.a
	mkdir -p $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	cp -f lib/api/virtcore.h $(DESTDIR)$(PREFIX)/include/virtcore.h
	cp -f lib/libvirtcore.a $(DESTDIR)$(PREFIX)/lib/libvirtcore.a
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
		'Name: virtcore' 'Description: libvirt-compatible guests, networks and host devices without a daemon' \
		'Version: $(VERSION)' 'Requires.private: libxml-2.0 $(STATIC_PKGS)' \
		'Libs: -L$${libdir} -lvirtcore' 'Libs.private: $(PKG_SHARED) -lpthread -lm -ldl' 'Cflags: -I$${includedir}' \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/virtcore.pc

clean:
	rm -f $(BIN) bin/virtcore lib/libvirtcore.a lib/schemas/schemas.c
	find lib -name '*.o' -delete
	rm -rf build tests/fixtures/ptyrun tests/fixtures/sysfs_shim.so
	rm -f $(UNIT:%=tests/unit/%)

.PHONY: man7 print-tools vcsim all deps san check check-san check-fast demo conformance bench lint-man install install-strip uninstall clean
include tests/fuzz/fuzz.mk
