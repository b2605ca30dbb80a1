#ifndef EBB_SAFE_PATH_H
#define EBB_SAFE_PATH_H

/* Files ebb-seed writes as root, some of them in directories a user owns
 * (~/.ssh, write_files into a home): every directory is opened component
 * by component with O_NOFOLLOW | O_DIRECTORY, and files with O_NOFOLLOW,
 * so a user's symlink or hard link cannot turn the write onto a file of
 * root's. A symlink is followed only when root owns it (Debian's /bin ->
 * usr/bin): a user cannot make one (fs.protected_hardlinks, which init
 * sets, forbids linking one in). Owners and modes are set on the open
 * file (fchown, fchmod), files are replaced whole (a new file with an
 * O_EXCL name beside it, fsync, renameat). Each failure is logged once,
 * naming the path. All paths are absolute, under the root set by
 * safe_root_set ("/" at boot, a scratch directory in the unit tests). */
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

int safe_root_set(const char *dir);
int safe_root_fd(void);
/* The root as a prefix for programs run on a path ("" for "/"). */
const char *safe_root_prefix(void);

/* The directory path, opened (O_DIRECTORY); with create, missing
 * directories are made (root's, 0755). Returns an fd, or -1 (errno
 * ENOENT, not logged: a missing directory without create). */
int safe_dir_open(const char *path, bool create);
/* The directory holding path's last component, whose name goes to *name
 * (a pointer into path). */
int safe_parent_open(const char *path, bool create, const char **name);

/* dir/name := data, owned uid:gid (-1: root's) with mode. path names it
 * in messages. */
int safe_replace(int dir, const char *name, const void *data, size_t len, mode_t mode, uid_t uid,
		 gid_t gid, const char *path);
/* The same by path (parents made when missing). */
int safe_write_file(const char *path, const void *data, size_t len, mode_t mode, uid_t uid,
		    gid_t gid);
/* A regular file dir/name (never a symlink, FIFO or device) read whole
 * into buf, NUL-terminated: its length, or -1 (errno ENOENT when missing:
 * not logged; EFBIG when above cap - 1 bytes). *st: its stat when read. */
ssize_t safe_read(int dir, const char *name, char *buf, size_t cap, struct stat *st,
		  const char *path);
ssize_t safe_read_file(const char *path, char *buf, size_t cap, struct stat *st);
/* data appended to path (made when missing); then owner and mode set on
 * it. A file with other hard links is refused. */
int safe_append_file(const char *path, const void *data, size_t len, mode_t mode, uid_t uid,
		     gid_t gid);
/* access(2) of path under the root (symlinks followed: a question only). */
int safe_access(const char *path, int mode);
/* Removes path under the root; a missing one is fine. 0 or -1 (logged). */
int safe_remove(const char *path);

#endif
