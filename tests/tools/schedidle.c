/* schedidle: run a command at SCHED_IDLE, the way WSL runs its reclaim
 * thread (BusyBox has no chrt in ebb's configuration).
 *
 *   schedidle COMMAND [ARG]... */
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

int main(int argc, char **argv)
{
	struct sched_param param = { .sched_priority = 0 };

	if (argc < 2) {
		fprintf(stderr, "usage: schedidle COMMAND [ARG]...\n");
		return 2;
	}
	/* musl's sched_setscheduler() is a stub returning ENOSYS: the raw
	 * syscall sets this thread's policy, which exec keeps. */
	if (syscall(SYS_sched_setscheduler, 0, SCHED_IDLE, &param) < 0) {
		tool_syserr("sched_setscheduler SCHED_IDLE");
		return 1;
	}
	execvp(argv[1], argv + 1);
	tool_syserr("exec %s", argv[1]);
	return 127;
}
