#include "control.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "file_stat.h"
#include "format.h"
#include "log.h"

static int lock_fd = -1;

/* WSL mounts one tmpfs on /mnt/wsl for all distros of its VM, each of
 * which has its own mount namespace and /run: a mount point there (not
 * a plain directory of a distro's own disk) is that shared tmpfs. */
static bool wsl_shared_tmpfs(void)
{
	struct stat mnt, wsl;

	return file_stat("/mnt", &mnt) == 0 && file_stat(CONTROL_WSL_DIR, &wsl) == 0 &&
	       S_ISDIR(wsl.st_mode) && wsl.st_dev != mnt.st_dev;
}

const char *control_socket_path(void)
{
	const char *path = getenv("EBB_RECLAIM_SOCKET");

	if (path && *path)
		return path;
	return wsl_shared_tmpfs() ? CONTROL_WSL_SOCKET_PATH : CONTROL_SOCKET_PATH;
}

bool control_path_shared(const char *path)
{
	size_t len = strlen(CONTROL_WSL_DIR);

	return strncmp(path, CONTROL_WSL_DIR, len) == 0 && path[len] == '/';
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

/* Creates the socket's directory (one level: /run/ebb, /mnt/wsl/ebb)
 * and checks that only we can change it: /mnt/wsl is writable by every
 * user of every distro, and whoever owns the directory could hold the
 * lock or put their own socket in place of ours. */
static int private_parent_dir(const char *path)
{
	char dir[sizeof ((struct sockaddr_un *)0)->sun_path];
	struct stat st;
	char *slash;

	format(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		log_syserr("reclaim: mkdir %s", dir);
	if (file_lstat(dir, &st) < 0) {
		log_syserr("reclaim: stat %s", dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH))) {
		log_warn("reclaim: %s is not a directory of ours that only we can "
			 "write (uid %u, mode %03o); not using it", dir,
			 (unsigned)st.st_uid, (unsigned)(st.st_mode & 0777));
		return -1;
	}
	return 0;
}

const char *control_lock_path(const char *path)
{
	static char lock[sizeof ((struct sockaddr_un *)0)->sun_path + 8];

	format(lock, sizeof lock, "%s.lock", path);
	return lock;
}

enum control_lock_result control_lock(const char *path)
{
	const char *lock = control_lock_path(path);
	int fd;

	if (lock_fd >= 0)
		return CONTROL_LOCKED;
	if (private_parent_dir(path) < 0)
		return CONTROL_LOCK_FAILED;
	/* Read-only: flock needs no more, and a file open for writing would
	 * keep its file system (/run) from going read-only at shutdown. */
	fd = open(lock, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		log_syserr("reclaim: open %s", lock);
		return CONTROL_LOCK_FAILED;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int busy = errno == EWOULDBLOCK;

		if (!busy)
			log_syserr("reclaim: flock %s", lock);
		close(fd);
		return busy ? CONTROL_LOCK_BUSY : CONTROL_LOCK_FAILED;
	}
	lock_fd = fd;
	return CONTROL_LOCKED;
}

/* Bound under umask 0177: the file is 0600 from the start, so no one
 * but root ever has a moment to connect. */
static int bind_private(int fd, const struct sockaddr_un *addr)
{
	mode_t old = umask(0177);
	int rc = bind(fd, (const struct sockaddr *)addr, sizeof *addr);

	umask(old);
	return rc;
}

int control_listen(const char *path)
{
	struct sockaddr_un addr;
	enum control_lock_result locked;
	int fd;

	if (socket_address(path, &addr) < 0) {
		log_syserr("reclaim: control socket %s", path);
		return -1;
	}
	locked = control_lock(path);
	if (locked == CONTROL_LOCK_BUSY)
		log_warn("reclaim: another reclaim loop holds %s; no control socket",
			 control_lock_path(path));
	if (locked != CONTROL_LOCKED)
		return -1;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		log_syserr("reclaim: socket");
		return -1;
	}
	/* the lock is ours: a socket file left here is a dead loop's */
	if (unlink(path) < 0 && errno != ENOENT)
		log_syserr("reclaim: unlink %s", path);
	if (bind_private(fd, &addr) < 0 || listen(fd, 8) < 0) {
		log_syserr("reclaim: control socket %s", path);
		close(fd);
		return -1;
	}
	return fd;
}

void control_unlisten(int listen_fd, const char *path)
{
	close(listen_fd);
	if (unlink(path) < 0 && errno != ENOENT)
		log_syserr("reclaim: unlink %s", path);
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

int control_accept(int listen_fd)
{
	int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0) {
		if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
			log_syserr("reclaim: accept");
		return -1;
	}
	/* Only root can open the socket file; another user's peer (a
	 * descriptor handed on) is closed at once and takes no slot. */
	if (!peer_is_root(fd)) {
		close(fd);
		return -1;
	}
	return fd;
}

bool control_serve(int conn_fd, control_handler handler)
{
	char request[256], reply[CONTROL_MAX_MESSAGE];
	ssize_t n = recv(conn_fd, request, sizeof request - 1, MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return false;
	if (n > 0) {
		request[n] = '\0';
		handler(request, reply, sizeof reply);
		if (send(conn_fd, reply, strlen(reply), MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
			log_syserr("reclaim: control reply");
	}
	return true;
}

/* What a failed call prints: err is the errno, 0 when the loop closed
 * the connection without a reply (evicted by newer connections: EOF, or
 * ECONNRESET when our request was still unread). */
static void print_call_error(const char *path, int err)
{
	if (err == EACCES || err == EPERM)
		format_fd(STDERR_FILENO, "reclaim: permission denied: only root may use reclaim\n");
	else if (err == 0)
		format_fd(STDERR_FILENO, "reclaim: %s: the reclaim loop closed the "
			"connection without a reply\n", path);
	else
		format_fd(STDERR_FILENO, "reclaim: %s: %s (is the reclaim loop running?)\n",
			path, strerror(err));
}

int control_call(const char *path, const char *request, char *reply,
		 size_t cap)
{
	struct timeval timeout = { .tv_sec = 5 };
	struct sockaddr_un addr;
	ssize_t n = -1;
	int fd, err;

	if (socket_address(path, &addr) < 0 ||
	    (fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0) {
		format_fd(STDERR_FILENO, "reclaim: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0)
		format_fd(STDERR_FILENO, "reclaim: SO_RCVTIMEO: %s\n", strerror(errno));
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
	    send(fd, request, strlen(request), MSG_NOSIGNAL) >= 0)
		n = recv(fd, reply, cap - 1, 0);
	err = n == 0 || errno == ECONNRESET || errno == EPIPE ? 0 : errno;
	close(fd);
	if (n <= 0) {
		print_call_error(path, err);
		return -1;
	}
	reply[n] = '\0';
	return 0;
}
