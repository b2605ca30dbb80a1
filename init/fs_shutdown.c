#include "fs_shutdown.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "bounded.h"
#include "log.h"
#include "mounts.h"

enum { UNCLEAN_LIST_MAX = 400 };

struct unmount_pass {
	int sigfd;
	uint64_t deadline;
	char unclean[UNCLEAN_LIST_MAX]; /* " /a /b" */
	int unclean_count, unclean_listed;
};

static void sync_all(const char *unused)
{
	(void)unused;
	sync();
}

int fs_sync(int sigfd, uint64_t deadline)
{
	return bounded_run(sigfd, sync_all, "", deadline, "sync");
}

static void unmount_one(const char *path)
{
	if (strcmp(path, "/") != 0) {
		if (umount2(path, 0) == 0)
			return;
		/* EINVAL: already gone with a mount above it. */
		if (errno == EINVAL)
			return;
		if (errno != EBUSY)
			log_syserr("umount %s", path);
	}
	if (mount(NULL, path, NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0 && errno != EINVAL)
		log_syserr("remount %s read-only", path);
}

static void detach(const char *path)
{
	/* EINVAL: the blocked unmount took it out of the tree already. */
	if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL)
		log_syserr("umount -l %s", path);
}

static void note_unclean(struct unmount_pass *pass, const char *path)
{
	size_t used = strlen(pass->unclean);

	pass->unclean_count++;
	if (used + strlen(path) + 2 < sizeof pass->unclean) {
		pass->unclean[used] = ' ';
		strcpy(pass->unclean + used + 1, path);
		pass->unclean_listed++;
	}
}

static void unmount_bounded(const char *path, void *arg)
{
	struct unmount_pass *pass = arg;

	if (bounded_run(pass->sigfd, unmount_one, path, pass->deadline, "unmount"))
		return;
	note_unclean(pass, path);
	if (strcmp(path, "/") != 0)
		bounded_run(pass->sigfd, detach, path, 0, "detach");
}

void fs_unmount_all(int sigfd, uint64_t deadline)
{
	static struct unmount_pass pass;

	pass.sigfd = sigfd;
	pass.deadline = deadline;
	pass.unclean[0] = '\0';
	pass.unclean_count = pass.unclean_listed = 0;
	if (mounts_each_reverse("/proc/mounts", unmount_bounded, &pass) < 0)
		log_warn("no /proc/mounts: nothing unmounted");
	if (pass.unclean_count)
		log_warn("left unclean (unmount blocked; detached where possible):%s%s",
			 pass.unclean, pass.unclean_count > pass.unclean_listed ? " ..." : "");
}
