#ifndef EBB_EXIT_STATUS_H
#define EBB_EXIT_STATUS_H

/* A waitpid() status as a shell reports it: the exit code, or 128+signal. */
int exit_status(int wait_status);

#endif
