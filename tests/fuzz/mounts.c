/* /proc/mounts as PID 1's shutdown reads it (fs_unmount_all): through
 * mounts_each_reverse, in windows of at most MOUNTS_MAX lines and
 * MOUNTS_FILE_MAX bytes from the file's end, whatever its length. The
 * input is the file (a memfd). Its promise, checked against mounts_parse
 * on each line alone: every line's mount point is visited once, last
 * line first, and a line longer than a window is skipped, never cut. And
 * mounts_parse itself on one window's bytes (one more writable): points
 * end inside the buffer. */
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "mounts.h"

/* Whole files stay small enough to fuzz fast, and still span windows. */
enum { FILE_MAX = 3 * MOUNTS_FILE_MAX };

struct points {
	char **text;
	int count;
};

static void keep(struct points *p, const char *point)
{
	p->text = realloc(p->text, (size_t)(p->count + 1) * sizeof *p->text);
	if (!p->text || !(p->text[p->count] = strdup(point)))
		abort();
	p->count++;
}

static void visited(const char *point, void *arg)
{
	keep(arg, point);
}

/* Each line's point as mounts_parse finds it in that line alone, in file
 * order; lines of MOUNTS_FILE_MAX bytes or more have none. */
static void expected_points(const uint8_t *data, size_t size, struct points *want)
{
	size_t start = 0;

	while (start < size) {
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		size_t len = (nl ? (size_t)(nl - data) : size) - start;

		if (len < MOUNTS_FILE_MAX) {
			char *line = fuzz_copy(data + start, len, 1), *point;

			if (mounts_parse(line, len, &point, 1) == 1)
				keep(want, point);
			free(line);
		}
		start += len + 1;
	}
}

static void check_window_parse(const uint8_t *data, size_t size)
{
	char *points[MOUNTS_MAX];
	char *buf;
	int count;

	if (size > MOUNTS_FILE_MAX)
		return;
	buf = fuzz_copy(data, size, 1);
	count = mounts_parse(buf, size, points, MOUNTS_MAX);
	FUZZ_CHECK(count >= 0 && count <= MOUNTS_MAX);
	/* Each point is decoded in place, terminated at buf[size] at the latest. */
	for (int i = 0; i < count; i++)
		FUZZ_CHECK(points[i] >= buf && points[i] + strlen(points[i]) <= buf + size);
	free(buf);
}

static void free_points(struct points *p)
{
	for (int i = 0; i < p->count; i++)
		free(p->text[i]);
	free(p->text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct points want = { 0 }, got = { 0 };
	char path[64];
	int fd, n;

	if (size > FILE_MAX)
		return -1;
	check_window_parse(data, size);
	fd = memfd_create("mounts", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	n = mounts_each_reverse(path, visited, &got);
	close(fd);
	expected_points(data, size, &want);
	FUZZ_CHECK(n == got.count);
	FUZZ_CHECK(got.count == want.count);
	for (int i = 0; i < got.count; i++)
		FUZZ_CHECK(strcmp(got.text[i], want.text[want.count - 1 - i]) == 0);
	free_points(&want);
	free_points(&got);
	return 0;
}
