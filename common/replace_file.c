#include "replace_file.h"
#include "write_all.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename() only: no FILE */
#include <sys/stat.h>
#include <unistd.h>

/* data into fd with its mode and owner, on the disk; closes fd. */
static int fill(int fd, const void *data, size_t len, mode_t mode, uid_t uid, gid_t gid)
{
	int err = 0;

	if (write_all(fd, data, len) < 0 ||
	    ((uid != (uid_t)-1 || gid != (gid_t)-1) && fchown(fd, uid, gid) < 0) ||
	    fchmod(fd, mode) < 0 || fsync(fd) < 0)
		err = errno;
	if (close(fd) < 0 && err == 0)
		err = errno;
	errno = err;
	return err ? -1 : 0;
}

int replace_file(const char *path, const char *tmp, const void *data, size_t len,
		 mode_t mode, uid_t uid, gid_t gid, const char **failed)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600), err;

	if (failed)
		*failed = tmp;
	if (fd < 0)
		return -1;
	if (fill(fd, data, len, mode, uid, gid) == 0) {
		if (rename(tmp, path) == 0)
			return 0;
		if (failed)
			*failed = path;
	}
	err = errno;
	unlink(tmp);
	errno = err;
	return -1;
}
