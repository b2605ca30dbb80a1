#include "cmdline.h"

#include <inttypes.h>
#include <string.h>

#include "log.h"
#include "reclaim.h"
#include "scan.h"

enum { DEFAULT_SHUTDOWN_TIMEOUT_MS = 5000, MAX_SHUTDOWN_TIMEOUT_S = 3600 };

/* Digits only, nothing around them, at most max. */
static int parse_seconds(const char *text, uint64_t max, uint64_t *out)
{
	struct scan s = scan_of(text, strlen(text));

	if (text[0] == ' ' || text[0] == '\t') /* scan_u64 would skip them */
		return -1;
	if (!scan_u64(&s, out) || !scan_at_end(&s) || *out > max)
		return -1;
	return 0;
}

/* One ebb.* word; returns 0 when applied, -1 when reported. */
static int apply_option(const char *key, const char *value, struct init_options *opts)
{
	uint64_t seconds;

	if (strncmp(key, "reclaim", 7) == 0 && (key[7] == '\0' || key[7] == '.')) {
		switch (reclaim_option(key, value ? value : "")) {
		case RECLAIM_OPTION_OK:
			return 0;
		case RECLAIM_OPTION_BAD_VALUE:
			return -1;
		case RECLAIM_OPTION_UNKNOWN:
			break;
		}
	} else if (strcmp(key, "run") == 0) {
		if (value && value[0] && strlen(value) < sizeof opts->run) {
			strcpy(opts->run, value);
			return 0;
		}
		log_notice("ebb.run: needs a command of 1 to %zu characters; ignored",
		       sizeof opts->run - 1);
		return -1;
	} else if (strcmp(key, "ssh_key") == 0) {
		return 0; /* ebb-seed's (seed/seed_main.c) */
	} else if (strcmp(key, "shutdown_timeout") == 0) {
		if (value && parse_seconds(value, MAX_SHUTDOWN_TIMEOUT_S, &seconds) == 0) {
			opts->shutdown_timeout_ms = seconds * 1000;
			return 0;
		}
		log_notice("ebb.shutdown_timeout=%s: want whole seconds 0..%d; keeping %" PRIu64,
		       value ? value : "", MAX_SHUTDOWN_TIMEOUT_S,
		       opts->shutdown_timeout_ms / 1000);
		return -1;
	}
	log_notice("unknown boot option ebb.%s ignored", key);
	return -1;
}

int cmdline_apply(char *buf, size_t len, struct init_options *opts)
{
	struct cmdline_cursor cur;
	char *key, *value;
	int problems = 0;

	opts->run[0] = '\0';
	opts->shutdown_timeout_ms = DEFAULT_SHUTDOWN_TIMEOUT_MS;
	cmdline_init(&cur, buf, len);
	while (cmdline_next(&cur, &key, &value)) {
		if (strncmp(key, "ebb.", 4) != 0)
			continue;
		if (apply_option(key + 4, value, opts) < 0)
			problems++;
	}
	return problems;
}
