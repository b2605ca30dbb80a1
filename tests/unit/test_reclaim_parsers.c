/* The /proc parsers of reclaim/ on formats of 4.19, 5.15, 6.1, 6.12,
 * a recording of a live 6.18 host, and garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "procfs.h"
#include "fixture.h"

static char fixture_buf[65536];

static size_t load_fixture(const char *name)
{
	return fixture_read("reclaim", name, fixture_buf, sizeof fixture_buf);
}

#define KIB 1024ull

static void test_stat_versions(void **state)
{
	static const struct { const char *file; uint64_t busy, iowait, idle; } cases[] = {
		{ "4.19/stat", 4087, 500, 400000 },
		{ "5.15/stat", 123456810, 4, 3 },
		{ "6.1/stat", 16303, 1051, 152334 },
		{ "6.12/stat", 18446744073709576ull, 5, 5 },
	};
	struct cpu_times cpu;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = load_fixture(cases[i].file);

		assert_int_equal(proc_stat_parse(fixture_buf, n, &cpu), 0);
		assert_int_equal(cpu.busy, cases[i].busy);
		assert_int_equal(cpu.iowait, cases[i].iowait);
		assert_int_equal(cpu.idle, cases[i].idle);
	}
}

static void test_stat_garbage(void **state)
{
	static const char *const bad[] = {
		"", "cpu", "cpu  1 2 3\n", "cpu0 1 2 3 4 5 6 7 8 9 10\n",
		"intr 1 2 3\ncpu  1 2 3 4\n", "cpu  1 2 x 4 5\n",
		"cpu  99999999999999999999 1 1 1\n",
		"cpu  18446744073709551615 1 1 1 1 1 1 1\n", /* sum overflows */
		"cpu  1 2 3 4 5 6 7 8 9 10 11\n", "cpux 1 2 3 4\n",
	};
	struct cpu_times cpu;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(proc_stat_parse(bad[i], strlen(bad[i]), &cpu), -1);
	/* 2.4-era 4 fields, and a line cut by the buffer's end */
	assert_int_equal(proc_stat_parse("cpu  1 2 3 4\n", 13, &cpu), 0);
	assert_int_equal(cpu.busy, 6);
	assert_int_equal(proc_stat_parse("cpu  1 2 3 4 5", 14, &cpu), 0);
	assert_int_equal(cpu.iowait, 5);
}

static void test_meminfo_versions(void **state)
{
	static const struct {
		const char *file;
		uint64_t total, free, avail, af, inf, sr, swap_total, swap_free;
	} cases[] = {
		{ "4.19/meminfo", 1014808, 70032, 700124, 300000, 250000, 40000, 11079, 9848 },
		{ "5.15/meminfo", 16337184, 8123456, 14000000, 2000000, 3000000, 500000, 11079, 9848 },
		{ "6.1/meminfo", 1010712, 512000, 900000, 102400, 307200, 20480, 11079, 9848 },
		{ "6.12/meminfo", 65536000, 1000, 2000, 1, 2, 3, 11079, 9848 },
		{ "host-6.18/meminfo", 24684100, 22987656, 23956324, 316040, 687684, 264448, 0, 0 },
	};
	struct meminfo mem;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = load_fixture(cases[i].file);

		assert_int_equal(proc_meminfo_parse(fixture_buf, n, &mem), 0);
		assert_int_equal(mem.total, cases[i].total * KIB);
		assert_int_equal(mem.free, cases[i].free * KIB);
		assert_int_equal(mem.available, cases[i].avail * KIB);
		assert_int_equal(mem.active_file, cases[i].af * KIB);
		assert_int_equal(mem.inactive_file, cases[i].inf * KIB);
		assert_int_equal(mem.sreclaimable, cases[i].sr * KIB);
		/* SwapCached comes first in the file: not mistaken for either */
		assert_int_equal(mem.swap_total, cases[i].swap_total * KIB);
		assert_int_equal(mem.swap_free, cases[i].swap_free * KIB);
	}
}

