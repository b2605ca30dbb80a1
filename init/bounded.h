#ifndef EBB_BOUNDED_H
#define EBB_BOUNDED_H

#include <stdint.h>

/* sync(2), umount(2) and mount(2) of a 9p share can block for ever in the
 * kernel, on a disk or a server that no longer answers (a dead network,
 * a stalled 9p server: a VM's host share, WSL's drive mounts). PID 1 runs
 * such a step in a child and waits for it until the deadline
 * (monotonic_ms), or BOUNDED_GRACE_MS once that has passed; a step still
 * blocked then is left in its uninterruptible sleep (reboot(2) does not
 * wait for it) and logged: "<what> <arg>: still blocked after N ms; left
 * behind". Returns 1 when work(arg) finished in time, 0 when left.
 * With a signalfd (shutdown), every child is reaped meanwhile and
 * signals are discarded; with -1 (boot), only this child is waited for
 * and signals stay queued for the event loop. */
enum { BOUNDED_GRACE_MS = 1000 };

int bounded_run(int sigfd, void (*work)(const char *), const char *arg,
		uint64_t deadline, const char *what);

#endif
