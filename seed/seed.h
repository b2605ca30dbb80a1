#ifndef EBB_SEED_H
#define EBB_SEED_H

#include <stdbool.h>

#include "cloud_config.h"
#include "seed_steps.h"

/* `ebb-seed`: run once at boot by /etc/init.d/rcS (the Debian flavour:
 * its inittab), never by PID 1 itself, before the network. Grows / to
 * its device, finds the NoCloud volume labelled cidata (ISO9660 or VFAT;
 * a CD drive only when it holds a disc), mounts it read-only, applies
 * meta-data and user-data once per instance-id with cloud-init's meaning
 * (docs/dev-vm.md), runs bootcmd (every boot), and adds ebb.ssh_key= from
 * the kernel command line to root's keys. Every problem is one log line
 * (seed_log.h); the exit status is 0 unless it could not run. */
int seed_main(int argc, char **argv);

/* Where applying keeps its state (the root disk, or RAM in an initramfs). */
#define SEED_STATE_DIR "/var/lib/ebb-seed"
#define SEED_RUNCMD_SCRIPT SEED_STATE_DIR "/runcmd"
#define SEED_BOOTCMD_SCRIPT SEED_STATE_DIR "/bootcmd"
#define SEED_NO_NTP "/etc/ebb/no-ntp"

/* Applies an instance's steps not done yet, in cloud-init's order:
 * write_files (not deferred), hostname and /etc/hosts, groups, users,
 * root's keys, deferred write_files, the runcmd script (for
 * /usr/libexec/ebb/seed-final), ntp. Each step alone; its outcome goes
 * to steps. */
void seed_apply(const struct meta_data *md, const struct cloud_config *cc, struct seed_steps *steps);
/* A shell script of the command lines, root's, 0700; 0 or -1 (logged). */
int seed_write_script(const char *path, const char *const *lines, size_t count);

#endif