static void test_meminfo_garbage(void **state)
{
	static const char *const bad[] = {
		"",
		"MemTotal: 100 kB\nMemFree: 50 kB\nActive(file): 1 kB\n", /* no Inactive(file) */
		"MemTotal: 100 kB\nMemFree: 50 kB\nActive(file): 1 kB\nInactive(file): x kB\n",
		"MemTotal: 99999999999999999999 kB\nMemFree: 1 kB\nActive(file): 1 kB\nInactive(file): 1 kB\n",
		"MemTotal: 18014398509481984 kB\nMemFree: 1 kB\nActive(file): 1 kB\nInactive(file): 1 kB\n",
		"MemTotal: 0 kB\nMemFree: 0 kB\nActive(file): 0 kB\nInactive(file): 0 kB\n",
		"MemTotal: 100 kB trailing\nMemFree: 1 kB\nActive(file): 1 kB\nInactive(file): 1 kB\n",
	};
	static const char old[] = /* 3.10: no MemAvailable */
		"MemTotal: 100 kB\nMemFree: 50 kB\nActive(file): 1 kB\nInactive(file): 2 kB\n";
	struct meminfo mem;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(proc_meminfo_parse(bad[i], strlen(bad[i]), &mem), -1);
	assert_int_equal(proc_meminfo_parse(old, strlen(old), &mem), 0);
	assert_int_equal(mem.available, 0);
	assert_int_equal(mem.inactive_file, 2 * KIB);
	assert_int_equal(mem.swap_total, 0); /* no swap lines: swap is off */
}

static void test_vmstat_versions(void **state)
{
	static const struct { const char *file; uint64_t refaults; } cases[] = {
		{ "4.19/vmstat", 123456 },  /* workingset_refault only */
		{ "5.15/vmstat", 654321 },  /* _file, not _anon */
		{ "6.1/vmstat", 777 },
		{ "6.12/vmstat", 98765432 },
	};
	uint64_t pages;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = load_fixture(cases[i].file);

		assert_int_equal(proc_vmstat_refaults(fixture_buf, n, &pages), 0);
		assert_int_equal(pages, cases[i].refaults);
	}
}

static void test_vmstat_garbage(void **state)
{
	static const char *const bad[] = {
		"", "nr_free_pages 12\n", "workingset_refault\n",
		"workingset_refault_file 99999999999999999999\n",
		"workingset_refault_file 12 13\n", "workingset_refault_anon 5\n",
		"workingset_refaultx 5\n",
	};
	uint64_t pages = 7;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(proc_vmstat_refaults(bad[i], strlen(bad[i]), &pages), -1);
	assert_int_equal(pages, 7);
}

static void test_psi_versions(void **state)
{
	static const struct { const char *file; uint32_t avg10; uint64_t total; } cases[] = {
		{ "5.15/pressure_cpu", 25, 81234567 },
		{ "5.15/pressure_memory", 0, 1500 },
		{ "5.15/pressure_io", 1234, 9876543210ull },
		{ "6.1/pressure_cpu", 0, 4321 },
		{ "6.1/pressure_io", 0, 77 },
		{ "6.12/pressure_cpu", 10000, UINT64_MAX },
		{ "6.12/pressure_memory", 310, 31000 },
	};
	struct psi_some psi;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = load_fixture(cases[i].file);

		assert_int_equal(proc_psi_parse(fixture_buf, n, &psi), 0);
		assert_int_equal(psi.avg10_cp, cases[i].avg10);
		assert_int_equal(psi.total_us, cases[i].total);
	}
}

static void test_psi_garbage(void **state)
{
	static const char *const bad[] = {
		"", "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00\n",
		"some avg10=0.0 avg60=0.00 avg300=0.00 total=5\n",
		"some avg10=101.00 avg60=0.00 avg300=0.00 total=5\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=18446744073709551616\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=5 extra\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=",
	};
	struct psi_some psi;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(proc_psi_parse(bad[i], strlen(bad[i]), &psi), -1);
}

