/* An instance's steps (see seed.h), each alone, each failure one log line
 * and a step named for the next boot. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "safe_path.h"
#include "seed.h"
#include "seed_files.h"
#include "seed_hostname.h"
#include "seed_keys.h"
#include "seed_log.h"
#include "seed_users.h"

enum { SCRIPT_MAX = 64 * 1024 };

int seed_write_script(const char *path, const char *const *lines, size_t count)
{
	static char script[SCRIPT_MAX];
	size_t used, i;
	int n;

	used = (size_t)snprintf(script, sizeof script, "#!/bin/sh\n# From the NoCloud seed's user-data (ebb-seed).\n");
	for (i = 0; i < count; i++) {
		n = snprintf(script + used, sizeof script - used, "%s\n", lines[i]);
		if (n < 0 || (size_t)n >= sizeof script - used) {
			seed_warn("ebb-seed: %s: above %zu bytes; not written", path, sizeof script);
			return -1;
		}
		used += (size_t)n;
	}
	return safe_write_file(path, script, used, 0700, 0, 0);
}

/* ntp: {enabled: false}: the flag udhcpc's hook reads. */
static int set_ntp(bool on)
{
	const char *name;
	int dir = safe_parent_open(SEED_NO_NTP, true, &name), err = 0;

	if (dir < 0)
		return -1;
	if (on && unlinkat(dir, name, 0) < 0 && errno != ENOENT)
		err = -1;
	if (!on)
		err = safe_replace(dir, name, "", 0, 0644, 0, 0, SEED_NO_NTP);
	if (on && err < 0)
		seed_syserr("ebb-seed: remove " SEED_NO_NTP);
	close(dir);
	return err;
}

static int hostname_step(const struct meta_data *md, const struct cloud_config *cc)
{
	struct seed_names names;

	if (!seed_pick_names(md, cc, &names))
		return -1;
	return names.hostname[0] ? seed_set_hostname(&names, cc->etc_hosts == SEED_HOSTS_MANAGED) : 0;
}

/* Whether a step is still to do; its name into name[SEED_STEP_NAME_MAX]. */
static bool step_due(const struct seed_steps *steps, char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool step_due(const struct seed_steps *steps, char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, SEED_STEP_NAME_MAX, fmt, ap);
	va_end(ap);
	return !seed_step_done(steps, name);
}

static void write_files(const struct cloud_config *cc, bool deferred, struct seed_steps *steps)
{
	char name[SEED_STEP_NAME_MAX];
	size_t i;

	for (i = 0; i < cc->file_count; i++)
		if (cc->files[i].defer == deferred && step_due(steps, name, "write_files[%zu]", i))
			seed_step_result(steps, name, seed_write_file(&cc->files[i]));
}

static void accounts(const struct cloud_config *cc, struct seed_steps *steps)
{
	char name[SEED_STEP_NAME_MAX];
	size_t i;

	for (i = 0; i < cc->group_count; i++)
		if (step_due(steps, name, "groups[%s]", cc->groups[i].name))
			seed_step_result(steps, name, seed_group(&cc->groups[i]));
	for (i = 0; i < cc->user_count; i++)
		if (step_due(steps, name, "users[%s]", cc->users[i].name))
			seed_step_result(steps, name, seed_user(&cc->users[i]));
	if (cc->key_count && step_due(steps, name, "ssh_authorized_keys"))
		seed_step_result(steps, name, seed_add_keys("root", cc->keys, cc->key_count));
}

void seed_apply(const struct meta_data *md, const struct cloud_config *cc, struct seed_steps *steps)
{
	char name[SEED_STEP_NAME_MAX];
	size_t i;

	for (i = 0; i < cc->ignored_count; i++)
		seed_info("ebb-seed: user-data key %s%s is not supported; ignored", cc->ignored[i].where,
			  cc->ignored[i].key);
	write_files(cc, false, steps);
	if (step_due(steps, name, "hostname"))
		seed_step_result(steps, name, hostname_step(md, cc));
	accounts(cc, steps);
	write_files(cc, true, steps);
	if (cc->runcmd_count && step_due(steps, name, "runcmd"))
		seed_step_result(steps, name, seed_write_script(SEED_RUNCMD_SCRIPT, cc->runcmd, cc->runcmd_count));
	if (step_due(steps, name, "ntp"))
		seed_step_result(steps, name, set_ntp(cc->ntp));
}
