#include "bounded.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "reap.h"

/* pid alone, through its pidfd: other children and signals are left to
 * the event loop. Without pidfds (before 5.3), by reap_until's polling. */
static int wait_only(pid_t pid, uint64_t deadline)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct pollfd exited = { .fd = fd, .events = POLLIN };
	uint64_t now;

	if (fd < 0)
		return reap_until(-1, pid, deadline);
	while ((now = monotonic_ms()) < deadline &&
	       poll(&exited, 1, (int)(deadline - now)) < 0 && errno == EINTR)
		continue;
	close(fd);
	return waitpid(pid, NULL, WNOHANG) == pid;
}

int bounded_run(int sigfd, void (*work)(const char *), const char *arg,
		uint64_t deadline, const char *what)
{
	uint64_t start = monotonic_ms();
	pid_t pid = _Fork(); /* ebb is single-threaded: no atfork locks */

	if (pid < 0) {
		log_syserr("fork for %s %s; doing it unbounded", what, arg);
		work(arg);
		return 1;
	}
	if (pid == 0) {
		work(arg);
		_exit(0);
	}
	if (deadline < start + BOUNDED_GRACE_MS)
		deadline = start + BOUNDED_GRACE_MS;
	if (sigfd >= 0 ? reap_until(sigfd, pid, deadline) : wait_only(pid, deadline))
		return 1;
	log_warn("%s%s%s: still blocked after %" PRIu64 " ms; left behind", what, arg[0] ? " " : "",
		 arg, monotonic_ms() - start);
	return 0;
}
