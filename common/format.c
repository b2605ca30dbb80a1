#include "format.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

enum { FD_CHUNK = 256 };

/* Where the text goes: a caller's buffer (fd < 0), or a chunk buffer
 * flushed to fd whenever it fills. */
struct sink {
	char *buf;
	size_t cap;    /* usable bytes: the terminator's is kept apart */
	size_t used;
	size_t total;  /* bytes of the whole text */
	int fd;
	int err;       /* errno of a failed write to fd */
};

static void flush(struct sink *s)
{
	size_t done = 0;

	while (done < s->used && !s->err) {
		ssize_t n = write(s->fd, s->buf + done, s->used - done);

		if (n > 0)
			done += (size_t)n;
		else if (n == 0)
			s->err = EIO;
		else if (errno != EINTR)
			s->err = errno;
	}
	s->used = 0;
}

static void put(struct sink *s, const char *text, size_t len)
{
	s->total += len;
	while (len > 0) {
		size_t room = s->cap - s->used, take = len < room ? len : room;

		if (room == 0 && s->fd < 0)
			return; /* cut: only the length still counts */
		if (room == 0) {
			flush(s);
			continue;
		}
		memcpy(s->buf + s->used, text, take);
		s->used += take;
		text += take;
		len -= take;
	}
}

static void put_padding(struct sink *s, char c, size_t count)
{
	while (count-- > 0)
		put(s, &c, 1);
}

struct spec {
	bool zero;
	size_t width;
	bool has_precision;
	size_t precision;
	int longs;     /* 1: l or z, 2: ll */
};

static void put_number(struct sink *s, const struct spec *sp, bool negative,
		       uint64_t value, unsigned base)
{
	char digits[24];
	size_t n = 0, len;

	do {
		digits[sizeof digits - ++n] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value > 0);
	len = n + negative;
	if (negative && sp->zero)
		put(s, "-", 1);
	if (sp->width > len)
		put_padding(s, sp->zero ? '0' : ' ', sp->width - len);
	if (negative && !sp->zero)
		put(s, "-", 1);
	put(s, digits + sizeof digits - n, n);
}

static void put_signed(struct sink *s, const struct spec *sp, va_list *ap)
{
	int64_t v = sp->longs ? va_arg(*ap, long) : va_arg(*ap, int);
	uint64_t magnitude = v < 0 ? -(uint64_t)v : (uint64_t)v;

	put_number(s, sp, v < 0, magnitude, 10);
}

static void put_unsigned(struct sink *s, const struct spec *sp, unsigned base,
			 va_list *ap)
{
	/* long, long long and size_t are all 64 bits on ebb's targets */
	uint64_t v = sp->longs ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);

	put_number(s, sp, false, v, base);
}

static void put_string(struct sink *s, const struct spec *sp, va_list *ap)
{
	const char *str = va_arg(*ap, const char *);
	size_t len;

	if (!str)
		str = "(null)";
	len = sp->has_precision ? strnlen(str, sp->precision) : strlen(str);
	if (sp->width > len)
		put_padding(s, ' ', sp->width - len);
	put(s, str, len);
}

static size_t digits_at(const char **p)
{
	size_t n = 0;

	while (**p >= '0' && **p <= '9')
		n = n * 10 + (size_t)(*(*p)++ - '0');
	return n;
}

/* Reads one conversion after its '%'; returns false for one ebb does
 * not use. */
static bool put_conversion(struct sink *s, const char **p, va_list *ap)
{
	struct spec sp = { .zero = **p == '0' };
	char c;

	sp.width = digits_at(p);
	if (**p == '.') {
		(*p)++;
		sp.has_precision = true;
		if (**p == '*') {
			int n = va_arg(*ap, int);

			(*p)++;
			sp.precision = n > 0 ? (size_t)n : 0;
		} else {
			sp.precision = digits_at(p);
		}
	}
	while (**p == 'l' || **p == 'z')
		sp.longs++, (*p)++;
	switch (c = *(*p)++) {
	case 'd':
	case 'i':
		put_signed(s, &sp, ap);
		return true;
	case 'u':
		put_unsigned(s, &sp, 10, ap);
		return true;
	case 'x':
		put_unsigned(s, &sp, 16, ap);
		return true;
	case 'o':
		put_unsigned(s, &sp, 8, ap);
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		put(s, &c, 1);
		return true;
	case 's':
		put_string(s, &sp, ap);
		return true;
	case '%':
		put(s, "%", 1);
		return true;
	}
	if (c == '\0')
		(*p)--;
	return false;
}

static void put_format(struct sink *s, const char *fmt, va_list ap)
{
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *spec;
		size_t plain = strcspn(fmt, "%");

		put(s, fmt, plain);
		fmt += plain;
		if (!*fmt)
			break;
		spec = fmt++;
		if (!put_conversion(s, &fmt, &args)) {
			/* Its argument's size is unknown: reading on would shift
			 * every later argument. The rest goes out as it stands. */
			put(s, spec, strlen(spec));
			break;
		}
	}
	va_end(args);
}

int format_va(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .cap = cap ? cap - 1 : 0, .fd = -1 };

	put_format(&s, fmt, ap);
	if (cap > 0)
		buf[s.used] = '\0';
	return s.total > INT32_MAX ? INT32_MAX : (int)s.total;
}

int format(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_va(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

int format_fd(int fd, const char *fmt, ...)
{
	char chunk[FD_CHUNK];
	struct sink s = { .buf = chunk, .cap = sizeof chunk, .fd = fd };
	va_list ap;

	va_start(ap, fmt);
	put_format(&s, fmt, ap);
	va_end(ap);
	flush(&s);
	if (s.err) {
		errno = s.err;
		return -1;
	}
	return 0;
}
