#ifndef EBB_TOOL_H
#define EBB_TOOL_H

/* Small helpers shared by the workload programs under tests/tools. */

/* Decimal integer in [min, max] (min >= 0), or -1 when it is not one. */
long tool_parse_long(const char *text, long min, long max);
/* CLOCK_MONOTONIC in milliseconds. */
long tool_now_ms(void);
/* Prints "MARK <name> ms=<ms>" on stdout, flushed: the host times on it. */
void tool_mark(const char *name, long ms);
/* Prints "<what>: strerror(errno)" on stderr. */
void tool_syserr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
