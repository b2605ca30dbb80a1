/* aiocheck: one read through the kernel's POSIX AIO system calls
 * (io_setup, io_submit, io_getevents), as databases and fio use them;
 * musl has no wrappers, so raw syscalls.
 *
 *   aiocheck FILE      prints "aio: read N bytes" (the first 4 KiB at most) */
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

int main(int argc, char **argv)
{
	static char buf[4096];
	aio_context_t ctx = 0;
	struct iocb cb, *cbs[1] = { &cb };
	struct io_event ev;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: aiocheck FILE\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY | O_CLOEXEC)) < 0) {
		tool_syserr("open %s", argv[1]);
		return 1;
	}
	if (syscall(SYS_io_setup, 1, &ctx) < 0) {
		tool_syserr("aio: io_setup");
		return 1;
	}
	memset(&cb, 0, sizeof cb);
	cb.aio_lio_opcode = IOCB_CMD_PREAD;
	cb.aio_fildes = (uint32_t)fd;
	cb.aio_buf = (uint64_t)(uintptr_t)buf;
	cb.aio_nbytes = sizeof buf;
	if (syscall(SYS_io_submit, ctx, 1, cbs) != 1) {
		tool_syserr("aio: io_submit");
		return 1;
	}
	if (syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL) != 1) {
		tool_syserr("aio: io_getevents");
		return 1;
	}
	if (ev.res < 0) {
		fprintf(stderr, "aio: read: %s\n", strerror((int)-ev.res));
		return 1;
	}
	printf("aio: read %lld bytes\n", (long long)ev.res);
	syscall(SYS_io_destroy, ctx);
	close(fd);
	return 0;
}
