#include "notice.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"

enum { KERN_WARNING_LEVEL = 4 };

static int echo_to_console;

void notice_setup_console(void)
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
	echo_to_console = atoi(buf) <= KERN_WARNING_LEVEL;
}

void notice(const char *fmt, ...)
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
	if (echo_to_console)
		dprintf(STDERR_FILENO, "ebb: %s\n", line);
}
