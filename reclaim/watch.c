#include "watch.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"

int watch_add(int epoll_fd, int fd, enum watch_tag tag)
{
	struct epoll_event ev = {
		.events = EPOLLIN,
		.data.u64 = (uint64_t)tag << 32 | (uint32_t)fd,
	};

	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		log_syserr("reclaim: epoll_ctl");
		return -1;
	}
	return 0;
}

void watch_remove(int epoll_fd, int fd)
{
	if (epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, NULL) < 0 && errno != ENOENT)
		log_syserr("reclaim: epoll_ctl del");
}

enum watch_tag watch_tag_of(const struct epoll_event *ev)
{
	return (enum watch_tag)(ev->data.u64 >> 32);
}

int watch_fd_of(const struct epoll_event *ev)
{
	return (int)(uint32_t)ev->data.u64;
}
