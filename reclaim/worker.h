#ifndef EBB_RECLAIM_WORKER_H
#define EBB_RECLAIM_WORKER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "actuator.h"

/* Each job runs in a short-lived SCHED_IDLE child: no thread, no lock
 * shared with PID 1, and a write blocked in the kernel blocks only the
 * child. A page shared with it (MAP_SHARED) carries the stop flag in
 * and the result out; the host's reaping hands the child back through
 * worker_child_exited(), which also counts its CPU time (wait4's
 * rusage). The child keeps the caller's signal mask: PID 1 and the
 * daemon block their signals, so only SIGKILL (worker_kill) ends it. */
struct worker_shared {
	atomic_bool stop_job;
	bool has_result;
	struct job_result result;
	bool no_swappiness;          /* what the child's actuator learned */
};

struct worker {
	struct worker_shared *shared;
	pid_t pid;                   /* the running job's child, 0: none */
	enum job_kind kind;          /* its job */
	uint64_t reaped_cpu_us;      /* CPU time of the children reaped */
	uint64_t running_cpu_us;     /* the running child's, last read */
	struct actuator actuator;
};

/* Returns 0, or -1 (logged). */
int worker_start(struct worker *w);
/* Forks the job's child. False when one still runs or fork failed. */
bool worker_submit(struct worker *w, const struct job *job);
/* A child the host reaped: false when it is not the worker's; else its
 * job's result (JOB_FAILED, logged, if it died without one). */
bool worker_child_exited(struct worker *w, pid_t pid, int status,
			 const struct rusage *usage, struct job_result *result);
/* Stops the running job between two writes. */
void worker_interrupt(struct worker *w);
/* At shutdown: SIGKILL for the running child, which is then forgotten
 * (any reaper may take it; its result is not wanted). */
void worker_kill(struct worker *w);
/* CPU time the worker's children used so far, the running one's too. */
uint64_t worker_cpu_us(struct worker *w);

#endif
