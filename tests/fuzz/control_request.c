/* Control-socket requests ("status", "status --json", "now", "mode <m>")
 * as control_serve hands them to the loop: at most 255 bytes, cut at the
 * first NUL. The entry point is requests_answer (reclaim/requests.h), the
 * dispatcher behind the socket; the loop is not started, so "now" and
 * "mode" run the policy on empty samples with no worker: nothing is
 * written and no socket is bound. Loop state carries over between inputs,
 * as it does between requests. */
#include <fcntl.h>
#include <unistd.h>

#include "control.h"
#include "fuzz.h"
#include "requests.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The unstarted sampler's fds are 0 (static zero): give it /dev/null. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = open("/dev/null", O_RDONLY);

	(void)argc;
	(void)argv;
	if (fd < 0 || dup2(fd, 0) < 0)
		abort();
	if (fd != 0)
		close(fd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char request[256];
	char *reply;

	if (size >= sizeof request)
		return -1;
	memcpy(request, data, size);
	request[size] = '\0';
	reply = fuzz_copy(NULL, 0, CONTROL_MAX_MESSAGE);
	requests_answer(request, reply, CONTROL_MAX_MESSAGE);
	FUZZ_CHECK(strnlen(reply, CONTROL_MAX_MESSAGE) < CONTROL_MAX_MESSAGE);
	FUZZ_CHECK(reply[0] != '\0');
	free(reply);
	return 0;
}
