#ifndef EBB_CONFIG_READ_H
#define EBB_CONFIG_READ_H

/* Shared by the readers of the #cloud-config subset (cloud_config.c,
 * config_users.c, config_files.c): errors, noted and refused keys, and
 * the checks every value passes before it can reach /etc. */
#include "cloud_config.h"

/* cc->error := "line N: ..."; returns false. */
bool config_bad(char *error, const struct yaml_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Notes where+key as not supported, once per key. */
void config_ignore(struct cloud_config *cc, const char *where, const char *key);
/* A key that changes what a supported step writes: the document is
 * refused. Returns false. */
bool config_refuse(struct cloud_config *cc, const struct yaml_node *e, const char *where);
/* Whether key is name, '-' and '_' alike (cloud-init's users[] keys). */
bool config_key_is(const char *key, const char *name);

bool config_is_scalar(const struct yaml_node *n);
/* YAML's null: a plain empty, ~ or null. */
bool config_is_null(const struct yaml_node *n);
/* A plain true/false (YAML 1.1's yes/no/on/off too, as cloud-init reads it). */
bool config_bool(const struct yaml_node *n, bool *out, char *error);
/* A one-line printable value of at most max bytes (no control bytes):
 * what may go into a colon separated line; colon_ok for sudo rules. */
bool config_line(const struct yaml_node *n, size_t max, bool colon_ok, const char **out,
		 char *error);
/* An absolute path of fewer than SEED_PATH_MAX bytes, without control
 * bytes, '..' components or (no_colon) ':'. */
bool config_path(const struct yaml_node *n, bool no_colon, const char **out, char *error);
/* Names (user or group names, seed_name_valid) from a list or from a
 * comma separated string, as cloud-init takes both. */
bool config_names(const struct yaml_doc *doc, const struct yaml_node *n, const char **names,
		  size_t *count, size_t max, struct cloud_config *cc);
/* A copy of s[0..len) in cc->text, NUL-terminated; NULL when full. */
const char *config_put(struct cloud_config *cc, const char *s, size_t len);

bool config_read_keys(const struct yaml_doc *doc, const struct yaml_node *list,
		      struct cloud_config *cc);
bool config_read_user(const struct yaml_doc *doc, const struct yaml_node *item,
		      struct cloud_config *cc);
bool config_read_group(const struct yaml_doc *doc, const struct yaml_node *item,
		       struct cloud_config *cc);
bool config_read_file(const struct yaml_doc *doc, const struct yaml_node *item,
		      struct cloud_config *cc);

#endif
