#ifndef EBB_FS_SHUTDOWN_H
#define EBB_FS_SHUTDOWN_H

#include <stdint.h>

/* sync(2) and umount(2) can block for ever in the kernel: a disk or a
 * server (network, 9p: WSL's drive mounts) that no longer answers. PID 1
 * runs each such step in a child and waits for it until the deadline
 * (monotonic_ms), or FS_STEP_GRACE_MS once that has passed; a step still
 * blocked then is left in its uninterruptible sleep (reboot(2) does not
 * wait for it) and logged. */
enum { FS_STEP_GRACE_MS = 1000 };

/* Returns 1 when sync finished, 0 when it was left blocked. */
int fs_sync(int sigfd, uint64_t deadline);

/* Unmounts everything, last /proc/mounts line first; what stays busy,
 * and /, is remounted read-only. A mount whose step stays blocked is
 * detached (MNT_DETACH, FS_STEP_GRACE_MS more) and listed in one line
 * as left unclean. */
void fs_unmount_all(int sigfd, uint64_t deadline);

#endif
