#ifndef EBB_CLOCK_H
#define EBB_CLOCK_H

/* Milliseconds on CLOCK_MONOTONIC (timerfd's clock). */
long long monotonic_ms(void);

#endif
