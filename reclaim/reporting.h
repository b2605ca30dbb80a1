#ifndef EBB_RECLAIM_REPORTING_H
#define EBB_RECLAIM_REPORTING_H

#include <stdbool.h>

/* Lowest safe page_reporting_order: a Hyper-V balloon on a kernel
 * before 6.2 encodes 2 MiB ranges only, lower orders corrupt memory. */
unsigned reporting_safe_order(unsigned wanted, bool hyperv, unsigned major,
			      unsigned minor);
/* Sets /sys/module/page_reporting/parameters/page_reporting_order and
 * returns the order in effect (what buddyinfo is judged against). */
unsigned reporting_apply(unsigned wanted);

#endif
