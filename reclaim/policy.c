#include "policy.h"

#include <string.h>

/* Less than this above the floor is not worth a write. */
#define MIN_WORK_BYTES (4ull << 20)
/* Refaults below this are noise, whatever the ratio. */
#define MIN_REFAULT_BYTES (1ull << 20)
#define MIN_STEP_BYTES (1ull << 20)
#define MAX_COMPACTIONS_PER_IDLE 4u

void policy_init(struct policy *p)
{
	memset(p, 0, sizeof *p);
	p->state = POLICY_ACTIVE;
}

uint64_t policy_cache_bytes(const struct meminfo *mem)
{
	return mem->active_file + mem->inactive_file + mem->sreclaimable;
}

bool policy_drops_for_swap(const struct policy *p, const struct meminfo *mem)
{
	return p->swappiness_unsupported && mem->swap_total > 0;
}

uint64_t policy_floor_bytes(const struct policy *p,
			    const struct reclaim_config *config)
{
	return config->floor_bytes + p->held_bytes;
}

static bool has(const struct reclaim_sample *s, unsigned part)
{
	return (s->parts & part) != 0;
}

/* Share of one CPU over the interval, in hundredths of a percent. */
static uint64_t share_bp(uint64_t used_us, uint64_t interval_us)
{
	if (used_us > UINT64_MAX / 10000)
		return UINT64_MAX;
	return used_us * 10000 / interval_us;
}

static uint64_t delta(uint64_t now, uint64_t before)
{
	return now > before ? now - before : 0;
}

/* Quiet (ACTIVITY_NONE): CPU busy (minus our own worker) below the
 * threshold, and, when none of our jobs ran (their I/O and stalls are
 * ours), no iowait and no PSI stall above it either. Else the first
 * signal above it, for the log. */
static enum activity interval_activity(const struct reclaim_config *config,
				       const struct reclaim_sample *prev,
				       const struct reclaim_sample *cur)
{
	uint64_t interval_us = (cur->now_ms - prev->now_ms) * 1000;
	uint64_t limit = config->idle_threshold_bp;
	uint64_t busy, self;

	if (!has(cur, SAMPLE_CPU) || !has(prev, SAMPLE_CPU))
		return ACTIVITY_UNKNOWN;
	/* /proc/stat counts in 10 ms jiffies: over less than half a tick (a
	 * `reclaim now` just after a tick) one jiffy reads as a busy CPU */
	if (interval_us < config->tick_ms * 1000 / 2)
		return ACTIVITY_NONE;
	busy = delta(cur->busy_us, prev->busy_us);
	self = delta(cur->self_us, prev->self_us);
	if (share_bp(delta(busy, self), interval_us) >= limit)
		return ACTIVITY_CPU;
	if (cur->job_ran)
		return ACTIVITY_NONE;
	if (share_bp(delta(cur->iowait_us, prev->iowait_us), interval_us) >= limit)
		return ACTIVITY_IOWAIT;
	for (int r = 0; r < PSI_COUNT; r++) {
		unsigned part = SAMPLE_PSI << r;

		if (has(cur, part) && has(prev, part) &&
		    share_bp(delta(cur->psi_total_us[r], prev->psi_total_us[r]),
			     interval_us) >= limit)
			return ACTIVITY_CPU_STALL + (enum activity)r;
	}
	return ACTIVITY_NONE;
}

/* Gradual mode drops caches instead when memory.reclaim is missing, or
 * would swap. */
static bool reclaims_gradually(const struct policy *p,
			       const struct reclaim_config *config,
			       const struct reclaim_sample *s)
{
	return config->mode == RECLAIM_MODE_GRADUAL && !p->memory_reclaim_missing &&
	       !policy_drops_for_swap(p, &s->mem);
}

/* Cache read back after we reclaimed it. Back within the reuse window
 * (timed from when the guest went idle, the set's last use): holding it
 * would have cost less than reading it again, so it is held in later
 * idle periods. Back later: reclaiming it was right; nothing changes. */
