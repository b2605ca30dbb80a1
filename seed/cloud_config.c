/* The #cloud-config subset and meta-data, read from a parsed yaml_doc
 * (see cloud_config.h). A value of the wrong shape is an error for the
 * whole document; a key outside the subset is only noted. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cloud_config.h"

static bool bad(char *error, const struct yaml_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool bad(char *error, const struct yaml_node *n, const char *fmt, ...)
{
	va_list ap;
	int len = snprintf(error, SEED_ERROR_MAX, "line %u: ", n->line);

	va_start(ap, fmt);
	vsnprintf(error + len, SEED_ERROR_MAX - (size_t)len, fmt, ap);
	va_end(ap);
	return false;
}

static void ignore(struct cloud_config *cc, const char *where, const char *key)
{
	if (cc->ignored_count < SEED_IGNORED_MAX)
		snprintf(cc->ignored[cc->ignored_count++], sizeof cc->ignored[0], "%s%s", where, key);
}

bool seed_hostname_valid(const char *name)
{
	size_t len = strlen(name), i;

	if (len == 0 || len > SEED_HOSTNAME_MAX || strchr("-.", name[0]) || strchr("-.", name[len - 1]))
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

static bool name_valid(const char *name)
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

static bool is_scalar(const struct yaml_node *n)
{
	return n->kind == YAML_SCALAR;
}

/* A list of keys (ssh_authorized_keys) into keys[]. */
static bool read_keys(const struct yaml_doc *doc, const struct yaml_node *list, const char **keys,
		      size_t *count, char *error)
{
	const struct yaml_node *k;

	if (list->kind != YAML_SEQ)
		return bad(error, list, "%s: want a list of keys", list->key ? list->key : "keys");
	for (k = yaml_child(doc, list); k; k = yaml_next(doc, k)) {
		if (!is_scalar(k) || !seed_key_valid(k->value))
			return bad(error, k, "not an SSH public key (ssh-ed25519 AAAA... or ssh-rsa AAAA...)");
		if (*count >= SEED_KEYS_MAX)
			return bad(error, k, "more than %d keys", SEED_KEYS_MAX);
		keys[(*count)++] = k->value;
	}
	return true;
}

static bool read_user(const struct yaml_doc *doc, const struct yaml_node *item,
		      struct cloud_config *cc)
{
	struct seed_user *u;
	const struct yaml_node *e;

	if (is_scalar(item) && strcmp(item->value, "default") == 0)
		return true; /* the image's own users */
	if (item->kind != YAML_MAP)
		return bad(cc->error, item, "users: want 'default' or a mapping with name:");
	if (cc->user_count >= SEED_USERS_MAX)
		return bad(cc->error, item, "more than %d users", SEED_USERS_MAX);
	u = &cc->users[cc->user_count];
	memset(u, 0, sizeof *u);
	for (e = yaml_child(doc, item); e; e = yaml_next(doc, e)) {
		if (strcmp(e->key, "name") == 0 && is_scalar(e)) {
			if (!name_valid(e->value))
				return bad(cc->error, e, "users: name '%.32s' is not 1-%d of [a-z0-9_-]",
					   e->value, SEED_NAME_MAX);
			u->name = e->value;
		} else if (strcmp(e->key, "shell") == 0 && is_scalar(e)) {
			if (e->value[0] != '/' || strchr(e->value, ':'))
				return bad(cc->error, e, "users: shell must be an absolute path");
			u->shell = e->value;
		} else if (strcmp(e->key, "ssh_authorized_keys") == 0) {
			if (!read_keys(doc, e, u->keys, &u->key_count, cc->error))
				return false;
		} else {
			ignore(cc, "users[].", e->key);
		}
	}
	if (!u->name)
		return bad(cc->error, item, "users: an entry without name:");
	cc->user_count++;
	return true;
}

/* permissions: '0644' (a string or a number, read as octal). */
static bool read_mode(const struct yaml_node *n, unsigned *mode, char *error)
{
	const char *c = n->value;
	unsigned m = 0;

	if (*c == '\0' || strlen(c) > 5)
		return bad(error, n, "permissions: want octal like '0644'");
	for (; *c; c++) {
		if (*c < '0' || *c > '7')
			return bad(error, n, "permissions: want octal like '0644'");
		m = m * 8 + (unsigned)(*c - '0');
	}
	if (m > 07777)
		return bad(error, n, "permissions: above 07777");
	*mode = m;
	return true;
}

static bool read_file(const struct yaml_doc *doc, const struct yaml_node *item,
		      struct cloud_config *cc)
{
	struct seed_file *f;
	const struct yaml_node *e;

