/* The reclaim loop on the host's event loop: an epoll fd holding the
 * tick timerfd and the control socket; the worker's children come back
 * through the host's reaping (reclaim_child_exited). */
#include "reclaim.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "control.h"
#include "format.h"
#include "log.h"
#include "loop.h"
#include "policy.h"
#include "reporting.h"
#include "sampler.h"
#include "status.h"
#include "worker.h"

#define CONFIG_PATH "/etc/ebb/reclaim.conf"
#define MAX_CONNECTIONS 8

enum fd_tag { TAG_TIMER = 1, TAG_LISTEN, TAG_CONN };

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
	int epoll_fd;
	int timer_fd;
	int listen_fd;
	int conn[MAX_CONNECTIONS];   /* oldest first */
	unsigned conns;
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

static int watch_fd(int fd, enum fd_tag tag)
{
	struct epoll_event ev = {
		.events = EPOLLIN,
		.data.u64 = (uint64_t)tag << 32 | (uint32_t)fd,
	};

	if (epoll_ctl(loop.epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		log_syserr("reclaim: epoll_ctl");
		return -1;
	}
	return 0;
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

/* One dmesg line per idle period's work, e.g.
 * "idle 8s: reclaimed 412 MiB page cache in 3 steps; compacted; 498 MiB reportable" */
static void log_burst(const struct burst_report *b)
{
	char line[200];
	size_t n = 0;

	n += (size_t)format(line + n, sizeof line - n, "idle %" PRIu64 "s: ",
			      b->idle_ms / 1000);
	if (b->dropped)
		n += (size_t)format(line + n, sizeof line - n,
				      "dropped caches, %" PRIu64 " MiB; ",
				      b->reclaimed_bytes >> 20);
	else if (b->steps > 0)
		n += (size_t)format(line + n, sizeof line - n,
				      "reclaimed %" PRIu64 " MiB page cache in %u step%s; ",
				      b->reclaimed_bytes >> 20, b->steps,
				      b->steps == 1 ? "" : "s");
	if (b->compacted && n < sizeof line)
		n += (size_t)format(line + n, sizeof line - n, "compacted; ");
	if (n < sizeof line)
		format(line + n, sizeof line - n,
			 "%" PRIu64 " MiB reportable of %" PRIu64 " MiB free%s",
			 b->reportable_bytes >> 20, b->free_bytes >> 20,
			 b->interrupted ? "; stopped by activity" : "");
	log_info("%s", line);
}

/* One line when reclaimed cache comes back, and when a hold ends. */
static void log_reuse(const struct policy_output *out)
{
	const struct policy *p = &loop.policy;

	if (out->reuse == REUSE_HELD || out->reuse == REUSE_TOO_LATE)
		log_info("reclaim: %" PRIu64 " MiB of reclaimed cache read back %" PRIu64
			 "s into idle, reuse window %" PRIu64 "s: %s",
			 p->refaulted_since >> 20, p->reuse_gap_ms / 1000,
			 loop.config.reuse_window_ms / 1000,
			 out->reuse == REUSE_HELD ? "held" : "not held");
	else if (out->reuse == REUSE_RELEASED)
		log_info("reclaim: %" PRIu64 " MiB held for reuse let go",
			 out->released_bytes >> 20);
}

static void act_on(const struct policy_output *out)
{
	if (out->stop_job && loop.have_worker)
		worker_interrupt(&loop.worker);
	log_reuse(out);
	if (out->report)
		log_burst(&out->burst);
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

/* Once per file: the policy never submits that kind of job again. */
static void log_unusable(const struct job_result *r)
{
	static const char *const what[] = {
		[JOB_RECLAIM] = "/sys/fs/cgroup/memory.reclaim",
		[JOB_DROP_CACHES] = "/proc/sys/vm/drop_caches",
		[JOB_COMPACT] = "/proc/sys/vm/compact_memory",
	};
	static const char *const instead[] = {
		[JOB_RECLAIM] = "dropping caches instead",
		[JOB_DROP_CACHES] = "not dropping caches",
		[JOB_COMPACT] = "not compacting",
	};

	if (r->kind == JOB_NONE)
		return;
	if (r->kind == JOB_RECLAIM && r->error == ENOENT)
		log_info("reclaim: no %s (kernel < 5.19 or no memcg), %s",
			 what[r->kind], instead[r->kind]);
	else
		log_info("reclaim: %s %s (%s), %s", r->error == ENOENT ? "no" : "cannot write",
			 what[r->kind], strerror(r->error), instead[r->kind]);
}

static void job_finished(const struct job_result *result)
{
	if (result->status == JOB_UNSUPPORTED)
		log_unusable(result);
	if (result->status == JOB_WOULD_SWAP)
		log_info("reclaim: swap is on and memory.reclaim has no swappiness= "
			 "key: dropping caches instead, so no anonymous memory is "
			 "swapped out");
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

static void fill_status(struct reclaim_status *st)
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

static void reply_status(const char *arg, size_t len, char *reply, size_t cap)
{
	struct reclaim_status st;

	(void)arg, (void)len;
	fill_status(&st);
	status_format_text(&st, reply, cap);
}

static void reply_status_json(const char *arg, size_t len, char *reply,
			      size_t cap)
{
	struct reclaim_status st;

	(void)arg, (void)len;
	fill_status(&st);
	status_format_json(&st, reply, cap);
}

static void reply_now(const char *arg, size_t len, char *reply, size_t cap)
{
	(void)arg, (void)len;
	if (loop.config.mode == RECLAIM_MODE_OFF || loop.stopped) {
		format(reply, cap, "error: reclaim is off\n");
		return;
	}
	policy_request_now(&loop.policy);
	tick();
	format(reply, cap, "reclaiming now (%s)\n",
		 config_mode_name(loop.config.mode));
}

static void reply_mode(const char *arg, size_t len, char *reply, size_t cap)
{
	if (config_set(&loop.config, "reclaim", 7, arg, len,
		       CONFIG_FROM_CONTROL) != CONFIG_OK) {
		format(reply, cap, "error: unknown mode '%.*s' (gradual, "
			 "dropcache, compact, off)\n", (int)(len > 32 ? 32 : len), arg);
		return;
	}
	policy_reset_idle(&loop.policy);
	if (loop.config.mode == RECLAIM_MODE_OFF)
		tick(); /* stops a running job, closes the idle period */
	arm_timer();
	log_info("reclaim: mode %s", config_mode_name(loop.config.mode));
	format(reply, cap, "mode %s\n", config_mode_name(loop.config.mode));
}

/* The control protocol: one line, a name alone or a name, one space and
 * a non-empty argument. */
static const struct {
	const char *name;
	bool takes_argument;
	void (*handle)(const char *arg, size_t len, char *reply, size_t cap);
} requests[] = {
	{ "status", false, reply_status },
	{ "status --json", false, reply_status_json },
	{ "now", false, reply_now },
	{ "mode", true, reply_mode },
};

void loop_handle_request(const char *request, char *reply, size_t cap)
{
	size_t len = strcspn(request, "\n");

	for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
		size_t name_len = strlen(requests[i].name);

		if (len < name_len || memcmp(request, requests[i].name, name_len) != 0)
			continue;
		if (!requests[i].takes_argument && len == name_len) {
			requests[i].handle("", 0, reply, cap);
			return;
		}
		if (requests[i].takes_argument && len > name_len + 1 &&
		    request[name_len] == ' ') {
			requests[i].handle(request + name_len + 1, len - name_len - 1,
					   reply, cap);
			return;
		}
	}
	format(reply, cap, "error: unknown request '%.*s'\n",
		 (int)(len > 32 ? 32 : len), request);
}

static void log_settings(void)
{
	const struct reclaim_config *c = &loop.config;
	char step[32];

	if (c->step_bytes == RECLAIM_STEP_AUTO)
		format(step, sizeof step, "auto");
	else if (c->step_bytes == RECLAIM_STEP_ALL)
		format(step, sizeof step, "all");
	else
		format(step, sizeof step, "%" PRIu64 " MiB", c->step_bytes >> 20);
	log_info("reclaim: %s, tick %" PRIu64 "ms, idle below %u.%02u%% CPU for %" PRIu64 "ms, "
		 "step %s, floor %" PRIu64 " MiB, compact above %" PRIu64 " MiB, "
		 "reporting order %u", config_mode_name(c->mode), c->tick_ms,
		 c->idle_threshold_bp / 100, c->idle_threshold_bp % 100,
		 c->idle_window_ms, step, c->floor_bytes >> 20,
		 c->compact_threshold_bytes >> 20, loop.reporting_order);
}

static int open_event_fds(void)
{
	loop.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (loop.epoll_fd < 0) {
		log_syserr("reclaim: epoll_create1");
		return -1;
	}
	loop.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (loop.timer_fd < 0 || watch_fd(loop.timer_fd, TAG_TIMER) < 0) {
		log_syserr("reclaim: timerfd");
		return -1;
	}
	loop.have_worker = worker_start(&loop.worker) == 0;
	if (!loop.have_worker)
		log_warn("reclaim: no worker, watching only");
	loop.listen_fd = control_listen(control_socket_path());
	if (loop.listen_fd >= 0)
		watch_fd(loop.listen_fd, TAG_LISTEN);
	return 0;
}

int reclaim_start(void)
{
	struct reclaim_sample first;

	if (loop.started)
		return loop.epoll_fd;
	config_load_file(config(), CONFIG_PATH);
	loop.reporting_order = loop.config.reporting_order;
	if (loop.config.mode != RECLAIM_MODE_OFF) {
		loop.reporting_order = reporting_apply(loop.config.reporting_order);
		reporting_pace(loop.config.report_delay_ms);
		reporting_limit_pcp(loop.config.pcp_high_fraction);
	}
	log_settings();
	actuator_defaults(&loop.worker.actuator);
	sampler_open(&loop.sampler, loop.reporting_order);
	policy_init(&loop.policy);
	if (open_event_fds() < 0)
		return -1;
	loop.started = true;
	take_sample(&first);
	policy_tick(&loop.policy, &loop.config, &first);
	arm_timer();
	return loop.epoll_fd;
}

static int connection_index(int fd)
{
	for (unsigned i = 0; i < loop.conns; i++)
		if (loop.conn[i] == fd)
			return (int)i;
	return -1;
}

/* Out of the epoll set before close(): a reclaim writer forked while the
 * connection was open holds the same file, which would keep it in the set
 * (readable at EOF, under a number no longer ours) and spin the loop. */
static void close_connection(int fd)
{
	if (epoll_ctl(loop.epoll_fd, EPOLL_CTL_DEL, fd, NULL) < 0 && errno != ENOENT)
		log_syserr("reclaim: epoll_ctl del");
	close(fd);
}

static void forget_connection(unsigned i)
{
	close_connection(loop.conn[i]);
	memmove(&loop.conn[i], &loop.conn[i + 1],
		(loop.conns - i - 1) * sizeof loop.conn[0]);
	loop.conns--;
}

/* A request already sent is answered at once. Otherwise the connection
 * takes a slot; when all are taken, the oldest (a client that connected
 * and never asked) is closed, so a flood of idle connections cannot keep
 * a new request from being answered. */
static void accept_connection(void)
{
	int fd = control_accept(loop.listen_fd);

	if (fd < 0)
		return;
	if (control_serve(fd, loop_handle_request)) {
		close(fd);
		return;
	}
	if (loop.conns == MAX_CONNECTIONS)
		forget_connection(0);
	if (watch_fd(fd, TAG_CONN) < 0) {
		close(fd);
		return;
	}
	loop.conn[loop.conns++] = fd;
}

static void serve_connection(int fd)
{
	int i = connection_index(fd);

	/* -1: evicted earlier in this batch of events */
	if (i >= 0 && control_serve(fd, loop_handle_request))
		forget_connection((unsigned)i);
}

static void drain_timer(void)
{
	uint64_t expirations;

	if (read(loop.timer_fd, &expirations, sizeof expirations) < 0 &&
	    errno != EAGAIN && errno != EINTR)
		log_syserr("reclaim: timerfd read");
	else if (!loop.stopped)
		tick();
}

void reclaim_dispatch(void)
{
	struct epoll_event events[8];
	int n;

	if (!loop.started)
		return;
	n = epoll_wait(loop.epoll_fd, events, 8, 0);
	if (n < 0 && errno != EINTR)
		log_syserr("reclaim: epoll_wait");
	for (int i = 0; i < n; i++) {
		int fd = (int)(uint32_t)events[i].data.u64;

		switch ((enum fd_tag)(events[i].data.u64 >> 32)) {
		case TAG_TIMER:
			drain_timer();
			break;
		case TAG_LISTEN:
			accept_connection();
			break;
		case TAG_CONN:
			serve_connection(fd);
			break;
		}
	}
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
