#ifndef EBB_MEMCG_ROOT_FILES_SHOW_H
#define EBB_MEMCG_ROOT_FILES_SHOW_H

/* Makes the root cgroup2's memory.* files (memory.stat, memory.reclaim)
 * visible where the kernel created them but never showed them, and leaves
 * cgroup.subtree_control as it was. Call after boot_mount_filesystems(). */
void memcg_root_files_show(void);

#endif
