#ifndef EBB_CONSOLE_H
#define EBB_CONSOLE_H

/* Makes fds 0-2 of PID 1 the console when the kernel could not open it
 * (no /dev/console in the initramfs), and gives PID 1's own console
 * lines a non-blocking open of it. Call once /dev is mounted and
 * before opening any other fd. */
void console_stdio(void);

#endif
