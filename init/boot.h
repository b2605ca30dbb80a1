#ifndef EBB_BOOT_H
#define EBB_BOOT_H

/* PID 1 of a machine: sets the system up, starts the services (or the
 * ebb.run program) and runs the event loop until shutdown. */
void boot_machine(void) __attribute__((noreturn));

#endif
