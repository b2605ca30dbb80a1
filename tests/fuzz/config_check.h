#ifndef EBB_FUZZ_CONFIG_CHECK_H
#define EBB_FUZZ_CONFIG_CHECK_H

/* What config_set promises whatever it was given: every knob within the
 * range docs/reclaim.md documents (a bad value keeps the previous one). */
#include "config.h"
#include "fuzz.h"

static inline void check_config(const struct reclaim_config *c)
{
	FUZZ_CHECK(c->mode <= RECLAIM_MODE_COMPACT);
	FUZZ_CHECK(c->tick_ms >= 100 && c->tick_ms <= 60000);
	FUZZ_CHECK(c->idle_threshold_bp >= 1 && c->idle_threshold_bp <= 10000);
	FUZZ_CHECK(c->idle_window_ms <= 3600000);
	FUZZ_CHECK(c->hot_window_ms <= 3600000);
	FUZZ_CHECK(c->reuse_window_ms <= 3600000);
	FUZZ_CHECK(c->step_bytes == RECLAIM_STEP_AUTO || c->step_bytes >= (1ull << 20));
	FUZZ_CHECK(c->refault_backoff_pct <= 100);
	FUZZ_CHECK(c->compact_threshold_bytes >= (1ull << 20));
	FUZZ_CHECK(c->reporting_order <= 10);
	FUZZ_CHECK(c->report_delay_ms <= 60000);
	FUZZ_CHECK(c->pcp_high_fraction == 0 ||
		   (c->pcp_high_fraction >= 8 && c->pcp_high_fraction <= 1000000));
}

#endif
