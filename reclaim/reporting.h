#ifndef EBB_RECLAIM_REPORTING_H
#define EBB_RECLAIM_REPORTING_H

#include <stdbool.h>
#include <stdint.h>

/* Lowest safe page_reporting_order: a Hyper-V balloon on a kernel
 * before 6.2 encodes 2 MiB ranges only, lower orders corrupt memory. */
unsigned reporting_safe_order(unsigned wanted, bool hyperv, unsigned major,
			      unsigned minor);
/* Sets /sys/module/page_reporting/parameters/page_reporting_order and
 * returns the order in effect (what buddyinfo is judged against). */
unsigned reporting_apply(unsigned wanted);
/* With ebb's kernel patch (kernel-patches/): a reporting pass every
 * delay_ms that takes whole free lists, instead of every 2 s taking 1/16
 * of each; memory comes back in about a second. */
void reporting_pace(uint64_t delay_ms);
/* Per-CPU free page lists hold up to tens of MiB that free page reporting
 * cannot see and compaction cannot merge around: shrink them to
 * 1/fraction of each zone (0 leaves the kernel's size). */
void reporting_limit_pcp(unsigned fraction);

#endif
