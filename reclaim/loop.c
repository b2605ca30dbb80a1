/* The reclaim loop: each tick of its timer samples, asks the policy and
 * hands the policy's job to the worker, whose children come back through
 * the host's reaping (reclaim_child_exited). The host's fd holding the
 * timer and the control socket is events.c's. */
#include "reclaim.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "loop.h"
#include "loop_log.h"
#include "policy.h"
#include "reporting.h"
#include "sampler.h"
#include "status.h"
#include "worker.h"

#define CONFIG_PATH "/etc/ebb/reclaim.conf"

static struct {
	struct reclaim_config config;
	bool configured;
	bool started;
	bool stopped;
	struct policy policy;
	struct sampler sampler;
	struct worker worker;
	bool have_worker;
	bool job_ran;
	struct reclaim_sample last;
	unsigned reporting_order;
	int timer_fd;
} loop; /* all zero: in .bss, not 900 bytes of init's file */

static struct reclaim_config *config(void)
{
	if (!loop.configured) {
		config_defaults(&loop.config);
		loop.configured = true;
	}
	return &loop.config;
}

enum reclaim_option_result reclaim_option(const char *key, const char *value)
{
	switch (config_set(config(), key, strlen(key), value, strlen(value),
			   CONFIG_FROM_CMDLINE)) {
	case CONFIG_OK:
		return RECLAIM_OPTION_OK;
	case CONFIG_BAD_VALUE:
		return RECLAIM_OPTION_BAD_VALUE;
	case CONFIG_UNKNOWN_KEY:
		break;
	}
	return RECLAIM_OPTION_UNKNOWN;
}

/* Off: no timer at all; a status request samples on demand. */
static void arm_timer(void)
{
	uint64_t ms = loop.config.mode == RECLAIM_MODE_OFF || loop.stopped ?
		      0 : loop.config.tick_ms;
	struct itimerspec spec = {
		.it_interval = { ms / 1000, (long)(ms % 1000) * 1000000 },
		.it_value = { ms / 1000, (long)(ms % 1000) * 1000000 },
	};

	if (loop.started && timerfd_settime(loop.timer_fd, 0, &spec, NULL) < 0)
		log_syserr("reclaim: timerfd_settime");
}

static void take_sample(struct reclaim_sample *sample)
{
	sampler_read(&loop.sampler, sample);
	sample->now_ms = monotonic_ms();
	sample->self_us = loop.have_worker ? worker_cpu_us(&loop.worker) : 0;
	sample->job_ran = loop.job_ran || loop.policy.job_in_flight;
	loop.job_ran = false;
	loop.last = *sample;
}

static void act_on(const struct policy_output *out)
{
	if (out->stop_job && loop.have_worker)
		worker_interrupt(&loop.worker);
	loop_log_reuse(out, &loop.policy, &loop.config);
	if (out->report)
		loop_log_burst(&out->burst);
	if (out->job.kind == JOB_NONE)
		return;
	if (!loop.have_worker || !worker_submit(&loop.worker, &out->job)) {
		struct job_result refused = { out->job.kind, JOB_FAILED, 0 };

		policy_job_done(&loop.policy, &refused);
		return;
	}
	loop.job_ran = true;
}

static void tick(void)
{
	struct reclaim_sample sample;
	struct policy_output out;

	take_sample(&sample);
	out = policy_tick(&loop.policy, &loop.config, &sample);
	act_on(&out);
}

static void job_finished(const struct job_result *result)
{
	loop_log_job(result);
	policy_job_done(&loop.policy, result);
}

bool reclaim_child_exited(pid_t pid, int status, const struct rusage *usage)
{
	struct job_result result;

	if (!loop.have_worker ||
	    !worker_child_exited(&loop.worker, pid, status, usage, &result))
		return false;
	job_finished(&result);
	return true;
}

static const char *state_name(void)
{
	const struct policy *p = &loop.policy;

	if (loop.config.mode == RECLAIM_MODE_OFF || loop.stopped)
		return "off";
	if (p->job_in_flight)
		return "working";
	if (p->state == POLICY_IDLE)
		return "settled";
	return p->quiet_ms > 0 ? "quiet" : "active";
}

