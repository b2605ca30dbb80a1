#include "procfs.h"

#include "scan.h"

/* "12.34" as hundredths; the kernel always prints two decimals. */
static int parse_centi(struct scan *s, uint32_t *out)
{
	uint64_t whole, frac;
	const char *frac_start;

	if (!scan_u64(s, &whole) || whole > 100 || !scan_literal(s, "."))
		return -1;
	frac_start = s->pos;
	if (!scan_u64(s, &frac) || s->pos - frac_start != 2)
		return -1;
	*out = (uint32_t)(whole * 100 + frac);
	return 0;
}

int proc_psi_parse(const char *buf, size_t len, struct psi_some *out)
{
	struct scan s = scan_of(buf, len), line;
	uint32_t ignored;

	if (!scan_line(&s, &line) || !scan_literal(&line, "some avg10=") ||
	    parse_centi(&line, &out->avg10_cp) < 0)
		return -1;
	if (!scan_literal(&line, " avg60=") || parse_centi(&line, &ignored) < 0 ||
	    !scan_literal(&line, " avg300=") || parse_centi(&line, &ignored) < 0 ||
	    !scan_literal(&line, " total=") || !scan_u64(&line, &out->total_us))
		return -1;
	scan_blanks(&line);
	return scan_at_end(&line) ? 0 : -1;
}
