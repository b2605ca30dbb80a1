#ifndef EBB_WRITE_ALL_H
#define EBB_WRITE_ALL_H

#include <stddef.h>

/* Writes all of data to fd, retrying short writes and EINTR. 0, or -1
 * with errno set by write(2). */
int write_all(int fd, const void *data, size_t len);

#endif
