/* /proc/vmstat as one pread returns it (the sampler's 16 KiB buffer). */
#include "procfs.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t pages;
	char *buf;

	if (size > 16384)
		return -1;
	buf = fuzz_copy(data, size, 0);
	proc_vmstat_refaults(buf, size, &pages);
	free(buf);
	return 0;
}
