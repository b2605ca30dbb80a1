#ifndef EBB_RECLAIM_INSTALL_H
#define EBB_RECLAIM_INSTALL_H

#include <stdbool.h>
#include <stddef.h>

/* `reclaim install`: what starts `reclaim daemon` in a distro that has
 * its own init (WSL's, systemd): a systemd unit, or WSL's boot command
 * in /etc/wsl.conf. Both name this binary by the path it was started
 * by, whose name must stay "reclaim" (under any other name it is init). */

#define INSTALL_UNIT_PATH "/etc/systemd/system/ebb-reclaim.service"

/* The unit and the wsl.conf lines for the binary at exe: their length,
 * or -1 when cap is too small. */
int install_unit_text(const char *exe, char *buf, size_t cap);
int install_wsl_conf_text(const char *exe, char *buf, size_t cap);
/* Absolute, only [A-Za-z0-9/._+-] (no quoting in either file), and not
 * in a directory the unit hides (/home, /root, /run/user, /tmp). */
bool install_path_ok(const char *path);
/* This binary's absolute path as started by argv0 (its own name kept,
 * not resolved to the file a symlink names): 0, or -1 (printed). */
int install_own_path(const char *argv0, char *out, size_t cap);

/* Prints both, or with to_disk the unit into INSTALL_UNIT_PATH (root and a
 * running systemd only; otherwise says what to do). Exit status. */
int install_main(const char *argv0, bool to_disk);

#endif