	if (item->kind != YAML_MAP)
		return bad(cc->error, item, "write_files: want mappings with path: and content:");
	if (cc->file_count >= SEED_FILES_MAX)
		return bad(cc->error, item, "more than %d write_files", SEED_FILES_MAX);
	f = &cc->files[cc->file_count];
	*f = (struct seed_file){ .content = "", .mode = 0644 };
	for (e = yaml_child(doc, item); e; e = yaml_next(doc, e)) {
		if (strcmp(e->key, "path") == 0 && is_scalar(e)) {
			if (e->value[0] != '/' || strstr(e->value, "/../") || strlen(e->value) > 255)
				return bad(cc->error, e, "write_files: path must be absolute, without /../");
			f->path = e->value;
		} else if (strcmp(e->key, "content") == 0 && is_scalar(e)) {
			f->content = e->value;
			f->content_len = e->value_len;
		} else if (strcmp(e->key, "permissions") == 0 && is_scalar(e)) {
			if (!read_mode(e, &f->mode, cc->error))
				return false;
		} else {
			ignore(cc, "write_files[].", e->key);
		}
	}
	if (!f->path)
		return bad(cc->error, item, "write_files: an entry without path:");
	cc->file_count++;
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

/* runcmd's [argv, ...] form: each word in single quotes, as cloud-init does. */
static const char *quote_argv(const struct yaml_doc *doc, const struct yaml_node *list,
			      struct cloud_config *cc)
{
	const struct yaml_node *w;
	size_t start = cc->text_used;
	const char *c;

	for (w = yaml_child(doc, list); w; w = yaml_next(doc, w)) {
		if (!is_scalar(w))
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

static bool read_runcmd(const struct yaml_doc *doc, const struct yaml_node *list,
			struct cloud_config *cc)
{
	const struct yaml_node *item;
	const char *line;

	if (list->kind != YAML_SEQ)
		return bad(cc->error, list, "runcmd: want a list of commands");
	for (item = yaml_child(doc, list); item; item = yaml_next(doc, item)) {
		if (cc->runcmd_count >= SEED_RUNCMD_MAX)
			return bad(cc->error, item, "more than %d runcmd entries", SEED_RUNCMD_MAX);
		line = is_scalar(item) ? item->value : item->kind == YAML_SEQ ? quote_argv(doc, item, cc) : NULL;
		if (!line || !line[0])
			return bad(cc->error, item, "runcmd: want a command line or a list of words");
		cc->runcmd[cc->runcmd_count++] = line;
	}
	return true;
}

static bool read_ntp(const struct yaml_doc *doc, const struct yaml_node *ntp, struct cloud_config *cc)
{
	const struct yaml_node *enabled = yaml_get(doc, ntp, "enabled");

	if (ntp->kind != YAML_MAP || (enabled && !is_scalar(enabled)))
		return bad(cc->error, ntp, "ntp: want a mapping with enabled: true or false");
	if (enabled && strcmp(enabled->value, "false") == 0)
		cc->ntp = false;
	else if (enabled && strcmp(enabled->value, "true") != 0)
		return bad(cc->error, enabled, "ntp: enabled: want true or false");
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
		return bad(cc->error, list, "%s: want a list", list->key);
	for (item = yaml_child(doc, list); item; item = yaml_next(doc, item))
		if (!read(doc, item, cc))
			return false;
	return true;
}

/* Each top-level key to its reader; false when the value is malformed. */
static bool read_entry(const struct yaml_doc *doc, const struct yaml_node *e, struct cloud_config *cc)
{
	if (strcmp(e->key, "hostname") == 0) {
		if (!is_scalar(e) || !seed_hostname_valid(e->value))
			return bad(cc->error, e, "hostname: want 1-%d of [A-Za-z0-9.-]", SEED_HOSTNAME_MAX);
		cc->hostname = e->value;
	} else if (strcmp(e->key, "ssh_authorized_keys") == 0) {
		return read_keys(doc, e, cc->keys, &cc->key_count, cc->error);
	} else if (strcmp(e->key, "users") == 0) {
		return read_list(doc, e, read_user, cc);
	} else if (strcmp(e->key, "write_files") == 0) {
		return read_list(doc, e, read_file, cc);
	} else if (strcmp(e->key, "runcmd") == 0) {
		return read_runcmd(doc, e, cc);
	} else if (strcmp(e->key, "ntp") == 0) {
		return read_ntp(doc, e, cc);
	} else {
		ignore(cc, "", e->key);
	}
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
	if (!id || !is_scalar(id) || !id->value[0] || id->value_len > 128 || strchr(id->value, '/'))
		return bad(md->error, id ? id : root, "instance-id: want 1-128 characters without '/'");
	md->instance_id = id->value;
	if (host) {
		if (!is_scalar(host) || !seed_hostname_valid(host->value))
			return bad(md->error, host, "local-hostname: want 1-%d of [A-Za-z0-9.-]",
				   SEED_HOSTNAME_MAX);
		md->local_hostname = host->value;
	}
	return true;
}
