#ifndef EBB_WRITE_SMALL_FILE_H
#define EBB_WRITE_SMALL_FILE_H

/* Writes text (a /proc or /sys value: "-1000", "+memory", "64M") to an
 * existing file in one write(2), as the kernel takes such a value whole;
 * an interrupted write is retried, a short one is EIO. Returns 0 or
 * -errno (open(2)'s or write(2)'s). Logs nothing: what a failure means
 * is the caller's to say. */
int write_small_file(const char *path, const char *text);

#endif
