#include "system_setup.h"

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_stat.h"
#include "log.h"
#include "read_small_file.h"
#include "write_small_file.h"

enum { ENV_MAX = 32, HOSTNAME_FILE_MAX = 256 };

static int is_replaced(const char *entry)
{
	static const char *const ours[] = { "PATH=", "HOME=", "SHELL=" };

	for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++)
		if (strncmp(entry, ours[i], strlen(ours[i])) == 0)
			return 1;
	return 0;
}

/* A fixed environ instead of setenv(), which would pull in malloc: ours
 * first, then what the kernel passed (TERM=linux, unknown key=value boot
 * words) up to ENV_MAX entries. */
void setup_environment(void)
{
	static char *env[ENV_MAX + 1];
	struct stat st;
	int root_home = file_stat("/root", &st) == 0 && S_ISDIR(st.st_mode);
	int n = 0;

	env[n++] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	env[n++] = root_home ? "HOME=/root" : "HOME=/";
	env[n++] = "SHELL=/bin/sh";
	if (!getenv("TERM"))
		env[n++] = "TERM=linux";
	for (char **kernel = environ; kernel && *kernel && n < ENV_MAX; kernel++)
		if (!is_replaced(*kernel))
			env[n++] = *kernel;
	env[n] = NULL;
	environ = env;
	umask(022);
	if (chdir(root_home ? "/root" : "/") < 0)
		log_syserr("chdir home");
}

/* The file's first word, up to its first blank; "ebb" without one. */
void setup_hostname(void)
{
	char text[HOSTNAME_FILE_MAX];
	const char *name = "ebb";
	ssize_t n = read_small_file("/etc/hostname", text, sizeof text);
	size_t len = n > 0 ? strcspn(text, " \t\r\n") : 0;

	if (n < 0 && errno != ENOENT)
		log_syserr("read /etc/hostname; hostname ebb");
	if (len > HOST_NAME_MAX) {
		log_warn("/etc/hostname: a name of %zu characters, above %d; hostname ebb",
			 len, HOST_NAME_MAX);
	} else if (len > 0) {
		text[len] = '\0';
		name = text;
	}
	if (sethostname(name, strlen(name)) < 0)
		log_syserr("sethostname %s", name);
}

void setup_loopback(void)
{
	struct ifreq req;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		if (errno == EAFNOSUPPORT)
			log_info("no IPv4 in this kernel; lo left down");
		else
			log_syserr("socket for lo");
		return;
	}
	memset(&req, 0, sizeof req);
	strcpy(req.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &req) < 0) {
		log_syserr("SIOCGIFFLAGS lo");
	} else {
		req.ifr_flags |= IFF_UP | IFF_RUNNING;
		if (ioctl(fd, SIOCSIFFLAGS, &req) < 0)
			log_syserr("SIOCSIFFLAGS lo");
	}
	close(fd);
}

/* path := text, one line on failure. */
static void write_proc(const char *path, const char *text)
{
	int err = write_small_file(path, text);

	if (err != 0) {
		errno = -err;
		log_syserr("%s := %s", path, text);
	}
}

/* The OOM killer skips a process at -1000: PID 1 must outlive any memory
 * hog (the kernel spares the initial namespace's init anyway, but not a
 * container's, nor a reclaim worker). Children get 0 back (spawn.c). */
void setup_oom_protection(void)
{
	write_proc("/proc/self/oom_score_adj", "-1000");
}

/* What distributions set at boot (systemd's 50-default.conf): a user
 * cannot hard-link a file they do not own, nor have root follow their
 * symlink in a sticky world-writable directory, so that root's writes on
 * a user's behalf (ebb-seed) cannot be turned onto root's files. */
void setup_link_protection(void)
{
	write_proc("/proc/sys/fs/protected_hardlinks", "1");
	write_proc("/proc/sys/fs/protected_symlinks", "1");
}
