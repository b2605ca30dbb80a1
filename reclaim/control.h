#ifndef EBB_RECLAIM_CONTROL_H
#define EBB_RECLAIM_CONTROL_H

#include <stddef.h>

/* The control socket: a unix SOCK_SEQPACKET socket, one request
 * message ("status", "status --json", "now", "mode <m>") and one reply
 * per connection. Replies starting with "error: " are failures. */

#define CONTROL_SOCKET_PATH "/run/ebb/reclaim.sock"
#define CONTROL_MAX_MESSAGE 2048

/* The path, or $EBB_RECLAIM_SOCKET when set (tests, daemons). */
const char *control_socket_path(void);
/* Listening, non-blocking socket, or -1 (logged). */
int control_listen(const char *path);
/* A non-blocking connection, or -1 when none is waiting. */
int control_accept(int listen_fd);

typedef void (*control_handler)(const char *request, char *reply, size_t cap);
/* Reads one request from a readable connection, checks the peer is
 * root (SO_PEERCRED), replies and closes the connection. */
void control_serve(int conn_fd, control_handler handler);
/* Client side: 0 with the reply, or -1 (message printed to stderr). */
int control_call(const char *path, const char *request, char *reply,
		 size_t cap);

#endif
