/* The #cloud-config subset and meta-data, read from a parsed yaml_doc
 * (see cloud_config.h): the top-level keys here, users: and groups: in
 * config_users.c, write_files: in config_files.c. */
#include <stdio.h>
#include <string.h>

#include "config_read.h"

bool seed_hostname_valid(const char *name)
{
	size_t len = strlen(name), i;

	if (len == 0 || len > SEED_FQDN_MAX || strchr("-.", name[0]) || strchr("-.", name[len - 1]))
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.'))
			return false;
	}
	return true;
}

bool seed_key_valid(const char *key)
{
	const unsigned char *c;

	if (strncmp(key, "ssh-", 4) != 0 && strncmp(key, "ecdsa-", 6) != 0 &&
	    strncmp(key, "sk-", 3) != 0)
		return false;
	for (c = (const unsigned char *)key; *c; c++)
		if (*c < ' ' || *c == 0x7f)
			return false;
	return true;
}

bool seed_name_valid(const char *name)
{
	size_t len = strlen(name), i;

	if (len == 0 || len > SEED_NAME_MAX || name[0] == '-' || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool put_text(struct cloud_config *cc, const char *s, size_t len)
{
	if (len > sizeof cc->text - 1 - cc->text_used)
		return false;
	memcpy(cc->text + cc->text_used, s, len);
	cc->text_used += len;
	return true;
}

/* A command's [argv, ...] form: each word in single quotes, as cloud-init does. */
static const char *quote_argv(const struct yaml_doc *doc, const struct yaml_node *list,
			      struct cloud_config *cc)
{
	const struct yaml_node *w;
	size_t start = cc->text_used;
	const char *c;

	for (w = yaml_child(doc, list); w; w = yaml_next(doc, w)) {
		if (!config_is_scalar(w))
			return NULL;
		if ((w != yaml_child(doc, list) && !put_text(cc, " ", 1)) || !put_text(cc, "'", 1))
			return NULL;
		for (c = w->value; *c; c++)
			if (!(*c == '\'' ? put_text(cc, "'\\''", 4) : put_text(cc, c, 1)))
				return NULL;
		if (!put_text(cc, "'", 1))
			return NULL;
	}
	if (cc->text_used == start || !put_text(cc, "", 1))
		return NULL;
	return cc->text + start;
}

/* runcmd: or bootcmd:, a list of command lines or of argv lists. */
static bool read_commands(const struct yaml_doc *doc, const struct yaml_node *list,
			  const char **commands, size_t *count, struct cloud_config *cc)
{
	const struct yaml_node *item;
	const char *line;

	if (list->kind != YAML_SEQ)
		return config_bad(cc->error, list, "%s: want a list of commands", list->key);
	for (item = yaml_child(doc, list); item; item = yaml_next(doc, item)) {
		if (*count >= SEED_COMMANDS_MAX)
			return config_bad(cc->error, item, "more than %d %s entries", SEED_COMMANDS_MAX,
					  list->key);
		line = config_is_scalar(item) ? item->value :
		       item->kind == YAML_SEQ ? quote_argv(doc, item, cc) : NULL;
		if (!line || !line[0])
			return config_bad(cc->error, item, "%s: want a command line or a list of words",
					  list->key);
		commands[(*count)++] = line;
	}
	return true;
}

/* ntp: enabled: is ebb's; its servers and pools come from DHCP. */
static bool read_ntp(const struct yaml_doc *doc, const struct yaml_node *ntp, struct cloud_config *cc)
{
	const struct yaml_node *e;

	if (ntp->kind != YAML_MAP)
		return config_bad(cc->error, ntp, "ntp: want a mapping with enabled: true or false");
	for (e = yaml_child(doc, ntp); e; e = yaml_next(doc, e)) {
		if (strcmp(e->key, "enabled") != 0)
			config_ignore(cc, "ntp.", e->key);
		else if (!config_bool(e, &cc->ntp, cc->error))
			return false;
	}
	return true;
}

typedef bool item_reader(const struct yaml_doc *doc, const struct yaml_node *item,
			 struct cloud_config *cc);

/* Each item of a list value through read; false at the first bad one. */
static bool read_list(const struct yaml_doc *doc, const struct yaml_node *list,
		      item_reader *read, struct cloud_config *cc)
{
	const struct yaml_node *item;

	if (list->kind != YAML_SEQ)
		return config_bad(cc->error, list, "%s: want a list", list->key);
	for (item = yaml_child(doc, list); item; item = yaml_next(doc, item))
		if (!read(doc, item, cc))
			return false;
	return true;
}

static bool read_hostname(const struct yaml_node *e, const char **out, size_t max, char *error)
{
	if (!config_is_scalar(e) || strlen(e->value) > max || !seed_hostname_valid(e->value))
		return config_bad(error, e, "%s: want 1-%zu of [A-Za-z0-9.-]", e->key, max);
	*out = e->value;
	return true;
}

/* manage_etc_hosts: true, 'template' or 'localhost' (the 127.0.1.1
 * line), or false (left as it is). */
static bool read_etc_hosts(const struct yaml_node *e, struct cloud_config *cc)
{
	bool on;

	if (config_is_scalar(e) && (strcmp(e->value, "template") == 0 || strcmp(e->value, "localhost") == 0))
		on = true;
	else if (!config_bool(e, &on, cc->error))
		return false;
	cc->etc_hosts = on ? SEED_HOSTS_MANAGED : SEED_HOSTS_LEFT;
	return true;
}

/* Keys that change how the rest is read or whose account gets what:
 * without them the document means something else. */
static bool refused_key(const char *key)
{
	static const char *const keys[] = { "user", "merge_how", "merge_type" };
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* Each top-level key to its reader; false when the document is refused. */
static bool read_entry(const struct yaml_doc *doc, const struct yaml_node *e, struct cloud_config *cc)
{
	if (strcmp(e->key, "hostname") == 0)
		return read_hostname(e, &cc->hostname, SEED_HOSTNAME_MAX, cc->error);
	if (strcmp(e->key, "fqdn") == 0)
		return read_hostname(e, &cc->fqdn, SEED_FQDN_MAX, cc->error);
	if (strcmp(e->key, "preserve_hostname") == 0)
		return config_bool(e, &cc->preserve_hostname, cc->error);
	if (strcmp(e->key, "prefer_fqdn_over_hostname") == 0)
		return config_bool(e, &cc->prefer_fqdn, cc->error);
	if (strcmp(e->key, "manage_etc_hosts") == 0)
		return read_etc_hosts(e, cc);
	if (strcmp(e->key, "ssh_authorized_keys") == 0)
		return config_read_keys(doc, e, cc);
	if (strcmp(e->key, "users") == 0)
		return read_list(doc, e, config_read_user, cc);
	if (strcmp(e->key, "groups") == 0)
		return read_list(doc, e, config_read_group, cc);
	if (strcmp(e->key, "write_files") == 0)
		return read_list(doc, e, config_read_file, cc);
	if (strcmp(e->key, "runcmd") == 0)
		return read_commands(doc, e, cc->runcmd, &cc->runcmd_count, cc);
	if (strcmp(e->key, "bootcmd") == 0)
		return read_commands(doc, e, cc->bootcmd, &cc->bootcmd_count, cc);
	if (strcmp(e->key, "ntp") == 0)
		return read_ntp(doc, e, cc);
	if (refused_key(e->key))
		return config_refuse(cc, e, "");
	config_ignore(cc, "", e->key);
	return true;
}

bool cloud_config_parse(const char *text, size_t len, struct yaml_doc *doc, struct cloud_config *cc)
{
	static const char magic[] = "#cloud-config";
	const struct yaml_node *e;

	memset(cc, 0, sizeof *cc);
	cc->ntp = true;
	if (len < sizeof magic - 1 || memcmp(text, magic, sizeof magic - 1) != 0 ||
	    (len > sizeof magic - 1 && !strchr(" \t\r\n", text[sizeof magic - 1]))) {
		snprintf(cc->error, sizeof cc->error,
			 "does not start with #cloud-config (scripts and MIME archives are not supported)");
		return false;
	}
	if (!yaml_parse(text, len, doc)) {
		snprintf(cc->error, sizeof cc->error, "%s", doc->error);
		return false;
	}
	for (e = yaml_child(doc, &doc->nodes[0]); e; e = yaml_next(doc, e))
		if (!read_entry(doc, e, cc))
			return false;
	return true;
}

bool meta_data_parse(const char *text, size_t len, struct yaml_doc *doc, struct meta_data *md)
{
	const struct yaml_node *id, *host, *root;

	memset(md, 0, sizeof *md);
	if (!yaml_parse(text, len, doc)) {
		snprintf(md->error, sizeof md->error, "%s", doc->error);
		return false;
	}
	root = &doc->nodes[0];
	id = yaml_get(doc, root, "instance-id");
	host = yaml_get(doc, root, "local-hostname");
	if (!id || !config_is_scalar(id) || !id->value[0] || id->value_len > 128 ||
	    strchr(id->value, '/') || !config_line(id, 128, true, &md->instance_id, md->error))
		return config_bad(md->error, id ? id : root, "instance-id: want 1-128 characters without '/'");
	if (host && !read_hostname(host, &md->local_hostname, SEED_FQDN_MAX, md->error))
		return false;
	return true;
}
