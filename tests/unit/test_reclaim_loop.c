/* reclaim_start() when the kernel refuses part of its event set: a timer
 * that cannot be had leaves no epoll fd behind, and a control socket the
 * epoll set refuses is closed and removed, so that a client is told at
 * once that no loop answers instead of waiting on a socket nobody
 * accepts on. epoll_ctl and timerfd_create are this file's own (they
 * take precedence over libc's for the whole program) and fail on demand.
 * The loop runs in mode off: nothing is written to the host's kernel. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "reclaim.h"

static int fail_timerfd;      /* timerfd_create fails with ENOMEM */
static int fail_epoll_add_at; /* the Nth EPOLL_CTL_ADD fails with ENOSPC */
static int epoll_adds;

int timerfd_create(int clockid, int flags)
{
	if (fail_timerfd) {
		errno = ENOMEM;
		return -1;
	}
	return (int)syscall(SYS_timerfd_create, clockid, flags);
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
	if (op == EPOLL_CTL_ADD && ++epoll_adds == fail_epoll_add_at) {
		errno = ENOSPC; /* over fs.epoll.max_user_watches */
		return -1;
	}
	return (int)syscall(SYS_epoll_ctl, epfd, op, fd, event);
}

/* Open epoll fds of this process. */
static int epoll_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *e;
	int count = 0;

	assert_non_null(dir);
	while ((e = readdir(dir))) {
		char path[300], target[64];
		ssize_t n;

		snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
		n = readlink(path, target, sizeof target - 1);
		if (n > 0) {
			target[n] = '\0';
			count += strcmp(target, "anon_inode:[eventpoll]") == 0;
		}
	}
	closedir(dir);
	return count;
}

static char socket_path[64];

static int setup(void **state)
{
	static char dir[] = "/tmp/ebb-loop.XXXXXX";

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(socket_path, sizeof socket_path, "%s/ebb/reclaim.sock", dir);
	setenv("EBB_RECLAIM_SOCKET", socket_path, 1);
	return reclaim_option("reclaim", "off") == RECLAIM_OPTION_OK ? 0 : -1;
}

/* Runs first: the loop is not started yet. */
static void test_no_timer_leaves_no_epoll_fd(void **state)
{
	int before = epoll_fds();

	(void)state;
	fail_timerfd = 1;
	assert_int_equal(reclaim_start(), -1);
	fail_timerfd = 0;
	assert_int_equal(epoll_fds(), before);
}

static void test_unwatched_socket_is_removed(void **state)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd, rc;

	(void)state;
	epoll_adds = 0;
	fail_epoll_add_at = 2; /* the timer's add, then the socket's */
	assert_true(reclaim_start() >= 0);
	fail_epoll_add_at = 0;
	assert_int_equal(access(socket_path, F_OK), -1);
	assert_int_equal(errno, ENOENT);
	strcpy(addr.sun_path, socket_path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	rc = connect(fd, (struct sockaddr *)&addr, sizeof addr);
	assert_int_equal(rc, -1);
	assert_int_equal(errno, ENOENT);
	close(fd);
	reclaim_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_timer_leaves_no_epoll_fd),
		cmocka_unit_test(test_unwatched_socket_is_removed),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
