#ifndef EBB_HOST_SHARE_H
#define EBB_HOST_SHARE_H

/* At boot: the host's folder, a virtio 9p device tagged "host" (QEMU
 * -virtfs ...,mount_tag=host; make run SHARE=dir), is mounted at
 * /mnt/host. Without one nothing happens and nothing is said. */
void host_share_mount(void);

#endif
