#ifndef EBB_READ_SMALL_FILE_H
#define EBB_READ_SMALL_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Reads the whole of a small file (a /proc or /sys value, /etc/hostname,
 * reclaim.conf) into buf and NUL-terminates it: the file may hold up to
 * size - 1 bytes. Short and interrupted reads are retried until the end
 * of the file. Returns its length, or -1 with errno set: open(2)'s or
 * read(2)'s error, or EFBIG when the file is larger than size - 1 bytes
 * (then buf holds a cut piece, which must not be used). Logs nothing:
 * what a failure means is the caller's to say. Files read in pieces, of
 * any size, are inittab_load's and mounts_each_reverse's. */
ssize_t read_small_file(const char *path, char *buf, size_t size);

#endif
