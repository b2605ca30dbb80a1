#include "loop_log.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "format.h"
#include "log.h"

void loop_log_settings(const struct reclaim_config *c, unsigned reporting_order)
{
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
		 c->compact_threshold_bytes >> 20, reporting_order);
}

void loop_log_burst(const struct burst_report *b)
{
	static const char *const activity[] = {
		[ACTIVITY_NONE] = "",
		[ACTIVITY_CPU] = "cpu",
		[ACTIVITY_IOWAIT] = "iowait",
		[ACTIVITY_CPU_STALL] = "cpu stall",
		[ACTIVITY_MEMORY_STALL] = "memory stall",
		[ACTIVITY_IO_STALL] = "io stall",
		[ACTIVITY_UNKNOWN] = "no cpu figures",
		[ACTIVITY_MODE_OFF] = "mode off",
	};
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
			 "%" PRIu64 " MiB reportable of %" PRIu64 " MiB free%s%s",
			 b->reportable_bytes >> 20, b->free_bytes >> 20,
			 b->stopped_by ? "; stopped by " : "", activity[b->stopped_by]);
	log_info("%s", line);
}

void loop_log_reuse(const struct policy_output *out, const struct policy *p,
		    const struct reclaim_config *c)
{
	if (out->reuse == REUSE_HELD || out->reuse == REUSE_TOO_LATE)
		log_info("reclaim: %" PRIu64 " MiB of reclaimed cache read back %" PRIu64
			 "s into idle, reuse window %" PRIu64 "s: %s",
			 p->refaulted_since >> 20, p->reuse_gap_ms / 1000,
			 c->reuse_window_ms / 1000,
			 out->reuse == REUSE_HELD ? "held" : "not held");
	else if (out->reuse == REUSE_RELEASED)
		log_info("reclaim: %" PRIu64 " MiB held for reuse let go",
			 out->released_bytes >> 20);
}

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

void loop_log_job(const struct job_result *r)
{
	if (r->status == JOB_UNSUPPORTED)
		log_unusable(r);
	if (r->status == JOB_WOULD_SWAP)
		log_info("reclaim: swap is on and memory.reclaim has no swappiness= "
			 "key: dropping caches instead, so no anonymous memory is "
			 "swapped out");
}
