#include "connections.h"

#include <string.h>
#include <unistd.h>

#include "control.h"
#include "requests.h"
#include "watch.h"

#define MAX_CONNECTIONS 8

static struct {
	int fd[MAX_CONNECTIONS]; /* oldest first */
	unsigned count;
} slots;

static int slot_of(int fd)
{
	for (unsigned i = 0; i < slots.count; i++)
		if (slots.fd[i] == fd)
			return (int)i;
	return -1;
}

/* Out of the epoll set before close(): a reclaim writer forked while the
 * connection was open holds the same file, which would keep it in the set
 * (readable at EOF, under a number no longer ours) and spin the loop. */
static void forget(int epoll_fd, unsigned i)
{
	watch_remove(epoll_fd, slots.fd[i]);
	close(slots.fd[i]);
	memmove(&slots.fd[i], &slots.fd[i + 1], (slots.count - i - 1) * sizeof slots.fd[0]);
	slots.count--;
}

void connections_accept(int epoll_fd, int listen_fd)
{
	int fd = control_accept(listen_fd);

	if (fd < 0)
		return;
	if (control_serve(fd, requests_answer)) {
		close(fd);
		return;
	}
	if (slots.count == MAX_CONNECTIONS)
		forget(epoll_fd, 0);
	if (watch_add(epoll_fd, fd, WATCH_CONNECTION) < 0) {
		close(fd);
		return;
	}
	slots.fd[slots.count++] = fd;
}

void connections_serve(int epoll_fd, int fd)
{
	int i = slot_of(fd);

	/* -1: evicted earlier in this batch of events */
	if (i >= 0 && control_serve(fd, requests_answer))
		forget(epoll_fd, (unsigned)i);
}
