/* common/: read_small_file's bound and retries, write_small_file and
 * replace_file, the scanner's trim and number, the clock. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

#include "clock.h"
#include "read_small_file.h"
#include "replace_file.h"
#include "scan.h"
#include "write_small_file.h"

/* read_small_file on a fresh file of len bytes of 'x', then removed. */
static ssize_t read_file_of(size_t len, char *buf, size_t size)
{
	char bytes[64];
	const char *path;
	ssize_t n;
	int saved;

	assert_true(len <= sizeof bytes);
	memset(bytes, 'x', len);
	path = fixture_temp_file(bytes, len);
	n = read_small_file(path, buf, size);
	saved = errno;
	unlink(path);
	errno = saved;
	return n;
}

static void test_read_fits_and_terminates(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, '#', sizeof buf);
	assert_int_equal(read_file_of(15, buf, sizeof buf), 15);
	assert_int_equal(buf[14], 'x');
	assert_int_equal(buf[15], '\0');
	assert_int_equal(read_file_of(0, buf, sizeof buf), 0);
	assert_int_equal(buf[0], '\0');
}

/* One byte above size - 1 is refused, whatever is in buf. */
static void test_read_larger_file_refused(void **state)
{
	char buf[16];

	(void)state;
	errno = 0;
	assert_int_equal(read_file_of(16, buf, sizeof buf), -1);
	assert_int_equal(errno, EFBIG);
	errno = 0;
	assert_int_equal(read_file_of(40, buf, sizeof buf), -1);
	assert_int_equal(errno, EFBIG);
}

static void test_read_errors_keep_errno(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(read_small_file("/nonexistent/file", buf, sizeof buf), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(read_small_file("/tmp", buf, sizeof buf), -1);
	assert_int_equal(errno, EISDIR);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A FIFO whose writer sends "ab", "cd", "ef" 100 ms apart: every read
 * is short, and SIGALRM every 30 ms (no SA_RESTART) interrupts the
 * waits in between; the whole text must still arrive. */
static void test_read_short_and_interrupted(void **state)
{
	static const char *const pieces[] = { "ab", "cd", "ef" };
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval every_30ms = { { 0, 30000 }, { 0, 30000 } }, off = { 0 };
	char fifo[40] = "/tmp/ebb-small-fifo.XXXXXX", buf[16];
	int status;
	ssize_t n;
	pid_t writer;

	(void)state;
	assert_non_null(mkdtemp(fifo));
	strcat(fifo, "/f");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	writer = fork();
	assert_true(writer >= 0);
	if (writer == 0) {
		int fd = open(fifo, O_WRONLY);

		for (int i = 0; i < 3; i++) {
			usleep(100000);
			if (write(fd, pieces[i], 2) != 2)
				_exit(1);
		}
		_exit(0);
	}
	assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &every_30ms, NULL), 0);
	n = read_small_file(fifo, buf, sizeof buf);
	setitimer(ITIMER_REAL, &off, NULL);
	assert_int_equal(n, 6);
	assert_string_equal(buf, "abcdef");
	assert_int_equal(waitpid(writer, &status, 0), writer);
	assert_int_equal(status, 0);
	unlink(fifo);
	*strrchr(fifo, '/') = '\0';
	rmdir(fifo);
}

/* One write of the whole value into the existing file; -errno else. */
static void test_write_small_file(void **state)
{
	char path[64], buf[16];

	(void)state;
	strcpy(path, fixture_temp_file("", 0));
	assert_int_equal(write_small_file(path, "-1000"), 0);
	assert_int_equal(read_small_file(path, buf, sizeof buf), 5);
	assert_string_equal(buf, "-1000");
	unlink(path);
	assert_int_equal(write_small_file(path, "0"), -ENOENT); /* never creates */
	assert_int_equal(write_small_file("/tmp", "x"), -EISDIR);
}

