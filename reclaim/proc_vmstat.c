#include "procfs.h"

#include "scan.h"

static int parse_value(struct scan line, uint64_t *out)
{
	uint64_t value;

	if (!scan_u64(&line, &value))
		return -1;
	scan_blanks(&line);
	if (!scan_at_end(&line))
		return -1;
	*out = value;
	return 0;
}

int proc_vmstat_refaults(const char *buf, size_t len, uint64_t *pages)
{
	struct scan s = scan_of(buf, len), line;
	uint64_t legacy = 0;
	int have_legacy = 0;

	while (scan_line(&s, &line)) {
		if (scan_literal(&line, "workingset_refault_file ")) {
			return parse_value(line, pages);
		} else if (scan_literal(&line, "workingset_refault ")) {
			if (parse_value(line, &legacy) < 0)
				return -1;
			have_legacy = 1;
		}
	}
	if (!have_legacy)
		return -1;
	*pages = legacy;
	return 0;
}
