# ebb: the front door. Build steps that fetch or configure third-party
# sources live in build.sh; this file builds our own C, and runs and tests.
#   make          kernel, initramfs, ext4 and tarball images, then their sizes
#   make run      boot the images in QEMU with a shell on this terminal
#   make test     everything tests/run.sh runs (unit, build, ns, vm, fuzz,
#                 sanitizers), after building the WSL2 kernel too (make kernel-wsl)
#   make fuzz     each fuzz target for FUZZ_SECONDS (tests/fuzz/fuzz.mk)
.DELETE_ON_ERROR:
SHELL := /bin/bash
# EBB_BUILD (absolute): another build directory, as for build.sh.
B := $(or $(EBB_BUILD),build)
.DEFAULT_GOAL := all

# build.sh reads these from the environment.
TARGET ?= qemu
export TARGET KERNEL_SRC SOURCE_DATE_EPOCH ROOTFS_EXT4_SIZE

# make run: QEMU settings.
MEM ?= 1G
SMP ?= 2
ACCEL ?= tcg
DISK ?=
APPEND ?=
# make run / make ssh: the host's 127.0.0.1:SSH_PORT is the guest's port
# 22; SSH_KEY is the private key to log in with (its .pub goes to the
# guest as ebb.ssh_key=); without one, build/ssh/id_ed25519 is made once.
SSH_PORT ?= 2222
SSH_KEY ?= $(B)/ssh/id_ed25519
SSH_OPTS = -i $(SSH_KEY) -p $(SSH_PORT) -o UserKnownHostsFile=$(B)/ssh/known_hosts \
	-o StrictHostKeyChecking=accept-new

MUSL_CC ?= musl-gcc
# init is small: no unwind tables (C, no exceptions), unused sections
# dropped, and no page alignment padding between code and data.
SIZE_CFLAGS := -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables
SIZE_LDFLAGS := -s -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,--build-id=none
HOST_CC ?= gcc
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
INC := -Icommon -Iinit -Ireclaim -Iseed
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -O2 $(WARN) $(INC) -MMD -MP

# The init binary: everything in common/, init/, reclaim/ and seed/.
EBB_SRCS := $(wildcard common/*.c init/*.c reclaim/*.c seed/*.c)
# Unit tests link all but main() from a host (glibc) archive.
LIB_SRCS := $(filter-out init/main.c,$(EBB_SRCS))
TEST_SRCS := $(wildcard tests/unit/test_*.c)

$(B)/obj/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(MUSL_CC) $(CFLAGS_COMMON) $(SIZE_CFLAGS) -c -o $@ $<

$(B)/host/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(CFLAGS_COMMON) -g -c -o $@ $<

$(B)/init: $(EBB_SRCS:%.c=$(B)/obj/%.o)
	$(MUSL_CC) -static $(SIZE_LDFLAGS) -o $@ $^

$(B)/host/libebb.a: $(LIB_SRCS:%.c=$(B)/host/%.o)
	rm -f $@ && ar rcs $@ $^

$(B)/unit/%: tests/unit/%.c $(B)/host/libebb.a
	@mkdir -p $(@D)
	$(HOST_CC) $(CFLAGS_COMMON) -g -Itests/unit -DFIXTURES='"$(CURDIR)/tests/unit/fixtures"' -o $@ $< $(B)/host/libebb.a -lcmocka -lpthread

# Packages first: every compile needs musl-gcc, cmocka or the kernel source.
$(B)/.deps: build.sh
	@./build.sh deps
	@mkdir -p $(@D) && touch $@
$(EBB_SRCS:%.c=$(B)/obj/%.o) $(LIB_SRCS:%.c=$(B)/host/%.o): | $(B)/.deps

.PHONY: all deps sources kernel kernel-wsl headers busybox dropbear rootfs images sizes run ssh test clean
all: images
	@./build.sh sizes
deps: $(B)/.deps
# Sources are fetched once, before the steps that share them run in parallel.
sources: $(B)/.deps
	@./build.sh sources
kernel: sources
	@./build.sh kernel
# The WSL2 kernel, whatever TARGET is: make test boots it too.
kernel-wsl: sources
	@TARGET=wsl ./build.sh kernel
headers: sources
	@./build.sh headers
busybox: headers
	@./build.sh busybox
dropbear: headers
	@./build.sh dropbear
rootfs: busybox dropbear $(B)/init
	@./build.sh rootfs
images: kernel rootfs
sizes:
	@./build.sh sizes

# DISK=1 boots a persistent copy of rootfs.ext4 (build/disk.ext4, made
# afresh only when missing or older than the image); DISK=<file> boots that file.
RUN_DISK := $(if $(filter 1,$(DISK)),$(B)/disk.ext4,$(DISK))
QEMU_ARGS = -accel $(ACCEL) $(if $(filter kvm,$(ACCEL)),-cpu host) -m $(MEM) -smp $(SMP) \
	-nographic -no-reboot -kernel $(B)/bzImage \
	$(if $(RUN_DISK),-drive file=$(RUN_DISK)$(,)format=raw$(,)if=virtio,-initrd $(B)/initramfs.cpio.gz) \
	-append "console=ttyS0 $(if $(RUN_DISK),root=/dev/vda rw) ebb.ssh_key=\"$$(cat $(SSH_KEY).pub)\" $(APPEND)" \
	-device virtio-balloon-pci,free-page-reporting=on -device virtio-rng-pci \
	-nic user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:$(SSH_PORT)-:22
, := ,

run: images $(SSH_KEY)
	@if [ "$(DISK)" = 1 ] && [ ! $(B)/disk.ext4 -nt $(B)/rootfs.ext4 ]; then \
		echo "==> run: fresh build/disk.ext4 from build/rootfs.ext4"; \
		cp --sparse=always $(B)/rootfs.ext4 $(B)/disk.ext4; fi
	@echo "==> run: QEMU ($(ACCEL), $(MEM), $(SMP) vCPU); leave with poweroff in the guest, or Ctrl-A X"
	@# A RAM system gets a new host key at each boot: forget the old one.
	@$(if $(RUN_DISK),,ssh-keygen -q -R "[127.0.0.1]:$(SSH_PORT)" -f $(B)/ssh/known_hosts >/dev/null 2>&1 || true)
	@echo "==> run: ssh in from another terminal: make ssh  (ssh $(SSH_OPTS) root@127.0.0.1)"
	qemu-system-x86_64 $(QEMU_ARGS)

# make ssh [SSH_KEY=~/.ssh/id_ed25519] [CMD=...]: into the guest of make run.
ssh: $(SSH_KEY)
	ssh $(SSH_OPTS) root@127.0.0.1 $(if $(CMD),'$(subst ','\'',$(CMD))')

# The key make run and make ssh use when SSH_KEY names none of the user's.
$(B)/ssh/id_ed25519:
	@mkdir -p $(@D)
	ssh-keygen -q -t ed25519 -N '' -C ebb-dev-vm -f $@

# kernel-wsl after images: two kernel builds at once would share a log.
test: images unit-tests tools fuzzers asan
	@$(MAKE) --no-print-directory kernel-wsl
	tests/run.sh

clean:
	rm -rf $(B)

.PHONY: init unit-tests
init: $(B)/init
unit-tests: $(TEST_SRCS:tests/unit/%.c=$(B)/unit/%)

include tests/tools/tools.mk bench/bench.mk tests/fuzz/fuzz.mk
$(TEST_SRCS:tests/unit/%.c=$(B)/unit/%) $(TOOLS_BINS): | $(B)/.deps
-include $(shell find $(B)/obj $(B)/host $(B)/unit -name '*.d' -type f 2>/dev/null)
