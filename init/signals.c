#include "signals.h"

#include <stddef.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"

/* The kernel's sigset (64 signals on x86-64 and arm64): bit sig-1.
 * Every signal but KILL and STOP:
 * - the fault signals too, so that SIGSEGV or SIGILL sent by kill(2) is
 *   read (and forwarded) instead of killing init; a real fault of init's
 *   own code is synchronous, and for those the kernel unblocks the
 *   signal and forces the default action (force_sig_fault), so they
 *   stay fatal;
 * - the real-time ones, 32-34 (libc-internal, refused by sigaddset and
 *   sigfillset) included: their default action would kill init.
 * Raw syscalls: libc would drop 32-34 from the set. */
static const unsigned long long blocked_signals =
	~(1ULL << (SIGKILL - 1) | 1ULL << (SIGSTOP - 1));

void signals_block(void)
{
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &blocked_signals, NULL,
		    sizeof blocked_signals) < 0)
		log_syserr("rt_sigprocmask");
}

int signals_take_over(void)
{
	int fd;

	signals_block();
	fd = (int)syscall(SYS_signalfd4, -1, &blocked_signals, sizeof blocked_signals,
			  SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		log_syserr("signalfd");
	return fd;
}

void signals_reset_for_child(void)
{
	/* The kernel's layout, all zero: SIG_DFL, no flags, empty mask. */
	const struct { void *handler; unsigned long flags; void *restorer; unsigned long mask; } dfl = { 0 };
	const unsigned long long none = 0;

	/* SIG_IGN survives exec. The raw syscall, because libc refuses its
	 * internal signals (32-34), whose SIG_IGN is inherited all the same. */
	for (int sig = 1; sig < _NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof none);
}
