#ifndef EBB_RECLAIM_CONFIG_H
#define EBB_RECLAIM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum reclaim_mode {
	RECLAIM_MODE_OFF,
	RECLAIM_MODE_GRADUAL,
	RECLAIM_MODE_DROPCACHE,
	RECLAIM_MODE_COMPACT,
};

/* step_bytes values with a special meaning. */
#define RECLAIM_STEP_AUTO 0          /* RAM/8, doubling while it stays idle */
#define RECLAIM_STEP_ALL UINT64_MAX  /* all the cache above the floor at once */

struct reclaim_config {
	enum reclaim_mode mode;            /* reclaim=gradual */
	uint64_t tick_ms;                  /* reclaim.tick=1s */
	uint32_t idle_threshold_bp;        /* reclaim.idle_threshold=2% of one CPU */
	uint64_t idle_window_ms;           /* reclaim.idle_window=6s */
	uint64_t hot_window_ms;            /* reclaim.hot_window=15s: active cache kept this long */
	uint64_t reuse_window_ms;          /* reclaim.reuse_window=90s: cache read back sooner is held this long */
	uint64_t step_bytes;               /* reclaim.step=auto */
	uint64_t floor_bytes;              /* reclaim.floor=32M */
	uint32_t refault_backoff_pct;      /* reclaim.refault_backoff=10 */
	uint64_t compact_threshold_bytes;  /* reclaim.compact_threshold=16M */
	uint32_t reporting_order;          /* reclaim.reporting_order=9 */
	uint64_t report_delay_ms;          /* reclaim.report_delay=200ms */
	uint32_t pcp_high_fraction;        /* reclaim.pcp_high_fraction=1000, 0: kernel's */
	uint32_t locked;                   /* knobs set by the command line */
};

enum config_source {
	CONFIG_FROM_CMDLINE,   /* wins over the file */
	CONFIG_FROM_FILE,
	CONFIG_FROM_CONTROL,   /* `reclaim mode` at run time */
};

enum config_result {
	CONFIG_OK,
	CONFIG_UNKNOWN_KEY,
	CONFIG_BAD_VALUE,      /* logged; the previous value stays */
};

void config_defaults(struct reclaim_config *config);
/* key is "reclaim" or "reclaim.<knob>" (an "ebb." prefix is accepted). */
enum config_result config_set(struct reclaim_config *config, const char *key,
			      size_t key_len, const char *value,
			      size_t value_len, enum config_source source);
/* Reads "key = value" lines, '#' comments; bounded, no allocation. */
void config_parse_text(struct reclaim_config *config, const char *text,
		       size_t len, const char *origin);
/* Reads and applies a config file (absent: nothing). A file above
 * CONFIG_FILE_MAX is refused whole, logged: no line cut at the end of
 * the buffer may take effect. */
#define CONFIG_FILE_MAX 8192u
void config_load_file(struct reclaim_config *config, const char *path);
bool config_mode_from_name(const char *name, size_t len,
			   enum reclaim_mode *mode);
const char *config_mode_name(enum reclaim_mode mode);

#endif
