#ifndef EBB_FILE_STAT_H
#define EBB_FILE_STAT_H

#include <sys/stat.h>

/* stat(2) and lstat(2) as the system call itself: musl's wrappers carry
 * fstatat's emulations for old kernels and O_PATH fds (550 bytes of
 * init). On x86-64 struct stat is the kernel's. 0, or -1 with errno. */
int file_stat(const char *path, struct stat *st);
int file_lstat(const char *path, struct stat *st);

#endif
