#include "event_loop.h"

#include <errno.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "exit_status.h"
#include "inittab.h"
#include "log.h"
#include "power_button.h"
#include "reclaim.h"
#include "services.h"
#include "shutdown.h"

enum { MAX_EVENTS = 4, NO_TIMER_POLL_MS = 1000 };

struct loop {
	int sigfd, timerfd, reclaim_fd, power_fd, epfd;
	uint64_t shutdown_timeout_ms;
};

static void reap_children(const struct loop *l)
{
	struct rusage usage;
	int status;
	pid_t pid;

	while ((pid = wait4(-1, &status, WNOHANG, &usage)) > 0) {
		if (reclaim_child_exited(pid, status, &usage) ||
		    !services_child_exited(pid, status))
			continue;
		/* The test harnesses' contract: exactly this line, on the console. */
		log_console("ebb.run: exit %d\n", exit_status(status));
		shutdown_system(RB_POWER_OFF, l->sigfd, l->shutdown_timeout_ms);
	}
	if (pid < 0 && errno != ECHILD && errno != EINTR)
		log_syserr("wait4");
}

static void reload_inittab(void)
{
	static struct inittab tab;

	if (inittab_load("/etc/inittab", &tab) < 0)
		log_warn("SIGHUP: no readable /etc/inittab; services unchanged");
	else
		services_reload(&tab);
}

static void on_signal(const struct loop *l, int sig)
{
	const struct inittab_entry *restart;

	switch (sig) {
	case SIGCHLD:
		reap_children(l);
		break;
	case SIGUSR1:
		shutdown_system(RB_HALT_SYSTEM, l->sigfd, l->shutdown_timeout_ms);
	case SIGUSR2:
	case SIGPWR:
		shutdown_system(RB_POWER_OFF, l->sigfd, l->shutdown_timeout_ms);
	case SIGTERM:
		shutdown_system(RB_AUTOBOOT, l->sigfd, l->shutdown_timeout_ms);
	case SIGINT:
		if (services_ctrlaltdel() == 0)
			shutdown_system(RB_AUTOBOOT, l->sigfd, l->shutdown_timeout_ms);
		break;
	case SIGHUP:
		reload_inittab();
		break;
	case SIGQUIT:
		restart = services_restart_entry();
		if (restart)
			shutdown_restart(restart->command, l->sigfd, l->shutdown_timeout_ms);
		else
			log_info("SIGQUIT ignored: no restart entry");
		break;
	default:
		break; /* window changes, job control: nothing for init to do */
	}
}

static void read_signals(const struct loop *l)
{
	struct signalfd_siginfo info;
	ssize_t n;

	while ((n = read(l->sigfd, &info, sizeof info)) == sizeof info)
		on_signal(l, (int)info.ssi_signo);
	if (n < 0 && errno != EAGAIN && errno != EINTR)
		log_syserr("read signalfd");
}

static void arm_timer(const struct loop *l)
{
	uint64_t due = services_next_due();
	struct itimerspec when = {
		.it_value = { .tv_sec = due / 1000, .tv_nsec = due % 1000 * 1000000 },
	};

	if (l->timerfd >= 0 && timerfd_settime(l->timerfd, TFD_TIMER_ABSTIME, &when, NULL) < 0)
		log_syserr("timerfd_settime");
}

static void on_timer(const struct loop *l)
{
	uint64_t expirations;

	if (read(l->timerfd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
		log_syserr("read timerfd");
	services_run_due();
}

static void watch(const struct loop *l, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	if (fd >= 0 && l->epfd >= 0 && epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		log_syserr("epoll_ctl add %d", fd);
}

static void dispatch(const struct loop *l, int fd)
{
	if (fd == l->sigfd)
		read_signals(l);
	else if (fd == l->timerfd)
		on_timer(l);
	else if (fd == l->reclaim_fd)
		reclaim_dispatch();
	else if (fd == l->power_fd && power_button_pressed(fd))
		shutdown_system(RB_POWER_OFF, l->sigfd, l->shutdown_timeout_ms);
}

void event_loop_run(int sigfd, int reclaim_fd, int power_fd, const struct init_options *opts)
{
	struct loop l = {
		.sigfd = sigfd,
		.reclaim_fd = reclaim_fd,
		.power_fd = power_fd,
		.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC),
		.epfd = epoll_create1(EPOLL_CLOEXEC),
		.shutdown_timeout_ms = opts->shutdown_timeout_ms,
	};

	if (l.timerfd < 0)
		log_syserr("timerfd_create");
	if (l.epfd < 0)
		log_syserr("epoll_create1; reaping once a second instead");
	watch(&l, l.sigfd);
	watch(&l, l.timerfd);
	watch(&l, l.reclaim_fd);
	watch(&l, l.power_fd);
	for (;;) {
		struct epoll_event events[MAX_EVENTS];
		int n;

		reap_children(&l); /* also catches exits from before the loop */
		arm_timer(&l);
		if (l.epfd < 0 || l.timerfd < 0 || l.sigfd < 0) {
			/* Degraded: no event source to trust; poll the work. */
			usleep(NO_TIMER_POLL_MS * 1000);
			if (l.sigfd >= 0)
				read_signals(&l);
			services_run_due();
			continue;
		}
		n = epoll_wait(l.epfd, events, MAX_EVENTS, -1);
		if (n < 0 && errno != EINTR)
			log_syserr("epoll_wait");
		for (int i = 0; i < n; i++)
			dispatch(&l, events[i].data.fd);
	}
}
