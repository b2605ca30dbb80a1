/* The kernel command line parser of init: word splitting with quotes,
 * ebb.* options, reclaim keys handed to reclaim_option(), garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#include "cmdline.h"
#include "reclaim.h"

/* Stands in for reclaim's: records what init passes on. */
enum reclaim_option_result reclaim_option(const char *key, const char *value)
{
	check_expected(key);
	check_expected(value);
	return mock_type(enum reclaim_option_result);
}

static size_t load(const char *name, char *buf, size_t size)
{
	return fixture_read("init", name, buf, size - 1);
}

static void test_split_words_and_quotes(void **state)
{
	char buf[] = "  a=1 flag ebb.run=\"echo a  b\" \"q=x y\" k= end";
	struct cmdline_cursor cur;
	char *key, *value;

	(void)state;
	cmdline_init(&cur, buf, strlen(buf));
	assert_int_equal(cmdline_next(&cur, &key, &value), 1);
	assert_string_equal(key, "a");
	assert_string_equal(value, "1");
	assert_int_equal(cmdline_next(&cur, &key, &value), 1);
	assert_string_equal(key, "flag");
	assert_null(value);
	assert_int_equal(cmdline_next(&cur, &key, &value), 1);
	assert_string_equal(key, "ebb.run");
	assert_string_equal(value, "echo a  b");
	assert_int_equal(cmdline_next(&cur, &key, &value), 1);
	assert_string_equal(key, "q");
	assert_string_equal(value, "x y");
	assert_int_equal(cmdline_next(&cur, &key, &value), 1);
	assert_string_equal(key, "k");
	assert_string_equal(value, "");
	assert_int_equal(cmdline_next(&cur, &key, &value), 1);
	assert_string_equal(key, "end");
	assert_int_equal(cmdline_next(&cur, &key, &value), 0);
}

static void test_empty_line(void **state)
{
	char buf[] = " \n";
	struct cmdline_cursor cur;
	char *key, *value;
	struct init_options opts;

	(void)state;
	cmdline_init(&cur, buf, strlen(buf));
	assert_int_equal(cmdline_next(&cur, &key, &value), 0);
	assert_int_equal(cmdline_apply(buf, 0, &opts), 0);
	assert_string_equal(opts.run, "");
	assert_int_equal(opts.shutdown_timeout_ms, 5000);
}

static void test_qemu_fixture(void **state)
{
	char buf[4097];
	size_t len = load("cmdline_qemu.txt", buf, sizeof buf);
	struct init_options opts;

	(void)state;
	expect_string(reclaim_option, key, "reclaim");
	expect_string(reclaim_option, value, "gradual");
	will_return(reclaim_option, RECLAIM_OPTION_OK);
	expect_string(reclaim_option, key, "reclaim.tick");
	expect_string(reclaim_option, value, "5");
	will_return(reclaim_option, RECLAIM_OPTION_OK);
	assert_int_equal(cmdline_apply(buf, len, &opts), 0);
	assert_string_equal(opts.run, "echo hello world; exit 3");
	assert_int_equal(opts.shutdown_timeout_ms, 9000);
}

static void test_reclaim_results_count(void **state)
{
	char buf[] = "ebb.reclaim.bogus=1 ebb.reclaim.tick=x ebb.reclaimer=1";
	struct init_options opts;

	(void)state;
	expect_string(reclaim_option, key, "reclaim.bogus");
	expect_string(reclaim_option, value, "1");
	will_return(reclaim_option, RECLAIM_OPTION_UNKNOWN);
	expect_string(reclaim_option, key, "reclaim.tick");
	expect_string(reclaim_option, value, "x");
	will_return(reclaim_option, RECLAIM_OPTION_BAD_VALUE);
	/* "reclaimer" is not a reclaim key: reported by init, not passed on. */
	assert_int_equal(cmdline_apply(buf, strlen(buf), &opts), 3);
}

/* ebb.ssh_key= is ebb-seed's: init takes it without a complaint. */
static void test_ssh_key_is_seeds(void **state)
{
	char buf[] = "ebb.ssh_key=\"ssh-ed25519 AAAAC3Nza x@y\" ebb.ssh_keys=1";
	struct init_options opts;

	(void)state;
	assert_int_equal(cmdline_apply(buf, strlen(buf), &opts), 1);
	assert_string_equal(opts.run, "");
}

static void test_garbage_fixture(void **state)
{
	char buf[4097];
	size_t len = load("cmdline_garbage.bin", buf, sizeof buf);
	struct init_options opts;

	(void)state;
	/* ebb.bogus, shutdown_timeout=abc, =99999, empty ebb.run; the NUL
	 * ends the word "ebb."; the unterminated quote swallows the rest
	 * into ebb.run, which is applied. */
	assert_int_equal(cmdline_apply(buf, len, &opts), 5);
	assert_string_equal(opts.run, "unterminated quote ebb.shutdown_timeout=1");
	assert_int_equal(opts.shutdown_timeout_ms, 5000);
}

static void test_run_too_long(void **state)
{
	char buf[INIT_RUN_MAX + 16];
	struct init_options opts;

	(void)state;
	memcpy(buf, "ebb.run=", 8);
	memset(buf + 8, 'x', INIT_RUN_MAX);
	assert_int_equal(cmdline_apply(buf, 8 + INIT_RUN_MAX, &opts), 1);
	assert_string_equal(opts.run, "");
}

static void test_word_at_buffer_end(void **state)
{
	char buf[8] = { 'e', 'b', 'b', '.', 'r', 'u', 'n', '\x7f' };
	struct cmdline_cursor cur;
	char *key, *value;

	(void)state;
	/* len 7: the terminator goes to buf[7], as documented. */
	cmdline_init(&cur, buf, 7);
	assert_int_equal(cmdline_next(&cur, &key, &value), 1);
	assert_string_equal(key, "ebb.run");
	assert_null(value);
	assert_int_equal(cmdline_next(&cur, &key, &value), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_words_and_quotes),
		cmocka_unit_test(test_empty_line),
		cmocka_unit_test(test_qemu_fixture),
		cmocka_unit_test(test_reclaim_results_count),
		cmocka_unit_test(test_ssh_key_is_seeds), cmocka_unit_test(test_garbage_fixture),
		cmocka_unit_test(test_run_too_long),
		cmocka_unit_test(test_word_at_buffer_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
