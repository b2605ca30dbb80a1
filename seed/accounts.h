#ifndef EBB_ACCOUNTS_H
#define EBB_ACCOUNTS_H

/* /etc/passwd, /etc/group, /etc/shadow and /etc/gshadow (when the image
 * has it: Debian) as text, edited in memory and stored whole through
 * safe_write_file (a new file renamed over the old, its mode and owner
 * kept), groups first, so that a power cut never leaves a user whose
 * group is missing. Lines are colon separated fields; what goes in was
 * checked by cloud_config (names, paths, gecos: no ':' and no control
 * bytes). No getpwnam: musl's reads the real /etc, not the seed root. */
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cloud_config.h"

enum { ACCOUNT_FILE_MAX = 128 * 1024, ACCOUNT_LINE_MAX = 2048 };

struct account_file {
	const char *path;
	char text[ACCOUNT_FILE_MAX];
	size_t len;
	bool present;
	bool changed;
	struct stat st;
};

struct accounts {
	struct account_file passwd, group, shadow, gshadow;
};

/* A user as /etc/passwd has it. */
struct account_user {
	unsigned long uid, gid;
	char home[SEED_PATH_MAX];
};

/* Reads all four (gshadow may be missing). Returns 0 or -1 (logged). */
int accounts_load(struct accounts *a);
/* Writes back those changed. Returns 0 or -1 (logged). */
int accounts_store(struct accounts *a);

/* Whether a line's first field is name. */
bool account_has(const struct account_file *f, const char *name);
/* The first line whose third field (uid, gid) is id: its name, copied
 * into name[SEED_NAME_MAX + 1]; false when there is none. */
bool account_id_user(const struct account_file *f, unsigned long id, char *name);
/* The third field of name's line (uid or gid). */
bool account_id(const struct account_file *f, const char *name, unsigned long *id);
bool account_user(const struct account_file *passwd, const char *name, struct account_user *user);
/* A free id as useradd picks one: `prefer` when no line uses it, else
 * one above the highest in [from, 60000), else the lowest free one there;
 * 0 when all are taken. */
unsigned long account_free_id(const struct account_file *f, unsigned long from, unsigned long prefer);
/* Adds a line (a newline ends it). */
int account_append(struct account_file *f, const char *line);
/* Adds user to the comma separated member list (fourth field) of group's
 * line (group, gshadow), unless it is there. */
int account_add_member(struct account_file *f, const char *group, const char *user);
/* Puts prefix before the second field of name's line (shadow: '!' locks
 * the password, as passwd -l does) unless it starts with it. */
int account_prefix_field(struct account_file *f, const char *name, char prefix);

#endif
