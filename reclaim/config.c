#include "config.h"

#include <stddef.h>
#include <string.h>

#include "log.h"
#include "scan.h"

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
		.hot_window_ms = 15000,
		.reuse_window_ms = 90000,
		.step_bytes = RECLAIM_STEP_AUTO,
		.floor_bytes = 32ull << 20,
		.refault_backoff_pct = 10,
		.compact_threshold_bytes = 16ull << 20,
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

static bool parse_u32_range(struct scan s, uint64_t min, uint64_t max,
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

/* How a knob's value is read. */
enum knob_kind {
	KIND_MODE,     /* a mode name */
	KIND_MS,       /* a duration of min..max ms, into a uint64_t */
	KIND_BYTES,    /* a size of at least min bytes, into a uint64_t */
	KIND_STEP,     /* "auto", "all" or a size of 1 MiB or more */
	KIND_BP,       /* a percentage of at least min hundredths, into a uint32_t */
	KIND_PERCENT,  /* a whole number min..max, '%' optional, into a uint32_t */
	KIND_NUMBER,   /* a number min..max, into a uint32_t */
	KIND_FRACTION, /* 0, or a number min..max, into a uint32_t */
};

#define FIELD(name) offsetof(struct reclaim_config, name)

/* Every knob: its key, how its value is read, where it goes. Its index
 * is its bit in reclaim_config.locked. */
static const struct knob {
	const char *key;
	uint8_t kind;                /* enum knob_kind */
	uint16_t field;
	uint32_t min, max;
} knobs[] = {
	{ "reclaim", KIND_MODE, FIELD(mode), 0, 0 },
	{ "reclaim.tick", KIND_MS, FIELD(tick_ms), 100, 60000 },
	{ "reclaim.idle_threshold", KIND_BP, FIELD(idle_threshold_bp), 1, 0 },
	{ "reclaim.idle_window", KIND_MS, FIELD(idle_window_ms), 0, 3600000 },
	{ "reclaim.hot_window", KIND_MS, FIELD(hot_window_ms), 0, 3600000 },
	{ "reclaim.step", KIND_STEP, FIELD(step_bytes), 0, 0 },
	{ "reclaim.floor", KIND_BYTES, FIELD(floor_bytes), 0, 0 },
	{ "reclaim.refault_backoff", KIND_PERCENT, FIELD(refault_backoff_pct), 0, 100 },
	{ "reclaim.compact_threshold", KIND_BYTES, FIELD(compact_threshold_bytes), 1 << 20, 0 },
	{ "reclaim.reporting_order", KIND_NUMBER, FIELD(reporting_order), 0, 10 },
	{ "reclaim.report_delay", KIND_MS, FIELD(report_delay_ms), 0, 60000 },
	/* The kernel refuses fractions from 1 to 7; 0 leaves its own. */
	{ "reclaim.pcp_high_fraction", KIND_FRACTION, FIELD(pcp_high_fraction), 8, 1000000 },
	{ "reclaim.reuse_window", KIND_MS, FIELD(reuse_window_ms), 0, 3600000 },
};

static bool apply_knob(struct reclaim_config *c, const struct knob *k,
		       struct scan value)
{
	uint64_t *u64 = (uint64_t *)((char *)c + k->field);
	uint32_t *u32 = (uint32_t *)((char *)c + k->field);

	switch (k->kind) {
	case KIND_MODE:
		return config_mode_from_name(value.pos, scan_length(&value),
					     &c->mode);
	case KIND_MS:
		return parse_duration_ms(value, k->min, k->max, u64);
	case KIND_BYTES:
		return parse_size(value, u64) && *u64 >= k->min;
	case KIND_STEP:
		return parse_step(value, u64);
	case KIND_BP:
		return parse_percent_bp(value, u32) && *u32 >= k->min;
	case KIND_PERCENT:
		if (value.end > value.pos && value.end[-1] == '%')
			value.end--;
		return parse_u32_range(value, k->min, k->max, u32);
	case KIND_NUMBER:
		return parse_u32_range(value, k->min, k->max, u32);
	case KIND_FRACTION:
		return parse_u32_range(value, 0, k->max, u32) &&
		       (*u32 == 0 || *u32 >= k->min);
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
	for (size_t knob = 0; knob < sizeof knobs / sizeof knobs[0]; knob++) {
		if (!scan_equals(&k, knobs[knob].key))
			continue;
		if (source == CONFIG_FROM_FILE && (config->locked & (1u << knob)))
			return CONFIG_OK;
		if (!apply_knob(&candidate, &knobs[knob], v)) {
			if (source != CONFIG_FROM_CONTROL)
				log_notice("reclaim: bad value '%.*s' for %s, "
					 "keeping the default",
					 (int)(scan_length(&v) > 64 ? 64 : scan_length(&v)),
					 v.pos, knobs[knob].key);
			return CONFIG_BAD_VALUE;
		}
		*config = candidate;
		if (source == CONFIG_FROM_CMDLINE)
			config->locked |= 1u << knob;
		return CONFIG_OK;
	}
	return CONFIG_UNKNOWN_KEY;
}
