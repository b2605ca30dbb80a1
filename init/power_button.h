#ifndef EBB_POWER_BUTTON_H
#define EBB_POWER_BUTTON_H

/* The ACPI power button (QEMU's system_powerdown, a VM manager's "shut
 * down", the real button): every /dev/input/event* named "Power Button"
 * that reports KEY_POWER. Returns one non-blocking fd for PID 1's epoll
 * loop (an epoll fd over those devices), or -1 when there is none (one
 * info line). */
int power_button_open(void);

/* Reads what the devices have (bounded, never blocks). Returns 1 when
 * KEY_POWER was pressed. */
int power_button_pressed(int fd);

#endif
