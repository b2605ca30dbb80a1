#ifndef EBB_SIGNALS_H
#define EBB_SIGNALS_H

#include <signal.h>

/* Blocks every signal but KILL and STOP (fault and real-time signals
 * included; a real fault of init itself stays fatal) and returns a
 * non-blocking signalfd for them, or -1 (logged). Blocked signals reach
 * PID 1 even with default dispositions. */
int signals_take_over(void);
/* The same blocking without a signalfd. */
void signals_block(void);

/* In a new child before exec: empty mask, default dispositions. */
void signals_reset_for_child(void);

#endif
