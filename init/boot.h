#ifndef EBB_BOOT_H
#define EBB_BOOT_H

/* PID 1 of a machine: sets the system up, starts the services (or the
 * ebb.run program) and runs the event loop until shutdown; never returns.
 * Its arguments are logged and ignored. In a container (a PID namespace
 * other than the machine's) the same, but Ctrl-Alt-Del and the file
 * systems stay the machine's: shutdown syncs and unmounts nothing. */
void boot_machine(int argc, char **argv, int in_container) __attribute__((noreturn));

#endif
