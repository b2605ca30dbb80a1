#include "signals.h"

#include <stddef.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

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
	/* The kernel's layout, all zero: SIG_DFL, no flags, empty mask. */
	const struct { void *handler; unsigned long flags; void *restorer; unsigned long mask; } dfl = { 0 };
	sigset_t none;

	/* SIG_IGN survives exec. The raw syscall, because libc refuses its
	 * internal signals (32-34), whose SIG_IGN is inherited all the same. */
	for (int sig = 1; sig < _NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
