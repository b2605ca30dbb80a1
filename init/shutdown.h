#ifndef EBB_SHUTDOWN_H
#define EBB_SHUTDOWN_H

#include <stdint.h>
#include <sys/reboot.h>

/* Runs the shutdown entries, stops reclaim, SIGTERMs every process and
 * waits up to timeout_ms for them (reaping), SIGKILLs the rest, syncs,
 * unmounts (remounting read-only what stays busy), syncs and calls
 * reboot(how), how being RB_HALT_SYSTEM, RB_POWER_OFF or RB_AUTOBOOT.
 * The syncs and unmounts run in children and share another timeout_ms
 * (see fs_shutdown.h). Never returns: if reboot(2) fails it logs and
 * keeps reaping. */
void shutdown_system(int how, int sigfd, uint64_t timeout_ms) __attribute__((noreturn));

/* In a container: shutdown syncs but unmounts and remounts nothing. Its
 * mounts may share superblocks with the machine's (a read-only remount
 * would reach them) and are the machine's to take down. */
void shutdown_leave_filesystems(void);

/* SIGQUIT with a restart entry: when command is an absolute path to an
 * executable file with plain arguments (no shell syntax), the same
 * stopping of everything, then PID 1 execs it directly (mounts kept;
 * `::restart:/sbin/init` boots again). Reboots when that exec fails.
 * Returns, logged, having stopped nothing when command cannot run so. */
void shutdown_restart(const char *command, int sigfd, uint64_t timeout_ms);

#endif
