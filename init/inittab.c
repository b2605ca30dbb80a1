#include "inittab.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "scan.h"

static const char *const action_names[] = {
	[ACTION_SYSINIT] = "sysinit",   [ACTION_WAIT] = "wait",
	[ACTION_ONCE] = "once",         [ACTION_RESPAWN] = "respawn",
	[ACTION_ASKFIRST] = "askfirst", [ACTION_SHUTDOWN] = "shutdown",
	[ACTION_RESTART] = "restart",   [ACTION_CTRLALTDEL] = "ctrlaltdel",
};

const char *inittab_action_name(enum inittab_action action)
{
	return action_names[action];
}

static int find_action(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof action_names / sizeof action_names[0]; i++)
		if (strlen(action_names[i]) == len && memcmp(action_names[i], name, len) == 0)
			return (int)i;
	return -1;
}

/* "ttyS0" or "/dev/ttyS0" -> "/dev/ttyS0"; "" stays "" (console). */
static const char *set_tty(struct inittab_entry *e, const char *id, size_t len)
{
	if (len >= 5 && memcmp(id, "/dev/", 5) == 0) {
		id += 5;
		len -= 5;
	}
	if (len == 0) {
		e->tty[0] = '\0';
		return NULL;
	}
	if (len + 6 > sizeof e->tty || memchr(id, '/', len) || (id[0] == '.'))
		return "bad tty name";
	memcpy(e->tty, "/dev/", 5);
	memcpy(e->tty + 5, id, len);
	e->tty[5 + len] = '\0';
	return NULL;
}

/* One line without its newline; returns NULL or why it was rejected. */
static const char *parse_line(const char *line, size_t len, struct inittab_entry *e)
{
	const char *colon1, *colon2, *colon3, *end = line + len;
	const char *why;
	struct scan cmd;
	int action;

	colon1 = memchr(line, ':', len);
	colon2 = colon1 ? memchr(colon1 + 1, ':', end - colon1 - 1) : NULL;
	colon3 = colon2 ? memchr(colon2 + 1, ':', end - colon2 - 1) : NULL;
	if (!colon3)
		return "want id:runlevels:action:command";
	action = find_action(colon2 + 1, colon3 - colon2 - 1);
	if (action < 0)
		return "unknown action";
	e->action = action;
	why = set_tty(e, line, colon1 - line);
	if (why)
		return why;
	cmd = scan_of(colon3 + 1, (size_t)(end - colon3 - 1));
	scan_blanks(&cmd);
	e->login = scan_literal(&cmd, "-"); /* BusyBox's login-shell mark */
	if (scan_at_end(&cmd))
		return "empty command";
	if (scan_length(&cmd) >= sizeof e->command)
		return "command too long";
	memcpy(e->command, cmd.pos, scan_length(&cmd));
	e->command[scan_length(&cmd)] = '\0';
	return NULL;
}

static int reject_line(int number, const char *why)
{
	log_warn("inittab line %d: %s; line ignored", number, why);
	return 1;
}

/* Returns 1 when the line was rejected (and logged), 0 otherwise. */
static int take_line(struct scan line, int number, struct inittab *tab)
{
	const char *why;
	size_t len;

	scan_trim(&line);
	len = scan_length(&line);
	if (len == 0 || line.pos[0] == '#')
		return 0;
	if (memchr(line.pos, '\0', len))
		why = "NUL byte";
	else if (len > INITTAB_LINE_MAX)
		why = "line too long";
	else if (tab->count == INITTAB_MAX_ENTRIES)
		why = "too many entries";
	else
		why = parse_line(line.pos, len, &tab->entries[tab->count]);
	if (why)
		return reject_line(number, why);
	tab->count++;
	return 0;
}

int inittab_parse(const char *buf, size_t len, struct inittab *tab)
{
	struct scan s = scan_of(buf, len), line;
	int number = 0, rejected = 0;

	tab->count = 0;
	while (scan_line(&s, &line))
		rejected += take_line(line, ++number, tab);
	return rejected;
}

/* Takes the whole lines in buf[0..*len) and keeps the unfinished rest
 * at the start of buf. *skipping: the first line is the tail of one
 * that was already rejected for its length. */
static int take_lines(char *buf, size_t *len, int *number, int *skipping, struct inittab *tab)
{
	char *pos = buf, *end = buf + *len, *nl;
	int rejected = 0;

	while ((nl = memchr(pos, '\n', end - pos))) {
		if (*skipping)
			*skipping = 0;
		else
			rejected += take_line(scan_of(pos, nl - pos), ++*number, tab);
		pos = nl + 1;
	}
	*len = end - pos;
	memmove(buf, pos, *len);
	return rejected;
}

/* The file is read in pieces, so its size is unbounded; a line longer
 * than the buffer (comments too) is rejected whole, never cut. */
int inittab_load(const char *path, struct inittab *tab)
{
	static char buf[INITTAB_READ_BUF];
	size_t len = 0;
	int number = 0, skipping = 0, rejected = 0;
	ssize_t n = 1;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	tab->count = 0;
	if (fd < 0) {
		if (errno != ENOENT)
			log_syserr("open %s", path);
		return -1;
	}
	while (n != 0) {
		n = read(fd, buf + len, sizeof buf - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_syserr("read %s", path);
			close(fd);
			tab->count = 0;
			return -1;
		}
		len += n;
		rejected += take_lines(buf, &len, &number, &skipping, tab);
		if (len == sizeof buf) {
			/* No newline in a full buffer: never parse a cut line. */
			if (!skipping)
				rejected += reject_line(++number, "line too long");
			skipping = 1;
			len = 0;
		} else if (n == 0 && len > 0 && !skipping) {
			rejected += take_line(scan_of(buf, len), ++number, tab); /* no final newline */
		}
	}
	close(fd);
	return rejected;
}
