#include "grow_root.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "clock.h"
#include "format.h"
#include "log.h"
#include "read_small_file.h"
#include "scan.h"
#include "seed_log.h"

/* musl has no kernel headers: include/uapi/linux/magic.h and
 * fs/ext4/ext4.h's ioctl and superblock layout. */
#define EXT4_IOC_RESIZE_FS _IOW('f', 16, uint64_t)
enum {
	EXT4_MAGIC = 0xEF53,
	RAMFS_MAGIC = 0x858458f6,
	TMPFS_MAGIC = 0x01021994,
	SB_BLOCKS_LO = 0x04,
	SB_LOG_BLOCK_SIZE = 0x18,
	SB_MAGIC = 0x38,
	SB_FEATURE_INCOMPAT = 0x60,
	SB_BLOCKS_HI = 0x150,
	INCOMPAT_64BIT = 0x80,
	SECTOR_SIZE = 512,
	SYSFS_FILE_MAX = 512,
};

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int ext4_superblock_size(const unsigned char *sb, size_t len, uint64_t *blocks,
			 uint32_t *block_size)
{
	uint32_t log_size;

	if (len < EXT4_SUPERBLOCK_SIZE || (le32(sb + SB_MAGIC) & 0xffff) != EXT4_MAGIC)
		return -1;
	log_size = le32(sb + SB_LOG_BLOCK_SIZE);
	if (log_size > 6) /* 1 KiB << 6 = 64 KiB, ext4's largest block */
		return -1;
	*block_size = 1024u << log_size;
	*blocks = le32(sb + SB_BLOCKS_LO);
	if (le32(sb + SB_FEATURE_INCOMPAT) & INCOMPAT_64BIT)
		*blocks |= (uint64_t)le32(sb + SB_BLOCKS_HI) << 32;
	return 0;
}

/* Reads /sys/dev/block/MAJ:MIN/<name> of the root device. */
static ssize_t read_block_sysfs(dev_t dev, const char *name, char *buf, size_t size)
{
	char path[64];

	format(path, sizeof path, "/sys/dev/block/%u:%u/%s", major(dev), minor(dev), name);
	return read_small_file(path, buf, size);
}

/* The device's size in bytes and its /dev path (from DEVNAME in uevent). */
static int root_device(dev_t dev, uint64_t *bytes, char *path, size_t path_size)
{
	char text[SYSFS_FILE_MAX];
	struct scan s, line;
	uint64_t sectors;
	ssize_t n = read_block_sysfs(dev, "size", text, sizeof text);

	s = scan_of(text, n > 0 ? (size_t)n : 0);
	if (n < 0 || !scan_u64(&s, &sectors) || sectors > UINT64_MAX / SECTOR_SIZE)
		return -1;
	*bytes = sectors * SECTOR_SIZE;
	n = read_block_sysfs(dev, "uevent", text, sizeof text);
	s = scan_of(text, n > 0 ? (size_t)n : 0);
	while (scan_line(&s, &line))
		if (scan_literal(&line, "DEVNAME=") && scan_length(&line) > 0 &&
		    format(path, path_size, "/dev/%.*s", (int)scan_length(&line), line.pos) <
			    (int)path_size)
			return 0;
	return -1;
}

static int read_superblock(const char *path, uint64_t *blocks, uint32_t *block_size)
{
	unsigned char sb[EXT4_SUPERBLOCK_SIZE];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		seed_syserr("grow root: open %s", path);
		return -1;
	}
	n = pread(fd, sb, sizeof sb, EXT4_SUPERBLOCK_OFFSET);
	if (n < 0)
		seed_syserr("grow root: read the superblock of %s", path);
	close(fd);
	if (n < 0 || ext4_superblock_size(sb, (size_t)n, blocks, block_size) < 0)
		return -1;
	return 0;
}

static void resize(const char *device, uint64_t old_blocks, uint64_t new_blocks,
		   uint32_t block_size)
{
	uint64_t start = monotonic_ms();
	int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		seed_syserr("grow root: open /");
		return;
	}
	if (ioctl(fd, EXT4_IOC_RESIZE_FS, &new_blocks) < 0)
		seed_syserr("grow root: EXT4_IOC_RESIZE_FS %s to %" PRIu64 " blocks", device,
			   new_blocks);
	else
		seed_info("grew / (%s) from %" PRIu64 " MiB to %" PRIu64 " MiB in %" PRIu64 " ms",
			 device, old_blocks * block_size >> 20, new_blocks * block_size >> 20,
			 monotonic_ms() - start);
	close(fd);
}

/* The child's work: every check, then the resize. */
static void grow_root(void)
{
	struct statfs fs;
	struct stat root;
	char device[64];
	uint64_t device_bytes, blocks;
	uint32_t block_size;

	if (statfs("/", &fs) < 0 || stat("/", &root) < 0) {
		seed_syserr("grow root: stat /");
		return;
	}
	if (fs.f_type == RAMFS_MAGIC || fs.f_type == TMPFS_MAGIC)
		return; /* an initramfs: nothing to grow */
	if (fs.f_type != EXT4_MAGIC) {
		seed_info("/ is not ext4 (type 0x%lx): not grown", (unsigned long)fs.f_type);
		return;
	}
	if (fs.f_flags & ST_RDONLY) {
		seed_info("/ is read-only: not grown");
		return;
	}
	if (root_device(root.st_dev, &device_bytes, device, sizeof device) < 0) {
		seed_info("/ is on no block device in /sys/dev/block: not grown");
		return;
	}
	if (read_superblock(device, &blocks, &block_size) < 0)
		return;
	if (device_bytes / block_size > blocks)
		resize(device, blocks, device_bytes / block_size, block_size);
}

void grow_root_start(void)
{
	pid_t pid = _Fork(); /* ebb is single-threaded: no atfork locks */

	if (pid < 0) {
		seed_syserr("fork to grow /; not grown");
		return;
	}
	if (pid > 0)
		return; /* an orphan once ebb-seed exits: PID 1 reaps it */
	/* Its own /dev/kmsg open: sharing the parent's would share its rate
	 * limit, and the burst of the seed's lines dropped the grow line. */
	log_forked();
	grow_root();
	_exit(0);
}
