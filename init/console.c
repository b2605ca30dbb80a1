#include "console.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"

/* The system call: musl's fcntl() carries F_GETOWN_EX and F_DUPFD_CLOEXEC
 * emulation (400 bytes of init) that a validity check does not need. */
static int fd_open(int fd)
{
	return syscall(SYS_fcntl, fd, F_GETFD) >= 0;
}

static void stdio_on_console(void)
{
	int fd;

	if (fd_open(STDIN_FILENO) && fd_open(STDOUT_FILENO) && fd_open(STDERR_FILENO))
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		fd = open("/dev/null", O_RDWR);
	if (fd < 0) {
		log_syserr("open /dev/console and /dev/null");
		return;
	}
	for (int target = 0; target < 3; target++)
		if (fd != target && !fd_open(target) && dup2(fd, target) < 0)
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
