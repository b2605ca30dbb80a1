#ifndef EBB_CLOUD_CONFIG_H
#define EBB_CLOUD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "yaml.h"

/* What ebb takes from a NoCloud seed: meta-data's instance-id and
 * local-hostname, and the #cloud-config subset dev VMs use (hostname,
 * ssh_authorized_keys, users, write_files, runcmd, ntp.enabled). Strings
 * point into the yaml_doc they were read from, or into `text`. */
enum {
	SEED_KEYS_MAX = 16,
	SEED_USERS_MAX = 8,
	SEED_FILES_MAX = 16,
	SEED_RUNCMD_MAX = 32,
	SEED_IGNORED_MAX = 16,
	SEED_NAME_MAX = 32,
	SEED_HOSTNAME_MAX = 64,
	SEED_ERROR_MAX = 200,
};

struct seed_user {
	const char *name;
	const char *shell; /* NULL: /bin/sh */
	const char *keys[SEED_KEYS_MAX];
	size_t key_count;
};

struct seed_file {
	const char *path;
	const char *content;
	size_t content_len;
	unsigned mode; /* 0644 unless `permissions` says otherwise */
};

struct cloud_config {
	const char *hostname; /* NULL: keep the image's */
	const char *keys[SEED_KEYS_MAX]; /* root's */
	size_t key_count;
	struct seed_user users[SEED_USERS_MAX];
	size_t user_count;
	struct seed_file files[SEED_FILES_MAX];
	size_t file_count;
	const char *runcmd[SEED_RUNCMD_MAX]; /* shell command lines */
	size_t runcmd_count;
	bool ntp; /* ntp: {enabled: false} turns ntpd off */
	/* Keys outside the subset ("users[0].sudo"), logged and ignored. */
	char ignored[SEED_IGNORED_MAX][48];
	size_t ignored_count;
	char text[8192]; /* runcmd argv lists quoted into command lines */
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
/* A host name the kernel and DNS take: 1-64 of [A-Za-z0-9-.], not
 * starting or ending with '-' or '.'. */
bool seed_hostname_valid(const char *name);
/* One line of an authorized_keys file: no newline, printable. */
bool seed_key_valid(const char *key);

#endif
