/* The NoCloud seed's parsers: the YAML subset, the #cloud-config subset
 * and meta-data on fixtures, and the ISO9660/FAT labels on built headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cloud_config.h"
#include "fixture.h"
#include "volume_label.h"
#include "yaml.h"

static char text[YAML_TEXT_MAX + 1];
static struct yaml_doc doc;
static struct cloud_config cc;

static bool parse_fixture(const char *name)
{
	size_t len = fixture_read("seed", name, text, sizeof text - 1);

	return cloud_config_parse(text, len, &doc, &cc);
}

static bool parse_text(const char *s)
{
	return cloud_config_parse(s, strlen(s), &doc, &cc);
}

static void test_full(void **state)
{
	(void)state;
	assert_true(parse_fixture("user-data-full"));
	assert_string_equal(cc.hostname, "devbox");
	assert_int_equal(cc.key_count, 1);
	assert_string_equal(cc.keys[0], "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey1 alice@laptop");
	assert_int_equal(cc.user_count, 1);
	assert_string_equal(cc.users[0].name, "dev");
	assert_string_equal(cc.users[0].shell, "/bin/ash");
	assert_int_equal(cc.users[0].key_count, 2);
	assert_string_equal(cc.users[0].keys[0], "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQKey2");
	assert_string_equal(cc.users[0].keys[1], "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey3 quoted");
	assert_int_equal(cc.file_count, 2);
	assert_string_equal(cc.files[0].path, "/etc/profile.d/dev.sh");
	assert_int_equal(cc.files[0].mode, 0755);
	assert_string_equal(cc.files[0].content,
			    "export EDITOR=vi\n# kept: a comment inside a block\n\necho \"it's $HOME\"\n");
	assert_int_equal(cc.files[0].content_len, strlen(cc.files[0].content));
	assert_string_equal(cc.files[1].content, "one two\nthree");
	assert_int_equal(cc.files[1].mode, 0644);
	assert_int_equal(cc.runcmd_count, 3);
	assert_string_equal(cc.runcmd[0], "echo first >/root/first");
	assert_string_equal(cc.runcmd[1], "'sh' '-c' 'echo '\\''two words'\\'''");
	assert_string_equal(cc.runcmd[2], "echo single 'quoted'");
	assert_false(cc.ntp);
	assert_int_equal(cc.ignored_count, 2);
	assert_string_equal(cc.ignored[0], "users[].gecos");
	assert_string_equal(cc.ignored[1], "package_upgrade");
}

static void test_crlf(void **state)
{
	(void)state;
	assert_true(parse_fixture("user-data-crlf"));
	assert_string_equal(cc.hostname, "crlf");
	assert_int_equal(cc.runcmd_count, 1);
	assert_string_equal(cc.runcmd[0], "'a' 'b'");
	assert_true(cc.ntp);
}

static void test_errors(void **state)
{
	(void)state;
	assert_false(parse_fixture("user-data-garbage"));
	assert_string_equal(cc.error, "line 2: '{' (anchors, aliases, tags, flow mappings) is not supported here");
	assert_false(parse_fixture("user-data-badkey"));
	assert_non_null(strstr(cc.error, "line 3: not an SSH public key"));
	assert_false(parse_fixture("user-data-script"));
	assert_non_null(strstr(cc.error, "does not start with #cloud-config"));
	assert_false(parse_text("#cloud-config\nhostname: -bad\n"));
	assert_false(parse_text("#cloud-config\nusers:\n  - name: Root:x\n"));
	assert_false(parse_text("#cloud-config\nwrite_files:\n  - path: relative\n"));
	assert_false(parse_text("#cloud-config\nwrite_files:\n  - path: /a\n    permissions: '0999'\n"));
	assert_false(parse_text("#cloud-config\nruncmd: echo\n"));
	assert_false(parse_text("#cloud-config\nhostname: a\n  b: c\n"));
	assert_string_equal(cc.error, "line 3: unexpected indentation (a value continued on another line is not supported)");
	assert_false(parse_text("#cloud-config\nhostname: \"open\n"));
	assert_false(parse_text("#cloud-config\na: 1\n- b\n"));
	assert_false(parse_text("#cloud-config\n\thostname: a\n"));
	assert_string_equal(cc.error, "line 2: tab in indentation");
	assert_false(parse_text("#cloud-config\nx: &anchor 1\n"));
	assert_false(parse_text("#cloud-config\nx: 1\n---\ny: 2\n"));
	assert_false(parse_text("#cloud-config\nx:\n - - - - - - - - - - a\n"));
	assert_non_null(strstr(cc.error, "nested deeper"));
	assert_false(cloud_config_parse("#cloud-config\n\0", 15, &doc, &cc));
}

static void test_yaml_shapes(void **state)
{
	const char *s = "# top\n---\nseq:\n- a\n-   b  # c\n-\n  - nested\nmap:\n  k: 'v'' w'\n  e:\nlast: \"x\\ty\"\n";
	const struct yaml_node *root, *n, *m;

	(void)state;
	assert_true(yaml_parse(s, strlen(s), &doc));
	root = &doc.nodes[0];
	n = yaml_get(&doc, root, "seq");
	assert_int_equal(n->kind, YAML_SEQ);
	m = yaml_child(&doc, n);
	assert_string_equal(m->value, "a");
	m = yaml_next(&doc, m);
	assert_string_equal(m->value, "b");
	m = yaml_next(&doc, m);
	assert_int_equal(m->kind, YAML_SEQ);
	assert_string_equal(yaml_child(&doc, m)->value, "nested");
	n = yaml_get(&doc, root, "map");
	assert_string_equal(yaml_get(&doc, n, "k")->value, "v' w");
	assert_string_equal(yaml_get(&doc, n, "e")->value, "");
	assert_string_equal(yaml_get(&doc, root, "last")->value, "x\ty");
	assert_int_equal(yaml_get(&doc, root, "last")->line, 11);
	assert_null(yaml_get(&doc, root, "none"));
	assert_true(yaml_parse("", 0, &doc));
	assert_int_equal(doc.node_count, 1);
}

static void test_limits(void **state)
{
	static char big[YAML_TEXT_MAX + 2];
	size_t len = 0;

	(void)state;
	memset(big, ' ', sizeof big);
	assert_false(yaml_parse(big, YAML_TEXT_MAX + 1, &doc));
	assert_non_null(strstr(doc.error, "larger than"));
	/* More nodes than the tree holds: refused, not cut. */
	len = (size_t)snprintf(big, sizeof big, "l:\n");
	while (len < YAML_TEXT_MAX - 4)
		len += (size_t)snprintf(big + len, sizeof big - len, "- a\n");
	assert_false(yaml_parse(big, len, &doc));
	assert_non_null(strstr(doc.error, "more than"));
}

