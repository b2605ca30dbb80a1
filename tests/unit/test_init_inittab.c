/* /etc/inittab parsing: BusyBox's own example and garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "inittab.h"

static char path_buf[512];

static const char *fixture(const char *name)
{
	snprintf(path_buf, sizeof path_buf, "%s/init/%s", FIXTURES, name);
	return path_buf;
}

static void assert_entry(const struct inittab_entry *e, enum inittab_action action,
			 const char *tty, const char *command)
{
	assert_string_equal(inittab_action_name(e->action), inittab_action_name(action));
	assert_string_equal(e->tty, tty);
	assert_string_equal(e->command, command);
}

static void test_busybox_example(void **state)
{
	static struct inittab tab;

	(void)state;
	assert_int_equal(inittab_load(fixture("inittab_busybox"), &tab), 0);
	assert_int_equal(tab.count, 10);
	assert_entry(&tab.entries[0], ACTION_SYSINIT, "", "/etc/init.d/rcS");
	assert_entry(&tab.entries[1], ACTION_SYSINIT, "", "echo second sysinit");
	assert_entry(&tab.entries[2], ACTION_RESPAWN, "/dev/ttyS0",
		     "/sbin/getty -L 115200 ttyS0 vt100");
	assert_entry(&tab.entries[3], ACTION_ASKFIRST, "", "/bin/sh");
	assert_entry(&tab.entries[4], ACTION_ASKFIRST, "/dev/tty2", "/bin/sh");
	assert_int_equal(tab.entries[3].login, 1); /* "-/bin/sh" */
	assert_int_equal(tab.entries[4].login, 0);
	assert_entry(&tab.entries[5], ACTION_WAIT, "", "echo waited");
	assert_entry(&tab.entries[6], ACTION_ONCE, "", "echo once");
	assert_entry(&tab.entries[7], ACTION_CTRLALTDEL, "", "/sbin/reboot");
	assert_entry(&tab.entries[8], ACTION_SHUTDOWN, "", "/bin/umount -a -r");
	assert_entry(&tab.entries[9], ACTION_RESTART, "", "/sbin/init");
}

static void test_garbage(void **state)
{
	static struct inittab tab;

	(void)state;
	/* Lines 2-9 are rejected: missing fields, unknown action, empty
	 * command, overlong, NUL byte, two bad ttys, missing command. */
	assert_int_equal(inittab_load(fixture("inittab_garbage"), &tab), 8);
	assert_int_equal(tab.count, 3);
	assert_entry(&tab.entries[0], ACTION_SYSINIT, "", "echo ok one");
	assert_entry(&tab.entries[1], ACTION_RESPAWN, "", "echo crlf ok");
	assert_entry(&tab.entries[2], ACTION_ONCE, "", "echo last line without newline");
}

static void test_missing_file(void **state)
{
	static struct inittab tab;

	(void)state;
	tab.count = 5;
	assert_int_equal(inittab_load(fixture("no_such_inittab"), &tab), -1);
	assert_int_equal(tab.count, 0);
}

static void test_too_many_entries(void **state)
{
	static struct inittab tab;
	static char buf[INITTAB_MAX_ENTRIES * 2 * 16];
	size_t len = 0;

	(void)state;
	for (int i = 0; i < INITTAB_MAX_ENTRIES + 3; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "::once:echo %d\n", i);
	assert_int_equal(inittab_parse(buf, len, &tab), 3);
	assert_int_equal(tab.count, INITTAB_MAX_ENTRIES);
	assert_string_equal(tab.entries[INITTAB_MAX_ENTRIES - 1].command, "echo 31");
}

static void test_empty_and_comment_only(void **state)
{
	static struct inittab tab;
	static const char text[] = "# nothing\n\n   \t\n#::once:echo no\n";

	(void)state;
	assert_int_equal(inittab_parse(text, sizeof text - 1, &tab), 0);
	assert_int_equal(tab.count, 0);
	assert_int_equal(inittab_parse("", 0, &tab), 0);
	assert_int_equal(tab.count, 0);
}

static void test_tty_name_limits(void **state)
{
	static struct inittab tab;
	char text[128];

	(void)state;
	/* 34 characters + "/dev/" + NUL = 40 fits; 35 does not. */
	snprintf(text, sizeof text, "%s::once:x\n", "abcdefghijklmnopqrstuvwxyz01234567");
	assert_int_equal(inittab_parse(text, strlen(text), &tab), 0);
	assert_string_equal(tab.entries[0].tty, "/dev/abcdefghijklmnopqrstuvwxyz01234567");
	snprintf(text, sizeof text, "%s::once:x\n", "abcdefghijklmnopqrstuvwxyz012345678");
	assert_int_equal(inittab_parse(text, strlen(text), &tab), 1);
	assert_int_equal(tab.count, 0);
}

/* Writes text to a temporary file and loads it. */
static int load_text(const char *text, size_t len, struct inittab *tab)
{
	char path[] = "/tmp/ebb-inittab-XXXXXX";
	int fd = mkstemp(path), rejected;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	rejected = inittab_load(path, tab);
	unlink(path);
	return rejected;
}

/* 30 KiB: entries between 100-byte comments, so lines straddle every
 * read boundary; all of them are taken, none cut (the old loader stopped
 * at 16 KiB). */
static void test_long_file_taken_whole(void **state)
{
	static struct inittab tab;
	static char text[32768];
	char want[128];
	size_t len = 0;

	(void)state;
	for (int i = 0; i < 300; i++) {
		if (i % 10 == 7)
			len += (size_t)snprintf(text + len, sizeof text - len, "::once:echo entry %03d %*s\n",
						i, 78, "tail");
		else
			len += (size_t)snprintf(text + len, sizeof text - len, "# comment %03d %*s\n", i,
						85, "x");
	}
	assert_true(len > 3 * INITTAB_READ_BUF + 16384 / 2);
	assert_int_equal(load_text(text, len, &tab), 0);
	assert_int_equal(tab.count, 30);
	for (int i = 0; i < 30; i++) {
		snprintf(want, sizeof want, "echo entry %03d %*s", i * 10 + 7, 78, "tail");
		assert_string_equal(tab.entries[i].command, want);
	}
}

/* Lines longer than the read buffer are rejected whole: a command that
 * starts after many blanks and ends beyond the buffer is not run cut. */
static void test_line_longer_than_buffer(void **state)
{
	static struct inittab tab;
	static char text[4 * INITTAB_READ_BUF];
	size_t len = 0;

	(void)state;
	len += (size_t)snprintf(text + len, sizeof text - len, "::once:echo first\n");
	len += (size_t)snprintf(text + len, sizeof text - len, "%*s::once:echo cut %*s\n",
				INITTAB_READ_BUF - 100, "", 500, "end");
	len += (size_t)snprintf(text + len, sizeof text - len, "#%*s\n", 2 * INITTAB_READ_BUF, "");
	len += (size_t)snprintf(text + len, sizeof text - len, "::once:echo last");
	assert_int_equal(load_text(text, len, &tab), 2);
	assert_int_equal(tab.count, 2);
	assert_string_equal(tab.entries[0].command, "echo first");
	assert_string_equal(tab.entries[1].command, "echo last");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_busybox_example),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_empty_and_comment_only),
		cmocka_unit_test(test_tty_name_limits),
		cmocka_unit_test(test_long_file_taken_whole),
		cmocka_unit_test(test_line_longer_than_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
