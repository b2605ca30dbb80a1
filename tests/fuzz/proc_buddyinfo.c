/* /proc/buddyinfo as one pread returns it; the first byte picks the
 * reporting order (0..15: the knob allows 0..10, the kernel up to 10). */
#include "procfs.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buddy_free free_pages;
	unsigned order;
	char *buf;

	if (size == 0 || size > 16384)
		return -1;
	order = data[0] % 16;
	buf = fuzz_copy(data + 1, size - 1, 0);
	if (proc_buddyinfo_parse(buf, size - 1, order, &free_pages) == 0)
		FUZZ_CHECK(free_pages.reportable_pages <= free_pages.free_pages);
	free(buf);
	return 0;
}
