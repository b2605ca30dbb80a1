/* reclaim's knobs: values, bad values, command line over file, the
 * config file parser on a fixture and on garbage; and what follows from
 * knobs: the reporting order clamp and the status output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "reporting.h"
#include "status.h"
#include "fixture.h"

static char fixture_buf[65536];

static size_t load_fixture(const char *name)
{
	return fixture_read("reclaim", name, fixture_buf, sizeof fixture_buf);
}

#define MIB (1ull << 20)

static enum config_result set(struct reclaim_config *c, const char *key,
			      const char *value, enum config_source source)
{
	return config_set(c, key, strlen(key), value, strlen(value), source);
}

static void test_defaults(void **state)
{
	struct reclaim_config c;

	(void)state;
	config_defaults(&c);
	assert_int_equal(c.mode, RECLAIM_MODE_GRADUAL);
	assert_int_equal(c.tick_ms, 1000);
	assert_int_equal(c.idle_threshold_bp, 200);
	assert_int_equal(c.idle_window_ms, 6000);
	assert_int_equal(c.hot_window_ms, 15000);
	assert_int_equal(c.reuse_window_ms, 90000);
	assert_int_equal(c.step_bytes, RECLAIM_STEP_AUTO);
	assert_int_equal(c.floor_bytes, 32 * MIB);
	assert_int_equal(c.refault_backoff_pct, 10);
	assert_int_equal(c.compact_threshold_bytes, 16 * MIB);
	assert_int_equal(c.reporting_order, 9);
	assert_int_equal(c.report_delay_ms, 200);
	assert_int_equal(c.pcp_high_fraction, 1000);
}

static void test_good_values(void **state)
{
	struct reclaim_config c;

	(void)state;
	config_defaults(&c);
	assert_int_equal(set(&c, "reclaim", "dropcache", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.mode, RECLAIM_MODE_DROPCACHE);
	assert_int_equal(set(&c, "ebb.reclaim", "disabled", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.mode, RECLAIM_MODE_OFF);
	assert_int_equal(set(&c, "reclaim.tick", "500ms", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.tick_ms, 500);
	assert_int_equal(set(&c, "reclaim.idle_threshold", "0.5%", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.idle_threshold_bp, 50);
	assert_int_equal(set(&c, "reclaim.idle_window", "2m", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.idle_window_ms, 120000);
	assert_int_equal(set(&c, "ebb.reclaim.hot_window", "30s", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.hot_window_ms, 30000);
	assert_int_equal(set(&c, "reclaim.hot_window", "0", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.hot_window_ms, 0);
	assert_int_equal(set(&c, "reclaim.reuse_window", "5m", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.reuse_window_ms, 300000);
	assert_int_equal(set(&c, "reclaim.step", "256MiB", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.step_bytes, 256 * MIB);
	assert_int_equal(set(&c, "reclaim.step", "all", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.step_bytes, RECLAIM_STEP_ALL);
	assert_int_equal(set(&c, "reclaim.floor", "1G", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.floor_bytes, 1024 * MIB);
	assert_int_equal(set(&c, "reclaim.floor", "0", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.floor_bytes, 0);
	assert_int_equal(set(&c, "reclaim.refault_backoff", "25%", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.refault_backoff_pct, 25);
	assert_int_equal(set(&c, "reclaim.compact_threshold", "128m", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.compact_threshold_bytes, 128 * MIB);
	assert_int_equal(set(&c, "reclaim.reporting_order", "5", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.reporting_order, 5);
	assert_int_equal(set(&c, "reclaim.report_delay", "2s", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.report_delay_ms, 2000);
	assert_int_equal(set(&c, "reclaim.pcp_high_fraction", "0", CONFIG_FROM_CMDLINE), CONFIG_OK);
	assert_int_equal(c.pcp_high_fraction, 0);
}

static void test_bad_values_keep_defaults(void **state)
{
	static const char *const bad[][2] = {
		{ "reclaim", "fast" }, { "reclaim", "" }, { "reclaim.tick", "0" },
		{ "reclaim.tick", "5h" }, { "reclaim.tick", "99999999999999999999" },
		{ "reclaim.idle_threshold", "101" }, { "reclaim.idle_threshold", "0" },
		{ "reclaim.idle_threshold", "1." }, { "reclaim.idle_window", "-1" },
		{ "reclaim.hot_window", "2h" }, { "reclaim.hot_window", "30x" },
		{ "reclaim.reuse_window", "2h" }, { "reclaim.reuse_window", "soon" },
		{ "reclaim.step", "1K" }, { "reclaim.step", "lots" },
		{ "reclaim.floor", "64X" }, { "reclaim.floor", "99999999999T" },
		{ "reclaim.refault_backoff", "200" }, { "reclaim.compact_threshold", "4K" },
		{ "reclaim.reporting_order", "11" }, { "reclaim.reporting_order", "9 9" },
		{ "reclaim.report_delay", "61s" }, { "reclaim.report_delay", "soon" },
		{ "reclaim.pcp_high_fraction", "7" }, { "reclaim.pcp_high_fraction", "-1" },
	};
	struct reclaim_config c, defaults;

	(void)state;
	config_defaults(&defaults);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		config_defaults(&c);
		assert_int_equal(set(&c, bad[i][0], bad[i][1], CONFIG_FROM_CMDLINE),
				 CONFIG_BAD_VALUE);
		assert_memory_equal(&c, &defaults, sizeof c);
	}
	assert_int_equal(set(&c, "reclaim.speed", "1", CONFIG_FROM_CMDLINE),
			 CONFIG_UNKNOWN_KEY);
	assert_int_equal(set(&c, "run", "sh", CONFIG_FROM_CMDLINE), CONFIG_UNKNOWN_KEY);
}

/* The file every image ships says its values are the defaults: each key
 * in it, set to what it shows, leaves the defaults as they are. */
