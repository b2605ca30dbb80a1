/* The kernel command line as init reads it from /proc/cmdline (at most
 * 4096 bytes): split into words, and its ebb.* options applied
 * (ebb.run, ebb.shutdown_timeout, ebb.reclaim and ebb.reclaim.* values). */
#include "cmdline.h"
#include "fuzz.h"

enum { CMDLINE_MAX = 4096 }; /* init/boot.c */

/* Every word lies inside the buffer, NUL-terminated there. */
static void check_words(char *buf, size_t len)
{
	struct cmdline_cursor cur;
	char *key, *value;

	cmdline_init(&cur, buf, len);
	while (cmdline_next(&cur, &key, &value)) {
		size_t key_len = strlen(key);

		FUZZ_CHECK(key >= buf && key + key_len <= buf + len);
		FUZZ_CHECK(!value || (value > key && value + strlen(value) <= buf + len));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct init_options opts;
	char *buf;

	if (size > CMDLINE_MAX)
		return -1;
	buf = fuzz_copy(data, size, 1);
	check_words(buf, size);
	free(buf);

	buf = fuzz_copy(data, size, 1);
	cmdline_apply(buf, size, &opts);
	FUZZ_CHECK(strlen(opts.run) < sizeof opts.run);
	FUZZ_CHECK(opts.shutdown_timeout_ms <= 3600 * 1000);
	free(buf);
	return 0;
}
