/* gzip and DEFLATE decoding (see inflate.h): canonical Huffman codes
 * decoded a bit at a time from their code-length counts, which needs no
 * tables beyond the counts and symbols (small, and fast enough for
 * seed files: a megabyte in well under a second). */
#include "inflate.h"

#include <string.h>

enum {
	MAX_BITS = 15,
	MAX_LITERALS = 286,
	MAX_DISTANCES = 30,
	FIXED_LITERALS = 288,
	END_OF_BLOCK = 256,
};

struct huffman {
	uint16_t count[MAX_BITS + 1]; /* codes of each length; [0]: unused symbols */
	uint16_t symbol[FIXED_LITERALS]; /* symbols in code order */
};

struct inflater {
	const unsigned char *in;
	size_t in_len, in_pos;
	uint32_t bits; /* not yet used bits of the current byte (at most 7) */
	unsigned bit_count;
	unsigned char *out;
	size_t cap, len;
	const char *why;
};

static int error(struct inflater *s, const char *why)
{
	s->why = why;
	return -1;
}

/* The next n bits (n <= 13), least significant first; -1 at the end. */
static int bits(struct inflater *s, unsigned n)
{
	uint32_t v;

	while (s->bit_count < n) {
		if (s->in_pos >= s->in_len)
			return error(s, "gzip data cut short");
		s->bits |= (uint32_t)s->in[s->in_pos++] << s->bit_count;
		s->bit_count += 8;
	}
	v = s->bits & ((1u << n) - 1);
	s->bits >>= n;
	s->bit_count -= n;
	return (int)v;
}

/* Code lengths to a code. Returns 0 when complete (or empty), > 0 when
 * incomplete, < 0 when over-subscribed. */
static int build(struct huffman *h, const uint8_t *lengths, unsigned n)
{
	uint16_t offset[MAX_BITS + 1];
	unsigned len, symbol;
	int left = 1;

	memset(h->count, 0, sizeof h->count);
	for (symbol = 0; symbol < n; symbol++)
		h->count[lengths[symbol]]++;
	if (h->count[0] == n)
		return 0;
	for (len = 1; len <= MAX_BITS; len++) {
		left = left * 2 - h->count[len];
		if (left < 0)
			return left;
	}
	offset[1] = 0;
	for (len = 1; len < MAX_BITS; len++)
		offset[len + 1] = offset[len] + h->count[len];
	for (symbol = 0; symbol < n; symbol++)
		if (lengths[symbol])
			h->symbol[offset[lengths[symbol]]++] = (uint16_t)symbol;
	return left;
}

/* zlib's rule: a literal or distance code may be incomplete only when
 * it is a single code of one bit. */
static int usable(const struct huffman *h, int built)
{
	unsigned len, longer = 0;

	for (len = 2; len <= MAX_BITS; len++)
		longer += h->count[len];
	return built == 0 || (built > 0 && h->count[1] == 1 && longer == 0);
}

static int decode(struct inflater *s, const struct huffman *h)
{
	int code = 0, first = 0, index = 0, bit;
	unsigned len;

	for (len = 1; len <= MAX_BITS; len++) {
		if ((bit = bits(s, 1)) < 0)
			return -1;
		code |= bit;
		if (code - h->count[len] < first)
			return h->symbol[index + (code - first)];
		index += h->count[len];
		first = (first + h->count[len]) << 1;
		code <<= 1;
	}
	return error(s, "bad DEFLATE data (an unknown Huffman code)");
}

/* A copy of length bytes from distance back in the output. */
static int copy_back(struct inflater *s, unsigned length, unsigned distance)
{
	if (distance > s->len)
		return error(s, "bad DEFLATE data (a distance before the start)");
	if (length > s->cap - s->len)
		return error(s, "gzip content above the size limit");
	for (; length; length--, s->len++)
		s->out[s->len] = s->out[s->len - distance];
	return 0;
}

