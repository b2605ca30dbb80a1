/* Which volume is the NoCloud seed: ISO9660 and FAT labels read from the
 * device's first bytes, so that no blkid is needed. */
#include <string.h>

#include "volume_label.h"

static void copy_label(const unsigned char *field, size_t size, char *label)
{
	size_t len = size, i;

	while (len > 0 && (field[len - 1] == ' ' || field[len - 1] == '\0'))
		len--;
	for (i = 0; i < len; i++)
		label[i] = field[i] >= ' ' && field[i] < 0x7f ? (char)field[i] : '?';
	label[len] = '\0';
}

const char *volume_label(const unsigned char *buf, size_t len, char *label)
{
	const unsigned char *pvd = buf + 32768;

	/* ISO9660: type 1 "CD001" version 1, volume identifier at 40..71. */
	if (len >= 32768 + 72 && pvd[0] == 1 && memcmp(pvd + 1, "CD001", 5) == 0 && pvd[6] == 1) {
		copy_label(pvd + 40, 32, label);
		return "iso9660";
	}
	if (len < 512 || buf[510] != 0x55 || buf[511] != 0xaa)
		return NULL;
	/* FAT32: extended boot signature 0x29 at 66, label at 71, type at 82. */
	if (buf[66] == 0x29 && memcmp(buf + 82, "FAT32   ", 8) == 0) {
		copy_label(buf + 71, 11, label);
		return "vfat";
	}
	/* FAT12/16: signature at 38, label at 43, type "FAT1x" at 54. */
	if (buf[38] == 0x29 && memcmp(buf + 54, "FAT1", 4) == 0) {
		copy_label(buf + 43, 11, label);
		return "vfat";
	}
	return NULL;
}