static void test_shipped_file_shows_the_defaults(void **state)
{
	struct reclaim_config c, defaults;

	(void)state;
	config_defaults(&defaults);
	config_defaults(&c);
	config_load_file(&c, FIXTURES "/../../../rootfs/skeleton/etc/ebb/reclaim.conf");
	c.locked = 0;
	assert_memory_equal(&c, &defaults, sizeof c);
}

static void test_config_file_fixture(void **state)
{
	struct reclaim_config c;
	size_t n;

	(void)state;
	config_defaults(&c);
	/* the command line said floor=32M: the file may not change it */
	assert_int_equal(set(&c, "reclaim.floor", "32M", CONFIG_FROM_CMDLINE), CONFIG_OK);
	n = load_fixture("reclaim.conf");
	config_parse_text(&c, fixture_buf, n, "reclaim.conf");
	assert_int_equal(c.mode, RECLAIM_MODE_DROPCACHE);
	assert_int_equal(c.tick_ms, 2000);
	assert_int_equal(c.idle_window_ms, 10000);
	assert_int_equal(c.hot_window_ms, 60000);
	assert_int_equal(c.floor_bytes, 32 * MIB);
	assert_int_equal(c.step_bytes, 128 * MIB);
	assert_int_equal(c.reporting_order, 9);     /* bad value in the file */
	assert_int_equal(c.compact_threshold_bytes, 96 * MIB);
}

static void test_config_file_garbage(void **state)
{
	static const char *const texts[] = {
		"", "\n\n\n", "=\n", "= gradual\n", "reclaim\n", "reclaim ==\n",
		"\x01\x02\xff=\xfe\n", "reclaim.tick = 1s 2s\n",
		"#reclaim = off\n", "   # only a comment\r\n",
	};
	struct reclaim_config c, defaults;
	static char overlong[20000];
	static const char crlf[] = "reclaim.tick\t=  3s\r\nreclaim=compact";

	(void)state;
	config_defaults(&defaults);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		config_defaults(&c);
		config_parse_text(&c, texts[i], strlen(texts[i]), "garbage");
		assert_memory_equal(&c, &defaults, sizeof c);
	}
	memset(overlong, 'a', sizeof overlong);
	memcpy(overlong, "reclaim=", 8);
	config_defaults(&c);
	config_parse_text(&c, overlong, sizeof overlong, "overlong");
	assert_memory_equal(&c, &defaults, sizeof c);
	/* no newline at the end, CRLF, blanks around '=' */
	config_parse_text(&c, crlf, strlen(crlf), "crlf");
	assert_int_equal(c.tick_ms, 3000);
	assert_int_equal(c.mode, RECLAIM_MODE_COMPACT);
}

/* Writes a config file of `size` bytes: "reclaim = off", '#' filler,
 * and `last` as the line that starts at `last_at`; returns its path. */
static const char *write_config(size_t size, const char *last, size_t last_at)
{
	static char text[CONFIG_FILE_MAX * 2];

	assert_true(size <= sizeof text && last_at + strlen(last) == size);
	memset(text, '#', last_at);
	memcpy(text, "reclaim = off\n", 14);
	for (size_t i = 80; i < last_at; i += 80)
		text[i] = '\n';
	text[last_at - 1] = '\n';
	memcpy(text + last_at, last, strlen(last));
	return fixture_temp_file(text, size);
}

/* A file up to 8 KiB is read whole; above, it is refused whole: the
 * line cut at 8 KiB ("reclaim.floor = 5", 5 bytes) must never apply. */
