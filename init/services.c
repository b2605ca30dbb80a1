#include "services.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "clock.h"
#include "exit_status.h"
#include "format.h"
#include "log.h"
#include "spawn.h"

enum {
	QUICK_EXIT_MS = 2000,     /* dying sooner than this counts as "at once" */
	FIRST_BACKOFF_MS = 1000,
	MAX_BACKOFF_MS = 32000,
	MAX_SERVICES = INITTAB_MAX_ENTRIES + 1, /* + the main program */
};

enum phase { PHASE_SYSINIT, PHASE_WAIT, PHASE_RUNNING, PHASE_STOPPED };

struct service {
	struct inittab_entry entry;
	int is_main;
	pid_t pid;            /* 0 when not running */
	uint64_t started_ms;
	uint64_t due_ms;      /* pending respawn, 0 when none */
	unsigned quick_exits;
};

static struct service services[MAX_SERVICES];
static int service_count;
static enum phase phase;
static int sequential = -1; /* the sysinit/wait entry running now */

static int respawns(const struct service *s)
{
	return s->entry.action == ACTION_RESPAWN || s->entry.action == ACTION_ASKFIRST;
}

/* A controlling terminal only for what is interactive: an askfirst or
 * login ("-") shell, an entry with a tty of its own (a getty), ebb.run.
 * When a session leader exits, the kernel hangs its terminal up, which
 * flushes input: a script or daemon on the shared console would eat the
 * Enter a console shell is waiting for. */
static int spawn_flags(const struct service *s)
{
	int login = s->entry.login ? SPAWN_LOGIN : 0;
	int interactive = s->entry.login || s->entry.tty[0] || s->is_main ||
			  s->entry.action == ACTION_ASKFIRST;

	return login | (interactive ? SPAWN_CONTROLLING_TTY : 0) |
	       (s->entry.action == ACTION_ASKFIRST ? SPAWN_ASK_FIRST : 0);
}

static void start_service(struct service *s)
{
	s->due_ms = 0;
	s->started_ms = monotonic_ms();
	s->pid = spawn_command(s->entry.command, s->entry.tty, spawn_flags(s));
	if (s->pid > 0)
		return;
	s->pid = 0;
	if (respawns(s) || s->is_main)
		s->due_ms = s->started_ms + FIRST_BACKOFF_MS; /* fork failed: retry */
}

/* The main program (ebb.run) is always last. */
static int has_main(void)
{
	return service_count > 0 && services[service_count - 1].is_main;
}

static void start_running(void)
{
	phase = PHASE_RUNNING;
	for (int i = 0; i < service_count; i++) {
		struct service *s = &services[i];
		enum inittab_action a = s->entry.action;

		if (has_main() && respawns(s))
			continue; /* the main program owns the console */
		if (a == ACTION_ONCE || a == ACTION_RESPAWN || a == ACTION_ASKFIRST)
			start_service(s);
	}
}

/* Starts the next sysinit, then wait entry; then everything else. */
static void advance_startup(void)
{
	while (phase == PHASE_SYSINIT || phase == PHASE_WAIT) {
		enum inittab_action want = phase == PHASE_SYSINIT ? ACTION_SYSINIT : ACTION_WAIT;

		for (sequential++; sequential < service_count; sequential++) {
			struct service *s = &services[sequential];

			if (s->entry.action != want)
				continue;
			start_service(s);
			if (s->pid > 0)
				return;
		}
		sequential = -1;
		if (phase == PHASE_WAIT)
			start_running();
		else
			phase = PHASE_WAIT;
	}
}

void services_start(const struct inittab *tab, const char *main_command)
{
	service_count = 0;
	for (int i = 0; i < tab->count; i++)
		services[service_count++] = (struct service){ .entry = tab->entries[i] };
	if (main_command) {
		struct service *m = &services[service_count++];

		*m = (struct service){ .is_main = 1, .entry.action = ACTION_ONCE };
		format(m->entry.command, sizeof m->entry.command, "%s", main_command);
	}
	phase = PHASE_SYSINIT;
	sequential = -1;
	advance_startup();
}

