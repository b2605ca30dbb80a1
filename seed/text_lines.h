#ifndef EBB_TEXT_LINES_H
#define EBB_TEXT_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Whether text[0..len) holds line as a whole line. */
bool text_has_line(const char *text, size_t len, const char *line);
/* line (and a newline) appended to text[0..len) unless it is there;
 * the new length, or -1 when it would not fit in cap bytes. */
ssize_t text_add_line(char *text, size_t len, size_t cap, const char *line);

#endif
