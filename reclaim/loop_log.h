#ifndef EBB_RECLAIM_LOOP_LOG_H
#define EBB_RECLAIM_LOOP_LOG_H

#include "config.h"
#include "policy.h"

/* The loop's lines in dmesg. */

/* Its settings, once at start. */
void loop_log_settings(const struct reclaim_config *c, unsigned reporting_order);
/* One line per idle period's work, e.g. "idle 8s: reclaimed 412 MiB
 * page cache in 3 steps; compacted; 498 MiB reportable of 530 MiB free". */
void loop_log_burst(const struct burst_report *b);
/* Reclaimed cache read back (held, or not: too late), or a hold let go. */
void loop_log_reuse(const struct policy_output *out, const struct policy *p,
		    const struct reclaim_config *c);
/* What a finished job tells once: a file that cannot be used (the policy
 * never submits that kind of job again), or reclaim that would swap. */
void loop_log_job(const struct job_result *r);

#endif
