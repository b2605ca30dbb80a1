/* /proc/mounts as mounts_unmount_all reads it: at most MOUNTS_FILE_MAX
 * bytes, one more writable (mounts.h): the mount points it would unmount. */
#include "mounts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *points[MOUNTS_MAX];
	char *buf;
	int count;

	if (size > MOUNTS_FILE_MAX)
		return -1;
	buf = fuzz_copy(data, size, 1);
	count = mounts_parse(buf, size, points, MOUNTS_MAX);
	FUZZ_CHECK(count >= 0 && count <= MOUNTS_MAX);
	/* Each point is decoded in place, terminated at buf[size] at the latest. */
	for (int i = 0; i < count; i++)
		FUZZ_CHECK(points[i] >= buf && points[i] + strlen(points[i]) <= buf + size);
	free(buf);
	return 0;
}
