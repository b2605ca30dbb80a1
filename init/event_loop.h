#ifndef EBB_EVENT_LOOP_H
#define EBB_EVENT_LOOP_H

#include "cmdline.h"

/* PID 1's event loop: epoll over the signalfd, a timerfd for respawn
 * back-off, reclaim's fd and the power button's (-1: none). Reaps every
 * child; turns signals into halt (USR1), poweroff (USR2, PWR), reboot
 * (TERM), ctrlaltdel (INT), inittab reload (HUP) and restart (QUIT), and
 * a power button press into poweroff. Ends only in shutdown. */
void event_loop_run(int sigfd, int reclaim_fd, int power_fd, const struct init_options *opts)
	__attribute__((noreturn));

#endif
