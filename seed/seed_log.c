/* ebb-seed's log (see seed_log.h). */
#include "seed_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "safe_path.h"
#include "write_all.h"

#define SEED_LOG_FILE "/var/log/ebb-seed.log"

static int file_fd = -1;

void seed_log_open(void)
{
	const char *name;
	int dir = safe_parent_open(SEED_LOG_FILE, true, &name);

	if (dir < 0)
		return;
	file_fd = openat(dir, name, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (file_fd < 0)
		seed_syserr("ebb-seed: open " SEED_LOG_FILE);
	close(dir);
}

int seed_log_fd(void)
{
	return file_fd;
}

/* One line to both: the kernel log at warning or info, the file with the
 * seconds since boot (dmesg's clock). */
static void seed_line(int warn, const char *suffix, const char *fmt, va_list ap)
{
	char text[480], stamp[48];
	struct timespec now;
	int n = vsnprintf(text, sizeof text, fmt, ap);

	if (n >= 0 && suffix)
		snprintf(text + strlen(text), sizeof text - strlen(text), ": %s", suffix);
	if (warn)
		log_warn("%s", text);
	else
		log_info("%s", text);
	if (file_fd < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	snprintf(stamp, sizeof stamp, "[%5ld.%06ld] ", (long)now.tv_sec, now.tv_nsec / 1000);
	if (write_all(file_fd, stamp, strlen(stamp)) < 0 || write_all(file_fd, text, strlen(text)) < 0 ||
	    write_all(file_fd, "\n", 1) < 0) {
		close(file_fd); /* a full disk: the kernel log still has every line */
		file_fd = -1;
	}
}

void seed_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seed_line(0, NULL, fmt, ap);
	va_end(ap);
}

void seed_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seed_line(1, NULL, fmt, ap);
	va_end(ap);
}

void seed_syserr(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	seed_line(1, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
}