/* A block's literals and copies up to its end-of-block code. */
static int codes(struct inflater *s, const struct huffman *literals, const struct huffman *distances)
{
	static const uint16_t length_base[29] = { 3,  4,  5,  6,  7,  8,  9,  10, 11,  13,
						  15, 17, 19, 23, 27, 31, 35, 43, 51,  59,
						  67, 83, 99, 115, 131, 163, 195, 227, 258 };
	static const uint8_t length_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
						  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
	static const uint16_t distance_base[30] = { 1,    2,    3,    4,    5,    7,     9,     13,
						    17,   25,   33,   49,   65,   97,    129,   193,
						    257,  385,  513,  769,  1025, 1537,  2049,  3073,
						    4097, 6145, 8193, 12289, 16385, 24577 };
	int symbol, extra, distance;

	for (;;) {
		if ((symbol = decode(s, literals)) < 0)
			return -1;
		if (symbol == END_OF_BLOCK)
			return 0;
		if (symbol < END_OF_BLOCK) {
			if (s->len >= s->cap)
				return error(s, "gzip content above the size limit");
			s->out[s->len++] = (unsigned char)symbol;
			continue;
		}
		if ((symbol -= END_OF_BLOCK + 1) >= 29)
			return error(s, "bad DEFLATE data (a length code above 285)");
		if ((extra = bits(s, length_extra[symbol])) < 0 || (distance = decode(s, distances)) < 0)
			return -1;
		if (distance >= MAX_DISTANCES)
			return error(s, "bad DEFLATE data (a distance code above 29)");
		/* Distance codes 4-29 have (code - 2) / 2 extra bits. */
		symbol = length_base[symbol] + extra;
		if ((extra = bits(s, distance < 4 ? 0 : (unsigned)(distance - 2) / 2)) < 0 ||
		    copy_back(s, (unsigned)symbol, (unsigned)(distance_base[distance] + extra)) < 0)
			return -1;
	}
}

static int stored(struct inflater *s)
{
	const unsigned char *p = s->in + s->in_pos;
	unsigned len;

	s->bits = 0; /* the rest of the current byte */
	s->bit_count = 0;
	if (s->in_len - s->in_pos < 4)
		return error(s, "gzip data cut short");
	len = p[0] | (unsigned)p[1] << 8;
	if ((p[2] | (unsigned)p[3] << 8) != (~len & 0xffff))
		return error(s, "bad DEFLATE data (a stored block's length check)");
	s->in_pos += 4;
	if (s->in_len - s->in_pos < len)
		return error(s, "gzip data cut short");
	if (len > s->cap - s->len)
		return error(s, "gzip content above the size limit");
	memcpy(s->out + s->len, s->in + s->in_pos, len);
	s->in_pos += len;
	s->len += len;
	return 0;
}

static int fixed(struct inflater *s)
{
	static struct huffman literals, distances;
	uint8_t lengths[FIXED_LITERALS];
	unsigned i;

	for (i = 0; i < FIXED_LITERALS; i++)
		lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	build(&literals, lengths, FIXED_LITERALS);
	memset(lengths, 5, MAX_DISTANCES);
	build(&distances, lengths, MAX_DISTANCES);
	return codes(s, &literals, &distances);
}

/* The code lengths of a dynamic block, run-length coded by a code of
 * their own. */
static int read_lengths(struct inflater *s, uint8_t *lengths, unsigned count,
			const struct huffman *code)
{
	unsigned index = 0, repeat;
	int symbol, extra;
	uint8_t value;

	while (index < count) {
		if ((symbol = decode(s, code)) < 0)
			return -1;
		if (symbol < 16) {
			lengths[index++] = (uint8_t)symbol;
			continue;
		}
		if (symbol == 16 && index == 0)
			return error(s, "bad DEFLATE data (a repeat with nothing before it)");
		value = symbol == 16 ? lengths[index - 1] : 0;
		extra = bits(s, symbol == 16 ? 2 : symbol == 17 ? 3 : 7);
		if (extra < 0)
			return -1;
		repeat = (unsigned)extra + (symbol == 18 ? 11 : 3);
		if (repeat > count - index)
			return error(s, "bad DEFLATE data (code lengths repeated past their end)");
		memset(lengths + index, value, repeat);
		index += repeat;
	}
	return 0;
}

static int dynamic(struct inflater *s)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	static struct huffman literals, distances;
	uint8_t lengths[MAX_LITERALS + MAX_DISTANCES];
	int nlen = bits(s, 5), ndist = bits(s, 5), ncode = bits(s, 4), i;

	if (nlen < 0 || ndist < 0 || ncode < 0)
		return -1;
	if ((nlen += 257) > MAX_LITERALS || (ndist += 1) > MAX_DISTANCES)
		return error(s, "bad DEFLATE data (too many length or distance codes)");
	memset(lengths, 0, 19);
	for (i = 0; i < ncode + 4; i++) {
		int len = bits(s, 3);
		if (len < 0)
			return -1;
		lengths[order[i]] = (uint8_t)len;
	}
	if (build(&literals, lengths, 19) != 0)
		return error(s, "bad DEFLATE data (an incomplete code-length code)");
	if (read_lengths(s, lengths, (unsigned)(nlen + ndist), &literals) < 0)
		return -1;
	if (lengths[END_OF_BLOCK] == 0)
		return error(s, "bad DEFLATE data (no end-of-block code)");
	if (!usable(&literals, build(&literals, lengths, (unsigned)nlen)) ||
	    !usable(&distances, build(&distances, lengths + nlen, (unsigned)ndist)))
		return error(s, "bad DEFLATE data (an incomplete or over-subscribed code)");
	return codes(s, &literals, &distances);
}