static void test_meta_data(void **state)
{
	struct meta_data md;
	size_t len;

	(void)state;
	len = fixture_read("seed", "meta-data", text, sizeof text - 1);
	assert_true(meta_data_parse(text, len, &doc, &md));
	assert_string_equal(md.instance_id, "iid-local01");
	assert_string_equal(md.local_hostname, "cloudimg");
	len = fixture_read("seed", "meta-data-noid", text, sizeof text - 1);
	assert_false(meta_data_parse(text, len, &doc, &md));
	assert_non_null(strstr(md.error, "instance-id"));
	assert_false(meta_data_parse("instance-id: a/b\n", 17, &doc, &md));
	/* Found by tests/fuzz/seed: the error quoted text past the line's end;
	 * control bytes are shown as '?'. */
	len = fixture_read("seed", "meta-data-text-after-value", text, sizeof text - 1);
	assert_false(meta_data_parse(text, len, &doc, &md));
	assert_string_equal(md.error, "line 3: unexpected text after a value: '?" "?'");
}

static void test_labels(void **state)
{
	static unsigned char dev[VOLUME_PROBE_SIZE];
	char label[VOLUME_LABEL_MAX + 1];

	(void)state;
	memset(dev, 0, sizeof dev);
	assert_null(volume_label(dev, sizeof dev, label));
	dev[32768] = 1;
	memcpy(dev + 32769, "CD001\1", 6);
	memcpy(dev + 32768 + 40, "cidata                          ", 32);
	assert_string_equal(volume_label(dev, sizeof dev, label), "iso9660");
	assert_string_equal(label, "cidata");
	assert_null(volume_label(dev, 32768 + 71, label)); /* cut short */
	memset(dev, 0, sizeof dev);
	dev[510] = 0x55;
	dev[511] = 0xaa;
	dev[38] = 0x29;
	memcpy(dev + 43, "CIDATA     FAT12   ", 19);
	assert_string_equal(volume_label(dev, 512, label), "vfat");
	assert_string_equal(label, "CIDATA");
	memset(dev + 38, 0, 30);
	dev[66] = 0x29;
	memcpy(dev + 71, "CIDATA     FAT32   ", 19);
	assert_string_equal(volume_label(dev, 512, label), "vfat");
	assert_null(volume_label(dev, 511, label));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),        cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_errors),      cmocka_unit_test(test_yaml_shapes),
		cmocka_unit_test(test_limits),      cmocka_unit_test(test_meta_data),
		cmocka_unit_test(test_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
