/* orphans: make orphans for PID 1 to reap, in waves that die at once.
 *
 *   orphans WAVES PER_WAVE
 *
 * Each wave forks PER_WAVE children; each child forks a grandchild and
 * exits, so the grandchild is re-parented to PID 1. Once every child of
 * the wave is gone, all grandchildren are released together (a pipe
 * closes); each checks getppid() == 1 and exits: PID 1 gets a burst of
 * PER_WAVE orphans to reap.
 * Prints "MARK orphans ms=<ms>" and "orphans made=<n> reparented=<n>
 * fork_failed=<n>"; exits 1 unless every orphan was made and re-parented. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool.h"

/* Grandchild: wait for the release; by then its parent has exited (the
 * tool waited for it), so it must be PID 1's: say so, exit. */
static void orphan(int release_fd, int seen_fd)
{
	char byte = 1;

	while (read(release_fd, &byte, 1) < 0 && errno == EINTR)
		;
	if (getppid() == 1)
		(void)!write(seen_fd, &byte, 1);
	_exit(0);
}

/* Counts the bytes the wave's orphans wrote, for at most 60 s. */
static long count_seen(int seen_fd, long want)
{
	char buf[4096];
	long seen = 0;
	long deadline = tool_now_ms() + 60000;

	while (seen < want && tool_now_ms() < deadline) {
		struct pollfd pfd = { .fd = seen_fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		n = read(seen_fd, buf, sizeof buf);
		if (n > 0)
			seen += n;
	}
	return seen;
}

static void wave(long per_wave, long *made, long *reparented, long *failed)
{
	int release[2], seen[2];
	long forked = 0;

	if (pipe(release) < 0 || pipe(seen) < 0) {
		tool_syserr("pipe");
		*failed += per_wave;
		return;
	}
	for (long i = 0; i < per_wave; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			(*failed)++;
			continue;
		}
		if (pid == 0) {
			close(release[1]);
			close(seen[0]);
			if (fork() == 0)
				orphan(release[0], seen[1]);
			_exit(0);
		}
		forked++;
	}
	while (wait(NULL) > 0 || errno == EINTR)
		;
	close(release[0]);
	close(seen[1]);
	close(release[1]); /* the wave's orphans all exit now */
	*reparented += count_seen(seen[0], forked);
	*made += forked;
	close(seen[0]);
}

int main(int argc, char **argv)
{
	long waves = argc == 3 ? tool_parse_long(argv[1], 1, 1000) : -1;
	long per_wave = argc == 3 ? tool_parse_long(argv[2], 1, 100000) : -1;
	long made = 0, reparented = 0, failed = 0, start = tool_now_ms();

	if (waves < 0 || per_wave < 0) {
		fprintf(stderr, "usage: orphans WAVES PER_WAVE\n");
		return 2;
	}
	for (long w = 0; w < waves; w++)
		wave(per_wave, &made, &reparented, &failed);
	tool_mark("orphans", tool_now_ms() - start);
	printf("orphans made=%ld reparented=%ld fork_failed=%ld\n", made, reparented, failed);
	return made == waves * per_wave && reparented == made ? 0 : 1;
}
