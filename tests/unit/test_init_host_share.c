/* host_share_mount() with a 9p server that does not answer: the mount
 * runs in a child, and the boot goes on once the bound has passed (the
 * timeout, at least the 1 s grace), leaving the child behind; with a
 * server that answers it returns at once. mount, mkdir and the tag file
 * reader are this file's own (they take precedence for the whole
 * program): nothing is mounted or made on the machine running the test. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "clock.h"
#include "host_share.h"

static unsigned stall_s; /* how long the fake 9p server takes to answer */

int mount(const char *source, const char *target, const char *type, unsigned long flags,
	  const void *data)
{
	(void)source, (void)target, (void)type, (void)flags, (void)data;
	sleep(stall_s);
	return 0;
}

int mkdir(const char *path, mode_t mode)
{
	(void)path, (void)mode;
	return 0;
}

/* One virtio 9p device, tagged "host". */
ssize_t read_small_file(const char *path, char *buf, size_t size)
{
	if (strstr(path, "/virtio0/mount_tag") && size > 5) {
		memcpy(buf, "host", 5);
		return 5;
	}
	errno = ENOENT;
	return -1;
}

/* The children the call left behind: killed and reaped. */
static int reap_left(void)
{
	char path[64];
	int left = 0;
	pid_t pid;
	FILE *f;

	snprintf(path, sizeof path, "/proc/self/task/%d/children", getpid());
	f = fopen(path, "r");
	assert_non_null(f);
	while (fscanf(f, "%d", &pid) == 1) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		left++;
	}
	fclose(f);
	return left;
}

static void test_stalled_server_left_behind(void **state)
{
	uint64_t start, took;

	(void)state;
	stall_s = 4;
	start = monotonic_ms();
	host_share_mount(200);
	took = monotonic_ms() - start;
	assert_true(took >= 1000); /* the grace */
	assert_true(took < 2500);  /* not the server's 4 s */
	assert_int_equal(reap_left(), 1);
}

static void test_answering_server_waited_for(void **state)
{
	uint64_t start, took;

	(void)state;
	stall_s = 0;
	start = monotonic_ms();
	host_share_mount(200);
	took = monotonic_ms() - start;
	assert_true(took < 500);
	assert_int_equal(reap_left(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stalled_server_left_behind),
		cmocka_unit_test(test_answering_server_waited_for),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