static void test_buddyinfo_versions(void **state)
{
	static const struct { const char *file; uint64_t free, reportable; } cases[] = {
		{ "4.19/buddyinfo", 122271, 107008 },
		{ "5.15/buddyinfo", 298925, 225280 },
		{ "6.1/buddyinfo", 80643, 54784 },
		{ "6.12/buddyinfo", 209309, 158208 },
	};
	struct buddy_free buddy;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = load_fixture(cases[i].file);

		assert_int_equal(proc_buddyinfo_parse(fixture_buf, n, 9, &buddy), 0);
		assert_int_equal(buddy.free_pages, cases[i].free);
		assert_int_equal(buddy.reportable_pages, cases[i].reportable);
	}
	/* order 0: everything free is reportable */
	assert_int_equal(proc_buddyinfo_parse(fixture_buf, load_fixture("6.1/buddyinfo"),
					      0, &buddy), 0);
	assert_int_equal(buddy.reportable_pages, buddy.free_pages);
}

static void test_buddyinfo_garbage(void **state)
{
	static const char *const bad[] = {
		"", "\n\n", "Node 0, zone DMA\n", "Zone 0, node DMA 1 2 3\n",
		"Node 0, zone DMA 1 2 x 4\n",
		"Node 0, zone DMA 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n",
		"Node 0, zone DMA 18446744073709551615 18446744073709551615\n",
		"Node 0, zone DMA 1 2 3\ngarbage line\n",
	};
	struct buddy_free buddy;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(proc_buddyinfo_parse(bad[i], strlen(bad[i]), 9, &buddy), -1);
}

/* A recording of this development host (6.18): whatever its numbers,
 * every parser must accept it and the values must hang together. */
static void test_recorded_host(void **state)
{
	struct cpu_times cpu;
	struct meminfo mem;
	struct buddy_free buddy;
	struct psi_some psi;
	uint64_t pages;

	(void)state;
	assert_int_equal(proc_stat_parse(fixture_buf, load_fixture("host-6.18/stat"), &cpu), 0);
	assert_true(cpu.busy > 0 && cpu.idle > 0);
	assert_int_equal(proc_meminfo_parse(fixture_buf, load_fixture("host-6.18/meminfo"), &mem), 0);
	assert_true(mem.free < mem.total && mem.available <= mem.total);
	assert_int_equal(proc_vmstat_refaults(fixture_buf, load_fixture("host-6.18/vmstat"), &pages), 0);
	assert_int_equal(proc_buddyinfo_parse(fixture_buf, load_fixture("host-6.18/buddyinfo"), 9, &buddy), 0);
	assert_true(buddy.reportable_pages <= buddy.free_pages);
	assert_true(buddy.free_pages * 4096 <= mem.total);
	assert_int_equal(proc_psi_parse(fixture_buf, load_fixture("host-6.18/pressure_io"), &psi), 0);
}

/* Overlong input: a buffer full of one endless line is refused, not overrun. */
static void test_overlong_lines(void **state)
{
	struct meminfo mem;
	struct cpu_times cpu;
	struct buddy_free buddy;
	uint64_t pages;

	(void)state;
	memset(fixture_buf, '7', sizeof fixture_buf);
	assert_int_equal(proc_meminfo_parse(fixture_buf, sizeof fixture_buf, &mem), -1);
	assert_int_equal(proc_stat_parse(fixture_buf, sizeof fixture_buf, &cpu), -1);
	assert_int_equal(proc_vmstat_refaults(fixture_buf, sizeof fixture_buf, &pages), -1);
	assert_int_equal(proc_buddyinfo_parse(fixture_buf, sizeof fixture_buf, 9, &buddy), -1);
	memcpy(fixture_buf, "cpu  ", 5);
	assert_int_equal(proc_stat_parse(fixture_buf, sizeof fixture_buf, &cpu), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_versions),
		cmocka_unit_test(test_stat_garbage),
		cmocka_unit_test(test_meminfo_versions),
		cmocka_unit_test(test_meminfo_garbage),
		cmocka_unit_test(test_vmstat_versions),
		cmocka_unit_test(test_vmstat_garbage),
		cmocka_unit_test(test_psi_versions),
		cmocka_unit_test(test_psi_garbage),
		cmocka_unit_test(test_buddyinfo_versions),
		cmocka_unit_test(test_buddyinfo_garbage),
		cmocka_unit_test(test_recorded_host),
		cmocka_unit_test(test_overlong_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
