/* `reclaim install`: a systemd unit and the /etc/wsl.conf boot command
 * for this binary, printed, or the unit written where systemd reads it. */
#include "install.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_stat.h"
#include "format.h"
#include "replace_file.h"

/* Hardened, but it must still write /proc/sys/vm, /sys (page_reporting,
 * the root cgroup's memory.reclaim) and /dev/kmsg: so no
 * ProtectKernelTunables, ProtectControlGroups, ProtectKernelLogs or
 * PrivateDevices. Its socket lives in /run/ebb, or /mnt/wsl/ebb under WSL. */
static const char unit_format[] =
	"[Unit]\n"
	"Description=ebb reclaim: give idle memory back to the host\n"
	"\n"
	"[Service]\n"
	"Type=simple\n"
	"ExecStart=%s daemon\n"
	"Restart=on-failure\n"
	"RestartSec=5s\n"
	"RuntimeDirectory=ebb\n"
	"RuntimeDirectoryMode=0700\n"
	"ProtectSystem=strict\n"
	"ReadWritePaths=-/mnt/wsl\n"
	"ProtectHome=yes\n"
	"PrivateTmp=yes\n"
	"NoNewPrivileges=yes\n"
	"RestrictAddressFamilies=AF_UNIX\n"
	"RestrictNamespaces=yes\n"
	"RestrictRealtime=yes\n"
	"RestrictSUIDSGID=yes\n"
	"LockPersonality=yes\n"
	"MemoryDenyWriteExecute=yes\n"
	"SystemCallArchitectures=native\n"
	"\n"
	"[Install]\n"
	"WantedBy=multi-user.target\n";

/* Room for either text around a path of PATH_MAX. */
#define UNIT_CAP (sizeof unit_format + PATH_MAX)
#define CONF_CAP (32 + PATH_MAX)

