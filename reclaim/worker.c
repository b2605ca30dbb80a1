#include "worker.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static void lower_priority(void)
{
	struct sched_param param = { .sched_priority = 0 };
	int err = pthread_setschedparam(pthread_self(), SCHED_IDLE, &param);

	if (err) {
		errno = err;
		log_syserr("reclaim: SCHED_IDLE for the worker");
	}
}

static void signal_done(struct worker *w)
{
	uint64_t one = 1;

	while (write(w->event_fd, &one, sizeof one) < 0 && errno == EINTR)
		;
}

static void *worker_loop(void *arg)
{
	struct worker *w = arg;

	lower_priority();
	for (;;) {
		struct job job;
		struct job_result result;

		pthread_mutex_lock(&w->lock);
		while (!w->has_pending)
			pthread_cond_wait(&w->wake, &w->lock);
		job = w->pending;
		pthread_mutex_unlock(&w->lock);

		result = actuator_run(&w->actuator, &job, &w->stop_job);

		pthread_mutex_lock(&w->lock);
		w->has_pending = false;
		w->done = result;
		w->has_done = true;
		pthread_mutex_unlock(&w->lock);
		signal_done(w);
	}
	return NULL;
}

int worker_start(struct worker *w)
{
	int err;

	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	w->has_pending = false;
	w->has_done = false;
	atomic_init(&w->stop_job, false);
	w->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->event_fd < 0) {
		log_syserr("reclaim: eventfd");
		return -1;
	}
	err = pthread_create(&w->thread, NULL, worker_loop, w);
	if (err) {
		errno = err;
		log_syserr("reclaim: starting the worker thread");
		close(w->event_fd);
		w->event_fd = -1;
		return -1;
	}
	w->has_cpu_clock = pthread_getcpuclockid(w->thread, &w->cpu_clock) == 0;
	return 0;
}

bool worker_submit(struct worker *w, const struct job *job)
{
	bool accepted;

	pthread_mutex_lock(&w->lock);
	accepted = !w->has_pending && !w->has_done;
	if (accepted) {
		w->pending = *job;
		w->has_pending = true;
		atomic_store(&w->stop_job, false);
		pthread_cond_signal(&w->wake);
	}
	pthread_mutex_unlock(&w->lock);
	return accepted;
}

bool worker_take_result(struct worker *w, struct job_result *result)
{
	uint64_t count;
	bool taken;

	while (read(w->event_fd, &count, sizeof count) < 0 && errno == EINTR)
		;
	pthread_mutex_lock(&w->lock);
	taken = w->has_done;
	if (taken)
		*result = w->done;
	w->has_done = false;
	pthread_mutex_unlock(&w->lock);
	return taken;
}

void worker_interrupt(struct worker *w)
{
	atomic_store(&w->stop_job, true);
}

uint64_t worker_cpu_us(const struct worker *w)
{
	struct timespec ts;

	if (!w->has_cpu_clock || clock_gettime(w->cpu_clock, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}
