#ifndef EBB_LOG_H
#define EBB_LOG_H

/* One line per message, prefixed "ebb: ", to /dev/kmsg once log_to_kmsg()
 * succeeded (PID 1, root daemon: visible in dmesg and on the console),
 * otherwise to stderr. Never allocates, never fails loudly. */
void log_to_kmsg(void);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_warn with ": strerror(errno)" appended; errno is preserved. */
void log_syserr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
