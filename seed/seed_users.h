#ifndef EBB_SEED_USERS_H
#define EBB_SEED_USERS_H

#include "cloud_config.h"

/* users[] as cloud-init makes them with useradd: a new user gets the
 * given uid or a free one from 1000, its primary group (primary_group,
 * else a group named as the user, with the uid as gid when free), its
 * other groups (made when missing), its home (made 0755, the user's),
 * a shadow line locked ('!') unless lock_passwd is false ('*'), and its
 * shell in /etc/shells (Dropbear's condition). A shell the image lacks is
 * said in one line and /bin/sh used instead. A user that exists already
 * keeps its account (cloud-init skips useradd); lock_passwd, keys and
 * sudo rules still apply. Returns 0, or -1 after logging why. */
int seed_user(const struct seed_user *user);
/* groups: a group made when missing, its members added. */
int seed_group(const struct seed_group *group);

#endif
