/* No-follow file access for ebb-seed (see safe_path.h). */
#include "safe_path.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cloud_config.h"
#include "seed_log.h"
#include "write_all.h"

enum { SYMLINKS_MAX = 8, NAME_MAX_BYTES = 255, TEMP_TRIES = 16 };

static int root_fd = -1;
static char root_prefix[SEED_PATH_MAX];

int safe_root_set(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		seed_syserr("ebb-seed: open %s", dir);
		return -1;
	}
	if (root_fd >= 0)
		close(root_fd);
	root_fd = fd;
	snprintf(root_prefix, sizeof root_prefix, "%s", strcmp(dir, "/") == 0 ? "" : dir);
	return 0;
}

int safe_root_fd(void)
{
	return root_fd;
}

const char *safe_root_prefix(void)
{
	return root_prefix;
}

static int walk(int at, const char *path, bool create, unsigned *links, const char *whole);

/* A root-owned symlink dir/name, followed: its target walked from dir
 * (relative) or from the root (absolute). */
static int follow(int dir, const char *name, bool create, unsigned *links, const char *whole)
{
	char target[SEED_PATH_MAX];
	ssize_t n;

	if (++*links > SYMLINKS_MAX) {
		errno = ELOOP;
		seed_syserr("ebb-seed: %s", whole);
		return -1;
	}
	n = readlinkat(dir, name, target, sizeof target - 1);
	if (n < 0) {
		seed_syserr("ebb-seed: %s: readlink %s", whole, name);
		return -1;
	}
	target[n] = '\0';
	return walk(dir, target, create, links, whole);
}

/* dir/name, a directory: opened, made first with create when missing, or
 * a root-owned symlink followed. */
static int step(int dir, const char *name, bool create, unsigned *links, const char *whole)
{
	struct stat st;
	int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT && create) {
		if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST) {
			seed_syserr("ebb-seed: %s: mkdir %s", whole, name);
			return -1;
		}
		fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		return -1; /* the caller's to say */
	if (errno != ELOOP && errno != ENOTDIR) {
		seed_syserr("ebb-seed: %s: open %s", whole, name);
		return -1;
	}
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		seed_syserr("ebb-seed: %s: stat %s", whole, name);
		return -1;
	}
	if (S_ISLNK(st.st_mode) && st.st_uid == 0)
		return follow(dir, name, create, links, whole);
	if (S_ISLNK(st.st_mode))
		seed_warn("ebb-seed: %s: %s is a symlink owned by uid %u; not followed", whole, name,
			  (unsigned)st.st_uid);
	else
		seed_warn("ebb-seed: %s: %s is not a directory", whole, name);
	errno = ELOOP;
	return -1;
}

static int walk(int at, const char *path, bool create, unsigned *links, const char *whole)
{
	char name[NAME_MAX_BYTES + 1];
	int dir = dup(path[0] == '/' ? root_fd : at), next;
	size_t len;

	if (dir < 0)
		seed_syserr("ebb-seed: %s: dup", whole);
	while (dir >= 0 && *path) {
		path += strspn(path, "/");
		len = strcspn(path, "/");
		if (len == 0 || (len == 1 && path[0] == '.')) {
			path += len;
			continue;
		}
		if (len > NAME_MAX_BYTES || (len == 2 && memcmp(path, "..", 2) == 0)) {
			seed_warn("ebb-seed: %s: a '..' or over-long component; not followed", whole);
			close(dir);
			return -1;
		}
		memcpy(name, path, len);
		name[len] = '\0';
		path += len;
		next = step(dir, name, create, links, whole);
		close(dir);
		dir = next;
	}
	return dir;
}

int safe_dir_open(const char *path, bool create)
{
	unsigned links = 0;

	if (root_fd < 0 && safe_root_set("/") < 0)
		return -1;
	return walk(root_fd, path, create, &links, path);
}

