/* Running a program from ebb-seed (see seed_run.h): bootcmd, visudo. */
#include "seed_run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seed_log.h"

/* The child: its stdio, its environment, then the program. */
static void child(const char *const *argv, int out_fd, const char *const *env)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null >= 0)
		dup2(null, STDIN_FILENO);
	if (out_fd >= 0) {
		dup2(out_fd, STDOUT_FILENO);
		dup2(out_fd, STDERR_FILENO);
	}
	for (; env && *env; env++)
		putenv((char *)*env);
	execv(argv[0], (char *const *)argv);
	seed_syserr("ebb-seed: exec %s", argv[0]);
	_exit(127);
}

int seed_run(const char *const *argv, int out_fd, const char *const *env)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		seed_syserr("ebb-seed: fork for %s", argv[0]);
		return -1;
	}
	if (pid == 0)
		child(argv, out_fd, env);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			seed_syserr("ebb-seed: wait for %s", argv[0]);
			return -1;
		}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
