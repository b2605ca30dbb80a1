# ebb: the front door. Build steps that fetch or configure third-party
# sources live in build.sh; this file builds our own C, and runs and tests.
.DELETE_ON_ERROR:
SHELL := /bin/bash
B := build

MUSL_CC ?= musl-gcc
HOST_CC ?= gcc
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
INC := -Icommon -Iinit -Ireclaim
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -O2 $(WARN) $(INC) -MMD -MP

# The init binary: everything in common/, init/ and reclaim/.
EBB_SRCS := $(wildcard common/*.c init/*.c reclaim/*.c)
# Unit tests link all but main() from a host (glibc) archive.
LIB_SRCS := $(filter-out init/main.c,$(EBB_SRCS))
TEST_SRCS := $(wildcard tests/unit/test_*.c)

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(MUSL_CC) $(CFLAGS_COMMON) -Os -ffunction-sections -fdata-sections -c -o $@ $<

$(B)/host/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(CFLAGS_COMMON) -g -c -o $@ $<

$(B)/init: $(EBB_SRCS:%.c=$(B)/obj/%.o)
	$(MUSL_CC) -static -Wl,--gc-sections -s -o $@ $^

$(B)/host/libebb.a: $(LIB_SRCS:%.c=$(B)/host/%.o)
	rm -f $@ && ar rcs $@ $^

$(B)/unit/%: tests/unit/%.c $(B)/host/libebb.a
	@mkdir -p $(@D)
	$(HOST_CC) $(CFLAGS_COMMON) -g -Itests/unit -DFIXTURES='"$(CURDIR)/tests/unit/fixtures"' -o $@ $< $(B)/host/libebb.a -lcmocka -lpthread

.PHONY: init unit-tests
init: $(B)/init
unit-tests: $(TEST_SRCS:tests/unit/%.c=$(B)/unit/%)

include tests/tools/tools.mk bench/bench.mk
-include $(shell find $(B)/obj $(B)/host $(B)/unit -name '*.d' -type f 2>/dev/null)
