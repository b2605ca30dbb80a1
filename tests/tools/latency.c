/* latency: how fast PID 1 reaps an orphan and starts a poweroff, timed on
 * the guest's own CLOCK_MONOTONIC, in microseconds.
 *
 *   latency reap       an orphan of PID 1 is released to exit; prints
 *                      "reap_us=<release until the pid is gone>"
 *   latency poweroff   SIGUSR2 to PID 1; prints "poweroff_us=<kill until
 *                      the 'ebb: powering off' line is read from /dev/kmsg>"
 *   latency worker     reclaim's writer (PID 1's SCHED_IDLE child), one line each:
 *                      "worker <pid> <state> cpu=<utime+stime ticks> syscall=<nr|running>"
 *
 * Both times are upper bounds: they include this program's own wake-ups. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
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

/* /proc/<pid>/stat after the ")": state, ppid, then utime and stime are
 * fields 14-15 and the scheduling policy field 41 of the whole line. */
static bool read_stat(const char *pid, char *state, long *ppid,
		      unsigned long *cpu, unsigned *policy)
{
	char path[300], text[1024];
	unsigned long utime, stime;
	bool ok = false;
	FILE *f;
	char *p;

	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	if (!(f = fopen(path, "r")))
		return false;
	if (fgets(text, sizeof text, f) && (p = strrchr(text, ')')))
		ok = sscanf(p + 2, "%c %ld %*s %*s %*s %*s %*s %*s %*s %*s %*s %lu %lu"
			    " %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s"
			    " %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %u",
			    state, ppid, &utime, &stime, policy) == 5;
	fclose(f);
	*cpu = utime + stime;
	return ok;
}

static void print_worker(const char *pid, char state, unsigned long cpu)
{
	char path[300], sys[64] = "?";
	FILE *f;

	snprintf(path, sizeof path, "/proc/%s/syscall", pid);
	if ((f = fopen(path, "r"))) {
		if (fscanf(f, "%63s", sys) != 1)
			strcpy(sys, "?");
		fclose(f);
	}
	printf("worker %s %c cpu=%lu syscall=%s\n", pid, state, cpu, sys);
}

/* reclaim's writer: a child of PID 1 at SCHED_IDLE (5), one per job. */
static int worker(void)
{
	DIR *dir = opendir("/proc");
	struct dirent *d;

	if (!dir) {
		tool_syserr("/proc");
		return 1;
	}
	while ((d = readdir(dir))) {
		unsigned long cpu;
		unsigned policy;
		char state;
		long ppid;

		if (d->d_name[0] >= '1' && d->d_name[0] <= '9' &&
		    read_stat(d->d_name, &state, &ppid, &cpu, &policy) &&
		    ppid == 1 && policy == 5)
			print_worker(d->d_name, state, cpu);
	}
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
