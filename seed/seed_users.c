/* users: and groups: (see seed_users.h). */
#include "seed_users.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts.h"
#include "safe_path.h"
#include "seed_keys.h"
#include "seed_log.h"
#include "seed_sudo.h"
#include "text_lines.h"

enum { FIRST_ID = 1000, SHELLS_MAX = 4096 };

static struct accounts a;

/* group's gid, the group made first when missing (gid `prefer` if free,
 * else one as groupadd picks). */
static int group_gid(const char *group, unsigned long prefer, unsigned long *gid)
{
	char line[ACCOUNT_LINE_MAX];

	if (account_id(&a.group, group, gid))
		return 0;
	if ((*gid = account_free_id(&a.group, FIRST_ID, prefer)) == 0) {
		seed_warn("ebb-seed: no free gid for group %s", group);
		return -1;
	}
	snprintf(line, sizeof line, "%s:x:%lu:", group, *gid);
	if (account_append(&a.group, line) < 0)
		return -1;
	snprintf(line, sizeof line, "%s:!::", group);
	if (a.gshadow.present && !account_has(&a.gshadow, group) && account_append(&a.gshadow, line) < 0)
		return -1;
	seed_info("ebb-seed: added group %s (gid %lu)", group, *gid);
	return 0;
}

static int add_member(const char *group, const char *user)
{
	unsigned long gid;

	if (group_gid(group, 0, &gid) < 0 || account_add_member(&a.group, group, user) < 0)
		return -1;
	return a.gshadow.present ? account_add_member(&a.gshadow, group, user) : 0;
}

/* The shell the user gets: the one asked for when the image has it. */
static const char *usable_shell(const struct seed_user *u)
{
	const char *shell = u->shell ? u->shell : "/bin/sh";

	if (safe_access(shell, X_OK) == 0)
		return shell;
	seed_warn("ebb-seed: users[%s].shell %s: not in this image; /bin/sh instead", u->name, shell);
	return "/bin/sh";
}

/* Dropbear lets in only users whose shell /etc/shells lists. */
static int list_shell(const char *shell)
{
	static char text[SHELLS_MAX];
	struct stat st = { .st_mode = 0644 };
	ssize_t len = safe_read_file("/etc/shells", text, sizeof text, &st);

	if (len < 0 && errno != ENOENT)
		return -1;
	if (len >= 0 && text_has_line(text, (size_t)len, shell))
		return 0;
	if ((len = text_add_line(text, len < 0 ? 0 : (size_t)len, sizeof text, shell)) < 0) {
		seed_warn("ebb-seed: /etc/shells: above %d bytes; %s not added", SHELLS_MAX, shell);
		return -1;
	}
	return safe_write_file("/etc/shells", text, (size_t)len, st.st_mode & 07777, 0, 0);
}

/* The home directory, made (0755, uid:gid) unless it exists. */
static int make_home(const char *home, unsigned long uid, unsigned long gid)
{
	const char *name;
	int dir = safe_parent_open(home, true, &name), fd, err = -1;

	if (dir < 0)
		return -1;
	if (mkdirat(dir, name, 0755) < 0) {
		err = errno == EEXIST ? 0 : -1;
		if (err < 0)
			seed_syserr("ebb-seed: mkdir %s", home);
		close(dir);
		return err;
	}
	fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fchown(fd, (uid_t)uid, (gid_t)gid) < 0 || fchmod(fd, 0755) < 0)
		seed_syserr("ebb-seed: chown %s", home);
	else
		err = 0;
	if (fd >= 0)
		close(fd);
	close(dir);
	return err;
}

/* The uid: the one asked for unless another user has it, or a free one. */
static int pick_uid(const struct seed_user *u, unsigned long *uid)
{
	char owner[SEED_NAME_MAX + 1];

	if (u->uid >= 0 && account_id_user(&a.passwd, (unsigned long)u->uid, owner)) {
		seed_warn("ebb-seed: users[%s].uid %ld belongs to %s already; user not added", u->name, u->uid, owner);
		return -1;
	}
	*uid = u->uid >= 0 ? (unsigned long)u->uid : account_free_id(&a.passwd, FIRST_ID, 0);
	if (*uid == 0)
		seed_warn("ebb-seed: no free uid for %s", u->name);
	return *uid ? 0 : -1;
}

/* The passwd, group and shadow lines of a new user. */
static int add_account(const struct seed_user *u, const char *shell, const char *home,
		       unsigned long *uid, unsigned long *gid)
{
	char line[ACCOUNT_LINE_MAX];
	size_t i;

	if (pick_uid(u, uid) < 0 || group_gid(u->primary_group ? u->primary_group : u->name, *uid, gid) < 0)
		return -1;
	for (i = 0; i < u->group_count; i++)
		if (add_member(u->groups[i], u->name) < 0)
			return -1;
	snprintf(line, sizeof line, "%s:x:%lu:%lu:%s:%s:%s", u->name, *uid, *gid, u->gecos ? u->gecos : "",
		 home, shell);
	if (account_append(&a.passwd, line) < 0)
		return -1;
	/* Days since 1970 as the last change, as useradd writes it. */
	snprintf(line, sizeof line, "%s:%s:%ld:0:99999:7:::", u->name, u->lock_passwd ? "!" : "*",
		 (long)(time(NULL) / 86400));
	return account_append(&a.shadow, line);
}

static int new_user(const struct seed_user *u)
{
	char home[SEED_PATH_MAX];
	const char *shell = usable_shell(u);
	unsigned long uid, gid;

	if (u->homedir)
		snprintf(home, sizeof home, "%s", u->homedir);
	else
		snprintf(home, sizeof home, "/home/%s", u->name);
	if (add_account(u, shell, home, &uid, &gid) < 0 || accounts_store(&a) < 0 ||
	    make_home(home, uid, gid) < 0 || list_shell(shell) < 0)
		return -1;
	seed_info("ebb-seed: added user %s (uid %lu, gid %lu, home %s, shell %s)", u->name, uid, gid,
		  home, shell);
	return 0;
}

int seed_user(const struct seed_user *u)
{
	if (accounts_load(&a) < 0)
		return -1;
	if (!account_has(&a.passwd, u->name)) {
		if (new_user(u) < 0)
			return -1;
	} else {
		seed_info("ebb-seed: user %s exists; its account is kept", u->name);
		if (u->lock_passwd && (account_prefix_field(&a.shadow, u->name, '!') < 0 || accounts_store(&a) < 0))
			return -1;
	}
	if (u->key_count && seed_add_keys(u->name, u->keys, u->key_count) < 0)
		return -1;
	return u->sudo_count ? seed_sudo(u->name, u->sudo, u->sudo_count) : 0;
}

int seed_group(const struct seed_group *g)
{
	size_t i;
	unsigned long gid;

	if (accounts_load(&a) < 0 || group_gid(g->name, 0, &gid) < 0)
		return -1;
	for (i = 0; i < g->member_count; i++) {
		if (!account_has(&a.passwd, g->members[i]))
			seed_warn("ebb-seed: groups: %s is no user; not added to %s", g->members[i], g->name);
		else if (add_member(g->name, g->members[i]) < 0)
			return -1;
	}
	return accounts_store(&a);
}
