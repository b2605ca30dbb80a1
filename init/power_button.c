#include "power_button.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <unistd.h>

#include "format.h"
#include "log.h"

/* musl has no kernel headers: the evdev ABI of include/uapi/linux/input.h
 * and input-event-codes.h (64-bit: a struct timeval of two longs). */
struct evdev_event {
	struct timeval time;
	uint16_t type, code;
	int32_t value;
};
#define EVIOCGNAME(len) _IOC(_IOC_READ, 'E', 0x06, len)
#define EVIOCGBIT(ev, len) _IOC(_IOC_READ, 'E', 0x20 + (ev), len)
enum { EV_KEY = 0x01, KEY_POWER = 116, KEY_MAX = 0x2ff };

/* evdev's static minors; the ACPI buttons bind early and come first. */
enum { EVENT_DEVICES_MAX = 32, BUTTONS_MAX = 4, EVENTS_PER_READ = 16 };

static const char button_name[] = "Power Button";

static int has_key_power(int fd)
{
	unsigned char keys[KEY_MAX / 8 + 1];

	memset(keys, 0, sizeof keys);
	if (ioctl(fd, EVIOCGBIT(EV_KEY, sizeof keys), keys) < 0)
		return 0;
	return (keys[KEY_POWER / 8] >> (KEY_POWER % 8)) & 1;
}

/* The device's fd when it is a power button, else -1. */
static int open_if_button(int index)
{
	char path[32], name[64];
	int fd;

	format(path, sizeof path, "/dev/input/event%d", index);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT && errno != ENODEV)
			log_syserr("open %s", path);
		return -1;
	}
	memset(name, 0, sizeof name);
	if (ioctl(fd, EVIOCGNAME(sizeof name - 1), name) >= 0 &&
	    strcmp(name, button_name) == 0 && has_key_power(fd))
		return fd;
	close(fd);
	return -1;
}

int power_button_open(void)
{
	int epfd = epoll_create1(EPOLL_CLOEXEC), found = 0;

	if (epfd < 0) {
		log_syserr("epoll_create1 for the power button");
		return -1;
	}
	for (int i = 0; i < EVENT_DEVICES_MAX && found < BUTTONS_MAX; i++) {
		int fd = open_if_button(i);
		struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

		if (fd < 0)
			continue;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			log_syserr("epoll_ctl power button event%d", i);
			close(fd);
			continue;
		}
		found++;
	}
	if (found == 0) {
		log_info("no power button (/dev/input/event* '%s'): shut down from the guest only",
			 button_name);
		close(epfd);
		return -1;
	}
	return epfd;
}

/* One bounded read of a device: 1 when it holds a KEY_POWER press, -1
 * when the device failed (logged). */
static int read_button(int fd)
{
	struct evdev_event events[EVENTS_PER_READ];
	ssize_t n = read(fd, events, sizeof events);
	int pressed = 0;

	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		log_syserr("read power button; no longer watched");
		return -1;
	}
	for (size_t i = 0; i < (size_t)n / sizeof events[0]; i++)
		if (events[i].type == EV_KEY && events[i].code == KEY_POWER && events[i].value == 1)
			pressed = 1;
	return pressed;
}

/* A device that hung up or failed (unplugged: ENODEV) leaves the set:
 * it would stay readable and wake PID 1's loop for ever. */
static void forget_button(int epfd, int fd)
{
	if (epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL) < 0)
		log_syserr("epoll_ctl del power button");
	close(fd);
}

int power_button_pressed(int fd)
{
	struct epoll_event ready[BUTTONS_MAX];
	int n = epoll_wait(fd, ready, BUTTONS_MAX, 0), pressed = 0;

	if (n < 0 && errno != EINTR)
		log_syserr("epoll_wait power button");
	for (int i = 0; i < n; i++) {
		int got = read_button(ready[i].data.fd);

		if (got > 0)
			pressed = 1;
		if (got < 0 || (ready[i].events & (EPOLLHUP | EPOLLERR))) {
			if (got == 0)
				log_warn("power button hung up; no longer watched");
			forget_button(fd, ready[i].data.fd);
		}
	}
	return pressed;
}
