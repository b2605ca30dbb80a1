#ifndef EBB_SEED_H
#define EBB_SEED_H

#include "cloud_config.h"

/* `ebb-seed`: run once at boot by /etc/init.d/rcS, never by PID 1 itself.
 * Finds the NoCloud volume labelled cidata (ISO9660 or VFAT), mounts it
 * read-only, applies meta-data and user-data once per instance-id, and
 * adds ebb.ssh_key= from the kernel command line to root's keys. Every
 * problem is one log line; the exit status is 0 unless it could not run. */
int seed_main(int argc, char **argv);

/* Where applying keeps its state (the root disk, or RAM in an initramfs). */
#define SEED_STATE_DIR "/var/lib/ebb-seed"
#define SEED_RUNCMD_SCRIPT SEED_STATE_DIR "/runcmd"
#define SEED_NO_NTP "/etc/ebb/no-ntp"

/* Each returns 0, or -1 after logging what failed. */
int seed_set_hostname(const char *name);
/* Appends the keys missing from `user`'s ~/.ssh/authorized_keys. */
int seed_add_keys(const char *user, const char *const *keys, size_t count);
/* Adds a user (next free uid from 1000, own group, /home/<name>) unless
 * it exists. */
int seed_add_user(const struct seed_user *user);
int seed_write_file(const struct seed_file *file);
/* The runcmd lines as a script rcS runs once the network is up. */
int seed_write_runcmd(const char *const *lines, size_t count);

#endif
