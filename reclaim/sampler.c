#include "sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static const char *const sampler_paths[SF_COUNT] = {
	[SF_STAT] = "/proc/stat",
	[SF_MEMINFO] = "/proc/meminfo",
	[SF_VMSTAT] = "/proc/vmstat",
	[SF_BUDDYINFO] = "/proc/buddyinfo",
	[SF_PSI_CPU] = "/proc/pressure/cpu",
	[SF_PSI_MEMORY] = "/proc/pressure/memory",
	[SF_PSI_IO] = "/proc/pressure/io",
};

/* vmstat is the longest (about 8 KiB on 6.12); the rest fit easily.
 * /proc/stat's first line is all we use, the rest may be cut off. */
static char sample_buf[16384];

/* Constants, not sysconf() (1 KB of init): /proc/stat counts in USER_HZ,
 * which the kernel's ABI fixes at 100 on x86 (whatever CONFIG_HZ is),
 * and ebb's guests are x86-64, whose pages are 4096 bytes. */
enum { USER_HZ = 100, PAGE_BYTES = 4096 };

void sampler_open(struct sampler *s, unsigned reporting_order)
{
	s->reported_bad = 0;
	s->reporting_order = reporting_order;
	s->page_size = PAGE_BYTES;
	s->us_per_tick = 1000000 / USER_HZ;
	for (int i = 0; i < SF_COUNT; i++) {
		s->fd[i] = open(sampler_paths[i], O_RDONLY | O_CLOEXEC);
		if (s->fd[i] < 0 && i < SF_PSI_CPU)
			log_syserr("reclaim: open %s", sampler_paths[i]);
	}
	/* Microsoft's 5.15 WSL kernel has no PSI, 6.x builds have it off by
	 * default (psi=1 turns it on): idle is CPU busy and iowait then. */
	if (s->fd[SF_PSI_CPU] < 0)
		log_info("reclaim: no PSI (%s: %s): idle detection from "
			 "/proc/stat alone", sampler_paths[SF_PSI_CPU],
			 strerror(errno));
}

void sampler_close(struct sampler *s)
{
	for (int i = 0; i < SF_COUNT; i++) {
		if (s->fd[i] >= 0)
			close(s->fd[i]);
		s->fd[i] = -1;
	}
}

/* Returns the length read, or -1 (logged once per file). */
static ssize_t read_file(struct sampler *s, enum sampler_file f)
{
	ssize_t n;

	if (s->fd[f] < 0)
		return -1;
	do
		n = pread(s->fd[f], sample_buf, sizeof sample_buf, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && !(s->reported_bad & (1u << f))) {
		s->reported_bad |= 1u << f;
		log_syserr("reclaim: read %s", sampler_paths[f]);
	}
	return n;
}

static void parse_failed(struct sampler *s, enum sampler_file f)
{
	if (s->reported_bad & (1u << f))
		return;
	s->reported_bad |= 1u << f;
	log_warn("reclaim: cannot parse %s, ignoring it", sampler_paths[f]);
}

static void read_cpu_and_memory(struct sampler *s, struct reclaim_sample *out)
{
	struct cpu_times cpu;
	uint64_t refaults;
	ssize_t n;

	if ((n = read_file(s, SF_STAT)) >= 0) {
		if (proc_stat_parse(sample_buf, (size_t)n, &cpu) == 0) {
			out->busy_us = cpu.busy * s->us_per_tick;
			out->iowait_us = cpu.iowait * s->us_per_tick;
			out->parts |= SAMPLE_CPU;
		} else {
			parse_failed(s, SF_STAT);
		}
	}
	if ((n = read_file(s, SF_MEMINFO)) >= 0) {
		if (proc_meminfo_parse(sample_buf, (size_t)n, &out->mem) == 0)
			out->parts |= SAMPLE_MEM;
		else
			parse_failed(s, SF_MEMINFO);
	}
	if ((n = read_file(s, SF_VMSTAT)) >= 0) {
		if (proc_vmstat_refaults(sample_buf, (size_t)n, &refaults) == 0) {
			out->refault_bytes = refaults * s->page_size;
			out->parts |= SAMPLE_REFAULTS;
		} else {
			parse_failed(s, SF_VMSTAT);
		}
	}
}

static void read_pressure_and_buddies(struct sampler *s,
				      struct reclaim_sample *out)
{
	struct buddy_free buddy;
	struct psi_some psi;
	ssize_t n;

	for (int r = 0; r < PSI_COUNT; r++) {
		enum sampler_file f = (enum sampler_file)(SF_PSI_CPU + r);

		if ((n = read_file(s, f)) < 0)
			continue;
		if (proc_psi_parse(sample_buf, (size_t)n, &psi) == 0) {
			out->psi_total_us[r] = psi.total_us;
			out->parts |= SAMPLE_PSI << r;
		} else {
			parse_failed(s, f);
		}
	}
	if ((n = read_file(s, SF_BUDDYINFO)) >= 0) {
		if (proc_buddyinfo_parse(sample_buf, (size_t)n,
					 s->reporting_order, &buddy) == 0) {
			out->free_bytes = buddy.free_pages * s->page_size;
			out->reportable_bytes = buddy.reportable_pages * s->page_size;
			out->parts |= SAMPLE_BUDDY;
		} else {
			parse_failed(s, SF_BUDDYINFO);
		}
	}
}

void sampler_read(struct sampler *s, struct reclaim_sample *out)
{
	out->parts = 0;
	read_cpu_and_memory(s, out);
	read_pressure_and_buddies(s, out);
}
