/* The `reclaim` command's arguments, NUL-separated as in argv. `reclaim
 * daemon key=value ...` goes to its option parsing (apply_options, then
 * reclaim_option and config_set) without starting the daemon; `reclaim
 * install` is left out (--write writes a systemd unit on this host); the other
 * verbs run reclaim_main against a socket path that does not exist, so
 * no running daemon is ever reached. command.c is included for its static
 * apply_options; the archive's copy of it is then not linked. */
#include "command.c"
#include "fuzz.h"

enum { MAX_ARGS = 64 };

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("EBB_RECLAIM_SOCKET", "/nonexistent/ebb-fuzz/reclaim.sock", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args[MAX_ARGS + 2] = { "reclaim" };
	char *buf, *pos, *end;
	int argc = 1;

	if (size > 4096)
		return -1;
	buf = fuzz_copy(data, size, 1);
	for (pos = buf, end = buf + size; pos < end && argc <= MAX_ARGS;
	     pos += strlen(pos) + 1)
		args[argc++] = pos;
	args[argc] = NULL;
	if (argc >= 2 && strcmp(args[1], "daemon") == 0) {
		int rc = apply_options(argc - 2, args + 2);

		FUZZ_CHECK(rc == 0 || rc == -1);
	} else if (argc < 2 || strcmp(args[1], "install") != 0) {
		int rc = reclaim_main(argc, args);

		FUZZ_CHECK(rc == 1 || rc == 2);
	}
	free(buf);
	return 0;
}
