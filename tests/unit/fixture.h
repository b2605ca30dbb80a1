#ifndef EBB_TEST_FIXTURE_H
#define EBB_TEST_FIXTURE_H

/* Loads FIXTURES/dir/name into buf, at most size bytes and no NUL, so
 * parsers see what one read of the real file gives. A missing fixture
 * aborts the test run: it is a broken test, not a failing parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline size_t fixture_read(const char *dir, const char *name, char *buf, size_t size)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "%s/%s/%s", FIXTURES, dir, name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "missing fixture %s\n", path);
		abort();
	}
	n = fread(buf, 1, size, f);
	fclose(f);
	return n;
}

/* A fresh /tmp file holding the len bytes; its path stays valid until the
 * next call. A file that cannot be written aborts, like a missing
 * fixture. */
static inline const char *fixture_temp_file(const void *bytes, size_t len)
{
	static char path[] = "/tmp/ebb-fixture.XXXXXX";
	int fd;

	strcpy(path, "/tmp/ebb-fixture.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, bytes, len) != (ssize_t)len) {
		perror(path);
		abort();
	}
	close(fd);
	return path;
}

#endif
