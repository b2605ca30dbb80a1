#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "scan.h"

/* One "key = value" line; blank lines and '#' comments are skipped. */
static void parse_line(struct reclaim_config *config, struct scan line,
		       unsigned number, const char *origin)
{
	const char *hash = memchr(line.pos, '#', scan_length(&line));
	const char *equals;
	struct scan key;

	if (hash)
		line.end = hash;
	scan_trim(&line);
	if (scan_at_end(&line))
		return;
	equals = memchr(line.pos, '=', scan_length(&line));
	if (!equals) {
		log_warn("%s:%u: expected key = value", origin, number);
		return;
	}
	key = scan_of(line.pos, (size_t)(equals - line.pos));
	scan_trim(&key);
	if (config_set(config, key.pos, scan_length(&key), equals + 1,
		       (size_t)(line.end - equals - 1), CONFIG_FROM_FILE) ==
	    CONFIG_UNKNOWN_KEY)
		log_warn("%s:%u: unknown key '%.*s'", origin, number,
			 (int)(scan_length(&key) > 64 ? 64 : scan_length(&key)),
			 key.pos);
}

void config_parse_text(struct reclaim_config *config, const char *text,
		       size_t len, const char *origin)
{
	struct scan s = scan_of(text, len);
	struct scan line;
	unsigned number = 0;

	while (scan_line(&s, &line))
		parse_line(config, line, ++number, origin);
}

/* Reads at most cap bytes: the byte count, or -1 (logged). */
static ssize_t read_bounded(int fd, char *buf, size_t cap, const char *path)
{
	size_t got = 0;

	while (got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_syserr("reclaim: read %s", path);
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

void config_load_file(struct reclaim_config *config, const char *path)
{
	/* one byte more than allowed tells a file that is too big */
	static char text[CONFIG_FILE_MAX + 1];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno != ENOENT)
			log_syserr("reclaim: open %s", path);
		return;
	}
	n = read_bounded(fd, text, sizeof text, path);
	close(fd);
	if (n > CONFIG_FILE_MAX)
		log_warn("reclaim: %s is larger than %u KiB; ignoring all of it",
			 path, CONFIG_FILE_MAX >> 10);
	else if (n >= 0)
		config_parse_text(config, text, (size_t)n, path);
}
