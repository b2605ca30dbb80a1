#ifndef EBB_GROW_ROOT_H
#define EBB_GROW_ROOT_H

#include <stddef.h>
#include <stdint.h>

/* At boot (ebb-seed, from rcS): when / is a writable ext4 on a block
 * device larger than the file system (make run DISK_SIZE=8G, qemu-img
 * resize), a child grows it online to fill the device (EXT4_IOC_RESIZE_FS,
 * which may take seconds: the boot goes on) and logs one line with the
 * old and new sizes.
 * An initramfs root is skipped without a word; another file system or a
 * read-only root gets one info line. */
void grow_root_start(void);

enum { EXT4_SUPERBLOCK_OFFSET = 1024, EXT4_SUPERBLOCK_SIZE = 1024 };

/* An ext4 superblock as read from the device: its size in blocks and the
 * block size. Returns 0, or -1 when it is not one (magic, block size). */
int ext4_superblock_size(const unsigned char *sb, size_t len, uint64_t *blocks,
			 uint32_t *block_size);

#endif
