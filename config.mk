# config.mk: what a packager edits
VERSION = 0.1.0
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man
CC = cc
PKG_CONFIG = pkg-config
# Debian packages providing each pkg-config module (used by `make deps`)
PKGS = libxml-2.0 libnl-3.0 libnl-route-3.0 pciaccess libusb-1.0 libedit json-c
# Process start is most of a tool's cost, so libraries are linked statically
# where Debian ships a usable archive. libxml2 stays shared: its archive
# drags in all of ICU's data (30 MB a tool); libusb needs libudev, which
# has no archive; libedit is only in vsh. --as-needed drops what a tool
# does not use. (Measured: dynamic loader time halved, 15 -> 11 objects.)
STATIC_PKGS = libnl-3.0 libnl-route-3.0 json-c pciaccess
SHARED_PKGS = libxml-2.0 libusb-1.0 libedit
DEBS = libxml2-dev libnl-3-dev libnl-route-3-dev libpciaccess-dev libusb-1.0-0-dev \
       libedit-dev libjson-c-dev pkg-config bats libxml2-utils mandoc pci.ids usb.ids
CFLAGS = -std=gnu11 -O2 -g -Wall -Wextra
LDFLAGS =
# sanitizers used by `make check`
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
