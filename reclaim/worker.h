#ifndef EBB_RECLAIM_WORKER_H
#define EBB_RECLAIM_WORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "actuator.h"

/* A SCHED_IDLE thread running one job at a time: a one-job slot in,
 * an eventfd out (readable when a result waits). The caller's signal
 * mask is inherited: PID 1 blocks everything before starting it. */
struct worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job pending;
	bool has_pending;
	struct job_result done;
	bool has_done;
	atomic_bool stop_job;
	int event_fd;
	clockid_t cpu_clock;
	bool has_cpu_clock;
	struct actuator actuator;
};

/* Returns 0, or -1 (logged). */
int worker_start(struct worker *w);
/* False when a job is still queued or running. */
bool worker_submit(struct worker *w, const struct job *job);
/* After event_fd was readable: takes the finished job's result. */
bool worker_take_result(struct worker *w, struct job_result *result);
/* Stops the running job between two writes. */
void worker_interrupt(struct worker *w);
/* CPU time the worker used so far. */
uint64_t worker_cpu_us(const struct worker *w);

#endif
