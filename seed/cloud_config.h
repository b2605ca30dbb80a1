#ifndef EBB_CLOUD_CONFIG_H
#define EBB_CLOUD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "yaml.h"

/* What ebb takes from a NoCloud seed: meta-data's instance-id and
 * local-hostname, and the #cloud-config subset dev VMs use, with
 * cloud-init's meaning (docs/dev-vm.md has the table). A key outside the
 * subset is noted (cloud_config.ignored) when leaving it out writes
 * nothing wrong: another module's job (packages, mounts, timezone). A
 * key that changes what a supported step writes (write_files[].source,
 * users[].passwd, an unknown encoding, top-level user) refuses the whole
 * document, as does a value of the wrong shape. Strings point into the
 * yaml_doc they were read from, or into `text`. */
enum {
	SEED_KEYS_MAX = 16,
	SEED_USERS_MAX = 8,
	SEED_USER_GROUPS_MAX = 16,
	SEED_SUDO_MAX = 8,
	SEED_GROUPS_MAX = 16,
	SEED_MEMBERS_MAX = 16,
	SEED_FILES_MAX = 32,
	SEED_COMMANDS_MAX = 64,
	SEED_NAME_MAX = 32,
	SEED_HOSTNAME_MAX = 64, /* the kernel's */
	SEED_FQDN_MAX = 253,
	SEED_PATH_MAX = 1024, /* write_files paths, home directories, shells */
	SEED_ERROR_MAX = 200,
	SEED_GECOS_MAX = 256,
	SEED_SUDO_RULE_MAX = 256,
};

struct seed_user {
	const char *name;
	const char *gecos;         /* NULL: empty */
	const char *homedir;       /* NULL: /home/<name> */
	const char *shell;         /* NULL: /bin/sh */
	const char *primary_group; /* NULL: a group named as the user */
	long uid;                  /* -1: the first free from 1000 */
	bool lock_passwd;          /* true (cloud-init's default): '!' in shadow */
	const char *groups[SEED_USER_GROUPS_MAX]; /* made if missing */
	size_t group_count;
	const char *sudo[SEED_SUDO_MAX]; /* sudoers rules ("ALL=(ALL) NOPASSWD:ALL") */
	size_t sudo_count;
	const char *keys[SEED_KEYS_MAX];
	size_t key_count;
};

/* A top-level groups: entry: a group, made if missing, and its members. */
struct seed_group {
	const char *name;
	const char *members[SEED_MEMBERS_MAX];
	size_t member_count;
};

struct seed_file {
	const char *path;
	const char *content; /* as written in the YAML: still encoded */
	size_t content_len;
	unsigned base64_layers; /* encoding b64 and a !!binary tag: 0-2 */
	bool gzip;              /* encoding gzip (after the base64 layers) */
	unsigned mode;          /* 0644 unless `permissions` says otherwise */
	bool owner_given;       /* owner: written (else root:root) */
	const char *owner;      /* user name; NULL: left as it is */
	const char *group;      /* group name; NULL: left as it is */
	bool append;            /* add to the file instead of replacing it */
	bool defer;             /* written after users (cloud-init's final stage) */
};

enum seed_etc_hosts { SEED_HOSTS_MANAGED, SEED_HOSTS_LEFT };

/* A key noted as not supported, once: where ("users[]."), its name. */
struct seed_ignored {
	const char *where;
	const char *key;
};

struct cloud_config {
	const char *hostname; /* NULL: meta-data's local-hostname, or the image's */
	const char *fqdn;
	bool preserve_hostname;
	bool prefer_fqdn;
	enum seed_etc_hosts etc_hosts;
	const char *keys[SEED_KEYS_MAX]; /* root's */
	size_t key_count;
	struct seed_user users[SEED_USERS_MAX];
	size_t user_count;
	struct seed_group groups[SEED_GROUPS_MAX];
	size_t group_count;
	struct seed_file files[SEED_FILES_MAX];
	size_t file_count;
	const char *runcmd[SEED_COMMANDS_MAX]; /* shell command lines */
	size_t runcmd_count;
	const char *bootcmd[SEED_COMMANDS_MAX];
	size_t bootcmd_count;
	bool ntp; /* ntp: {enabled: false} turns ntpd off */
	struct seed_ignored ignored[YAML_NODES_MAX]; /* each key once, all of them */
	size_t ignored_count;
	char text[8192]; /* argv lists quoted into command lines, owner names */
	size_t text_used;
	char error[SEED_ERROR_MAX];
};

struct meta_data {
	const char *instance_id;
	const char *local_hostname; /* NULL when absent */
	char error[SEED_ERROR_MAX];
};

/* user-data's text: "#cloud-config" on its first line, then the subset.
 * Returns false with cc->error set (nothing of it is to be applied). */
bool cloud_config_parse(const char *text, size_t len, struct yaml_doc *doc,
			struct cloud_config *cc);
/* meta-data's text; instance-id is required. */
bool meta_data_parse(const char *text, size_t len, struct yaml_doc *doc, struct meta_data *md);
/* A host name DNS takes: 1-253 of [A-Za-z0-9-.], not starting or ending
 * with '-' or '.' (the kernel's hostname: 64 at most). */
bool seed_hostname_valid(const char *name);
/* One line of an authorized_keys file: no newline, printable. */
bool seed_key_valid(const char *key);
/* A user or group name: 1-32 of [a-z0-9_-], not starting with a digit
 * or '-' (what useradd takes by default; nothing that breaks a colon
 * separated line). */
bool seed_name_valid(const char *name);

#endif