int safe_parent_open(const char *path, bool create, const char **name)
{
	char parent[SEED_PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (path[0] != '/' || !slash[1] || len >= sizeof parent) {
		seed_warn("ebb-seed: %.80s: not an absolute path of a file below %d bytes", path,
			  SEED_PATH_MAX);
		return -1;
	}
	memcpy(parent, path, len);
	parent[len] = '\0';
	*name = slash + 1;
	return safe_dir_open(len ? parent : "/", create);
}

int safe_access(const char *path, int mode)
{
	return faccessat(root_fd, path[0] == '/' ? &path[1] : path, mode, 0);
}

int safe_remove(const char *path)
{
	const char *name;
	int dir = safe_parent_open(path, false, &name), err = 0;

	if (dir < 0)
		return errno == ENOENT ? 0 : -1;
	if (unlinkat(dir, name, 0) < 0 && errno != ENOENT) {
		seed_syserr("ebb-seed: remove %s", path);
		err = -1;
	}
	close(dir);
	return err;
}

/* A name nobody can guess ahead of time for the O_EXCL temporary file
 * (the random pool may not be ready this early: then time and pid). */
static unsigned temp_number(void)
{
	static unsigned counter;
	struct timespec now;
	unsigned v;

	if (getrandom(&v, sizeof v, GRND_NONBLOCK) == sizeof v)
		return v;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (unsigned)now.tv_nsec ^ (unsigned)getpid() << 16 ^ ++counter * 2654435761u;
}

/* A new, empty file beside dir's others: ".ebb-seed.XXXXXXXX". */
static int temp_file(int dir, char *name, size_t size)
{
	int fd = -1, tries;

	for (tries = 0; fd < 0 && tries < TEMP_TRIES; tries++) {
		snprintf(name, size, ".ebb-seed.%08x", temp_number());
		fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	return fd;
}

int safe_replace(int dir, const char *name, const void *data, size_t len, mode_t mode, uid_t uid,
		 gid_t gid, const char *path)
{
	char temp[32];
	int fd = temp_file(dir, temp, sizeof temp);

	if (fd < 0) {
		seed_syserr("ebb-seed: %s: create a temporary file beside it", path);
		return -1;
	}
	if (write_all(fd, data, len) < 0 || fchown(fd, uid, gid) < 0 || fchmod(fd, mode) < 0 ||
	    fsync(fd) < 0) {
		seed_syserr("ebb-seed: %s: write", path);
		close(fd);
		unlinkat(dir, temp, 0);
		return -1;
	}
	close(fd);
	if (renameat(dir, temp, dir, name) < 0) {
		seed_syserr("ebb-seed: %s: rename", path);
		unlinkat(dir, temp, 0);
		return -1;
	}
	return 0;
}

int safe_write_file(const char *path, const void *data, size_t len, mode_t mode, uid_t uid,
		    gid_t gid)
{
	const char *name;
	int dir = safe_parent_open(path, true, &name), err;

	if (dir < 0)
		return -1;
	err = safe_replace(dir, name, data, len, mode, uid, gid, path);
	close(dir);
	return err;
}

/* A regular file only, opened so that a FIFO cannot block us. */
static int open_regular(int dir, const char *name, int flags, mode_t mode, struct stat *st,
			const char *path)
{
	int fd = openat(dir, name, flags | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, mode);

	if (fd < 0) {
		if (errno != ENOENT)
			seed_syserr("ebb-seed: %s: open%s", path, errno == ELOOP ? " (a symlink: not followed)" : "");
		return -1;
	}
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		seed_warn("ebb-seed: %s: not a regular file; left alone", path);
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

ssize_t safe_read(int dir, const char *name, char *buf, size_t cap, struct stat *st,
		  const char *path)
{
	int fd = open_regular(dir, name, O_RDONLY, 0, st, path);
	size_t used = 0;
	ssize_t n = 1;

	if (fd < 0)
		return -1;
	while (n > 0 && used < cap) {
		n = read(fd, buf + used, cap - used);
		if (n < 0 && errno == EINTR)
			n = 1;
		else if (n > 0)
			used += (size_t)n;
	}
	close(fd);
	if (n < 0 || used >= cap) {
		errno = n < 0 ? errno : EFBIG;
		seed_syserr("ebb-seed: %s: read", path);
		return -1;
	}
	buf[used] = '\0';
	return (ssize_t)used;
}

ssize_t safe_read_file(const char *path, char *buf, size_t cap, struct stat *st)
{
	const char *name;
	int dir = safe_parent_open(path, false, &name);
	ssize_t n;

	if (dir < 0)
		return -1;
	n = safe_read(dir, name, buf, cap, st, path);
	close(dir);
	return n;
}

int safe_append_file(const char *path, const void *data, size_t len, mode_t mode, uid_t uid,
		     gid_t gid)
{
	struct stat st;
	const char *name;
	int dir = safe_parent_open(path, true, &name), fd, err = -1;

	if (dir < 0)
		return -1;
	fd = open_regular(dir, name, O_WRONLY | O_APPEND | O_CREAT, 0600, &st, path);
	close(dir);
	if (fd < 0)
		return -1;
	if (st.st_nlink > 1)
		seed_warn("ebb-seed: %s: has %lu hard links; not appended to", path, (unsigned long)st.st_nlink);
	else if (write_all(fd, data, len) < 0 || fchown(fd, uid, gid) < 0 ||
		 fchmod(fd, mode) < 0 || fsync(fd) < 0)
		seed_syserr("ebb-seed: %s: append", path);
	else
		err = 0;
	close(fd);
	return err;
}