static void test_config_file_size_bound(void **state)
{
	static const char floor_line[] = "reclaim.floor = 512M\n";
	struct reclaim_config c;
	const char *path;

	(void)state;
	path = write_config(CONFIG_FILE_MAX, floor_line,
			    CONFIG_FILE_MAX - strlen(floor_line));
	config_defaults(&c);
	config_load_file(&c, path);
	unlink(path);
	assert_int_equal(c.mode, RECLAIM_MODE_OFF);
	assert_int_equal(c.floor_bytes, 512 * MIB);

	path = write_config(CONFIG_FILE_MAX + 4, floor_line,
			    CONFIG_FILE_MAX + 4 - strlen(floor_line));
	assert_int_equal(CONFIG_FILE_MAX - (CONFIG_FILE_MAX + 4 - strlen(floor_line)),
			 strlen("reclaim.floor = 5"));
	config_defaults(&c);
	config_load_file(&c, path);
	unlink(path);
	assert_int_equal(c.floor_bytes, 32 * MIB);
	assert_int_equal(c.mode, RECLAIM_MODE_GRADUAL);

	/* absent: nothing changes */
	config_load_file(&c, "/nonexistent/reclaim.conf");
	assert_int_equal(c.floor_bytes, 32 * MIB);
}

static void test_reporting_order_clamp(void **state)
{
	(void)state;
	assert_int_equal(reporting_safe_order(5, true, 6, 1), 9);
	assert_int_equal(reporting_safe_order(5, true, 5, 15), 9);
	assert_int_equal(reporting_safe_order(5, true, 6, 2), 5);
	assert_int_equal(reporting_safe_order(5, false, 6, 1), 5);
	assert_int_equal(reporting_safe_order(10, true, 6, 1), 10);
}

static void test_status_output(void **state)
{
	struct reclaim_status st = {
		.mode = "gradual", .state = "settled", .idle_for_ms = 8500,
		.reclaimed_bytes = 412 * MIB, .steps = 3, .compactions = 1,
		.free_bytes = 600 * MIB, .reportable_bytes = 498 * MIB,
		.reporting_order = 9, .cache_bytes = 64 * MIB, .floor_bytes = 64 * MIB,
		.hot_window_ms = 30000, .last_action = JOB_COMPACT, .last_action_ago_ms = 2000,
		.held_bytes = 136 * MIB, .reuse_window_ms = 90000,
	};
	char buf[2048];
	size_t n;

	(void)state;
	n = status_format_text(&st, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_non_null(strstr(buf, "state:             settled\n"));
	assert_non_null(strstr(buf, "412 MiB in 3 steps"));
	assert_non_null(strstr(buf, "600 MiB, 498 MiB reportable (order >= 9)"));
	assert_non_null(strstr(buf, "64 MiB, floor 64 MiB, hot window 30s\n"));
	assert_non_null(strstr(buf, "held for reuse:    136 MiB, reuse window 90s\n"));
	assert_non_null(strstr(buf, "last action:       compact, 2s ago\n"));
	status_format_json(&st, buf, sizeof buf);
	assert_non_null(strstr(buf, "\"reclaimed_bytes\":432013312,"));
	assert_non_null(strstr(buf, "\"idle_for_s\":8,"));
	assert_non_null(strstr(buf, "\"hot_window_s\":30,"));
	assert_non_null(strstr(buf, "\"held_bytes\":142606336,\"reuse_window_s\":90,"));
	assert_non_null(strstr(buf, "\"last_action\":\"compact\""));
	assert_null(strstr(buf, "note"));
	/* gradual mode dropping caches because of swap says so, last */
	st.note = STATUS_NOTE_SWAP;
	n = status_format_text(&st, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_non_null(strstr(buf, "last action:       compact, 2s ago\nnote:              "
			       "swap is on and memory.reclaim has no swappiness= key: "
			       "page cache is dropped with drop_caches, not swapped out\n"));
	assert_int_equal(buf[n - 1], '\n');
	status_format_json(&st, buf, sizeof buf);
	assert_non_null(strstr(buf, ",\"note\":\"swap is on and memory.reclaim has no "
			       "swappiness= key: page cache is dropped with drop_caches, "
			       "not swapped out\"}\n"));
	st.note = NULL;
	/* truncation to a small buffer stays terminated */
	n = status_format_text(&st, buf, 16);
	assert_int_equal(n, 15);
	assert_int_equal(strlen(buf), 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_values),
		cmocka_unit_test(test_bad_values_keep_defaults),
		cmocka_unit_test(test_shipped_file_shows_the_defaults),
		cmocka_unit_test(test_config_file_fixture),
		cmocka_unit_test(test_config_file_garbage),
		cmocka_unit_test(test_config_file_size_bound),
		cmocka_unit_test(test_reporting_order_clamp),
		cmocka_unit_test(test_status_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
