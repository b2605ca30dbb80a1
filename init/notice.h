#ifndef EBB_NOTICE_H
#define EBB_NOTICE_H

/* A warning the person at the console must see (bad boot options): logged
 * with log_warn(), and also written to the console when the kernel's
 * console log level hides warnings (e.g. `quiet`), so that it shows up
 * exactly once there. */
void notice_setup_console(void);
void notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