static int fits(int n, size_t cap)
{
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

int install_unit_text(const char *exe, char *buf, size_t cap)
{
	return fits(format(buf, cap, unit_format, exe), cap);
}

int install_wsl_conf_text(const char *exe, char *buf, size_t cap)
{
	return fits(format(buf, cap, "[boot]\ncommand=%s daemon\n", exe), cap);
}

/* What the unit's ProtectHome= and PrivateTmp= hide from the service. */
static const char *const hidden_dirs[] = { "/home/", "/root/", "/run/user/",
					   "/tmp/", "/var/tmp/" };

bool install_path_ok(const char *path)
{
	if (path[0] != '/')
		return false;
	for (size_t i = 0; i < sizeof hidden_dirs / sizeof hidden_dirs[0]; i++)
		if (strncmp(path, hidden_dirs[i], strlen(hidden_dirs[i])) == 0)
			return false;
	for (const char *p = path; *p; p++)
		if (!strchr("/._+-", *p) && !(*p >= 'a' && *p <= 'z') &&
		    !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9'))
			return false;
	return true;
}

/* dir made absolute and free of symlinks and "..": the kernel's own
 * name for it, read back through /proc/self/fd (as /proc/self/exe,
 * already needed; musl's realpath() would bring its malloc into init). */
static int resolve_dir(const char *dir, char *out, size_t cap)
{
	char link[32];
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	format(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, out, cap);
	close(fd);
	if (n <= 0 || (size_t)n >= cap || out[0] != '/')
		return -1;
	out[n] = '\0';
	return 0;
}

/* dir/name with dir resolved, name kept as it is (a symlink named
 * reclaim stays reclaim). */
static int join_resolved(const char *dir, const char *name, char *out,
			 size_t cap)
{
	char real[PATH_MAX];

	if (resolve_dir(dir, real, sizeof real) < 0)
		return -1;
	return fits(format(out, cap, "%s/%s", strcmp(real, "/") ? real : "",
			     name), cap) < 0 ? -1 : 0;
}

static bool same_file(const char *path, const struct stat *self)
{
	struct stat st;

	return file_stat(path, &st) == 0 && st.st_dev == self->st_dev &&
	       st.st_ino == self->st_ino;
}

/* A name without a slash was found on PATH, as a shell does. */
static int find_on_path(const char *name, const struct stat *self,
			char *out, size_t cap)
{
	const char *path = getenv("PATH");
	char dir[PATH_MAX];

	if (!path || !*path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");

		if (len > 0 && len < sizeof dir) {
			memcpy(dir, path, len);
			dir[len] = '\0';
			if (join_resolved(dir, name, out, cap) == 0 &&
			    same_file(out, self))
				return 0;
		}
		path += len + (path[len] == ':');
	}
	return -1;
}

int install_own_path(const char *argv0, char *out, size_t cap)
{
	const char *slash = strrchr(argv0, '/');
	struct stat self;
	char dir[PATH_MAX];
	int rc;

	if (file_stat("/proc/self/exe", &self) < 0) {
		format_fd(STDERR_FILENO, "reclaim: /proc/self/exe: %s\n", strerror(errno));
		return -1;
	}
	if (!slash) {
		rc = find_on_path(argv0, &self, out, cap);
	} else {
		format(dir, sizeof dir, "%.*s", slash == argv0 ? 1 : (int)(slash - argv0),
			 argv0);
		rc = join_resolved(dir, slash + 1, out, cap) == 0 &&
		     same_file(out, &self) ? 0 : -1;
	}
	if (rc < 0)
		format_fd(STDERR_FILENO, "reclaim: cannot tell this binary's path from '%s'; "
			"run it by its full path\n", argv0);
	return rc;
}

static int print_both(const char *exe)
{
	char unit[UNIT_CAP], conf[CONF_CAP];

	if (install_unit_text(exe, unit, sizeof unit) < 0 ||
	    install_wsl_conf_text(exe, conf, sizeof conf) < 0)
		return 1;
	format_fd(STDOUT_FILENO, "# With systemd: %s install --write, or this file as\n"
	       "# %s; then systemctl daemon-reload &&\n"
	       "# systemctl enable --now ebb-reclaim.service\n%s\n"
	       "# Without systemd, under WSL: these lines in /etc/wsl.conf, then\n"
	       "# wsl --terminate <distro> (one command= line: join commands with ;)\n%s",
	       exe, INSTALL_UNIT_PATH, unit, conf);
	return 0;
}

/* Whole or not at all: a temporary file renamed over the unit. */
static int write_unit(const char *exe)
{
	char unit[UNIT_CAP];
	int len = install_unit_text(exe, unit, sizeof unit);
	const char *failed;

	if (len < 0)
		return -1;
	if (replace_file(INSTALL_UNIT_PATH, INSTALL_UNIT_PATH ".tmp", unit, (size_t)len, 0644,
			 (uid_t)-1, (gid_t)-1, &failed) < 0) {
		format_fd(STDERR_FILENO, "reclaim: %s: %s\n", failed, strerror(errno));
		return -1;
	}
	return 0;
}

int install_main(const char *argv0, bool to_disk)
{
	char exe[PATH_MAX], conf[CONF_CAP];

	if (install_own_path(argv0, exe, sizeof exe) < 0)
		return 1;
	if (!install_path_ok(exe)) {
		format_fd(STDERR_FILENO, "reclaim: %s: the unit cannot start a binary in "
			"/home, /root, /run/user or /tmp (it hides them), nor a path "
			"with characters other than A-Z a-z 0-9 / . _ + -; copy it to "
			"/usr/local/bin/reclaim\n", exe);
		return 1;
	}
	if (!to_disk)
		return print_both(exe);
	if (geteuid() != 0) {
		format_fd(STDERR_FILENO, "reclaim: install --write needs root: "
			"sudo %s install --write\n", exe);
		return 1;
	}
	/* sd_booted()'s test: the directory exists while systemd is PID 1 */
	if (access("/run/systemd/system", F_OK) < 0) {
		install_wsl_conf_text(exe, conf, sizeof conf);
		format_fd(STDERR_FILENO, "reclaim: systemd is not running here (no "
			"/run/systemd/system); under WSL, put these lines in "
			"/etc/wsl.conf instead:\n%s", conf);
		return 1;
	}
	if (write_unit(exe) < 0)
		return 1;
	format_fd(STDOUT_FILENO, "wrote %s; now run:\n"
	       "  systemctl daemon-reload && systemctl enable --now ebb-reclaim.service\n",
	       INSTALL_UNIT_PATH);
	return 0;
}
