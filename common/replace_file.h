#ifndef EBB_REPLACE_FILE_H
#define EBB_REPLACE_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Replaces path with len bytes of data, whole or not at all: writes them
 * to tmp (in path's directory, created with O_NOFOLLOW; given that owner
 * unless uid and gid are both -1, then exactly that mode), fsyncs it and
 * renames it over path. On failure tmp is removed and -1 returned with
 * errno set; *failed (when not NULL) names the file the error is about
 * (tmp, or path for the rename). Logs nothing. */
int replace_file(const char *path, const char *tmp, const void *data, size_t len,
		 mode_t mode, uid_t uid, gid_t gid, const char **failed);

#endif
