/* The seed's host name (see seed_hostname.h). */
#include "seed_hostname.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "safe_path.h"
#include "seed_log.h"

enum { HOSTS_MAX = 16 * 1024 };

/* The first label of name into out. */
static void first_label(const char *name, char *out, size_t size)
{
	snprintf(out, size, "%.*s", (int)strcspn(name, "."), name);
}

bool seed_pick_names(const struct meta_data *md, const struct cloud_config *cc,
		     struct seed_names *names)
{
	const char *local = md->local_hostname, *fqdn = cc->fqdn, *host = cc->hostname;

	names->hostname[0] = names->fqdn[0] = '\0';
	if (cc->preserve_hostname)
		return true;
	if (!fqdn && host && strchr(host, '.'))
		fqdn = host, host = NULL;
	if (!fqdn && local && strchr(local, '.'))
		fqdn = local;
	if (!host)
		host = fqdn ? fqdn : local;
	if (cc->prefer_fqdn && fqdn)
		host = fqdn;
	else if (host && strchr(host, '.'))
		first_label(host, names->hostname, sizeof names->hostname), host = names->hostname;
	if (!host)
		return true;
	if (strlen(host) > SEED_HOSTNAME_MAX) {
		seed_warn("ebb-seed: hostname %.80s: above the kernel's %d bytes; not set", host, SEED_HOSTNAME_MAX);
		return false;
	}
	snprintf(names->fqdn, sizeof names->fqdn, "%s", fqdn ? fqdn : "");
	if (host != names->hostname)
		snprintf(names->hostname, sizeof names->hostname, "%s", host);
	return true;
}

/* /etc/hosts with its 127.0.1.1 lines replaced by `line`, which goes
 * after the first 127.0.0.1 line (or first). */
static size_t hosts_text(const char *old, size_t len, const char *line, char *out, size_t cap)
{
	const char *start = old, *stop = old + len, *nl;
	size_t used = 0, n, want = strlen(line);
	int placed = 0;

	if (!memmem(old, len, "127.0.0.1", 9) && want < cap)
		used = (size_t)snprintf(out, cap, "%s", line), placed = 1;
	for (; start < stop; start = nl + 1) {
		nl = memchr(start, '\n', (size_t)(stop - start));
		n = (size_t)((nl ? nl + 1 : stop) - start);
		if (!nl)
			nl = stop;
		if (strncmp(start, "127.0.1.1", 9) == 0 && (start[9] == ' ' || start[9] == '\t'))
			continue;
		if (used + n + want + 2 > cap)
			return 0;
		memcpy(out + used, start, n);
		used += n;
		if (out[used - 1] != '\n')
			out[used++] = '\n';
		if (!placed && strncmp(start, "127.0.0.1", 9) == 0) {
			memcpy(out + used, line, want);
			used += want;
			placed = 1;
		}
	}
	return used;
}

static int update_hosts(const struct seed_names *names)
{
	static char old[HOSTS_MAX], text[HOSTS_MAX + 512];
	struct stat st = { .st_mode = 0644 };
	char line[SEED_FQDN_MAX + SEED_HOSTNAME_MAX + 16];
	ssize_t len = safe_read_file("/etc/hosts", old, sizeof old, &st);
	size_t used;

	if (len < 0 && errno != ENOENT)
		return -1;
	snprintf(line, sizeof line, "127.0.1.1\t%s%s%s\n", names->fqdn, names->fqdn[0] ? " " : "",
		 names->hostname);
	used = hosts_text(old, len < 0 ? 0 : (size_t)len, line, text, sizeof text);
	if (used == 0) {
		seed_warn("ebb-seed: /etc/hosts: above %d bytes; not changed", HOSTS_MAX);
		return -1;
	}
	return safe_write_file("/etc/hosts", text, used, st.st_mode & 07777, 0, 0);
}

int seed_set_hostname(const struct seed_names *names, bool manage_hosts)
{
	char line[SEED_HOSTNAME_MAX + 2];
	int len = snprintf(line, sizeof line, "%s\n", names->hostname);

	if (sethostname(names->hostname, strlen(names->hostname)) < 0) {
		seed_syserr("ebb-seed: sethostname %s", names->hostname);
		return -1;
	}
	if (safe_write_file("/etc/hostname", line, (size_t)len, 0644, 0, 0) < 0 ||
	    (manage_hosts && update_hosts(names) < 0))
		return -1;
	seed_info("ebb-seed: hostname %s%s%s", names->hostname, names->fqdn[0] ? ", fqdn " : "", names->fqdn);
	return 0;
}
