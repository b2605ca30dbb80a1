#include "scan.h"

#include <string.h>

struct scan scan_of(const char *buf, size_t len)
{
	struct scan s = { buf, buf + len };
	return s;
}

bool scan_at_end(const struct scan *s)
{
	return s->pos >= s->end;
}

size_t scan_length(const struct scan *s)
{
	return s->pos < s->end ? (size_t)(s->end - s->pos) : 0;
}

void scan_blanks(struct scan *s)
{
	while (s->pos < s->end && (*s->pos == ' ' || *s->pos == '\t'))
		s->pos++;
}

void scan_trim(struct scan *s)
{
	scan_blanks(s);
	while (s->end > s->pos && (s->end[-1] == ' ' || s->end[-1] == '\t' ||
				   s->end[-1] == '\r'))
		s->end--;
}

bool scan_line(struct scan *s, struct scan *line)
{
	const char *newline;

	if (scan_at_end(s))
		return false;
	newline = memchr(s->pos, '\n', scan_length(s));
	line->pos = s->pos;
	line->end = newline ? newline : s->end;
	s->pos = newline ? newline + 1 : s->end;
	return true;
}

bool scan_literal(struct scan *s, const char *literal)
{
	size_t len = strlen(literal);

	if (scan_length(s) < len || memcmp(s->pos, literal, len) != 0)
		return false;
	s->pos += len;
	return true;
}

bool scan_u64(struct scan *s, uint64_t *out)
{
	uint64_t value = 0;
	const char *start;

	scan_blanks(s);
	start = s->pos;
	while (s->pos < s->end && *s->pos >= '0' && *s->pos <= '9') {
		unsigned digit = (unsigned)(*s->pos - '0');

		if (value > (UINT64_MAX - digit) / 10)
			return false;
		value = value * 10 + digit;
		s->pos++;
	}
	if (s->pos == start)
		return false;
	*out = value;
	return true;
}

bool scan_token(struct scan *s, struct scan *token)
{
	scan_blanks(s);
	token->pos = s->pos;
	while (s->pos < s->end && *s->pos != ' ' && *s->pos != '\t' &&
	       *s->pos != '\n')
		s->pos++;
	token->end = s->pos;
	return token->end > token->pos;
}

bool scan_equals(const struct scan *token, const char *text)
{
	size_t len = strlen(text);

	return scan_length(token) == len && memcmp(token->pos, text, len) == 0;
}
