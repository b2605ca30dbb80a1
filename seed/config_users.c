/* users: and groups: of #cloud-config (see cloud_config.h). Every key of
 * a users[] entry shapes the account made, so one outside the subset
 * refuses the document instead of making a different account. */
#include <string.h>

#include "config_read.h"

/* A list of keys (ssh_authorized_keys) into keys[]. */
static bool read_keys(const struct yaml_doc *doc, const struct yaml_node *list, const char **keys,
		      size_t *count, char *error)
{
	const struct yaml_node *k;

	if (list->kind != YAML_SEQ)
		return config_bad(error, list, "%s: want a list of keys", list->key);
	for (k = yaml_child(doc, list); k; k = yaml_next(doc, k)) {
		if (!config_is_scalar(k) || !seed_key_valid(k->value))
			return config_bad(error, k, "not an SSH public key (ssh-ed25519 AAAA... or ssh-rsa AAAA...)");
		if (*count >= SEED_KEYS_MAX)
			return config_bad(error, k, "more than %d keys", SEED_KEYS_MAX);
		keys[(*count)++] = k->value;
	}
	return true;
}

bool config_read_keys(const struct yaml_doc *doc, const struct yaml_node *list,
		      struct cloud_config *cc)
{
	return read_keys(doc, list, cc->keys, &cc->key_count, cc->error);
}

/* uid: 1500 or "1500" (Lima quotes it): 1 to 2^31 - 2. */
static bool read_uid(const struct yaml_node *e, long *uid, char *error)
{
	const char *c = e->value;
	long v = 0;

	if (e->kind != YAML_SCALAR || !*c || strlen(c) > 10)
		return config_bad(error, e, "uid: want a number from 1 to 2147483646");
	for (; *c; c++) {
		if (*c < '0' || *c > '9')
			return config_bad(error, e, "uid: want a number from 1 to 2147483646");
		v = v * 10 + (*c - '0');
	}
	if (v < 1 || v > 2147483646)
		return config_bad(error, e, "uid: want a number from 1 to 2147483646");
	*uid = v;
	return true;
}

/* One sudoers rule into u->sudo[]. */
static bool add_rule(const struct yaml_node *rule, struct seed_user *u, char *error)
{
	if (u->sudo_count >= SEED_SUDO_MAX)
		return config_bad(error, rule, "sudo: more than %d rules", SEED_SUDO_MAX);
	return config_line(rule, SEED_SUDO_RULE_MAX, true, &u->sudo[u->sudo_count++], error);
}

/* sudo: a rule, a list of rules, or false/null for none. */
static bool read_sudo(const struct yaml_doc *doc, const struct yaml_node *e, struct seed_user *u,
		      char *error)
{
	const struct yaml_node *rule;
	bool on;

	if (config_is_null(e))
		return true;
	if (e->kind == YAML_SCALAR && e->plain && config_bool(e, &on, error))
		return on ? config_bad(error, e, "sudo: want a rule, a list of rules or false") : true;
	if (e->kind == YAML_SCALAR)
		return add_rule(e, u, error);
	if (e->kind != YAML_SEQ)
		return config_bad(error, e, "sudo: want a rule, a list of rules or false");
	for (rule = yaml_child(doc, e); rule; rule = yaml_next(doc, rule))
		if (!add_rule(rule, u, error))
			return false;
	return true;
}

static bool read_name(const struct yaml_node *e, const char **out, char *error)
{
	if (!config_is_scalar(e) || !seed_name_valid(e->value))
		return config_bad(error, e, "%s: '%.32s' is not 1-%d of [a-z0-9_-]", e->key,
				  config_is_scalar(e) ? e->value : "", SEED_NAME_MAX);
	*out = e->value;
	return true;
}

/* One key of a users[] entry; false (cc->error set) to refuse. */
static bool read_user_key(const struct yaml_doc *doc, const struct yaml_node *e, struct seed_user *u,
			  struct cloud_config *cc)
{
	char *error = cc->error;

	if (config_key_is(e->key, "name"))
		return read_name(e, &u->name, error);
	if (config_key_is(e->key, "primary_group"))
		return read_name(e, &u->primary_group, error);
	if (config_key_is(e->key, "gecos"))
		return config_line(e, SEED_GECOS_MAX, false, &u->gecos, error);
	if (config_key_is(e->key, "homedir"))
		return config_path(e, true, &u->homedir, error);
	if (config_key_is(e->key, "shell"))
		return config_path(e, true, &u->shell, error);
	if (config_key_is(e->key, "uid"))
		return read_uid(e, &u->uid, error);
	if (config_key_is(e->key, "lock_passwd"))
		return config_bool(e, &u->lock_passwd, error);
	if (config_key_is(e->key, "groups"))
		return config_names(doc, e, u->groups, &u->group_count, SEED_USER_GROUPS_MAX, cc);
	if (config_key_is(e->key, "sudo"))
		return read_sudo(doc, e, u, error);
	if (config_key_is(e->key, "ssh_authorized_keys"))
		return read_keys(doc, e, u->keys, &u->key_count, error);
	return config_refuse(cc, e, "users[].");
}

bool config_read_user(const struct yaml_doc *doc, const struct yaml_node *item,
		      struct cloud_config *cc)
{
	struct seed_user *u;
	const struct yaml_node *e;

	if (config_is_scalar(item) && strcmp(item->value, "default") == 0)
		return true; /* the image's own users */
	if (item->kind != YAML_MAP)
		return config_bad(cc->error, item, "users: want 'default' or a mapping with name:");
	if (cc->user_count >= SEED_USERS_MAX)
		return config_bad(cc->error, item, "more than %d users", SEED_USERS_MAX);
	u = &cc->users[cc->user_count];
	*u = (struct seed_user){ .uid = -1, .lock_passwd = true };
	for (e = yaml_child(doc, item); e; e = yaml_next(doc, e))
		if (!read_user_key(doc, e, u, cc))
			return false;
	if (!u->name)
		return config_bad(cc->error, item, "users: an entry without name:");
	cc->user_count++;
	return true;
}

/* groups: [name, {name: [members]}, ...] */
bool config_read_group(const struct yaml_doc *doc, const struct yaml_node *item,
		       struct cloud_config *cc)
{
	const struct yaml_node *e;
	struct seed_group *g;

	if (config_is_scalar(item)) {
		if (cc->group_count >= SEED_GROUPS_MAX || !seed_name_valid(item->value))
			return config_bad(cc->error, item, "groups: want at most %d names of [a-z0-9_-]",
					  SEED_GROUPS_MAX);
		cc->groups[cc->group_count++] = (struct seed_group){ .name = item->value };
		return true;
	}
	if (item->kind != YAML_MAP)
		return config_bad(cc->error, item, "groups: want names or 'name: [members]'");
	for (e = yaml_child(doc, item); e; e = yaml_next(doc, e)) {
		if (cc->group_count >= SEED_GROUPS_MAX || !seed_name_valid(e->key))
			return config_bad(cc->error, e, "groups: want at most %d names of [a-z0-9_-]",
					  SEED_GROUPS_MAX);
		g = &cc->groups[cc->group_count++];
		*g = (struct seed_group){ .name = e->key };
		if (!config_names(doc, e, g->members, &g->member_count, SEED_MEMBERS_MAX, cc))
			return false;
	}
	return true;
}
