#ifndef EBB_SEED_RUN_H
#define EBB_SEED_RUN_H

/* Runs argv[0] (an absolute path) with argv, stdin from /dev/null,
 * stdout and stderr to out_fd (-1: ebb-seed's own), and env entries
 * ("NAME=value", NULL-terminated, or NULL) added to the environment;
 * waits for it. Returns its exit status (128 + signal when killed), or
 * -1 when it could not be started (logged). */
int seed_run(const char *const *argv, int out_fd, const char *const *env);

#endif
