#include "clock.h"

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

uint64_t monotonic_ms(void)
{
	struct timespec ts;

	/* The system call, not clock_gettime(): musl's vDSO lookup costs
	 * init 1 KB, and ebb reads the clock a few times a tick. Cannot
	 * fail with a valid clock id and pointer. */
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
