#ifndef EBB_MOUNTS_H
#define EBB_MOUNTS_H

#include <stddef.h>

enum { MOUNTS_MAX = 128, MOUNTS_FILE_MAX = 32768 };

/* Mount points (second field) of /proc/mounts text, in file order. buf is
 * modified: points are NUL-terminated in place with \ooo escapes decoded;
 * buf[len] must be writable (a last line without '\n' ends there).
 * Lines without a mount point are skipped. Returns the number stored. */
int mounts_parse(char *buf, size_t len, char **points, int max);

typedef void mounts_visit(const char *point, void *arg);

/* Calls visit for the mount point of every line of path (/proc/mounts),
 * last line first, whatever the file's length: it is read in windows of
 * at most MOUNTS_MAX lines and MOUNTS_FILE_MAX bytes from its end, each
 * window ending where the one before began. visit may remove its line
 * and later ones (as unmounting does), not earlier ones. A line longer
 * than the window is logged and skipped, never cut. Returns the number
 * of points visited, -1 when path cannot be read. */
int mounts_each_reverse(const char *path, mounts_visit *visit, void *arg);

#endif
