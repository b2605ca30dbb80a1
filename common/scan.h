#ifndef EBB_SCAN_H
#define EBB_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A bounded cursor over text that need not be NUL-terminated: ebb's
 * parsers (/proc files, reclaim.conf, inittab, /proc/mounts, numbers on
 * the kernel command line) never read past `end`. The one number parser:
 * no strtoul, no atoi. */
struct scan {
	const char *pos;
	const char *end;
};

struct scan scan_of(const char *buf, size_t len);
bool scan_at_end(const struct scan *s);
/* Skips spaces and tabs (not newlines). */
void scan_blanks(struct scan *s);
/* Drops blanks in front, and blanks and '\r' (CRLF files) behind. */
void scan_trim(struct scan *s);
/* Takes the next line (without its '\n') into *line; false at the end. */
bool scan_line(struct scan *s, struct scan *line);
/* Takes the literal text if it comes next. */
bool scan_literal(struct scan *s, const char *literal);
/* Skips blanks, then reads a decimal number; false on no digits or on
 * overflow of 64 bits (the cursor is then left anywhere). */
bool scan_u64(struct scan *s, uint64_t *out);
/* Skips blanks, then takes a run of non-blank characters. */
bool scan_token(struct scan *s, struct scan *token);
bool scan_equals(const struct scan *token, const char *text);
size_t scan_length(const struct scan *s);

#endif
