#ifndef EBB_FORMAT_H
#define EBB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* ebb's printf: only the conversions ebb uses, so that musl's vfprintf
 * (floats, wide characters, FILE locking: ~13 KB) stays out of init.
 * The format attribute keeps -Wformat checking every call; use only:
 *   %d %i %u %x %o %c %s %%, length l, ll or z on the numbers,
 *   a '0' flag and a width on the numbers, a precision (.N or .*) on %s.
 * tests/build/format_strings.sh fails on any other conversion in a call;
 * at run time, one and all that follows it are copied out as they stand,
 * consuming no further argument. Never allocates. */

/* snprintf's contract: at most cap bytes written, terminator included
 * (cap > 0), and the length the whole text takes is returned, so that a
 * result >= cap says it was cut. */
int format(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int format_va(char *buf, size_t cap, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* dprintf's: the whole text to fd, in pieces of a small buffer (short
 * writes and EINTR retried). Returns 0, or -1 with errno. */
int format_fd(int fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
