#ifndef EBB_RECLAIM_LOOP_H
#define EBB_RECLAIM_LOOP_H

#include <stddef.h>

#include "status.h"

/* Internal to reclaim/: the loop (reclaim/loop.c) as its host side
 * (reclaim/events.c) and the control requests (reclaim/requests.c) use
 * it. reclaim_option(), reclaim_child_exited() and reclaim_stop() are the
 * loop's too. */

/* Reads /etc/ebb/reclaim.conf, applies the boot-time settings, opens the
 * sampler and the worker, takes the first sample and arms the tick: the
 * tick timer's fd, or -1 (logged) when there can be none. */
int loop_start(void);
/* The tick timer's fd is readable. */
void loop_timer_expired(void);

/* What `reclaim status` shows, as of now. */
void loop_status(struct reclaim_status *st);
/* Skips the idle window once and ticks: the mode's name, or NULL (and
 * nothing done) when reclaim is off. */
const char *loop_now(void);
/* Switches to the mode named by the len bytes of name: the mode's name,
 * or NULL (and nothing changed) for a name that is no mode. */
const char *loop_set_mode(const char *name, size_t len);

#endif
