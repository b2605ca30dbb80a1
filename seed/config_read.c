/* Shared checks of the #cloud-config readers (see config_read.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config_read.h"

bool config_bad(char *error, const struct yaml_node *n, const char *fmt, ...)
{
	va_list ap;
	int len = snprintf(error, SEED_ERROR_MAX, "line %u: ", n->line);

	va_start(ap, fmt);
	vsnprintf(error + len, SEED_ERROR_MAX - (size_t)len, fmt, ap);
	va_end(ap);
	return false;
}

void config_ignore(struct cloud_config *cc, const char *where, const char *key)
{
	size_t i;

	for (i = 0; i < cc->ignored_count; i++)
		if (strcmp(cc->ignored[i].where, where) == 0 && strcmp(cc->ignored[i].key, key) == 0)
			return;
	/* Bounded: each noted key is a node of the document. */
	if (cc->ignored_count < YAML_NODES_MAX)
		cc->ignored[cc->ignored_count++] = (struct seed_ignored){ where, key };
}

bool config_refuse(struct cloud_config *cc, const struct yaml_node *e, const char *where)
{
	return config_bad(cc->error, e,
			  "%s%.40s is not supported and changes what would be written; user-data refused",
			  where, e->key);
}

bool config_key_is(const char *key, const char *name)
{
	for (; *key && *name; key++, name++)
		if (*key != *name && !(*key == '-' && *name == '_'))
			return false;
	return *key == *name;
}

/* How a value is named in an error: its key, or "item" in a list. */
static const char *label(const struct yaml_node *n)
{
	return n->key ? n->key : "item";
}

bool config_is_scalar(const struct yaml_node *n)
{
	return n->kind == YAML_SCALAR;
}

bool config_is_null(const struct yaml_node *n)
{
	return n->kind == YAML_SCALAR && n->plain &&
	       (!n->value[0] || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0);
}

bool config_bool(const struct yaml_node *n, bool *out, char *error)
{
	static const char *const words[] = { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON",
					     "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF" };
	size_t i;

	for (i = 0; n->kind == YAML_SCALAR && n->plain && i < sizeof words / sizeof words[0]; i++)
		if (strcmp(n->value, words[i]) == 0) {
			*out = i < 9;
			return true;
		}
	return config_bad(error, n, "%s: want true or false", label(n));
}

bool config_line(const struct yaml_node *n, size_t max, bool colon_ok, const char **out,
		 char *error)
{
	const unsigned char *c;

	if (n->kind != YAML_SCALAR || n->value_len > max)
		return config_bad(error, n, "%s: want one line of at most %zu bytes", label(n), max);
	for (c = (const unsigned char *)n->value; *c; c++)
		if (*c < ' ' || *c == 0x7f || (*c == ':' && !colon_ok))
			return config_bad(error, n, "%s: control characters%s are not allowed", label(n),
					  colon_ok ? "" : " and ':'");
	*out = n->value;
	return true;
}

bool config_path(const struct yaml_node *n, bool no_colon, const char **out, char *error)
{
	const char *v = n->value, *c;
	size_t len;

	if (n->kind != YAML_SCALAR || v[0] != '/' || n->value_len >= SEED_PATH_MAX)
		return config_bad(error, n, "%s: want an absolute path below %d bytes", label(n),
				  SEED_PATH_MAX);
	for (c = v; *c; c += len + (c[len] == '/')) {
		c += *c == '/';
		len = strcspn(c, "/");
		if (len > 255 || (len == 2 && c[0] == '.' && c[1] == '.'))
			return config_bad(error, n, "%s: a component is '..' or above 255 bytes", label(n));
	}
	for (c = v; *c; c++)
		if ((unsigned char)*c < ' ' || *c == 0x7f || (no_colon && *c == ':'))
			return config_bad(error, n, "%s: control characters%s are not allowed", label(n),
					  no_colon ? " and ':'" : "");
	*out = v;
	return true;
}

/* One name of a comma separated list into names[]. */
static bool add_name(struct cloud_config *cc, const struct yaml_node *n, const char *what,
		     const char *s, size_t len, const char **names, size_t *count, size_t max)
{
	const char *name;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return true;
	if (*count >= max)
		return config_bad(cc->error, n, "%s: more than %zu names", what, max);
	if ((name = config_put(cc, s, len)) == NULL || !seed_name_valid(name))
		return config_bad(cc->error, n, "%s: '%.*s' is not 1-%d of [a-z0-9_-]", what,
				  (int)(len > 32 ? 32 : len), s, SEED_NAME_MAX);
	names[(*count)++] = name;
	return true;
}

bool config_names(const struct yaml_doc *doc, const struct yaml_node *n, const char **names,
		  size_t *count, size_t max, struct cloud_config *cc)
{
	const struct yaml_node *item;
	const char *s, *comma, *what = label(n);

	if (config_is_null(n))
		return true;
	if (n->kind == YAML_SCALAR) {
		for (s = n->value; (comma = strchr(s, ',')); s = comma + 1)
			if (!add_name(cc, n, what, s, (size_t)(comma - s), names, count, max))
				return false;
		return add_name(cc, n, what, s, strlen(s), names, count, max);
	}
	if (n->kind != YAML_SEQ)
		return config_bad(cc->error, n, "%s: want a list of names", what);
	for (item = yaml_child(doc, n); item; item = yaml_next(doc, item)) {
		if (item->kind != YAML_SCALAR)
			return config_bad(cc->error, item, "%s: want a list of names", what);
		if (!add_name(cc, item, what, item->value, item->value_len, names, count, max))
			return false;
	}
	return true;
}

const char *config_put(struct cloud_config *cc, const char *s, size_t len)
{
	char *copy = cc->text + cc->text_used;

	if (len >= sizeof cc->text - cc->text_used)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	cc->text_used += len + 1;
	return copy;
}
