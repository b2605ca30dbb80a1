#include "shutdown.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <unistd.h>

#include "clock.h"
#include "fs_shutdown.h"
#include "inittab.h"
#include "log.h"
#include "reap.h"
#include "reclaim.h"
#include "services.h"
#include "signals.h"
#include "spawn.h"

enum { KILL_GRACE_MS = 2000, RESTART_MAX_WORDS = 16 };

/* The file system steps (sync, unmount) share one shutdown timeout, from
 * the moment every process is gone: set by stop_everything, used by
 * finish. */
static uint64_t fs_deadline;
static int synced;
static int leave_filesystems;

void shutdown_leave_filesystems(void)
{
	leave_filesystems = 1;
}

/* strsignal()'s words for the signals sent here, without its table. */
static const char *signal_text(int sig)
{
	switch (sig) {
	case SIGTERM:
		return "Terminated";
	case SIGHUP:
		return "Hangup";
	case SIGCONT:
		return "Continued";
	}
	return "Killed";
}

static void signal_everyone(int sig)
{
	if (kill(-1, sig) < 0 && errno != ESRCH)
		log_syserr("kill(-1, %s)", signal_text(sig));
}

static void stop_everything(int sigfd, uint64_t timeout_ms)
{
	uint64_t deadline = monotonic_ms() + timeout_ms;
	int actions = services_stop();

	reclaim_stop();
	for (int i = 0; i < actions; i++) {
		pid_t pid = services_spawn_shutdown(i);

		if (pid > 0 && !reap_until(sigfd, pid, deadline)) {
			log_warn("shutdown entries still running after %" PRIu64 " ms; going on", timeout_ms);
			break;
		}
	}
	signal_everyone(SIGTERM);
	/* Interactive shells ignore SIGTERM but end on a hangup, as when
	 * their terminal goes away: without it every poweroff from a shell
	 * would wait out the whole timeout. */
	signal_everyone(SIGHUP);
	signal_everyone(SIGCONT); /* stopped processes must see the SIGTERM */
	if (!reap_until(sigfd, 0, monotonic_ms() + timeout_ms)) {
		log_warn("processes left after %" PRIu64 " ms; sending SIGKILL", timeout_ms);
		signal_everyone(SIGKILL);
		if (!reap_until(sigfd, 0, monotonic_ms() + KILL_GRACE_MS))
			log_warn("processes survive SIGKILL (in uninterruptible sleep?)");
	}
	fs_deadline = monotonic_ms() + timeout_ms;
	synced = fs_sync(sigfd, fs_deadline);
}

__attribute__((noreturn)) static void finish(int how, int sigfd)
{
	if (leave_filesystems)
		log_info("in a container: file systems left to the machine");
	else
		fs_unmount_all(sigfd, fs_deadline);
	/* After a blocked sync a second one would only block the same way. */
	if (synced)
		fs_sync(sigfd, fs_deadline);
	log_console_dropped();
	if (reboot(how) < 0)
		log_syserr("reboot(2)");
	/* PID 1 must not exit: keep reaping whatever is left. */
	for (;;)
		reap_until(sigfd, REAP_DEADLINE_ONLY, monotonic_ms() + 60000);
}

void shutdown_system(int how, int sigfd, uint64_t timeout_ms)
{
	unsigned cmd = (unsigned)how;

	log_info("%s", cmd == RB_HALT_SYSTEM ? "halting" :
		       cmd == RB_POWER_OFF   ? "powering off" : "rebooting");
	stop_everything(sigfd, timeout_ms);
	finish(how, sigfd);
}

void shutdown_restart(const char *command, int sigfd, uint64_t timeout_ms)
{
	static char words[INITTAB_COMMAND_MAX];
	char *argv[RESTART_MAX_WORDS + 1];
	const char *why = spawn_direct_argv(command, words, sizeof words, argv, RESTART_MAX_WORDS);

	/* Checked before anything stops: PID 1 becomes this program itself,
	 * no shell that would exit (and panic the kernel) if it is missing. */
	if (why) {
		log_warn("SIGQUIT: restart entry '%s' cannot run (%s); ignored", command, why);
		return;
	}
	log_info("restarting as '%s'", command);
	stop_everything(sigfd, timeout_ms);
	signals_reset_for_child();
	execv(argv[0], argv);
	log_syserr("exec restart '%s'; rebooting", command);
	signals_block();
	finish(RB_AUTOBOOT, sigfd);
}
