/* filewrite: write checksummed files, fsync'ed and not, and report each.
 *
 *   filewrite DIR TOTAL_MIB FILE_MIB [PAUSE_MS]
 *
 * Writes DIR/f0000, f0001, ... of FILE_MIB each (pseudo-random data, a
 * seed per file) until TOTAL_MIB are written. Even files are fsync'ed
 * (and DIR after them), odd ones only closed. After each file it prints
 *   FILE <name> <bytes> <cksum> synced|unsynced
 * where <cksum> is POSIX cksum's CRC of the file, so the host can check
 * it with cksum(1); then it pauses PAUSE_MS (default 0). Ends with
 * "MARK written ms=<ms>". */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

enum { CHUNK = 1 << 20 };

static uint32_t crc_table[256];
static uint64_t chunk[CHUNK / 8];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i << 24;

		for (int b = 0; b < 8; b++)
			c = c & 0x80000000u ? c << 1 ^ 0x04C11DB7u : c << 1;
		crc_table[i] = c;
	}
}

static uint32_t crc_add(uint32_t crc, const unsigned char *p, size_t len)
{
	while (len--)
		crc = crc << 8 ^ crc_table[(crc >> 24 ^ *p++) & 0xff];
	return crc;
}

/* POSIX cksum: the data, then its length's bytes, low first, complemented. */
static uint32_t crc_finish(uint32_t crc, uint64_t len)
{
	for (; len; len >>= 8) {
		unsigned char byte = (unsigned char)len;

		crc = crc_add(crc, &byte, 1);
	}
	return ~crc;
}

static void fill(uint64_t *state)
{
	for (size_t i = 0; i < CHUNK / 8; i++) {
		*state ^= *state << 13;
		*state ^= *state >> 7;
		*state ^= *state << 17;
		chunk[i] = *state;
	}
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One file; 0 when written (and synced when asked). */
static int write_file(int dir_fd, const char *name, long mib, int do_sync,
		      uint64_t seed, uint32_t *crc_out)
{
	uint64_t state = seed * 0x9E3779B97F4A7C15ull | 1;
	uint32_t crc = 0;
	int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0) {
		tool_syserr("open %s", name);
		return -1;
	}
	for (long i = 0; i < mib; i++) {
		fill(&state);
		crc = crc_add(crc, (const unsigned char *)chunk, CHUNK);
		if (write_all(fd, chunk, CHUNK) < 0) {
			tool_syserr("write %s", name);
			close(fd);
			return -1;
		}
	}
	if ((do_sync && (fsync(fd) < 0 || fsync(dir_fd) < 0)) || close(fd) < 0) {
		tool_syserr("fsync/close %s", name);
		return -1;
	}
	*crc_out = crc_finish(crc, (uint64_t)mib * CHUNK);
	return 0;
}

int main(int argc, char **argv)
{
	bool ok_argc = argc == 4 || argc == 5;
	long total = ok_argc ? tool_parse_long(argv[2], 1, 1 << 20) : -1;
	long per_file = ok_argc ? tool_parse_long(argv[3], 1, 4096) : -1;
	long pause_ms = argc == 5 ? tool_parse_long(argv[4], 0, 60000) : 0;
	long start = tool_now_ms();
	int dir_fd;

	if (total < 0 || per_file < 0 || pause_ms < 0) {
		fprintf(stderr, "usage: filewrite DIR TOTAL_MIB FILE_MIB [PAUSE_MS]\n");
		return 2;
	}
	dir_fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0) {
		tool_syserr("open %s", argv[1]);
		return 1;
	}
	crc_init();
	for (long i = 0; i * per_file < total; i++) {
		char name[24];
		uint32_t crc;
		int do_sync = i % 2 == 0;

		snprintf(name, sizeof name, "f%04ld", i);
		if (write_file(dir_fd, name, per_file, do_sync, (uint64_t)i + 1, &crc) < 0)
			return 1;
		printf("FILE %s %ld %u %s\n", name, per_file << 20, crc,
		       do_sync ? "synced" : "unsynced");
		fflush(stdout);
		nanosleep(&(struct timespec){ pause_ms / 1000, pause_ms % 1000 * 1000000 }, NULL);
	}
	tool_mark("written", tool_now_ms() - start);
	return 0;
}
