#include "boot.h"

#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "boot_mounts.h"
#include "cmdline.h"
#include "console.h"
#include "event_loop.h"
#include "host_share.h"
#include "inittab.h"
#include "log.h"
#include "memcg_root_files_show.h"
#include "power_button.h"
#include "read_small_file.h"
#include "reclaim.h"
#include "services.h"
#include "shutdown.h"
#include "signals.h"
#include "system_setup.h"

enum { CMDLINE_MAX = 4096 };

static void read_options(struct init_options *opts)
{
	static char buf[CMDLINE_MAX + 1];
	ssize_t n = read_small_file("/proc/cmdline", buf, sizeof buf);

	if (n < 0)
		log_syserr("read /proc/cmdline; no ebb.* options");
	cmdline_apply(buf, n > 0 ? (size_t)n : 0, opts);
}

static void add_default(struct inittab *tab, const char *line)
{
	struct inittab one;

	if (inittab_parse(line, strlen(line), &one) == 0 && one.count == 1)
		tab->entries[tab->count++] = one.entries[0];
}

/* /etc/inittab, or BusyBox's default without one: /etc/init.d/rcS if
 * present, then (unless ebb.run owns the console) a root login shell on
 * the console, respawned. */
static void load_services(struct inittab *tab, int with_shell)
{
	if (inittab_load("/etc/inittab", tab) >= 0)
		return;
	if (access("/etc/init.d/rcS", X_OK) == 0)
		add_default(tab, "::sysinit:/etc/init.d/rcS");
	if (with_shell)
		add_default(tab, "::respawn:-/bin/sh");
}

/* The kernel passes boot words it does not know (`single`, `1`) to
 * init, and switch_root passes them on: a machine's init ignores them. */
static void log_ignored_args(int argc, char **argv)
{
	if (argc > 1)
		log_info("booting; %d argument(s) ignored, the first: '%s'", argc - 1, argv[1]);
}

void boot_machine(int argc, char **argv, int in_container)
{
	static struct init_options opts;
	static struct inittab tab;
	int sigfd, reclaim_fd, power_fd = -1;

	signals_block();
	boot_mount_filesystems();
	console_stdio();
	log_to_kmsg();
	log_console_check();
	log_ignored_args(argc, argv);
	memcg_root_files_show();
	sigfd = signals_take_over();
	boot_remount_root_rw();
	read_options(&opts);
	setup_environment();
	setup_hostname();
	setup_loopback();
	setup_oom_protection();
	if (in_container)
		shutdown_leave_filesystems();
	/* Ctrl-Alt-Del becomes SIGINT to us instead of an instant reboot. */
	else if (reboot(RB_DISABLE_CAD) < 0)
		log_syserr("reboot(RB_DISABLE_CAD)");
	/* The machine's own devices: a container has none of them. */
	if (!in_container) {
		setup_link_protection();
		host_share_mount(opts.shutdown_timeout_ms);
		power_fd = power_button_open();
	}
	reclaim_fd = reclaim_start();
	load_services(&tab, opts.run[0] == '\0');
	services_start(&tab, opts.run[0] ? opts.run : NULL);
	event_loop_run(sigfd, reclaim_fd, power_fd, &opts);
}
