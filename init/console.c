#include "console.h"

#include <fcntl.h>
#include <unistd.h>

#include "log.h"

static void stdio_on_console(void)
{
	int fd;

	if (fcntl(STDIN_FILENO, F_GETFD) >= 0 && fcntl(STDOUT_FILENO, F_GETFD) >= 0 &&
	    fcntl(STDERR_FILENO, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		fd = open("/dev/null", O_RDWR);
	if (fd < 0) {
		log_syserr("open /dev/console and /dev/null");
		return;
	}
	for (int target = 0; target < 3; target++)
		if (fd != target && fcntl(target, F_GETFD) < 0 && dup2(fd, target) < 0)
			log_syserr("dup2 console to fd %d", target);
	if (fd > 2)
		close(fd);
}

void console_stdio(void)
{
	stdio_on_console();
	/* After fds 0-2 are taken. PID 1's own console lines must never block
	 * it (see log.h); fds 0-2 stay blocking for what inherits them. */
	log_console_nonblocking("/dev/console");
}