/* The new text, exactly the mode asked for (umask aside), no tmp left. */
static void test_replace_file_whole(void **state)
{
	char dir[] = "/tmp/ebb-replace.XXXXXX", path[64], tmp[64], buf[16];
	const char *failed = NULL;
	struct stat st;
	mode_t old_umask = umask(077);

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/file", dir);
	snprintf(tmp, sizeof tmp, "%s/file.tmp", dir);
	assert_int_equal(replace_file(path, tmp, "old\n", 4, 0600, (uid_t)-1, (gid_t)-1, &failed), 0);
	assert_int_equal(replace_file(path, tmp, "new\n", 4, 0644, (uid_t)-1, (gid_t)-1, &failed), 0);
	umask(old_umask);
	assert_int_equal(read_small_file(path, buf, sizeof buf), 4);
	assert_string_equal(buf, "new\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(access(tmp, F_OK), -1);
	unlink(path);
	rmdir(dir);
}

/* A failure names its file, keeps errno and leaves neither file behind. */
static void test_replace_file_failures(void **state)
{
	char dir[] = "/tmp/ebb-replace.XXXXXX", path[64], tmp[64], inner[80];
	const char *failed = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/missing/file", dir);
	snprintf(tmp, sizeof tmp, "%s/missing/file.tmp", dir);
	assert_int_equal(replace_file(path, tmp, "x", 1, 0644, (uid_t)-1, (gid_t)-1, &failed), -1);
	assert_int_equal(errno, ENOENT);
	assert_ptr_equal(failed, tmp);
	/* rename over a directory that is not empty */
	snprintf(path, sizeof path, "%s/busy", dir);
	snprintf(tmp, sizeof tmp, "%s/busy.tmp", dir);
	snprintf(inner, sizeof inner, "%s/busy/inner", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(mkdir(inner, 0700), 0);
	assert_int_equal(replace_file(path, tmp, "x", 1, 0644, (uid_t)-1, (gid_t)-1, &failed), -1);
	assert_int_equal(errno, EISDIR);
	assert_ptr_equal(failed, path);
	assert_int_equal(access(tmp, F_OK), -1);
	rmdir(inner);
	rmdir(path);
	rmdir(dir);
}

static void test_scan_trim(void **state)
{
	static const char text[] = " \t key = v \t\r";
	struct scan s = scan_of(text, sizeof text - 1);

	(void)state;
	scan_trim(&s);
	assert_int_equal(scan_length(&s), 7);
	assert_memory_equal(s.pos, "key = v", 7);
	s = scan_of(" \t\r", 3);
	scan_trim(&s);
	assert_true(scan_at_end(&s));
	/* A CR in front is text, not a blank. */
	s = scan_of("\rx ", 3);
	scan_trim(&s);
	assert_int_equal(scan_length(&s), 2);
}

static void test_scan_u64_bounds(void **state)
{
	struct scan s = scan_of("18446744073709551615", 20);
	uint64_t v = 0;

	(void)state;
	assert_true(scan_u64(&s, &v));
	assert_true(v == UINT64_MAX);
	s = scan_of("18446744073709551616", 20);
	assert_false(scan_u64(&s, &v));
	s = scan_of(" \t42s", 5);
	assert_true(scan_u64(&s, &v));
	assert_int_equal(v, 42);
	assert_true(scan_equals(&s, "s"));
	s = scan_of("-1", 2);
	assert_false(scan_u64(&s, &v));
	s = scan_of("", 0);
	assert_false(scan_u64(&s, &v));
}

static void test_monotonic_ms_counts_milliseconds(void **state)
{
	struct timespec pause = { 0, 50 * 1000000 };
	uint64_t before, after;

	(void)state;
	before = monotonic_ms();
	assert_int_equal(nanosleep(&pause, NULL), 0);
	after = monotonic_ms();
	assert_true(after >= before + 50);
	assert_true(after < before + 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_fits_and_terminates),
		cmocka_unit_test(test_read_larger_file_refused),
		cmocka_unit_test(test_read_errors_keep_errno),
		cmocka_unit_test(test_read_short_and_interrupted),
		cmocka_unit_test(test_write_small_file),
		cmocka_unit_test(test_replace_file_whole),
		cmocka_unit_test(test_replace_file_failures),
		cmocka_unit_test(test_scan_trim),
		cmocka_unit_test(test_scan_u64_bounds),
		cmocka_unit_test(test_monotonic_ms_counts_milliseconds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