static void schedule_respawn(struct service *s, int status)
{
	uint64_t now = monotonic_ms(), ran = now - s->started_ms;
	uint64_t delay;

	if (ran >= QUICK_EXIT_MS) {
		s->quick_exits = 0;
		start_service(s);
		return;
	}
	s->quick_exits++;
	delay = MAX_BACKOFF_MS;
	if (s->quick_exits <= 6)
		delay = (uint64_t)FIRST_BACKOFF_MS << (s->quick_exits - 1);
	if (delay > MAX_BACKOFF_MS)
		delay = MAX_BACKOFF_MS;
	log_warn("'%s' exited after %" PRIu64 " ms (status %d), %u time(s) in a row; "
		 "respawn in %" PRIu64 " s",
		 s->entry.command, ran, exit_status(status), s->quick_exits, delay / 1000);
	s->due_ms = now + delay;
}

int services_child_exited(pid_t pid, int status)
{
	for (int i = 0; i < service_count; i++) {
		struct service *s = &services[i];

		if (s->pid != pid)
			continue;
		s->pid = 0;
		if (s->is_main)
			return 1;
		if (i == sequential)
			advance_startup();
		else if (phase == PHASE_RUNNING && respawns(s))
			schedule_respawn(s, status);
		return 0;
	}
	return 0;
}

uint64_t services_next_due(void)
{
	uint64_t next = 0;

	if (phase != PHASE_RUNNING)
		return 0;
	for (int i = 0; i < service_count; i++)
		if (services[i].due_ms && (!next || services[i].due_ms < next))
			next = services[i].due_ms;
	return next;
}

void services_run_due(void)
{
	uint64_t now = monotonic_ms();

	if (phase != PHASE_RUNNING)
		return;
	for (int i = 0; i < service_count; i++)
		if (services[i].due_ms && services[i].due_ms <= now)
			start_service(&services[i]);
}

static int same_entry(const struct inittab_entry *a, const struct inittab_entry *b)
{
	return a->action == b->action && a->login == b->login && strcmp(a->tty, b->tty) == 0 &&
	       strcmp(a->command, b->command) == 0;
}

/* Index of an old service matching e and not yet taken, or -1. */
static int take_old(const struct inittab_entry *e, const struct service *old, int old_count,
		    int *taken)
{
	for (int i = 0; i < old_count; i++)
		if (!taken[i] && !old[i].is_main && same_entry(e, &old[i].entry)) {
			taken[i] = 1;
			return i;
		}
	return -1;
}

void services_reload(const struct inittab *tab)
{
	static struct service old[MAX_SERVICES];
	int taken[MAX_SERVICES] = { 0 };
	int old_count = service_count;

	if (phase != PHASE_RUNNING) {
		log_warn("inittab reload ignored: startup or shutdown in progress");
		return;
	}
	memcpy(old, services, sizeof old);
	service_count = 0;
	for (int i = 0; i < tab->count; i++) {
		int o = take_old(&tab->entries[i], old, old_count, taken);

		services[service_count++] = o >= 0 ? old[o] : (struct service){ .entry = tab->entries[i] };
	}
	for (int i = 0; i < old_count; i++) {
		if (old[i].is_main)
			services[service_count++] = old[i];
		else if (!taken[i] && old[i].pid > 0 && respawns(&old[i]) &&
			 kill(old[i].pid, SIGTERM) < 0 && errno != ESRCH)
			log_syserr("kill %d ('%s')", (int)old[i].pid, old[i].entry.command);
	}
	for (int i = 0; i < service_count && !has_main(); i++)
		if (respawns(&services[i]) && !services[i].pid && !services[i].due_ms)
			start_service(&services[i]);
	log_info("inittab reloaded: %d entries", tab->count);
}

int services_ctrlaltdel(void)
{
	int started = 0;

	for (int i = 0; i < service_count; i++)
		if (services[i].entry.action == ACTION_CTRLALTDEL) {
			start_service(&services[i]);
			started++;
		}
	return started;
}

const struct inittab_entry *services_restart_entry(void)
{
	for (int i = 0; i < service_count; i++)
		if (services[i].entry.action == ACTION_RESTART)
			return &services[i].entry;
	return NULL;
}

int services_stop(void)
{
	int count = 0;

	phase = PHASE_STOPPED;
	for (int i = 0; i < service_count; i++)
		count += services[i].entry.action == ACTION_SHUTDOWN;
	return count;
}

pid_t services_spawn_shutdown(int index)
{
	for (int i = 0; i < service_count; i++) {
		struct service *s = &services[i];

		if (s->entry.action == ACTION_SHUTDOWN && index-- == 0) {
			start_service(s);
			return s->pid;
		}
	}
	return 0;
}
