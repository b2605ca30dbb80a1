#ifndef EBB_MOUNTS_H
#define EBB_MOUNTS_H

#include <stddef.h>

enum { MOUNTS_MAX = 128, MOUNTS_FILE_MAX = 32768 };

/* Mount points (second field) of /proc/mounts text, in file order. buf is
 * modified: points are NUL-terminated in place with \ooo escapes decoded;
 * buf[len] must be writable (a last line without '\n' ends there).
 * Lines without a mount point are skipped. Returns the number stored. */
int mounts_parse(char *buf, size_t len, char **points, int max);

/* Unmounts everything in reverse order of /proc/mounts; what stays busy
 * (and /) is remounted read-only. */
void mounts_unmount_all(void);

#endif
