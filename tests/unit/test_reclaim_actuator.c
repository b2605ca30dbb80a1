/* The writes behind each job, with the kernel files replaced by a fake
 * that records what was written and answers like the kernel would; the
 * worker's SCHED_IDLE child carrying a job and its result back through
 * reaping; and gradual mode on a
 * 6.1 kernel with swap on (policy, actuator and meminfo together). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "actuator.h"
#include "config.h"
#include "fixture.h"
#include "policy.h"
#include "worker.h"
#include "write_small_file.h"

#define MIB (1ull << 20)

static struct {
	char writes[16][96];         /* "path:text" */
	unsigned count;
	unsigned syncs;
	bool swappiness_einval;      /* kernels before ~6.11 */
	int reclaim_error;           /* -EAGAIN, -ENOENT, ... */
	int knob_error;
	atomic_bool *stop;           /* set by the write numbered stop_after */
	unsigned stop_after;
} fake;

static int fake_write(const char *path, const char *text)
{
	if (fake.count < 16)
		snprintf(fake.writes[fake.count], sizeof fake.writes[0], "%s:%s",
			 path, text);
	fake.count++;
	if (fake.stop && fake.count == fake.stop_after)
		atomic_store(fake.stop, true);
	if (strcmp(path, "reclaim") == 0) {
		if (fake.swappiness_einval && strstr(text, "swappiness="))
			return -EINVAL;
		return fake.reclaim_error;
	}
	return fake.knob_error;
}

static void fake_sync(void)
{
	fake.syncs++;
}

static void fake_actuator(struct actuator *a)
{
	memset(&fake, 0, sizeof fake);
	actuator_defaults(a);
	a->write_text = fake_write;
	a->sync_all = fake_sync;
	a->memory_reclaim_path = "reclaim";
	a->drop_caches_path = "drop";
	a->compact_memory_path = "compact";
}

static void test_swappiness_einval_retries_without_and_remembers(void **state)
{
	struct actuator a;
	struct job job = { .kind = JOB_RECLAIM, .bytes = 64 * MIB };
	atomic_bool stop = false;
	struct job_result r;

	(void)state;
	fake_actuator(&a);
	fake.swappiness_einval = true;
	r = actuator_run(&a, &job, &stop);
	assert_int_equal(r.status, JOB_DONE);
	assert_int_equal(fake.count, 2);
	assert_string_equal(fake.writes[0], "reclaim:67108864 swappiness=0");
	assert_string_equal(fake.writes[1], "reclaim:67108864");
	r = actuator_run(&a, &job, &stop);
	assert_int_equal(fake.count, 3);
	assert_string_equal(fake.writes[2], "reclaim:67108864");
}

static void test_swappiness_kept_where_supported(void **state)
{
	struct actuator a;
	struct job job = { .kind = JOB_RECLAIM, .bytes = 300 * MIB };
	atomic_bool stop = false;

	(void)state;
	fake_actuator(&a);
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_DONE);
	/* written in 128 MiB pieces so a stop lands between them */
	assert_int_equal(fake.count, 3);
	assert_string_equal(fake.writes[0], "reclaim:134217728 swappiness=0");
	assert_string_equal(fake.writes[2], "reclaim:46137344 swappiness=0");
}

static void test_eagain_is_partial_success(void **state)
{
	struct actuator a;
	struct job job = { .kind = JOB_RECLAIM, .bytes = 300 * MIB };
	atomic_bool stop = false;

	(void)state;
	fake_actuator(&a);
	fake.reclaim_error = -EAGAIN;
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_PARTIAL);
	assert_int_equal(fake.count, 1);
}

static void test_missing_files(void **state)
{
	struct actuator a;
	struct job reclaim = { .kind = JOB_RECLAIM, .bytes = 64 * MIB };
	struct job compact = { .kind = JOB_COMPACT };
	atomic_bool stop = false;

	(void)state;
	fake_actuator(&a);
	fake.reclaim_error = -ENOENT;
	fake.knob_error = -ENOENT;
	assert_int_equal(actuator_run(&a, &reclaim, &stop).status, JOB_UNSUPPORTED);
	assert_int_equal(actuator_run(&a, &compact, &stop).status, JOB_UNSUPPORTED);
	fake.reclaim_error = -EIO;
	assert_int_equal(actuator_run(&a, &reclaim, &stop).status, JOB_FAILED);
}

