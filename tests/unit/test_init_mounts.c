/* /proc/mounts parsing for shutdown's unmount order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

enum { MANY = 300, LONG_POINT = 40000 };

/* What a visitor saw, and optionally a file it removes each line from,
 * as unmounting removes it from /proc/mounts. */
struct seen {
	char *points[MANY + 8];
	int count;
	const char *remove_from;
};

static void remember(const char *point, void *arg)
{
	struct seen *seen = arg;

	assert_true(seen->count < MANY + 8);
	seen->points[seen->count++] = strdup(point);
}

static char *fixture_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof path, "%s/init/%s", FIXTURES, name);
	return path;
}

static const char *many_point(int i, char *buf, size_t size)
{
	if (i == 0)
		return "/";
	if (i == 150)
		return "/srv/with space";
	snprintf(buf, size, "/srv/m%03d", i);
	return buf;
}

static void assert_all_reversed(struct seen *seen)
{
	char want[32];

	assert_int_equal(seen->count, MANY);
	for (int i = 0; i < MANY; i++) {
		assert_string_equal(seen->points[i], many_point(MANY - 1 - i, want, sizeof want));
		free(seen->points[i]);
	}
}

/* 300 lines, 61 KB: twice the window's lines and bytes. */
static void test_many_mounts_all_visited_last_first(void **state)
{
	static struct seen seen;

	(void)state;
	seen.count = 0;
	assert_int_equal(mounts_each_reverse(fixture_path("mounts_300.txt"), remember, &seen), MANY);
	assert_all_reversed(&seen);
}

/* The visitor deletes each line it gets from the file, as umount does. */
static void remove_line(const char *point, void *arg)
{
	struct seen *seen = arg;
	static char text[70000], out[70000];
	char needle[64];
	FILE *f = fopen(seen->remove_from, "r");
	size_t len = fread(text, 1, sizeof text - 1, f), kept = 0;
	int removed = 0;

	fclose(f);
	text[len] = '\0';
	snprintf(needle, sizeof needle, " %s ", strcmp(point, "/srv/with space") ? point : "/srv/with\\040space");
	for (char *line = text, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!removed && strstr(line, needle) && strstr(line, needle) < nl) {
			removed = 1;
			continue;
		}
		memcpy(out + kept, line, nl - line + 1);
		kept += nl - line + 1;
	}
	assert_true(removed);
	f = fopen(seen->remove_from, "w");
	fwrite(out, 1, kept, f);
	fclose(f);
	remember(point, arg);
}

static void test_many_mounts_removed_while_visited(void **state)
{
	static struct seen seen;
	static char text[70000];
	char tmp[] = "/tmp/ebb-mounts.XXXXXX";
	int fd = mkstemp(tmp);
	size_t len = load("mounts_300.txt", text, sizeof text);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	seen.count = 0;
	seen.remove_from = tmp;
	assert_int_equal(mounts_each_reverse(tmp, remove_line, &seen), MANY);
	assert_all_reversed(&seen);
	unlink(tmp);
}

/* A line longer than the whole window is skipped, never cut and used. */
static void test_overlong_line_skipped(void **state)
{
	static struct seen seen;
	static char point[LONG_POINT + 1];
	char tmp[] = "/tmp/ebb-mounts.XXXXXX";
	int fd = mkstemp(tmp);
	FILE *f = fdopen(fd, "w");

	(void)state;
	memset(point, 'x', LONG_POINT);
	point[0] = '/';
	fprintf(f, "r / ext4 rw 0 0\nt %s tmpfs rw 0 0\nt /after tmpfs rw 0 0\n", point);
	fclose(f);
	seen.count = 0;
	assert_int_equal(mounts_each_reverse(tmp, remember, &seen), 2);
	assert_string_equal(seen.points[0], "/after");
	assert_string_equal(seen.points[1], "/");
	unlink(tmp);
}

/* Points in visiting order, any number. */
struct all_points {
	char *text[1024];
	int count;
};

static void remember_all(const char *point, void *arg)
{
	struct all_points *all = arg;

	assert_true(all->count < 1024);
	all->text[all->count++] = strdup(point);
}

/* A fuzzer's input (tests/fuzz/mounts.c): 508 lines, a window full of
 * bytes when its 129th line ended. That line's bytes were counted twice
 * when the first line was dropped, and memmove read and wrote past the
 * window (ASan: global-buffer-overflow). Every point is visited, last
 * first, as each line alone gives it. */
static void test_full_window_drops_its_first_line(void **state)
{
	static char text[40000], line[40000];
	static struct all_points got, want;
	size_t len = load("mounts_window_overflow.bin", text, sizeof text), start = 0;

	(void)state;
	while (start < len) {
		char *nl = memchr(text + start, '\n', len - start), *point;
		size_t n = (nl ? (size_t)(nl - text) : len) - start;

		memcpy(line, text + start, n);
		if (n < MOUNTS_FILE_MAX && mounts_parse(line, n, &point, 1) == 1)
			remember_all(point, &want);
		start += n + 1;
	}
	assert_int_equal(mounts_each_reverse(fixture_path("mounts_window_overflow.bin"),
					     remember_all, &got), want.count);
	assert_int_equal(got.count, want.count);
	for (int i = 0; i < got.count; i++)
		assert_string_equal(got.text[i], want.text[want.count - 1 - i]);
}

static void test_unreadable_file(void **state)
{
	static struct seen seen;

	(void)state;
	assert_int_equal(mounts_each_reverse("/nonexistent/mounts", remember, &seen), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disk_fixture),
		cmocka_unit_test(test_garbage_fixture),
		cmocka_unit_test(test_unterminated_last_line),
		cmocka_unit_test(test_max_points),
		cmocka_unit_test(test_many_mounts_all_visited_last_first),
		cmocka_unit_test(test_many_mounts_removed_while_visited),
		cmocka_unit_test(test_overlong_line_skipped),
		cmocka_unit_test(test_full_window_drops_its_first_line),
		cmocka_unit_test(test_unreadable_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
