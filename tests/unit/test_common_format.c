/* common/format.c: each conversion ebb uses against the C library's
 * snprintf (glibc here), truncation and the returned length, format_fd
 * in several chunks and its errors. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "format.h"

/* Both formatters into 64-byte buffers: same text, same length. */
#define SAME(...) do { \
	char ours[64], libc[64]; \
	int n = format(ours, sizeof ours, __VA_ARGS__); \
	int m = snprintf(libc, sizeof libc, __VA_ARGS__); \
	assert_string_equal(ours, libc); \
	assert_int_equal(n, m); \
} while (0)

static void test_conversions_match_snprintf(void **state)
{
	(void)state;
	SAME("plain text");
	SAME("%d %d %d %i", 0, -1, 42, 7);
	SAME("%d %d", INT_MIN, INT_MAX);
	SAME("%u %u", 0u, UINT_MAX);
	SAME("%lu %lu", 0ul, ULONG_MAX);
	SAME("%llu", 18446744073709551615ull);
	SAME("%ld %ld", LONG_MIN, LONG_MAX);
	SAME("%zu", (size_t)SIZE_MAX);
	SAME("%" PRIu64 " MiB", (uint64_t)412);
	SAME("%x %x %lx", 0u, 0xdeadbeefu, 0xfffffffffffful);
	SAME("mode %03o %03o %o", 0755u, 07u, 0u);
	SAME("%u.%02u%% %02u %02u", 2u, 5u, 0u, 123u);
	SAME("%05d %3d %03d", -42, 7, -5);
	SAME("%c%c%c", 'e', 'b', 'b');
	SAME("[%s] [%s]", "", "text");
	SAME("[%5s]", "ab");
	SAME("%.*s|%.*s|%.*s", 3, "abcdef", 0, "abc", 10, "ab");
	SAME("%.2s", "abc");
	SAME("100%%");
}

static void test_truncation_keeps_snprintf_contract(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'x', sizeof buf);
	n = format(buf, sizeof buf, "%s-%u", "abcdef", 12345u);
	assert_int_equal(n, 12);
	assert_string_equal(buf, "abcdef-");
	n = format(buf, 1, "%s", "abc");
	assert_int_equal(n, 3);
	assert_int_equal(buf[0], '\0');
	buf[0] = 'x';
	n = format(buf, 0, "%d", 1234);
	assert_int_equal(n, 4);
	assert_int_equal(buf[0], 'x');   /* cap 0: nothing written at all */
	n = format(buf, 5, "%d", 1234);  /* exactly fits with its terminator */
	assert_int_equal(n, 4);
	assert_string_equal(buf, "1234");
}

/* An unknown conversion ends the formatting: its argument is not taken,
 * and no later conversion reads the wrong one (%p's pointer as %s's). */
static void test_unused_conversions_copied_out(void **state)
{
	/* not literals: -Wformat and tests/build/format_strings.sh reject
	 * these in ebb's code */
	const char *fmt = "a%qb%d";
	char buf[32];

	(void)state;
	assert_int_equal(format(buf, sizeof buf, fmt, 5), 6);
	assert_string_equal(buf, "a%qb%d");
	fmt = "a%pb%s";
	assert_int_equal(format(buf, sizeof buf, fmt, (void *)1, "x"), 6);
	assert_string_equal(buf, "a%pb%s");
	fmt = "end%";
	format(buf, sizeof buf, fmt, 0);
	assert_string_equal(buf, "end%");
}

static void test_format_fd_writes_all_chunks(void **state)
{
	static char big[5000], got[6000];
	int fds[2];
	size_t len = 0;
	ssize_t n;

	(void)state;
	memset(big, 'y', sizeof big - 1);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(format_fd(fds[1], "<%s|%u>", big, 77u), 0);
	close(fds[1]);
	while ((n = read(fds[0], got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	close(fds[0]);
	assert_int_equal(len, sizeof big - 1 + 5);
	assert_int_equal(got[0], '<');
	assert_int_equal(got[sizeof big - 1], 'y');
	assert_memory_equal(got + sizeof big, "|77>", 4);
}

static void test_format_fd_reports_errors(void **state)
{
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	close(fds[1]);
	errno = 0;
	assert_int_equal(format_fd(fds[1], "%s", "lost"), -1);
	assert_int_equal(errno, EBADF);
	close(fds[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions_match_snprintf),
		cmocka_unit_test(test_truncation_keeps_snprintf_contract),
		cmocka_unit_test(test_unused_conversions_copied_out),
		cmocka_unit_test(test_format_fd_writes_all_chunks),
		cmocka_unit_test(test_format_fd_reports_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
