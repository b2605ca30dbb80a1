#ifndef EBB_CMDLINE_WORDS_H
#define EBB_CMDLINE_WORDS_H

#include <stddef.h>

/* The kernel command line, split in place like the kernel does: words
 * separated by blanks, double quotes group blanks into a word and are
 * removed. No allocation: words are NUL-terminated inside the buffer. */
struct cmdline_cursor {
	char *pos;
	char *end;
};

/* buf[len] must be writable: the last word's terminator may go there. */
void cmdline_init(struct cmdline_cursor *cur, char *buf, size_t len);
/* Next word: *key is the word up to '=', *value what follows ("" for
 * "key="), or NULL without '='. Returns 0 when there are no more words. */
int cmdline_next(struct cmdline_cursor *cur, char **key, char **value);

#endif
