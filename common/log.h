#ifndef EBB_LOG_H
#define EBB_LOG_H

/* One line per message, prefixed "ebb: ", to /dev/kmsg once log_to_kmsg()
 * succeeded (PID 1, root daemon: visible in dmesg and on the console),
 * otherwise to stderr. Never allocates, never fails loudly. */
void log_to_kmsg(void);
/* In a forked child that logs, after close_extra_fds(): the log opens
 * /dev/kmsg afresh (the kernel's rate limit is per open file, and the
 * parent does not count the child's lines) and console lines go to fd 2. */
void log_forked(void);
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

/* Console lines (log lines without /dev/kmsg, echoed notices,
 * log_console) never block PID 1: they are written only when the console
 * has room, waiting 1 s at most, and not at all while it is stopped
 * (Ctrl-S, a pty nobody reads); lines that do not fit are dropped and
 * counted in the kernel log. They go to stderr until
 * log_console_nonblocking(path) gives them their own O_NONBLOCK open of
 * path (its own file description: the flag is not shared with children
 * holding stderr). */
void log_console_nonblocking(const char *path);
void log_console(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Says in the kernel log how many lines were dropped if the console is
 * still stopped (before reboot(2)). */
void log_console_dropped(void);

#endif
