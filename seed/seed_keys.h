#ifndef EBB_SEED_KEYS_H
#define EBB_SEED_KEYS_H

#include <stddef.h>

/* Adds the keys missing from user's ~/.ssh/authorized_keys (the home of
 * /etc/passwd, which must exist): ~/.ssh is made (0700) or opened without
 * following a symlink, and must belong to the user or root; the keys file
 * is read the same way and replaced by a new one (the user's, 0600), so
 * that nothing the user points ~/.ssh or the file at changes. Returns 0,
 * or -1 after logging why. */
int seed_add_keys(const char *user, const char *const *keys, size_t count);

#endif
