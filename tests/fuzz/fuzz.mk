# fuzz.mk: libFuzzer targets (included by the Makefile). The library is
# compiled once more with clang's coverage and sanitizers into build/fuzz,
# beside (not instead of) the normal and build/san trees.
#   make fuzz            each target FUZZ_SECONDS (60) from its seed corpus
#   make fuzz-ci         each target FUZZ_CI_SECONDS (15): all within 4 min
#   make fuzz-replay     the regression inputs without libFuzzer
# Each run writes build/fuzz/report.txt: target, executions, crashes.
# A crash or broken oracle leaves build/fuzz/crash/TARGET-*: fix it, then
# keep the input as tests/fuzz/regress/TARGET/NAME (make check replays it).
FUZZ_TARGETS = domain network nodedev native-xen-xl native-vmware-vmx native-bhyve-argv native-vbox qmp uri conf scalar netlink hostdev
FUZZ_SECONDS = 60
FUZZ_CI_SECONDS = 15
FUZZCC = clang
FUZZDIR = build/fuzz
FUZZSAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZFLAGS = -std=gnu11 -g -O1 -Wall -Wextra $(FUZZSAN)
FUZZOBJ = $(LIBOBJ:%=$(FUZZDIR)/%)
FUZZBIN = $(FUZZ_TARGETS:%=$(FUZZDIR)/bin/%)
# the replay harness: plain sanitizer build (make check) and plain build
REPLAYSAN = $(FUZZ_TARGETS:%=$(SANDIR)/fuzz/%)
REPLAY = $(FUZZ_TARGETS:%=build/replay/%)
FUZZHDR = tests/fuzz/fuzz.h $(HDR)
# a target's source: native-FMT is native.c for FMT
fuzzsrc = tests/fuzz/$(if $(filter native-%,$(1)),native,$(1)).c
fuzzdef = $(if $(filter native-%,$(1)),-DFMT='"$(patsubst native-%,%,$(1))"')

$(FUZZDIR)/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(FUZZCC) $(CPPFLAGS) $(FUZZFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
$(FUZZDIR)/lib/tool.o: CPPFLAGS += -DVC_VERSION='"$(VERSION)"'
$(FUZZDIR)/lib/libvirtcore.a: $(FUZZOBJ)
	rm -f $@
	ar rcs $@ $(FUZZOBJ)

.SECONDEXPANSION:
$(FUZZDIR)/bin/%: $$(call fuzzsrc,%) $(FUZZDIR)/lib/libvirtcore.a lib/conf/noicu.o $(FUZZHDR)
	@mkdir -p $(@D)
	$(FUZZCC) $(CPPFLAGS) -Itests/fuzz $(call fuzzdef,$*) $(FUZZFLAGS) -fsanitize=fuzzer $< \
		$(FUZZDIR)/lib/libvirtcore.a $(PKG_LIBS) -o $@
$(SANDIR)/fuzz/%: $$(call fuzzsrc,%) tests/fuzz/replay.c $(SANDIR)/lib/libvirtcore.a lib/conf/noicu.o $(FUZZHDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(call fuzzdef,$*) $(CFLAGS) -O1 $(SANFLAGS) $< tests/fuzz/replay.c \
		$(SANDIR)/lib/libvirtcore.a $(PKG_LIBS) -o $@
build/replay/%: $$(call fuzzsrc,%) tests/fuzz/replay.c lib/libvirtcore.a lib/conf/noicu.o $(FUZZHDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(call fuzzdef,$*) $(CFLAGS) $< tests/fuzz/replay.c \
		lib/libvirtcore.a $(PKG_LIBS) -o $@

$(FUZZDIR)/corpus/.stamp: tests/fuzz/corpus.sh $(wildcard tests/data/*/*)
	sh tests/fuzz/corpus.sh $(FUZZDIR)/corpus
	touch $@
$(FUZZDIR)/xml.dict: tests/fuzz/dict.sh $(SCHEMAS)
	@mkdir -p $(@D)
	sh tests/fuzz/dict.sh $(SCHEMAS) > $@.tmp && mv $@.tmp $@

fuzz-bin: $(FUZZBIN) $(FUZZDIR)/corpus/.stamp $(FUZZDIR)/xml.dict
fuzz: fuzz-bin
	sh tests/fuzz/run.sh $(FUZZDIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-ci: fuzz-bin
	sh tests/fuzz/run.sh $(FUZZDIR) $(FUZZ_CI_SECONDS) $(FUZZ_TARGETS)
fuzz-replay: $(REPLAYSAN)
fuzz-clean:
	rm -rf $(FUZZDIR) $(SANDIR)/fuzz build/replay

.PHONY: fuzz fuzz-ci fuzz-bin fuzz-replay fuzz-clean

# make check: the replay harnesses (sanitizer build), the seed corpora,
# and the libFuzzer binaries where clang has its fuzzer runtime
# (tests/fuzz.bats runs each a few seconds)
fuzz-check: $(REPLAYSAN) $(FUZZDIR)/corpus/.stamp
	@if echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return (int)(d[0] & n & 0); }' | \
		$(FUZZCC) -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then $(MAKE) fuzz-bin; \
	else echo "fuzz: $(FUZZCC) has no libFuzzer: tests/fuzz.bats replays only"; fi
.PHONY: fuzz-check
