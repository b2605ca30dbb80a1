#ifndef EBB_RECLAIM_PROCFS_H
#define EBB_RECLAIM_PROCFS_H

#include <stddef.h>
#include <stdint.h>

/* Parsers of the kernel files reclaim reads each tick. Each takes the
 * bytes one pread returned (not NUL-terminated), allocates nothing and
 * returns 0, or -1 when the text is not what the kernel writes. */

/* /proc/stat, aggregate "cpu" line, in USER_HZ ticks. Kernels >= 2.6.33
 * print 10 fields; fewer (down to the 4 of 2.4) count as zero. guest and
 * guest_nice are already part of user and nice. */
struct cpu_times {
	uint64_t busy;   /* user+nice+system+irq+softirq+steal */
	uint64_t iowait;
	uint64_t idle;
};
int proc_stat_parse(const char *buf, size_t len, struct cpu_times *out);

/* /proc/meminfo, in bytes. MemAvailable (>= 3.14), SReclaimable and
 * the swap lines may be missing and read as 0; the other four are
 * required. */
struct meminfo {
	uint64_t total;
	uint64_t free;
	uint64_t available;
	uint64_t active_file;
	uint64_t inactive_file;
	uint64_t sreclaimable;
	uint64_t swap_total;     /* > 0: swap is on */
	uint64_t swap_free;
};
int proc_meminfo_parse(const char *buf, size_t len, struct meminfo *out);

/* /proc/vmstat: file refaults in pages, workingset_refault_file (>= 5.9)
 * or workingset_refault (3.15 .. 5.8). */
int proc_vmstat_refaults(const char *buf, size_t len, uint64_t *pages);

/* /proc/pressure/{cpu,memory,io} (>= 4.20): the "some" line. */
struct psi_some {
	uint32_t avg10_cp;   /* avg10 in hundredths of a percent */
	uint64_t total_us;
};
int proc_psi_parse(const char *buf, size_t len, struct psi_some *out);

/* /proc/buddyinfo: free pages over all zones, and those in blocks of
 * at least `order` (what free page reporting can hand back). */
struct buddy_free {
	uint64_t free_pages;
	uint64_t reportable_pages;
};
int proc_buddyinfo_parse(const char *buf, size_t len, unsigned order,
			 struct buddy_free *out);

#endif
