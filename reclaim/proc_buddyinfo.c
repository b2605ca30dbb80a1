#include "procfs.h"

#include "scan.h"

/* Architectures print up to NR_PAGE_ORDERS columns (11 on x86-64). */
enum { MAX_ORDERS = 20 };

/* "Node 0, zone   Normal   c0 c1 ... cN" */
static int parse_zone(struct scan line, unsigned order, struct buddy_free *out)
{
	struct scan zone_name;
	uint64_t node, count;
	unsigned column = 0;

	if (!scan_literal(&line, "Node ") || !scan_u64(&line, &node) ||
	    !scan_literal(&line, ", zone") || !scan_token(&line, &zone_name))
		return -1;
	for (; scan_u64(&line, &count); column++) {
		uint64_t pages;

		if (column >= MAX_ORDERS || count > UINT64_MAX >> column)
			return -1;
		pages = count << column;
		if (out->free_pages > UINT64_MAX - pages)
			return -1;
		out->free_pages += pages;
		if (column >= order)
			out->reportable_pages += pages;
	}
	scan_blanks(&line);
	return column > 0 && scan_at_end(&line) ? 0 : -1;
}

int proc_buddyinfo_parse(const char *buf, size_t len, unsigned order,
			 struct buddy_free *out)
{
	struct scan s = scan_of(buf, len), line;
	unsigned zones = 0;

	*out = (struct buddy_free){ 0 };
	while (scan_line(&s, &line)) {
		if (scan_at_end(&line))
			continue;
		if (parse_zone(line, order, out) < 0)
			return -1;
		zones++;
	}
	return zones > 0 ? 0 : -1;
}
