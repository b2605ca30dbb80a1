#ifndef EBB_RECLAIM_LOOP_H
#define EBB_RECLAIM_LOOP_H

#include <stddef.h>

/* Internal to reclaim/: the control requests served by the loop. */
void loop_handle_request(const char *request, char *reply, size_t cap);

#endif
