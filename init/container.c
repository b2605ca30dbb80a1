#include "container.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "close_extra_fds.h"
#include "exit_status.h"
#include "format.h"
#include "log.h"
#include "signals.h"

enum { EXIT_USAGE = 2, EXIT_CANNOT_EXEC = 126, EXIT_NOT_FOUND = 127 };

static pid_t start_child(char **argv, int has_tty)
{
	pid_t pid = _Fork(); /* ebb is single-threaded: no atfork locks */

	if (pid != 0) {
		if (pid < 0)
			log_syserr("fork");
		/* Also here: whichever of parent and child runs first wins. */
		else if (setpgid(pid, pid) < 0 && errno != EACCES && errno != ESRCH)
			log_syserr("setpgid");
		return pid;
	}
	if (setpgid(0, 0) < 0)
		log_syserr("setpgid");
	/* SIGTTOU is still blocked here, so a background caller may do this. */
	if (has_tty && tcsetpgrp(STDIN_FILENO, getpid()) < 0)
		log_syserr("tcsetpgrp");
	signals_reset_for_child();
	close_extra_fds();
	execvp(argv[0], argv);
	format_fd(STDERR_FILENO, "ebb: exec %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

/* Reaps all that is ready; returns 1 once child was among them. */
static int reap(pid_t child, int *status)
{
	int found = 0, st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (pid == child) {
			*status = st;
			found = 1;
		}
	if (pid < 0 && errno != ECHILD && errno != EINTR)
		log_syserr("waitpid");
	return found;
}

static void forward(pid_t child, int sig)
{
	if (kill(child, sig) < 0 && errno != ESRCH)
		log_syserr("forward signal %d to %d", sig, (int)child);
}

/* Last resort when the signalfd fails: block in waitpid for the child. */
static int wait_blocking(pid_t child)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, 0)) != child)
		if (pid < 0 && errno != EINTR) {
			log_syserr("waitpid");
			return EXIT_CANNOT_EXEC << 8;
		}
	return status;
}

/* Forwards signals and reaps until the child is gone; returns its status. */
static int supervise(int sigfd, pid_t child)
{
	struct signalfd_siginfo info;
	struct pollfd pfd = { .fd = sigfd, .events = POLLIN };
	int status = 0;

	for (;;) {
		ssize_t n = read(sigfd, &info, sizeof info);

		if (n == sizeof info && info.ssi_signo != SIGCHLD)
			forward(child, (int)info.ssi_signo);
		else if (n == sizeof info && reap(child, &status))
			return status;
		if (n >= 0 || errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			log_syserr("read signalfd");
			return wait_blocking(child);
		}
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			log_syserr("poll");
	}
}

int container_main(int argc, char **argv)
{
	/* Take the terminal only when started in its foreground. */
	int has_tty = isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
	int sigfd, status;
	pid_t child;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc < 2) {
		format_fd(STDERR_FILENO, "usage: init [--] command [args...]\n");
		return EXIT_USAGE;
	}
	if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		log_syserr("PR_SET_CHILD_SUBREAPER");
	sigfd = signals_take_over();
	if (sigfd < 0)
		return EXIT_CANNOT_EXEC;
	child = start_child(argv + 1, has_tty);
	if (child < 0)
		return EXIT_CANNOT_EXEC;
	status = supervise(sigfd, child);
	if (has_tty && tcsetpgrp(STDIN_FILENO, getpgrp()) < 0)
		log_syserr("tcsetpgrp back");
	return exit_status(status);
}
