#ifndef EBB_RECLAIM_CONNECTIONS_H
#define EBB_RECLAIM_CONNECTIONS_H

/* The control socket's connections, in the loop's epoll set
 * (reclaim/control.c reads and replies, reclaim/requests.c answers). A
 * request already sent is answered when the connection is accepted;
 * otherwise the connection takes one of 8 slots, and when all are taken
 * the oldest (a client that connected and never asked) is closed, so a
 * flood of idle connections cannot keep a new request from an answer. */
void connections_accept(int epoll_fd, int listen_fd);
/* A connection in the set is readable: answer it, or close it at EOF. */
void connections_serve(int epoll_fd, int fd);

#endif