static void watch_refaults(struct policy *p, const struct reclaim_config *config,
			   const struct reclaim_sample *s, struct policy_output *out)
{
	uint64_t held, cap;

	if (!p->watching || !has(s, SAMPLE_REFAULTS) || !has(s, SAMPLE_MEM))
		return;
	p->refaulted_since = delta(s->refault_bytes, p->watch_refault_base);
	/* a drop of all caches cannot hold a set: nothing to judge */
	if (!reclaims_gradually(p, config, s) ||
	    config->refault_backoff_pct == 0 || p->watch_reclaimed == 0 ||
	    p->refaulted_since < MIN_REFAULT_BYTES ||
	    p->refaulted_since * 100 < p->watch_reclaimed * config->refault_backoff_pct)
		return;
	if (!p->watch_judged) {
		p->watch_judged = true;
		p->reuse_gap_ms = s->now_ms - p->watch_idle_since_ms;
		p->watch_quick = p->reuse_gap_ms < config->reuse_window_ms;
		out->reuse = p->watch_quick ? REUSE_HELD : REUSE_TOO_LATE;
	}
	if (!p->watch_quick)
		return;
	/* only what we reclaimed counts: the rest was not ours to hold */
	held = p->refaulted_since < p->watch_reclaimed ? p->refaulted_since
						       : p->watch_reclaimed;
	cap = s->mem.total / 2;
	p->held_bytes = p->held_base + held < cap ? p->held_base + held : cap;
}

/* A new reclaim burst starts watching refaults. */
static void start_watch(struct policy *p, const struct reclaim_sample *s)
{
	p->watching = has(s, SAMPLE_REFAULTS);
	p->watch_judged = false;
	p->watch_quick = false;
	p->watch_reclaimed = 0;
	p->watch_refault_base = s->refault_bytes;
	p->watch_idle_since_ms = p->idle_since_ms;
	p->refaulted_since = 0;
	p->held_base = p->held_bytes;
}

/* Idle for the whole reuse window: the held set was not reused in time
 * to be worth its memory. Checked on every idle tick, so no sequence of
 * busy and idle periods keeps it past the window. */
static void release_held(struct policy *p, const struct reclaim_config *config,
			 const struct reclaim_sample *s, struct policy_output *out)
{
	if (p->state != POLICY_IDLE || p->held_bytes == 0 ||
	    s->now_ms - p->idle_since_ms < config->reuse_window_ms)
		return;
	out->reuse = REUSE_RELEASED;
	out->released_bytes = p->held_bytes;
	p->held_bytes = 0;
	p->held_base = 0;
	p->watch_quick = false;
}

/* The first sample after a job finished shows what it freed. */
static void measure_job(struct policy *p, const struct reclaim_sample *s)
{
	uint64_t freed;

	if (!p->measure_pending || !has(s, SAMPLE_MEM))
		return;
	p->measure_pending = false;
	if (p->measure_kind == JOB_COMPACT) {
		if (has(s, SAMPLE_BUDDY)) {
			uint64_t left = delta(s->free_bytes, s->reportable_bytes);

			p->compact_gain = delta(p->compact_baseline, left);
			p->compact_baseline = left;
		}
		return;
	}
	freed = delta(p->cache_before, policy_cache_bytes(&s->mem));
	p->total_reclaimed += freed;
	p->watch_reclaimed += freed;
	if (p->burst_open)
		p->burst.reclaimed_bytes += freed;
	if (p->measure_kind == JOB_RECLAIM && p->measure_status != JOB_DONE &&
	    p->measure_status != JOB_STOPPED &&
	    p->measure_status != JOB_WOULD_SWAP) {
		p->cache_exhausted = true;
		p->exhausted_level = policy_cache_bytes(&s->mem);
		p->exhausted_keep = p->job_keep;
	}
}

static void close_burst(struct policy *p, const struct reclaim_sample *s,
			enum activity stopped_by, struct policy_output *out)
{
	if (!p->burst_open)
		return;
	p->burst_open = false;
	p->burst.stopped_by = stopped_by;
	p->burst.idle_ms = s->now_ms - p->idle_since_ms;
	p->burst.free_bytes = s->free_bytes;
	p->burst.reportable_bytes = s->reportable_bytes;
	out->report = true;
	out->burst = p->burst;
}

void policy_reset_idle(struct policy *p)
{
	p->dropped_this_idle = false;
	p->compactions_this_idle = 0;
	p->cache_exhausted = false;
}

void policy_request_now(struct policy *p)
{
	p->forced = true;
	policy_reset_idle(p);
}

