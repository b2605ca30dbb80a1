/* sudoers rules of the seed's users (see seed_sudo.h). */
#include "seed_sudo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cloud_config.h"
#include "safe_path.h"
#include "seed_log.h"
#include "seed_run.h"
#include "text_lines.h"

#define SUDOERS_FILE "/etc/sudoers.d/90-cloud-init-users"
#define SUDOERS_CHECK "/run/ebb-seed-sudoers.check"
#define SUDO "/usr/bin/sudo"
#define VISUDO "/usr/sbin/visudo"

enum { SUDOERS_MAX = 16 * 1024 };

/* The rules file's text with the missing lines added. */
static ssize_t with_rules(char *text, size_t len, const char *user, const char *const *rules,
			  size_t count)
{
	char line[SEED_NAME_MAX + SEED_SUDO_RULE_MAX + 2];
	ssize_t n = (ssize_t)len;
	size_t i;

	for (i = 0; i < count && n >= 0; i++) {
		snprintf(line, sizeof line, "%s %s", user, rules[i]);
		n = text_add_line(text, (size_t)n, SUDOERS_MAX, line);
	}
	if (n < 0)
		seed_warn("ebb-seed: " SUDOERS_FILE ": above %d bytes; rules not added", SUDOERS_MAX);
	return n;
}

/* visudo -c on the new text, written to a file of root's in /run first. */
static int visudo_accepts(const char *text, size_t len)
{
	char check[SEED_PATH_MAX + 64];
	const char *argv[] = { check, "-c", "-q", "-f", NULL, NULL };
	char visudo[SEED_PATH_MAX + 32];
	int status;

	if (safe_access(VISUDO, X_OK) < 0)
		return 1;
	if (safe_write_file(SUDOERS_CHECK, text, len, 0440, 0, 0) < 0)
		return 0;
	snprintf(visudo, sizeof visudo, "%s" VISUDO, safe_root_prefix());
	snprintf(check, sizeof check, "%s" SUDOERS_CHECK, safe_root_prefix());
	argv[0] = visudo;
	argv[4] = check;
	status = seed_run(argv, -1, NULL);
	safe_remove(SUDOERS_CHECK);
	if (status != 0)
		seed_warn("ebb-seed: visudo -c refused the sudo rules of %s (exit %d); none written", check, status);
	return status == 0;
}

int seed_sudo(const char *user, const char *const *rules, size_t count)
{
	static char text[SUDOERS_MAX + 1];
	struct stat st;
	ssize_t len;

	if (safe_access(SUDO, X_OK) < 0) {
		seed_warn("ebb-seed: users[%s].sudo: this image has no sudo (the BusyBox flavour); no rule written", user);
		return 0;
	}
	len = safe_read_file(SUDOERS_FILE, text, sizeof text, &st);
	if (len < 0 && errno != ENOENT)
		return -1;
	if (len < 0)
		len = snprintf(text, sizeof text, "# users[].sudo of the NoCloud seed (ebb-seed)\n");
	if ((len = with_rules(text, (size_t)len, user, rules, count)) < 0 || !visudo_accepts(text, (size_t)len))
		return -1;
	return safe_write_file(SUDOERS_FILE, text, (size_t)len, 0440, 0, 0);
}