/* Read-only /sys or /proc (containers) or no permission: never usable. */
static void test_read_only_files_are_unusable(void **state)
{
	const int errors[] = { -EROFS, -EACCES, -EPERM };
	struct job reclaim = { .kind = JOB_RECLAIM, .bytes = 64 * MIB };
	struct job drop = { .kind = JOB_DROP_CACHES };
	struct job compact = { .kind = JOB_COMPACT };
	atomic_bool stop = false;
	struct job_result r;
	struct actuator a;

	(void)state;
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		fake_actuator(&a);
		fake.reclaim_error = errors[i];
		fake.knob_error = errors[i];
		r = actuator_run(&a, &reclaim, &stop);
		assert_int_equal(r.status, JOB_UNSUPPORTED);
		assert_int_equal(r.error, -errors[i]);
		r = actuator_run(&a, &drop, &stop);
		assert_int_equal(r.status, JOB_UNSUPPORTED);
		assert_int_equal(r.error, -errors[i]);
		assert_int_equal(actuator_run(&a, &compact, &stop).status, JOB_UNSUPPORTED);
	}
}

static void test_drop_caches_syncs_first(void **state)
{
	struct actuator a;
	struct job job = { .kind = JOB_DROP_CACHES };
	atomic_bool stop = false;

	(void)state;
	fake_actuator(&a);
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_DONE);
	assert_int_equal(fake.syncs, 1);
	assert_int_equal(fake.count, 1);
	assert_string_equal(fake.writes[0], "drop:3");
	job.kind = JOB_COMPACT;
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_DONE);
	assert_string_equal(fake.writes[1], "compact:1");
}

/* A stop that arrives while the first of eight 128 MiB writes runs
 * ends the job before the second. */
static void test_stop_between_writes(void **state)
{
	struct actuator a;
	struct job job = { .kind = JOB_RECLAIM, .bytes = 1024 * MIB };
	atomic_bool stop = false;

	(void)state;
	fake_actuator(&a);
	fake.stop = &stop;
	fake.stop_after = 1;
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_STOPPED);
	assert_int_equal(fake.count, 1);
	assert_string_equal(fake.writes[0], "reclaim:134217728 swappiness=0");
	/* after the third: three writes ran */
	atomic_store(&stop, false);
	fake_actuator(&a);
	fake.stop = &stop;
	fake.stop_after = 3;
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_STOPPED);
	assert_int_equal(fake.count, 3);
	/* no stop: all eight */
	atomic_store(&stop, false);
	fake_actuator(&a);
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_DONE);
	assert_int_equal(fake.count, 8);
}

/* Swap on and no swappiness= key: a size alone would swap anonymous
 * memory out, so nothing more is written, then or later; with swap off
 * the size alone is fine. */
static void test_swap_on_without_swappiness_writes_no_size(void **state)
{
	struct actuator a;
	struct job job = { .kind = JOB_RECLAIM, .bytes = 64 * MIB, .swap_on = true };
	atomic_bool stop = false;

	(void)state;
	fake_actuator(&a);
	fake.swappiness_einval = true;
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_WOULD_SWAP);
	assert_int_equal(fake.count, 1);
	assert_string_equal(fake.writes[0], "reclaim:67108864 swappiness=0");
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_WOULD_SWAP);
	assert_int_equal(fake.count, 1);
	job.swap_on = false;
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_DONE);
	assert_int_equal(fake.count, 2);
	assert_string_equal(fake.writes[1], "reclaim:67108864");
	/* a kernel that knows the key keeps anon memory out even with swap */
	fake_actuator(&a);
	job.swap_on = true;
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_DONE);
	assert_string_equal(fake.writes[0], "reclaim:67108864 swappiness=0");
}

/* 20 quiet 1 s ticks from a fresh policy, each job run by the actuator
 * as the loop does it; returns the number of jobs. */
static unsigned run_idle_period(struct actuator *a, struct policy *p,
				struct reclaim_sample *s)
{
	struct reclaim_config config;
	atomic_bool stop = false;
	unsigned jobs = 0;

