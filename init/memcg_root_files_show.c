#include "memcg_root_files_show.h"

#include <errno.h>
#include <unistd.h>

#include "log.h"
#include "write_small_file.h"

#define CGROUP_ROOT "/sys/fs/cgroup"
#define SUBTREE_CONTROL CGROUP_ROOT "/cgroup.subtree_control"

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
	err = write_small_file(SUBTREE_CONTROL, "+memory");
	/* No cgroup2 or no memory controller on it (cgroup_disable=memory,
	 * bound to a v1 hierarchy): the reclaim loop says so itself. */
	if (err == -ENOENT)
		return;
	if (err == 0)
		err = write_small_file(SUBTREE_CONTROL, "-memory");
	if (err != 0) {
		errno = -err;
		log_syserr("show the root cgroup's memory files: write %s", SUBTREE_CONTROL);
	}
}
