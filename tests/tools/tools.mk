# Workload programs that run inside test and benchmark VMs (static musl),
# and the data disk they read. Included by the top Makefile.
TOOLS := memhog fileread schedidle vsockcheck orphans filewrite latency aiocheck uringcheck serveonce
TOOLS_BINS := $(TOOLS:%=$(B)/tools/%) $(B)/tools/hello32

$(B)/tools/%: tests/tools/%.c tests/tools/tool.c tests/tools/tool.h
	@mkdir -p $(@D)
	$(MUSL_CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) $(TOOL_INC) -static -s -o $@ $< tests/tools/tool.c

# musl has no kernel headers: vsockcheck's sockaddr_vm comes from the UAPI
# headers build.sh installs for BusyBox.
$(B)/tools/vsockcheck $(B)/tools/aiocheck $(B)/tools/uringcheck: TOOL_INC := -isystem $(B)/headers/include
$(B)/tools/vsockcheck $(B)/tools/aiocheck $(B)/tools/uringcheck: | headers

# A static i386 program (tests/vm/303): the host compiler's -m32 without a
# C library, so no 32-bit libc is needed to build it.
$(B)/tools/hello32: tests/tools/hello32.c
	@mkdir -p $(@D)
	$(HOST_CC) -m32 -static -nostdlib -ffreestanding -fno-pic -fno-stack-protector -Os $(WARN) -s -o $@ $<

# ext4 image with big400 (400 MiB) and hot/{a,b} (2 x 100 MiB) of random
# data: mke2fs -d would store zero blocks as holes.
$(B)/tools/data.ext4: tests/tools/mkdatadisk.sh
	@mkdir -p $(@D)
	tests/tools/mkdatadisk.sh $@

.PHONY: tools
tools: $(TOOLS_BINS) $(B)/tools/data.ext4

# BusyBox's init for tests/vm/206 (build.sh test-busybox: configured from
# tests/tools/busybox-init.config by build.sh's own BusyBox functions).
.PHONY: test-busybox
test-busybox: headers
	@./build.sh test-busybox
tools: test-busybox
