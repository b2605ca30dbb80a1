#ifndef EBB_FUZZ_H
#define EBB_FUZZ_H

/* Shared by the libFuzzer harnesses in tests/fuzz/ (see fuzz.sh). Each
 * harness feeds one parser the fuzzer's bytes exactly as sized (no
 * terminator unless the real caller adds one, so ASan sees overreads),
 * then checks what the parser promises about its output. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise is a finding like a crash: abort with the reason. */
#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: fuzz check failed: %s\n",  \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* A heap copy of the input with `extra` writable bytes after it (zeroed),
 * so the parser's bounds are exactly the caller's. */
static inline char *fuzz_copy(const uint8_t *data, size_t size, size_t extra)
{
	char *buf = malloc(size + extra > 0 ? size + extra : 1);

	if (!buf)
		abort();
	if (size)
		memcpy(buf, data, size);
	memset(buf + size, 0, extra);
	return buf;
}

#endif
