#include "host_share.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "boot_mounts.h"
#include "bounded.h"
#include "clock.h"
#include "format.h"
#include "log.h"
#include "read_small_file.h"

/* The driver's devices are links named virtioN; a VM has a handful.
 * msize: 256 KiB per request, within virtio's 500 KiB limit on 6.1
 * (whose default, 8 KiB, makes QEMU warn of degraded performance). */
enum { VIRTIO_DEVICES_MAX = 64, TAG_FILE_MAX = 64 };
static const char tag[] = "host", mount_point[] = "/mnt/host",
		  options[] = "trans=virtio,version=9p2000.L,msize=262144";

/* The file is the tag and its NUL (newer kernels: a newline). */
static int is_host_tag(const char *text, ssize_t n)
{
	size_t len = n > 0 ? strcspn(text, "\n") : 0;

	return len == strlen(tag) && memcmp(text, tag, len) == 0;
}

static int host_tag_present(void)
{
	char path[80], text[TAG_FILE_MAX];

	for (int i = 0; i < VIRTIO_DEVICES_MAX; i++) {
		format(path, sizeof path, "/sys/bus/virtio/drivers/9pnet_virtio/virtio%d/mount_tag", i);
		if (is_host_tag(text, read_small_file(path, text, sizeof text)))
			return 1;
	}
	return 0;
}

static void mount_share(const char *unused)
{
	(void)unused;
	if (mount(tag, mount_point, "9p", MS_NOSUID | MS_NODEV, options) < 0)
		log_syserr("mount 9p '%s' on %s", tag, mount_point);
	else
		log_info("host share '%s' mounted on %s (9p, %s)", tag, mount_point, options);
}

void host_share_mount(uint64_t timeout_ms)
{
	/* Mounted already: a restart entry execs init with mounts kept (a
	 * second mount would fail: the virtio channel is taken). */
	if (!host_tag_present() || boot_is_mounted(mount_point))
		return;
	if (mkdir(mount_point, 0755) < 0 && errno != EEXIST) {
		log_syserr("mkdir %s; host share not mounted", mount_point);
		return;
	}
	bounded_run(-1, mount_share, mount_point, monotonic_ms() + timeout_ms,
		    "mount 9p host share on");
}
