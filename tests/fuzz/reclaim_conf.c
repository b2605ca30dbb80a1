/* /etc/ebb/reclaim.conf as reclaim reads it: at most CONFIG_FILE_MAX
 * bytes (a larger file is refused whole), "key = value" lines with '#'
 * comments. */
#include "config.h"
#include "config_check.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reclaim_config config;
	char *buf;

	if (size > CONFIG_FILE_MAX)
		return -1;
	buf = fuzz_copy(data, size, 0);
	config_defaults(&config);
	config_parse_text(&config, buf, size, "fuzz");
	check_config(&config);
	FUZZ_CHECK(config.locked == 0);
	free(buf);
	return 0;
}
