#ifndef EBB_SYSTEM_SETUP_H
#define EBB_SYSTEM_SETUP_H

/* PATH, HOME, TERM, SHELL and umask 022 for everything init starts. */
void setup_environment(void);
/* First line of /etc/hostname, else "ebb". */
void setup_hostname(void);
/* `lo` up through SIOCSIFFLAGS (the kernel then adds 127.0.0.1). */
void setup_loopback(void);
/* oom_score_adj -1000: the OOM killer never picks PID 1. */
void setup_oom_protection(void);
/* fs.protected_hardlinks=1 and fs.protected_symlinks=1 (a machine only:
 * a container's are its host's). */
void setup_link_protection(void);

#endif
