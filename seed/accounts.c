/* The account files as text (see accounts.h). */
#include "accounts.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "safe_path.h"
#include "seed_log.h"

static int load(struct account_file *f, const char *path, bool optional)
{
	ssize_t n = safe_read_file(path, f->text, sizeof f->text, &f->st);

	f->path = path;
	f->changed = false;
	f->present = n >= 0;
	f->len = n > 0 ? (size_t)n : 0;
	if (n < 0 && errno == ENOENT && !optional)
		seed_warn("ebb-seed: %s is missing", path);
	return n >= 0 || (optional && errno == ENOENT) ? 0 : -1;
}

int accounts_load(struct accounts *a)
{
	if (load(&a->passwd, "/etc/passwd", false) < 0 || load(&a->group, "/etc/group", false) < 0 ||
	    load(&a->shadow, "/etc/shadow", false) < 0 || load(&a->gshadow, "/etc/gshadow", true) < 0)
		return -1;
	return 0;
}

static int store(struct account_file *f)
{
	if (!f->changed)
		return 0;
	if (safe_write_file(f->path, f->text, f->len, f->st.st_mode & 07777, f->st.st_uid, f->st.st_gid) < 0)
		return -1;
	f->changed = false;
	return 0;
}

int accounts_store(struct accounts *a)
{
	if (store(&a->group) < 0 || store(&a->gshadow) < 0 || store(&a->passwd) < 0 ||
	    store(&a->shadow) < 0)
		return -1;
	return 0;
}

/* The line of f whose field 0 is name: its start, and *end its newline
 * (or the text's end); NULL when none is. */
static char *find_line(const struct account_file *f, const char *name, char **end)
{
	char *line = (char *)f->text, *stop = line + f->len, *nl;
	size_t len = strlen(name);

	for (; line < stop; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(stop - line));
		if (!nl)
			nl = stop;
		if ((size_t)(nl - line) > len && memcmp(line, name, len) == 0 && line[len] == ':') {
			*end = nl;
			return line;
		}
	}
	return NULL;
}

/* Field n (0-based) of the line [line, end): start and length. */
static const char *field(const char *line, const char *end, unsigned n, size_t *len)
{
	const char *colon;

	for (; n > 0; n--) {
		colon = memchr(line, ':', (size_t)(end - line));
		if (!colon)
			return NULL;
		line = colon + 1;
	}
	colon = memchr(line, ':', (size_t)(end - line));
	*len = (size_t)((colon ? colon : end) - line);
	return line;
}

bool account_has(const struct account_file *f, const char *name)
{
	char *end;

	return find_line(f, name, &end) != NULL;
}

/* A decimal field: its value, or false. */
static bool number(const char *s, size_t len, unsigned long *value)
{
	unsigned long v = 0;
	size_t i;

	if (!s || len == 0 || len > 10)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*value = v;
	return true;
}

/* Field n of [line, end) as a number. */
static bool number_field(const char *line, const char *end, unsigned n, unsigned long *value)
{
	size_t len = 0;
	const char *s = field(line, end, n, &len);

	return number(s, len, value);
}

bool account_id(const struct account_file *f, const char *name, unsigned long *id)
{
	char *end, *line = find_line(f, name, &end);

	return line && number_field(line, end, 2, id);
}

bool account_id_user(const struct account_file *f, unsigned long id, char *name)
{
	const char *line = f->text, *stop = line + f->len, *nl, *value;
	unsigned long v;
	size_t len = 0, name_len;

	for (; line < stop; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(stop - line));
		if (!nl)
			nl = stop;
		value = field(line, nl, 2, &len);
		if (value && number(value, len, &v) && v == id) {
			name_len = strcspn(line, ":\n");
			snprintf(name, SEED_NAME_MAX + 1, "%.*s", (int)name_len, line);
			return true;
		}
	}
	return false;
}

bool account_user(const struct account_file *passwd, const char *name, struct account_user *user)
{
	char *end, *line = find_line(passwd, name, &end);
	const char *home;
	size_t home_len = 0;

	if (!line || !number_field(line, end, 2, &user->uid) || !number_field(line, end, 3, &user->gid) ||
	    !(home = field(line, end, 5, &home_len)) || home_len == 0 || home_len >= sizeof user->home)
		return false;
	memcpy(user->home, home, home_len);
	user->home[home_len] = '\0';
	return true;
}

/* The highest id of f's lines in [from, 60000), or from - 1. */
static unsigned long highest_id(const struct account_file *f, unsigned long from)
{
	const char *line = f->text, *stop = line + f->len, *nl, *value;
	unsigned long v, high = from - 1;
	size_t len = 0;

	for (; line < stop; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(stop - line));
		if (!nl)
			nl = stop;
		value = field(line, nl, 2, &len);
		if (value && number(value, len, &v) && v >= from && v < 60000 && v > high)
			high = v;
	}
	return high;
}

/* As useradd picks: the preferred id if free, else one above the highest
 * in use, else the lowest free one. */
unsigned long account_free_id(const struct account_file *f, unsigned long from, unsigned long prefer)
{
	char name[SEED_NAME_MAX + 1];
	unsigned long id = highest_id(f, from) + 1;

	if (prefer >= from && prefer < 60000 && !account_id_user(f, prefer, name))
		return prefer;
	if (id < 60000)
		return id;
	for (id = from; id < 60000; id++)
		if (!account_id_user(f, id, name))
			return id;
	return 0;
}

int account_append(struct account_file *f, const char *line)
{
	size_t len = strlen(line), newline = f->len > 0 && f->text[f->len - 1] != '\n';

	if (len + newline + 1 > sizeof f->text - f->len) {
		seed_warn("ebb-seed: %s: above %zu bytes; nothing added", f->path, sizeof f->text);
		return -1;
	}
	if (newline)
		f->text[f->len++] = '\n';
	memcpy(f->text + f->len, line, len);
	f->len += len;
	f->text[f->len++] = '\n';
	f->changed = true;
	return 0;
}

/* Inserts bytes at pos. */
static int insert(struct account_file *f, char *pos, const char *bytes, size_t len)
{
	if (len > sizeof f->text - f->len) {
		seed_warn("ebb-seed: %s: above %zu bytes; not changed", f->path, sizeof f->text);
		return -1;
	}
	memmove(pos + len, pos, (size_t)(f->text + f->len - pos));
	memcpy(pos, bytes, len);
	f->len += len;
	f->changed = true;
	return 0;
}

int account_add_member(struct account_file *f, const char *group, const char *user)
{
	char *end, *line = find_line(f, group, &end);
	const char *members, *m;
	size_t len = 0, user_len = strlen(user), n;
	char entry[SEED_NAME_MAX + 2];

	if (!line || !(members = field(line, end, 3, &len))) {
		seed_warn("ebb-seed: %s: no group %s to add %s to", f->path, group, user);
		return -1;
	}
	for (m = members; m < members + len; m += n + 1) {
		n = strcspn(m, ",:\n");
		if (n == user_len && memcmp(m, user, n) == 0)
			return 0;
	}
	n = (size_t)snprintf(entry, sizeof entry, "%s%s", len ? "," : "", user);
	return insert(f, (char *)members + len, entry, n);
}

int account_prefix_field(struct account_file *f, const char *name, char prefix)
{
	char *end, *line = find_line(f, name, &end);
	const char *value;
	size_t len = 0;

	if (!line || !(value = field(line, end, 1, &len))) {
		seed_warn("ebb-seed: %s: no line for %s", f->path, name);
		return -1;
	}
	if (len > 0 && value[0] == prefix)
		return 0;
	return insert(f, (char *)value, &prefix, 1);
}
