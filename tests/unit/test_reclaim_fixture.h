#ifndef EBB_TEST_RECLAIM_FIXTURE_H
#define EBB_TEST_RECLAIM_FIXTURE_H

/* Shared by the reclaim unit tests: loads a recorded file into a
 * buffer exactly its size (no NUL), so parsers see what pread gives. */
#include <stdio.h>
#include <stdlib.h>

static char fixture_buf[65536];

static size_t load_fixture(const char *relative)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "%s/reclaim/%s", FIXTURES, relative);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "missing fixture %s\n", path);
		abort();
	}
	n = fread(fixture_buf, 1, sizeof fixture_buf, f);
	fclose(f);
	return n;
}

#endif
