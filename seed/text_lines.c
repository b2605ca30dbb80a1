/* Line sets in small text files: authorized_keys, sudoers rules, /etc/shells. */
#include "text_lines.h"

#include <string.h>

bool text_has_line(const char *text, size_t len, const char *line)
{
	size_t want = strlen(line);
	const char *start = text, *stop = text + len, *nl;

	for (; start < stop; start = nl + 1) {
		nl = memchr(start, '\n', (size_t)(stop - start));
		if (!nl)
			nl = stop;
		if ((size_t)(nl - start) == want && memcmp(start, line, want) == 0)
			return true;
	}
	return false;
}

ssize_t text_add_line(char *text, size_t len, size_t cap, const char *line)
{
	size_t line_len = strlen(line);

	if (text_has_line(text, len, line))
		return (ssize_t)len;
	if (len + line_len + 2 > cap)
		return -1;
	if (len > 0 && text[len - 1] != '\n')
		text[len++] = '\n';
	memcpy(text + len, line, line_len);
	len += line_len;
	text[len++] = '\n';
	return (ssize_t)len;
}
