# ebb: the front door. Build steps that fetch or configure third-party
# sources live in build.sh; this file builds our own C, and runs and tests.
#   make          kernel, initramfs, ext4 and tarball images, then their sizes
#                 (FLAVOR=debian: also the Debian flavour, as make debian)
#   make debian   build/debian.ext4, debian.qcow2, debian.manifest (mmdebstrap)
#   make run      boot the images in QEMU with a shell on this terminal
#                 (MACHINE=microvm: QEMU's microvm machine instead of pc)
#   make powerdown  press that VM's ACPI power button (clean shutdown)
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
# busybox (the images above), or debian: those plus the Debian flavour.
FLAVOR ?= busybox
ifeq ($(filter busybox debian,$(FLAVOR)),)
$(error FLAVOR=$(FLAVOR): flavours are busybox and debian)
endif

# make run: QEMU settings. MACHINE: pc, or microvm (virtio-mmio, no PCI
# or IDE: no seed CD-ROM); ./machine.sh says what each needs.
MACHINE ?= pc
MEM ?= 1G
SMP ?= 2
ACCEL ?= tcg
# TCG's translation buffer in MiB: QEMU memory no guest can give back. Its
# default grows to 1 GiB with a Debian guest; 256 costs no measurable speed
# (docs/benchmarks.md, TCG).
TB_SIZE ?= 256
DISK ?=
DISK_SIZE ?=
SHARE ?=
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
# dropped, no page alignment padding between code and data, absolute
# addresses (a static non-PIE binary: no GOT indirection) and no RELRO
# (its page-aligned segment padded the file by ~2 KB; nothing is loaded
# dynamically, so there is no relocated data for it to protect), the
# data segment not padded to a page boundary in the file, and link-time
# optimization across files (-flto: 1.5 KB); -Oz with functions called
# once left out of line (900 bytes less than -Os).
# tests/build/init_size.sh holds the result at or under 60 KiB.
SIZE_CFLAGS := -Oz -fno-inline-functions-called-once -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-pie -flto
SIZE_LDFLAGS := -s -no-pie -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,--build-id=none -Wl,-z,norelro -Wl,-z,common-page-size=64
HOST_CC ?= gcc
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
INC := -Icommon -Iinit -Ireclaim -Iseed
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -O2 $(WARN) $(INC) -MMD -MP

