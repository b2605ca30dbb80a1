/* Applying a seed to the running system: each step alone, each failure
 * one log line. Files are written whole (temporary file, fsync, rename),
 * so a power cut leaves the old file or the new one. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "seed.h"

/* mkdir -p of path's parent directories (mode 0755). */
static int make_parents(const char *path)
{
	char dir[256];
	size_t i, len = strlen(path);

	if (len >= sizeof dir)
		return -1;
	memcpy(dir, path, len + 1);
	for (i = 1; i < len; i++) {
		if (dir[i] != '/')
			continue;
		dir[i] = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			log_syserr("ebb-seed: mkdir %s", dir);
			return -1;
		}
		dir[i] = '/';
	}
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* path := data, with mode and owner, replacing any old file atomically. */
static int write_whole(const char *path, const char *data, size_t len, mode_t mode, uid_t uid,
		       gid_t gid)
{
	char tmp[300];
	int fd;

	if (make_parents(path) < 0 ||
	    snprintf(tmp, sizeof tmp, "%s.ebb-seed", path) >= (int)sizeof tmp)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		log_syserr("ebb-seed: create %s", tmp);
		return -1;
	}
	if (write_all(fd, data, len) < 0 || fchown(fd, uid, gid) < 0 || fchmod(fd, mode) < 0 ||
	    fsync(fd) < 0) {
		log_syserr("ebb-seed: write %s", tmp);
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		log_syserr("ebb-seed: rename %s", tmp);
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int append_line(const char *path, const char *line, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode);

	if (fd < 0 || write_all(fd, line, strlen(line)) < 0 || write_all(fd, "\n", 1) < 0 ||
	    fsync(fd) < 0) {
		log_syserr("ebb-seed: append to %s", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int seed_set_hostname(const char *name)
{
	char line[80];
	int len = snprintf(line, sizeof line, "%s\n", name);

	if (sethostname(name, strlen(name)) < 0)
		log_syserr("ebb-seed: sethostname %s", name);
	return write_whole("/etc/hostname", line, (size_t)len, 0644, 0, 0);
}

/* Whether file holds line (a whole line). */
static int has_line(const char *path, const char *line)
{
	char buf[4096];
	size_t want = strlen(line), len;
	FILE *f = fopen(path, "re");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(buf, sizeof buf, f)) {
		len = strcspn(buf, "\n");
		found = len == want && memcmp(buf, line, len) == 0;
	}
	fclose(f);
	return found;
}

int seed_add_keys(const char *user, const char *const *keys, size_t count)
{
	struct passwd *pw = getpwnam(user);
	char dir[300], file[320];
	size_t i;

	if (!pw) {
		log_warn("ebb-seed: no user %s for its ssh keys", user);
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/.ssh", pw->pw_dir);
	snprintf(file, sizeof file, "%s/authorized_keys", dir);
	if ((mkdir(dir, 0700) < 0 && errno != EEXIST) || chown(dir, pw->pw_uid, pw->pw_gid) < 0) {
		log_syserr("ebb-seed: %s", dir);
		return -1;
	}
	for (i = 0; i < count; i++)
		if (!has_line(file, keys[i]) && append_line(file, keys[i], 0600) < 0)
			return -1;
	if (chown(file, pw->pw_uid, pw->pw_gid) < 0 || chmod(file, 0600) < 0) {
		log_syserr("ebb-seed: %s", file);
		return -1;
	}
	return 0;
}

/* The first uid (and gid) from 1000 that /etc/passwd does not use. */
static uid_t free_uid(void)
{
	uid_t uid = 1000;
	struct passwd *pw;

	setpwent();
	while ((pw = getpwent()))
		if (pw->pw_uid >= uid && pw->pw_uid < 60000)
			uid = pw->pw_uid + 1;
	endpwent();
	return uid;
}

int seed_add_user(const struct seed_user *user)
{
	const char *shell = user->shell ? user->shell : "/bin/sh";
	char line[400], home[300];
	uid_t uid;

	if (!getpwnam(user->name)) {
		uid = free_uid();
		snprintf(home, sizeof home, "/home/%s", user->name);
		snprintf(line, sizeof line, "%s:x:%u:%u::%s:%s", user->name, uid, uid, home, shell);
		if (append_line("/etc/passwd", line, 0644) < 0)
			return -1;
		snprintf(line, sizeof line, "%s:x:%u:", user->name, uid);
		if (append_line("/etc/group", line, 0644) < 0)
			return -1;
		/* '*': no password can match; keys are the way in. */
		snprintf(line, sizeof line, "%s:*:19675:0:99999:7:::", user->name);
		if (append_line("/etc/shadow", line, 0600) < 0)
			return -1;
		if ((mkdir(home, 0755) < 0 && errno != EEXIST) || chown(home, uid, uid) < 0) {
			log_syserr("ebb-seed: %s", home);
			return -1;
		}
		log_info("ebb-seed: added user %s (uid %u, shell %s)", user->name, uid, shell);
	}
	/* Dropbear lets in only users whose shell is in /etc/shells. */
	if (!has_line("/etc/shells", shell) && append_line("/etc/shells", shell, 0644) < 0)
		return -1;
	return seed_add_keys(user->name, user->keys, user->key_count);
}

int seed_write_file(const struct seed_file *file)
{
	if (write_whole(file->path, file->content, file->content_len, file->mode, 0, 0) < 0)
		return -1;
	log_info("ebb-seed: wrote %s (%zu bytes, mode %04o)", file->path, file->content_len, file->mode);
	return 0;
}

int seed_write_runcmd(const char *const *lines, size_t count)
{
	char script[16384];
	size_t used = 0, i;
	int n;

	n = snprintf(script, sizeof script, "#!/bin/sh\n# runcmd of the seed; rcS runs it once.\n");
	used = (size_t)n;
	for (i = 0; i < count; i++) {
		n = snprintf(script + used, sizeof script - used, "%s\n", lines[i]);
		if (n < 0 || (size_t)n >= sizeof script - used) {
			log_warn("ebb-seed: runcmd above %zu bytes; not run", sizeof script);
			return -1;
		}
		used += (size_t)n;
	}
	return write_whole(SEED_RUNCMD_SCRIPT, script, used, 0700, 0, 0);
}
