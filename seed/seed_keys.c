/* authorized_keys on a user's behalf (see seed_keys.h). */
#include "seed_keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accounts.h"
#include "safe_path.h"
#include "seed_log.h"
#include "text_lines.h"

enum { KEYS_FILE_MAX = 64 * 1024 };

/* home/.ssh, made when missing, never a symlink, owned by uid or root;
 * then uid's, 0700. */
static int open_ssh_dir(int home, const struct account_user *pw, const char *path)
{
	struct stat st;
	int fd;

	if (mkdirat(home, ".ssh", 0700) < 0 && errno != EEXIST) {
		seed_syserr("ebb-seed: mkdir %s", path);
		return -1;
	}
	fd = openat(home, ".ssh", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		seed_syserr("ebb-seed: %s%s; keys not added", path,
			    errno == ELOOP || errno == ENOTDIR ? " (a symlink or not a directory)" : "");
		return -1;
	}
	if (fstat(fd, &st) < 0 || (st.st_uid != pw->uid && st.st_uid != 0)) {
		seed_warn("ebb-seed: %s belongs to uid %u, not %lu; keys not added", path,
			  (unsigned)st.st_uid, pw->uid);
		close(fd);
		return -1;
	}
	if (fchown(fd, (uid_t)pw->uid, (gid_t)pw->gid) < 0 || fchmod(fd, 0700) < 0) {
		seed_syserr("ebb-seed: chown/chmod %s", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* The file's text with the missing keys added, into text[KEYS_FILE_MAX]. */
static ssize_t with_keys(char *text, size_t len, const char *const *keys, size_t count,
			 const char *path)
{
	ssize_t n = (ssize_t)len;
	size_t i;

	for (i = 0; i < count && n >= 0; i++)
		n = text_add_line(text, (size_t)n, KEYS_FILE_MAX, keys[i]);
	if (n < 0)
		seed_warn("ebb-seed: %s: above %d bytes; keys not added", path, KEYS_FILE_MAX);
	return n;
}

static int write_keys(int ssh, const struct account_user *pw, const char *const *keys, size_t count,
		      const char *path)
{
	static char text[KEYS_FILE_MAX];
	struct stat st;
	ssize_t len = safe_read(ssh, "authorized_keys", text, sizeof text, &st, path);

	if (len < 0 && errno != ENOENT)
		return -1;
	len = with_keys(text, len < 0 ? 0 : (size_t)len, keys, count, path);
	if (len < 0)
		return -1;
	return safe_replace(ssh, "authorized_keys", text, (size_t)len, 0600, (uid_t)pw->uid,
			    (gid_t)pw->gid, path);
}

int seed_add_keys(const char *user, const char *const *keys, size_t count)
{
	static struct accounts a;
	struct account_user pw;
	char path[SEED_PATH_MAX + 32];
	int home, ssh, err = -1;

	if (accounts_load(&a) < 0 || !account_user(&a.passwd, user, &pw)) {
		seed_warn("ebb-seed: no user %s in /etc/passwd for its ssh keys", user);
		return -1;
	}
	if ((home = safe_dir_open(pw.home, false)) < 0) {
		if (errno == ENOENT)
			seed_warn("ebb-seed: %s has no home %s; keys not added", user, pw.home);
		return -1;
	}
	snprintf(path, sizeof path, "%s/.ssh", pw.home);
	ssh = open_ssh_dir(home, &pw, path);
	close(home);
	if (ssh < 0)
		return -1;
	snprintf(path, sizeof path, "%s/.ssh/authorized_keys", pw.home);
	err = write_keys(ssh, &pw, keys, count, path);
	close(ssh);
	return err;
}
