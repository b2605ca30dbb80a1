# Fuzzing and sanitizer builds (clang, ASan + UBSan). Included by the top
# Makefile; run by tests/fuzz/fuzz.sh (make fuzz, make test) and
# tests/sanitized.sh (make test).
#   build/fuzz/<target>   libFuzzer harness tests/fuzz/<target>.c
#   build/asan/init       init for the host (glibc), ASan + UBSan
#   build/asan/unit/test_*  the unit tests against it
CLANG ?= clang
FUZZ_SECONDS ?= 60
# Any UBSan finding aborts like an ASan one: no report is only printed.
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_CFLAGS := $(CFLAGS_COMMON) -O1 -g
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz/%)
ASAN_UNIT_BINS := $(TEST_SRCS:tests/unit/%.c=$(B)/asan/unit/%)

$(B)/asan/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CLANG) $(SAN_CFLAGS) $(SANITIZE) -c -o $@ $<

$(B)/asan/init: $(EBB_SRCS:%.c=$(B)/asan/obj/%.o)
	$(CLANG) $(SANITIZE) -o $@ $^ -lpthread

$(B)/asan/libebb.a: $(LIB_SRCS:%.c=$(B)/asan/obj/%.o)
	rm -f $@ && ar rcs $@ $^

$(B)/asan/unit/%: tests/unit/%.c $(B)/asan/libebb.a
	@mkdir -p $(@D)
	$(CLANG) $(SAN_CFLAGS) $(SANITIZE) -Itests/unit -DFIXTURES='"$(CURDIR)/tests/unit/fixtures"' -o $@ $< $(B)/asan/libebb.a -lcmocka -lpthread

# Harnesses link the parsers from an archive instrumented for coverage.
$(B)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CLANG) $(SAN_CFLAGS) $(SANITIZE) -fsanitize=fuzzer-no-link -c -o $@ $<

$(B)/fuzz/libebb.a: $(LIB_SRCS:%.c=$(B)/fuzz/obj/%.o)
	rm -f $@ && ar rcs $@ $^

# seed_decode checks the seed's inflater against zlib.
FUZZ_LIBS_seed_decode := -lz
$(B)/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(B)/fuzz/libebb.a
	$(CLANG) $(SAN_CFLAGS) $(SANITIZE) -fsanitize=fuzzer -Itests/fuzz -o $@ $< $(B)/fuzz/libebb.a -lpthread $(FUZZ_LIBS_$*)

$(EBB_SRCS:%.c=$(B)/asan/obj/%.o) $(LIB_SRCS:%.c=$(B)/fuzz/obj/%.o): | $(B)/.deps

.PHONY: fuzzers asan fuzz
fuzzers: $(FUZZ_BINS)
asan: $(B)/asan/init $(ASAN_UNIT_BINS)
# make fuzz [FUZZ_SECONDS=60]: each target that long; what it finds stays
# in build/fuzz/corpus/<target>, crashes in build/fuzz/crashes/.
fuzz: fuzzers
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_KEEP=1 tests/fuzz/fuzz.sh

-include $(shell find $(B)/asan $(B)/fuzz -name '*.d' -type f 2>/dev/null)
