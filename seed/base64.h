#ifndef EBB_BASE64_H
#define EBB_BASE64_H

#include <stddef.h>
#include <sys/types.h>

/* RFC 4648 base64 of write_files content (encoding: b64, !!binary):
 * blanks and line breaks anywhere are skipped (YAML folds long values);
 * anything else outside the alphabet, a missing or misplaced '=' is an
 * error, not dropped (Python's b64decode, which cloud-init uses, would
 * drop it and write something else). Decodes into out[0..cap); returns
 * the length, -1 for bad input, -2 when the result is above cap. Decoding
 * in place (out == in) works: the output never passes the input. */
ssize_t base64_decode(const char *in, size_t len, unsigned char *out, size_t cap);

#endif
