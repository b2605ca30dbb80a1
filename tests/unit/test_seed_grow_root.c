/* The ext4 superblock reader behind growing / at boot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#include "grow_root.h"

enum { SB_LOG_BLOCK_SIZE = 0x18, SB_MAGIC = 0x38, SB_FEATURE_INCOMPAT = 0x60, SB_BLOCKS_HI = 0x150 };

/* rootfs.ext4's own superblock (256 MiB, 1 KiB blocks, 64bit). */
static unsigned char sb[EXT4_SUPERBLOCK_SIZE];

static int load_rootfs(void **state)
{
	(void)state;
	return fixture_read("init", "ext4_superblock_rootfs.bin", (char *)sb, sizeof sb) ==
		       sizeof sb ? 0 : -1;
}

static void test_rootfs_fixture(void **state)
{
	uint64_t blocks = 0;
	uint32_t block_size = 0;

	(void)state;
	assert_int_equal(ext4_superblock_size(sb, sizeof sb, &blocks, &block_size), 0);
	assert_int_equal(blocks, 262144);
	assert_int_equal(block_size, 1024);
}

/* Above 2^32 blocks the high word counts, but only with the 64bit feature. */
static void test_high_word(void **state)
{
	unsigned char big[EXT4_SUPERBLOCK_SIZE];
	uint64_t blocks;
	uint32_t block_size;

	(void)state;
	memcpy(big, sb, sizeof big);
	big[SB_LOG_BLOCK_SIZE] = 2; /* 4 KiB */
	big[SB_BLOCKS_HI] = 1;
	assert_int_equal(ext4_superblock_size(big, sizeof big, &blocks, &block_size), 0);
	assert_int_equal(block_size, 4096);
	assert_true(blocks == (UINT64_C(1) << 32) + 262144);
	big[SB_FEATURE_INCOMPAT] &= (unsigned char)~0x80;
	assert_int_equal(ext4_superblock_size(big, sizeof big, &blocks, &block_size), 0);
	assert_int_equal(blocks, 262144);
}

static void test_not_ext4(void **state)
{
	unsigned char bad[EXT4_SUPERBLOCK_SIZE];
	uint64_t blocks;
	uint32_t block_size;

	(void)state;
	memcpy(bad, sb, sizeof bad);
	assert_int_equal(ext4_superblock_size(bad, sizeof bad - 1, &blocks, &block_size), -1);
	bad[SB_LOG_BLOCK_SIZE] = 7; /* 128 KiB: no ext4 block size */
	assert_int_equal(ext4_superblock_size(bad, sizeof bad, &blocks, &block_size), -1);
	memcpy(bad, sb, sizeof bad);
	bad[SB_MAGIC] ^= 1;
	assert_int_equal(ext4_superblock_size(bad, sizeof bad, &blocks, &block_size), -1);
	memset(bad, 0, sizeof bad);
	assert_int_equal(ext4_superblock_size(bad, sizeof bad, &blocks, &block_size), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rootfs_fixture),
		cmocka_unit_test(test_high_word),
		cmocka_unit_test(test_not_ext4),
	};

	return cmocka_run_group_tests(tests, load_rootfs, NULL);
}
