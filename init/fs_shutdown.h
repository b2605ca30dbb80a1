#ifndef EBB_FS_SHUTDOWN_H
#define EBB_FS_SHUTDOWN_H

#include <stdint.h>

/* File systems at shutdown: each sync and unmount is a bounded step
 * (bounded.h), every child reaped meanwhile. */

/* Returns 1 when sync finished, 0 when it was left blocked. */
int fs_sync(int sigfd, uint64_t deadline);

/* Unmounts everything, last /proc/mounts line first; what stays busy,
 * and /, is remounted read-only. A mount whose step stays blocked is
 * detached (MNT_DETACH, BOUNDED_GRACE_MS more) and listed in one line
 * as left unclean. */
void fs_unmount_all(int sigfd, uint64_t deadline);

#endif
