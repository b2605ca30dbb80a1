#include "procfs.h"

#include "scan.h"

enum { STAT_USER, STAT_NICE, STAT_SYSTEM, STAT_IDLE, STAT_IOWAIT, STAT_IRQ,
       STAT_SOFTIRQ, STAT_STEAL, STAT_GUEST, STAT_GUEST_NICE, STAT_FIELDS };

static int sum_checked(const uint64_t *field, const int *which, int count,
		       uint64_t *sum)
{
	*sum = 0;
	for (int i = 0; i < count; i++) {
		if (*sum > UINT64_MAX - field[which[i]])
			return -1;
		*sum += field[which[i]];
	}
	return 0;
}

int proc_stat_parse(const char *buf, size_t len, struct cpu_times *out)
{
	static const int busy_fields[] = { STAT_USER, STAT_NICE, STAT_SYSTEM,
					   STAT_IRQ, STAT_SOFTIRQ, STAT_STEAL };
	uint64_t field[STAT_FIELDS] = { 0 };
	struct scan s = scan_of(buf, len), line;
	int count = 0;

	if (!scan_line(&s, &line) || !scan_literal(&line, "cpu"))
		return -1;
	if (scan_at_end(&line) || (*line.pos != ' ' && *line.pos != '\t'))
		return -1;
	while (count < STAT_FIELDS && scan_u64(&line, &field[count]))
		count++;
	scan_blanks(&line);
	if (count < 4 || !scan_at_end(&line))
		return -1;
	if (sum_checked(field, busy_fields, 6, &out->busy) < 0)
		return -1;
	out->iowait = field[STAT_IOWAIT];
	out->idle = field[STAT_IDLE];
	return 0;
}
