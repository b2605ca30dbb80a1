#include "reap.h"

#include <errno.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

enum { POLL_CAP_MS = 250 };

static void drain_signals(int sigfd)
{
	struct signalfd_siginfo info;

	while (sigfd >= 0 && read(sigfd, &info, sizeof info) == sizeof info)
		continue; /* shutdown is under way: other requests are moot */
}

int reap_until(int sigfd, pid_t pid, uint64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = sigfd, .events = POLLIN };
		uint64_t now, remaining;
		int status;
		pid_t got;

		while ((got = waitpid(-1, &status, WNOHANG)) > 0)
			if (got == pid)
				return 1;
		if (got < 0 && errno == ECHILD && pid != REAP_DEADLINE_ONLY)
			return 1;
		if (got < 0 && errno != ECHILD && errno != EINTR)
			log_syserr("waitpid");
		now = monotonic_ms();
		if (now >= deadline)
			return 0;
		remaining = deadline - now;
		if (poll(&pfd, 1, remaining < POLL_CAP_MS ? (int)remaining : POLL_CAP_MS) < 0 &&
		    errno != EINTR)
			log_syserr("poll");
		drain_signals(sigfd);
	}
}
