/* write_files' encodings: base64 and gzip (the seed's own inflater) on
 * fixtures made by Python's zlib (tests/unit/fixtures/seed/gzip-*):
 * stored, fixed and dynamic blocks, two members with NUL padding, and
 * broken ones; cloud-init's documented examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base64.h"
#include "fixture.h"
#include "inflate.h"

static unsigned char out[64 * 1024];
static char in[16 * 1024], plain[32 * 1024];

static ssize_t b64(const char *s)
{
	return base64_decode(s, strlen(s), out, sizeof out);
}

static void test_base64(void **state)
{
	(void)state;
	assert_int_equal(b64("aGVsbG8K"), 6);
	assert_memory_equal(out, "hello\n", 6);
	assert_int_equal(b64("  aGVs\nbG8K\r\n"), 6); /* YAML folds long values */
	assert_int_equal(b64("YQ=="), 1);
	assert_int_equal(out[0], 'a');
	assert_int_equal(b64("YWI="), 2);
	assert_memory_equal(out, "ab", 2);
	assert_int_equal(b64(""), 0);
	assert_int_equal(b64("YQ="), -1);       /* cut short */
	assert_int_equal(b64("Y==="), -1);      /* '=' too early */
	assert_int_equal(b64("YQ==YQ=="), -1);  /* data after the padding */
	assert_int_equal(b64("YW*Jj"), -1);     /* outside the alphabet: not dropped */
	assert_int_equal(b64("===="), -1);
	assert_int_equal(base64_decode("YWJj", 4, out, 2), -2);
	/* In place, as seed_file_content decodes. */
	strcpy(in, "ZWJi");
	assert_int_equal(base64_decode(in, 4, (unsigned char *)in, 4), 3);
	assert_memory_equal(in, "ebb", 3);
}

static size_t load(const char *name, void *buf, size_t size)
{
	return fixture_read("seed", name, buf, size);
}

static void gunzip_equals(const char *name, size_t plain_len)
{
	size_t len = load(name, in, sizeof in);
	const char *why = NULL;
	ssize_t n = gunzip((unsigned char *)in, len, out, sizeof out, &why);

	if (n < 0)
		fail_msg("%s: %s", name, why);
	assert_int_equal(n, plain_len);
	assert_memory_equal(out, plain, plain_len);
}

static void test_gunzip(void **state)
{
	size_t len = load("gzip-plain.txt", plain, sizeof plain);

	(void)state;
	assert_int_equal(len, 26622);
	gunzip_equals("gzip-dynamic.gz", len);
	gunzip_equals("gzip-fixed.gz", len); /* with a header CRC */
	gunzip_equals("gzip-members.gz", len);
	gunzip_equals("gzip-stored.gz", 5000);
}

static void gunzip_refuses(const char *name, const char *want)
{
	size_t len = load(name, in, sizeof in);
	const char *why = NULL;

	assert_int_equal(gunzip((unsigned char *)in, len, out, sizeof out, &why), -1);
	assert_string_equal(why, want);
}

static void test_gunzip_broken(void **state)
{
	const char *why = NULL;
	size_t len;

	(void)state;
	gunzip_refuses("gzip-bad-crc.gz", "gzip CRC or length mismatch");
	gunzip_refuses("gzip-cut.gz", "gzip data cut short");
	gunzip_refuses("gzip-bad-hcrc.gz", "gzip header CRC mismatch");
	assert_int_equal(gunzip((const unsigned char *)"hello", 5, out, sizeof out, &why), -1);
	assert_string_equal(why, "not gzip data (no 1f 8b 08 header)");
	/* Bounded: one byte short of the content is an error, not a cut. */
	len = load("gzip-dynamic.gz", in, sizeof in);
	assert_int_equal(gunzip((unsigned char *)in, len, out, 26621, &why), -1);
	assert_string_equal(why, "gzip content above the size limit");
	len = load("gzip-stored.gz", in, sizeof in);
	assert_int_equal(gunzip((unsigned char *)in, len, out, 4999, &why), -1);
	/* Block type 3 does not exist. */
	memcpy(in, "\x1f\x8b\x08\0\0\0\0\0\0\x03\x07", 11);
	assert_int_equal(gunzip((unsigned char *)in, 11, out, sizeof out, &why), -1);
	assert_string_equal(why, "bad DEFLATE data (block type 3)");
}

/* cloud-init's own examples (cc_write_files, its tests). */
static void test_cloud_init_examples(void **state)
{
	const char *why = NULL;
	ssize_t n;

	(void)state;
	n = b64("H4sIAIDb/U8C/1NW1E/KzNMvzuBKTc7IV8hIzcnJVyjPL8pJ4QIA6N+MVxsAAAA=");
	assert_int_equal(n, 47);
	memcpy(in, out, (size_t)n);
	assert_int_equal(gunzip((unsigned char *)in, (size_t)n, out, sizeof out, &why), 27);
	assert_memory_equal(out, "#!/bin/sh\necho hello world\n", 27);
	n = b64("H4sIAGUfoFQC/zMxAgCIsCQyAgAAAA==");
	memcpy(in, out, (size_t)n);
	assert_int_equal(gunzip((unsigned char *)in, (size_t)n, out, sizeof out, &why), 2);
	assert_memory_equal(out, "42", 2);
	assert_int_equal(crc32_update(0, (const unsigned char *)"123456789", 9), 0xcbf43926);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_gunzip),
		cmocka_unit_test(test_gunzip_broken),
		cmocka_unit_test(test_cloud_init_examples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
