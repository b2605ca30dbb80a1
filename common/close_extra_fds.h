#ifndef EBB_CLOSE_EXTRA_FDS_H
#define EBB_CLOSE_EXTRA_FDS_H

/* In a child: closes every fd >= 3, what it inherits besides stdio (the
 * parent's sockets, locks, epoll and signal fds, its log's own fds). */
void close_extra_fds(void);

#endif
