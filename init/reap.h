#ifndef EBB_REAP_H
#define EBB_REAP_H

#include <stdint.h>
#include <sys/types.h>

enum { REAP_DEADLINE_ONLY = -1 };

/* PID 1 at shutdown: reaps every child until pid exited (pid > 0), no
 * child is left (pid == 0) or the deadline (monotonic_ms) passed
 * (REAP_DEADLINE_ONLY waits for the deadline only), discarding signals
 * from sigfd meanwhile. Returns 1 when the condition was met, 0 on
 * timeout. */
int reap_until(int sigfd, pid_t pid, uint64_t deadline);

#endif
