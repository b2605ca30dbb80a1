#ifndef EBB_RECLAIM_CONTROL_H
#define EBB_RECLAIM_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

/* The control socket: a unix SOCK_SEQPACKET socket, one request
 * message ("status", "status --json", "now", "mode <m>") and one reply
 * per connection. Replies starting with "error: " are failures. Only
 * root can connect: the socket file is made with mode 0600, and a peer
 * that is not root (SO_PEERCRED) is refused at accept. */

#define CONTROL_SOCKET_PATH "/run/ebb/reclaim.sock"
/* Under WSL: in the tmpfs all distros of the VM share, so one loop (and
 * its lock) serves the whole VM and a client in any distro reaches it. */
#define CONTROL_WSL_DIR "/mnt/wsl"
#define CONTROL_WSL_SOCKET_PATH CONTROL_WSL_DIR "/ebb/reclaim.sock"
#define CONTROL_MAX_MESSAGE 2048

/* $EBB_RECLAIM_SOCKET when set (tests, daemons); else the WSL path when
 * /mnt/wsl is a mount point; else /run/ebb/reclaim.sock. */
const char *control_socket_path(void);
/* The path is in WSL's shared /mnt/wsl. */
bool control_path_shared(const char *path);

/* One reclaim loop per socket: flock on "<socket>.lock", held until the
 * process ends, taken before the socket is unlinked or bound. The
 * socket's directory is made 0700 and must be ours, writable by us only. */
enum control_lock_result {
	CONTROL_LOCKED,        /* held by this process (also when it already was) */
	CONTROL_LOCK_BUSY,     /* another loop holds it */
	CONTROL_LOCK_FAILED,   /* logged */
};
enum control_lock_result control_lock(const char *path);
const char *control_lock_path(const char *path);

/* Takes the lock, then a listening, non-blocking socket, or -1 (logged). */
int control_listen(const char *path);
/* Closes a listening socket and removes its file (the lock stays held). */
void control_unlisten(int listen_fd, const char *path);
/* A non-blocking connection from root, or -1 when none is waiting
 * (a peer that is not root is answered with a refusal and closed). */
int control_accept(int listen_fd);

typedef void (*control_handler)(const char *request, char *reply, size_t cap);
/* Reads one request from a readable connection and replies; true when
 * the caller is to close it (answered, or at EOF or an error), false when
 * no request was there yet. */
bool control_serve(int conn_fd, control_handler handler);
/* Client side: 0 with the reply, or -1 (message printed to stderr). */
int control_call(const char *path, const char *request, char *reply,
		 size_t cap);

#endif
