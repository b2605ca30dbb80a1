#ifndef EBB_LOG_H
#define EBB_LOG_H

/* One line per message, prefixed "ebb: ", to /dev/kmsg once log_to_kmsg()
 * succeeded (PID 1, root daemon: visible in dmesg and on the console),
 * otherwise to stderr. Never allocates, never fails loudly. */
void log_to_kmsg(void);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A warning the person at the console must see (bad boot options): a
 * log_warn() that is also written to stderr (the console) when the
 * kernel's console log level hides warnings (`quiet`), so it shows once.
 * log_console_check() reads that level once /proc is mounted. */
void log_console_check(void);
void log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_warn with ": strerror(errno)" appended; errno is preserved. */
void log_syserr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
