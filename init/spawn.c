#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "close_extra_fds.h"
#include "file_stat.h"
#include "format.h"
#include "log.h"
#include "signals.h"
#include "write_small_file.h"

/* What makes a command need /bin/sh (blanks aside). */
#define SHELL_SYNTAX "\n;&|<>()$`\\\"'*?[#~=%"

int spawn_is_executable(const char *path)
{
	struct stat st;

	return file_stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

const char *spawn_direct_argv(const char *command, char *buf, size_t size, char **argv,
			      int max_words)
{
	int n = 0;

	if (strpbrk(command, SHELL_SYNTAX))
		return "shell syntax";
	if (strlen(command) >= size)
		return "too long";
	strcpy(buf, command);
	for (char *word = strtok(buf, " \t"); word; word = strtok(NULL, " \t")) {
		if (n == max_words)
			return "too many words";
		argv[n++] = word;
	}
	argv[n] = NULL;
	if (n == 0 || argv[0][0] != '/')
		return "not an absolute program path";
	if (!spawn_is_executable(argv[0]))
		return "no executable file there";
	return NULL;
}

/* Child side: stdio on the tty, optionally as controlling terminal. */
static int attach_tty(const char *tty, int flags)
{
	int fd = open(tty, O_RDWR | O_NOCTTY);

	if (fd < 0) {
		log_syserr("open %s", tty);
		return -1;
	}
	/* EPERM: another session holds this tty; run without one. */
	if ((flags & SPAWN_CONTROLLING_TTY) && ioctl(fd, TIOCSCTTY, 0) < 0 && errno != EPERM)
		log_syserr("TIOCSCTTY %s", tty);
	for (int target = 0; target < 3; target++)
		if (fd != target && dup2(fd, target) < 0) {
			log_syserr("dup2 %s", tty);
			return -1;
		}
	if (fd > 2)
		close(fd);
	return 0;
}

static void wait_for_enter(void)
{
	static const char prompt[] = "\nPlease press Enter to activate this console. ";
	char c = 0;
	ssize_t n;

	(void)!write(STDOUT_FILENO, prompt, sizeof prompt - 1);
	do {
		n = read(STDIN_FILENO, &c, 1);
	} while ((n == 1 && c != '\n') || (n < 0 && errno == EINTR));
	if (n != 1)
		_exit(1); /* no console input: the respawn back-off takes over */
}

/* Returns only when command is not a bare path or exec failed. */
static void exec_login(const char *command)
{
	char argv0[64] = "-";
	const char *slash = strrchr(command, '/');

	if (command[0] != '/' || strpbrk(command, " \t" SHELL_SYNTAX) ||
	    strlen(slash + 1) + 2 > sizeof argv0)
		return;
	strcat(argv0, slash + 1);
	execv(command, (char *[]){ argv0, NULL });
}

/* Child side: PID 1's -1000 is inherited; a service or shell must be
 * as killable as on any system. Without /proc there is nothing to undo. */
static void reset_oom_score(void)
{
	int err = write_small_file("/proc/self/oom_score_adj", "0");

	if (err != 0 && err != -ENOENT) {
		errno = -err;
		log_syserr("oom_score_adj 0");
	}
}

pid_t spawn_command(const char *command, const char *tty, int flags)
{
	pid_t pid = _Fork(); /* ebb is single-threaded: no atfork locks */

	if (pid < 0) {
		log_syserr("fork for '%s'", command);
		return -1;
	}
	if (pid > 0)
		return pid;
	signals_reset_for_child();
	reset_oom_score();
	if (setsid() < 0)
		log_syserr("setsid");
	if (attach_tty(tty && tty[0] ? tty : "/dev/console", flags) < 0)
		_exit(127);
	close_extra_fds();
	if (flags & SPAWN_ASK_FIRST)
		wait_for_enter();
	if (flags & SPAWN_LOGIN)
		exec_login(command);
	execv("/bin/sh", (char *[]){ "sh", "-c", (char *)command, NULL });
	format_fd(STDERR_FILENO, "ebb: exec /bin/sh for '%s': %s\n", command, strerror(errno));
	_exit(127);
}
