/* fileread: read files through the page cache, in rounds.
 *
 *   fileread [--rounds N | --for SECONDS] [--pause SECONDS] [--mark NAME] FILE...
 *
 * One round reads every FILE to its end. Between rounds it sleeps
 * --pause seconds; it stops after N rounds (default 1) or, with --for,
 * at the first round end after SECONDS. Prints
 * "MARK NAME ms=<time spent reading, pauses excluded>" at the end. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

struct read_args {
	long rounds;
	long for_seconds; /* 0: count rounds instead */
	long pause_seconds;
	const char *mark;
	char **files;
};

static int parse_read_args(int argc, char **argv, struct read_args *args)
{
	int i = 1;

	args->rounds = 1;
	args->for_seconds = 0;
	args->pause_seconds = 0;
	args->mark = "fileread";
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		long value = i + 1 < argc ? tool_parse_long(argv[i + 1], 0, 1L << 30) : -1;

		if (i + 1 >= argc)
			return -1;
		if (strcmp(argv[i], "--rounds") == 0 && value > 0)
			args->rounds = value;
		else if (strcmp(argv[i], "--for") == 0 && value > 0)
			args->for_seconds = value;
		else if (strcmp(argv[i], "--pause") == 0 && value >= 0)
			args->pause_seconds = value;
		else if (strcmp(argv[i], "--mark") == 0)
			args->mark = argv[i + 1];
		else
			return -1;
	}
	args->files = argv + i;
	return i < argc ? 0 : -1;
}

static long long read_file(const char *path)
{
	static char buffer[1 << 20];
	long long total = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		tool_syserr("open %s", path);
		return -1;
	}
	while ((got = read(fd, buffer, sizeof buffer)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			tool_syserr("read %s", path);
			total = -1;
			break;
		}
		total += got;
	}
	close(fd);
	return total;
}

static void sleep_seconds(long seconds)
{
	struct timespec left = { .tv_sec = seconds };

	while (nanosleep(&left, &left) < 0 && errno == EINTR)
		;
}

static int round_done(const struct read_args *args, long round, long start_ms)
{
	if (args->for_seconds > 0)
		return tool_now_ms() - start_ms >= args->for_seconds * 1000L;
	return round >= args->rounds;
}

int main(int argc, char **argv)
{
	struct read_args args;
	long start = tool_now_ms(), reading_ms = 0, round = 0;
	long long bytes = 0;

	if (parse_read_args(argc, argv, &args) < 0) {
		fprintf(stderr, "usage: fileread [--rounds N | --for SECONDS] [--pause SECONDS] [--mark NAME] FILE...\n");
		return 2;
	}
	for (;;) {
		long round_start = tool_now_ms();

		for (char **file = args.files; *file; file++) {
			long long got = read_file(*file);

			if (got < 0)
				return 1;
			bytes += got;
		}
		reading_ms += tool_now_ms() - round_start;
		if (round_done(&args, ++round, start))
			break;
		sleep_seconds(args.pause_seconds);
	}
	printf("fileread: rounds=%ld bytes=%lld\n", round, bytes);
	tool_mark(args.mark, reading_ms);
	return 0;
}
