/* /etc/inittab: inittab_parse on the whole input (NUL bytes included),
 * and inittab_load reading it as a file, line by line, from a memfd. */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "inittab.h"
#include "fuzz.h"

enum { INPUT_MAX = 64 * 1024 };

static void check_entry(const struct inittab_entry *e)
{
	size_t tty_len = strnlen(e->tty, sizeof e->tty);
	size_t cmd_len = strnlen(e->command, sizeof e->command);

	FUZZ_CHECK(e->action >= ACTION_SYSINIT && e->action <= ACTION_CTRLALTDEL);
	FUZZ_CHECK(inittab_action_name(e->action) != NULL);
	FUZZ_CHECK(tty_len < sizeof e->tty);
	FUZZ_CHECK(tty_len == 0 || (tty_len > 5 && memcmp(e->tty, "/dev/", 5) == 0 &&
				    !strchr(e->tty + 5, '/') && e->tty[5] != '.'));
	FUZZ_CHECK(cmd_len > 0 && cmd_len < sizeof e->command);
	FUZZ_CHECK(e->login == 0 || e->login == 1);
}

static void check_table(const struct inittab *tab, int rejected)
{
	FUZZ_CHECK(rejected >= 0);
	FUZZ_CHECK(tab->count >= 0 && tab->count <= INITTAB_MAX_ENTRIES);
	for (int i = 0; i < tab->count; i++)
		check_entry(&tab->entries[i]);
}

static void check_load(const uint8_t *data, size_t size)
{
	static struct inittab tab;
	char path[64];
	int fd = memfd_create("inittab", MFD_CLOEXEC);

	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	check_table(&tab, inittab_load(path, &tab));
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct inittab tab;
	char *buf;

	if (size > INPUT_MAX)
		return -1;
	buf = fuzz_copy(data, size, 0);
	check_table(&tab, inittab_parse(buf, size, &tab));
	free(buf);
	check_load(data, size);
	return 0;
}
