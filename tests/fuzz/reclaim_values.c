/* ebb.reclaim.* values through config_set, the function the command
 * line, reclaim.conf, `reclaim daemon key=value` and `reclaim mode` all
 * end in. Input: one "key=value" per line; the first byte picks the
 * source of them all (command line, file, control socket). */
#include "config.h"
#include "config_check.h"
#include "fuzz.h"

static void apply_line(struct reclaim_config *config, const char *line,
		       size_t len, enum config_source source)
{
	const char *equals = memchr(line, '=', len);
	size_t key_len = equals ? (size_t)(equals - line) : len;
	const char *value = equals ? equals + 1 : line + len;
	struct reclaim_config before = *config;
	enum config_result result;

	result = config_set(config, line, key_len, value,
			    (size_t)(line + len - value), source);
	FUZZ_CHECK(result == CONFIG_OK || result == CONFIG_UNKNOWN_KEY ||
		   result == CONFIG_BAD_VALUE);
	if (result != CONFIG_OK)
		FUZZ_CHECK(memcmp(&before, config, sizeof before) == 0);
	if (source != CONFIG_FROM_CMDLINE)
		FUZZ_CHECK(config->locked == before.locked);
	check_config(config);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reclaim_config config;
	enum config_source source;
	char *buf, *pos, *end;

	if (size == 0 || size > 4096)
		return -1;
	source = (enum config_source)(data[0] % 3);
	buf = fuzz_copy(data + 1, size - 1, 0);
	config_defaults(&config);
	for (pos = buf, end = buf + size - 1; pos < end;) {
		char *nl = memchr(pos, '\n', (size_t)(end - pos));
		char *line_end = nl ? nl : end;

		apply_line(&config, pos, (size_t)(line_end - pos), source);
		pos = nl ? nl + 1 : end;
	}
	free(buf);
	return 0;
}
