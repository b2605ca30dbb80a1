#include "signals.h"

#include <stddef.h>
#include <sys/signalfd.h>

#include "log.h"

static int is_fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
	       sig == SIGTRAP || sig == SIGABRT || sig == SIGSYS;
}

/* Real-time signals included: their default action would kill a
 * container init. libc's internal ones are refused by sigaddset. */
static void blockable_signals(sigset_t *set)
{
	sigemptyset(set);
	for (int sig = 1; sig < _NSIG; sig++)
		if (!is_fault_signal(sig) && sig != SIGKILL && sig != SIGSTOP)
			sigaddset(set, sig);
}

void signals_block(void)
{
	sigset_t set;

	blockable_signals(&set);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		log_syserr("sigprocmask");
}

int signals_take_over(void)
{
	sigset_t set;
	int fd;

	signals_block();
	blockable_signals(&set);
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		log_syserr("signalfd");
	return fd;
}

void signals_reset_for_child(void)
{
	sigset_t none;
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	/* SIG_IGN survives exec; handlers do not, but reset all alike. */
	for (int sig = 1; sig < _NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