static int inflate_blocks(struct inflater *s)
{
	int last, type, err;

	do {
		if ((last = bits(s, 1)) < 0 || (type = bits(s, 2)) < 0)
			return -1;
		err = type == 0 ? stored(s) : type == 1 ? fixed(s) : type == 2 ? dynamic(s) :
			error(s, "bad DEFLATE data (block type 3)");
		if (err < 0)
			return -1;
	} while (!last);
	s->bits = 0; /* the trailer starts at the next byte */
	s->bit_count = 0;
	return 0;
}

uint32_t crc32_update(uint32_t crc, const unsigned char *data, size_t len)
{
	unsigned k;

	crc = ~crc;
	while (len--)
		for (crc ^= *data++, k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320u & (0u - (crc & 1)));
	return ~crc;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Skips a zero-terminated field (name, comment) from *pos. */
static int skip_string(const unsigned char *in, size_t len, size_t *pos)
{
	const unsigned char *nul = memchr(in + *pos, 0, len - *pos);

	if (!nul)
		return -1;
	*pos = (size_t)(nul - in) + 1;
	return 0;
}

/* A member's header from *pos; *pos ends at its DEFLATE data. */
static int gzip_header(const unsigned char *in, size_t len, size_t *pos, const char **why)
{
	size_t p = *pos, xlen;
	unsigned flags;

	*why = "not gzip data (no 1f 8b 08 header)";
	if (len - p < 10 || in[p] != 0x1f || in[p + 1] != 0x8b || in[p + 2] != 8)
		return -1;
	*why = "gzip header cut short or with reserved flags";
	if ((flags = in[p + 3]) & 0xe0)
		return -1;
	p += 10;
	if (flags & 4) { /* FEXTRA */
		if (len - p < 2 || len - p - 2 < (xlen = in[p] | (size_t)in[p + 1] << 8))
			return -1;
		p += 2 + xlen;
	}
	if (((flags & 8) && skip_string(in, len, &p) < 0) || ((flags & 16) && skip_string(in, len, &p) < 0))
		return -1;
	if (flags & 2) { /* FHCRC: the low half of the header's CRC-32 */
		if (len - p < 2)
			return -1;
		*why = "gzip header CRC mismatch";
		if ((crc32_update(0, in + *pos, p - *pos) & 0xffff) != (in[p] | (unsigned)in[p + 1] << 8))
			return -1;
		p += 2;
	}
	*pos = p;
	return 0;
}

/* One member from *pos into out[0..cap); its length, or -1. */
static ssize_t gunzip_member(const unsigned char *in, size_t len, size_t *pos, unsigned char *out,
			     size_t cap, const char **why)
{
	struct inflater s = { .in = in, .in_len = len, .out = out, .cap = cap };

	if (gzip_header(in, len, pos, why) < 0)
		return -1;
	s.in_pos = *pos;
	if (inflate_blocks(&s) < 0) {
		*why = s.why;
		return -1;
	}
	*why = "gzip data cut short (no CRC and length after the data)";
	if (len - s.in_pos < 8)
		return -1;
	*why = "gzip CRC or length mismatch";
	if (le32(in + s.in_pos) != crc32_update(0, out, s.len) || le32(in + s.in_pos + 4) != (uint32_t)s.len)
		return -1;
	*pos = s.in_pos + 8;
	return (ssize_t)s.len;
}

ssize_t gunzip(const unsigned char *in, size_t len, unsigned char *out, size_t cap,
	       const char **why)
{
	size_t pos = 0, total = 0;
	ssize_t n;

	while (pos < len) {
		if ((n = gunzip_member(in, len, &pos, out + total, cap - total, why)) < 0)
			return -1;
		total += (size_t)n;
		while (pos < len && in[pos] == 0)
			pos++;
	}
	return (ssize_t)total;
}
