/* memhog: touch N MiB of anonymous memory, then give it back.
 *
 *   memhog MIB [--keep-every KIB] [--hold SECONDS] [--mark NAME]
 *
 * Default: touch, then unmap (the freed memory is whole free blocks, so
 * free page reporting alone can return it). With --keep-every, one 4 KiB
 * page per KIB stays touched and the rest is MADV_DONTNEED'd: the free
 * memory is left scattered, reportable only after compaction; the kept
 * pages are held for SECONDS (default: until a signal).
 * Prints "MARK NAME ms=<touch time>" when done (default NAME: memhog). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

enum { PAGE = 4096 };

struct hog_args {
	size_t bytes;
	size_t keep_every; /* bytes; 0: free everything */
	long hold_seconds; /* -1: until a signal */
	const char *mark;
};

static int parse_hog_args(int argc, char **argv, struct hog_args *args)
{
	long mib = argc > 1 ? tool_parse_long(argv[1], 1, 1 << 20) : -1;

	args->keep_every = 0;
	args->hold_seconds = -1;
	args->mark = "memhog";
	if (mib < 0)
		return -1;
	args->bytes = (size_t)mib << 20;
	for (int i = 2; i + 1 < argc; i += 2) {
		long value = tool_parse_long(argv[i + 1], 0, 1L << 30);

		/* whole pages, at least one freed per kept page */
		if (strcmp(argv[i], "--keep-every") == 0 && value >= 8 && value % 4 == 0)
			args->keep_every = (size_t)value << 10;
		else if (strcmp(argv[i], "--hold") == 0 && value >= 0)
			args->hold_seconds = value;
		else if (strcmp(argv[i], "--mark") == 0)
			args->mark = argv[i + 1];
		else
			return -1;
	}
	return argc % 2 == 0 ? 0 : -1;
}

/* Transparent huge pages would make "one page kept per block" keep the
 * whole 2 MiB; the kernel may not even have THP, so failure is fine. */
static char *map_small_pages(size_t bytes)
{
	char *area = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (area == MAP_FAILED) {
		tool_syserr("mmap %zu bytes", bytes);
		return NULL;
	}
	if (madvise(area, bytes, MADV_NOHUGEPAGE) < 0 && errno != EINVAL)
		tool_syserr("madvise NOHUGEPAGE");
	return area;
}

static void touch_pages(char *area, size_t bytes)
{
	for (size_t off = 0; off < bytes; off += PAGE)
		area[off] = (char)(off / PAGE | 1);
}

/* Keeps the first page of every keep_every bytes. */
static int scatter_free(char *area, size_t bytes, size_t keep_every)
{
	for (size_t off = 0; off < bytes; off += keep_every) {
		size_t len = keep_every - PAGE;

		if (off + keep_every > bytes)
			len = bytes - off - PAGE;
		if (len > 0 && madvise(area + off + PAGE, len, MADV_DONTNEED) < 0) {
			tool_syserr("madvise DONTNEED");
			return -1;
		}
	}
	return 0;
}

static void hold(long seconds)
{
	if (seconds < 0) {
		for (;;)
			pause();
	}
	struct timespec left = { .tv_sec = seconds };

	while (nanosleep(&left, &left) < 0 && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	struct hog_args args;

	if (parse_hog_args(argc, argv, &args) < 0) {
		fprintf(stderr, "usage: memhog MIB [--keep-every KIB] [--hold SECONDS] [--mark NAME]\n");
		return 2;
	}
	char *area = map_small_pages(args.bytes);

	if (!area)
		return 1;
	long start = tool_now_ms();

	touch_pages(area, args.bytes);
	if (args.keep_every == 0) {
		munmap(area, args.bytes);
		tool_mark(args.mark, tool_now_ms() - start);
		return 0;
	}
	if (scatter_free(area, args.bytes, args.keep_every) < 0)
		return 1;
	tool_mark(args.mark, tool_now_ms() - start);
	hold(args.hold_seconds);
	return 0;
}