# The init binary: everything in common/, init/ and reclaim/.
EBB_SRCS := $(wildcard common/*.c init/*.c reclaim/*.c)
# ebb-seed, a program of its own: seed/ and common/ (whose command line
# word splitter finds ebb.ssh_key=).
SEED_SRCS := $(wildcard common/*.c seed/*.c)
# Unit tests link all but main() from a host (glibc) archive.
LIB_SRCS := $(filter-out init/main.c,$(EBB_SRCS)) $(filter-out seed/main.c,$(wildcard seed/*.c))
TEST_SRCS := $(wildcard tests/unit/test_*.c)

$(B)/obj/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(MUSL_CC) $(CFLAGS_COMMON) $(SIZE_CFLAGS) -c -o $@ $<

$(B)/host/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(CFLAGS_COMMON) -g -c -o $@ $<

$(B)/init: $(EBB_SRCS:%.c=$(B)/obj/%.o)
	$(MUSL_CC) -static $(WARN) $(SIZE_CFLAGS) $(SIZE_LDFLAGS) -Wl,-Map=$(B)/init.map -o $@ $^

$(B)/ebb-seed: $(SEED_SRCS:%.c=$(B)/obj/%.o)
	$(MUSL_CC) -static $(WARN) $(SIZE_CFLAGS) $(SIZE_LDFLAGS) -o $@ $^

$(B)/host/libebb.a: $(LIB_SRCS:%.c=$(B)/host/%.o)
	rm -f $@ && ar rcs $@ $^

$(B)/unit/%: tests/unit/%.c $(B)/host/libebb.a
	@mkdir -p $(@D)
	$(HOST_CC) $(CFLAGS_COMMON) -g -Itests/unit -DFIXTURES='"$(CURDIR)/tests/unit/fixtures"' -o $@ $< $(B)/host/libebb.a -lcmocka -lpthread

# Packages first: every compile needs musl-gcc, cmocka or the kernel source.
$(B)/.deps: build.sh
	@./build.sh deps
	@mkdir -p $(@D) && touch $@
$(EBB_SRCS:%.c=$(B)/obj/%.o) $(SEED_SRCS:%.c=$(B)/obj/%.o) $(LIB_SRCS:%.c=$(B)/host/%.o): | $(B)/.deps

.PHONY: all deps sources kernel kernel-wsl headers busybox dropbear rootfs images debian sizes run ssh powerdown test clean
all: images $(if $(filter debian,$(FLAVOR)),debian)
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
rootfs: busybox dropbear $(B)/init $(B)/ebb-seed
	@./build.sh rootfs
images: kernel rootfs
debian: kernel $(B)/init $(B)/ebb-seed
	@./build.sh debian
sizes:
	@./build.sh sizes

# DISK=1 boots a persistent copy of rootfs.ext4 (build/disk.ext4, made
# afresh only when missing or older than the image); DISK=<file> boots that file.
# FLAVOR=debian boots build/debian-disk.qcow2, a persistent qcow2 overlay
# on debian.qcow2 (made afresh likewise), with ssh on 127.0.0.1:SSH_PORT.
RUN_DISK := $(if $(filter debian,$(FLAVOR)),$(B)/debian-disk.qcow2,$(if $(filter 1,$(DISK)),$(B)/disk.ext4,$(DISK)))
# DISK_SIZE=8G makes the disk file that size (sparse; never smaller): the
# guest's init grows the root ext4 to fill it at boot.
# SHARE=dir: the host folder dir on /mnt/host (9p, tag host). security_model
# none: the guest sees and makes files as the user running QEMU (yours).
SHARE_ARGS = $(if $(SHARE),-fsdev local$(,)id=share$(,)path=$(abspath $(SHARE))$(,)security_model=none \
	-device virtio-9p-$(BUS)$(,)fsdev=share$(,)mount_tag=host)
BUS = $(shell ./machine.sh $(MACHINE) bus)
QEMU_ARGS = $(shell ./machine.sh $(MACHINE) qemu) -accel $(ACCEL)$(if $(filter tcg,$(ACCEL)),$(,)tb-size=$(TB_SIZE)) $(if $(filter kvm,$(ACCEL)),-cpu host) \
	-m $(MEM) -smp $(SMP) -nographic -no-reboot -kernel $(B)/vmlinux \
	$(if $(RUN_DISK),-drive file=$(RUN_DISK)$(,)format=$(if $(filter %.qcow2,$(RUN_DISK)),qcow2,raw)$(,)if=none$(,)id=root \
		-device virtio-blk-$(BUS)$(,)drive=root,-initrd $(B)/initramfs.cpio.gz) \
	-append "console=ttyS0 $(shell ./machine.sh $(MACHINE) append) $(if $(RUN_DISK),root=/dev/vda rw) \
		ebb.ssh_key=\"$$(cat $(SSH_KEY).pub)\" $(APPEND)" \
	-device virtio-balloon-$(BUS)$(,)free-page-reporting=on -device virtio-rng-$(BUS) \
	-netdev user$(,)id=net$(,)hostfwd=tcp:127.0.0.1:$(SSH_PORT)-:22 -device virtio-net-$(BUS)$(,)netdev=net \
	$(SHARE_ARGS) -qmp unix:$(QMP_SOCKET)$(,)server=on$(,)wait=off
, := ,
# make powerdown: the ACPI power button of the VM make run started, over
# its QMP socket: the guest shuts down cleanly and QEMU ends.
QMP_SOCKET = $(abspath $(B))/qmp.sock
QMP_POWERDOWN := import json, socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); \
	f = s.makefile("rw"); f.readline(); \
	[(f.write(json.dumps({"execute": c}) + "\n"), f.flush(), f.readline()) for c in ("qmp_capabilities", "system_powerdown")]

run: images $(SSH_KEY) $(if $(filter debian,$(FLAVOR)),debian)
	@if [ "$(DISK)" = 1 ] && [ ! $(B)/disk.ext4 -nt $(B)/rootfs.ext4 ]; then \
		echo "==> run: fresh build/disk.ext4 from build/rootfs.ext4"; \
		cp --sparse=always $(B)/rootfs.ext4 $(B)/disk.ext4; fi
	@if [ "$(FLAVOR)" = debian ] && [ ! $(B)/debian-disk.qcow2 -nt $(B)/debian.qcow2 ]; then \
		echo "==> run: fresh build/debian-disk.qcow2 over build/debian.qcow2"; \
		qemu-img create -q -f qcow2 -F qcow2 -b debian.qcow2 $(B)/debian-disk.qcow2; fi
	@if [ -n "$(DISK_SIZE)" ]; then \
		[ -n "$(RUN_DISK)" ] || { echo "make run: DISK_SIZE needs DISK=1 or DISK=<file>" >&2; exit 2; }; \
		want=$$(numfmt --from=iec "$(DISK_SIZE)") || { echo "make run: DISK_SIZE=$(DISK_SIZE) is no size (say 8G)" >&2; exit 2; }; \
		case "$(RUN_DISK)" in \
		*.qcow2) have=$$(qemu-img info --output=json "$(RUN_DISK)" | sed -n 's/.*"virtual-size": *\([0-9]*\).*/\1/p'); \
			grow="qemu-img resize -q $(RUN_DISK) $$want" ;; \
		*) have=$$(stat -c %s "$(RUN_DISK)"); grow="truncate -s $$want $(RUN_DISK)" ;; \
		esac; \
		if [ "$$want" -gt "$$have" ]; then \
			echo "==> run: $(RUN_DISK) grows to $(DISK_SIZE) (sparse); the guest grows / to fill it"; \
			$$grow; \
		elif [ "$$want" -lt "$$have" ]; then \
			echo "==> run: $(RUN_DISK) is $$(numfmt --to=iec $$have), above DISK_SIZE=$(DISK_SIZE): kept (ext4 does not shrink online)"; fi; fi
	@if [ -n "$(SHARE)" ] && [ ! -d "$(SHARE)" ]; then echo "make run: SHARE=$(SHARE) is no directory" >&2; exit 2; fi
	@./machine.sh $(MACHINE) bus >/dev/null
	@echo "==> run: QEMU ($(MACHINE), $(ACCEL), $(MEM), $(SMP) vCPU); leave with poweroff in the guest, or Ctrl-A X"
	@# A RAM system gets a new host key at each boot: forget the old one.
	@$(if $(RUN_DISK),,ssh-keygen -q -R "[127.0.0.1]:$(SSH_PORT)" -f $(B)/ssh/known_hosts >/dev/null 2>&1 || true)
	@echo "==> run: ssh in from another terminal: make ssh  (ssh $(SSH_OPTS) root@127.0.0.1)"
	qemu-system-x86_64 $(QEMU_ARGS)

powerdown:
	@[ -S $(QMP_SOCKET) ] || { echo "make powerdown: no $(QMP_SOCKET): is make run running?" >&2; exit 1; }
	@python3 -c '$(QMP_POWERDOWN)' $(QMP_SOCKET) || { echo "make powerdown: QEMU did not answer on $(QMP_SOCKET)" >&2; exit 1; }
	@echo "==> powerdown: power button pressed; the guest shuts down (at most 3 x ebb.shutdown_timeout + 2 s)"

# make ssh [SSH_KEY=~/.ssh/id_ed25519] [CMD=...]: into the guest of make run.
ssh: $(SSH_KEY)
	ssh $(SSH_OPTS) root@127.0.0.1 $(if $(CMD),'$(subst ','\'',$(CMD))')

# The key make run and make ssh use when SSH_KEY names none of the user's.
$(B)/ssh/id_ed25519:
	@mkdir -p $(@D)
	ssh-keygen -q -t ed25519 -N '' -C ebb-dev-vm -f $@

# kernel-wsl after images: two kernel builds at once would share a log.
# The Debian flavour too; without Debian's archive (build.sh status 3) its
# tests print SKIP lines instead.
# TEST_JOBS: VM tests run that many at a time (docs/testing.md).
TEST_JOBS ?= 2
test: images unit-tests tools fuzzers asan
	@$(MAKE) --no-print-directory kernel-wsl
	@./build.sh debian || { [ $$? -eq 3 ] && echo "==> test: no Debian flavour: its tests will SKIP"; }
	JOBS=$(TEST_JOBS) tests/run.sh

clean:
	rm -rf $(B)

.PHONY: init unit-tests
init: $(B)/init
unit-tests: $(TEST_SRCS:tests/unit/%.c=$(B)/unit/%)

include tests/tools/tools.mk bench/bench.mk tests/fuzz/fuzz.mk
$(TEST_SRCS:tests/unit/%.c=$(B)/unit/%) $(TOOLS_BINS): | $(B)/.deps
-include $(shell find $(B)/obj $(B)/host $(B)/unit -name '*.d' -type f 2>/dev/null)
