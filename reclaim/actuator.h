#ifndef EBB_RECLAIM_ACTUATOR_H
#define EBB_RECLAIM_ACTUATOR_H

#include <stdatomic.h>
#include <stdbool.h>

#include "policy.h"

/* Carries out one job with the writes that may block. Runs on the
 * worker thread; tests replace write_text and sync_all. */
struct actuator {
	/* Writes text to a kernel file: 0, or -errno. */
	int (*write_text)(const char *path, const char *text);
	void (*sync_all)(void);
	const char *memory_reclaim_path;
	const char *drop_caches_path;
	const char *compact_memory_path;
	bool no_swappiness;          /* the kernel refused "swappiness=" once */
};

void actuator_defaults(struct actuator *a);
/* `stop` is checked between writes of at most 128 MiB each. */
struct job_result actuator_run(struct actuator *a, const struct job *job,
			       const atomic_bool *stop);

#endif
