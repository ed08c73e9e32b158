# config.mk: what a packager edits
VERSION = 0.1.0
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man
CC = cc
PKG_CONFIG = pkg-config
# Debian packages providing each pkg-config module (used by `make deps`)
PKGS = libxml-2.0 libnl-3.0 libnl-route-3.0 pciaccess libusb-1.0 libedit json-c libcurl
# Process start is most of a tool's cost, so libraries are linked statically
# where Debian ships an archive. libxml2's archive would drag in ICU (30 MB
# of data, and C++) for the encodings iconv lacks: lib/conf/noicu.c stands
# in for those seven ICU calls, so such encodings are refused. libusb needs
# libudev, which has no archive: it is loaded with dlopen when the real
# host's USB devices are listed; libedit (vsh) is linked from its archive
# with those of terminfo and libbsd (EDIT_LIBS), so that no tool, and not
# the multicall virtcore binary, loads a shared library but libc's;
# --as-needed drops what a tool does not use. libcurl (esx, vpx) is loaded
# with dlopen when a tool connects to a vSphere endpoint: linked, its thirty
# libraries cost every tool ~17 ms at start. Measured with bench/spawn: vdom-dumpxml costs
# about 1.4 ms over /bin/true this way, 4.5 ms with shared libxml2 + ICU.
# On a system whose libxml2.a is built against another ICU (noicu.c names
# ICU 72's symbols), use the shared form:
#   XML_LIBS = `pkg-config --libs libxml-2.0`
XML_LIBS = lib/conf/noicu.o -Wl,-Bstatic -lxml2 -llzma -lz -Wl,-Bdynamic
STATIC_PKGS = libnl-3.0 libnl-route-3.0 json-c pciaccess
SHARED_PKGS =
EDIT_LIBS = -Wl,-Bstatic -ledit -ltinfo -lbsd -lmd -Wl,-Bdynamic
# Debian packages the build, the tests and make demo need, one a line (sorted):
# `make deps` installs the missing ones, .ci/run all of them
DEBS = \
	ansible-core \
	bats \
	build-essential \
	busybox-static \
	clang \
	cpio \
	golang-github-vmware-govmomi-dev \
	golang-go \
	iproute2 \
	jq \
	libclang-rt-14-dev \
	libcurl4-openssl-dev \
	libedit-dev \
	libjson-c-dev \
	liblzma-dev \
	libnl-3-dev \
	libnl-route-3-dev \
	libpciaccess-dev \
	libusb-1.0-0-dev \
	libvirt-clients \
	libxml2-dev \
	libxml2-utils \
	mandoc \
	openssh-client \
	openssh-server \
	pci.ids \
	pciutils \
	pkg-config \
	python3 \
	qemu-system-x86 \
	usb.ids \
	zlib1g-dev \
	zsh \
	# end
CFLAGS = -std=gnu11 -O2 -g -Wall -Wextra
# RELR relocations (binutils 2.38, glibc 2.36): a tool's start-up does about
# 0.07 ms less relocating (bench/multicall.sh)
LDFLAGS = -Wl,-z,pack-relative-relocs
# make install: yes puts one multicall binary, PREFIX/bin/virtcore (3 MB
# stripped), with the tools as symlinks to it; no puts 50 separate static
# tools (135 MB stripped), each about 0.08 ms (3%) quicker to start
# (bench/multicall.sh prints both)
MULTICALL = yes
# sanitizers used by `make check`
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
DEBS += python3
