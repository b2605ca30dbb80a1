/* The NoCloud seed: the input as user-data (cloud_config_parse) and as
 * meta-data (meta_data_parse), and its first bytes as a device header
 * (volume_label). What an accepted seed promises: counts within their
 * limits, strings inside the parser's own storage, absolute paths,
 * modes below 07777, valid keys and names; a refused one has an error. */
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

static void check_config(const struct cloud_config *cc)
{
	size_t i, k;

	FUZZ_CHECK(cc->key_count <= SEED_KEYS_MAX && cc->user_count <= SEED_USERS_MAX);
	FUZZ_CHECK(cc->file_count <= SEED_FILES_MAX && cc->runcmd_count <= SEED_RUNCMD_MAX);
	FUZZ_CHECK(cc->ignored_count <= SEED_IGNORED_MAX);
	FUZZ_CHECK(!cc->hostname || seed_hostname_valid(cc->hostname));
	for (i = 0; i < cc->key_count; i++)
		FUZZ_CHECK(seed_key_valid(cc->keys[i]));
	for (i = 0; i < cc->user_count; i++) {
		check_string(cc->users[i].name, cc);
		FUZZ_CHECK(cc->users[i].name[0] && strlen(cc->users[i].name) <= SEED_NAME_MAX);
		FUZZ_CHECK(!cc->users[i].shell || cc->users[i].shell[0] == '/');
		FUZZ_CHECK(cc->users[i].key_count <= SEED_KEYS_MAX);
		for (k = 0; k < cc->users[i].key_count; k++)
			FUZZ_CHECK(seed_key_valid(cc->users[i].keys[k]));
	}
	for (i = 0; i < cc->file_count; i++) {
		check_string(cc->files[i].path, cc);
		FUZZ_CHECK(cc->files[i].path[0] == '/' && cc->files[i].mode <= 07777);
		FUZZ_CHECK(strlen(cc->files[i].content) <= cc->files[i].content_len ||
			   cc->files[i].content_len == 0);
	}
	for (i = 0; i < cc->runcmd_count; i++) {
		check_string(cc->runcmd[i], cc);
		FUZZ_CHECK(cc->runcmd[i][0] != '\0');
	}
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
		FUZZ_CHECK(cc.error[0] != '\0');
	if (meta_data_parse(buf, size, &doc, &md)) {
		FUZZ_CHECK(md.instance_id && md.instance_id[0] && !strchr(md.instance_id, '/'));
		FUZZ_CHECK(!md.local_hostname || seed_hostname_valid(md.local_hostname));
	} else {
		FUZZ_CHECK(md.error[0] != '\0');
	}
	if (volume_label(data, size, label))
		FUZZ_CHECK(strlen(label) <= VOLUME_LABEL_MAX);
	free(buf);
	return 0;
}
