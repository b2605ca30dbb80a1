#include "config.h"

#include <string.h>

#include "log.h"
#include "scan.h"

enum knob {
	KNOB_MODE,
	KNOB_TICK,
	KNOB_IDLE_THRESHOLD,
	KNOB_IDLE_WINDOW,
	KNOB_STEP,
	KNOB_FLOOR,
	KNOB_REFAULT_BACKOFF,
	KNOB_COMPACT_THRESHOLD,
	KNOB_REPORTING_ORDER,
	KNOB_REPORT_DELAY,
	KNOB_PCP_HIGH_FRACTION,
	KNOB_COUNT,
};

static const char *const knob_keys[KNOB_COUNT] = {
	[KNOB_MODE] = "reclaim",
	[KNOB_TICK] = "reclaim.tick",
	[KNOB_IDLE_THRESHOLD] = "reclaim.idle_threshold",
	[KNOB_IDLE_WINDOW] = "reclaim.idle_window",
	[KNOB_STEP] = "reclaim.step",
	[KNOB_FLOOR] = "reclaim.floor",
	[KNOB_REFAULT_BACKOFF] = "reclaim.refault_backoff",
	[KNOB_COMPACT_THRESHOLD] = "reclaim.compact_threshold",
	[KNOB_REPORTING_ORDER] = "reclaim.reporting_order",
	[KNOB_REPORT_DELAY] = "reclaim.report_delay",
	[KNOB_PCP_HIGH_FRACTION] = "reclaim.pcp_high_fraction",
};

static const struct {
	const char *name;
	enum reclaim_mode mode;
} mode_names[] = {
	{ "gradual", RECLAIM_MODE_GRADUAL },
	{ "dropcache", RECLAIM_MODE_DROPCACHE },
	{ "compact", RECLAIM_MODE_COMPACT },
	{ "off", RECLAIM_MODE_OFF },
	{ "disabled", RECLAIM_MODE_OFF }, /* WSL's name */
};

void config_defaults(struct reclaim_config *config)
{
	*config = (struct reclaim_config){
		.mode = RECLAIM_MODE_GRADUAL,
		.tick_ms = 1000,
		.idle_threshold_bp = 200,
		.idle_window_ms = 6000,
		.step_bytes = RECLAIM_STEP_AUTO,
		.floor_bytes = 64ull << 20,
		.refault_backoff_pct = 10,
		.compact_threshold_bytes = 64ull << 20,
		.reporting_order = 9,
		.report_delay_ms = 200,
		.pcp_high_fraction = 1000,
	};
}

bool config_mode_from_name(const char *name, size_t len,
			   enum reclaim_mode *mode)
{
	for (size_t i = 0; i < sizeof mode_names / sizeof mode_names[0]; i++) {
		if (strlen(mode_names[i].name) == len &&
		    memcmp(mode_names[i].name, name, len) == 0) {
			*mode = mode_names[i].mode;
			return true;
		}
	}
	return false;
}

const char *config_mode_name(enum reclaim_mode mode)
{
	for (size_t i = 0; i < sizeof mode_names / sizeof mode_names[0]; i++)
		if (mode_names[i].mode == mode)
			return mode_names[i].name;
	return "unknown";
}

/* "2", "0.5", "2%": hundredths of a percent. */
static bool parse_percent_bp(struct scan s, uint32_t *bp)
{
	uint64_t whole, frac = 0;
	unsigned frac_digits = 0;

	if (!scan_u64(&s, &whole) || whole > 100)
		return false;
	if (scan_literal(&s, ".")) {
		while (!scan_at_end(&s) && *s.pos >= '0' && *s.pos <= '9') {
			if (frac_digits < 2) {
				frac = frac * 10 + (uint64_t)(*s.pos - '0');
				frac_digits++;
			}
			s.pos++;
		}
		if (frac_digits == 0)
			return false;
		if (frac_digits == 1)
			frac *= 10;
	}
	scan_literal(&s, "%");
	if (!scan_at_end(&s) || whole * 100 + frac > 10000)
		return false;
	*bp = (uint32_t)(whole * 100 + frac);
	return true;
}

/* "N", "Nms", "Ns" or "Nm" (bare numbers are seconds), within min..max ms. */
static bool parse_duration_ms(struct scan s, uint64_t min, uint64_t max,
			      uint64_t *ms)
{
	uint64_t value, unit = 1000;

	if (!scan_u64(&s, &value))
		return false;
	if (scan_literal(&s, "ms"))
		unit = 1;
	else if (scan_literal(&s, "s"))
		unit = 1000;
	else if (scan_literal(&s, "m"))
		unit = 60000;
	if (!scan_at_end(&s) || value > max / unit || value * unit < min)
		return false;
	*ms = value * unit;
	return true;
}

