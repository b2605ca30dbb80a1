/* uringcheck: one read through io_uring (io_uring_setup, the rings mapped
 * as liburing maps them, io_uring_enter), as newer runtimes use it; musl
 * has no wrappers, so raw syscalls.
 *
 *   uringcheck FILE    prints "io_uring: read N bytes" (the first 4 KiB at most) */
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

static void *map_ring(int ring, size_t len, off_t offset)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, offset);

	if (p == MAP_FAILED)
		tool_syserr("io_uring: mmap at %lld", (long long)offset);
	return p == MAP_FAILED ? NULL : p;
}

/* Queues one read of buf from fd at offset 0 in the submission ring. */
static int queue_read(int ring, const struct io_uring_params *p, int fd, char *buf, size_t len)
{
	char *sq = map_ring(ring, p->sq_off.array + p->sq_entries * sizeof(uint32_t), IORING_OFF_SQ_RING);
	struct io_uring_sqe *sqes = map_ring(ring, p->sq_entries * sizeof *sqes, IORING_OFF_SQES);
	uint32_t *tail, *array, mask;

	if (!sq || !sqes)
		return -1;
	tail = (uint32_t *)(sq + p->sq_off.tail);
	mask = *(uint32_t *)(sq + p->sq_off.ring_mask);
	array = (uint32_t *)(sq + p->sq_off.array);
	memset(&sqes[0], 0, sizeof sqes[0]);
	sqes[0].opcode = IORING_OP_READ;
	sqes[0].fd = fd;
	sqes[0].addr = (uint64_t)(uintptr_t)buf;
	sqes[0].len = (uint32_t)len;
	array[*tail & mask] = 0;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	return 0;
}

/* The first completion's result, after io_uring_enter waited for it. */
static int reap_one(int ring, const struct io_uring_params *p, int *res)
{
	char *cq = map_ring(ring, p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe),
			    IORING_OFF_CQ_RING);
	uint32_t head;

	if (!cq)
		return -1;
	head = *(uint32_t *)(cq + p->cq_off.head);
	if (head == __atomic_load_n((uint32_t *)(cq + p->cq_off.tail), __ATOMIC_ACQUIRE)) {
		fprintf(stderr, "io_uring: no completion\n");
		return -1;
	}
	*res = ((struct io_uring_cqe *)(cq + p->cq_off.cqes))[head & *(uint32_t *)(cq + p->cq_off.ring_mask)].res;
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[4096];
	struct io_uring_params p;
	int fd, ring, res;

	if (argc != 2) {
		fprintf(stderr, "usage: uringcheck FILE\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY | O_CLOEXEC)) < 0) {
		tool_syserr("open %s", argv[1]);
		return 1;
	}
	memset(&p, 0, sizeof p);
	if ((ring = (int)syscall(SYS_io_uring_setup, 4, &p)) < 0) {
		tool_syserr("io_uring: io_uring_setup");
		return 1;
	}
	if (queue_read(ring, &p, fd, buf, sizeof buf) < 0)
		return 1;
	if (syscall(SYS_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0) {
		tool_syserr("io_uring: io_uring_enter");
		return 1;
	}
	if (reap_one(ring, &p, &res) < 0)
		return 1;
	if (res < 0) {
		fprintf(stderr, "io_uring: read: %s\n", strerror(-res));
		return 1;
	}
	printf("io_uring: read %d bytes\n", res);
	return 0;
}
