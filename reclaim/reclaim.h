#ifndef EBB_RECLAIM_H
#define EBB_RECLAIM_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

/* The reclaim loop as seen by the process hosting it: PID 1's event loop
 * (init/) or the `reclaim daemon` command. This header is the whole
 * interface between init/ and reclaim/. */

enum reclaim_option_result {
	RECLAIM_OPTION_OK,
	RECLAIM_OPTION_UNKNOWN,   /* not a reclaim key: caller reports it */
	RECLAIM_OPTION_BAD_VALUE, /* already logged; the default stays */
};

/* One kernel command line key of reclaim's, given without the "ebb."
 * prefix ("reclaim", "reclaim.tick", ...). Call before reclaim_start();
 * command line values win over /etc/ebb/reclaim.conf. */
enum reclaim_option_result reclaim_option(const char *key, const char *value);

/* Reads /etc/ebb/reclaim.conf, applies boot-time settings
 * (page_reporting_order), starts the worker and the control socket.
 * Returns one fd (an epoll fd) for the host's loop: when it is readable,
 * call reclaim_dispatch(). Returns -1 (logged) when nothing could start. */
int reclaim_start(void);

/* Does the work that is due. Never blocks: slow writes run in reclaim's
 * own short-lived SCHED_IDLE children. */
void reclaim_dispatch(void);

/* Every child the host reaps (wait4, with its rusage) goes here first:
 * true when it was reclaim's writer, which reclaim takes (its result,
 * its CPU time); false for the host's own children. */
bool reclaim_child_exited(pid_t pid, int status, const struct rusage *usage);

/* At shutdown: kills the writer (it is then any reaper's to take) and
 * stops; returns at once. */
void reclaim_stop(void);

/* The `reclaim` command: status [--json], now, mode <m>, daemon. */
int reclaim_main(int argc, char **argv);

#endif
