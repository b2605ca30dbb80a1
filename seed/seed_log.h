#ifndef EBB_SEED_LOG_H
#define EBB_SEED_LOG_H

/* ebb-seed's lines: each to the kernel log through common/log.c (dmesg,
 * and the console at the default log level; /dev/kmsg is reopened every
 * few lines, so the kernel's rate limit drops none), and a copy, with
 * its time since boot, to /var/log/ebb-seed.log once seed_log_open()
 * opened it. Lines say "ebb-seed: ..." themselves. */
void seed_log_open(void);
/* The log file's fd (bootcmd's output goes there too), or -1. */
int seed_log_fd(void);
void seed_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void seed_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* seed_warn with ": strerror(errno)" appended; errno is preserved. */
void seed_syserr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
