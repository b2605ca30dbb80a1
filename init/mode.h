#ifndef EBB_MODE_H
#define EBB_MODE_H

/* Which init to be. The rule (docs/init.md, Modes):
 * - not PID 1: container mode (`init [--] cmd`, as a subreaper);
 * - PID 1 of the initial PID namespace, the machine's first process
 *   (started by the kernel, or exec'd by switch_root or a restart entry),
 *   or PID 1 without /proc to tell: boot; arguments are ignored;
 * - PID 1 of another PID namespace (a container): container mode when
 *   argv[1] is "--" or a command that exists, else boot that namespace
 *   (no arguments: a system container, WSL's boot.systemd), leaving the
 *   machine's settings and file systems to the machine's own PID 1. */
enum init_mode { INIT_BOOT, INIT_BOOT_CONTAINER, INIT_CONTAINER };

enum init_mode init_mode(int argc, char **argv);

/* argv[1] is "--", or an executable file: a path with '/', or a name
 * found on PATH (musl's default PATH when unset). */
int init_args_name_command(int argc, char **argv);

#endif
