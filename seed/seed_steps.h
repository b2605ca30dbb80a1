#ifndef EBB_SEED_STEPS_H
#define EBB_SEED_STEPS_H

/* The steps of an instance (hostname, users[dev], write_files[2], ...):
 * which are done, kept in /var/lib/ebb-seed/steps (the instance-id on its
 * first line, a done step per line after it) until every step is, so
 * that the next boot retries only those that failed (an append is never
 * made twice, runcmd never runs twice). */
#include <stdbool.h>
#include <stddef.h>

enum { SEED_STEPS_TEXT_MAX = 4096, SEED_STEP_NAME_MAX = 64 };

struct seed_steps {
	char instance[160];
	char done[SEED_STEPS_TEXT_MAX]; /* a name per line */
	size_t done_len;
	char failed[400];               /* for the log line: "users[dev], runcmd" */
	unsigned failed_count;
};

/* The steps done of instance (none when the file is another's). */
void seed_steps_load(struct seed_steps *s, const char *instance);
bool seed_step_done(const struct seed_steps *s, const char *name);
/* A step's outcome: err 0 done, else failed. */
void seed_step_result(struct seed_steps *s, const char *name, int err);
/* Keeps the done steps for the next boot; 0 or -1 (logged). */
int seed_steps_store(const struct seed_steps *s);
/* Removes the file once the instance is applied. */
void seed_steps_clear(void);

#endif
