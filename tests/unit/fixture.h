#ifndef EBB_TEST_FIXTURE_H
#define EBB_TEST_FIXTURE_H

/* Loads FIXTURES/dir/name into buf, at most size bytes and no NUL, so
 * parsers see what one read of the real file gives. A missing fixture
 * aborts the test run: it is a broken test, not a failing parser. */
#include <stdio.h>
#include <stdlib.h>

static size_t fixture_read(const char *dir, const char *name, char *buf, size_t size)
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

#endif
