#ifndef EBB_BOOT_H
#define EBB_BOOT_H

/* PID 1 of a machine: sets the system up, starts the services (or the
 * ebb.run program) and runs the event loop until shutdown; never returns.
 * Its arguments are logged and ignored. */
void boot_machine(int argc, char **argv) __attribute__((noreturn));

#endif
