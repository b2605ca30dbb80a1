#ifndef EBB_INITTAB_H
#define EBB_INITTAB_H

#include <stddef.h>

/* /etc/inittab in BusyBox's format, `tty:runlevels:action:command`,
 * runlevels ignored. Parsed into fixed arrays; bad lines are logged
 * (with their number) and skipped. */

enum inittab_action {
	ACTION_SYSINIT,
	ACTION_WAIT,
	ACTION_ONCE,
	ACTION_RESPAWN,
	ACTION_ASKFIRST,
	ACTION_SHUTDOWN,
	ACTION_RESTART,
	ACTION_CTRLALTDEL,
};

enum {
	INITTAB_MAX_ENTRIES = 32,
	INITTAB_TTY_MAX = 40,      /* "/dev/" + name */
	INITTAB_COMMAND_MAX = 512,
	INITTAB_LINE_MAX = 600,
	INITTAB_READ_BUF = 4096, /* a longer line is rejected, a file is not limited */
};

struct inittab_entry {
	enum inittab_action action;
	char tty[INITTAB_TTY_MAX];         /* "/dev/ttyS0"; "" = the console */
	char command[INITTAB_COMMAND_MAX]; /* for /bin/sh -c; leading '-' dropped */
	int login;                         /* it had BusyBox's '-': a login shell */
};

struct inittab {
	int count;
	struct inittab_entry entries[INITTAB_MAX_ENTRIES];
};

const char *inittab_action_name(enum inittab_action action);

/* Parses len bytes (NUL bytes allowed: such lines are rejected).
 * Returns the number of lines rejected. */
int inittab_parse(const char *buf, size_t len, struct inittab *tab);

/* Reads and parses a file of any length, line by line. Returns -1 when
 * it cannot be read (ENOENT is not logged: no inittab is normal; no
 * entries then), else the number of lines rejected. */
int inittab_load(const char *path, struct inittab *tab);

#endif
