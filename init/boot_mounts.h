#ifndef EBB_BOOT_MOUNTS_H
#define EBB_BOOT_MOUNTS_H

/* proc, sysfs, devtmpfs, devpts, /dev/shm, /run, cgroup2: each one that is
 * not mounted yet. A filesystem missing from the kernel is logged, not
 * fatal. Call before log_to_kmsg(): /dev appears here. */
void boot_mount_filesystems(void);

/* A mount point: another device than its parent directory. */
int boot_is_mounted(const char *path);

/* Remounts / read-write when it is read-only (booted from a disk). */
void boot_remount_root_rw(void);

#endif
