#ifndef EBB_CMDLINE_H
#define EBB_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

#include "cmdline_words.h"

enum { INIT_RUN_MAX = 512 }; /* = INITTAB_COMMAND_MAX: it runs as a service */

struct init_options {
	char run[INIT_RUN_MAX];       /* ebb.run=: "" when absent */
	uint64_t shutdown_timeout_ms; /* ebb.shutdown_timeout= seconds */
};

/* Fills opts with defaults, then applies every ebb.* word of buf (which
 * is modified; buf[len] must be writable). ebb.reclaim* words go to reclaim_option(); unknown keys
 * and bad values are reported with one line each and ignored. Returns the
 * number of such problems. */
int cmdline_apply(char *buf, size_t len, struct init_options *opts);

#endif
