#include "procfs.h"

#include "scan.h"

static int parse_value(struct scan line, uint64_t *out)
{
	if (!scan_u64(&line, out))
		return -1;
	scan_blanks(&line);
	return scan_at_end(&line) ? 0 : -1;
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
