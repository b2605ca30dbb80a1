/* The `reclaim` command: a client of the control socket, or the loop
 * itself as a foreground daemon where another PID 1 runs. */
#include "reclaim.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "control.h"
#include "format.h"
#include "install.h"
#include "log.h"

static int usage(void)
{
	format_fd(STDERR_FILENO,
		"usage: reclaim status [--json]   show what reclaim does\n"
		"       reclaim now               reclaim at once\n"
		"       reclaim mode <m>          gradual, dropcache, compact or off\n"
		"       reclaim daemon [--wait|--no-wait] [key=value ...]\n"
		"                                 run the loop in the foreground; when\n"
		"                                 another runs, wait for it to end (the\n"
		"                                 default under WSL) or exit 1\n"
		"       reclaim install [--write] a systemd unit and the wsl.conf line\n"
		"                                 that start reclaim daemon (--write:\n"
		"                                 the unit into " INSTALL_UNIT_PATH ")\n");
	return 2;
}

static int call(const char *request)
{
	char reply[CONTROL_MAX_MESSAGE];

	if (control_call(control_socket_path(), request, reply, sizeof reply) < 0)
		return 1;
	if (strncmp(reply, "error: ", 7) == 0) {
		format_fd(STDERR_FILENO, "reclaim: %s", reply + 7);
		return 1;
	}
	format_fd(STDOUT_FILENO, "%s", reply);
	return 0;
}

/* "reclaim.tick=2s" or "ebb.reclaim=off" on the daemon's command line. */
static int apply_options(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		char key[64];
		const char *equals = strchr(argv[i], '=');
		size_t len = equals ? (size_t)(equals - argv[i]) : 0;

		if (!equals || len >= sizeof key) {
			format_fd(STDERR_FILENO, "reclaim: expected key=value, got '%s'\n", argv[i]);
			return -1;
		}
		memcpy(key, argv[i], len);
		key[len] = '\0';
		if (reclaim_option(strncmp(key, "ebb.", 4) == 0 ? key + 4 : key,
				   equals + 1) == RECLAIM_OPTION_UNKNOWN) {
			format_fd(STDERR_FILENO, "reclaim: unknown key '%s'\n", key);
			return -1;
		}
	}
	return 0;
}

static int blocked_signalfd(void)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	/* blocked before any worker child starts: it inherits the mask, so
	 * only reclaim_stop's SIGKILL ends it */
	sigprocmask(SIG_BLOCK, &set, NULL);
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		log_syserr("reclaim: signalfd");
	return fd;
}

/* The worker's children, and any the daemon inherited from whoever
 * exec'd it (reaped, not reclaim's). */
static void reap_children(void)
{
	struct rusage usage;
	int status;
	pid_t pid;

	while ((pid = wait4(-1, &status, WNOHANG, &usage)) > 0)
		reclaim_child_exited(pid, status, &usage);
	if (pid < 0 && errno != ECHILD && errno != EINTR)
		log_syserr("reclaim: wait4");
}

/* Reads the signals that came: SIGCHLD reaps; any other (TERM, INT,
 * HUP) ends the daemon. Returns false once one asked it to end. */
static bool on_signals(int sig_fd)
{
	struct signalfd_siginfo info;
	bool go_on = true;

	while (read(sig_fd, &info, sizeof info) == sizeof info) {
		if (info.ssi_signo == SIGCHLD)
			reap_children();
		else
			go_on = false;
	}
	return go_on;
}

/* One loop per control socket: refuse, or with --wait try the lock
 * every second until the other loop ends. Under WSL the lock is the
 * VM's: every distro's boot command starts a daemon, and the one that
 * waits takes over when WSL stops the distro of the one that runs.
 * Returns 0 with the lock held, 1 when a signal ended the wait, -1 when
 * refused or failed. */
static int take_lock(int sig_fd, bool wait)
{
	const char *path = control_socket_path();
	struct pollfd signals = { .fd = sig_fd, .events = POLLIN };
	bool told = false;

	for (;;) {
		switch (control_lock(path)) {
		case CONTROL_LOCKED:
			if (told && geteuid() == 0)
				log_to_kmsg();
			if (told)
				log_info("reclaim: the other reclaim loop ended "
					 "(%s is free); taking over",
					 control_lock_path(path));
			return 0;
		case CONTROL_LOCK_FAILED:
			return -1;
		case CONTROL_LOCK_BUSY:
			break;
		}
		if (!told)
			format_fd(STDERR_FILENO, "reclaim: another reclaim loop is running "
				"(%s is locked%s); %s\n", control_lock_path(path),
				control_path_shared(path) ?
				": one loop serves every distro of this WSL VM" : "",
				wait ? "waiting for it to end" : "not starting");
		if (!wait)
			return -1;
		told = true;
		switch (poll(&signals, 1, 1000)) {
		case -1:
			if (errno == EINTR)
				break;
			log_syserr("reclaim: poll");
			return -1;
		case 0:
			break;
		default:
			if (!on_signals(sig_fd))
				return 1;
		}
	}
}

/* --wait or --no-wait first; waiting is the default where the lock is
 * shared by a WSL VM's distros. Returns how many arguments it took. */
static int wait_option(int argc, char **argv, bool *wait)
{
	*wait = control_path_shared(control_socket_path());
	if (argc > 0 && strcmp(argv[0], "--wait") == 0)
		*wait = true;
	else if (argc > 0 && strcmp(argv[0], "--no-wait") == 0)
		*wait = false;
	else
		return 0;
	return 1;
}

static int run_daemon(int argc, char **argv)
{
	struct pollfd fds[2];
	bool wait;
	int taken = wait_option(argc, argv, &wait);
	int sig_fd, loop_fd, locked;

	if (apply_options(argc - taken, argv + taken) < 0)
		return 2;
	if ((sig_fd = blocked_signalfd()) < 0)
		return 1;
	if ((locked = take_lock(sig_fd, wait)) != 0)
		return locked > 0 ? 0 : 1;
	if (geteuid() == 0)
		log_to_kmsg();
	if ((loop_fd = reclaim_start()) < 0)
		return 1;
	fds[0] = (struct pollfd){ .fd = sig_fd, .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = loop_fd, .events = POLLIN };
	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_syserr("reclaim: poll");
			return 1;
		}
		if ((fds[0].revents & POLLIN) && !on_signals(sig_fd))
			break;
		if (fds[1].revents & POLLIN)
			reclaim_dispatch();
	}
	reclaim_stop();
	log_info("reclaim: daemon stopped");
	return 0;
}

int reclaim_main(int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";

	if (strcmp(verb, "status") == 0 && argc == 2)
		return call("status");
	if (strcmp(verb, "status") == 0 && argc == 3 &&
	    strcmp(argv[2], "--json") == 0)
		return call("status --json");
	if (strcmp(verb, "now") == 0 && argc == 2)
		return call("now");
	if (strcmp(verb, "mode") == 0 && argc == 3) {
		char request[64];

		format(request, sizeof request, "mode %s", argv[2]);
		return call(request);
	}
	if (strcmp(verb, "daemon") == 0)
		return run_daemon(argc - 2, argv + 2);
	if (strcmp(verb, "install") == 0 && argc == 2)
		return install_main(argv[0], false);
	if (strcmp(verb, "install") == 0 && argc == 3 &&
	    strcmp(argv[2], "--write") == 0)
		return install_main(argv[0], true);
	return usage();
}
