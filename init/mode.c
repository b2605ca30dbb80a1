#include "mode.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_stat.h"
#include "format.h"
#include "log.h"
#include "spawn.h"

/* The kernel's fixed inode number of the initial PID namespace
 * (PROC_PID_INIT_INO, include/linux/proc_ns.h). */
#define INITIAL_PID_NS_INO 0xEFFFFFFCUL
/* What musl's execvp searches when PATH is unset. */
#define DEFAULT_PATH "/usr/local/bin:/bin:/usr/bin"

static int found_on_path(const char *name)
{
	const char *dir = getenv("PATH");
	char path[PATH_MAX];

	if (!dir)
		dir = DEFAULT_PATH;
	for (;;) {
		size_t len = strcspn(dir, ":");
		int n = format(path, sizeof path, "%.*s/%s", (int)len, len ? dir : ".", name);

		if (n > 0 && (size_t)n < sizeof path && spawn_is_executable(path))
			return 1;
		if (dir[len] == '\0')
			return 0;
		dir += len + 1;
	}
}

int init_args_name_command(int argc, char **argv)
{
	const char *first = argc > 1 ? argv[1] : "";

	if (strcmp(first, "--") == 0)
		return 1;
	if (first[0] == '\0')
		return 0;
	return strchr(first, '/') ? spawn_is_executable(first) : found_on_path(first);
}

/* 1 in the initial PID namespace; also when /proc cannot tell (not
 * mounted yet: only the kernel starts a PID 1 that way). */
static int in_initial_pid_ns(void)
{
	struct stat st;

	if (file_stat("/proc/self/ns/pid", &st) == 0)
		return st.st_ino == INITIAL_PID_NS_INO;
	if (errno != ENOENT)
		log_syserr("stat /proc/self/ns/pid");
	return 1;
}

enum init_mode init_mode(int argc, char **argv)
{
	if (getpid() != 1)
		return INIT_CONTAINER;
	if (in_initial_pid_ns())
		return INIT_BOOT;
	return init_args_name_command(argc, argv) ? INIT_CONTAINER : INIT_BOOT_CONTAINER;
}
