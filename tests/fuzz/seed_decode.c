/* write_files' decoders against references: base64_decode must give back
 * what a plain encoder in this file encoded (blanks put anywhere), and
 * gunzip must give back what zlib compressed (any level and strategy);
 * on the raw input, gunzip must agree with zlib read the way cloud-init's
 * Python reads gzip (members, NUL padding after one): both accept with
 * the same bytes, or both refuse. Never a byte past its bounds. */
#include <zlib.h>

#include "base64.h"
#include "fuzz.h"
#include "inflate.h"

enum { CAP = 1 << 20, INPUT_MAX = 64 * 1024 };

static unsigned char out[CAP], ref[CAP + 1];
static char text[INPUT_MAX * 2 + 16];

/* data as base64, a blank after every `every` characters (0: none). */
static size_t encode(const uint8_t *data, size_t size, unsigned every)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, n = 0, chars = 0;
	uint32_t v;
	int k;

	for (i = 0; i < size; i += 3) {
		v = (uint32_t)data[i] << 16 | (i + 1 < size ? (uint32_t)data[i + 1] << 8 : 0) |
		    (i + 2 < size ? data[i + 2] : 0);
		for (k = 0; k < 4; k++) {
			text[n++] = (size_t)k <= size - i ? abc[v >> (18 - 6 * k) & 63] : '=';
			if (every && ++chars % every == 0)
				text[n++] = chars % 3 ? ' ' : '\n';
		}
	}
	return n;
}

static void check_base64(const uint8_t *data, size_t size)
{
	size_t len = encode(data, size, size ? 4 + data[0] % 76 : 0);
	ssize_t n = base64_decode(text, len, out, CAP);

	FUZZ_CHECK(n == (ssize_t)size && memcmp(out, data, size) == 0);
	if (size > 1)
		FUZZ_CHECK(base64_decode(text, len, out, size - 1) == -2);
	/* The raw input: whatever it is, the output is 3 bytes a quad at most. */
	n = base64_decode((const char *)data, size, out, CAP);
	FUZZ_CHECK(n == -1 || (n >= 0 && (size_t)n <= size / 4 * 3));
}

/* zlib's gzip of data at a level and strategy the input picks. */
static size_t compress_gzip(const uint8_t *data, size_t size, unsigned char *dst, size_t cap)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED };
	z_stream z = { 0 };
	int level = size ? data[0] % 10 : 6, strategy = strategies[size > 1 ? data[1] % 5 : 0];

	FUZZ_CHECK(deflateInit2(&z, level, Z_DEFLATED, 31, 8, strategy) == Z_OK);
	z.next_in = (unsigned char *)data;
	z.avail_in = (unsigned)size;
	z.next_out = dst;
	z.avail_out = (unsigned)cap;
	FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
	deflateEnd(&z);
	return z.total_out;
}

/* zlib as Python's gzip module reads: members until the end, NULs after
 * each skipped. The length (CAP + 1: above the cap), or -1. */
static ssize_t zlib_gunzip(const unsigned char *in, size_t len)
{
	size_t pos = 0, total = 0;
	z_stream z;
	int ret;

	while (pos < len) {
		memset(&z, 0, sizeof z);
		FUZZ_CHECK(inflateInit2(&z, 31) == Z_OK);
		z.next_in = (unsigned char *)in + pos;
		z.avail_in = (unsigned)(len - pos);
		z.next_out = ref + total;
		z.avail_out = (unsigned)(CAP + 1 - total);
		ret = inflate(&z, Z_FINISH);
		total += z.total_out;
		pos += z.total_in;
		inflateEnd(&z);
		if (ret != Z_STREAM_END)
			return total > CAP ? CAP + 1 : -1;
		while (pos < len && in[pos] == 0)
			pos++;
	}
	return (ssize_t)total;
}

static void check_gunzip(const uint8_t *data, size_t size)
{
	static unsigned char packed[INPUT_MAX * 2 + 1024];
	size_t len = compress_gzip(data, size, packed, sizeof packed);
	const char *why = NULL;
	ssize_t n = gunzip(packed, len, out, CAP, &why), want;

	FUZZ_CHECK(n == (ssize_t)size && memcmp(out, data, size) == 0);
	/* The raw input, against zlib. */
	n = gunzip(data, size, out, CAP, &why);
	want = zlib_gunzip(data, size);
	if (want > CAP)
		FUZZ_CHECK(n == -1 && strcmp(why, "gzip content above the size limit") == 0);
	else
		FUZZ_CHECK(n == want && (n < 0 || memcmp(out, ref, (size_t)n) == 0));
	FUZZ_CHECK(n >= 0 || (why && why[0]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > INPUT_MAX)
		return -1;
	check_base64(data, size);
	check_gunzip(data, size);
	return 0;
}
