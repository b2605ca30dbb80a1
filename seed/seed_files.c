/* write_files: (see seed_files.h). */
#include "seed_files.h"

#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "base64.h"
#include "inflate.h"
#include "safe_path.h"
#include "seed_log.h"

ssize_t seed_file_content(const struct seed_file *f, const unsigned char **out, const char **why)
{
	static unsigned char text[YAML_TEXT_MAX], data[SEED_CONTENT_MAX];
	ssize_t len = (ssize_t)f->content_len;
	unsigned i;

	if (f->content_len > sizeof text) {
		*why = "content above the seed's size";
		return -1;
	}
	memcpy(text, f->content, f->content_len);
	for (i = 0; i < f->base64_layers && len >= 0; i++)
		len = base64_decode((const char *)text, (size_t)len, text, sizeof text);
	if (len < 0) {
		*why = "content is not base64 (RFC 4648, '=' padded)";
		return -1;
	}
	*out = text;
	if (!f->gzip)
		return len;
	*out = data;
	return gunzip(text, (size_t)len, data, sizeof data, why);
}

/* owner:group as ids: -1 leaves one as it is; without owner: root:root. */
static int owner_ids(const struct seed_file *f, uid_t *uid, gid_t *gid)
{
	static struct accounts a;
	unsigned long id;

	*uid = f->owner_given ? (uid_t)-1 : 0;
	*gid = f->owner_given ? (gid_t)-1 : 0;
	if (!f->owner && !f->group)
		return 0;
	if (accounts_load(&a) < 0)
		return -1;
	if (f->owner && !account_id(&a.passwd, f->owner, &id)) {
		seed_warn("ebb-seed: write_files %s: owner %s is no user (users are made after "
			  "write_files; defer: true writes it after them)", f->path, f->owner);
		return -1;
	}
	if (f->owner)
		*uid = (uid_t)id;
	if (f->group && !account_id(&a.group, f->group, &id)) {
		seed_warn("ebb-seed: write_files %s: group %s is no group", f->path, f->group);
		return -1;
	}
	if (f->group)
		*gid = (gid_t)id;
	return 0;
}

int seed_write_file(const struct seed_file *f)
{
	const unsigned char *content;
	const char *why;
	ssize_t len = seed_file_content(f, &content, &why);
	uid_t uid;
	gid_t gid;
	int err;

	if (len < 0) {
		seed_warn("ebb-seed: write_files %s: %s; not written", f->path, why);
		return -1;
	}
	if (owner_ids(f, &uid, &gid) < 0)
		return -1;
	/* A new file is root's until chown: -1 leaves it so. */
	err = f->append ? safe_append_file(f->path, content, (size_t)len, f->mode, uid, gid) :
			  safe_write_file(f->path, content, (size_t)len, f->mode, uid, gid);
	if (err == 0)
		seed_info("ebb-seed: %s %s (%zd bytes, mode %04o, owner %s:%s)", f->append ? "appended to" : "wrote",
			  f->path, len, f->mode, f->owner ? f->owner : f->owner_given ? "-" : "root",
			  f->group ? f->group : f->owner_given ? "-" : "root");
	return err;
}
