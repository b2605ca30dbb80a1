#include "status.h"

#include <inttypes.h>

#include "format.h"

#define MIB(bytes) ((bytes) >> 20)

const char *status_action_name(enum job_kind kind)
{
	switch (kind) {
	case JOB_RECLAIM:
		return "reclaim";
	case JOB_DROP_CACHES:
		return "dropcache";
	case JOB_COMPACT:
		return "compact";
	case JOB_NONE:
		break;
	}
	return "none";
}

static size_t clamp_len(int n, size_t cap)
{
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

size_t status_format_text(const struct reclaim_status *st, char *buf,
			  size_t cap)
{
	char last[64] = "none";

	if (st->last_action != JOB_NONE)
		format(last, sizeof last, "%s, %" PRIu64 "s ago",
			 status_action_name(st->last_action),
			 st->last_action_ago_ms / 1000);
	return clamp_len(format(buf, cap,
		"mode:              %s\n"
		"state:             %s\n"
		"idle for:          %" PRIu64 "s\n"
		"cache reclaimed:   %" PRIu64 " MiB in %" PRIu64 " steps, %" PRIu64 " drops\n"
		"compactions:       %" PRIu64 "\n"
		"free memory:       %" PRIu64 " MiB, %" PRIu64 " MiB reportable (order >= %u)\n"
		"page cache:        %" PRIu64 " MiB, floor %" PRIu64 " MiB, hot window %" PRIu64 "s\n"
		"held for reuse:    %" PRIu64 " MiB, reuse window %" PRIu64 "s\n"
		"refaults since last reclaim: %" PRIu64 " MiB\n"
		"last action:       %s\n"
		"%s%s%s",
		st->mode, st->state, st->idle_for_ms / 1000,
		MIB(st->reclaimed_bytes), st->steps, st->drops, st->compactions,
		MIB(st->free_bytes), MIB(st->reportable_bytes), st->reporting_order,
		MIB(st->cache_bytes), MIB(st->floor_bytes), st->hot_window_ms / 1000,
		MIB(st->held_bytes), st->reuse_window_ms / 1000,
		MIB(st->refaults_since_bytes), last,
		st->note ? "note:              " : "", st->note ? st->note : "",
		st->note ? "\n" : ""), cap);
}

size_t status_format_json(const struct reclaim_status *st, char *buf,
			  size_t cap)
{
	return clamp_len(format(buf, cap,
		"{\"mode\":\"%s\",\"state\":\"%s\",\"idle_for_s\":%" PRIu64
		",\"reclaimed_bytes\":%" PRIu64 ",\"steps\":%" PRIu64
		",\"drops\":%" PRIu64 ",\"compactions\":%" PRIu64
		",\"free_bytes\":%" PRIu64 ",\"reportable_bytes\":%" PRIu64
		",\"reporting_order\":%u,\"cache_bytes\":%" PRIu64
		",\"floor_bytes\":%" PRIu64 ",\"hot_window_s\":%" PRIu64
		",\"refaults_since_reclaim_bytes\":%" PRIu64
		",\"held_bytes\":%" PRIu64 ",\"reuse_window_s\":%" PRIu64
		",\"last_action\":\"%s\""
		",\"last_action_ago_s\":%" PRIu64 "%s%s%s}\n",
		st->mode, st->state, st->idle_for_ms / 1000, st->reclaimed_bytes,
		st->steps, st->drops, st->compactions, st->free_bytes,
		st->reportable_bytes, st->reporting_order, st->cache_bytes,
		st->floor_bytes, st->hot_window_ms / 1000, st->refaults_since_bytes,
		st->held_bytes, st->reuse_window_ms / 1000,
		status_action_name(st->last_action),
		st->last_action == JOB_NONE ? 0 : st->last_action_ago_ms / 1000,
		st->note ? ",\"note\":\"" : "", st->note ? st->note : "",
		st->note ? "\"" : ""), cap);
}
