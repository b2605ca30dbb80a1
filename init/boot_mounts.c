#include "boot_mounts.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "file_stat.h"
#include "log.h"

struct early_mount {
	const char *source, *target, *type;
	unsigned long flags;
	const char *data;
	mode_t mode;
};

static const struct early_mount early_mounts[] = {
	{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0555 },
	{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0555 },
	{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755", 0755 },
	{ "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=0620,ptmxmode=0666", 0755 },
	{ "shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 01777 },
	{ "run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755", 0755 },
	{ "cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0555 },
};

int boot_is_mounted(const char *path)
{
	char parent[64];
	struct stat self, up;

	if (strlen(path) + 4 > sizeof parent)
		return 0;
	strcpy(parent, path);
	strcat(parent, "/..");
	return file_stat(path, &self) == 0 && file_stat(parent, &up) == 0 && self.st_dev != up.st_dev;
}

static void mount_one(const struct early_mount *m)
{
	if (mkdir(m->target, m->mode) < 0 && errno != EEXIST) {
		log_syserr("mkdir %s", m->target);
		return;
	}
	if (boot_is_mounted(m->target))
		return;
	if (mount(m->source, m->target, m->type, m->flags, m->data) == 0)
		return;
	if (errno == ENODEV)
		log_info("no %s in this kernel; %s not mounted", m->type, m->target);
	else
		log_syserr("mount %s on %s", m->type, m->target);
}

void boot_mount_filesystems(void)
{
	for (size_t i = 0; i < sizeof early_mounts / sizeof early_mounts[0]; i++)
		mount_one(&early_mounts[i]);
}

void boot_remount_root_rw(void)
{
	struct statvfs root;

	if (statvfs("/", &root) < 0) {
		log_syserr("statvfs /");
		return;
	}
	if (!(root.f_flag & ST_RDONLY))
		return;
	if (mount(NULL, "/", NULL, MS_REMOUNT, NULL) < 0)
		log_syserr("remount / read-write");
}
