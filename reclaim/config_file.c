#include "config.h"

#include <errno.h>
#include <string.h>

#include "log.h"
#include "read_small_file.h"
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

void config_load_file(struct reclaim_config *config, const char *path)
{
	static char text[CONFIG_FILE_MAX + 1]; /* + its NUL */
	ssize_t n = read_small_file(path, text, sizeof text);

	if (n >= 0)
		config_parse_text(config, text, (size_t)n, path);
	else if (errno == EFBIG)
		log_warn("reclaim: %s is larger than %u KiB; ignoring all of it",
			 path, CONFIG_FILE_MAX >> 10);
	else if (errno != ENOENT)
		log_syserr("reclaim: read %s", path);
}
