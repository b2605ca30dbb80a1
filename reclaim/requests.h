#ifndef EBB_RECLAIM_REQUESTS_H
#define EBB_RECLAIM_REQUESTS_H

#include <stddef.h>

/* The control protocol's requests: one line, a name alone ("status",
 * "status --json", "now") or a name, one space and a non-empty argument
 * ("mode dropcache"). The reply fills reply (cap bytes at most); one
 * starting with "error: " is a failure. */
void requests_answer(const char *request, char *reply, size_t cap);

#endif
