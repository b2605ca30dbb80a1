#ifndef EBB_SERVICES_H
#define EBB_SERVICES_H

#include <stdint.h>
#include <sys/types.h>

#include "inittab.h"

/* The processes of /etc/inittab, BusyBox's order: sysinit entries one
 * after another, then wait entries one after another, then once, respawn
 * and askfirst entries together. With a main program (ebb.run) respawn
 * and askfirst entries are skipped and the main program starts with the
 * once entries.
 * Nothing here blocks: sequencing is driven by services_child_exited(). */

/* Takes the table and the main program (NULL: none); starts sysinit. */
void services_start(const struct inittab *tab, const char *main_command);

/* A reaped child. Returns 1 when it was the main program. */
int services_child_exited(pid_t pid, int status);

/* Monotonic ms of the earliest pending respawn, 0 when none. */
uint64_t services_next_due(void);
/* Starts the respawns that are due. */
void services_run_due(void);

/* SIGHUP: adopt a new table (only once startup is over). Entries that
 * stay keep their process; removed respawn/askfirst ones get SIGTERM;
 * new respawn/askfirst ones start, unless a main program runs. */
void services_reload(const struct inittab *tab);

/* Starts the ctrlaltdel entries without waiting; returns how many. */
int services_ctrlaltdel(void);

/* The restart entry, or NULL. */
const struct inittab_entry *services_restart_entry(void);

/* No more respawns; returns the number of shutdown entries, which
 * services_spawn_shutdown(i) starts. */
int services_stop(void);
pid_t services_spawn_shutdown(int index);

#endif
