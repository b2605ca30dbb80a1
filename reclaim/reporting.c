#include "reporting.h"

#include <errno.h>
#include <inttypes.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "format.h"
#include "log.h"
#include "read_small_file.h"
#include "scan.h"
#include "write_small_file.h"

#define PARAMS "/sys/module/page_reporting/parameters/"
#define ORDER_PATH PARAMS "page_reporting_order"
#define DELAY_PATH PARAMS "page_reporting_delay_ms"
#define DIVISOR_PATH PARAMS "page_reporting_budget_divisor"
#define PCP_PATH "/proc/sys/vm/percpu_pagelist_high_fraction"
#define HV_ORDER 9u

unsigned reporting_safe_order(unsigned wanted, bool hyperv, unsigned major,
			      unsigned minor)
{
	bool old_kernel = major < 6 || (major == 6 && minor < 2);

	if (hyperv && old_kernel && wanted < HV_ORDER) {
		log_warn("reclaim: page_reporting_order %u is unsafe with "
			 "hv_balloon before 6.2, using %u", wanted, HV_ORDER);
		return HV_ORDER;
	}
	return wanted;
}

static bool on_hyperv(void)
{
	return access("/sys/bus/vmbus", F_OK) == 0 ||
	       access("/sys/module/hv_balloon", F_OK) == 0;
}

static void kernel_version(unsigned *major, unsigned *minor)
{
	struct utsname uts;
	struct scan s;
	uint64_t a = 0, b = 0;

	*major = *minor = 0;
	if (uname(&uts) < 0)
		return;
	s = scan_of(uts.release, sizeof uts.release);
	if (scan_u64(&s, &a) && scan_literal(&s, ".") && scan_u64(&s, &b) &&
	    a < 1000 && b < 1000) {
		*major = (unsigned)a;
		*minor = (unsigned)b;
	}
}

static bool read_order(unsigned *order)
{
	char buf[32];
	struct scan s;
	uint64_t value;
	ssize_t n = read_small_file(ORDER_PATH, buf, sizeof buf);

	if (n < 0)
		return false;
	s = scan_of(buf, (size_t)n);
	if (!scan_u64(&s, &value) || value > 20)
		return false;
	*order = (unsigned)value;
	return true;
}

unsigned reporting_apply(unsigned wanted)
{
	unsigned major, minor, current, order;
	char text[16];
	int err;

	kernel_version(&major, &minor);
	order = reporting_safe_order(wanted, on_hyperv(), major, minor);
	if (!read_order(&current)) {
		log_info("reclaim: no free page reporting in this kernel");
		return order;
	}
	if (current == order)
		return order;
	format(text, sizeof text, "%u", order);
	err = write_small_file(ORDER_PATH, text);
	if (err < 0) {
		errno = -err;
		log_syserr("reclaim: write %s", ORDER_PATH);
		return current;
	}
	log_info("reclaim: page_reporting_order %u -> %u", current, order);
	return order;
}

void reporting_pace(uint64_t delay_ms)
{
	char text[16];
	int err;

	if (access(DELAY_PATH, F_OK) < 0) {
		log_info("reclaim: kernel without ebb's reporting pace patch: "
			 "free memory goes back at the kernel's own pace");
		return;
	}
	format(text, sizeof text, "%" PRIu64, delay_ms);
	err = write_small_file(DELAY_PATH, text);
	if (err == 0)
		err = write_small_file(DIVISOR_PATH, "1");
	if (err < 0) {
		errno = -err;
		log_syserr("reclaim: set the free page reporting pace");
		return;
	}
	log_info("reclaim: free page reporting every %" PRIu64 " ms, whole free lists",
		 delay_ms);
}

void reporting_limit_pcp(unsigned fraction)
{
	char text[16];
	int err;

	if (fraction == 0)
		return;
	if (access(PCP_PATH, F_OK) < 0) {
		log_info("reclaim: no %s (kernel before 5.14): per-CPU lists keep their size", PCP_PATH);
		return;
	}
	format(text, sizeof text, "%u", fraction);
	err = write_small_file(PCP_PATH, text);
	if (err < 0) {
		errno = -err;
		log_syserr("reclaim: write %s", PCP_PATH);
	}
}
