#ifndef EBB_SEED_HOSTNAME_H
#define EBB_SEED_HOSTNAME_H

#include <stdbool.h>

#include "cloud_config.h"

struct seed_names {
	char hostname[SEED_HOSTNAME_MAX + 1]; /* "" when the seed sets none */
	char fqdn[SEED_FQDN_MAX + 1];         /* "" when it has none */
};

/* cloud-init's choice (set_hostname): fqdn: and hostname: first, a
 * hostname with dots counting as the fqdn, meta-data's local-hostname
 * otherwise; the hostname is the fqdn's first label unless given;
 * prefer_fqdn_over_hostname makes it the fqdn; preserve_hostname, none
 * (names->hostname ""). Returns false (logged) when the name is longer
 * than the kernel takes. */
bool seed_pick_names(const struct meta_data *md, const struct cloud_config *cc,
		     struct seed_names *names);
/* sethostname, /etc/hostname, and (manage_hosts) the 127.0.1.1 line of
 * /etc/hosts as "127.0.1.1 <fqdn> <hostname>", so that hostname -f
 * answers. Returns 0, or -1 after logging why. */
int seed_set_hostname(const struct seed_names *names, bool manage_hosts);

#endif