static uint64_t step_bytes(const struct policy *p,
			   const struct reclaim_config *config,
			   const struct reclaim_sample *s, uint64_t above_floor)
{
	uint64_t step;

	if (config->step_bytes == RECLAIM_STEP_ALL)
		return above_floor;
	if (config->step_bytes == RECLAIM_STEP_AUTO) {
		/* RAM/8, doubling with each step of the same idle period */
		unsigned growth = p->burst.steps < 3 ? p->burst.steps : 3;

		step = (s->mem.total / 8) << growth;
	} else {
		step = config->step_bytes;
	}
	if (step < MIN_STEP_BYTES)
		step = MIN_STEP_BYTES;
	return step < above_floor ? step : above_floor;
}

/* The hot tier: early in an idle period the guest is likely to come
 * back to its working set, so gradual mode leaves Active(file) alone. */
static bool hot_tier_holds(const struct policy *p,
			   const struct reclaim_config *config,
			   const struct reclaim_sample *s)
{
	return reclaims_gradually(p, config, s) &&
	       s->now_ms - p->idle_since_ms < config->hot_window_ms;
}

/* Gradual reclaim's target: the floor, what is held for reuse, and
 * while the hot tier holds, the active cache. */
static uint64_t keep_bytes(const struct policy *p,
			   const struct reclaim_config *config,
			   const struct reclaim_sample *s)
{
	uint64_t keep = policy_floor_bytes(p, config);

	if (hot_tier_holds(p, config, s))
		keep += s->mem.active_file;
	return keep;
}

static struct job gradual_job(const struct policy *p,
			      const struct reclaim_config *config,
			      const struct reclaim_sample *s)
{
	struct job job = { .kind = JOB_NONE };
	uint64_t cache = policy_cache_bytes(&s->mem);
	uint64_t keep = keep_bytes(p, config, s);

	if (!has(s, SAMPLE_MEM) || cache < keep + MIN_WORK_BYTES)
		return job;
	/* memory.reclaim could not go lower: wait for the cache to grow,
	 * or for what we keep to shrink (the hot tier or a hold ended) */
	if (p->cache_exhausted && cache < p->exhausted_level + MIN_WORK_BYTES &&
	    keep >= p->exhausted_keep)
		return job;
	job.kind = JOB_RECLAIM;
	job.bytes = step_bytes(p, config, s, cache - keep);
	job.swap_on = s->mem.swap_total > 0;
	return job;
}

/* Compact only when free memory outside reportable blocks is large, and
 * grew by the threshold since the last compaction left it. One pass can
 * leave blocks half-merged: repeat while each pass merges that much. */
static bool compaction_due(const struct policy *p,
			   const struct reclaim_config *config,
			   const struct reclaim_sample *s)
{
	uint64_t threshold = config->compact_threshold_bytes;
	uint64_t scattered;

	if (p->compact_unsupported || !has(s, SAMPLE_BUDDY) ||
	    p->compactions_this_idle >= MAX_COMPACTIONS_PER_IDLE)
		return false;
	scattered = delta(s->free_bytes, s->reportable_bytes);
	if (scattered < threshold)
		return false;
	if (p->compactions_this_idle > 0)
		return p->compact_gain >= threshold;
	return scattered >= p->compact_baseline + threshold;
}

static struct job next_job(const struct policy *p,
			   const struct reclaim_config *config,
			   const struct reclaim_sample *s)
{
	struct job job = { .kind = JOB_NONE };
	bool gradual = reclaims_gradually(p, config, s);
	bool drops = config->mode == RECLAIM_MODE_DROPCACHE ||
		     (config->mode == RECLAIM_MODE_GRADUAL && !gradual);

	if (gradual)
		job = gradual_job(p, config, s);
	else if (drops && !p->dropped_this_idle && !p->drop_unsupported)
		job.kind = JOB_DROP_CACHES;
	if (job.kind == JOB_NONE && compaction_due(p, config, s))
		job.kind = JOB_COMPACT;
	return job;
}

static void start_job(struct policy *p, const struct reclaim_config *config,
		      const struct reclaim_sample *s, struct job job,
		      struct policy_output *out)
{
	if (!p->burst_open) {
		p->burst_open = true;
		memset(&p->burst, 0, sizeof p->burst);
	}
	if (job.kind != JOB_COMPACT && p->burst.steps == 0 && !p->burst.dropped)
		start_watch(p, s);
	if (job.kind == JOB_RECLAIM)
		p->burst.steps++;
	if (job.kind == JOB_COMPACT) /* measure_job() judges it against this */
		p->compact_baseline = delta(s->free_bytes, s->reportable_bytes);
	p->cache_before = policy_cache_bytes(&s->mem);
	p->job_keep = keep_bytes(p, config, s);
	p->job_in_flight = true;
	p->job = job;
	p->last_action = job.kind;
	p->last_action_ms = s->now_ms;
	out->job = job;
}

