#include "requests.h"

#include <stdbool.h>
#include <string.h>

#include "format.h"
#include "loop.h"
#include "status.h"

static void reply_status(const char *arg, size_t len, char *reply, size_t cap)
{
	struct reclaim_status st;

	(void)arg, (void)len;
	loop_status(&st);
	status_format_text(&st, reply, cap);
}

static void reply_status_json(const char *arg, size_t len, char *reply,
			      size_t cap)
{
	struct reclaim_status st;

	(void)arg, (void)len;
	loop_status(&st);
	status_format_json(&st, reply, cap);
}

static void reply_now(const char *arg, size_t len, char *reply, size_t cap)
{
	const char *mode = loop_now();

	(void)arg, (void)len;
	if (!mode)
		format(reply, cap, "error: reclaim is off\n");
	else
		format(reply, cap, "reclaiming now (%s)\n", mode);
}

static void reply_mode(const char *arg, size_t len, char *reply, size_t cap)
{
	const char *mode = loop_set_mode(arg, len);

	if (!mode)
		format(reply, cap, "error: unknown mode '%.*s' (gradual, "
		       "dropcache, compact, off)\n", (int)(len > 32 ? 32 : len), arg);
	else
		format(reply, cap, "mode %s\n", mode);
}

static const struct {
	const char *name;
	bool takes_argument;
	void (*handle)(const char *arg, size_t len, char *reply, size_t cap);
} requests[] = {
	{ "status", false, reply_status },
	{ "status --json", false, reply_status_json },
	{ "now", false, reply_now },
	{ "mode", true, reply_mode },
};

void requests_answer(const char *request, char *reply, size_t cap)
{
	size_t len = strcspn(request, "\n");

	for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
		size_t name_len = strlen(requests[i].name);

		if (len < name_len || memcmp(request, requests[i].name, name_len) != 0)
			continue;
		if (!requests[i].takes_argument && len == name_len) {
			requests[i].handle("", 0, reply, cap);
			return;
		}
		if (requests[i].takes_argument && len > name_len + 1 &&
		    request[name_len] == ' ') {
			requests[i].handle(request + name_len + 1, len - name_len - 1,
					   reply, cap);
			return;
		}
	}
	format(reply, cap, "error: unknown request '%.*s'\n",
	       (int)(len > 32 ? 32 : len), request);
}