/* "64M", "1G", "512K", "65536"; an optional "iB"/"B" after the unit. */
static bool parse_size(struct scan s, uint64_t *bytes)
{
	static const char units[] = "KMGT";
	uint64_t value;
	unsigned shift = 0;

	if (!scan_u64(&s, &value))
		return false;
	if (!scan_at_end(&s)) {
		const char *unit = memchr(units, *s.pos & ~0x20, 4);

		if (unit && *s.pos != '\0') {
			shift = 10 * (unsigned)(unit - units + 1);
			s.pos++;
			if (!scan_literal(&s, "iB"))
				scan_literal(&s, "B");
		}
	}
	if (!scan_at_end(&s) || value > (UINT64_MAX >> 1) >> shift)
		return false;
	*bytes = value << shift;
	return true;
}

static bool parse_u32_range(struct scan s, uint32_t min, uint32_t max,
			    uint32_t *out)
{
	uint64_t value;

	if (!scan_u64(&s, &value) || !scan_at_end(&s) || value < min ||
	    value > max)
		return false;
	*out = (uint32_t)value;
	return true;
}

static bool parse_step(struct scan s, uint64_t *bytes)
{
	if (scan_equals(&s, "auto")) {
		*bytes = RECLAIM_STEP_AUTO;
		return true;
	}
	if (scan_equals(&s, "all")) {
		*bytes = RECLAIM_STEP_ALL;
		return true;
	}
	return parse_size(s, bytes) && *bytes >= (1ull << 20);
}

static bool apply_knob(struct reclaim_config *c, enum knob knob,
		       struct scan value)
{
	switch (knob) {
	case KNOB_MODE:
		return config_mode_from_name(value.pos, scan_length(&value),
					     &c->mode);
	case KNOB_TICK:
		return parse_duration_ms(value, 100, 60000, &c->tick_ms);
	case KNOB_IDLE_THRESHOLD:
		return parse_percent_bp(value, &c->idle_threshold_bp) &&
		       c->idle_threshold_bp > 0;
	case KNOB_IDLE_WINDOW:
		return parse_duration_ms(value, 0, 3600000, &c->idle_window_ms);
	case KNOB_STEP:
		return parse_step(value, &c->step_bytes);
	case KNOB_FLOOR:
		return parse_size(value, &c->floor_bytes);
	case KNOB_REFAULT_BACKOFF:
		scan_blanks(&value);
		if (value.end > value.pos && value.end[-1] == '%')
			value.end--;
		return parse_u32_range(value, 0, 100, &c->refault_backoff_pct);
	case KNOB_COMPACT_THRESHOLD:
		return parse_size(value, &c->compact_threshold_bytes) &&
		       c->compact_threshold_bytes >= (1ull << 20);
	case KNOB_REPORTING_ORDER:
		return parse_u32_range(value, 0, 10, &c->reporting_order);
	case KNOB_REPORT_DELAY:
		return parse_duration_ms(value, 0, 60000, &c->report_delay_ms);
	case KNOB_PCP_HIGH_FRACTION:
		/* The kernel refuses fractions from 1 to 7. */
		return parse_u32_range(value, 0, 1000000, &c->pcp_high_fraction) &&
		       (c->pcp_high_fraction == 0 || c->pcp_high_fraction >= 8);
	case KNOB_COUNT:
		break;
	}
	return false;
}

enum config_result config_set(struct reclaim_config *config, const char *key,
			      size_t key_len, const char *value,
			      size_t value_len, enum config_source source)
{
	struct scan k = scan_of(key, key_len);
	struct scan v = scan_of(value, value_len);
	struct reclaim_config candidate = *config;

	scan_trim(&k);
	scan_trim(&v);
	scan_literal(&k, "ebb.");
	for (int knob = 0; knob < KNOB_COUNT; knob++) {
		if (!scan_equals(&k, knob_keys[knob]))
			continue;
		if (source == CONFIG_FROM_FILE && (config->locked & (1u << knob)))
			return CONFIG_OK;
		if (!apply_knob(&candidate, (enum knob)knob, v)) {
			if (source != CONFIG_FROM_CONTROL)
				log_notice("reclaim: bad value '%.*s' for %s, "
					 "keeping the default",
					 (int)(scan_length(&v) > 64 ? 64 : scan_length(&v)),
					 v.pos, knob_keys[knob]);
			return CONFIG_BAD_VALUE;
		}
		*config = candidate;
		if (source == CONFIG_FROM_CMDLINE)
			config->locked |= 1u << knob;
		return CONFIG_OK;
	}
	return CONFIG_UNKNOWN_KEY;
}
