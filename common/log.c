#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { KMSG_INFO = 6, KMSG_WARNING = 4 };

static int kmsg_fd = -1;
static int echo_notices;

void log_to_kmsg(void)
{
	if (kmsg_fd < 0)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
}

static void log_line(int level, const char *suffix, const char *fmt, va_list ap)
{
	char line[512];
	int n = 0;

	if (kmsg_fd >= 0)
		n = snprintf(line, sizeof line, "<%d>", level);
	n += snprintf(line + n, sizeof line - n, "ebb: ");
	if (n < (int)sizeof line)
		n += vsnprintf(line + n, sizeof line - n, fmt, ap);
	if (n < (int)sizeof line && suffix)
		n += snprintf(line + n, sizeof line - n, ": %s", suffix);
	if (n >= (int)sizeof line - 1)
		n = sizeof line - 2;
	line[n++] = '\n';
	if (kmsg_fd < 0 || write(kmsg_fd, line, n) < 0)
		(void)!write(STDERR_FILENO, line, n);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(KMSG_INFO, NULL, fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(KMSG_WARNING, NULL, fmt, ap);
	va_end(ap);
}

void log_syserr(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_line(KMSG_WARNING, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
}

void log_console_check(void)
{
	char buf[32];
	int fd = open("/proc/sys/kernel/printk", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		log_syserr("open /proc/sys/kernel/printk");
		return;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	/* The kernel prints a message when its level < console_loglevel. */
	echo_notices = atoi(buf) <= KMSG_WARNING;
}

void log_notice(const char *fmt, ...)
{
	char line[480];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	log_warn("%s", line);
	if (echo_notices && kmsg_fd >= 0)
		dprintf(STDERR_FILENO, "ebb: %s\n", line);
}
