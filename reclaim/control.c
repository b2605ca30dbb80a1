#include "control.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"

const char *control_socket_path(void)
{
	const char *path = getenv("EBB_RECLAIM_SOCKET");

	return path && *path ? path : CONTROL_SOCKET_PATH;
}

static int socket_address(const char *path, struct sockaddr_un *addr)
{
	memset(addr, 0, sizeof *addr);
	addr->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof addr->sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr->sun_path, path);
	return 0;
}

/* Creates the socket's directory (one level: /run/ebb). */
static void make_parent_dir(const char *path)
{
	char dir[sizeof ((struct sockaddr_un *)0)->sun_path];
	char *slash;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		log_syserr("reclaim: mkdir %s", dir);
}

int control_listen(const char *path)
{
	struct sockaddr_un addr;
	int fd;

	if (socket_address(path, &addr) < 0) {
		log_syserr("reclaim: control socket %s", path);
		return -1;
	}
	make_parent_dir(path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		log_syserr("reclaim: socket");
		return -1;
	}
	if (unlink(path) < 0 && errno != ENOENT)
		log_syserr("reclaim: unlink %s", path);
	/* Everyone may connect; the server answers non-root peers with a
	 * clear refusal rather than a bare EACCES. */
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
	    chmod(path, 0666) < 0 || listen(fd, 8) < 0) {
		log_syserr("reclaim: control socket %s", path);
		close(fd);
		return -1;
	}
	return fd;
}

int control_accept(int listen_fd)
{
	int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0 && errno != EAGAIN && errno != EINTR &&
	    errno != ECONNABORTED)
		log_syserr("reclaim: accept");
	return fd;
}

static int peer_is_root(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof cred;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		log_syserr("reclaim: SO_PEERCRED");
		return 0;
	}
	return cred.uid == 0;
}

void control_serve(int conn_fd, control_handler handler)
{
	char request[256], reply[CONTROL_MAX_MESSAGE];
	ssize_t n = recv(conn_fd, request, sizeof request - 1, MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		close(conn_fd);
		return;
	}
	request[n] = '\0';
	if (!peer_is_root(conn_fd))
		snprintf(reply, sizeof reply,
			 "error: permission denied: only root may use reclaim\n");
	else
		handler(request, reply, sizeof reply);
	if (send(conn_fd, reply, strlen(reply), MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		log_syserr("reclaim: control reply");
	close(conn_fd);
}

int control_call(const char *path, const char *request, char *reply,
		 size_t cap)
{
	struct timeval timeout = { .tv_sec = 5 };
	struct sockaddr_un addr;
	ssize_t n;
	int fd;

	if (socket_address(path, &addr) < 0 ||
	    (fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0) {
		fprintf(stderr, "reclaim: %s: %s\n", path, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
	    send(fd, request, strlen(request), MSG_NOSIGNAL) < 0 ||
	    (n = recv(fd, reply, cap - 1, 0)) < 0) {
		fprintf(stderr, "reclaim: %s: %s%s\n", path, strerror(errno),
			errno == EACCES || errno == EPERM ? " (root only)" :
			" (is the reclaim loop running?)");
		close(fd);
		return -1;
	}
	reply[n] = '\0';
	close(fd);
	return 0;
}
