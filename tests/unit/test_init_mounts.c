/* /proc/mounts parsing for shutdown's unmount order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#include "mounts.h"

static size_t load(const char *name, char *buf, size_t size)
{
	return fixture_read("init", name, buf, size);
}

static void test_disk_fixture(void **state)
{
	static char buf[MOUNTS_FILE_MAX];
	static const char *const want[] = {
		"/", "/dev", "/proc", "/sys", "/dev/pts", "/dev/shm", "/run",
		"/sys/fs/cgroup", "/mnt/with space",
	};
	char *points[MOUNTS_MAX];
	size_t len = load("mounts_disk.txt", buf, sizeof buf);
	int count = mounts_parse(buf, len, points, MOUNTS_MAX);

	(void)state;
	assert_int_equal(count, 9);
	for (int i = 0; i < count; i++)
		assert_string_equal(points[i], want[i]);
}

static void test_garbage_fixture(void **state)
{
	static char buf[MOUNTS_FILE_MAX];
	char *points[MOUNTS_MAX];
	size_t len = load("mounts_garbage.bin", buf, sizeof buf);
	int count = mounts_parse(buf, len, points, MOUNTS_MAX);

	(void)state;
	/* One-field, blank and NUL lines are skipped; "\09x" is no escape. */
	assert_int_equal(count, 5);
	assert_string_equal(points[0], "/");
	assert_string_equal(points[1], "/proc");
	assert_string_equal(points[2], "/a\\09x");
	assert_string_equal(points[3], "/long");
	assert_string_equal(points[4], "/end");
}

/* The fuzzer's first find (tests/fuzz/mounts): a last line without '\n',
 * as in a /proc/mounts cut at MOUNTS_FILE_MAX, ends its mount point at
 * buf[len]; mounts_unmount_all's buffer was one byte short for that.
 * Callers give one writable byte more, and nothing past it is touched. */
static void test_unterminated_last_line(void **state)
{
	static char buf[64];
	char *points[MOUNTS_MAX];
	size_t len = load("mounts_unterminated.bin", buf, sizeof buf - 2);
	int count;

	(void)state;
	buf[len] = 'x';
	buf[len + 1] = 'y';
	count = mounts_parse(buf, len, points, MOUNTS_MAX);
	assert_int_equal(count, 1);
	assert_string_equal(points[0], "&");
	assert_int_equal(buf[len], '\0');
	assert_int_equal(buf[len + 1], 'y');
}

static void test_max_points(void **state)
{
	char text[] = "a /1 t o 0 0\nb /2 t o 0 0\nc /3 t o 0 0\n";
	char *points[2];

	(void)state;
	assert_int_equal(mounts_parse(text, strlen(text), points, 2), 2);
	assert_string_equal(points[1], "/2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disk_fixture),
		cmocka_unit_test(test_garbage_fixture),
		cmocka_unit_test(test_unterminated_last_line),
		cmocka_unit_test(test_max_points),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