	config_defaults(&config);
	policy_init(p);
	s->parts = SAMPLE_CPU | SAMPLE_MEM;
	for (int tick = 0; tick < 20; tick++) {
		struct policy_output out;

		s->now_ms += 1000;
		s->busy_us += 1000;            /* 0.1 % of a CPU: quiet */
		out = policy_tick(p, &config, s);
		s->job_ran = out.job.kind != JOB_NONE;
		if (out.job.kind != JOB_NONE) {
			struct job_result r = actuator_run(a, &out.job, &stop);

			policy_job_done(p, &r);
			jobs++;
		}
	}
	return jobs;
}

/* gradual on 6.1 (memory.reclaim refuses "swappiness=" with EINVAL)
 * with the 6.1 fixture's 11 MiB of swap on: the loop's path from sample
 * to writes drops caches instead of writing a bare size, and says so;
 * the same guest with swap off steps through memory.reclaim. */
static void test_gradual_with_swap_on_6_1_drops_caches(void **state)
{
	static char meminfo[8192];
	struct reclaim_sample s = { 0 };
	struct actuator a;
	struct policy p;
	size_t n = fixture_read("reclaim", "6.1/meminfo", meminfo, sizeof meminfo);

	(void)state;
	assert_int_equal(proc_meminfo_parse(meminfo, n, &s.mem), 0);
	assert_int_equal(s.mem.swap_total, 11079 * 1024);
	fake_actuator(&a);
	fake.swappiness_einval = true;
	/* the cache does not shrink (a fake): one try, then one drop */
	assert_int_equal(run_idle_period(&a, &p, &s), 2);
	assert_int_equal(fake.count, 2);
	assert_non_null(strstr(fake.writes[0], " swappiness=0"));
	assert_string_equal(fake.writes[1], "drop:3");
	assert_int_equal(fake.syncs, 1);
	assert_true(policy_drops_for_swap(&p, &s.mem));

	/* swapoff: memory.reclaim again, sizes alone */
	s.mem.swap_total = s.mem.swap_free = 0;
	fake_actuator(&a);
	fake.swappiness_einval = true;
	assert_true(run_idle_period(&a, &p, &s) >= 2);
	assert_int_equal(fake.syncs, 0);
	assert_non_null(strstr(fake.writes[0], " swappiness=0"));
	assert_null(strchr(fake.writes[1], ' '));
	assert_false(policy_drops_for_swap(&p, &s.mem));
}

/* Writes run in the worker's child: these fakes leave what they saw
 * where the parent can read it (a file, the shared page). */
static int write_with_policy(const char *path, const char *text)
{
	char line[64];

	snprintf(line, sizeof line, "%s policy=%d", text, sched_getscheduler(0));
	return write_small_file(path, line);
}

static int write_burning_cpu(const char *path, const char *text)
{
	struct timespec ts;

	(void)path, (void)text;
	do
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	while (ts.tv_sec == 0 && ts.tv_nsec < 30 * 1000000);
	return 0;
}

/* Waits (5 s at most) for the stop flag, then lets the write succeed. */
static int write_until_stopped(const char *path, const char *text)
{
	(void)path, (void)text;
	for (int i = 0; i < 500 && !atomic_load(fake.stop); i++)
		usleep(10000);
	return 0;
}

static int write_blocking(const char *path, const char *text)
{
	(void)path, (void)text;
	sleep(10);
	return 0;
}

/* Reaps the worker's child as the host does; true when it was ours. */
static bool reap_worker(struct worker *w, struct job_result *r)
{
	struct rusage usage;
	int status;
	pid_t pid = wait4(-1, &status, 0, &usage);

	assert_true(pid > 0);
	return worker_child_exited(w, pid, status, &usage, r);
}

static void test_worker_runs_each_job_in_a_sched_idle_child(void **state)
{
	static struct worker w;
	struct job job = { .kind = JOB_COMPACT };
	struct job_result r;
	const char *path = fixture_temp_file("", 0);
	char got[64] = "";
	struct rusage none = { 0 };
	ssize_t n;
	int fd;

	(void)state;
	actuator_defaults(&w.actuator);
	w.actuator.write_text = write_with_policy;
	w.actuator.compact_memory_path = path;
	assert_int_equal(worker_start(&w), 0);
	assert_true(worker_submit(&w, &job));
	/* one job at a time: refused until the child is reaped */
	assert_false(worker_submit(&w, &job));
	assert_false(worker_child_exited(&w, w.pid + 1, 0, &none, &r));
	assert_true(reap_worker(&w, &r));
	assert_int_equal(r.kind, JOB_COMPACT);
	assert_int_equal(r.status, JOB_DONE);
	fd = open(path, O_RDONLY);
	n = read(fd, got, sizeof got - 1);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	assert_string_equal(got, "1 policy=5"); /* SCHED_IDLE */
	assert_true(worker_submit(&w, &job));
	assert_true(reap_worker(&w, &r));
}

