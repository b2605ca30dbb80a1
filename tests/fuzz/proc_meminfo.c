/* /proc/meminfo as one pread returns it (the sampler's 16 KiB buffer). */
#include "procfs.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct meminfo mem;
	char *buf;

	if (size > 16384)
		return -1;
	buf = fuzz_copy(data, size, 0);
	if (proc_meminfo_parse(buf, size, &mem) == 0)
		FUZZ_CHECK(mem.total > 0);
	free(buf);
	return 0;
}
