#ifndef EBB_HOST_SHARE_H
#define EBB_HOST_SHARE_H

#include <stdint.h>

/* At boot: the host's folder, a virtio 9p device tagged "host" (QEMU
 * -virtfs ...,mount_tag=host; make run SHARE=dir), is mounted at
 * /mnt/host. Without one nothing happens and nothing is said. The mount
 * is a bounded step (bounded.h): a 9p server that does not answer within
 * timeout_ms is left behind with one line, and the boot goes on. */
void host_share_mount(uint64_t timeout_ms);

#endif
