#ifndef EBB_VOLUME_LABEL_H
#define EBB_VOLUME_LABEL_H

#include <stddef.h>

/* The first bytes of a block device, enough for both: ISO9660's primary
 * volume descriptor is at 32 KiB, a FAT boot sector at 0. */
enum { VOLUME_PROBE_SIZE = 32768 + 2048, VOLUME_LABEL_MAX = 32 };

/* The file system type ("iso9660" or "vfat") and its label, trailing
 * spaces dropped, into label[VOLUME_LABEL_MAX + 1]; NULL for anything
 * else (or a buffer too short for the header it would need). */
const char *volume_label(const unsigned char *buf, size_t len, char *label);

#endif
