#include "close_extra_fds.h"

#include <sys/syscall.h>
#include <unistd.h>

enum { FALLBACK_FD_LIMIT = 1024 };

void close_extra_fds(void)
{
	if (syscall(SYS_close_range, 3, ~0U, 0) == 0)
		return;
	/* Kernels before 5.9 lack close_range. */
	for (int fd = 3; fd < FALLBACK_FD_LIMIT; fd++)
		close(fd);
}
