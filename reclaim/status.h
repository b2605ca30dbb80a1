#ifndef EBB_RECLAIM_STATUS_H
#define EBB_RECLAIM_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

/* What `reclaim status` shows, gathered by the loop. */
struct reclaim_status {
	const char *mode;
	const char *state;           /* off, active, quiet, working, settled */
	uint64_t idle_for_ms;
	uint64_t reclaimed_bytes;
	uint64_t steps;
	uint64_t drops;
	uint64_t compactions;
	uint64_t free_bytes;
	uint64_t reportable_bytes;
	unsigned reporting_order;
	uint64_t cache_bytes;
	uint64_t floor_bytes;
	uint64_t hot_window_ms;      /* active cache kept this long when idle */
	uint64_t refaults_since_bytes;
	uint64_t held_bytes;         /* held above the floor for reuse */
	uint64_t reuse_window_ms;
	enum job_kind last_action;
	uint64_t last_action_ago_ms;
	const char *note;            /* NULL, or one more line: a fallback */
};

/* Gradual mode's cache goes through drop_caches (policy_drops_for_swap). */
#define STATUS_NOTE_SWAP "swap is on and memory.reclaim has no swappiness= " \
	"key: page cache is dropped with drop_caches, not swapped out"

/* Both return the length written (truncated to fit `cap`). */
size_t status_format_text(const struct reclaim_status *st, char *buf,
			  size_t cap);
size_t status_format_json(const struct reclaim_status *st, char *buf,
			  size_t cap);
const char *status_action_name(enum job_kind kind);

#endif
