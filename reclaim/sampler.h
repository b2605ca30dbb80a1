#ifndef EBB_RECLAIM_SAMPLER_H
#define EBB_RECLAIM_SAMPLER_H

#include "policy.h"

/* Reads the signals of one tick: one pread per file into a fixed
 * buffer, fds kept open across ticks. Files that are absent (PSI on
 * 4.19, buddyinfo without CONFIG_PROC_FS details) leave their part out. */

enum sampler_file { SF_STAT, SF_MEMINFO, SF_VMSTAT, SF_BUDDYINFO,
		    SF_PSI_CPU, SF_PSI_MEMORY, SF_PSI_IO, SF_COUNT };

struct sampler {
	int fd[SF_COUNT];
	unsigned reported_bad;       /* files whose parse failure was logged */
	unsigned reporting_order;
	uint64_t page_size;
	uint64_t us_per_tick;        /* 1e6 / USER_HZ */
};

void sampler_open(struct sampler *s, unsigned reporting_order);
void sampler_close(struct sampler *s);
/* Fills everything but now_ms, self_us and job_ran. */
void sampler_read(struct sampler *s, struct reclaim_sample *out);

#endif
