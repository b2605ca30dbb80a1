/* latency: how fast PID 1 reaps an orphan and starts a poweroff, timed on
 * the guest's own CLOCK_MONOTONIC, in microseconds.
 *
 *   latency reap       an orphan of PID 1 is released to exit; prints
 *                      "reap_us=<release until the pid is gone>"
 *   latency poweroff   SIGUSR2 to PID 1; prints "poweroff_us=<kill until
 *                      the 'ebb: powering off' line is read from /dev/kmsg>"
 *   latency worker     PID 1's other threads, one line each:
 *                      "worker <tid> <state> cpu=<utime+stime ticks> syscall=<nr|running>"
 *
 * Both times are upper bounds: they include this program's own wake-ups. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

static const struct timespec one_ms = { 0, 1000000 };

static long long now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

/* Child: forks the orphan, sends its pid, exits. The orphan waits until
 * it is PID 1's, then for the release (EOF), then exits. */
static void make_orphan(int release_fd, int pid_fd)
{
	pid_t pid = fork();
	char byte;

	if (pid == 0) {
		while (getppid() != 1)
			nanosleep(&one_ms, NULL);
		(void)!write(pid_fd, &byte, 1);
		while (read(release_fd, &byte, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	(void)!write(pid_fd, &pid, sizeof pid);
	_exit(pid > 0 ? 0 : 1);
}

static int reap(void)
{
	int release[2], info[2];
	pid_t child, orphan;
	char byte;
	long long start;

	if (pipe(release) < 0 || pipe(info) < 0) {
		tool_syserr("pipe");
		return 1;
	}
	child = fork();
	if (child == 0) {
		close(release[1]);
		close(info[0]);
		make_orphan(release[0], info[1]);
	}
	close(release[0]);
	close(info[1]);
	if (child < 0 || waitpid(child, NULL, 0) < 0 ||
	    read(info[0], &orphan, sizeof orphan) != sizeof orphan || orphan <= 0 ||
	    read(info[0], &byte, 1) != 1) {
		tool_syserr("making an orphan");
		return 1;
	}
	start = now_us();
	close(release[1]);
	/* kill(pid, 0) succeeds on a zombie: gone means reaped */
	while (kill(orphan, 0) == 0)
		nanosleep(&one_ms, NULL);
	printf("reap_us=%lld\n", now_us() - start);
	return 0;
}

static int poweroff(void)
{
	char record[1024];
	long long start;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0 || lseek(fd, 0, SEEK_END) < 0) {
		tool_syserr("/dev/kmsg");
		return 1;
	}
	/* Survive shutdown's SIGTERM and SIGHUP long enough to print. */
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	start = now_us();
	if (kill(1, SIGUSR2) < 0) {
		tool_syserr("kill 1");
		return 1;
	}
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 10000) <= 0) {
			printf("poweroff_us=none\n");
			return 1;
		}
		n = read(fd, record, sizeof record - 1);
		if (n <= 0)
			continue; /* EPIPE: records overwritten; read on */
		record[n] = '\0';
		if (strstr(record, ";ebb: powering off"))
			break;
	}
	printf("poweroff_us=%lld\n", now_us() - start);
	fflush(stdout);
	return 0;
}

/* /proc/1/task/<tid>/stat: state is after the ")", then 11 fields to utime. */
static void print_thread(const char *tid)
{
	char path[64], text[512], sys[64] = "?";
	unsigned long utime = 0, stime = 0;
	char state = '?';
	FILE *f;

	snprintf(path, sizeof path, "/proc/1/task/%s/stat", tid);
	if ((f = fopen(path, "r"))) {
		if (fgets(text, sizeof text, f)) {
			char *p = strrchr(text, ')');

			if (p)
				sscanf(p + 2, "%c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %lu %lu",
				       &state, &utime, &stime);
		}
		fclose(f);
	}
	snprintf(path, sizeof path, "/proc/1/task/%s/syscall", tid);
	if ((f = fopen(path, "r"))) {
		if (fscanf(f, "%63s", sys) != 1)
			strcpy(sys, "?");
		fclose(f);
	}
	printf("worker %s %c cpu=%lu syscall=%s\n", tid, state, utime + stime, sys);
}

static int worker(void)
{
	DIR *dir = opendir("/proc/1/task");
	struct dirent *d;

	if (!dir) {
		tool_syserr("/proc/1/task");
		return 1;
	}
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.' && strcmp(d->d_name, "1") != 0)
			print_thread(d->d_name);
	closedir(dir);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "reap") == 0)
		return reap();
	if (argc == 2 && strcmp(argv[1], "poweroff") == 0)
		return poweroff();
	if (argc == 2 && strcmp(argv[1], "worker") == 0)
		return worker();
	fprintf(stderr, "usage: latency reap|poweroff|worker\n");
	return 2;
}
