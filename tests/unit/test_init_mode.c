/* The argument half of init's mode rule: does argv name a command
 * (container mode for PID 1 of a namespace) or hold only words such as
 * the kernel passes (`single`, `1`: boot)? */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "mode.h"

static char dir[] = "/tmp/ebb-mode-XXXXXX";

static void make_file(const char *name, mode_t mode)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static int setup(void **state)
{
	char path[256];

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	make_file("tool", 0755);
	make_file("data", 0644);
	snprintf(path, sizeof path, "%s/subdir", dir);
	return mkdir(path, 0755);
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static int names_command(const char *first)
{
	char *argv[] = { "init", (char *)first, NULL };

	return init_args_name_command(first ? 2 : 1, argv);
}

static void test_dashdash_and_nothing(void **state)
{
	(void)state;
	assert_int_equal(names_command("--"), 1);
	assert_int_equal(names_command(NULL), 0);
	assert_int_equal(names_command(""), 0);
}

static void test_names_on_path(void **state)
{
	char path[300];

	(void)state;
	snprintf(path, sizeof path, "/nonexistent:%s", dir);
	assert_int_equal(setenv("PATH", path, 1), 0);
	assert_int_equal(names_command("tool"), 1);
	/* Kernel boot words, a file that cannot run, a directory. */
	assert_int_equal(names_command("single"), 0);
	assert_int_equal(names_command("1"), 0);
	assert_int_equal(names_command("data"), 0);
	assert_int_equal(names_command("subdir"), 0);
}

static void test_paths(void **state)
{
	char path[300];

	(void)state;
	snprintf(path, sizeof path, "%s/tool", dir);
	assert_int_equal(names_command(path), 1);
	snprintf(path, sizeof path, "%s/data", dir);
	assert_int_equal(names_command(path), 0);
	snprintf(path, sizeof path, "%s/subdir", dir);
	assert_int_equal(names_command(path), 0);
	assert_int_equal(names_command("/nonexistent/tool"), 0);
}

/* The kernel starts init without PATH: musl's default is searched. */
static void test_default_path(void **state)
{
	(void)state;
	assert_int_equal(unsetenv("PATH"), 0);
	assert_int_equal(names_command("sh"), 1);
	assert_int_equal(names_command("single"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dashdash_and_nothing),
		cmocka_unit_test(test_names_on_path),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_default_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
