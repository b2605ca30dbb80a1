#include "procfs.h"

#include "scan.h"

enum { MI_TOTAL, MI_FREE, MI_AVAILABLE, MI_ACTIVE_FILE, MI_INACTIVE_FILE,
       MI_SRECLAIMABLE, MI_SWAP_TOTAL, MI_SWAP_FREE, MI_COUNT };

static const char *const mi_keys[MI_COUNT] = {
	"MemTotal:", "MemFree:", "MemAvailable:", "Active(file):",
	"Inactive(file):", "SReclaimable:", "SwapTotal:", "SwapFree:",
};
static const unsigned mi_required = 1u << MI_TOTAL | 1u << MI_FREE |
				    1u << MI_ACTIVE_FILE | 1u << MI_INACTIVE_FILE;

/* "<value> kB", within bounds once turned into bytes. */
static int parse_kib(struct scan line, uint64_t *bytes)
{
	uint64_t kib;

	if (!scan_u64(&line, &kib) || kib > UINT64_MAX / 1024)
		return -1;
	scan_blanks(&line);
	scan_literal(&line, "kB");
	scan_blanks(&line);
	if (!scan_at_end(&line))
		return -1;
	*bytes = kib * 1024;
	return 0;
}

int proc_meminfo_parse(const char *buf, size_t len, struct meminfo *out)
{
	uint64_t *slot[MI_COUNT] = {
		&out->total, &out->free, &out->available, &out->active_file,
		&out->inactive_file, &out->sreclaimable, &out->swap_total,
		&out->swap_free,
	};
	struct scan s = scan_of(buf, len), line;
	unsigned seen = 0;

	*out = (struct meminfo){ 0 };
	while (scan_line(&s, &line)) {
		for (int i = 0; i < MI_COUNT; i++) {
			if (!scan_literal(&line, mi_keys[i]))
				continue;
			if (parse_kib(line, slot[i]) < 0)
				return -1;
			seen |= 1u << i;
			break;
		}
	}
	if ((seen & mi_required) != mi_required || out->total == 0)
		return -1;
	return 0;
}
