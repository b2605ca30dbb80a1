#include "read_small_file.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* Fills buf while the file goes on; a full buffer means the file did not
 * fit (the NUL needs its last byte). */
static ssize_t read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;

	while (len < size) {
		ssize_t n = read(fd, buf + len, size - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len == size) {
		errno = EFBIG;
		return -1;
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

ssize_t read_small_file(const char *path, char *buf, size_t size)
{
	ssize_t len;
	int fd, saved;

	do /* EINTR: a FIFO waiting for its writer */
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return -1;
	len = read_all(fd, buf, size);
	saved = errno;
	close(fd);
	errno = saved;
	return len;
}
