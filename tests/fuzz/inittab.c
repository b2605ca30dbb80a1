/* /etc/inittab as inittab_load hands it over: at most INITTAB_FILE_MAX
 * bytes, NUL bytes included. */
#include "inittab.h"
#include "fuzz.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct inittab tab;
	char *buf;
	int rejected;

	if (size > INITTAB_FILE_MAX)
		return -1;
	buf = fuzz_copy(data, size, 0);
	rejected = inittab_parse(buf, size, &tab);
	FUZZ_CHECK(rejected >= 0);
	FUZZ_CHECK(tab.count >= 0 && tab.count <= INITTAB_MAX_ENTRIES);
	for (int i = 0; i < tab.count; i++)
		check_entry(&tab.entries[i]);
	free(buf);
	return 0;
}
