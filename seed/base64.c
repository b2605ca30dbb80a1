/* base64 decoding (see base64.h). */
#include "base64.h"

#include <stdint.h>

/* A character's 6 bits; 64 for '=', 65 for a blank, 66 for the rest. */
static unsigned sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A');
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a') + 26;
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0') + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	if (c == '=')
		return 64;
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ? 65 : 66;
}

ssize_t base64_decode(const char *in, size_t len, unsigned char *out, size_t cap)
{
	uint32_t quad = 0;
	size_t used = 0, i, got = 0, pad = 0;
	unsigned v;

	for (i = 0; i < len; i++) {
		if ((v = sextet(in[i])) == 65)
			continue;
		/* '=' only as the last one or two of a quad; nothing after. */
		if (v == 66 || (pad && v != 64) || (v == 64 && got % 4 < 2))
			return -1;
		pad += v == 64;
		quad = quad << 6 | (v == 64 ? 0 : v);
		if (++got % 4)
			continue;
		if (used + 3 - pad > cap)
			return -2;
		out[used++] = (unsigned char)(quad >> 16);
		if (pad < 2)
			out[used++] = (unsigned char)(quad >> 8);
		if (pad < 1)
			out[used++] = (unsigned char)quad;
		quad = 0;
	}
	return got % 4 ? -1 : (ssize_t)used;
}
