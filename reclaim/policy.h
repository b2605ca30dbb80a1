#ifndef EBB_RECLAIM_POLICY_H
#define EBB_RECLAIM_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "procfs.h"

/* The policy is a pure state machine: samples and job results in, jobs
 * and log reports out. No I/O, no clock: tests drive it with series. */

enum psi_resource { PSI_CPU, PSI_MEMORY, PSI_IO, PSI_COUNT };

enum sample_part {
	SAMPLE_CPU = 1u << 0,
	SAMPLE_MEM = 1u << 1,
	SAMPLE_REFAULTS = 1u << 2,
	SAMPLE_BUDDY = 1u << 3,
	SAMPLE_PSI = 1u << 4,   /* SAMPLE_PSI << resource */
};

struct reclaim_sample {
	uint64_t now_ms;
	unsigned parts;              /* enum sample_part bits that are valid */
	uint64_t busy_us;            /* /proc/stat, cumulative */
	uint64_t iowait_us;
	uint64_t self_us;            /* CPU time of reclaim's own worker */
	bool job_ran;                /* a job of ours ran since the last sample */
	struct meminfo mem;
	uint64_t refault_bytes;      /* cumulative */
	uint64_t psi_total_us[PSI_COUNT];
	uint64_t free_bytes;
	uint64_t reportable_bytes;   /* free in blocks >= page_reporting_order */
};

enum job_kind { JOB_NONE, JOB_RECLAIM, JOB_DROP_CACHES, JOB_COMPACT };

struct job {
	enum job_kind kind;
	uint64_t bytes;              /* JOB_RECLAIM */
	bool swap_on;                /* JOB_RECLAIM: a size alone may swap */
};

enum job_status {
	JOB_DONE,
	JOB_PARTIAL,                 /* EAGAIN: nothing more to reclaim now */
	JOB_STOPPED,                 /* interrupted between writes */
	JOB_UNSUPPORTED,             /* the kernel file is absent or never writable */
	JOB_WOULD_SWAP,              /* swap on, no swappiness= key: not written */
	JOB_FAILED,
};

struct job_result {
	enum job_kind kind;
	enum job_status status;
	int error;                   /* JOB_UNSUPPORTED: why (an errno) */
};

enum policy_state { POLICY_OFF, POLICY_ACTIVE, POLICY_IDLE };

/* What made a tick busy (ACTIVITY_NONE: quiet). */
enum activity {
	ACTIVITY_NONE,
	ACTIVITY_CPU,
	ACTIVITY_IOWAIT,
	ACTIVITY_CPU_STALL,          /* PSI, in enum psi_resource order */
	ACTIVITY_MEMORY_STALL,
	ACTIVITY_IO_STALL,
	ACTIVITY_UNKNOWN,            /* no CPU figures */
	ACTIVITY_MODE_OFF,           /* not activity: reclaim was turned off */
};

/* One idle period's work, for the one dmesg line. */
struct burst_report {
	uint64_t idle_ms;
	uint64_t reclaimed_bytes;
	unsigned steps;
	bool dropped;
	bool compacted;
	enum activity stopped_by;    /* ACTIVITY_NONE: ran to its end */
	uint64_t free_bytes;
	uint64_t reportable_bytes;
};

/* What became of reclaimed cache the guest read back, for one log line. */
enum reuse_event {
	REUSE_NONE,
	REUSE_HELD,                  /* back within the reuse window: held */
	REUSE_TOO_LATE,              /* back after it: reclaiming was right */
	REUSE_RELEASED,              /* idle past the window: held cache let go */
};

struct policy_output {
	struct job job;              /* JOB_NONE: nothing to start */
	bool stop_job;               /* stop the running job between writes */
	bool report;                 /* burst closed: log `burst` */
	struct burst_report burst;
	enum reuse_event reuse;
	uint64_t released_bytes;     /* REUSE_RELEASED */
};

struct policy {
	enum policy_state state;
	struct reclaim_sample last;
	bool have_last;
	uint64_t quiet_ms;
	uint64_t idle_since_ms;
	bool forced;                 /* `reclaim now`: skip the idle window */

	bool job_in_flight;
	struct job job;
	bool measure_pending;        /* next sample measures a finished job */
	enum job_kind measure_kind;
	enum job_status measure_status;
	uint64_t cache_before;

	bool burst_open;
	struct burst_report burst;
	bool dropped_this_idle;
	unsigned compactions_this_idle;
	bool cache_exhausted;
	uint64_t exhausted_level;
	uint64_t exhausted_keep;     /* what it aimed to keep; less: retry */
	uint64_t job_keep;

	bool memory_reclaim_missing;
	bool swappiness_unsupported; /* memory.reclaim said JOB_WOULD_SWAP */
	bool compact_unsupported;
	bool drop_unsupported;
	uint64_t compact_baseline;   /* scattered free memory a compaction left */
	uint64_t compact_gain;       /* what the last compaction merged */

	/* Reuse: cache read back soon after we reclaimed it is held above
	 * the floor in later idle periods, but only until the guest has
	 * been idle for reuse_window: protection ends with idleness. */
	bool watching;               /* refaults after our last reclaim */
	bool watch_judged;           /* they came back: judged once */
	bool watch_quick;            /* ... within the reuse window */
	uint64_t watch_reclaimed;
	uint64_t watch_refault_base;
	uint64_t watch_idle_since_ms;/* the idle period that reclaimed it */
	uint64_t refaulted_since;
	uint64_t reuse_gap_ms;       /* idle start to read back, last judged */
	uint64_t held_bytes;         /* kept above the floor for reuse */
	uint64_t held_base;          /* held_bytes when the watch began */

	uint64_t total_reclaimed;
	uint64_t total_steps;
	uint64_t total_drops;
	uint64_t total_compactions;
	enum job_kind last_action;
	uint64_t last_action_ms;
};

void policy_init(struct policy *p);
struct policy_output policy_tick(struct policy *p,
				 const struct reclaim_config *config,
				 const struct reclaim_sample *sample);
void policy_job_done(struct policy *p, const struct job_result *result);
/* `reclaim now`: the next tick acts as if idle. */
void policy_request_now(struct policy *p);
/* After a mode change: start the idle period over. */
void policy_reset_idle(struct policy *p);
uint64_t policy_cache_bytes(const struct meminfo *mem);
/* Gradual mode drops caches instead: swap is on and memory.reclaim
 * cannot be told to leave anonymous memory alone. */
bool policy_drops_for_swap(const struct policy *p, const struct meminfo *mem);
/* The floor plus what is held for reuse. */
uint64_t policy_floor_bytes(const struct policy *p,
			    const struct reclaim_config *config);

#endif
