#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "read_small_file.h"
#include "scan.h"

enum {
	KMSG_INFO = 6,
	KMSG_WARNING = 4,
	/* The kernel's burst per open of /dev/kmsg (DEFAULT_RATELIMIT_BURST
	 * in 5 s, printk.devkmsg=ratelimit, the default): more is dropped. */
	KMSG_LINES_PER_OPEN = 10,
	/* A console line waits at most CONSOLE_POLLS * CONSOLE_POLL_MS. */
	CONSOLE_POLLS = 4,
	CONSOLE_POLL_MS = 250,
	LINE_MAX_BYTES = 512,
};

static int kmsg_fd = -1;
static unsigned kmsg_lines;
static int console_fd = STDERR_FILENO;
static unsigned console_dropped; /* lines lost since the console stopped */
static int echo_notices;

void log_to_kmsg(void)
{
	if (kmsg_fd < 0)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
}

void log_forked(void)
{
	int had_kmsg = kmsg_fd >= 0;

	kmsg_fd = -1;
	kmsg_lines = 0;
	console_fd = STDERR_FILENO;
	if (had_kmsg)
		log_to_kmsg();
}

/* A fresh open every KMSG_LINES_PER_OPEN lines has a fresh rate limit, so
 * every line reaches dmesg whatever the kernel command line says. dup3
 * keeps the fd number and never leaves /dev/kmsg closed (an unmount at
 * shutdown must keep seeing /dev busy). */
static int kmsg_write(const char *line, size_t len)
{
	if (kmsg_lines >= KMSG_LINES_PER_OPEN) {
		int fresh = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);

		if (fresh >= 0 && dup3(fresh, kmsg_fd, O_CLOEXEC) >= 0)
			kmsg_lines = 0;
		if (fresh >= 0)
			close(fresh);
	}
	kmsg_lines++;
	return write(kmsg_fd, line, len) < 0 ? -1 : 0;
}

/* Kernel log only: what is said about the console cannot go to it. */
static void kmsg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void kmsg_warn(const char *fmt, ...)
{
	char line[LINE_MAX_BYTES];
	va_list ap;
	int n = format(line, sizeof line, "<%d>ebb: ", KMSG_WARNING);

	va_start(ap, fmt);
	n += format_va(line + n, sizeof line - n, fmt, ap);
	va_end(ap);
	if (kmsg_fd >= 0 && n < (int)sizeof line)
		(void)kmsg_write(line, n);
}

/* Never blocks for long: writes only when poll says the console has room
 * (a tty: most of its buffer), waiting at most CONSOLE_POLLS polls, and
 * not at all once a line was dropped (XOFF, a full pty nobody reads),
 * until a line goes through again. A line that does not fit is dropped
 * and counted. */
static void console_write(const char *line, size_t len)
{
	int polls = console_dropped ? 1 : CONSOLE_POLLS;
	size_t done = 0;

	while (done < len && polls-- > 0) {
		struct pollfd pfd = { .fd = console_fd, .events = POLLOUT };
		ssize_t n;

		if (poll(&pfd, 1, console_dropped ? 0 : CONSOLE_POLL_MS) == 0)
			continue;
		n = write(console_fd, line + done, len - done);
		if (n > 0)
			done += n;
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			break;
	}
	if (done < len) {
		if (console_dropped++ == 0)
			kmsg_warn("console takes no output (stopped by Ctrl-S?); "
				  "dropping lines until it does\n");
	} else if (console_dropped) {
		kmsg_warn("console takes output again; dropped lines: %u\n",
			  console_dropped);
		console_dropped = 0;
	}
}

void log_console_nonblocking(const char *path)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		log_syserr("open %s", path);
	else
		console_fd = fd;
}

void log_console_dropped(void)
{
	if (console_dropped)
		kmsg_warn("console still stopped; dropped lines: %u\n", console_dropped);
}

void log_console(const char *fmt, ...)
{
	char line[LINE_MAX_BYTES];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_va(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n >= 0)
		console_write(line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
}

static void log_line(int level, const char *suffix, const char *fmt, va_list ap)
{
	char line[LINE_MAX_BYTES];
	int prefix = format(line, sizeof line, "<%d>", level);
	int n = prefix;

	n += format(line + n, sizeof line - n, "ebb: ");
	if (n < (int)sizeof line)
		n += format_va(line + n, sizeof line - n, fmt, ap);
	if (n < (int)sizeof line && suffix)
		n += format(line + n, sizeof line - n, ": %s", suffix);
	if (n >= (int)sizeof line - 1)
		n = sizeof line - 2;
	line[n++] = '\n';
	if (kmsg_fd < 0 || kmsg_write(line, n) < 0)
		console_write(line + prefix, n - prefix);
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
	struct scan s;
	uint64_t level;
	ssize_t n = read_small_file("/proc/sys/kernel/printk", buf, sizeof buf);

	if (n < 0) {
		log_syserr("read /proc/sys/kernel/printk");
		return;
	}
	s = scan_of(buf, (size_t)n);
	/* The kernel prints a message when its level < console_loglevel,
	 * the first number; unreadable: echo, a line twice beats none. */
	echo_notices = !scan_u64(&s, &level) || level <= KMSG_WARNING;
}

void log_notice(const char *fmt, ...)
{
	char line[480];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_va(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	log_warn("%s", line);
	if (echo_notices && kmsg_fd >= 0)
		log_console("ebb: %s\n", line);
}
