/* power_button_pressed() over an epoll set of event devices, played here
 * by pipes carrying evdev records: a KEY_POWER press counts, other keys
 * and releases do not, and a device that hangs up leaves the set (it
 * would stay readable and wake PID 1's loop for ever). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "power_button.h"

/* include/uapi/linux/input.h on 64-bit */
struct evdev_event {
	struct timeval time;
	uint16_t type, code;
	int32_t value;
};
enum { EV_KEY = 1, KEY_POWER = 116, KEY_ENTER = 28 };

static int set_of(int fd)
{
	int epfd = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	assert_true(epfd >= 0);
	assert_int_equal(epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev), 0);
	return epfd;
}

static void send_key(int fd, uint16_t code, int32_t value)
{
	struct evdev_event e = { .type = EV_KEY, .code = code, .value = value };

	assert_int_equal(write(fd, &e, sizeof e), (ssize_t)sizeof e);
}

static int ready(int epfd)
{
	struct epoll_event ev;

	return epoll_wait(epfd, &ev, 1, 0);
}

static void test_press_counts(void **state)
{
	int p[2], epfd;

	(void)state;
	assert_int_equal(pipe(p), 0);
	epfd = set_of(p[0]);
	send_key(p[1], KEY_ENTER, 1);
	send_key(p[1], KEY_POWER, 0);
	assert_int_equal(power_button_pressed(epfd), 0);
	send_key(p[1], KEY_POWER, 1);
	assert_int_equal(power_button_pressed(epfd), 1);
	assert_int_equal(ready(epfd), 0);
	close(p[1]);
	close(epfd);
}

static void test_hung_up_device_leaves_the_set(void **state)
{
	int p[2], epfd;

	(void)state;
	assert_int_equal(pipe(p), 0);
	epfd = set_of(p[0]);
	close(p[1]);
	assert_int_equal(ready(epfd), 1);
	assert_int_equal(power_button_pressed(epfd), 0);
	assert_int_equal(ready(epfd), 0);
	assert_int_equal(close(p[0]), -1); /* closed with it */
	close(epfd);
}

/* A press written just before the hang-up still counts. */
static void test_last_press_before_hang_up(void **state)
{
	int p[2], epfd;

	(void)state;
	assert_int_equal(pipe(p), 0);
	epfd = set_of(p[0]);
	send_key(p[1], KEY_POWER, 1);
	close(p[1]);
	assert_int_equal(power_button_pressed(epfd), 1);
	assert_int_equal(ready(epfd), 0);
	close(epfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_press_counts),
		cmocka_unit_test(test_hung_up_device_leaves_the_set),
		cmocka_unit_test(test_last_press_before_hang_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
