#include "memcg_root_files_show.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

static int write_subtree_control(const char *change)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(CGROUP_ROOT "/cgroup.subtree_control", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	do
		n = write(fd, change, strlen(change));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = errno;
	close(fd);
	return err;
}

/* 6.1 creates the root's memory files in cgroup_init() inactive (hidden)
 * and only shows them at the next kernfs_activate() of the root: on
 * kernels with CONFIG_SWAP that is mem_cgroup_swap_init() adding the swap
 * files; without swap (ebb's kernel) nothing does. Changing the root's
 * cgroup.subtree_control activates the whole root (kernel/cgroup/cgroup.c,
 * cgroup_subtree_control_write), so enable memory and take it back. */
void memcg_root_files_show(void)
{
	int err;

	if (access(CGROUP_ROOT "/memory.stat", F_OK) == 0)
		return;
	err = write_subtree_control("+memory");
	/* No cgroup2 or no memory controller on it (cgroup_disable=memory,
	 * bound to a v1 hierarchy): the reclaim loop says so itself. */
	if (err == ENOENT)
		return;
	if (err == 0)
		err = write_subtree_control("-memory");
	if (err != 0) {
		errno = err;
		log_syserr("show the root cgroup's memory files: write %s/cgroup.subtree_control",
			   CGROUP_ROOT);
	}
}
