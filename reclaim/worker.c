#include "worker.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "close_extra_fds.h"
#include "log.h"

/* A writer outlives no loop: it dies with its parent (`reclaim daemon`
 * killed) and holds none of the parent's files, the loop's lock among
 * them, so the next daemon takes that lock at once. */
static void leave_parent(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		log_syserr("reclaim: PR_SET_PDEATHSIG for the worker");
	if (getppid() != parent)
		_exit(1); /* the parent died before the line above */
	close_extra_fds();
	log_forked();
}

static void lower_priority(void)
{
	struct sched_param param = { .sched_priority = 0 };

	/* musl's sched_setscheduler() is a stub returning ENOSYS */
	if (syscall(SYS_sched_setscheduler, 0, SCHED_IDLE, &param) < 0)
		log_syserr("reclaim: SCHED_IDLE for the worker");
}

int worker_start(struct worker *w)
{
	void *page = mmap(NULL, sizeof *w->shared, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (page == MAP_FAILED) {
		log_syserr("reclaim: mmap for the worker");
		return -1;
	}
	w->shared = page;
	w->pid = 0;
	w->reaped_cpu_us = w->running_cpu_us = 0;
	return 0;
}

__attribute__((noreturn)) static void run_job(struct worker *w,
					      const struct job *job, pid_t parent)
{
	struct worker_shared *shared = w->shared;

	leave_parent(parent);
	lower_priority();
	shared->result = actuator_run(&w->actuator, job, &shared->stop_job);
	shared->no_swappiness = w->actuator.no_swappiness;
	shared->has_result = true;
	_exit(0);
}

bool worker_submit(struct worker *w, const struct job *job)
{
	pid_t pid, parent = getpid();

	if (w->pid > 0)
		return false;
	atomic_store(&w->shared->stop_job, false);
	w->shared->has_result = false;
	pid = _Fork(); /* ebb is single-threaded: no atfork locks */
	if (pid < 0) {
		log_syserr("reclaim: fork for the worker");
		return false;
	}
	if (pid == 0)
		run_job(w, job, parent);
	w->pid = pid;
	w->kind = job->kind;
	w->running_cpu_us = 0;
	return true;
}

static uint64_t timeval_us(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000 + (uint64_t)tv->tv_usec;
}

bool worker_child_exited(struct worker *w, pid_t pid, int status,
			 const struct rusage *usage, struct job_result *result)
{
	uint64_t used;

	if (pid <= 0 || pid != w->pid)
		return false;
	used = timeval_us(&usage->ru_utime) + timeval_us(&usage->ru_stime);
	/* rusage rounds each part down: never below what was read live */
	w->reaped_cpu_us += used > w->running_cpu_us ? used : w->running_cpu_us;
	w->running_cpu_us = 0;
	w->pid = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && w->shared->has_result) {
		*result = w->shared->result;
		w->actuator.no_swappiness = w->shared->no_swappiness;
		return true;
	}
	*result = (struct job_result){ w->kind, JOB_FAILED, 0 };
	if (WIFSIGNALED(status))
		log_warn("reclaim: the worker was killed by signal %d", WTERMSIG(status));
	else
		log_warn("reclaim: the worker exited %d without a result",
			 WEXITSTATUS(status));
	return true;
}

void worker_interrupt(struct worker *w)
{
	if (w->pid > 0)
		atomic_store(&w->shared->stop_job, true);
}

void worker_kill(struct worker *w)
{
	if (w->pid > 0 && kill(w->pid, SIGKILL) < 0 && errno != ESRCH)
		log_syserr("reclaim: kill the worker");
	w->pid = 0;
}

uint64_t worker_cpu_us(struct worker *w)
{
	struct timespec ts;
	clockid_t clock;

	/* A process's CPU clock reads until it is reaped, a zombie's too.
	 * The system call, as monotonic_ms(): no vDSO lookup in init. */
	if (w->pid > 0 && clock_getcpuclockid(w->pid, &clock) == 0 &&
	    syscall(SYS_clock_gettime, clock, &ts) == 0)
		w->running_cpu_us = (uint64_t)ts.tv_sec * 1000000 +
				    (uint64_t)ts.tv_nsec / 1000;
	return w->reaped_cpu_us + w->running_cpu_us;
}
