#ifndef EBB_RECLAIM_WATCH_H
#define EBB_RECLAIM_WATCH_H

#include <sys/epoll.h>

/* The loop's epoll set: each fd carries a tag saying what it is, so one
 * epoll_wait serves the tick, the control socket and its connections. */
enum watch_tag { WATCH_TIMER = 1, WATCH_LISTEN, WATCH_CONNECTION };

/* Adds fd for reading; -1 (logged) when epoll refuses it. */
int watch_add(int epoll_fd, int fd, enum watch_tag tag);
/* Takes fd out of the set (logged when epoll refuses, but for ENOENT). */
void watch_remove(int epoll_fd, int fd);
enum watch_tag watch_tag_of(const struct epoll_event *ev);
int watch_fd_of(const struct epoll_event *ev);

#endif
