/* Which steps of an instance are done (see seed_steps.h). */
#include "seed_steps.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "safe_path.h"
#include "seed.h"
#include "seed_log.h"
#include "text_lines.h"

#define STEPS_FILE SEED_STATE_DIR "/steps"

void seed_steps_load(struct seed_steps *s, const char *instance)
{
	static char text[SEED_STEPS_TEXT_MAX + 200];
	struct stat st;
	ssize_t n = safe_read_file(STEPS_FILE, text, sizeof text, &st);
	size_t first = n > 0 ? strcspn(text, "\n") : 0;

	memset(s, 0, sizeof *s);
	snprintf(s->instance, sizeof s->instance, "%s", instance);
	if (n <= 0 || first != strlen(instance) || memcmp(text, instance, first) != 0 ||
	    (size_t)n - first > sizeof s->done)
		return;
	s->done_len = (size_t)n - first - (text[first] == '\n');
	memcpy(s->done, text + first + (text[first] == '\n'), s->done_len);
}

bool seed_step_done(const struct seed_steps *s, const char *name)
{
	return text_has_line(s->done, s->done_len, name);
}

void seed_step_result(struct seed_steps *s, const char *name, int err)
{
	size_t used = strlen(s->failed);
	ssize_t n;

	if (err == 0) {
		n = text_add_line(s->done, s->done_len, sizeof s->done, name);
		if (n >= 0)
			s->done_len = (size_t)n;
		return;
	}
	s->failed_count++;
	snprintf(s->failed + used, sizeof s->failed - used, "%s%s", used ? ", " : "", name);
}

int seed_steps_store(const struct seed_steps *s)
{
	static char text[SEED_STEPS_TEXT_MAX + 200];
	int len = snprintf(text, sizeof text, "%s\n%.*s", s->instance, (int)s->done_len, s->done);

	return safe_write_file(STEPS_FILE, text, (size_t)len, 0600, 0, 0);
}

void seed_steps_clear(void)
{
	safe_remove(STEPS_FILE);
}
