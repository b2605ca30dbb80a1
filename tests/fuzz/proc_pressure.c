/* /proc/pressure/{cpu,memory,io} as one pread returns them. */
#include "procfs.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct psi_some psi;
	char *buf;

	if (size > 16384)
		return -1;
	buf = fuzz_copy(data, size, 0);
	if (proc_psi_parse(buf, size, &psi) == 0)
		FUZZ_CHECK(psi.avg10_cp <= 100 * 100 + 99);
	free(buf);
	return 0;
}
