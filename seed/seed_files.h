#ifndef EBB_SEED_FILES_H
#define EBB_SEED_FILES_H

#include <sys/types.h>

#include "cloud_config.h"

enum { SEED_CONTENT_MAX = 1024 * 1024 }; /* a file's content, decoded */

/* The content as written to the file: base64 layers undone, then gzip,
 * into a buffer of SEED_CONTENT_MAX bytes. Returns the length, or -1
 * with *why set. */
ssize_t seed_file_content(const struct seed_file *file, const unsigned char **out, const char **why);
/* write_files[]: the decoded content replaces the file (or is appended
 * to it), owned by owner:group looked up in /etc/passwd and /etc/group
 * (without owner: root:root), with the mode. Returns 0, or -1 after
 * logging why. */
int seed_write_file(const struct seed_file *file);

#endif
