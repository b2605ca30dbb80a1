#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "log.h"
#include "scan.h"

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

int mounts_parse(char *buf, size_t len, char **points, int max)
{
	struct scan s = scan_of(buf, len), line, device, point;
	int count = 0;

	while (count < max && scan_line(&s, &line)) {
		/* The second field, decoded in place: buf is ours to write. */
		if (scan_token(&line, &device) && scan_token(&line, &point) &&
		    !memchr(point.pos, '\0', scan_length(&point)))
			points[count++] = decode_field(buf + (point.pos - buf),
						       buf + (point.end - buf));
	}
	return count;
}

/* The lines of a mounts file before line `end`, as many of the last ones
 * as fit in MOUNTS_MAX lines and MOUNTS_FILE_MAX bytes: [first, end). */
struct window {
	char text[MOUNTS_FILE_MAX];
	size_t used;     /* bytes of complete lines */
	size_t line_len; /* the line being read, after them */
	int lines;       /* complete lines in text */
	int first;       /* index of text's first line */
	int index;       /* index of the line being read */
	int too_long;    /* it does not fit: kept as an empty line */
	int log_long;    /* say so (once per file: the first, whole pass) */
};

static void drop_first_line(struct window *w)
{
	char *nl = memchr(w->text, '\n', w->used);
	size_t cut = (size_t)(nl - w->text) + 1;

	memmove(w->text, w->text + cut, w->used + w->line_len - cut);
	w->used -= cut;
	w->lines--;
	w->first++;
}

static void add_bytes(struct window *w, const char *bytes, size_t n)
{
	if (w->too_long)
		return;
	/* +1: the line's newline must fit too. */
	while (w->used + w->line_len + n + 1 > sizeof w->text && w->lines > 0)
		drop_first_line(w);
	if (w->line_len + n + 1 > sizeof w->text) {
		w->too_long = 1;
		w->line_len = 0;
		return;
	}
	memcpy(w->text + w->used + w->line_len, bytes, n);
	w->line_len += n;
}

static void end_line(struct window *w, const char *path)
{
	if (w->too_long && w->log_long)
		log_warn("%s: line %d longer than %d bytes: skipped", path, w->index + 1,
			 MOUNTS_FILE_MAX - 1);
	w->too_long = 0; /* it stays as an empty line, which has no point */
	add_bytes(w, "", 0); /* room for the newline */
	w->text[w->used + w->line_len] = '\n';
	w->used += w->line_len + 1;
	w->line_len = 0; /* now in used: drop_first_line counts both */
	w->lines++;
	if (w->lines > MOUNTS_MAX)
		drop_first_line(w);
	w->index++;
}

/* Reads path up to line `end` (-1: to its end) into w. Returns 0, or -1
 * when it cannot be read. */
static int read_window(struct window *w, const char *path, int end)
{
	char chunk[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		log_syserr("open %s", path);
		return -1;
	}
	w->used = w->line_len = 0;
	w->lines = w->first = w->index = w->too_long = 0;
	while (w->index != end && (n = read(fd, chunk, sizeof chunk)) != 0) {
		const char *pos = chunk, *stop = chunk + (n > 0 ? n : 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_syserr("read %s", path);
			close(fd);
			return -1;
		}
		while (pos < stop && w->index != end) {
			const char *nl = memchr(pos, '\n', stop - pos);

			add_bytes(w, pos, (nl ? nl : stop) - pos);
			if (nl)
				end_line(w, path);
			pos = nl ? nl + 1 : stop;
		}
	}
	if (w->index != end && (w->line_len > 0 || w->too_long))
		end_line(w, path); /* a last line without newline */
	close(fd);
	return 0;
}

int mounts_each_reverse(const char *path, mounts_visit *visit, void *arg)
{
	static struct window w;
	char *points[MOUNTS_MAX];
	int end = -1, visited = 0;

	w.log_long = 1;
	do {
		int count;

		if (read_window(&w, path, end) < 0)
			return visited ? visited : -1;
		w.log_long = 0;
		count = mounts_parse(w.text, w.used, points, MOUNTS_MAX);
		for (int i = count - 1; i >= 0; i--)
			visit(points[i], arg);
		visited += count;
		end = w.first;
	} while (end > 0);
	return visited;
}
