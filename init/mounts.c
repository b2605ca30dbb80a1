#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "log.h"

static int is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* Decodes the field [start, end) in place and NUL-terminates it. */
static char *decode_field(char *start, char *end)
{
	char *in = start, *out = start;

	while (in < end) {
		if (in[0] == '\\' && end - in >= 4 && is_octal(in[1]) && is_octal(in[2]) &&
		    is_octal(in[3])) {
			*out++ = (char)((in[1] - '0') << 6 | (in[2] - '0') << 3 | (in[3] - '0'));
			in += 4;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
	return start;
}

static char *skip_field(char *p, char *end)
{
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	return p;
}

static char *skip_blanks(char *p, char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

int mounts_parse(char *buf, size_t len, char **points, int max)
{
	char *pos = buf, *end = buf + len;
	int count = 0;

	while (pos < end && count < max) {
		char *nl = memchr(pos, '\n', end - pos);
		char *line_end = nl ? nl : end;
		char *field = skip_blanks(skip_field(skip_blanks(pos, line_end), line_end), line_end);
		char *field_end = skip_field(field, line_end);

		if (field < field_end && !memchr(field, '\0', field_end - field))
			points[count++] = decode_field(field, field_end);
		pos = nl ? nl + 1 : end;
	}
	return count;
}

static size_t read_mounts(char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd = open("/proc/mounts", O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		log_syserr("open /proc/mounts");
		return 0;
	}
	while (len < size && (n = read(fd, buf + len, size - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_syserr("read /proc/mounts");
			break;
		}
		len += n;
	}
	close(fd);
	return len;
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

void mounts_unmount_all(void)
{
	static char buf[MOUNTS_FILE_MAX + 1];
	char *points[MOUNTS_MAX];
	size_t len = read_mounts(buf, MOUNTS_FILE_MAX);
	int count = mounts_parse(buf, len, points, MOUNTS_MAX);

	for (int i = count - 1; i >= 0; i--)
		unmount_one(points[i]);
}