static void test_worker_child_learns_for_the_parent(void **state)
{
	static struct worker w;
	struct job job = { .kind = JOB_RECLAIM, .bytes = 64 * MIB };
	struct job_result r;

	(void)state;
	fake_actuator(&w.actuator);
	fake.swappiness_einval = true;
	assert_int_equal(worker_start(&w), 0);
	assert_true(worker_submit(&w, &job));
	assert_true(reap_worker(&w, &r));
	assert_int_equal(r.status, JOB_DONE);
	/* the next child starts with sizes alone */
	assert_true(w.actuator.no_swappiness);
}

static void test_worker_cpu_time_live_and_reaped(void **state)
{
	static struct worker w;
	struct job job = { .kind = JOB_COMPACT };
	struct job_result r;
	siginfo_t info;
	uint64_t live;

	(void)state;
	fake_actuator(&w.actuator);
	w.actuator.write_text = write_burning_cpu;
	assert_int_equal(worker_start(&w), 0);
	assert_int_equal(worker_cpu_us(&w), 0);
	assert_true(worker_submit(&w, &job));
	/* exited, not reaped: its CPU clock still reads */
	assert_int_equal(waitid(P_PID, (id_t)w.pid, &info, WEXITED | WNOWAIT), 0);
	live = worker_cpu_us(&w);
	assert_true(live >= 30000);
	assert_true(reap_worker(&w, &r));
	assert_true(worker_cpu_us(&w) >= live);
}

static void test_worker_stops_between_writes(void **state)
{
	static struct worker w;
	struct job job = { .kind = JOB_RECLAIM, .bytes = 256 * MIB };
	struct job_result r;

	(void)state;
	fake_actuator(&w.actuator);
	w.actuator.write_text = write_until_stopped;
	assert_int_equal(worker_start(&w), 0);
	fake.stop = &w.shared->stop_job;
	assert_true(worker_submit(&w, &job));
	worker_interrupt(&w);
	assert_true(reap_worker(&w, &r));
	assert_int_equal(r.status, JOB_STOPPED);
}

static void test_worker_kill_forgets_the_child(void **state)
{
	static struct worker w;
	struct job job = { .kind = JOB_COMPACT };
	struct job_result r;
	struct rusage usage;
	int status;
	pid_t pid;

	(void)state;
	fake_actuator(&w.actuator);
	w.actuator.write_text = write_blocking;
	assert_int_equal(worker_start(&w), 0);
	assert_true(worker_submit(&w, &job));
	pid = w.pid;
	worker_kill(&w);
	assert_int_equal(wait4(pid, &status, 0, &usage), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	/* any reaper may take it now: not reclaim's any more */
	assert_false(worker_child_exited(&w, pid, status, &usage, &r));
	assert_true(worker_submit(&w, &job));
	worker_kill(&w);
	assert_int_equal(wait4(-1, &status, 0, &usage) > 0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swappiness_einval_retries_without_and_remembers),
		cmocka_unit_test(test_swappiness_kept_where_supported),
		cmocka_unit_test(test_eagain_is_partial_success),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_read_only_files_are_unusable),
		cmocka_unit_test(test_drop_caches_syncs_first),
		cmocka_unit_test(test_stop_between_writes),
		cmocka_unit_test(test_swap_on_without_swappiness_writes_no_size),
		cmocka_unit_test(test_gradual_with_swap_on_6_1_drops_caches),
		cmocka_unit_test(test_worker_runs_each_job_in_a_sched_idle_child),
		cmocka_unit_test(test_worker_child_learns_for_the_parent),
		cmocka_unit_test(test_worker_cpu_time_live_and_reaped),
		cmocka_unit_test(test_worker_stops_between_writes),
		cmocka_unit_test(test_worker_kill_forgets_the_child),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
