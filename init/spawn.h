#ifndef EBB_SPAWN_H
#define EBB_SPAWN_H

#include <sys/types.h>

/* A regular file we may execute. */
int spawn_is_executable(const char *path);

/* For an exec without a shell: splits command at blanks into argv (at
 * most max_words words, then NULL; the words live in buf). Returns NULL,
 * or why it cannot run that way: shell syntax, too long or too many
 * words, argv[0] not an absolute path to an executable file. */
const char *spawn_direct_argv(const char *command, char *buf, size_t size, char **argv,
			      int max_words);

enum spawn_flags {
	SPAWN_CONTROLLING_TTY = 1, /* the tty becomes its controlling terminal */
	SPAWN_ASK_FIRST = 2,       /* wait for Enter on the tty before running */
	SPAWN_LOGIN = 4,           /* a plain program path runs as "-name" */
};

/* Runs `/bin/sh -c command` in a new session with the tty (NULL or ""
 * means /dev/console) as fds 0-2, clean signal state and no other fds.
 * With SPAWN_LOGIN a command that is a bare path ("/bin/sh") is executed
 * directly with argv[0] "-sh", as BusyBox init does, so that a shell
 * reads /etc/profile. Returns the pid, or -1 (logged). */
pid_t spawn_command(const char *command, const char *tty, int flags);

#endif
