/* The writes behind each job, with the kernel files replaced by a fake
 * that records what was written and answers like the kernel would; and
 * the worker thread carrying a job to its eventfd. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "actuator.h"
#include "worker.h"

#define MIB (1ull << 20)

static struct {
	char writes[16][96];         /* "path:text" */
	unsigned count;
	unsigned syncs;
	bool swappiness_einval;      /* kernels before ~6.11 */
	int reclaim_error;           /* -EAGAIN, -ENOENT, ... */
	int knob_error;
} fake;

static int fake_write(const char *path, const char *text)
{
	if (fake.count < 16)
		snprintf(fake.writes[fake.count], sizeof fake.writes[0], "%s:%s",
			 path, text);
	fake.count++;
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
	struct job job = { JOB_RECLAIM, 64 * MIB };
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
	struct job job = { JOB_RECLAIM, 300 * MIB };
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
	struct job job = { JOB_RECLAIM, 300 * MIB };
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
	struct job reclaim = { JOB_RECLAIM, 64 * MIB };
	struct job compact = { JOB_COMPACT, 0 };
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

static void test_drop_caches_syncs_first(void **state)
{
	struct actuator a;
	struct job job = { JOB_DROP_CACHES, 0 };
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

static void test_stop_between_writes(void **state)
{
	struct actuator a;
	struct job job = { JOB_RECLAIM, 1024 * MIB };
	atomic_bool stop = true;

	(void)state;
	fake_actuator(&a);
	assert_int_equal(actuator_run(&a, &job, &stop).status, JOB_STOPPED);
	assert_int_equal(fake.count, 0);
}

static void test_worker_runs_job_and_signals(void **state)
{
	static struct worker w;
	struct job job = { JOB_COMPACT, 0 };
	struct job_result r;
	struct pollfd pfd;

	(void)state;
	fake_actuator(&w.actuator);
	assert_int_equal(worker_start(&w), 0);
	assert_true(worker_submit(&w, &job));
	pfd = (struct pollfd){ .fd = w.event_fd, .events = POLLIN };
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	assert_true(worker_take_result(&w, &r));
	assert_int_equal(r.kind, JOB_COMPACT);
	assert_int_equal(r.status, JOB_DONE);
	assert_string_equal(fake.writes[0], "compact:1");
	assert_false(worker_take_result(&w, &r));
	/* a second job is accepted once the first was taken */
	assert_true(worker_submit(&w, &job));
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	assert_false(worker_submit(&w, &job));
	assert_true(worker_take_result(&w, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swappiness_einval_retries_without_and_remembers),
		cmocka_unit_test(test_swappiness_kept_where_supported),
		cmocka_unit_test(test_eagain_is_partial_success),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_drop_caches_syncs_first),
		cmocka_unit_test(test_stop_between_writes),
		cmocka_unit_test(test_worker_runs_job_and_signals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
