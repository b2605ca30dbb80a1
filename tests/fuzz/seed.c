/* The NoCloud seed: the input as user-data (cloud_config_parse) and as
 * meta-data (meta_data_parse), and its first bytes as a device header
 * (volume_label). What an accepted seed promises, each checked exactly:
 * counts within their limits, strings inside the parser's own storage
 * with their stated lengths, every value that reaches /etc/passwd,
 * /etc/group or sudoers free of ':' and line breaks where it must be
 * (the passwd line a user would get has exactly six colons and one
 * line), paths absolute without '..' and below SEED_PATH_MAX, modes
 * below 07777, each noted key once; a refused one has an error naming
 * its line. */
#include "cloud_config.h"
#include "fuzz.h"
#include "volume_label.h"

static struct yaml_doc doc;

static void check_string(const char *s, const struct cloud_config *cc)
{
	const char *text = doc.text, *own = cc->text;

	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK((s >= text && s < text + sizeof doc.text) || (s >= own && s < own + sizeof cc->text));
	FUZZ_CHECK(memchr(s, '\0', (size_t)((s >= own && s < own + sizeof cc->text ? own + sizeof cc->text
										     : text + sizeof doc.text) - s)));
}

static int printable_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			return 0;
	return 1;
}

/* Whether a component of path is "..". */
static int has_dotdot(const char *path)
{
	size_t len;

	for (; *path; path += len) {
		path += strspn(path, "/");
		len = strcspn(path, "/");
		if (len == 2 && path[0] == '.' && path[1] == '.')
			return 1;
	}
	return 0;
}

static void check_path(const char *path, const struct cloud_config *cc)
{
	check_string(path, cc);
	FUZZ_CHECK(path[0] == '/' && strlen(path) < SEED_PATH_MAX && printable_line(path));
	FUZZ_CHECK(!has_dotdot(path));
}

/* The passwd line seed_users.c writes for u: one line, seven fields. */
static void check_passwd_line(const struct seed_user *u)
{
	char line[4096];
	size_t colons = 0, i;
	int n = snprintf(line, sizeof line, "%s:x:%ld:%ld:%s:%s:%s", u->name, u->uid, u->uid,
			 u->gecos ? u->gecos : "", u->homedir ? u->homedir : "/home/x",
			 u->shell ? u->shell : "/bin/sh");

	FUZZ_CHECK(n > 0 && (size_t)n < sizeof line);
	for (i = 0; line[i]; i++)
		colons += line[i] == ':';
	FUZZ_CHECK(colons == 6 && printable_line(line));
}

static void check_user(const struct seed_user *u, const struct cloud_config *cc)
{
	size_t k;

	check_string(u->name, cc);
	FUZZ_CHECK(seed_name_valid(u->name));
	FUZZ_CHECK(u->uid == -1 || (u->uid >= 1 && u->uid <= 2147483646));
	FUZZ_CHECK(!u->primary_group || seed_name_valid(u->primary_group));
	FUZZ_CHECK(!u->gecos || strlen(u->gecos) <= SEED_GECOS_MAX);
	if (u->homedir)
		check_path(u->homedir, cc);
	if (u->shell)
		check_path(u->shell, cc);
	check_passwd_line(u);
	FUZZ_CHECK(u->key_count <= SEED_KEYS_MAX && u->group_count <= SEED_USER_GROUPS_MAX &&
		   u->sudo_count <= SEED_SUDO_MAX);
	for (k = 0; k < u->key_count; k++)
		FUZZ_CHECK(seed_key_valid(u->keys[k]));
	for (k = 0; k < u->group_count; k++)
		FUZZ_CHECK(seed_name_valid(u->groups[k]));
	for (k = 0; k < u->sudo_count; k++)
		FUZZ_CHECK(strlen(u->sudo[k]) <= SEED_SUDO_RULE_MAX && printable_line(u->sudo[k]));
}

static void check_file(const struct seed_file *f, const struct cloud_config *cc)
{
	check_path(f->path, cc);
	FUZZ_CHECK(f->path[strlen(f->path) - 1] != '/');
	FUZZ_CHECK(f->mode <= 07777 && f->base64_layers <= 2);
	/* YAML refuses NUL bytes, so the length is the string's. */
	FUZZ_CHECK(strlen(f->content) == f->content_len);
	FUZZ_CHECK(!f->owner || seed_name_valid(f->owner));
	FUZZ_CHECK(!f->group || seed_name_valid(f->group));
	FUZZ_CHECK(f->owner_given || (!f->owner && !f->group));
}

static void check_config(const struct cloud_config *cc)
{
	size_t i, k;

	FUZZ_CHECK(cc->key_count <= SEED_KEYS_MAX && cc->user_count <= SEED_USERS_MAX);
	FUZZ_CHECK(cc->file_count <= SEED_FILES_MAX && cc->runcmd_count <= SEED_COMMANDS_MAX &&
		   cc->bootcmd_count <= SEED_COMMANDS_MAX && cc->group_count <= SEED_GROUPS_MAX);
	FUZZ_CHECK(!cc->hostname || (seed_hostname_valid(cc->hostname) && strlen(cc->hostname) <= SEED_HOSTNAME_MAX));
	FUZZ_CHECK(!cc->fqdn || seed_hostname_valid(cc->fqdn));
	for (i = 0; i < cc->key_count; i++)
		FUZZ_CHECK(seed_key_valid(cc->keys[i]));
	for (i = 0; i < cc->user_count; i++)
		check_user(&cc->users[i], cc);
	for (i = 0; i < cc->group_count; i++) {
		FUZZ_CHECK(seed_name_valid(cc->groups[i].name));
		for (k = 0; k < cc->groups[i].member_count; k++)
			FUZZ_CHECK(seed_name_valid(cc->groups[i].members[k]));
	}
	for (i = 0; i < cc->file_count; i++)
		check_file(&cc->files[i], cc);
	for (i = 0; i < cc->runcmd_count; i++) {
		check_string(cc->runcmd[i], cc);
		FUZZ_CHECK(cc->runcmd[i][0] != '\0');
	}
	for (i = 0; i < cc->bootcmd_count; i++)
		FUZZ_CHECK(cc->bootcmd[i][0] != '\0');
	FUZZ_CHECK(cc->ignored_count <= YAML_NODES_MAX);
	for (i = 0; i < cc->ignored_count; i++)
		for (k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(cc->ignored[i].where, cc->ignored[k].where) != 0 ||
				   strcmp(cc->ignored[i].key, cc->ignored[k].key) != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cloud_config cc;
	static struct meta_data md;
	char label[VOLUME_LABEL_MAX + 1];
	char *buf;

	if (size > YAML_TEXT_MAX + 16)
		return -1;
	buf = fuzz_copy(data, size, 0);
	if (cloud_config_parse(buf, size, &doc, &cc))
		check_config(&cc);
	else
		FUZZ_CHECK(strncmp(cc.error, "line ", 5) == 0 || strncmp(cc.error, "does not start", 14) == 0);
	if (meta_data_parse(buf, size, &doc, &md)) {
		FUZZ_CHECK(md.instance_id && md.instance_id[0] && !strchr(md.instance_id, '/'));
		FUZZ_CHECK(printable_line(md.instance_id) && strlen(md.instance_id) <= 128);
		FUZZ_CHECK(!md.local_hostname || seed_hostname_valid(md.local_hostname));
	} else {
		FUZZ_CHECK(strncmp(md.error, "line ", 5) == 0);
	}
	if (volume_label(data, size, label))
		FUZZ_CHECK(strlen(label) <= VOLUME_LABEL_MAX);
	free(buf);
	return 0;
}
