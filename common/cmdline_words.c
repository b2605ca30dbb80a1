#include "cmdline_words.h"

void cmdline_init(struct cmdline_cursor *cur, char *buf, size_t len)
{
	cur->pos = buf;
	cur->end = buf + len;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

int cmdline_next(struct cmdline_cursor *cur, char **key, char **value)
{
	char *out;
	int quoted = 0;

	while (cur->pos < cur->end && is_blank(*cur->pos))
		cur->pos++;
	if (cur->pos >= cur->end)
		return 0;
	*key = out = cur->pos;
	*value = NULL;
	/* Copy the word onto itself without its quotes; out never passes pos. */
	for (; cur->pos < cur->end; cur->pos++) {
		char c = *cur->pos;

		if (c == '"') {
			quoted = !quoted;
			continue;
		}
		if (c == '\0' || (!quoted && is_blank(c)))
			break;
		if (c == '=' && !*value) {
			*out++ = '\0';
			*value = out;
			continue;
		}
		*out++ = c;
	}
	if (cur->pos < cur->end)
		cur->pos++; /* past the separator, which out may now overwrite */
	*out = '\0';
	return 1;
}
