#ifndef EBB_CLOCK_H
#define EBB_CLOCK_H

#include <stdint.h>

/* ebb's one type for time: uint64_t milliseconds. Instants and deadlines
 * are on CLOCK_MONOTONIC (timerfd's clock, never negative, never set
 * back); durations and timeouts use the same type, so they add to and
 * subtract from instants without casts. An elapsed time is later - earlier
 * (later is never before earlier on this clock). */
uint64_t monotonic_ms(void);

#endif
