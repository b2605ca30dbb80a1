/* write_files: of #cloud-config (see cloud_config.h): every key of an
 * entry says what is written where, so one outside the subset (source:,
 * an unknown encoding) refuses the document instead of writing a file
 * that is not the one asked for. */
#include <string.h>
#include <strings.h>

#include "config_read.h"

/* permissions: '0644', 0644, '0o644' (cloud-init reads a string as
 * octal). A plain number without a leading 0 is decimal to YAML (644 is
 * mode 01204 to cloud-init): refused rather than guessed. */
static bool read_mode(const struct yaml_node *n, unsigned *mode, char *error)
{
	const char *c = n->value;
	unsigned m = 0;

	if (n->kind != YAML_SCALAR || *c == '\0' || strlen(c) > 6)
		return config_bad(error, n, "permissions: want octal like '0644'");
	if (n->plain && c[0] != '0')
		return config_bad(error, n, "permissions: %s is a decimal number to YAML; write '0%s'", c, c);
	if (c[0] == '0' && c[1] == 'o')
		c += 2;
	for (; *c; c++) {
		if (*c < '0' || *c > '7')
			return config_bad(error, n, "permissions: want octal like '0644'");
		m = m * 8 + (unsigned)(*c - '0');
	}
	if (m > 07777)
		return config_bad(error, n, "permissions: above 07777");
	*mode = m;
	return true;
}

/* encoding: cloud-init's names, any case, blanks around ignored. */
static bool read_encoding(const struct yaml_node *n, struct seed_file *f, char *error)
{
	static const struct {
		const char *name;
		unsigned base64;
		bool gzip;
	} encodings[] = {
		{ "text/plain", 0, false }, { "b64", 1, false },	  { "base64", 1, false },
		{ "gz", 0, true },	    { "gzip", 0, true },	  { "gz+b64", 1, true },
		{ "gz+base64", 1, true },   { "gzip+b64", 1, true }, { "gzip+base64", 1, true },
	};
	const char *v = n->value;
	size_t len, i;

	while (*v == ' ' || *v == '\t')
		v++;
	for (len = strlen(v); len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'); len--)
		;
	for (i = 0; n->kind == YAML_SCALAR && i < sizeof encodings / sizeof encodings[0]; i++)
		if (strlen(encodings[i].name) == len && strncasecmp(v, encodings[i].name, len) == 0) {
			f->base64_layers += encodings[i].base64;
			f->gzip = encodings[i].gzip;
			return true;
		}
	if (n->kind == YAML_SCALAR && len == 0)
		return true;
	return config_bad(error, n, "write_files[].encoding '%.20s' is not supported "
			  "(b64, gzip, gz+b64); user-data refused", n->kind == YAML_SCALAR ? n->value : "");
}

/* owner: "user:group", "user" (the group left as it is), or cloud-init's
 * "-1"/"none" for either. */
static bool read_owner(const struct yaml_node *n, struct seed_file *f, struct cloud_config *cc)
{
	const char *v = n->value, *colon = strchr(v, ':');
	size_t user_len = colon ? (size_t)(colon - v) : strlen(v);
	const char *user = config_put(cc, v, user_len), *group = colon ? colon + 1 : "";

	if (n->kind != YAML_SCALAR || !user)
		return config_bad(cc->error, n, "owner: want 'user:group'");
	if (strcmp(user, "-1") == 0 || strcasecmp(user, "none") == 0)
		user = "";
	if (strcmp(group, "-1") == 0 || strcasecmp(group, "none") == 0)
		group = "";
	if ((*user && !seed_name_valid(user)) || (*group && !seed_name_valid(group)))
		return config_bad(cc->error, n, "owner: '%.40s' is not user:group of [a-z0-9_-]", v);
	f->owner_given = true;
	f->owner = *user ? user : NULL;
	f->group = *group ? group : NULL;
	return true;
}

static bool read_file_key(const struct yaml_node *e, struct seed_file *f, struct cloud_config *cc)
{
	if (strcmp(e->key, "path") == 0)
		return config_path(e, false, &f->path, cc->error) &&
		       (f->path[e->value_len - 1] != '/' ||
			config_bad(cc->error, e, "path: names a directory, not a file"));
	if (strcmp(e->key, "content") == 0) {
		if (!config_is_scalar(e))
			return config_bad(cc->error, e, "content: want text");
		f->content = e->value;
		f->content_len = e->value_len;
		f->base64_layers += e->binary;
		return true;
	}
	if (strcmp(e->key, "permissions") == 0)
		return read_mode(e, &f->mode, cc->error);
	if (strcmp(e->key, "encoding") == 0)
		return read_encoding(e, f, cc->error);
	if (strcmp(e->key, "owner") == 0)
		return read_owner(e, f, cc);
	if (strcmp(e->key, "append") == 0)
		return config_bool(e, &f->append, cc->error);
	if (strcmp(e->key, "defer") == 0)
		return config_bool(e, &f->defer, cc->error);
	return config_refuse(cc, e, "write_files[].");
}

bool config_read_file(const struct yaml_doc *doc, const struct yaml_node *item,
		      struct cloud_config *cc)
{
	struct seed_file *f;
	const struct yaml_node *e;

	if (item->kind != YAML_MAP)
		return config_bad(cc->error, item, "write_files: want mappings with path: and content:");
	if (cc->file_count >= SEED_FILES_MAX)
		return config_bad(cc->error, item, "more than %d write_files", SEED_FILES_MAX);
	f = &cc->files[cc->file_count];
	*f = (struct seed_file){ .content = "", .mode = 0644 };
	for (e = yaml_child(doc, item); e; e = yaml_next(doc, e))
		if (!read_file_key(e, f, cc))
			return false;
	if (!f->path)
		return config_bad(cc->error, item, "write_files: an entry without path:");
	cc->file_count++;
	return true;
}
