/* /proc/stat as one pread returns it (the sampler's 16 KiB buffer). */
#include "procfs.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cpu_times cpu;
	char *buf;

	if (size > 16384)
		return -1;
	buf = fuzz_copy(data, size, 0);
	proc_stat_parse(buf, size, &cpu);
	free(buf);
	return 0;
}
