#ifndef EBB_SEED_SUDO_H
#define EBB_SEED_SUDO_H

#include <stddef.h>

/* cloud-init's users[].sudo: "<user> <rule>" lines in
 * /etc/sudoers.d/90-cloud-init-users (root's, 0440), those missing added.
 * The new file is checked with visudo -c first when the image has visudo
 * (a bad line would stop sudo for everyone). An image without sudo (the
 * BusyBox flavour) gets one line saying so and no file: that is not a
 * failure. Returns 0, or -1 after logging why. */
int seed_sudo(const char *user, const char *const *rules, size_t count);

#endif
