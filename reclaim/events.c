/* reclaim.h's start and dispatch: the one fd the host watches, an epoll set
 * holding the loop's tick timer, the control socket and its
 * connections; each readable one goes where it belongs. */
#include "reclaim.h"

#include <errno.h>
#include <stdbool.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "connections.h"
#include "control.h"
#include "log.h"
#include "loop.h"
#include "watch.h"

static struct {
	bool started;
	int epoll_fd;
	int listen_fd;
} events;

/* A socket that nothing accepts on would keep clients waiting: one the
 * epoll set refuses is closed and removed, and the loop goes on without. */
static void open_control(void)
{
	const char *path = control_socket_path();

	events.listen_fd = control_listen(path);
	if (events.listen_fd < 0 ||
	    watch_add(events.epoll_fd, events.listen_fd, WATCH_LISTEN) == 0)
		return;
	control_unlisten(events.listen_fd, path);
	events.listen_fd = -1;
	log_warn("reclaim: %s removed: reclaim status cannot reach this loop", path);
}

int reclaim_start(void)
{
	int timer_fd;

	if (events.started)
		return events.epoll_fd;
	events.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (events.epoll_fd < 0) {
		log_syserr("reclaim: epoll_create1");
		return -1;
	}
	timer_fd = loop_start();
	if (timer_fd < 0 || watch_add(events.epoll_fd, timer_fd, WATCH_TIMER) < 0) {
		close(events.epoll_fd);
		return -1;
	}
	open_control();
	events.started = true;
	return events.epoll_fd;
}

void reclaim_dispatch(void)
{
	struct epoll_event ready[8];
	int n;

	if (!events.started)
		return;
	n = epoll_wait(events.epoll_fd, ready, 8, 0);
	if (n < 0 && errno != EINTR)
		log_syserr("reclaim: epoll_wait");
	for (int i = 0; i < n; i++) {
		switch (watch_tag_of(&ready[i])) {
		case WATCH_TIMER:
			loop_timer_expired();
			break;
		case WATCH_LISTEN:
			connections_accept(events.epoll_fd, events.listen_fd);
			break;
		case WATCH_CONNECTION:
			connections_serve(events.epoll_fd, watch_fd_of(&ready[i]));
			break;
		}
	}
}