void loop_status(struct reclaim_status *st)
{
	const struct policy *p = &loop.policy;
	uint64_t now = monotonic_ms();

	if (loop.config.mode == RECLAIM_MODE_OFF || loop.stopped)
		take_sample(&loop.last);
	*st = (struct reclaim_status){
		.mode = config_mode_name(loop.config.mode),
		.state = state_name(),
		.idle_for_ms = p->state == POLICY_IDLE ? now - p->idle_since_ms
						       : p->quiet_ms,
		.reclaimed_bytes = p->total_reclaimed,
		.steps = p->total_steps,
		.drops = p->total_drops,
		.compactions = p->total_compactions,
		.free_bytes = loop.last.free_bytes,
		.reportable_bytes = loop.last.reportable_bytes,
		.reporting_order = loop.reporting_order,
		.cache_bytes = policy_cache_bytes(&loop.last.mem),
		.floor_bytes = loop.config.floor_bytes,
		.hot_window_ms = loop.config.hot_window_ms,
		.refaults_since_bytes = p->refaulted_since,
		.held_bytes = p->held_bytes,
		.reuse_window_ms = loop.config.reuse_window_ms,
		.last_action = p->last_action,
		.last_action_ago_ms = now - p->last_action_ms,
		.note = loop.config.mode == RECLAIM_MODE_GRADUAL &&
			policy_drops_for_swap(p, &loop.last.mem) ?
			STATUS_NOTE_SWAP : NULL,
	};
}

const char *loop_now(void)
{
	if (loop.config.mode == RECLAIM_MODE_OFF || loop.stopped)
		return NULL;
	policy_request_now(&loop.policy);
	tick();
	return config_mode_name(loop.config.mode);
}

const char *loop_set_mode(const char *name, size_t len)
{
	if (config_set(&loop.config, "reclaim", 7, name, len,
		       CONFIG_FROM_CONTROL) != CONFIG_OK)
		return NULL;
	policy_reset_idle(&loop.policy);
	if (loop.config.mode == RECLAIM_MODE_OFF)
		tick(); /* stops a running job, closes the idle period */
	arm_timer();
	log_info("reclaim: mode %s", config_mode_name(loop.config.mode));
	return config_mode_name(loop.config.mode);
}

int loop_start(void)
{
	struct reclaim_sample first;

	if (loop.started)
		return loop.timer_fd;
	config_load_file(config(), CONFIG_PATH);
	loop.reporting_order = loop.config.reporting_order;
	if (loop.config.mode != RECLAIM_MODE_OFF) {
		loop.reporting_order = reporting_apply(loop.config.reporting_order);
		reporting_pace(loop.config.report_delay_ms);
		reporting_limit_pcp(loop.config.pcp_high_fraction);
	}
	loop_log_settings(&loop.config, loop.reporting_order);
	actuator_defaults(&loop.worker.actuator);
	sampler_open(&loop.sampler, loop.reporting_order);
	policy_init(&loop.policy);
	loop.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (loop.timer_fd < 0) {
		log_syserr("reclaim: timerfd_create");
		return -1;
	}
	loop.have_worker = worker_start(&loop.worker) == 0;
	if (!loop.have_worker)
		log_warn("reclaim: no worker, watching only");
	loop.started = true;
	take_sample(&first);
	policy_tick(&loop.policy, &loop.config, &first);
	arm_timer();
	return loop.timer_fd;
}

void loop_timer_expired(void)
{
	uint64_t expirations;

	if (read(loop.timer_fd, &expirations, sizeof expirations) < 0 &&
	    errno != EAGAIN && errno != EINTR)
		log_syserr("reclaim: timerfd read");
	else if (!loop.stopped)
		tick();
}

void reclaim_stop(void)
{
	if (!loop.started || loop.stopped)
		return;
	loop.stopped = true;
	if (loop.have_worker)
		worker_kill(&loop.worker);
	arm_timer();
}