/* ACTIVE -> IDLE after a quiet window; IDLE -> ACTIVE on any busy tick. */
static void track_idle(struct policy *p, const struct reclaim_config *config,
		       const struct reclaim_sample *s, enum activity activity,
		       struct policy_output *out)
{
	uint64_t interval = s->now_ms - p->last.now_ms;

	if (p->state == POLICY_IDLE) {
		p->forced = false;
		if (activity != ACTIVITY_NONE) {
			p->state = POLICY_ACTIVE;
			p->quiet_ms = 0;
			out->stop_job = p->job_in_flight;
			close_burst(p, s, activity, out);
		}
		return;
	}
	if (p->state != POLICY_ACTIVE)
		return;
	p->quiet_ms = activity == ACTIVITY_NONE ? p->quiet_ms + interval : 0;
	/* `reclaim now` skips the window once; activity still stops it */
	if (p->forced || p->quiet_ms >= config->idle_window_ms) {
		p->forced = false;
		p->state = POLICY_IDLE;
		p->idle_since_ms = s->now_ms - p->quiet_ms;
		policy_reset_idle(p);
	}
}

struct policy_output policy_tick(struct policy *p,
				 const struct reclaim_config *config,
				 const struct reclaim_sample *s)
{
	struct policy_output out = { .job = { .kind = JOB_NONE } };
	enum activity activity;

	if (!p->have_last || s->now_ms <= p->last.now_ms) {
		p->last = *s;
		p->have_last = true;
		return out;
	}
	activity = interval_activity(config, &p->last, s);
	measure_job(p, s);
	watch_refaults(p, config, s, &out);
	if (has(s, SAMPLE_BUDDY) &&
	    delta(s->free_bytes, s->reportable_bytes) < p->compact_baseline)
		p->compact_baseline = delta(s->free_bytes, s->reportable_bytes);
	if (config->mode == RECLAIM_MODE_OFF) {
		out.stop_job = p->job_in_flight;
		close_burst(p, s, ACTIVITY_MODE_OFF, &out);
		p->state = POLICY_OFF;
	} else {
		if (p->state == POLICY_OFF)
			p->state = POLICY_ACTIVE;
		track_idle(p, config, s, activity, &out);
		release_held(p, config, s, &out);
	}
	if (p->state == POLICY_IDLE && !p->job_in_flight && !p->measure_pending) {
		struct job job = next_job(p, config, s);

		/* the burst stays open while the hot tier holds: its end
		 * belongs to the same idle period and the same refault watch */
		if (job.kind != JOB_NONE)
			start_job(p, config, s, job, &out);
		else if (!hot_tier_holds(p, config, s))
			close_burst(p, s, ACTIVITY_NONE, &out);
	}
	p->last = *s;
	return out;
}

void policy_job_done(struct policy *p, const struct job_result *result)
{
	p->job_in_flight = false;
	p->measure_pending = true;
	p->measure_kind = result->kind;
	p->measure_status = result->status;
	switch (result->kind) {
	case JOB_RECLAIM:
		if (result->status == JOB_UNSUPPORTED ||
		    result->status == JOB_WOULD_SWAP) {
			p->memory_reclaim_missing |= result->status == JOB_UNSUPPORTED;
			p->swappiness_unsupported |= result->status == JOB_WOULD_SWAP;
			if (p->burst.steps > 0)
				p->burst.steps--;
		}
		if (result->status == JOB_DONE || result->status == JOB_PARTIAL)
			p->total_steps++;
		break;
	case JOB_DROP_CACHES:
		p->dropped_this_idle = true;
		p->drop_unsupported |= result->status == JOB_UNSUPPORTED;
		p->burst.dropped = result->status == JOB_DONE;
		p->total_drops += result->status == JOB_DONE;
		break;
	case JOB_COMPACT:
		p->compactions_this_idle++;
		p->compact_unsupported = result->status == JOB_UNSUPPORTED;
		p->burst.compacted = result->status == JOB_DONE;
		p->total_compactions += result->status == JOB_DONE;
		break;
	case JOB_NONE:
		break;
	}
}
