/* `reclaim install`: the unit and the wsl.conf lines, exactly; which
 * paths can go into them; and the path of the running binary as it was
 * started (a symlink named reclaim stays reclaim, found by a path, a
 * relative path or on PATH). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "install.h"
#include "fixture.h"

static void test_unit_text_is_the_fixture(void **state)
{
	char want[4096], got[4096];
	size_t n = fixture_read("reclaim", "install/ebb-reclaim.service", want,
				sizeof want - 1);

	(void)state;
	want[n] = '\0';
	assert_int_equal(install_unit_text("/usr/local/bin/reclaim", got, sizeof got),
			 (int)n);
	assert_string_equal(got, want);
}

static void test_wsl_conf_text(void **state)
{
	char got[256];

	(void)state;
	assert_int_equal(install_wsl_conf_text("/usr/bin/reclaim", got, sizeof got), 39);
	assert_string_equal(got, "[boot]\ncommand=/usr/bin/reclaim daemon\n");
}

static void test_small_buffer_is_refused(void **state)
{
	char got[39]; /* one byte short of the text and its NUL */

	(void)state;
	assert_int_equal(install_wsl_conf_text("/usr/bin/reclaim", got, sizeof got), -1);
	assert_int_equal(install_unit_text("/usr/bin/reclaim", got, sizeof got), -1);
}

static void test_path_rules(void **state)
{
	(void)state;
	assert_true(install_path_ok("/usr/local/bin/reclaim"));
	assert_true(install_path_ok("/opt/ebb-1.0/bin/reclaim_x+y"));
	assert_false(install_path_ok("reclaim"));
	assert_false(install_path_ok("/opt/my tools/reclaim"));
	assert_false(install_path_ok("/opt/a;b/reclaim"));
	assert_false(install_path_ok("/opt/%n/reclaim"));
	assert_false(install_path_ok("/home/me/reclaim"));
	assert_false(install_path_ok("/root/reclaim"));
	assert_false(install_path_ok("/tmp/reclaim"));
	assert_false(install_path_ok("/var/tmp/reclaim"));
	assert_false(install_path_ok("/run/user/1000/reclaim"));
	assert_true(install_path_ok("/homes/reclaim"));
}

/* A scratch directory with bin/reclaim -> this test binary, and
 * bin/other, a different file. */
static char scratch[PATH_MAX], bin[PATH_MAX + 8];

static int make_scratch(void **state)
{
	char self[PATH_MAX], link[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char tmpl[] = "/tmp/ebb-install.XXXXXX";

	(void)state;
	if (n < 0 || !mkdtemp(tmpl) || !realpath(tmpl, scratch))
		return -1;
	self[n] = '\0';
	snprintf(bin, sizeof bin, "%s/bin", scratch);
	snprintf(link, sizeof link, "%s/reclaim", bin);
	if (mkdir(bin, 0755) < 0 || symlink(self, link) < 0)
		return -1;
	snprintf(link, sizeof link, "%s/other", bin);
	return symlink("/bin/sh", link);
}

static int remove_scratch(void **state)
{
	char path[PATH_MAX + 16];

	(void)state;
	snprintf(path, sizeof path, "%s/reclaim", bin);
	unlink(path);
	snprintf(path, sizeof path, "%s/other", bin);
	unlink(path);
	rmdir(bin);
	return rmdir(scratch);
}

static void test_own_path(void **state)
{
	char want[PATH_MAX + 16], got[PATH_MAX], arg[PATH_MAX + 32], cwd[PATH_MAX];

	(void)state;
	snprintf(want, sizeof want, "%s/reclaim", bin);
	/* absolute, with a ".." on the way */
	snprintf(arg, sizeof arg, "%s/../bin/reclaim", bin);
	assert_int_equal(install_own_path(arg, got, sizeof got), 0);
	assert_string_equal(got, want);
	/* relative to the working directory */
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(scratch), 0);
	assert_int_equal(install_own_path("./bin/reclaim", got, sizeof got), 0);
	assert_string_equal(got, want);
	assert_int_equal(chdir(cwd), 0);
	/* a bare name, from PATH: the first entry holding this binary */
	setenv("PATH", "/nonexistent:/usr/bin", 1);
	assert_int_equal(install_own_path("reclaim", got, sizeof got), -1);
	snprintf(arg, sizeof arg, "/nonexistent::%s:/usr/bin", bin);
	setenv("PATH", arg, 1);
	assert_int_equal(install_own_path("reclaim", got, sizeof got), 0);
	assert_string_equal(got, want);
	/* a path to another file is not this binary */
	snprintf(arg, sizeof arg, "%s/other", bin);
	assert_int_equal(install_own_path(arg, got, sizeof got), -1);
	/* too long for the buffer */
	assert_int_equal(install_own_path(want, got, 8), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_text_is_the_fixture),
		cmocka_unit_test(test_wsl_conf_text),
		cmocka_unit_test(test_small_buffer_is_refused),
		cmocka_unit_test(test_path_rules),
		cmocka_unit_test_setup_teardown(test_own_path, make_scratch, remove_scratch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
